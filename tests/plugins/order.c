/*
 * Test plugin: ordering rules (docs/plugin-api-notes.md section 6).
 *
 *   mode=slot   in each block, instruction and memory array, registers
 *               [inline A += 1] [callback 1] [inline B += 1] [callback 2]
 *               (and a conditional callback on A == expected after the
 *               first inline op): callback 1 must see A incremented and B
 *               not, callback 2 both.  Prints how many callbacks saw the
 *               right values, per array.
 *   mode=trace  prints the first 200 execution events (block exec,
 *               instruction exec, memory access), addresses relative to the
 *               block, to show block < insn < mem order.
 *   mode=two,name=X
 *               for two instances (-plugin A -plugin B): prints
 *               "X event" for install, vcpu_init, tb_trans (first 3),
 *               block exec (first 3), syscall, atexit, so the order of the
 *               two plugins is visible.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static char mode[32], name[16];

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

/* ---- slot ---- */

enum { TB, INSN, MEM, N_ARR };
static const char *const arr_names[N_ARR] = {"tb", "insn", "mem"};
static struct qemu_plugin_scoreboard *sb;
/* per array: entries A and B */
static qemu_plugin_u64 ea[N_ARR], eb[N_ARR];
static uint64_t shadow[N_ARR]; /* completed executions */
static uint64_t ok1[N_ARR], ok2[N_ARR], bad[N_ARR], cond_ok[N_ARR];

static void cb1(unsigned vcpu, int k)
{
	uint64_t a = qemu_plugin_u64_get(ea[k], vcpu);
	uint64_t b = qemu_plugin_u64_get(eb[k], vcpu);
	if (a == shadow[k] + 1 && b == shadow[k])
		ok1[k]++;
	else
		bad[k]++;
}

static void cb2(unsigned vcpu, int k)
{
	uint64_t a = qemu_plugin_u64_get(ea[k], vcpu);
	uint64_t b = qemu_plugin_u64_get(eb[k], vcpu);
	if (a == shadow[k] + 1 && b == shadow[k] + 1)
		ok2[k]++;
	else
		bad[k]++;
	shadow[k]++;
}

static void cond_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	cond_ok[(uintptr_t)ud]++;
}

static void exec_cb1(unsigned vcpu, void *ud)
{
	cb1(vcpu, (int)(uintptr_t)ud);
}
static void exec_cb2(unsigned vcpu, void *ud)
{
	cb2(vcpu, (int)(uintptr_t)ud);
}
static void mem_cb1(unsigned vcpu, qemu_plugin_meminfo_t i, uint64_t va,
		    void *ud)
{
	(void)i;
	(void)va;
	cb1(vcpu, (int)(uintptr_t)ud);
}
static void mem_cb2(unsigned vcpu, qemu_plugin_meminfo_t i, uint64_t va,
		    void *ud)
{
	(void)i;
	(void)va;
	cb2(vcpu, (int)(uintptr_t)ud);
}

/*
 * Each array: [inline A += 1] [cond cb: A == 0] [cb 1] [inline B += 1]
 * [cb 2].  The conditional callback tests A after the inline op before it,
 * so A == 0 never holds (it would on the first run if the test came first).
 */
static void slot_trans(struct qemu_plugin_tb *tb)
{
	void *ud = (void *)(uintptr_t)TB;
	qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
	    tb, QEMU_PLUGIN_INLINE_ADD_U64, ea[TB], 1);
	qemu_plugin_register_vcpu_tb_exec_cond_cb(
	    tb, cond_cb, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_EQ, ea[TB], 0,
	    ud);
	qemu_plugin_register_vcpu_tb_exec_cb(tb, exec_cb1,
					     QEMU_PLUGIN_CB_NO_REGS, ud);
	qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
	    tb, QEMU_PLUGIN_INLINE_ADD_U64, eb[TB], 1);
	qemu_plugin_register_vcpu_tb_exec_cb(tb, exec_cb2,
					     QEMU_PLUGIN_CB_NO_REGS, ud);
	for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		ud = (void *)(uintptr_t)INSN;
		qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
		    in, QEMU_PLUGIN_INLINE_ADD_U64, ea[INSN], 1);
		qemu_plugin_register_vcpu_insn_exec_cond_cb(
		    in, cond_cb, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_EQ,
		    ea[INSN], 0, ud);
		qemu_plugin_register_vcpu_insn_exec_cb(
		    in, exec_cb1, QEMU_PLUGIN_CB_NO_REGS, ud);
		qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
		    in, QEMU_PLUGIN_INLINE_ADD_U64, eb[INSN], 1);
		qemu_plugin_register_vcpu_insn_exec_cb(
		    in, exec_cb2, QEMU_PLUGIN_CB_NO_REGS, ud);
		ud = (void *)(uintptr_t)MEM;
		qemu_plugin_register_vcpu_mem_inline_per_vcpu(
		    in, QEMU_PLUGIN_MEM_RW, QEMU_PLUGIN_INLINE_ADD_U64, ea[MEM],
		    1);
		qemu_plugin_register_vcpu_mem_cb(in, mem_cb1,
						 QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, ud);
		qemu_plugin_register_vcpu_mem_inline_per_vcpu(
		    in, QEMU_PLUGIN_MEM_RW, QEMU_PLUGIN_INLINE_ADD_U64, eb[MEM],
		    1);
		qemu_plugin_register_vcpu_mem_cb(in, mem_cb2,
						 QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, ud);
	}
}

/* ---- trace ---- */

static int n_events;

static void ev(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void ev(const char *fmt, ...)
{
	if (n_events++ >= 200)
		return;
	char buf[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	outf("%s\n", buf);
}

static uint64_t cur_tb;

static void tr_tb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	cur_tb = (uintptr_t)ud;
	ev("tb @+0x%" PRIx64, cur_tb - qemu_plugin_entry_code());
}

static void tr_insn(unsigned vcpu, void *ud)
{
	(void)vcpu;
	ev("  insn +%" PRIu64, (uint64_t)(uintptr_t)ud - cur_tb);
}

static void tr_mem(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t va,
		   void *ud)
{
	(void)vcpu;
	(void)va;
	ev("    mem +%" PRIu64 " %s", (uint64_t)(uintptr_t)ud - cur_tb,
	   qemu_plugin_mem_is_store(info) ? "W" : "R");
}

static void trace_trans(struct qemu_plugin_tb *tb)
{
	/* mem first, then exec: registration order between arrays must not
	 * matter, only the array's place in the block */
	for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		void *va = (void *)(uintptr_t)qemu_plugin_insn_vaddr(in);
		qemu_plugin_register_vcpu_mem_cb(
		    in, tr_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, va);
		qemu_plugin_register_vcpu_insn_exec_cb(
		    in, tr_insn, QEMU_PLUGIN_CB_NO_REGS, va);
	}
	qemu_plugin_register_vcpu_tb_exec_cb(
	    tb, tr_tb, QEMU_PLUGIN_CB_NO_REGS,
	    (void *)(uintptr_t)qemu_plugin_tb_vaddr(tb));
}

/* ---- two ---- */

static int n_trans, n_exec;

static void two_exec(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	if (n_exec++ < 3)
		outf("%s tb_exec\n", name);
}

static void two_trans(struct qemu_plugin_tb *tb)
{
	if (n_trans++ < 3)
		outf("%s tb_trans +0x%" PRIx64 "\n", name,
		     qemu_plugin_tb_vaddr(tb) - qemu_plugin_entry_code());
	qemu_plugin_register_vcpu_tb_exec_cb(tb, two_exec,
					     QEMU_PLUGIN_CB_NO_REGS, NULL);
}

static void two_init(unsigned vcpu, void *ud)
{
	(void)ud;
	outf("%s vcpu_init %u\n", name, vcpu);
}

static void two_syscall(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
			uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
			uint64_t a7, uint64_t a8, void *ud)
{
	(void)vcpu, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	(void)a6, (void)a7, (void)a8, (void)ud;
	outf("%s syscall %" PRId64 "\n", name, num);
}

/* ---- common ---- */

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	if (!strcmp(mode, "slot"))
		slot_trans(tb);
	else if (!strcmp(mode, "trace"))
		trace_trans(tb);
	else
		two_trans(tb);
}

static void at_exit(void *ud)
{
	if (!strcmp(mode, "slot")) {
		for (int k = 0; k < N_ARR; k++)
			outf("%s: runs=%" PRIu64 " after_inline_ok=%" PRIu64
			     " before_inline_ok=%" PRIu64 " wrong=%" PRIu64
			     " cond_eq0_calls=%" PRIu64 "\n",
			     arr_names[k], qemu_plugin_u64_sum(ea[k]), ok1[k],
			     ok2[k], bad[k], cond_ok[k]);
	} else if (!strcmp(mode, "two")) {
		outf("%s atexit %s\n", name, (const char *)ud);
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "mode=", 5))
			snprintf(mode, sizeof(mode), "%s", argv[i] + 5);
		else if (!strncmp(argv[i], "name=", 5))
			snprintf(name, sizeof(name), "%s", argv[i] + 5);
	}
	if (strcmp(mode, "slot") && strcmp(mode, "trace") &&
	    strcmp(mode, "two"))
		return 1;
	sb = qemu_plugin_scoreboard_new(2 * N_ARR * sizeof(uint64_t));
	for (int k = 0; k < N_ARR; k++) {
		ea[k] = (qemu_plugin_u64){sb, (size_t)(2 * k) * 8};
		eb[k] = (qemu_plugin_u64){sb, (size_t)(2 * k + 1) * 8};
	}
	if (!strcmp(mode, "two")) {
		outf("%s install\n", name);
		qemu_plugin_register_vcpu_init_cb(id, two_init, NULL);
		qemu_plugin_register_vcpu_syscall_cb(id, two_syscall, NULL);
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, (void *)"userdata-ok");
	return 0;
}
