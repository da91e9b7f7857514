/*
 * hotblocks: the most executed translation blocks.
 *
 *   loupe -plugin build/plugins/libhotblocks.so[,n=20][,sortby=hotness]
 *         ./prog
 *
 * Arguments:
 *   n=N          how many blocks to list (default 20; 0 lists all).
 *   sortby=KEY   hotness: by executions (default);
 *                insns:   by instructions executed in the block
 *                         (executions x block length);
 *                pc:      by address, ascending.
 *                Ties are listed by address, so the output is stable.
 *
 * Output at exit:
 *
 *   hotblocks: 42 blocks executed 1017 times, 4012 instructions
 *   pc                  insns        execs   exec insns  %insns  symbol
 *   0x00000000000100b0      4         1000         4000   99.7%  loop
 *   ...
 *
 * "insns" is the block's length, "exec insns" executions x length,
 * "%insns" its share of all instructions executed, "symbol" the guest
 * symbol containing the block's first instruction (qemu_plugin_insn_symbol;
 * "-" if none).  Only blocks that ran at least once are listed.
 *
 * Design: a record per block, keyed by (address, length) so that a block
 * translated again (after a flush) keeps its count, each with its own
 * scoreboard: execution is one inline add to the executing vCPU's entry, no
 * callback and no lock.  The table is touched only at translation.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum sort_key { SORT_HOTNESS, SORT_INSNS, SORT_PC };

struct block_key {
	uint64_t pc;
	uint64_t n_insns;
};

struct block_rec {
	struct block_key key;
	char *symbol;
	struct qemu_plugin_scoreboard *execs;
	uint64_t total; /* filled in at exit */
};

static GHashTable *blocks; /* struct block_key * -> struct block_rec * */
static GMutex lock;	   /* guards blocks */
static uint64_t limit = 20;
static enum sort_key sort_by = SORT_HOTNESS;

static guint key_hash(gconstpointer p)
{
	const struct block_key *k = p;
	uint64_t h = (k->pc ^ (k->n_insns << 48)) * 0x9e3779b97f4a7c15ull;

	return (guint)(h >> 32);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	const struct block_key *x = a, *y = b;

	return x->pc == y->pc && x->n_insns == y->n_insns;
}

static void rec_free(gpointer p)
{
	struct block_rec *r = p;

	qemu_plugin_scoreboard_free(r->execs);
	g_free(r->symbol);
	g_free(r);
}

static void block_trans(struct qemu_plugin_tb *tb, void *userdata)
{
	(void)userdata;
	struct block_key key = {qemu_plugin_tb_vaddr(tb),
				qemu_plugin_tb_n_insns(tb)};
	struct block_rec *r;

	g_mutex_lock(&lock);
	r = g_hash_table_lookup(blocks, &key);
	if (!r) {
		struct qemu_plugin_insn *first = qemu_plugin_tb_get_insn(tb, 0);
		const char *sym = first ? qemu_plugin_insn_symbol(first) : NULL;

		r = g_new0(struct block_rec, 1);
		r->key = key;
		r->symbol = g_strdup(sym ? sym : "-");
		r->execs = qemu_plugin_scoreboard_new(sizeof(uint64_t));
		g_hash_table_insert(blocks, &r->key, r);
	}
	g_mutex_unlock(&lock);

	qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
	    tb, QEMU_PLUGIN_INLINE_ADD_U64,
	    qemu_plugin_scoreboard_u64(r->execs), 1);
}

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a > b ? -1 : a < b;
}

static gint rec_cmp(gconstpointer a, gconstpointer b)
{
	const struct block_rec *x = *(struct block_rec *const *)a;
	const struct block_rec *y = *(struct block_rec *const *)b;
	int c = 0;

	if (sort_by == SORT_HOTNESS)
		c = cmp_u64_desc(x->total, y->total);
	else if (sort_by == SORT_INSNS)
		c = cmp_u64_desc(x->total * x->key.n_insns,
				 y->total * y->key.n_insns);
	if (c)
		return c;
	if (x->key.pc != y->key.pc)
		return x->key.pc < y->key.pc ? -1 : 1;
	return x->key.n_insns < y->key.n_insns
		   ? -1
		   : x->key.n_insns > y->key.n_insns;
}

static void plugin_exit(void *userdata)
{
	(void)userdata;
	g_autoptr(GString) s = g_string_new(NULL);
	g_autoptr(GPtrArray) list = g_ptr_array_new();
	GHashTableIter it;
	gpointer value;
	uint64_t execs = 0, insns = 0;
	guint shown;

	g_hash_table_iter_init(&it, blocks);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct block_rec *r = value;

		r->total =
		    qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(r->execs));
		if (!r->total)
			continue;
		execs += r->total;
		insns += r->total * r->key.n_insns;
		g_ptr_array_add(list, r);
	}
	g_ptr_array_sort(list, rec_cmp);

	g_string_append_printf(s,
			       "hotblocks: %u block%s executed %" PRIu64
			       " times, %" PRIu64 " instructions\n",
			       list->len, list->len == 1 ? "" : "s", execs,
			       insns);
	g_string_append_printf(s, "%-18s %6s %12s %12s %7s  %s\n", "pc",
			       "insns", "execs", "exec insns", "%insns",
			       "symbol");
	shown = limit && limit < list->len ? (guint)limit : list->len;
	for (guint i = 0; i < shown; i++) {
		const struct block_rec *r = g_ptr_array_index(list, i);
		uint64_t ei = r->total * r->key.n_insns;

		g_string_append_printf(
		    s,
		    "0x%016" PRIx64 " %6" PRIu64 " %12" PRIu64 " %12" PRIu64
		    " %6.1f%%  %s\n",
		    r->key.pc, r->key.n_insns, r->total, ei,
		    insns ? 100.0 * (double)ei / (double)insns : 0.0,
		    r->symbol);
	}
	qemu_plugin_outs(s->str);

	g_hash_table_destroy(blocks);
	blocks = NULL;
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);

		if (kv[0] && kv[1] && strcmp(kv[0], "n") == 0) {
			char *end;

			limit = g_ascii_strtoull(kv[1], &end, 0);
			if (!kv[1][0] || *end || kv[1][0] == '-') {
				fprintf(stderr,
					"hotblocks: '%s': n must be a "
					"number (0 for all)\n",
					argv[i]);
				return -1;
			}
		} else if (kv[0] && kv[1] && strcmp(kv[0], "sortby") == 0) {
			if (strcmp(kv[1], "hotness") == 0)
				sort_by = SORT_HOTNESS;
			else if (strcmp(kv[1], "insns") == 0)
				sort_by = SORT_INSNS;
			else if (strcmp(kv[1], "pc") == 0)
				sort_by = SORT_PC;
			else {
				fprintf(stderr,
					"hotblocks: '%s': sortby must be "
					"hotness, insns or pc\n",
					argv[i]);
				return -1;
			}
		} else {
			fprintf(stderr,
				"hotblocks: unknown argument '%s' (expected "
				"n=N, sortby=hotness|insns|pc)\n",
				argv[i]);
			return -1;
		}
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	if (parse_args(argc, argv))
		return -1;

	blocks = g_hash_table_new_full(key_hash, key_equal, NULL, rec_free);
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
