/*
 * hotpages: the guest pages that see the most memory accesses.
 *
 *   loupe -plugin build/plugins/libhotpages.so[,sortby=accesses]
 *         [,pagesize=4096][,n=20] ./prog
 *
 * Arguments:
 *   sortby=KEY   accesses: reads + writes, descending (default;
 *                          "hotness" is accepted as a synonym);
 *                reads, writes: that count, descending;
 *                address: page address, ascending.
 *                Ties are listed by address, so the output is stable.
 *   pagesize=N   page size in bytes, a power of two (default 4096).
 *   n=N          how many pages to list (default 20; 0 lists all).
 *
 * Output at exit:
 *
 *   hotpages: 12 pages of 4096 bytes, 8231 reads, 2310 writes
 *   page                      reads       writes     accesses  vcpus
 *   0x0000003ffffff000         5120         2048         7168      1
 *   ...
 *
 * An access is counted in the page of its first byte; "vcpus" is how
 * many vCPUs touched the page.  Only completed accesses are seen.
 *
 * Design: a memory callback (no register access) on every instruction.
 * Each vCPU counts into its own hash table, reached through its scoreboard
 * entry, with the last page used cached in front of it, so the callback
 * takes no lock; the tables are merged at exit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum sort_key { SORT_ACCESSES, SORT_READS, SORT_WRITES, SORT_ADDRESS };

struct page_rec {
	uint64_t page; /* address of the page's first byte */
	uint64_t reads;
	uint64_t writes;
	uint64_t vcpus; /* merged records only */
};

/* Scoreboard entry: one vCPU's pages. */
struct vcpu_pages {
	GHashTable *pages; /* uint64_t page -> struct page_rec */
	struct page_rec *last;
};

static struct qemu_plugin_scoreboard *per_vcpu;
static uint64_t page_mask = ~(uint64_t)4095;
static uint64_t page_size = 4096;
static uint64_t limit = 20;
static enum sort_key sort_by = SORT_ACCESSES;

static GHashTable *new_page_table(void)
{
	return g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
}

static struct page_rec *page_get(GHashTable *t, uint64_t page)
{
	struct page_rec *r = g_hash_table_lookup(t, &page);

	if (!r) {
		r = g_new0(struct page_rec, 1);
		r->page = page;
		g_hash_table_insert(t, &r->page, r);
	}
	return r;
}

static void mem_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
		       uint64_t vaddr, void *userdata)
{
	(void)userdata;
	struct vcpu_pages *vp =
	    qemu_plugin_scoreboard_find(per_vcpu, vcpu_index);
	uint64_t page = vaddr & page_mask;
	struct page_rec *r = vp->last;

	if (!r || r->page != page) {
		if (!vp->pages)
			vp->pages = new_page_table();
		r = page_get(vp->pages, page);
		vp->last = r;
	}
	if (qemu_plugin_mem_is_store(info))
		r->writes++;
	else
		r->reads++;
}

static void block_trans(struct qemu_plugin_tb *tb, void *userdata)
{
	(void)userdata;
	size_t n = qemu_plugin_tb_n_insns(tb);

	for (size_t i = 0; i < n; i++)
		qemu_plugin_register_vcpu_mem_cb(
		    qemu_plugin_tb_get_insn(tb, i), mem_access,
		    QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, NULL);
}

static uint64_t sort_value(const struct page_rec *r)
{
	switch (sort_by) {
	case SORT_READS:
		return r->reads;
	case SORT_WRITES:
		return r->writes;
	case SORT_ACCESSES:
		return r->reads + r->writes;
	default:
		return 0;
	}
}

static gint rec_cmp(gconstpointer a, gconstpointer b)
{
	const struct page_rec *x = *(struct page_rec *const *)a;
	const struct page_rec *y = *(struct page_rec *const *)b;
	uint64_t vx = sort_value(x), vy = sort_value(y);

	if (vx != vy)
		return vx > vy ? -1 : 1;
	return x->page < y->page ? -1 : x->page > y->page;
}

static void plugin_exit(void *userdata)
{
	(void)userdata;
	g_autoptr(GString) s = g_string_new(NULL);
	g_autoptr(GPtrArray) list = g_ptr_array_new();
	GHashTable *merged = new_page_table();
	GHashTableIter it;
	gpointer value;
	uint64_t reads = 0, writes = 0;
	guint shown;

	for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
		struct vcpu_pages *vp =
		    qemu_plugin_scoreboard_find(per_vcpu, i);

		if (!vp->pages)
			continue;
		g_hash_table_iter_init(&it, vp->pages);
		while (g_hash_table_iter_next(&it, NULL, &value)) {
			const struct page_rec *r = value;
			struct page_rec *m = page_get(merged, r->page);

			m->reads += r->reads;
			m->writes += r->writes;
			m->vcpus++;
		}
		g_hash_table_destroy(vp->pages);
		vp->pages = NULL;
		vp->last = NULL;
	}

	g_hash_table_iter_init(&it, merged);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		const struct page_rec *r = value;

		reads += r->reads;
		writes += r->writes;
		g_ptr_array_add(list, value);
	}
	g_ptr_array_sort(list, rec_cmp);

	g_string_append_printf(
	    s,
	    "hotpages: %u page%s of %" PRIu64 " bytes, %" PRIu64
	    " reads, %" PRIu64 " writes\n",
	    list->len, list->len == 1 ? "" : "s", page_size, reads, writes);
	g_string_append_printf(s, "%-18s %12s %12s %12s %6s\n", "page", "reads",
			       "writes", "accesses", "vcpus");
	shown = limit && limit < list->len ? (guint)limit : list->len;
	for (guint i = 0; i < shown; i++) {
		const struct page_rec *r = g_ptr_array_index(list, i);

		g_string_append_printf(s,
				       "0x%016" PRIx64 " %12" PRIu64
				       " %12" PRIu64 " %12" PRIu64 " %6" PRIu64
				       "\n",
				       r->page, r->reads, r->writes,
				       r->reads + r->writes, r->vcpus);
	}
	qemu_plugin_outs(s->str);

	g_hash_table_destroy(merged);
	qemu_plugin_scoreboard_free(per_vcpu);
	per_vcpu = NULL;
}

static bool parse_u64(const char *text, uint64_t *out)
{
	char *end;

	if (!text[0] || text[0] == '-')
		return false;
	*out = g_ascii_strtoull(text, &end, 0);
	return *end == '\0';
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);
		const char *key = kv[0] && kv[1] ? kv[0] : "";
		const char *val = kv[1];

		if (strcmp(key, "sortby") == 0) {
			if (strcmp(val, "accesses") == 0 ||
			    strcmp(val, "hotness") == 0)
				sort_by = SORT_ACCESSES;
			else if (strcmp(val, "reads") == 0)
				sort_by = SORT_READS;
			else if (strcmp(val, "writes") == 0)
				sort_by = SORT_WRITES;
			else if (strcmp(val, "address") == 0)
				sort_by = SORT_ADDRESS;
			else {
				fprintf(stderr,
					"hotpages: '%s': sortby must be "
					"accesses, reads, writes or address\n",
					argv[i]);
				return -1;
			}
		} else if (strcmp(key, "pagesize") == 0) {
			if (!parse_u64(val, &page_size) || page_size == 0 ||
			    (page_size & (page_size - 1))) {
				fprintf(stderr,
					"hotpages: '%s': pagesize must be a "
					"power of two\n",
					argv[i]);
				return -1;
			}
			page_mask = ~(page_size - 1);
		} else if (strcmp(key, "n") == 0) {
			if (!parse_u64(val, &limit)) {
				fprintf(stderr,
					"hotpages: '%s': n must be a number "
					"(0 for all)\n",
					argv[i]);
				return -1;
			}
		} else {
			fprintf(stderr,
				"hotpages: unknown argument '%s' (expected "
				"sortby=accesses|reads|writes|address, "
				"pagesize=N, n=N)\n",
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

	per_vcpu = qemu_plugin_scoreboard_new(sizeof(struct vcpu_pages));
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
