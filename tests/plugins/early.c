/*
 * Test plugin: register callbacks of every flag kind in the middle of
 * blocks, and instruction counts when blocks are left early.  Used with
 * tests/plugins/guests/early.c (symbols passed as arguments: r_at, w_at,
 * setpc_from, setpc_to).
 *
 * On every instruction: an inline ADD of 1 (scoreboard) and a NO_REGS
 * callback counting too; each instruction of the guest's blk also gets a
 * NO_REGS callback that does nothing (between the register writes).
 *   r_at:       R_REGS callback: t0-t2, a0-a7, t3-t6 must hold r * 0x1111
 *               (the guest's li values, r the register number), pc = r_at
 *   w_at:       RW_REGS callback: t0 := 0x1234, a1 := 0x10 (the guest's
 *               next instruction adds them: a2 = 0x1244), reads them back
 *   setpc_from: RW_REGS_PC callback: set_pc(setpc_to) (the 3 addi of a4
 *               do not run: a4 keeps 0xeeee)
 * At exit: "early: inline=N cb=M", plus one line per check that failed
 * ("BAD ...") and "r_at ok=K w_at ok=K setpc=K" (calls that passed).  The
 * inline count must equal the callback count: both count the instructions
 * that began to run, including the one that faulted, whatever way the
 * block was left.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t r_at, w_at, setpc_from, setpc_to;
static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 e_inline;
static uint64_t cb_count, r_ok, w_ok, setpc_calls, bad;

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

static uint64_t rd(const char *name)
{
	GByteArray *b = g_byte_array_new();
	uint64_t v = 0;
	if (!qemu_plugin_read_register(reg_by_name(name), b))
		v = 0xbadbadbad;
	for (guint i = 0; i < b->len && i < 8; i++)
		v |= (uint64_t)b->data[i] << (8 * i);
	g_byte_array_free(b, true);
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

static void count_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	cb_count++;
}

static void nothing_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
}

static const struct {
	const char *name;
	int num;
} checked[] = {{"t0", 5},  {"t1", 6},  {"t2", 7},  {"a0", 10}, {"a1", 11},
	       {"a2", 12}, {"a3", 13}, {"a4", 14}, {"a5", 15}, {"a6", 16},
	       {"a7", 17}, {"t3", 28}, {"t4", 29}, {"t5", 30}, {"t6", 31}};

static void r_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	bool ok = true;
	for (size_t i = 0; i < sizeof(checked) / sizeof(checked[0]); i++) {
		uint64_t v = rd(checked[i].name);
		if (v != (uint64_t)checked[i].num * 0x1111) {
			outf("BAD r_at: %s=%#" PRIx64 "\n", checked[i].name, v);
			ok = false;
		}
	}
	if (rd("pc") != r_at) {
		outf("BAD r_at: pc=%#" PRIx64 "\n", rd("pc"));
		ok = false;
	}
	r_ok += ok;
	bad += !ok;
}

static void w_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	bool ok = rd("a1") == 11 * 0x1111 + 1 && rd("t0") == 5 * 0x1111;
	ok = wr("t0", 0x1234) && wr("a1", 0x10) && ok;
	ok = ok && rd("t0") == 0x1234 && rd("a1") == 0x10;
	if (!ok)
		outf("BAD w_at\n");
	w_ok += ok;
	bad += !ok;
}

static void setpc_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	setpc_calls++;
	qemu_plugin_set_pc(setpc_to);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	size_t n = qemu_plugin_tb_n_insns(tb);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(in);
		qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
		    in, QEMU_PLUGIN_INLINE_ADD_U64, e_inline, 1);
		if (va == r_at)
			qemu_plugin_register_vcpu_insn_exec_cb(
			    in, r_cb, QEMU_PLUGIN_CB_R_REGS, NULL);
		qemu_plugin_register_vcpu_insn_exec_cb(
		    in, count_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
		if (va == w_at)
			qemu_plugin_register_vcpu_insn_exec_cb(
			    in, w_cb, QEMU_PLUGIN_CB_RW_REGS, NULL);
		if (va >= r_at && va < setpc_to)
			qemu_plugin_register_vcpu_insn_exec_cb(
			    in, nothing_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
		if (va == setpc_from)
			qemu_plugin_register_vcpu_insn_exec_cb(
			    in, setpc_cb, QEMU_PLUGIN_CB_RW_REGS_PC, NULL);
	}
}

static void at_exit(void *ud)
{
	(void)ud;
	outf("early: inline=%" PRIu64 " cb=%" PRIu64 "\n",
	     qemu_plugin_u64_sum(e_inline), cb_count);
	outf("r_at ok=%" PRIu64 " w_at ok=%" PRIu64 " setpc=%" PRIu64
	     " bad=%" PRIu64 "\n",
	     r_ok, w_ok, setpc_calls, bad);
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
		uint64_t x = strtoull(v + 1, NULL, 0);
		if (!strncmp(argv[i], "r_at=", 5))
			r_at = x;
		else if (!strncmp(argv[i], "w_at=", 5))
			w_at = x;
		else if (!strncmp(argv[i], "setpc_from=", 11))
			setpc_from = x;
		else if (!strncmp(argv[i], "setpc_to=", 9))
			setpc_to = x;
	}
	if (!r_at || !w_at || !setpc_from || !setpc_to)
		return 1;
	sb = qemu_plugin_scoreboard_new(sizeof(uint64_t));
	e_inline = qemu_plugin_scoreboard_u64(sb);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
