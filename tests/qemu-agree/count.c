/*
 * count: the counting plugin of the qemu-agree test.  One source, built
 * twice by tests/qemu-agree/check.sh:
 *
 *   gcc -shared -fPIC -DQEMU_V1 $(pkg-config --cflags glib-2.0) count.c
 *       -> a QEMU 7.2 plugin (API version 1) for Debian's qemu-riscv64;
 *          the few v1 declarations it needs are below (no v1 header exists
 *          on the machine, and loupe's header is v7 only)
 *   gcc -shared -fPIC -Iinclude $(pkg-config --cflags glib-2.0) count.c
 *       -> a loupe plugin (API version 7, include/qemu-plugin.h)
 *
 *   qemu-riscv64 -plugin libcount-v1.so,out=FILE[,tbs=FILE2] prog args
 *   loupe        -plugin libcount.so,out=FILE[,tbs=FILE2]    prog args
 *
 * Every executed instruction is counted twice, by a callback before it
 * (atomic add) and by an inline add; every executed block likewise, by a
 * block-entry callback and an inline add.  Memory accesses are counted by
 * a memory callback (loads and stores apart).  At exit FILE (default:
 * stderr; FILE.PID from a forked child) gets "key value" lines:
 *
 *   insns N          instructions executed (callbacks)
 *   insns_inline N   the same, counted by inline adds
 *   blocks N         blocks executed (callbacks)
 *   blocks_inline N  the same, counted by inline adds
 *   insns_by_block N sum over executed blocks of their length
 *                    (differs from insns when a block is left early)
 *   loads N          memory reads seen by memory callbacks
 *   stores N         memory writes
 *   tb_trans N       blocks translated
 *   tb_trans_insns N instructions in translated blocks
 *   tb_max N         the longest translated block (instructions)
 *
 * tbs=FILE2 also writes one line "vaddr n_insns end_vaddr" per
 * translated block (addresses in hex, n in decimal), for the
 * block-boundary comparison in docs/qemu-agreement.md.
 *
 * profile=FILE3 writes a line "S start_code end_code" (where the
 * program's code was loaded), then "I vaddr executions loads stores" for
 * every instruction and "B vaddr n_insns executions" for every block
 * (start and length) executed, sorted by address: where two runs' totals
 * differ, comparing profiles finds the code that ran differently
 * (tests/qemu-agree/blocks.py explains the block counts with them).
 *
 * enosys=NR[:NR...] (loupe build only): answer these guest system calls
 * with -ENOSYS, through a syscall filter, without performing them.  QEMU
 * 7.2 does not implement some calls that loupe does (set_robust_list, 99,
 * which every glibc start-up makes; see docs/qemu-agreement.md); failing
 * them on loupe too puts the guest on the same path under both emulators,
 * so the counts compare the translators and not the syscall layers.
 *
 * The guests are single-threaded; the callback counters are atomic
 * anyway, the inline ones are per vCPU on loupe (scoreboard) and a plain
 * shared counter on QEMU 7.2 (v1 inline adds have no vCPU index).
 */
#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef QEMU_V1
#include "../qemu-v1/qemu-plugin-v1.h"
#define API_VERSION 1
#else
#include <qemu-plugin.h>
#define API_VERSION QEMU_PLUGIN_VERSION
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_version = API_VERSION;

/* ---- shared part: only calls that exist in both API versions ---- */

static uint64_t insns_cb, blocks_cb, insns_by_block, loads, stores;
static uint64_t tb_trans, tb_trans_insns, tb_max;
static char *out_path, *tbs_path, *enosys_list, *profile_path;
static GHashTable *profile; /* key -> struct prof */
static uint64_t start_code, end_code; /* for the profile, read at the first block */
static FILE *tbs_file;

#define ADD(var, n) __atomic_fetch_add(&(var), (n), __ATOMIC_RELAXED)

static void on_insn(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	ADD(insns_cb, 1);
}

/* profile entries: an instruction (n = 0) or a block of n instructions */
struct prof {
	uint64_t vaddr;
	uint64_t n;
	uint64_t count;
	uint64_t loads, stores; /* instructions only */
};

static void on_insn_profile(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	ADD(insns_cb, 1);
	ADD(((struct prof *)udata)->count, 1);
}

static void on_block(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	ADD(blocks_cb, 1);
	ADD(insns_by_block, (uint64_t)(uintptr_t)udata);
}

static void on_block_profile(unsigned int vcpu, void *udata)
{
	struct prof *p = udata;

	(void)vcpu;
	ADD(blocks_cb, 1);
	ADD(insns_by_block, p->n);
	ADD(p->count, 1);
}

/* the profile entry of (vaddr, n), created on first use; call locked */
static struct prof *prof_entry(uint64_t vaddr, uint64_t n)
{
	uint64_t key = vaddr << 12 | n; /* guest addresses < 2^52, n < 4096 */
	struct prof *p = g_hash_table_lookup(profile, &key);

	if (!p) {
		p = g_new0(struct prof, 1);
		p->vaddr = vaddr;
		p->n = n;
		uint64_t *k = g_new(uint64_t, 1);
		*k = key;
		g_hash_table_insert(profile, k, p);
	}
	return p;
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info,
		   uint64_t vaddr, void *udata)
{
	(void)vcpu;
	(void)vaddr;
	(void)udata;
	if (qemu_plugin_mem_is_store(info))
		ADD(stores, 1);
	else
		ADD(loads, 1);
}

static void on_mem_profile(unsigned int vcpu, qemu_plugin_meminfo_t info,
			   uint64_t vaddr, void *udata)
{
	struct prof *p = udata;

	(void)vcpu;
	(void)vaddr;
	if (qemu_plugin_mem_is_store(info)) {
		ADD(stores, 1);
		ADD(p->stores, 1);
	} else {
		ADD(loads, 1);
		ADD(p->loads, 1);
	}
}

/* front-end specific: inline counting and reading the inline counters */
static void add_inline(struct qemu_plugin_tb *tb);
static uint64_t inline_insns(void);
static uint64_t inline_blocks(void);

static void translate(struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	static GMutex lock;

	g_mutex_lock(&lock);
	if (profile && !start_code) {
		start_code = qemu_plugin_start_code();
		end_code = qemu_plugin_end_code();
	}
	if (profile)
		qemu_plugin_register_vcpu_tb_exec_cb(
			tb, on_block_profile, QEMU_PLUGIN_CB_NO_REGS,
			prof_entry(qemu_plugin_tb_vaddr(tb), n));
	else
		qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block,
						     QEMU_PLUGIN_CB_NO_REGS,
						     (void *)(uintptr_t)n);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		if (profile) {
			struct prof *p =
				prof_entry(qemu_plugin_insn_vaddr(insn), 0);
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_insn_profile, QEMU_PLUGIN_CB_NO_REGS, p);
			qemu_plugin_register_vcpu_mem_cb(insn, on_mem_profile,
							 QEMU_PLUGIN_CB_NO_REGS,
							 QEMU_PLUGIN_MEM_RW, p);
		} else {
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, NULL);
			qemu_plugin_register_vcpu_mem_cb(insn, on_mem,
							 QEMU_PLUGIN_CB_NO_REGS,
							 QEMU_PLUGIN_MEM_RW, NULL);
		}
	}
	add_inline(tb);

	tb_trans++;
	tb_trans_insns += n;
	if (n > tb_max)
		tb_max = n;
	if (tbs_file && n > 0) {
		struct qemu_plugin_insn *last = qemu_plugin_tb_get_insn(tb, n - 1);
		fprintf(tbs_file, "%" PRIx64 " %zu %" PRIx64 "\n",
			qemu_plugin_tb_vaddr(tb), n,
			qemu_plugin_insn_vaddr(last) + qemu_plugin_insn_size(last));
	}
	g_mutex_unlock(&lock);
}

static gint cmp_prof(gconstpointer a, gconstpointer b)
{
	const struct prof *x = *(struct prof *const *)a;
	const struct prof *y = *(struct prof *const *)b;

	if (x->vaddr != y->vaddr)
		return x->vaddr < y->vaddr ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

static void write_profile(void)
{
	FILE *f = fopen(profile_path, "w");
	GPtrArray *arr;
	GList *vals, *v;

	if (!f) {
		perror(profile_path);
		return;
	}
	vals = g_hash_table_get_values(profile);
	arr = g_ptr_array_new();
	for (v = vals; v; v = v->next)
		g_ptr_array_add(arr, v->data);
	g_list_free(vals);
	g_ptr_array_sort(arr, cmp_prof);
	fprintf(f, "S %" PRIx64 " %" PRIx64 "\n", start_code, end_code);
	for (guint i = 0; i < arr->len; i++) {
		struct prof *p = g_ptr_array_index(arr, i);
		if (!p->count)
			continue;
		if (p->n)
			fprintf(f, "B %" PRIx64 " %" PRIu64 " %" PRIu64 "\n",
				p->vaddr, p->n, p->count);
		else
			fprintf(f,
				"I %" PRIx64 " %" PRIu64 " %" PRIu64 " %" PRIu64
				"\n",
				p->vaddr, p->count, p->loads, p->stores);
	}
	g_ptr_array_free(arr, TRUE);
	fclose(f);
}

static pid_t install_pid;

static void report(void)
{
	/* a forked child reports to FILE.PID, not over its parent's FILE */
	g_autofree char *child_path =
		out_path && getpid() != install_pid
			? g_strdup_printf("%s.%d", out_path, (int)getpid())
			: NULL;
	const char *path = child_path ? child_path : out_path;
	FILE *f = path ? fopen(path, "w") : stderr;

	if (!f) {
		perror(path);
		return;
	}
	fprintf(f,
		"insns %" PRIu64 "\ninsns_inline %" PRIu64 "\n"
		"blocks %" PRIu64 "\nblocks_inline %" PRIu64 "\n"
		"insns_by_block %" PRIu64 "\n"
		"loads %" PRIu64 "\nstores %" PRIu64 "\n"
		"tb_trans %" PRIu64 "\ntb_trans_insns %" PRIu64 "\n"
		"tb_max %" PRIu64 "\n",
		insns_cb, inline_insns(), blocks_cb, inline_blocks(),
		insns_by_block, loads, stores, tb_trans, tb_trans_insns, tb_max);
	if (f != stderr)
		fclose(f);
	if (tbs_file)
		fclose(tbs_file);
	tbs_file = NULL;
	if (profile) {
		write_profile();
		g_hash_table_destroy(profile);
		profile = NULL;
	}
	/* the plugin may be unloaded after this: leave nothing allocated */
	g_clear_pointer(&out_path, g_free);
	g_clear_pointer(&tbs_path, g_free);
	g_clear_pointer(&profile_path, g_free);
	g_clear_pointer(&enosys_list, g_free);
}

static int parse_args(int argc, char **argv)
{
	install_pid = getpid();
	for (int i = 0; i < argc; i++) {
		if (strncmp(argv[i], "out=", 4) == 0) {
			out_path = g_strdup(argv[i] + 4);
		} else if (strncmp(argv[i], "tbs=", 4) == 0) {
			tbs_path = g_strdup(argv[i] + 4);
		} else if (strncmp(argv[i], "profile=", 8) == 0) {
			profile_path = g_strdup(argv[i] + 8);
			profile = g_hash_table_new_full(g_int64_hash, g_int64_equal,
							g_free, g_free);
		} else if (strncmp(argv[i], "enosys=", 7) == 0) {
			enosys_list = g_strdup(argv[i] + 7);
		} else {
			fprintf(stderr, "count: unknown argument '%s'\n", argv[i]);
			return -1;
		}
	}
	if (tbs_path) {
		tbs_file = fopen(tbs_path, "w");
		if (!tbs_file) {
			perror(tbs_path);
			return -1;
		}
	}
	return 0;
}

/* ---- the two front ends ---- */

#ifdef QEMU_V1

static uint64_t insns_inline, blocks_inline;

static void add_inline(struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &blocks_inline, 1);
	for (size_t i = 0; i < n; i++)
		qemu_plugin_register_vcpu_insn_exec_inline(
			qemu_plugin_tb_get_insn(tb, i),
			QEMU_PLUGIN_INLINE_ADD_U64, &insns_inline, 1);
}

static uint64_t inline_insns(void) { return insns_inline; }
static uint64_t inline_blocks(void) { return blocks_inline; }

static void v1_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	translate(tb);
}

static void v1_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	report();
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	if (parse_args(argc, argv))
		return -1;
	if (enosys_list) {
		fprintf(stderr, "count: enosys= needs the loupe (v7) build\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, v1_trans);
	qemu_plugin_register_atexit_cb(id, v1_exit, NULL);
	return 0;
}

#else /* loupe, API v7 */

struct counts {
	uint64_t insns;
	uint64_t blocks;
};
static struct qemu_plugin_scoreboard *score;

static void add_inline(struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	qemu_plugin_u64 ins = qemu_plugin_scoreboard_u64_in_struct(
		score, struct counts, insns);
	qemu_plugin_u64 blk = qemu_plugin_scoreboard_u64_in_struct(
		score, struct counts, blocks);

	qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		tb, QEMU_PLUGIN_INLINE_ADD_U64, blk, 1);
	for (size_t i = 0; i < n; i++)
		qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			qemu_plugin_tb_get_insn(tb, i),
			QEMU_PLUGIN_INLINE_ADD_U64, ins, 1);
}

static uint64_t inline_insns(void)
{
	return qemu_plugin_u64_sum(
		qemu_plugin_scoreboard_u64_in_struct(score, struct counts, insns));
}

static uint64_t inline_blocks(void)
{
	return qemu_plugin_u64_sum(
		qemu_plugin_scoreboard_u64_in_struct(score, struct counts, blocks));
}

static void v7_trans(struct qemu_plugin_tb *tb, void *udata)
{
	(void)udata;
	translate(tb);
}

#define MAX_ENOSYS 16
static int64_t enosys[MAX_ENOSYS];
static int n_enosys;

static bool v7_filter(unsigned int vcpu, int64_t num, uint64_t a1,
		      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
		      uint64_t a6, uint64_t a7, uint64_t a8, int64_t *sysret,
		      void *udata)
{
	(void)vcpu, (void)a1, (void)a2, (void)a3, (void)a4;
	(void)a5, (void)a6, (void)a7, (void)a8, (void)udata;
	for (int i = 0; i < n_enosys; i++) {
		if (enosys[i] == num) {
			*sysret = -38; /* -ENOSYS */
			return true;
		}
	}
	return false;
}

static int parse_enosys(const char *list)
{
	g_auto(GStrv) nrs = g_strsplit(list, ":", -1);

	for (int i = 0; nrs[i]; i++) {
		char *end;
		long nr = strtol(nrs[i], &end, 0);
		if (!*nrs[i] || *end || nr < 0 || n_enosys == MAX_ENOSYS) {
			fprintf(stderr, "count: bad enosys= list '%s'\n", list);
			return -1;
		}
		enosys[n_enosys++] = nr;
	}
	return 0;
}

static void v7_exit(void *udata)
{
	(void)udata;
	report();
	qemu_plugin_scoreboard_free(score);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	if (parse_args(argc, argv))
		return -1;
	if (enosys_list) {
		if (parse_enosys(enosys_list))
			return -1;
		qemu_plugin_register_vcpu_syscall_filter_cb(id, v7_filter, NULL);
	}
	score = qemu_plugin_scoreboard_new(sizeof(struct counts));
	qemu_plugin_register_vcpu_tb_trans_cb(id, v7_trans, NULL);
	qemu_plugin_register_atexit_cb(id, v7_exit, NULL);
	return 0;
}

#endif
