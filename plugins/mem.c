/*
 * mem: count guest memory accesses, and optionally print every one.
 *
 *   loupe -plugin build/plugins/libmem.so[,inline=on|off][,callback=on]
 *         [,track=r|w|rw][,print-accesses=on] ./prog
 *
 * Arguments:
 *   inline=on|off    count reads and writes with inline add operations
 *                    after each access (default on).  inline=off alone
 *                    counts with the callback instead.
 *   callback=on|off  also count with a memory callback, which adds bytes
 *                    read/written, sign-extended loads and a histogram of
 *                    access sizes (default off).  With inline=on too, both
 *                    counts are printed and must agree.
 *   track=r|w|rw     which accesses to instrument: loads, stores or both
 *                    (default rw).
 *   print-accesses=on|off
 *                    print one line per access as it happens (default
 *                    off; implies the callback):
 *       vcpu=0 pc=0x10a4c load size=8 sext=0 vaddr=0x3ffffff7d0
 *                    value=0x0000000000000001 insn="ld a0,0(sp)"
 *                    (one line) with the accessing instruction's address,
 *                    the direction, the size in bytes, whether the load
 *                    sign-extends, the guest virtual address and the value
 *                    read or written (qemu_plugin_mem_get_value, zero-padded
 *                    to the access width, never sign-extended).
 *
 * An atomic read-modify-write reports a read and then a write.  Only
 * completed accesses are seen: an access that faults is not counted.
 *
 * Design: one scoreboard entry per vCPU holds both sets of counters.
 * Inline counting registers one op for reads and one for writes on every
 * instruction (the emulator only emits them after real accesses).  For
 * print-accesses each instruction gets a record (address, disassembly),
 * shared between retranslations, passed as the callback's userdata.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define N_SHIFTS 5 /* access sizes 1, 2, 4, 8, 16 bytes */

struct mem_counts {
	uint64_t inline_reads;
	uint64_t inline_writes;
	uint64_t cb_reads;
	uint64_t cb_writes;
	uint64_t bytes_read;
	uint64_t bytes_written;
	uint64_t sign_extended;
	uint64_t by_shift[N_SHIFTS];
};

struct insn_key {
	uint64_t vaddr;
	uint32_t size;
	uint8_t bytes[16];
};

struct insn_rec {
	struct insn_key key;
	char *disas;
};

static struct qemu_plugin_scoreboard *counts;
static qemu_plugin_u64 inline_reads, inline_writes;
static bool do_inline = true;
static bool do_callback;
static bool do_print;
static enum qemu_plugin_mem_rw track = QEMU_PLUGIN_MEM_RW;
static GHashTable *insns; /* struct insn_key * -> struct insn_rec * */
static GMutex lock;	  /* guards insns */

static guint key_hash(gconstpointer p)
{
	const struct insn_key *k = p;
	guint h = (guint)(k->vaddr ^ (k->vaddr >> 32)) * 0x9e3779b1u;

	for (uint32_t i = 0; i < k->size && i < sizeof(k->bytes); i++)
		h = (h ^ k->bytes[i]) * 16777619u;
	return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct insn_key)) == 0;
}

static void rec_free(gpointer p)
{
	struct insn_rec *r = p;

	g_free(r->disas);
	g_free(r);
}

static void format_value(char *buf, size_t len, qemu_plugin_meminfo_t info)
{
	qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);

	switch (v.type) {
	case QEMU_PLUGIN_MEM_VALUE_U8:
		snprintf(buf, len, "0x%02" PRIx8, v.data.u8);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U16:
		snprintf(buf, len, "0x%04" PRIx16, v.data.u16);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U32:
		snprintf(buf, len, "0x%08" PRIx32, v.data.u32);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U64:
		snprintf(buf, len, "0x%016" PRIx64, v.data.u64);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U128:
		snprintf(buf, len, "0x%016" PRIx64 "%016" PRIx64,
			 v.data.u128.high, v.data.u128.low);
		break;
	default:
		snprintf(buf, len, "?");
		break;
	}
}

static void print_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
			 uint64_t vaddr, const struct insn_rec *r)
{
	char value[40];
	char line[256];

	format_value(value, sizeof(value), info);
	snprintf(line, sizeof(line),
		 "vcpu=%u pc=0x%" PRIx64 " %s size=%u sext=%d vaddr=0x%" PRIx64
		 " value=%s insn=\"%s\"\n",
		 vcpu_index, r ? r->key.vaddr : 0,
		 qemu_plugin_mem_is_store(info) ? "store" : "load",
		 1u << qemu_plugin_mem_size_shift(info),
		 qemu_plugin_mem_is_sign_extended(info), vaddr, value,
		 r ? r->disas : "?");
	qemu_plugin_outs(line);
}

static void mem_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
		       uint64_t vaddr, void *userdata)
{
	struct mem_counts *c = qemu_plugin_scoreboard_find(counts, vcpu_index);
	unsigned int shift = qemu_plugin_mem_size_shift(info);

	if (qemu_plugin_mem_is_store(info)) {
		c->cb_writes++;
		c->bytes_written += 1ull << shift;
	} else {
		c->cb_reads++;
		c->bytes_read += 1ull << shift;
		c->sign_extended += qemu_plugin_mem_is_sign_extended(info);
	}
	c->by_shift[shift < N_SHIFTS ? shift : N_SHIFTS - 1]++;
	if (do_print)
		print_access(vcpu_index, info, vaddr, userdata);
}

static struct insn_rec *insn_record(struct qemu_plugin_insn *insn)
{
	struct insn_key key;
	struct insn_rec *r;

	memset(&key, 0, sizeof(key));
	key.vaddr = qemu_plugin_insn_vaddr(insn);
	key.size = (uint32_t)qemu_plugin_insn_size(insn);
	qemu_plugin_insn_data(insn, key.bytes, sizeof(key.bytes));

	g_mutex_lock(&lock);
	r = g_hash_table_lookup(insns, &key);
	if (!r) {
		r = g_new0(struct insn_rec, 1);
		memcpy(&r->key, &key, sizeof(r->key)); /* padding too */
		r->disas = qemu_plugin_insn_disas(insn);
		if (!r->disas)
			r->disas = g_strdup("?");
		for (char *s = r->disas; *s; s++)
			if (*s == '\t')
				*s = ' ';
		g_hash_table_insert(insns, &r->key, r);
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

		if (do_inline) {
			if (track & QEMU_PLUGIN_MEM_R)
				qemu_plugin_register_vcpu_mem_inline_per_vcpu(
				    insn, QEMU_PLUGIN_MEM_R,
				    QEMU_PLUGIN_INLINE_ADD_U64, inline_reads,
				    1);
			if (track & QEMU_PLUGIN_MEM_W)
				qemu_plugin_register_vcpu_mem_inline_per_vcpu(
				    insn, QEMU_PLUGIN_MEM_W,
				    QEMU_PLUGIN_INLINE_ADD_U64, inline_writes,
				    1);
		}
		if (do_callback)
			qemu_plugin_register_vcpu_mem_cb(
			    insn, mem_access, QEMU_PLUGIN_CB_NO_REGS, track,
			    do_print ? insn_record(insn) : NULL);
	}
}

static void append_rw(GString *s, const char *who, uint64_t r, uint64_t w)
{
	g_string_append_printf(s,
			       "%s: accesses: %" PRIu64 ", reads: %" PRIu64
			       ", writes: %" PRIu64 "\n",
			       who, r + w, r, w);
}

static void plugin_exit(void *userdata)
{
	(void)userdata;
	g_autoptr(GString) s = g_string_new(NULL);
	int n = qemu_plugin_num_vcpus();
	struct mem_counts sum;
	static const char *const track_names[] = {"", "r", "w", "rw"};

	memset(&sum, 0, sizeof(sum));
	for (int i = 0; i < n; i++) {
		const struct mem_counts *c =
		    qemu_plugin_scoreboard_find(counts, i);

		sum.inline_reads += c->inline_reads;
		sum.inline_writes += c->inline_writes;
		sum.cb_reads += c->cb_reads;
		sum.cb_writes += c->cb_writes;
		sum.bytes_read += c->bytes_read;
		sum.bytes_written += c->bytes_written;
		sum.sign_extended += c->sign_extended;
		for (int k = 0; k < N_SHIFTS; k++)
			sum.by_shift[k] += c->by_shift[k];
	}

	for (int pass = 0; pass < 2; pass++) {
		bool cb = pass == 1;

		if (cb ? !do_callback : !do_inline)
			continue;
		g_string_append_printf(s, "mem (%s, track=%s):\n",
				       cb ? "callback" : "inline",
				       track_names[track]);
		for (int i = 0; i < n; i++) {
			const struct mem_counts *c =
			    qemu_plugin_scoreboard_find(counts, i);
			char who[32];

			snprintf(who, sizeof(who), "vcpu %d", i);
			append_rw(s, who, cb ? c->cb_reads : c->inline_reads,
				  cb ? c->cb_writes : c->inline_writes);
		}
		append_rw(s, "total", cb ? sum.cb_reads : sum.inline_reads,
			  cb ? sum.cb_writes : sum.inline_writes);
	}
	if (do_callback) {
		g_string_append_printf(
		    s,
		    "bytes read: %" PRIu64 ", bytes written: %" PRIu64
		    ", sign-extended loads: %" PRIu64 "\n",
		    sum.bytes_read, sum.bytes_written, sum.sign_extended);
		g_string_append(s, "access sizes:");
		for (int k = 0; k < N_SHIFTS; k++)
			g_string_append_printf(s, "%s %d: %" PRIu64,
					       k ? "," : "", 1 << k,
					       sum.by_shift[k]);
		g_string_append(s, "\n");
	}
	qemu_plugin_outs(s->str);

	qemu_plugin_scoreboard_free(counts);
	counts = NULL;
	g_hash_table_destroy(insns);
	insns = NULL;
}

static int parse_bool(char **kv, const char *arg, bool *out)
{
	if (qemu_plugin_bool_parse(kv[0], kv[1], out))
		return 0;
	fprintf(stderr, "mem: '%s': value must be on or off\n", arg);
	return -1;
}

static int parse_args(int argc, char **argv)
{
	bool callback_given = false;

	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);
		int err = 0;

		if (!kv[0] || !kv[1]) {
			err = -1;
			fprintf(stderr, "mem: bad argument '%s'\n", argv[i]);
		} else if (strcmp(kv[0], "inline") == 0) {
			err = parse_bool(kv, argv[i], &do_inline);
		} else if (strcmp(kv[0], "callback") == 0) {
			err = parse_bool(kv, argv[i], &do_callback);
			callback_given = true;
		} else if (strcmp(kv[0], "print-accesses") == 0) {
			err = parse_bool(kv, argv[i], &do_print);
		} else if (strcmp(kv[0], "track") == 0) {
			if (strcmp(kv[1], "r") == 0)
				track = QEMU_PLUGIN_MEM_R;
			else if (strcmp(kv[1], "w") == 0)
				track = QEMU_PLUGIN_MEM_W;
			else if (strcmp(kv[1], "rw") == 0)
				track = QEMU_PLUGIN_MEM_RW;
			else {
				fprintf(stderr,
					"mem: '%s': track must be r, w or rw\n",
					argv[i]);
				err = -1;
			}
		} else {
			fprintf(stderr,
				"mem: unknown argument '%s' (expected "
				"inline=on|off, callback=on|off, "
				"track=r|w|rw, print-accesses=on|off)\n",
				argv[i]);
			err = -1;
		}
		if (err)
			return err;
	}
	if (do_print || (!do_inline && !callback_given))
		do_callback = true;
	if (!do_inline && !do_callback) {
		fprintf(stderr, "mem: inline=off and callback=off: nothing "
				"to count\n");
		return -1;
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

	counts = qemu_plugin_scoreboard_new(sizeof(struct mem_counts));
	inline_reads = qemu_plugin_scoreboard_u64_in_struct(
	    counts, struct mem_counts, inline_reads);
	inline_writes = qemu_plugin_scoreboard_u64_in_struct(
	    counts, struct mem_counts, inline_writes);
	insns = g_hash_table_new_full(key_hash, key_equal, NULL, rec_free);

	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
