/*
 * bbv - basic block vectors for SimPoint
 *
 *   loupe -plugin build/plugins/libbbv.so[,interval=N][,outfile=PREFIX] PROG
 *
 * Cuts each vCPU's execution into intervals of N instructions and writes,
 * for every interval, one line in SimPoint's frequency-vector (.bb) format
 *
 *   T:1:1234 :2:87 :7:100000 ...
 *
 * where each ":id:count" pair gives a block id and the number of
 * instructions executed in that block during the interval (executions x
 * instructions in the block), pairs in increasing id order.  Block ids are
 * numbered from 1 in order of first execution (over all vCPUs).
 *
 * Arguments:
 *   interval=N       instructions per interval (default 100000000)
 *   outfile=PREFIX   output prefix (default: the program's base name), a
 *                    relative path being taken from loupe's starting
 *                    directory
 *
 * Files:
 *   PREFIX.<vcpu>.bb   the vectors of vCPU <vcpu> (one file per guest
 *                      thread, as SimPoint analyses one instruction stream;
 *                      a thread that reuses the vCPU index of one that
 *                      exited continues its file)
 *   PREFIX.blocks      one line per block: "id 0xaddress instructions
 *                      symbol", to map the ids back to code
 *
 * Intervals end at block boundaries: the check runs when a block starts,
 * so an interval holds N instructions plus at most the length of one block
 * minus one.  The last, partial, interval of each vCPU is written too
 * (when the thread exits or at the end of the run).
 *
 * Implementation.  Each block has a scoreboard with one counter per vCPU,
 * incremented inline by the block's instruction count; each vCPU has an
 * instruction counter incremented the same way.  Two conditional
 * callbacks sit at the start of each block: one fires when the vCPU's
 * counter has reached N and writes the vector (and clears the counters),
 * the other fires when this block's counter for the vCPU is zero, which is
 * how a block's first execution is caught to give it its id.  Nothing else
 * runs during execution.
 *
 * A guest that forks: the child uses the prefix PREFIX.<pid>; its first
 * vector also holds what the parent had counted in the unfinished
 * interval.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct {
	uint64_t vaddr;
	unsigned ninsns;
	char *symbol;
	uint64_t id; /* 0 until first executed */
	struct qemu_plugin_scoreboard
	    *count; /* per vCPU: insns this interval */
} Bb;

/* Scoreboard entry of a vCPU. */
typedef struct {
	uint64_t insns;	 /* instructions in the current interval */
	int fd_plus1;	 /* output file + 1, 0 when not open */
	int fd_pid;	 /* process that opened it */
	int created_pid; /* process that created (truncated) it */
} VcpuState;

typedef struct {
	uint64_t interval;
	char *prefix; /* absolute, owned; NULL until known */
	char *start_dir;
	pid_t pid;

	struct qemu_plugin_scoreboard *vcpus;
	qemu_plugin_u64 insns;

	GMutex lock;	     /* guards everything below */
	GHashTable *by_addr; /* vaddr -> Bb (owned) */
	GPtrArray *by_id;    /* Bb *, index = id - 1 */
} Bbv;

static Bbv bv;

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

/* The prefix for this process (a forked child gets its own).  Locked. */
static char *prefix_for_process__locked(void)
{
	if (bv.prefix == NULL) {
		g_autofree char *bin = (char *)qemu_plugin_path_to_binary();
		g_autofree char *base = g_path_get_basename(bin ? bin : "bbv");
		bv.prefix = g_build_filename(bv.start_dir, base, NULL);
	}
	if (getpid() == bv.pid) {
		return g_strdup(bv.prefix);
	}
	return g_strdup_printf("%s.%d", bv.prefix, (int)getpid());
}

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return false;
		}
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/*
 * The vCPU's .bb file: created (truncated) on first use in this process,
 * appended to when a later thread gets the same vCPU index.
 */
static int vcpu_fd(unsigned int vcpu, VcpuState *vs)
{
	if (vs->fd_plus1 != 0 && vs->fd_pid == (int)getpid()) {
		return vs->fd_plus1 - 1;
	}
	if (vs->fd_plus1 != 0) {
		close(vs->fd_plus1 - 1); /* the parent's, inherited by fork */
		vs->fd_plus1 = 0;
	}
	g_mutex_lock(&bv.lock);
	g_autofree char *prefix = prefix_for_process__locked();
	g_mutex_unlock(&bv.lock);
	g_autofree char *file = g_strdup_printf("%s.%u.bb", prefix, vcpu);
	int mode = vs->created_pid == (int)getpid() ? O_APPEND : O_TRUNC;
	int fd = open(file, O_WRONLY | O_CREAT | mode | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "bbv: cannot create %s: %s\n", file,
			strerror(errno));
		return -1;
	}
	vs->fd_plus1 = fd + 1;
	vs->fd_pid = (int)getpid();
	vs->created_pid = (int)getpid();
	return fd;
}

static void vcpu_close(VcpuState *vs)
{
	if (vs->fd_plus1 != 0) {
		if (vs->fd_pid == (int)getpid()) {
			close(vs->fd_plus1 - 1);
		}
		vs->fd_plus1 = 0;
	}
}

/*
 * Write the vector of @vcpu's current interval and start a new one.
 * Runs on the vCPU's own thread, or at exit when no vCPU runs.
 */
static void dump_interval(unsigned int vcpu)
{
	VcpuState *vs = qemu_plugin_scoreboard_find(bv.vcpus, vcpu);
	GString *line = g_string_new("T");

	g_mutex_lock(&bv.lock);
	for (guint i = 0; i < bv.by_id->len; i++) {
		Bb *bb = g_ptr_array_index(bv.by_id, i);
		qemu_plugin_u64 c = qemu_plugin_scoreboard_u64(bb->count);
		uint64_t n = qemu_plugin_u64_get(c, vcpu);
		if (n != 0) {
			g_string_append_printf(
			    line, ":%" PRIu64 ":%" PRIu64 " ", bb->id, n);
			qemu_plugin_u64_set(c, vcpu, 0);
		}
	}
	g_mutex_unlock(&bv.lock);
	g_string_append_c(line, '\n');
	vs->insns = 0;

	int fd = vcpu_fd(vcpu, vs);
	if (fd >= 0 && !write_all(fd, line->str, line->len)) {
		fprintf(stderr, "bbv: write error on vCPU %u's file: %s\n",
			vcpu, strerror(errno));
	}
	g_string_free(line, TRUE);
}

/* ------------------------------------------------------------------ */
/* Execution callbacks                                                 */
/* ------------------------------------------------------------------ */

/* The vCPU's instruction counter reached the interval. */
static void interval_end(unsigned int vcpu, void *udata)
{
	(void)udata;
	dump_interval(vcpu);
}

/* This block's counter is zero for the vCPU: maybe its first execution. */
static void block_first(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	Bb *bb = udata;
	if (__atomic_load_n(&bb->id, __ATOMIC_ACQUIRE) != 0) {
		return;
	}
	g_mutex_lock(&bv.lock);
	if (bb->id == 0) {
		g_ptr_array_add(bv.by_id, bb);
		__atomic_store_n(&bb->id, (uint64_t)bv.by_id->len,
				 __ATOMIC_RELEASE);
	}
	g_mutex_unlock(&bv.lock);
}

/* ------------------------------------------------------------------ */
/* Translation                                                         */
/* ------------------------------------------------------------------ */

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
	(void)udata;
	size_t n = qemu_plugin_tb_n_insns(tb);
	if (n == 0) {
		return;
	}
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);

	g_mutex_lock(&bv.lock);
	Bb *bb = g_hash_table_lookup(bv.by_addr, &vaddr);
	if (bb == NULL) {
		bb = g_new0(Bb, 1);
		bb->vaddr = vaddr;
		bb->ninsns = (unsigned)n;
		const char *sym =
		    qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0));
		bb->symbol = g_strdup(sym ? sym : "");
		bb->count = qemu_plugin_scoreboard_new(sizeof(uint64_t));
		g_hash_table_insert(bv.by_addr, &bb->vaddr, bb);
	}
	g_mutex_unlock(&bv.lock);

	/* Order matters: the interval check sees the counts before this block.
	 */
	qemu_plugin_register_vcpu_tb_exec_cond_cb(
	    tb, interval_end, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_GE,
	    bv.insns, bv.interval, NULL);
	qemu_plugin_u64 bbc = qemu_plugin_scoreboard_u64(bb->count);
	qemu_plugin_register_vcpu_tb_exec_cond_cb(
	    tb, block_first, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_EQ, bbc,
	    0, bb);
	qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
	    tb, QEMU_PLUGIN_INLINE_ADD_U64, bbc, n);
	qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
	    tb, QEMU_PLUGIN_INLINE_ADD_U64, bv.insns, n);
}

/* ------------------------------------------------------------------ */
/* End of threads and of the run                                       */
/* ------------------------------------------------------------------ */

static void vcpu_exit(unsigned int vcpu, void *udata)
{
	(void)udata;
	VcpuState *vs = qemu_plugin_scoreboard_find(bv.vcpus, vcpu);
	if (vs->insns != 0) {
		dump_interval(vcpu);
	}
	vcpu_close(vs);
}

static void write_block_map(void)
{
	g_mutex_lock(&bv.lock);
	g_autofree char *prefix = prefix_for_process__locked();
	g_autofree char *file = g_strconcat(prefix, ".blocks", NULL);
	FILE *f = fopen(file, "w");
	if (f == NULL) {
		fprintf(stderr, "bbv: cannot create %s: %s\n", file,
			strerror(errno));
	} else {
		for (guint i = 0; i < bv.by_id->len; i++) {
			const Bb *bb = g_ptr_array_index(bv.by_id, i);
			fprintf(f, "%" PRIu64 " 0x%" PRIx64 " %u %s\n", bb->id,
				bb->vaddr, bb->ninsns,
				bb->symbol[0] ? bb->symbol : "-");
		}
		if (fclose(f) != 0) {
			fprintf(stderr, "bbv: error writing %s: %s\n", file,
				strerror(errno));
		}
	}
	g_mutex_unlock(&bv.lock);
}

static void bb_free(gpointer p)
{
	Bb *bb = p;
	qemu_plugin_scoreboard_free(bb->count);
	g_free(bb->symbol);
	g_free(bb);
}

static void plugin_exit(void *udata)
{
	(void)udata;
	int n = qemu_plugin_num_vcpus();
	for (int i = 0; i < n; i++) {
		VcpuState *vs = qemu_plugin_scoreboard_find(bv.vcpus, i);
		if (vs->insns != 0) {
			dump_interval(i);
		}
		vcpu_close(vs);
	}
	write_block_map();

	qemu_plugin_scoreboard_free(bv.vcpus);
	g_hash_table_destroy(bv.by_addr);
	g_ptr_array_free(bv.by_id, TRUE);
	g_free(bv.prefix);
	g_free(bv.start_dir);
	g_mutex_clear(&bv.lock);
}

/* ------------------------------------------------------------------ */
/* Installation                                                        */
/* ------------------------------------------------------------------ */

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	const char *outfile = NULL;
	bv.interval = 100000000;

	for (int i = 0; i < argc; i++) {
		const char *opt = argv[i];
		const char *eq = strchr(opt, '=');
		if (eq == NULL) {
			fprintf(stderr,
				"bbv: argument '%s' is not NAME=VALUE\n", opt);
			return -1;
		}
		g_autofree char *name = g_strndup(opt, eq - opt);
		const char *val = eq + 1;
		if (strcmp(name, "interval") == 0) {
			char *end = NULL;
			errno = 0;
			guint64 v = g_ascii_strtoull(val, &end, 10);
			if (*val == '\0' || *val == '-' || *val == '+' ||
			    errno != 0 || *end != '\0' || v == 0) {
				fprintf(stderr,
					"bbv: interval=%s: expected a positive "
					"number of instructions\n",
					val);
				return -1;
			}
			bv.interval = v;
		} else if (strcmp(name, "outfile") == 0) {
			if (*val == '\0') {
				fprintf(
				    stderr,
				    "bbv: outfile= needs a file name prefix\n");
				return -1;
			}
			outfile = val;
		} else {
			fprintf(stderr,
				"bbv: unknown argument '%s' (known: interval, "
				"outfile)\n",
				opt);
			return -1;
		}
	}

	bv.pid = getpid();
	bv.start_dir = g_get_current_dir();
	if (outfile != NULL) {
		bv.prefix = g_path_is_absolute(outfile)
				? g_strdup(outfile)
				: g_build_filename(bv.start_dir, outfile, NULL);
	}
	bv.vcpus = qemu_plugin_scoreboard_new(sizeof(VcpuState));
	bv.insns =
	    qemu_plugin_scoreboard_u64_in_struct(bv.vcpus, VcpuState, insns);
	g_mutex_init(&bv.lock);
	bv.by_addr =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, bb_free);
	bv.by_id = g_ptr_array_new();

	qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit, NULL);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
