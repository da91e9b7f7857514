/*
 * Test plugin: discontinuities, with tests/plugins/guests/discon.c.
 * Arguments: usr1=, segv=, fault= (addresses of usr1_handler, segv_handler
 * and fault_here, from nm), type=all|exception (what to register for).
 *
 * loupe reports (a documented loupe behaviour; QEMU's linux-user reports
 * none): HOSTCALL for every system call that returns, from the ecall to
 * the next instruction; EXCEPTION when a synchronous signal enters a
 * handler, from the faulting instruction to the handler; INTERRUPT when an
 * asynchronous signal enters a handler, from the next instruction that
 * would have run to the handler.
 *
 * Prints each event with addresses named (ecall, next, handler names), the
 * pc as read in the callback (must be the "to" address), the syscall the
 * event follows; and the instruction and memory callbacks of fault_here
 * (the instruction callback runs, the faulting access is never reported).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t usr1, segv, fault, last_next;
static int64_t last_sys = -1;
static GHashTable *ecalls;
static struct qemu_plugin_register *pc_reg;

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

static const char *name_of(uint64_t a, char *buf, size_t size)
{
	if (a == usr1)
		return "usr1_handler";
	if (a == segv)
		return "segv_handler";
	if (a == fault)
		return "fault_here";
	if (g_hash_table_contains(ecalls, GSIZE_TO_POINTER(a)))
		return "an-ecall";
	if (a == last_next)
		return "after-last-ecall";
	snprintf(buf, size, "0x%" PRIx64, a);
	return buf;
}

static void on_discon(unsigned vcpu, enum qemu_plugin_discon_type type,
		      uint64_t from, uint64_t to, void *ud)
{
	(void)vcpu, (void)ud;
	GByteArray *b = g_byte_array_new();
	uint64_t pc = 0;
	if (qemu_plugin_read_register(pc_reg, b) && b->len == 8)
		memcpy(&pc, b->data, 8);
	g_byte_array_free(b, true);
	char f[32], t[32];
	const char *tn = type == QEMU_PLUGIN_DISCON_HOSTCALL	? "HOSTCALL"
			 : type == QEMU_PLUGIN_DISCON_EXCEPTION ? "EXCEPTION"
			 : type == QEMU_PLUGIN_DISCON_INTERRUPT ? "INTERRUPT"
								: "?";
	const char *fn = name_of(from, f, sizeof(f));
	const char *tname;
	if (type == QEMU_PLUGIN_DISCON_HOSTCALL && to == from + 4) {
		tname = "ecall+4";
		last_next = to;
	} else {
		tname = name_of(to, t, sizeof(t));
	}
	if (type == QEMU_PLUGIN_DISCON_HOSTCALL)
		outf("%s syscall=%" PRId64 " from=%s to=%s pc=%s\n", tn,
		     last_sys, fn, tname, pc == to ? "to" : "WRONG");
	else
		outf("%s from=%s to=%s pc=%s\n", tn, fn, tname,
		     pc == to ? "to" : "WRONG");
}

static void on_syscall(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		       uint64_t a7, uint64_t a8, void *ud)
{
	(void)vcpu, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	(void)a6, (void)a7, (void)a8, (void)ud;
	last_sys = num;
}

static void fault_insn(unsigned vcpu, void *ud)
{
	(void)vcpu, (void)ud;
	outf("insn callback at fault_here\n");
}

static void fault_mem(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
		      void *ud)
{
	(void)vcpu, (void)info, (void)ud;
	outf("ERROR: memory callback at fault_here (vaddr 0x%" PRIx64 ")\n",
	     vaddr);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(in);
		char *d = qemu_plugin_insn_disas(in);
		if (!strcmp(d, "ecall"))
			g_hash_table_add(ecalls, GSIZE_TO_POINTER(va));
		g_free(d);
		if (va == fault) {
			qemu_plugin_register_vcpu_insn_exec_cb(
			    in, fault_insn, QEMU_PLUGIN_CB_NO_REGS, NULL);
			qemu_plugin_register_vcpu_mem_cb(
			    in, fault_mem, QEMU_PLUGIN_CB_NO_REGS,
			    QEMU_PLUGIN_MEM_RW, NULL);
		}
	}
}

static void vcpu_init(unsigned vcpu, void *ud)
{
	(void)vcpu, (void)ud;
	GArray *regs = qemu_plugin_get_registers();
	for (guint i = 0; i < regs->len; i++) {
		qemu_plugin_reg_descriptor *d =
		    &g_array_index(regs, qemu_plugin_reg_descriptor, i);
		if (!strcmp(d->name, "pc"))
			pc_reg = d->handle;
	}
	g_array_free(regs, true);
}

static void at_exit(void *ud)
{
	(void)ud;
	outf("atexit\n");
	g_hash_table_destroy(ecalls);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	enum qemu_plugin_discon_type type = QEMU_PLUGIN_DISCON_ALL;
	for (int i = 0; i < argc; i++) {
		char *v = strchr(argv[i], '=');
		if (!v)
			return 1;
		v++;
		if (!strncmp(argv[i], "usr1=", 5))
			usr1 = strtoull(v, NULL, 0);
		else if (!strncmp(argv[i], "segv=", 5))
			segv = strtoull(v, NULL, 0);
		else if (!strncmp(argv[i], "fault=", 6))
			fault = strtoull(v, NULL, 0);
		else if (!strcmp(argv[i], "type=exception"))
			type = QEMU_PLUGIN_DISCON_EXCEPTION;
	}
	ecalls = g_hash_table_new(NULL, NULL);
	qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
	qemu_plugin_register_vcpu_discon_cb(id, type, on_discon, NULL);
	qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
