/*
 * execve for the riscv64 guest.
 *
 * Design: the new program replaces the process, so loupe replaces itself.
 * A riscv64 ELF program (or a #! script whose interpreter is one) is run by
 * executing loupe again on it, with the options that shape execution
 * (-L, -s, -cpu, -backend, -one-insn-per-tb) and the guest's argv[0]
 * (-0); plugins and logging are not carried over, as a qemu-user started
 * by binfmt_misc would not have them either.  Anything else (a host
 * program, a script for a host interpreter such as /bin/sh) is handed to
 * the host kernel unchanged, as qemu-user does.  Before the process image
 * goes, the plugins' atexit callbacks run with every other thread stopped
 * (their reports would be lost otherwise); if the host execve then fails,
 * the guest gets its error and runs on without plugins.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cpus.h"
#include "core/engine.h"
#include "linux-user/syscall_priv.h"
#include "plugin/plugin.h"

#define MAX_STRINGS (1 << 20) /* argv/envp entries: more is E2BIG */

/* The guest string array at addr (argv, envp) as host pointers into guest
 * memory, NULL-terminated, in *out (malloc'd).  0 or -errno. */
static int64_t guest_strv(struct vcpu *cpu, uint64_t addr, char ***out)
{
	size_t n = 0, cap = 16;
	char **v = malloc(cap * sizeof(*v));
	if (!v)
		return -ENOMEM_LINUX;
	for (; addr; n++) {
		uint64_t p;
		if (guest_copy_from(lu_mem(cpu), &p, addr + 8 * n, sizeof(p))) {
			free(v);
			return -EFAULT_LINUX;
		}
		if (!p)
			break;
		const char *s = guest_str(lu_mem(cpu), p, 1 << 17);
		if (!s || n + 2 > MAX_STRINGS) {
			free(v);
			return s ? -E2BIG_LINUX : -EFAULT_LINUX;
		}
		if (n + 2 > cap) {
			cap *= 2;
			char **nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM_LINUX;
			}
			v = nv;
		}
		v[n] = (char *)s;
	}
	v[n] = NULL;
	*out = v;
	return 0;
}

/* Is the file at host path a riscv64 ELF program? */
static bool is_riscv_elf(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	Elf64_Ehdr h;
	ssize_t n = read(fd, &h, sizeof(h));
	close(fd);
	return n == (ssize_t)sizeof(h) && !memcmp(h.e_ident, ELFMAG, SELFMAG) &&
	       h.e_ident[EI_CLASS] == ELFCLASS64 && h.e_machine == EM_RISCV;
}

/* A #! line: interpreter and optional argument (in buf), or false. */
static bool shebang(const char *path, char buf[256], char **interp, char **arg)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, 255);
	close(fd);
	if (n < 3 || buf[0] != '#' || buf[1] != '!')
		return false;
	buf[n] = 0;
	char *nl = strchr(buf, '\n');
	if (nl)
		*nl = 0;
	char *s = buf + 2;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	*interp = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	*arg = NULL;
	if (*s) {
		*s++ = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		char *end = s + strlen(s);
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = 0;
		if (*s)
			*arg = s; /* Linux passes the rest as one argument */
	}
	return true;
}

struct exec_req {
	const char *file; /* host path to execute */
	char **argv, **envp;
	int err; /* errno of a failed execve */
};

static void exec_now(void *arg)
{
	struct exec_req *r = arg;
	plugin_atexit();
	fflush(stdout);
	fflush(stderr);
	execve(r->file, r->argv, r->envp);
	r->err = errno;
}

/* loupe [carried options] -0 argv0 -- prog args... */
static char **loupe_argv(struct lu_process *p, const char *argv0,
			 const char *prog, char **pre, int n_pre, char **args)
{
	int n_args = 0;
	while (args && args[n_args])
		n_args++;
	char **v =
	    calloc((size_t)(p->n_exec_opts + n_pre + n_args + 6), sizeof(*v));
	if (!v)
		return NULL;
	int k = 0;
	v[k++] = p->loupe_exe;
	for (int i = 0; i < p->n_exec_opts; i++)
		v[k++] = p->exec_opts[i];
	v[k++] = "-0";
	v[k++] = (char *)argv0;
	v[k++] = "--";
	v[k++] = (char *)prog;
	for (int i = 0; i < n_pre; i++)
		v[k++] = pre[i];
	for (int i = 0; i < n_args; i++)
		v[k++] = args[i];
	v[k] = NULL;
	return v;
}

LU_SYSCALL(sys_execve)
{
	struct lu_process *p = cpu->proc;
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX], itmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[0]);
	if (r < 0)
		return r;
	const char *host = lu_proc_self_exe(cpu, path);
	if (!host)
		host = lu_host_path(cpu, path, tmp);
	char **argv = NULL, **envp = NULL;
	if ((r = guest_strv(cpu, a[1], &argv)) < 0)
		return r;
	if ((r = guest_strv(cpu, a[2], &envp)) < 0) {
		free(argv);
		return r;
	}
	/* What the kernel checks first, so a failure leaves plugins be. */
	if (access(host, X_OK) != 0) {
		r = lu_errno(errno);
		goto out;
	}

	struct exec_req req = {host, argv, envp, 0};
	char **lv = NULL;
	char line[256], *interp, *iarg;
	const char *argv0 = argv[0] ? argv[0] : path;
	if (is_riscv_elf(host)) {
		lv = loupe_argv(p, argv0, host, NULL, 0,
				argv[0] ? argv + 1 : argv);
	} else if (shebang(host, line, &interp, &iarg)) {
		const char *ihost = lu_host_path(cpu, interp, itmp);
		if (is_riscv_elf(ihost)) {
			/* interp [arg] path args... (argv[0] is dropped, as
			 * the kernel does) */
			char *pre[2] = {iarg ? iarg : path, path};
			lv = loupe_argv(p, interp, ihost, pre, iarg ? 2 : 1,
					argv[0] ? argv + 1 : argv);
		}
	}
	if (lv) {
		req.file = p->loupe_exe;
		req.argv = lv;
	}
	cpus_run_exclusive(&cpu->eng->cpus, NULL, exec_now, &req);
	r = lu_errno(req.err);
	free(lv);
out:
	free(argv);
	free(envp);
	return r;
}
