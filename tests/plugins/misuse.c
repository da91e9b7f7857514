/*
 * Test plugin: API misuse.  Each mode=M makes one mistake; loupe must stop
 * with exactly one line "loupe: plugin API misuse: ..." on stderr and exit
 * status 1 (not a crash, not a sanitizer report).  Used with
 * tests/plugins/guests/count.S.
 *
 *   sbfind       qemu_plugin_scoreboard_find with vCPU index 1000000
 *   u64offset    a qemu_plugin_u64 whose offset lies outside the entry
 *   stale_tb     a block handle kept from tb_trans, used in an exec callback
 *   stale_insn   an instruction handle kept from one tb_trans, used to
 *                register in a later one
 *   badflags     callback flags 9
 *   badcond      condition 42
 *   setpc_rregs  qemu_plugin_set_pc from an R_REGS callback
 *   reg_atexit   qemu_plugin_read_register in atexit (no vCPU)
 *   badreg       a register handle that get_registers never gave
 *   memval       qemu_plugin_mem_get_value outside a memory callback
 *   badid        qemu_plugin_uninstall with an id that is not a plugin's
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static char mode[32];
static qemu_plugin_id_t self;
static struct qemu_plugin_tb *kept_tb;
static struct qemu_plugin_insn *kept_insn;
static struct qemu_plugin_scoreboard *sb;
static int n_trans;

static void nop_cb(unsigned vcpu, void *ud)
{
	(void)vcpu, (void)ud;
}

static void use_kept_tb(unsigned vcpu, void *ud)
{
	(void)vcpu, (void)ud;
	qemu_plugin_outs("using the kept block handle\n");
	size_t n = qemu_plugin_tb_n_insns(kept_tb);
	(void)n;
}

static void setpc_cb(unsigned vcpu, void *ud)
{
	(void)vcpu, (void)ud;
	qemu_plugin_set_pc(qemu_plugin_entry_code());
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	n_trans++;
	struct qemu_plugin_insn *in0 = qemu_plugin_tb_get_insn(tb, 0);
	if (!strcmp(mode, "sbfind")) {
		qemu_plugin_scoreboard_find(sb, 1000000);
	} else if (!strcmp(mode, "u64offset")) {
		qemu_plugin_u64 e = {sb, 8};
		qemu_plugin_u64_get(e, 0);
	} else if (!strcmp(mode, "stale_tb")) {
		kept_tb = tb;
		qemu_plugin_register_vcpu_tb_exec_cb(
		    tb, use_kept_tb, QEMU_PLUGIN_CB_NO_REGS, NULL);
	} else if (!strcmp(mode, "stale_insn")) {
		if (n_trans == 1)
			kept_insn = in0;
		else
			qemu_plugin_register_vcpu_insn_exec_cb(
			    kept_insn, nop_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
	} else if (!strcmp(mode, "badflags")) {
		qemu_plugin_register_vcpu_insn_exec_cb(
		    in0, nop_cb, (enum qemu_plugin_cb_flags)9, NULL);
	} else if (!strcmp(mode, "badcond")) {
		qemu_plugin_register_vcpu_insn_exec_cond_cb(
		    in0, nop_cb, QEMU_PLUGIN_CB_NO_REGS,
		    (enum qemu_plugin_cond)42, qemu_plugin_scoreboard_u64(sb),
		    0, NULL);
	} else if (!strcmp(mode, "setpc_rregs")) {
		qemu_plugin_register_vcpu_insn_exec_cb(
		    in0, setpc_cb, QEMU_PLUGIN_CB_R_REGS, NULL);
	} else if (!strcmp(mode, "badreg")) {
		GByteArray *b = g_byte_array_new();
		qemu_plugin_read_register((struct qemu_plugin_register *)0x999,
					  b);
		g_byte_array_free(b, true);
	} else if (!strcmp(mode, "badid")) {
		qemu_plugin_uninstall(self + 1000, NULL, NULL);
	}
}

static void at_exit(void *ud)
{
	(void)ud;
	if (!strcmp(mode, "reg_atexit")) {
		GArray *regs = qemu_plugin_get_registers();
		GByteArray *b = g_byte_array_new();
		qemu_plugin_read_register(
		    g_array_index(regs, qemu_plugin_reg_descriptor, 10).handle,
		    b);
	} else if (!strcmp(mode, "memval")) {
		qemu_plugin_mem_get_value(0);
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	self = id;
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "mode=", 5))
			snprintf(mode, sizeof(mode), "%s", argv[i] + 5);
	if (!mode[0])
		return 1;
	sb = qemu_plugin_scoreboard_new(8);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
