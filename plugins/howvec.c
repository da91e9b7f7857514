/*
 * howvec: the instruction mix, by class and by mnemonic.
 *
 *   loupe -plugin build/plugins/libhowvec.so[,inline=on][,verbose=on]
 *         ./prog
 *
 * Arguments:
 *   inline=on|off   count with inline add operations (on) or with a
 *                   callback before every instruction (off, default).
 *   verbose=on|off  also list every executed mnemonic with its class and
 *                   count, most frequent first (default off).
 *
 * Output at exit:
 *
 *   howvec: 4012 instructions, 9 mnemonics
 *   class             count   share
 *   alu                3005   74.9%
 *   ...
 *
 * Classes are those of loupe's decoder (loupe_plugin_insn_class in
 * include/loupe-plugin.h): alu, mul, div, branch, jump, load, store,
 * atomic, fp, fload, fstore, csr, fence, system, illegal, always listed in
 * that order (any other class the decoder reports follows).  Mnemonics
 * are canonical (loupe_plugin_insn_mnemonic): a compressed c.addi counts
 * as addi.  This plugin uses loupe's extension API, so it loads in loupe
 * only.
 *
 * Design: one record per mnemonic with its own scoreboard; each
 * instruction gets a single inline add (or callback) on its mnemonic's
 * counter, and class totals are sums of their mnemonics at exit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <loupe-plugin.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const known_classes[] = {
    "alu",     /* integer arithmetic and logic, lui/auipc, Zba/Zbb/Zbs */
    "mul",     /* M multiplies */
    "div",     /* M divides and remainders */
    "branch",  /* conditional branches */
    "jump",    /* jal, jalr */
    "load",    /* integer loads */
    "store",   /* integer stores */
    "atomic",  /* lr/sc and AMOs */
    "fp",      /* F/D arithmetic, compare, convert, move */
    "fload",   /* flw, fld */
    "fstore",  /* fsw, fsd */
    "csr",     /* Zicsr */
    "fence",   /* fence, fence.i */
    "system",  /* ecall, ebreak */
    "illegal", /* undecodable */
};

struct mnem_rec {
	char *name;
	char *cls;
	struct qemu_plugin_scoreboard *count;
	uint64_t total; /* filled in at exit */
};

struct class_total {
	const char *name;
	uint64_t count;
};

static GHashTable *mnemonics; /* name -> struct mnem_rec */
static GMutex lock;	      /* guards mnemonics */
static bool do_inline;
static bool do_verbose;

static void rec_free(gpointer p)
{
	struct mnem_rec *r = p;

	qemu_plugin_scoreboard_free(r->count);
	g_free(r->name);
	g_free(r->cls);
	g_free(r);
}

static void insn_exec(unsigned int vcpu_index, void *userdata)
{
	struct mnem_rec *r = userdata;

	qemu_plugin_u64_add(qemu_plugin_scoreboard_u64(r->count), vcpu_index,
			    1);
}

static struct mnem_rec *record_for(const struct qemu_plugin_insn *insn)
{
	const char *name = loupe_plugin_insn_mnemonic(insn);
	struct mnem_rec *r;

	if (!name)
		name = "?";
	g_mutex_lock(&lock);
	r = g_hash_table_lookup(mnemonics, name);
	if (!r) {
		const char *cls = loupe_plugin_insn_class(insn);

		r = g_new0(struct mnem_rec, 1);
		r->name = g_strdup(name);
		r->cls = g_strdup(cls ? cls : "?");
		r->count = qemu_plugin_scoreboard_new(sizeof(uint64_t));
		g_hash_table_insert(mnemonics, r->name, r);
	}
	g_mutex_unlock(&lock);
	return r;
}

static void block_trans(struct qemu_plugin_tb *tb, void *userdata)
{
	(void)userdata;
	size_t n = qemu_plugin_tb_n_insns(tb);

	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		struct mnem_rec *r = record_for(insn);

		if (do_inline)
			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    insn, QEMU_PLUGIN_INLINE_ADD_U64,
			    qemu_plugin_scoreboard_u64(r->count), 1);
		else
			qemu_plugin_register_vcpu_insn_exec_cb(
			    insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS, r);
	}
}

static gint rec_cmp(gconstpointer a, gconstpointer b)
{
	const struct mnem_rec *x = *(struct mnem_rec *const *)a;
	const struct mnem_rec *y = *(struct mnem_rec *const *)b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->name, y->name);
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static struct class_total *class_slot(GArray *classes, const char *name)
{
	for (guint i = 0; i < classes->len; i++) {
		struct class_total *c =
		    &g_array_index(classes, struct class_total, i);

		if (strcmp(c->name, name) == 0)
			return c;
	}
	g_array_append_val(classes, ((struct class_total){name, 0}));
	return &g_array_index(classes, struct class_total, classes->len - 1);
}

static gint extra_class_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(((const struct class_total *)a)->name,
		      ((const struct class_total *)b)->name);
}

static void plugin_exit(void *userdata)
{
	(void)userdata;
	g_autoptr(GString) s = g_string_new(NULL);
	g_autoptr(GPtrArray) list = g_ptr_array_new();
	g_autoptr(GArray) classes =
	    g_array_new(FALSE, TRUE, sizeof(struct class_total));
	GHashTableIter it;
	gpointer value;
	uint64_t total = 0;
	guint n_known = G_N_ELEMENTS(known_classes);

	for (guint i = 0; i < n_known; i++)
		class_slot(classes, known_classes[i]);

	g_hash_table_iter_init(&it, mnemonics);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct mnem_rec *r = value;

		r->total =
		    qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(r->count));
		if (!r->total)
			continue;
		total += r->total;
		class_slot(classes, r->cls)->count += r->total;
		g_ptr_array_add(list, r);
	}
	/* Classes outside the known list: alphabetical, after it. */
	if (classes->len > n_known)
		qsort(&g_array_index(classes, struct class_total, n_known),
		      classes->len - n_known, sizeof(struct class_total),
		      extra_class_cmp);
	g_ptr_array_sort(list, rec_cmp);

	g_string_append_printf(s,
			       "howvec: %" PRIu64 " instructions, %u "
			       "mnemonics\n",
			       total, list->len);
	g_string_append_printf(s, "%-10s %14s %7s\n", "class", "count",
			       "share");
	for (guint i = 0; i < classes->len; i++) {
		const struct class_total *c =
		    &g_array_index(classes, struct class_total, i);

		g_string_append_printf(s, "%-10s %14" PRIu64 " %6.1f%%\n",
				       c->name, c->count,
				       share(c->count, total));
	}
	if (do_verbose) {
		g_string_append_printf(s, "%-12s %-10s %14s %7s\n", "mnemonic",
				       "class", "count", "share");
		for (guint i = 0; i < list->len; i++) {
			const struct mnem_rec *r = g_ptr_array_index(list, i);

			g_string_append_printf(
			    s, "%-12s %-10s %14" PRIu64 " %6.1f%%\n", r->name,
			    r->cls, r->total, share(r->total, total));
		}
	}
	qemu_plugin_outs(s->str);

	g_hash_table_destroy(mnemonics);
	mnemonics = NULL;
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);
		bool *flag = NULL;

		if (kv[0] && kv[1]) {
			if (strcmp(kv[0], "inline") == 0)
				flag = &do_inline;
			else if (strcmp(kv[0], "verbose") == 0)
				flag = &do_verbose;
		}
		if (!flag) {
			fprintf(stderr,
				"howvec: unknown argument '%s' (expected "
				"inline=on|off, verbose=on|off)\n",
				argv[i]);
			return -1;
		}
		if (!qemu_plugin_bool_parse(kv[0], kv[1], flag)) {
			fprintf(stderr,
				"howvec: '%s': value must be on or off\n",
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

	mnemonics =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, rec_free);
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
