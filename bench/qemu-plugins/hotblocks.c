/*
 * hotblocks (QEMU 7.2, plugin API v1): the most executed blocks, the QEMU
 * side of build/plugins/libhotblocks.so in the plugin benchmarks.
 *
 *   qemu-riscv64 -plugin build/bench/qemu-plugins/libhotblocks.so ./prog
 *
 * Like libhotblocks: one record per block, keyed by (address, length),
 * found or made (with the symbol of its first instruction) under a lock at
 * translation; each execution is one inline add to the record's counter
 * (shared by all vCPUs: v1 has no scoreboards).  At exit the 20 blocks
 * executed most often go to qemu_plugin_outs (seen with -d plugin).
 */
#include <inttypes.h>
#include <stdio.h>

#include <glib.h>

#include "../../tests/qemu-v1/qemu-plugin-v1.h"

/* in QEMU 7.2's v1 API, not in the shared header */
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define LIMIT 20

struct block {
	uint64_t pc, n_insns;
	char *symbol;
	uint64_t execs;
};

static GHashTable *blocks; /* struct block * (by pc, n_insns) */
static GMutex lock;

static guint block_hash(gconstpointer p)
{
	const struct block *b = p;

	return (guint)(((b->pc ^ (b->n_insns << 48)) * 0x9e3779b97f4a7c15ull) >> 32);
}

static gboolean block_equal(gconstpointer x, gconstpointer y)
{
	const struct block *a = x, *b = y;

	return a->pc == b->pc && a->n_insns == b->n_insns;
}

static void block_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct block key = {qemu_plugin_tb_vaddr(tb), qemu_plugin_tb_n_insns(tb),
			    NULL, 0};
	struct block *b;

	(void)id;
	g_mutex_lock(&lock);
	b = g_hash_table_lookup(blocks, &key);
	if (!b) {
		const char *sym = key.n_insns
			? qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0))
			: NULL;

		b = g_new0(struct block, 1);
		*b = key;
		b->symbol = g_strdup(sym ? sym : "-");
		g_hash_table_add(blocks, b);
	}
	g_mutex_unlock(&lock);
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &b->execs, 1);
}

static gint by_execs(gconstpointer x, gconstpointer y)
{
	const struct block *a = *(struct block *const *)x;
	const struct block *b = *(struct block *const *)y;

	if (a->execs != b->execs)
		return a->execs > b->execs ? -1 : 1;
	return a->pc < b->pc ? -1 : a->pc > b->pc;
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	GPtrArray *list = g_ptr_array_new();
	GString *s = g_string_new(NULL);
	GHashTableIter it;
	gpointer p;

	(void)id;
	(void)udata;
	g_hash_table_iter_init(&it, blocks);
	while (g_hash_table_iter_next(&it, &p, NULL))
		if (((struct block *)p)->execs)
			g_ptr_array_add(list, p);
	g_ptr_array_sort(list, by_execs);
	g_string_append_printf(s, "hotblocks: %u blocks executed\n", list->len);
	for (guint i = 0; i < list->len && i < LIMIT; i++) {
		const struct block *b = g_ptr_array_index(list, i);

		g_string_append_printf(s, "0x%016" PRIx64 " %6" PRIu64 " %12" PRIu64 "  %s\n",
				       b->pc, b->n_insns, b->execs, b->symbol);
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
		fprintf(stderr, "hotblocks: takes no arguments (got '%s')\n", argv[0]);
		return -1;
	}
	blocks = g_hash_table_new(block_hash, block_equal);
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
