/*
 * loupe: run a Linux RISC-V (rv64) program on this host, translating its
 * code block by block.  This file is the command line and the setup of one
 * process: parse options, load the program, build the stack, run vCPU 0.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cpus.h"
#include "core/engine.h"
#include "core/tb.h"
#include "core/vcpu.h"
#include "linux-user/fault.h"
#include "linux-user/host_signal.h"
#include "linux-user/loader.h"
#include "linux-user/process.h"
#include "linux-user/thread.h"
#include "linux-user/signal.h"
#include "plugin/plugin.h"

#define LOUPE_VERSION "0.1.0"

extern char **environ;

static const char usage_line[] =
    "usage: loupe [options] [--] program [arguments...]\n";

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "loupe: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage_line);
	exit(1);
}

static void help(void)
{
	printf("%s", usage_line);
	printf(
	    "\n"
	    "Runs a Linux riscv64 program (static, static-pie or dynamic "
	    "ELF).\n"
	    "\n"
	    "Options:\n"
	    "  -h, -help            print this help and exit\n"
	    "  -version             print the version and exit\n"
	    "  -d item[,item...]    log items to stderr or the -D file:\n"
	    "                       in_asm  guest code of each translated "
	    "block\n"
	    "                       op      IR of each translated block\n"
	    "                       op_opt  its IR after the optimizer\n"
	    "                       out_asm host code of each block (JIT)\n"
	    "                       cpu     registers before each block\n"
	    "                       exec    each block executed\n"
	    "                       nochain do not chain blocks\n"
	    "                       strace  system calls (as -strace)\n"
	    "                       plugin  output of plugins "
	    "(qemu_plugin_outs)\n"
	    "                       unimp   unsupported system calls (once "
	    "each)\n"
	    "                       help    list the items\n"
	    "  -D file              write the log to file\n"
	    "  -E var=value         set var in the guest environment\n"
	    "  -U var               remove var from the guest environment\n"
	    "  -s size              stack size (suffix k, M, G; default 8M)\n"
	    "  -L path              guest sysroot (dynamic loader, "
	    "libraries)\n"
	    "  -0 argv0             the guest's argv[0] (default: program)\n"
	    "  -one-insn-per-tb     one guest instruction per block\n"
	    "  -strace              log system calls and their results\n"
	    "  -cpu model           rv64 (the only model; 'help' lists)\n"
	    "  -backend name        jit (x86-64 code, the default) or\n"
	    "                       interp (the IR interpreter); the\n"
	    "                       environment variable LOUPE_BACKEND sets\n"
	    "                       it too\n"
	    "  -plugin file.so[,name=value...]\n"
	    "                       load a plugin (repeatable; see "
	    "docs/plugins.md)\n"
	    "\n"
	    "The guest's stdout, stderr and exit status are its own; a guest\n"
	    "killed by a signal ends loupe by the same signal.\n");
}

static const struct {
	const char *name;
	unsigned bit;
} log_items[] = {
    {"in_asm", LOG_IN_ASM},   {"op", LOG_OP},	    {"op_opt", LOG_OP_OPT},
    {"out_asm", LOG_OUT_ASM}, {"cpu", LOG_CPU},	    {"exec", LOG_EXEC},
    {"nochain", LOG_NOCHAIN}, {"unimp", LOG_UNIMP}, {"strace", LOG_STRACE},
    {"plugin", LOG_PLUGIN},
};

static unsigned parse_log(const char *s)
{
	unsigned mask = 0;
	char *copy = strdup(s);
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "help")) {
			printf("Log items (comma separated):\n");
			for (size_t i = 0;
			     i < sizeof(log_items) / sizeof(log_items[0]); i++)
				printf("  %s\n", log_items[i].name);
			free(copy);
			exit(0);
		}
		size_t i;
		for (i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++)
			if (!strcmp(t, log_items[i].name))
				break;
		if (i == sizeof(log_items) / sizeof(log_items[0])) {
			fprintf(stderr,
				"loupe: unknown -d item '%s' (try -d help)\n",
				t);
			free(copy);
			exit(1);
		}
		mask |= log_items[i].bit;
	}
	free(copy);
	return mask;
}

static uint64_t parse_size(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
		usage_error("bad size '%s'", s);
	unsigned shift = 0;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	}
	if (*end || v > (ULLONG_MAX >> shift))
		usage_error("bad size '%s'", s);
	return (uint64_t)v << shift;
}

/* The guest environment: ours, with -E/-U applied in order. */
struct env_list {
	char **v;
	size_t n, cap;
};

static void env_unset(struct env_list *e, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < e->n; i++) {
		if (!strncmp(e->v[i], name, len) && e->v[i][len] == '=') {
			memmove(&e->v[i], &e->v[i + 1],
				(e->n - i) * sizeof(char *));
			e->n--;
			i--;
		}
	}
}

static void env_set(struct env_list *e, char *assign)
{
	char *eq = strchr(assign, '=');
	if (!eq || eq == assign)
		usage_error("-E needs var=value, not '%s'", assign);
	char *name = strndup(assign, (size_t)(eq - assign));
	env_unset(e, name);
	free(name);
	if (e->n + 2 > e->cap) {
		e->cap = e->cap * 2 + 8;
		e->v = realloc(e->v, e->cap * sizeof(char *));
	}
	e->v[e->n++] = assign;
	e->v[e->n] = NULL;
}

/* A backend by name (NULL if there is none of that name). */
static const struct backend *find_backend(const char *name)
{
	static const struct backend *const all[] = {&backend_interp,
						    &backend_x86};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}

static void code_changed(void *opaque, uint64_t start, uint64_t len)
{
	tb_invalidate_range(opaque, start, len);
}

int main(int argc, char **argv)
{
	/* Static: the engine outlives main's frame when the main guest
	 * thread exits before the others. */
	static struct engine eng;
	eng.backend = &backend_x86; /* the interpreter: -backend interp */
	eng.logf = stderr;
	pthread_mutex_init(&eng.tb_lock, NULL);
	cpus_init(&eng.cpus);
	struct env_list env = {0};
	const char *log_file = NULL, *sysroot = NULL, *argv0 = NULL;
	/* Options a guest execve passes on to the next loupe. */
	char **exec_opts = calloc((size_t)argc, sizeof(char *));
	int n_exec_opts = 0;
	uint64_t stack_size = 8ull << 20;
	bool strace = false;
	int i;

	/* LOUPE_BACKEND selects the backend for whole test runs; -backend
	 * on the command line wins. */
	const char *env_backend = getenv("LOUPE_BACKEND");
	if (env_backend && *env_backend) {
		eng.backend = find_backend(env_backend);
		if (!eng.backend) {
			fprintf(stderr,
				"loupe: unknown backend '%s' in LOUPE_BACKEND "
				"(available: interp, jit)\n",
				env_backend);
			exit(1);
		}
	}

	for (char **e = environ; *e; e++)
		env.n++;
	env.cap = env.n + 8;
	env.v = calloc(env.cap, sizeof(char *));
	for (size_t k = 0; k < env.n; k++)
		env.v[k] = environ[k];

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-')
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[1] == '-') /* --opt is -opt */
			a++;
		const char *opt = a + 1;
		bool has_arg = !strcmp(opt, "d") || !strcmp(opt, "D") ||
			       !strcmp(opt, "E") || !strcmp(opt, "U") ||
			       !strcmp(opt, "s") || !strcmp(opt, "L") ||
			       !strcmp(opt, "cpu") || !strcmp(opt, "backend") ||
			       !strcmp(opt, "g") || !strcmp(opt, "plugin") ||
			       !strcmp(opt, "0");
		const char *val = NULL;
		if (has_arg) {
			if (i + 1 >= argc)
				usage_error("option '%s' needs an argument", a);
			val = argv[++i];
		}
		if (!strcmp(opt, "L") || !strcmp(opt, "s") ||
		    !strcmp(opt, "cpu") || !strcmp(opt, "backend") ||
		    !strcmp(opt, "one-insn-per-tb") ||
		    !strcmp(opt, "singlestep")) {
			exec_opts[n_exec_opts++] = argv[has_arg ? i - 1 : i];
			if (has_arg)
				exec_opts[n_exec_opts++] = argv[i];
		}
		if (!strcmp(opt, "h") || !strcmp(opt, "help")) {
			help();
			exit(0);
		} else if (!strcmp(opt, "version")) {
			printf("loupe version %s (riscv64 linux-user)\n",
			       LOUPE_VERSION);
			exit(0);
		} else if (!strcmp(opt, "d")) {
			eng.log |= parse_log(val);
		} else if (!strcmp(opt, "D")) {
			log_file = val;
		} else if (!strcmp(opt, "E")) {
			env_set(&env, (char *)val);
		} else if (!strcmp(opt, "U")) {
			env_unset(&env, val);
		} else if (!strcmp(opt, "s")) {
			stack_size = parse_size(val);
		} else if (!strcmp(opt, "L")) {
			sysroot = val;
		} else if (!strcmp(opt, "0")) {
			argv0 = val;
		} else if (!strcmp(opt, "one-insn-per-tb") ||
			   !strcmp(opt, "singlestep")) {
			eng.one_insn_per_tb = true;
		} else if (!strcmp(opt, "strace")) {
			strace = true;
		} else if (!strcmp(opt, "cpu")) {
			if (!strcmp(val, "help")) {
				printf("Available CPUs:\n  rv64 (RV64GC with "
				       "Zba, Zbb, Zbs)\n");
				exit(0);
			}
			if (strcmp(val, "rv64") && strcmp(val, "any") &&
			    strcmp(val, "max"))
				usage_error("unknown cpu model '%s' (try -cpu "
					    "help)",
					    val);
		} else if (!strcmp(opt, "backend")) {
			eng.backend = find_backend(val);
			if (!eng.backend)
				usage_error("unknown backend '%s' (available: "
					    "interp, jit)",
					    val);
		} else if (!strcmp(opt, "g")) {
			fprintf(stderr,
				"loupe: -g (gdb stub) is not supported yet\n");
			exit(1);
		} else if (!strcmp(opt, "plugin")) {
			plugin_add_option(val);
		} else {
			usage_error("unknown option '%s'", argv[i]);
		}
	}
	if (i >= argc)
		usage_error("%s", "no program given");
	const char *path = argv[i];

	if (log_file) {
		eng.logf = fopen(log_file, "we");
		if (!eng.logf) {
			fprintf(stderr, "loupe: -D %s: %s\n", log_file,
				strerror(errno));
			exit(1);
		}
	}

	struct lu_process *proc = calloc(1, sizeof(*proc));
	struct vcpu *cpu = calloc(1, sizeof(*cpu));
	if (!proc || !cpu) {
		fprintf(stderr, "loupe: out of memory\n");
		exit(1);
	}
	proc->exe_path = path;
	proc->exe_realpath = realpath(path, NULL);
	proc->sysroot = sysroot;
	proc->loupe_exe = realpath("/proc/self/exe", NULL);
	proc->exec_opts = exec_opts;
	proc->n_exec_opts = n_exec_opts;
	if (argv0)
		argv[i] = (char *)argv0; /* the guest's argv[0] */
	proc->strace = strace || (eng.log & LOG_STRACE);
	proc->log_unimp = eng.log & LOG_UNIMP;
	proc->log = eng.logf;

	int rc = guest_mem_init(&proc->mem);
	if (rc < 0) {
		fprintf(stderr,
			"loupe: cannot reserve the guest address space: %s\n",
			strerror(-rc));
		exit(1);
	}
	char err[256];
	if (lu_load_elf(proc, path, err, sizeof(err)) < 0 ||
	    lu_setup_stack(proc, stack_size, path, argc - i, argv + i, env.v,
			   err, sizeof(err)) < 0) {
		fprintf(stderr, "loupe: %s: %s\n", path, err);
		exit(1);
	}
	free(env.v); /* copied onto the guest stack */

	if (lu_signal_init(proc) < 0) {
		fprintf(stderr, "loupe: cannot map the signal trampoline\n");
		exit(1);
	}
	lu_host_signals_init(proc);
	lu_symbols_load(&proc->symbols, path, proc->image.load_bias);
	if (tb_cache_init(&eng.tbs, proc->mem.size) < 0) {
		fprintf(stderr, "loupe: out of memory\n");
		exit(1);
	}
	eng.tbs.trace_blocks = (eng.log & (LOG_EXEC | LOG_CPU)) != 0;
	proc->mem.code_changed = code_changed;
	proc->mem.code_changed_opaque = &eng.tbs;

	cpu->proc = proc;
	cpu->eng = &eng;
	cpu->env.slot[RV_SLOT_PC] = proc->image.start_pc;
	cpu->env.slot[RV_SLOT_X + 2] = proc->image.start_stack;
	lu_fault_init();
	plugin_load_all(&eng, proc);
	lu_threads_init(&eng, cpu);
	/* The host mask becomes the guest's; loupe's own signals open. */
	lu_signal_set_mask(cpu, lu_host_initial_mask());
	plugin_vcpu_register(cpu);

	cpu_loop(cpu);
	lu_vcpu_finish(cpu); /* the process (or this thread) ends there */
}
