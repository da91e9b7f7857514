/*
 * Test plugin: registers and the pc, with tests/plugins/guests/regs.S.
 * Arguments: mode=M, and the guest's label addresses mark_w=, skip_from=,
 * skip_to=, fp_read= (check.sh takes them from nm).
 *
 *   list      vcpu_init prints every register: name, feature, size (the
 *             bytes read_register appends), read-only; that no name is
 *             listed twice; the values of misa, mhartid, priv, mstatus and
 *             sstatus (fields decoded); that writes to CSRs and priv are
 *             refused (with RW_REGS) and change nothing
 *   read      R_REGS callbacks: a0 and pc before each instruction from
 *             _start to mark_w, pc in a block callback, FP registers and
 *             fflags/frm/fcsr at fp_read, that read_register appends,
 *             that write_register is refused at R_REGS, and the counters
 *             and mstatus.FS at fp_read
 *   write     RW_REGS callbacks: a0 := 7 at mark_w (the guest prints 7),
 *             fa1 := 1.0 at fp_read (exit status 0x3f), pc, x0, CSR and
 *             priv writes
 *   noregs    NO_REGS callback at mark_w: read and write return false
 *   setpc     RW_REGS_PC callback at skip_from: set_pc(skip_to), so "A" is
 *             not printed; a second callback on skip_from must not run
 *   setpc_rw  the same from an RW_REGS callback (allowed, as upstream)
 *   setpc_sys set_pc(skip_to) from the syscall callback of the write of
 *             "A": that write is not done and has no syscall_ret
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static char mode[32];
static uint64_t mark_w, skip_from, skip_to, fp_read, entry;

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	qemu_plugin_outs(buf);
}

static struct qemu_plugin_register *reg_by_name(const char *name)
{
	GArray *regs = qemu_plugin_get_registers();
	struct qemu_plugin_register *h = NULL;
	for (guint i = 0; i < regs->len; i++) {
		qemu_plugin_reg_descriptor *d =
		    &g_array_index(regs, qemu_plugin_reg_descriptor, i);
		if (!strcmp(d->name, name))
			h = d->handle;
	}
	g_array_free(regs, true);
	if (!h) {
		outf("no register %s\n", name);
		exit(2);
	}
	return h;
}

/* Read a register as a little-endian number; *ok gets the result. */
static uint64_t rd(const char *name, bool *ok)
{
	GByteArray *b = g_byte_array_new();
	bool r = qemu_plugin_read_register(reg_by_name(name), b);
	uint64_t v = 0;
	for (guint i = 0; i < b->len && i < 8; i++)
		v |= (uint64_t)b->data[i] << (8 * i);
	g_byte_array_free(b, true);
	if (ok)
		*ok = r;
	return v;
}

static bool wr(const char *name, uint64_t v)
{
	GByteArray *b = g_byte_array_new();
	g_byte_array_append(b, (const guint8 *)&v, 8);
	bool r = qemu_plugin_write_register(reg_by_name(name), b);
	g_byte_array_free(b, true);
	return r;
}

static void list_regs(void)
{
	GArray *regs = qemu_plugin_get_registers();
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < regs->len; i++) {
		qemu_plugin_reg_descriptor *d =
		    &g_array_index(regs, qemu_plugin_reg_descriptor, i);
		GByteArray *b = g_byte_array_new();
		bool ok = qemu_plugin_read_register(d->handle, b);
		outf("%s %s %u%s%s\n", d->name, d->feature, b->len,
		     d->is_readonly ? " readonly" : "",
		     ok ? "" : " (read failed)");
		g_byte_array_free(b, true);
		if (!g_hash_table_add(seen, (gpointer)d->name))
			outf("duplicate %s\n", d->name);
	}
	g_hash_table_destroy(seen);
	/* the array is zero-terminated like QEMU's */
	qemu_plugin_reg_descriptor *end =
	    &g_array_index(regs, qemu_plugin_reg_descriptor, regs->len);
	outf("count %u terminator %s\n", regs->len,
	     end->handle == NULL && end->name == NULL ? "zero" : "missing");
	g_array_free(regs, true);
}

/* The CSR values of a user-mode RV64GC Linux process, and refused writes;
 * vcpu_init of the main thread (RW_REGS). */
static void list_csrs(void)
{
	uint64_t misa = rd("misa", NULL);
	char ext[27] = "";
	for (int i = 0, n = 0; i < 26; i++)
		if (misa >> i & 1)
			ext[n++] = (char)('A' + i);
	outf("misa=0x%016" PRIx64 " MXL=%" PRIu64 " extensions=%s\n", misa,
	     misa >> 62, ext);
	outf("mhartid=%" PRIu64 " priv=%" PRIu64 "\n", rd("mhartid", NULL),
	     rd("priv", NULL));
	uint64_t ms = rd("mstatus", NULL), ss = rd("sstatus", NULL);
	/* SD (63), SXL (35:34), UXL (33:32), FS (14:13), then the rest */
	uint64_t fields =
	    UINT64_C(1) << 63 | UINT64_C(15) << 32 | UINT64_C(3) << 13;
	outf("mstatus=0x%016" PRIx64 " SD=%" PRIu64 " SXL=%" PRIu64
	     " UXL=%" PRIu64 " FS=%" PRIu64 " rest=0x%" PRIx64 "\n",
	     ms, ms >> 63, ms >> 34 & 3, ms >> 32 & 3, ms >> 13 & 3,
	     ms & ~fields);
	outf("sstatus=0x%016" PRIx64 " SD=%" PRIu64 " UXL=%" PRIu64
	     " FS=%" PRIu64 " rest=0x%" PRIx64 "\n",
	     ss, ss >> 63, ss >> 32 & 3, ss >> 13 & 3, ss & ~fields);
	outf("satp=%" PRIu64 " mvendorid=%" PRIu64 " hpmcounter3=%" PRIu64
	     " pmpaddr15=%" PRIu64 " mhcounteren=%" PRIu64 "\n",
	     rd("satp", NULL), rd("mvendorid", NULL), rd("hpmcounter3", NULL),
	     rd("pmpaddr15", NULL), rd("mhcounteren", NULL));
	/* read-only, as pc: write_register refuses, the value stays */
	const char *ro[] = {"mstatus", "misa",	 "mhartid", "priv",
			    "cycle",   "mcycle", "satp"};
	for (size_t i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		uint64_t before = rd(ro[i], NULL);
		bool w = wr(ro[i], 0x1234);
		outf("write %s: %d %s\n", ro[i], w,
		     rd(ro[i], NULL) == before ? "unchanged" : "CHANGED");
	}
}

static void read_insn(unsigned vcpu, void *ud)
{
	(void)vcpu;
	uint64_t va = (uintptr_t)ud;
	bool ok1, ok2;
	uint64_t a0 = rd("a0", &ok1);
	uint64_t pc = rd("pc", &ok2);
	outf("+%" PRIu64 ": a0=%" PRIu64 " pc=%s%s\n", va - entry, a0,
	     pc == va ? "insn" : "WRONG", ok1 && ok2 ? "" : " (read failed)");
}

static void read_tb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	uint64_t va = (uintptr_t)ud;
	if (va != entry)
		return;
	outf("block +%" PRIu64 ": pc=%s\n", va - entry,
	     rd("pc", NULL) == va ? "block" : "WRONG");
}

static void read_fp(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	outf("fa0=%016" PRIx64 " fflags=%" PRIu64 " frm=%" PRIu64
	     " fcsr=0x%" PRIx64 "\n",
	     rd("fa0", NULL), rd("fflags", NULL), rd("frm", NULL),
	     rd("fcsr", NULL));
	/* read_register appends to what the array holds */
	GByteArray *b = g_byte_array_new();
	g_byte_array_append(b, (const guint8 *)"xyz", 3);
	bool ok = qemu_plugin_read_register(reg_by_name("fa0"), b);
	outf("append: ok=%d len=%u first=%c byte3=%02x\n", ok, b->len,
	     b->data[0], b->data[3]);
	g_byte_array_free(b, true);
	outf("write at R_REGS: %d\n", wr("a5", 1));
	/* The counters count retired instructions: at least the 37 before
	 * fp_read (the guest has only 4-byte instructions), at most those
	 * and the 4 of fp_read's block (loupe counts a block's instructions
	 * as it enters it).  mcycle/minstret are what cycle/instret shadow;
	 * hpmcounters are not implemented. */
	uint64_t before = (fp_read - entry) / 4, n = rd("instret", NULL);
	outf("instret: >=%" PRIu64 ":%d <=%" PRIu64 ":%d; cycle %s, mcycle "
	     "%s, minstret %s; hpmcounter31=%" PRIu64 "\n",
	     before, n >= before, before + 4, n <= before + 4,
	     rd("cycle", NULL) == n ? "same" : "DIFFERS",
	     rd("mcycle", NULL) == n ? "same" : "DIFFERS",
	     rd("minstret", NULL) == n ? "same" : "DIFFERS",
	     rd("hpmcounter31", NULL));
	outf("mstatus.FS=%" PRIu64 " sstatus.FS=%" PRIu64 "\n",
	     rd("mstatus", NULL) >> 13 & 3, rd("sstatus", NULL) >> 13 & 3);
}

static void write_mark(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	bool w = wr("a0", 7);
	outf("write a0: %d readback=%" PRIu64 "\n", w, rd("a0", NULL));
	outf("write pc: %d\n", wr("pc", 0x1234));
	outf("write mstatus: %d write priv: %d write instret: %d\n",
	     wr("mstatus", 0), wr("priv", 3), wr("instret", 0));
	outf("write zero: %d readback=%" PRIu64 "\n", wr("zero", 99),
	     rd("zero", NULL));
	/* a short buffer is refused */
	GByteArray *b = g_byte_array_new();
	outf("write empty: %d\n",
	     qemu_plugin_write_register(reg_by_name("a1"), b));
	g_byte_array_free(b, true);
}

static void write_fp(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	outf("write fa1: %d\n", wr("fa1", UINT64_C(0x3ff0000000000000)));
}

static void noregs_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	bool ok;
	rd("a0", &ok);
	outf("noregs: read=%d write=%d\n", ok, wr("a0", 7));
}

static void setpc_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	outf("set_pc to skip_to\n");
	qemu_plugin_set_pc(skip_to);
}

static void after_setpc_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	outf("ERROR: callback after set_pc ran\n");
}

static void skipped_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	outf("ran +%" PRIu64 "\n", (uint64_t)(uintptr_t)ud - entry);
}

static void sys_cb(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
		   uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		   uint64_t a7, uint64_t a8, void *ud)
{
	(void)vcpu, (void)a1, (void)a3, (void)a4, (void)a5, (void)a6;
	(void)a7, (void)a8, (void)ud;
	if (num != 64)
		return;
	GByteArray *b = g_byte_array_new();
	qemu_plugin_read_memory_vaddr(a2, b, 1);
	char c = b->len ? (char)b->data[0] : '?';
	g_byte_array_free(b, true);
	outf("syscall write '%c'\n", c);
	if (c == 'A')
		qemu_plugin_set_pc(skip_to);
}

static void sys_ret(unsigned vcpu, int64_t num, int64_t ret, void *ud)
{
	(void)vcpu, (void)ud;
	outf("syscall_ret %" PRId64 " = %" PRId64 "\n", num, ret);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	uint64_t tbva = qemu_plugin_tb_vaddr(tb);
	if (!strcmp(mode, "read"))
		qemu_plugin_register_vcpu_tb_exec_cb(tb, read_tb,
						     QEMU_PLUGIN_CB_R_REGS,
						     (void *)(uintptr_t)tbva);
	for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(in);
		void *vp = (void *)(uintptr_t)va;
		if (!strcmp(mode, "read")) {
			if (va >= entry && va <= mark_w)
				qemu_plugin_register_vcpu_insn_exec_cb(
				    in, read_insn, QEMU_PLUGIN_CB_R_REGS, vp);
			if (va == fp_read)
				qemu_plugin_register_vcpu_insn_exec_cb(
				    in, read_fp, QEMU_PLUGIN_CB_R_REGS, vp);
		} else if (!strcmp(mode, "write")) {
			if (va == mark_w)
				qemu_plugin_register_vcpu_insn_exec_cb(
				    in, write_mark, QEMU_PLUGIN_CB_RW_REGS, vp);
			if (va == fp_read)
				qemu_plugin_register_vcpu_insn_exec_cb(
				    in, write_fp, QEMU_PLUGIN_CB_RW_REGS, vp);
		} else if (!strcmp(mode, "noregs")) {
			if (va == mark_w)
				qemu_plugin_register_vcpu_insn_exec_cb(
				    in, noregs_cb, QEMU_PLUGIN_CB_NO_REGS, vp);
		} else if (!strncmp(mode, "setpc", 5) &&
			   strcmp(mode, "setpc_sys")) {
			if (va == skip_from) {
				qemu_plugin_register_vcpu_insn_exec_cb(
				    in, setpc_cb,
				    !strcmp(mode, "setpc")
					? QEMU_PLUGIN_CB_RW_REGS_PC
					: QEMU_PLUGIN_CB_RW_REGS,
				    vp);
				qemu_plugin_register_vcpu_insn_exec_cb(
				    in, after_setpc_cb, QEMU_PLUGIN_CB_NO_REGS,
				    vp);
			}
			/* which instructions around the jump run */
			if (va >= skip_from && va <= skip_to)
				qemu_plugin_register_vcpu_insn_exec_cb(
				    in, skipped_cb, QEMU_PLUGIN_CB_NO_REGS, vp);
		}
	}
}

static void vcpu_init(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	if (!strcmp(mode, "list")) {
		list_regs();
		list_csrs();
	}
	/* registers are readable in vcpu_init (RW_REGS): the entry pc */
	if (!strcmp(mode, "read")) {
		bool ok;
		uint64_t pc = rd("pc", &ok);
		outf("vcpu_init: read=%d pc=%s\n", ok,
		     pc == entry ? "entry" : "WRONG");
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		char *v = strchr(argv[i], '=');
		if (!v)
			continue;
		v++;
		if (!strncmp(argv[i], "mode=", 5))
			snprintf(mode, sizeof(mode), "%s", v);
		else if (!strncmp(argv[i], "mark_w=", 7))
			mark_w = strtoull(v, NULL, 0);
		else if (!strncmp(argv[i], "skip_from=", 10))
			skip_from = strtoull(v, NULL, 0);
		else if (!strncmp(argv[i], "skip_to=", 8))
			skip_to = strtoull(v, NULL, 0);
		else if (!strncmp(argv[i], "fp_read=", 8))
			fp_read = strtoull(v, NULL, 0);
	}
	if (!mode[0])
		return 1;
	entry = qemu_plugin_entry_code();
	qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	if (!strcmp(mode, "setpc_sys")) {
		qemu_plugin_register_vcpu_syscall_cb(id, sys_cb, NULL);
		qemu_plugin_register_vcpu_syscall_ret_cb(id, sys_ret, NULL);
	}
	return 0;
}
