/*
 * insn: count executed instructions, with optional size histogram and
 * per-instruction counts of chosen instructions.
 *
 *   loupe -plugin build/plugins/libinsn.so[,inline=on][,sizes=on]
 *         [,match=STR]... ./prog
 *
 * Arguments:
 *   inline=on|off  count with inline add operations (on) or with a
 *                  callback before every instruction (off, default).
 *   sizes=on|off   also print how many executed instructions had each
 *                  encoding size (2 and 4 bytes on RISC-V); default off.
 *   match=STR      repeatable.  Count separately every instruction whose
 *                  disassembly contains STR; a leading '^' anchors STR at
 *                  the start of the text, so "^ld " is exactly the ld
 *                  mnemonic while "ld" also finds fld.
 *                  The text is "mnemonic operands" with the tab that
 *                  qemu_plugin_insn_disas puts after the mnemonic replaced
 *                  by one space.  The report lists each matching
 *                  instruction (address, executions, disassembly) sorted
 *                  by address.
 *
 * Output at exit:
 *
 *   vcpu 0: insns: 60
 *   insns: 60
 *
 * Counting happens before each instruction (an inline add or a callback
 * attached to it), so an instruction that faults is counted once, and a
 * block left early counts only the instructions that started.
 *
 * Design: one scoreboard entry per vCPU holding the total and a bucket per
 * size.  With sizes=on the inline op goes to the size bucket instead of the
 * total (one op per instruction either way) and the total is their sum.
 * Each matched instruction is a record, keyed by address and encoding so
 * that retranslations share it, with its own scoreboard of hits.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_SIZE 16 /* bucket MAX_SIZE holds everything that long or longer */

struct insn_counts {
	uint64_t total;
	uint64_t by_size[MAX_SIZE + 1];
};

/* Identity of one guest instruction: where it is and what it is. */
struct insn_key {
	uint64_t vaddr;
	uint32_t size;
	uint8_t bytes[MAX_SIZE];
};

struct matched_insn {
	struct insn_key key;
	char *disas;
	struct qemu_plugin_scoreboard *hits;
};

struct pattern {
	char *text;	   /* without the leading '^' */
	bool anchored;	   /* must match at the start */
	GHashTable *insns; /* struct insn_key * -> struct matched_insn * */
};

static struct qemu_plugin_scoreboard *counts;
static qemu_plugin_u64 total_u64;
static bool do_inline;
static bool do_sizes;
static GPtrArray *patterns; /* struct pattern * */
static GMutex lock;	    /* guards the patterns' tables */

static guint key_hash(gconstpointer p)
{
	const struct insn_key *k = p;
	guint h = (guint)(k->vaddr ^ (k->vaddr >> 32)) * 0x9e3779b1u;

	for (uint32_t i = 0; i < k->size && i < MAX_SIZE; i++)
		h = (h ^ k->bytes[i]) * 16777619u;
	return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct insn_key)) == 0;
}

static void matched_free(gpointer p)
{
	struct matched_insn *m = p;

	qemu_plugin_scoreboard_free(m->hits);
	g_free(m->disas);
	g_free(m);
}

static size_t size_bucket(size_t size)
{
	return size < MAX_SIZE ? size : MAX_SIZE;
}

static uint64_t vcpu_total(unsigned int vcpu_index)
{
	struct insn_counts *c = qemu_plugin_scoreboard_find(counts, vcpu_index);
	uint64_t sum = 0;

	/* Inline counting with sizes=on only fills the buckets. */
	if (!(do_inline && do_sizes))
		return c->total;
	for (int i = 0; i <= MAX_SIZE; i++)
		sum += c->by_size[i];
	return sum;
}

static void insn_exec(unsigned int vcpu_index, void *userdata)
{
	struct insn_counts *c = qemu_plugin_scoreboard_find(counts, vcpu_index);

	c->total++;
	c->by_size[(uintptr_t)userdata]++;
}

static void match_exec(unsigned int vcpu_index, void *userdata)
{
	struct matched_insn *m = userdata;

	qemu_plugin_u64_add(qemu_plugin_scoreboard_u64(m->hits), vcpu_index, 1);
}

/* "mnemonic\toperands" -> "mnemonic operands", in place. */
static void normalize_disas(char *s)
{
	for (; *s; s++)
		if (*s == '\t')
			*s = ' ';
}

static bool pattern_matches(const struct pattern *p, const char *disas)
{
	if (p->anchored)
		return g_str_has_prefix(disas, p->text);
	return strstr(disas, p->text) != NULL;
}

static struct matched_insn *
lookup_match(struct pattern *p, const struct insn_key *key, const char *disas)
{
	struct matched_insn *m = g_hash_table_lookup(p->insns, key);

	if (!m) {
		m = g_new0(struct matched_insn, 1);
		memcpy(&m->key, key, sizeof(m->key)); /* padding too */
		m->disas = g_strdup(disas);
		m->hits = qemu_plugin_scoreboard_new(sizeof(uint64_t));
		g_hash_table_insert(p->insns, &m->key, m);
	}
	return m;
}

static void instrument_matches(struct qemu_plugin_insn *insn)
{
	struct insn_key key;
	char *disas = qemu_plugin_insn_disas(insn);

	if (!disas)
		return;
	normalize_disas(disas);
	memset(&key, 0, sizeof(key));
	key.vaddr = qemu_plugin_insn_vaddr(insn);
	key.size = (uint32_t)qemu_plugin_insn_size(insn);
	qemu_plugin_insn_data(insn, key.bytes, sizeof(key.bytes));

	g_mutex_lock(&lock);
	for (guint i = 0; i < patterns->len; i++) {
		struct pattern *p = g_ptr_array_index(patterns, i);
		struct matched_insn *m;

		if (!pattern_matches(p, disas))
			continue;
		m = lookup_match(p, &key, disas);
		if (do_inline)
			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    insn, QEMU_PLUGIN_INLINE_ADD_U64,
			    qemu_plugin_scoreboard_u64(m->hits), 1);
		else
			qemu_plugin_register_vcpu_insn_exec_cb(
			    insn, match_exec, QEMU_PLUGIN_CB_NO_REGS, m);
	}
	g_mutex_unlock(&lock);
	g_free(disas);
}

static void block_trans(struct qemu_plugin_tb *tb, void *userdata)
{
	(void)userdata;
	size_t n = qemu_plugin_tb_n_insns(tb);

	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		size_t bucket = size_bucket(qemu_plugin_insn_size(insn));

		if (!do_inline) {
			qemu_plugin_register_vcpu_insn_exec_cb(
			    insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS,
			    (void *)(uintptr_t)bucket);
		} else if (do_sizes) {
			qemu_plugin_u64 slot = {
			    counts, offsetof(struct insn_counts, by_size) +
					bucket * sizeof(uint64_t)};

			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    insn, QEMU_PLUGIN_INLINE_ADD_U64, slot, 1);
		} else {
			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    insn, QEMU_PLUGIN_INLINE_ADD_U64, total_u64, 1);
		}
		if (patterns->len)
			instrument_matches(insn);
	}
}

static gint matched_cmp(gconstpointer a, gconstpointer b)
{
	const struct matched_insn *x = *(struct matched_insn *const *)a;
	const struct matched_insn *y = *(struct matched_insn *const *)b;

	if (x->key.vaddr != y->key.vaddr)
		return x->key.vaddr < y->key.vaddr ? -1 : 1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

static void report_pattern(GString *s, struct pattern *p)
{
	g_autoptr(GPtrArray) list = g_ptr_array_new();
	GHashTableIter it;
	gpointer value;
	uint64_t total = 0;
	guint executed = 0;

	g_hash_table_iter_init(&it, p->insns);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct matched_insn *m = value;
		uint64_t hits =
		    qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(m->hits));

		total += hits;
		if (hits) {
			executed++;
			g_ptr_array_add(list, m);
		}
	}
	g_ptr_array_sort(list, matched_cmp);
	g_string_append_printf(
	    s, "match \"%s%s\": %" PRIu64 " executions of %u instruction%s\n",
	    p->anchored ? "^" : "", p->text, total, executed,
	    executed == 1 ? "" : "s");
	for (guint i = 0; i < list->len; i++) {
		struct matched_insn *m = g_ptr_array_index(list, i);

		g_string_append_printf(
		    s, "  0x%016" PRIx64 " %12" PRIu64 "  %s\n", m->key.vaddr,
		    qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(m->hits)),
		    m->disas);
	}
}

static void plugin_exit(void *userdata)
{
	(void)userdata;
	g_autoptr(GString) s = g_string_new(NULL);
	int n = qemu_plugin_num_vcpus();
	uint64_t total = 0;

	for (int i = 0; i < n; i++) {
		uint64_t t = vcpu_total(i);

		g_string_append_printf(s, "vcpu %d: insns: %" PRIu64 "\n", i,
				       t);
		total += t;
	}
	g_string_append_printf(s, "insns: %" PRIu64 "\n", total);

	if (do_sizes) {
		g_string_append(s, "sizes:\n");
		for (int b = 0; b <= MAX_SIZE; b++) {
			uint64_t c = 0;

			for (int i = 0; i < n; i++) {
				struct insn_counts *e =
				    qemu_plugin_scoreboard_find(counts, i);
				c += e->by_size[b];
			}
			if (!c)
				continue;
			g_string_append_printf(
			    s, "  %2d%s bytes: %12" PRIu64 " (%5.1f%%)\n", b,
			    b == MAX_SIZE ? "+" : "", c,
			    total ? 100.0 * (double)c / (double)total : 0.0);
		}
	}

	for (guint i = 0; i < patterns->len; i++)
		report_pattern(s, g_ptr_array_index(patterns, i));
	qemu_plugin_outs(s->str);

	g_ptr_array_free(patterns, TRUE);
	patterns = NULL;
	qemu_plugin_scoreboard_free(counts);
	counts = NULL;
}

static void pattern_free(gpointer p)
{
	struct pattern *pat = p;

	g_hash_table_destroy(pat->insns);
	g_free(pat->text);
	g_free(pat);
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);

		if (!kv[0] || !kv[1]) {
			fprintf(stderr, "insn: bad argument '%s'\n", argv[i]);
			return -1;
		}
		if (strcmp(kv[0], "inline") == 0 ||
		    strcmp(kv[0], "sizes") == 0) {
			bool *flag = kv[0][0] == 'i' ? &do_inline : &do_sizes;

			if (!qemu_plugin_bool_parse(kv[0], kv[1], flag)) {
				fprintf(stderr,
					"insn: '%s': value must be on or off\n",
					argv[i]);
				return -1;
			}
		} else if (strcmp(kv[0], "match") == 0) {
			struct pattern *p = g_new0(struct pattern, 1);
			const char *text = kv[1];

			p->anchored = text[0] == '^';
			p->text = g_strdup(text + p->anchored);
			p->insns = g_hash_table_new_full(key_hash, key_equal,
							 NULL, matched_free);
			g_ptr_array_add(patterns, p);
			if (!p->text[0] && !p->anchored) {
				fprintf(stderr, "insn: empty match string\n");
				return -1;
			}
		} else {
			fprintf(stderr,
				"insn: unknown argument '%s' (expected "
				"inline=on|off, sizes=on|off, match=STR)\n",
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
	patterns = g_ptr_array_new_with_free_func(pattern_free);
	if (parse_args(argc, argv)) {
		g_ptr_array_free(patterns, TRUE);
		patterns = NULL;
		return -1;
	}

	counts = qemu_plugin_scoreboard_new(sizeof(struct insn_counts));
	total_u64 = qemu_plugin_scoreboard_u64_in_struct(
	    counts, struct insn_counts, total);

	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
