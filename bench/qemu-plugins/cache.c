/*
 * cache (QEMU 7.2, plugin API v1): a set-associative cache model, the QEMU
 * side of build/plugins/libcache.so (default settings) in the plugin
 * benchmarks.
 *
 *   qemu-riscv64 -plugin build/bench/qemu-plugins/libcache.so ./prog
 *
 * The same model and per-event work as libcache with its defaults: one
 * core; a 32 KiB 8-way L1 instruction cache with 64-byte blocks fed with
 * every executed instruction (a callback before each), a 32 KiB 8-way L1
 * data cache fed with every memory access (a callback after each), LRU
 * replacement, no L2.  Each callback takes the core's lock; misses are
 * charged to the instruction (record made at translation, with its
 * disassembly and symbol) with atomic adds.  No arguments.  At exit the
 * accesses and misses of both caches and the 16 instructions with the most
 * L1D misses go to qemu_plugin_outs (seen with -d plugin).
 */
#include <inttypes.h>
#include <stdio.h>

#include <glib.h>

#include "../../tests/qemu-v1/qemu-plugin-v1.h"

/* in QEMU 7.2's v1 API, not in the shared header */
char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn);
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define SIZE (32 * 1024)
#define WAYS 8
#define BLOCK_SHIFT 6
#define SETS (SIZE / WAYS >> BLOCK_SHIFT)
#define TOP 16

struct cache {
	uint64_t tag[SETS][WAYS];
	uint64_t used[SETS][WAYS]; /* clock of the last use */
	bool valid[SETS][WAYS];
	uint64_t clock, accesses, misses;
};

struct insn_stat {
	uint64_t vaddr;
	char *disas;
	char *symbol;
	uint64_t l1i_misses, l1d_misses; /* atomic */
};

static struct cache l1i, l1d;
static GMutex core_lock;    /* guards l1i and l1d */
static GMutex stats_lock;   /* guards stats */
static GHashTable *stats;   /* vaddr -> struct insn_stat */

/* true on a hit; a miss fills an invalid way or the least recently used */
static bool lookup(struct cache *c, uint64_t addr)
{
	uint64_t blk = addr >> BLOCK_SHIFT;
	unsigned set = (unsigned)(blk % SETS), victim = 0;

	c->accesses++;
	c->clock++;
	for (unsigned w = 0; w < WAYS; w++) {
		if (c->valid[set][w] && c->tag[set][w] == blk) {
			c->used[set][w] = c->clock;
			return true;
		}
	}
	c->misses++;
	for (unsigned w = 0; w < WAYS; w++) {
		if (!c->valid[set][w]) {
			victim = w;
			goto fill;
		}
		if (c->used[set][w] < c->used[set][victim])
			victim = w;
	}
fill:
	c->tag[set][victim] = blk;
	c->valid[set][victim] = true;
	c->used[set][victim] = c->clock;
	return false;
}

static void insn_exec(unsigned int vcpu, void *udata)
{
	struct insn_stat *st = udata;
	bool hit;

	(void)vcpu;
	g_mutex_lock(&core_lock);
	hit = lookup(&l1i, st->vaddr);
	g_mutex_unlock(&core_lock);
	if (!hit)
		__atomic_fetch_add(&st->l1i_misses, 1, __ATOMIC_RELAXED);
}

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
		       uint64_t vaddr, void *udata)
{
	struct insn_stat *st = udata;
	bool hit;

	(void)vcpu;
	(void)info;
	g_mutex_lock(&core_lock);
	hit = lookup(&l1d, vaddr);
	g_mutex_unlock(&core_lock);
	if (!hit)
		__atomic_fetch_add(&st->l1d_misses, 1, __ATOMIC_RELAXED);
}

static void block_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		struct insn_stat *st;

		g_mutex_lock(&stats_lock);
		st = g_hash_table_lookup(stats, &va);
		if (!st) {
			const char *sym = qemu_plugin_insn_symbol(insn);

			st = g_new0(struct insn_stat, 1);
			st->vaddr = va;
			st->disas = qemu_plugin_insn_disas(insn);
			st->symbol = g_strdup(sym ? sym : "");
			g_hash_table_insert(stats, &st->vaddr, st);
		}
		g_mutex_unlock(&stats_lock);
		qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec,
						       QEMU_PLUGIN_CB_NO_REGS, st);
		qemu_plugin_register_vcpu_mem_cb(insn, mem_access,
						 QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, st);
	}
}

static gint by_l1d_misses(gconstpointer x, gconstpointer y)
{
	const struct insn_stat *a = *(struct insn_stat *const *)x;
	const struct insn_stat *b = *(struct insn_stat *const *)y;

	if (a->l1d_misses != b->l1d_misses)
		return a->l1d_misses > b->l1d_misses ? -1 : 1;
	return a->vaddr < b->vaddr ? -1 : a->vaddr > b->vaddr;
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	GString *s = g_string_new(NULL);
	GPtrArray *list = g_ptr_array_new();
	GHashTableIter it;
	gpointer p;

	(void)id;
	(void)udata;
	g_string_append_printf(s, "L1I: %" PRIu64 " accesses, %" PRIu64 " misses\n",
			       l1i.accesses, l1i.misses);
	g_string_append_printf(s, "L1D: %" PRIu64 " accesses, %" PRIu64 " misses\n",
			       l1d.accesses, l1d.misses);
	g_hash_table_iter_init(&it, stats);
	while (g_hash_table_iter_next(&it, NULL, &p))
		g_ptr_array_add(list, p);
	g_ptr_array_sort(list, by_l1d_misses);
	for (guint i = 0; i < list->len && i < TOP; i++) {
		const struct insn_stat *st = g_ptr_array_index(list, i);

		if (!st->l1d_misses)
			break;
		g_string_append_printf(s, "0x%-10" PRIx64 " %8" PRIu64 "  %s%s%s\n",
				       st->vaddr, st->l1d_misses, st->symbol,
				       st->symbol[0] ? ": " : "",
				       st->disas ? st->disas : "?");
	}
	qemu_plugin_outs(s->str);
	g_string_free(s, TRUE);
	g_ptr_array_free(list, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	if (argc > 0) {
		fprintf(stderr, "cache: takes no arguments (got '%s')\n", argv[0]);
		return -1;
	}
	stats = g_hash_table_new(g_int64_hash, g_int64_equal);
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
