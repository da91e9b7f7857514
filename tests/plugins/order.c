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
 *   mode=mix    every kind of item on each block and instruction, checked
 *               in registration order (see mix_trans): inline ADD and
 *               STORE, plain callbacks (NO_REGS and R_REGS, the latter
 *               checking the pc register), conditional callbacks that hold
 *               and that do not (EQ, NE, LT, ALWAYS, NEVER), memory
 *               callbacks and inline ops for R, W and RW.  Prints per array
 *               the runs, the calls of each callback that should run, the
 *               calls of those that should not, and the checks that failed.
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

/* ---- mix ---- */

/*
 * Exec array k (TB or INSN), in registration order:
 *   1 inline X += 1          2 cond X != 0: c1     3 cond X == 0: never
 *   4 cb c2 (R_REGS)         5 inline Y = 7        6 cond Y == 7: c3
 *   7 cond Y < 7: never      8 cond ALWAYS: c4     9 cond NEVER: never
 *  10 inline Y = 0          11 cb c5
 * Each callback checks X, Y and that the one before it ran (step); c2
 * checks that the pc register is the block's or instruction's address.
 * Memory array (each access, inline entries R, W, A, S):
 *   1 inline R += 1 (R only)  2 inline W += 1 (W only)  3 mem cb m1 (RW)
 *   4 inline A += 1 (RW)      5 mem cb m2 (R)          6 mem cb m3 (W)
 *   7 inline S = 5 (RW)       8 mem cb m4 (RW, R_REGS)
 * m4 checks the pc register and resets S, so S == 5 means 7 ran again.
 */
enum { MIX_X, MIX_Y, N_MIX_EXEC };
enum { MIX_R, MIX_W, MIX_A, MIX_S, N_MIX_MEM };
static qemu_plugin_u64 mx[2][N_MIX_EXEC], mm[N_MIX_MEM];
static uint64_t mx_shadow[2], mm_shadow[N_MIX_MEM];
static int mx_step[2], mm_step;
static uint64_t mx_calls[2][6], mx_never[2], mm_calls[5], mix_wrong[3];
static struct qemu_plugin_register *pc_reg;

static uint64_t read_pc(void)
{
	GByteArray *b = g_byte_array_new();
	uint64_t v = 0;
	if (pc_reg && qemu_plugin_read_register(pc_reg, b))
		for (guint i = 0; i < b->len && i < 8; i++)
			v |= (uint64_t)b->data[i] << (8 * i);
	g_byte_array_free(b, true);
	return v;
}

/* userdata: the address with the array in bit 0 (addresses are even) */
#define MIX_UD(va, k) ((void *)(uintptr_t)((va) | (uint64_t)(k)))
#define MIX_K(ud) ((int)((uintptr_t)(ud)&1))
#define MIX_VA(ud) ((uint64_t)(uintptr_t)(ud) & ~(uint64_t)1)

/* Callback n of array k: was the step before it n - 1, are X and Y as the
 * items before it left them? */
static void mix_check(unsigned vcpu, int k, int n, uint64_t y)
{
	bool ok = mx_step[k] == n - 1 &&
		  qemu_plugin_u64_get(mx[k][MIX_X], vcpu) == mx_shadow[k] + 1 &&
		  qemu_plugin_u64_get(mx[k][MIX_Y], vcpu) == y;
	mx_calls[k][n]++;
	if (!ok)
		mix_wrong[k]++;
	mx_step[k] = n;
}

static void mix_c1(unsigned vcpu, void *ud)
{
	/* Y is 0 from the last run (or never stored) */
	mix_check(vcpu, MIX_K(ud), 1, 0);
}
static void mix_c2(unsigned vcpu, void *ud)
{
	mix_check(vcpu, MIX_K(ud), 2, 0);
	if (read_pc() != MIX_VA(ud))
		mix_wrong[MIX_K(ud)]++;
}
static void mix_c3(unsigned vcpu, void *ud)
{
	mix_check(vcpu, MIX_K(ud), 3, 7);
}
static void mix_c4(unsigned vcpu, void *ud)
{
	mix_check(vcpu, MIX_K(ud), 4, 7);
}
static void mix_c5(unsigned vcpu, void *ud)
{
	int k = MIX_K(ud);
	mix_check(vcpu, k, 5, 0);
	mx_step[k] = 0;
	mx_shadow[k]++;
}
static void mix_never(unsigned vcpu, void *ud)
{
	(void)vcpu;
	mx_never[MIX_K(ud)]++;
}

/* Memory callback n: R/W/A as items 1, 2 and 4 leave them for this
 * access. */
static void mix_mem_check(unsigned vcpu, qemu_plugin_meminfo_t info, int n,
			  int step)
{
	bool st = qemu_plugin_mem_is_store(info);
	bool ok =
	    mm_step == step &&
	    qemu_plugin_u64_get(mm[MIX_R], vcpu) == mm_shadow[MIX_R] + !st &&
	    qemu_plugin_u64_get(mm[MIX_W], vcpu) == mm_shadow[MIX_W] + st &&
	    qemu_plugin_u64_get(mm[MIX_A], vcpu) == mm_shadow[MIX_A] + (n > 1);
	mm_calls[n]++;
	if (!ok)
		mix_wrong[2]++;
}

static void mix_m1(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t va,
		   void *ud)
{
	(void)va, (void)ud;
	mix_mem_check(vcpu, info, 1, 0);
	mm_step = 1;
}
static void mix_m2(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t va,
		   void *ud)
{
	(void)va, (void)ud;
	mix_mem_check(vcpu, info, 2, 1);
	if (qemu_plugin_mem_is_store(info))
		mix_wrong[2]++;
}
static void mix_m3(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t va,
		   void *ud)
{
	(void)va, (void)ud;
	mix_mem_check(vcpu, info, 3, 1);
	if (!qemu_plugin_mem_is_store(info))
		mix_wrong[2]++;
}
static void mix_m4(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t va,
		   void *ud)
{
	(void)va;
	mix_mem_check(vcpu, info, 4, 1);
	if (qemu_plugin_u64_get(mm[MIX_S], vcpu) != 5 ||
	    read_pc() != MIX_VA(ud))
		mix_wrong[2]++;
	qemu_plugin_u64_set(mm[MIX_S], vcpu, 0);
	mm_shadow[qemu_plugin_mem_is_store(info) ? MIX_W : MIX_R]++;
	mm_shadow[MIX_A]++;
	mm_step = 0;
}

/* The exec items of one array; reg_* are the tb or insn registrations. */
#define MIX_EXEC(reg_inline, reg_cb, reg_cond, h, k, va)                       \
	do {                                                                   \
		void *ud_ = MIX_UD(va, k);                                     \
		qemu_plugin_u64 x_ = mx[k][MIX_X], y_ = mx[k][MIX_Y];          \
		reg_inline(h, QEMU_PLUGIN_INLINE_ADD_U64, x_, 1);              \
		reg_cond(h, mix_c1, QEMU_PLUGIN_CB_NO_REGS,                    \
			 QEMU_PLUGIN_COND_NE, x_, 0, ud_);                     \
		reg_cond(h, mix_never, QEMU_PLUGIN_CB_NO_REGS,                 \
			 QEMU_PLUGIN_COND_EQ, x_, 0, ud_);                     \
		reg_cb(h, mix_c2, QEMU_PLUGIN_CB_R_REGS, ud_);                 \
		reg_inline(h, QEMU_PLUGIN_INLINE_STORE_U64, y_, 7);            \
		reg_cond(h, mix_c3, QEMU_PLUGIN_CB_NO_REGS,                    \
			 QEMU_PLUGIN_COND_EQ, y_, 7, ud_);                     \
		reg_cond(h, mix_never, QEMU_PLUGIN_CB_NO_REGS,                 \
			 QEMU_PLUGIN_COND_LT, y_, 7, ud_);                     \
		reg_cond(h, mix_c4, QEMU_PLUGIN_CB_NO_REGS,                    \
			 QEMU_PLUGIN_COND_ALWAYS, y_, 0, ud_);                 \
		reg_cond(h, mix_never, QEMU_PLUGIN_CB_NO_REGS,                 \
			 QEMU_PLUGIN_COND_NEVER, y_, 0, ud_);                  \
		reg_inline(h, QEMU_PLUGIN_INLINE_STORE_U64, y_, 0);            \
		reg_cb(h, mix_c5, QEMU_PLUGIN_CB_NO_REGS, ud_);                \
	} while (0)

static void mix_trans(struct qemu_plugin_tb *tb)
{
	MIX_EXEC(qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu,
		 qemu_plugin_register_vcpu_tb_exec_cb,
		 qemu_plugin_register_vcpu_tb_exec_cond_cb, tb, TB,
		 qemu_plugin_tb_vaddr(tb));
	for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(in);
		MIX_EXEC(qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu,
			 qemu_plugin_register_vcpu_insn_exec_cb,
			 qemu_plugin_register_vcpu_insn_exec_cond_cb, in, INSN,
			 va);
		void *ud = MIX_UD(va, 0);
		qemu_plugin_register_vcpu_mem_inline_per_vcpu(
		    in, QEMU_PLUGIN_MEM_R, QEMU_PLUGIN_INLINE_ADD_U64,
		    mm[MIX_R], 1);
		qemu_plugin_register_vcpu_mem_inline_per_vcpu(
		    in, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_INLINE_ADD_U64,
		    mm[MIX_W], 1);
		qemu_plugin_register_vcpu_mem_cb(
		    in, mix_m1, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, ud);
		qemu_plugin_register_vcpu_mem_inline_per_vcpu(
		    in, QEMU_PLUGIN_MEM_RW, QEMU_PLUGIN_INLINE_ADD_U64,
		    mm[MIX_A], 1);
		qemu_plugin_register_vcpu_mem_cb(
		    in, mix_m2, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_R, ud);
		qemu_plugin_register_vcpu_mem_cb(
		    in, mix_m3, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_W, ud);
		qemu_plugin_register_vcpu_mem_inline_per_vcpu(
		    in, QEMU_PLUGIN_MEM_RW, QEMU_PLUGIN_INLINE_STORE_U64,
		    mm[MIX_S], 5);
		qemu_plugin_register_vcpu_mem_cb(
		    in, mix_m4, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_MEM_RW, ud);
	}
}

static void mix_init(unsigned vcpu, void *ud)
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

static void mix_exit(void)
{
	for (int k = 0; k < 2; k++)
		outf("%s: runs=%" PRIu64 " calls=%" PRIu64 "/%" PRIu64
		     "/%" PRIu64 "/%" PRIu64 "/%" PRIu64 " never=%" PRIu64
		     " wrong=%" PRIu64 "\n",
		     arr_names[k], qemu_plugin_u64_sum(mx[k][MIX_X]),
		     mx_calls[k][1], mx_calls[k][2], mx_calls[k][3],
		     mx_calls[k][4], mx_calls[k][5], mx_never[k], mix_wrong[k]);
	outf("mem: reads=%" PRIu64 " writes=%" PRIu64 " all=%" PRIu64
	     " calls=%" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64
	     " wrong=%" PRIu64 "\n",
	     qemu_plugin_u64_sum(mm[MIX_R]), qemu_plugin_u64_sum(mm[MIX_W]),
	     qemu_plugin_u64_sum(mm[MIX_A]), mm_calls[1], mm_calls[2],
	     mm_calls[3], mm_calls[4], mix_wrong[2]);
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
	else if (!strcmp(mode, "mix"))
		mix_trans(tb);
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
	} else if (!strcmp(mode, "mix")) {
		mix_exit();
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
	    strcmp(mode, "two") && strcmp(mode, "mix"))
		return 1;
	sb = qemu_plugin_scoreboard_new(2 * N_ARR * sizeof(uint64_t));
	for (int k = 0; k < N_ARR; k++) {
		ea[k] = (qemu_plugin_u64){sb, (size_t)(2 * k) * 8};
		eb[k] = (qemu_plugin_u64){sb, (size_t)(2 * k + 1) * 8};
	}
	if (!strcmp(mode, "mix")) {
		struct qemu_plugin_scoreboard *m = qemu_plugin_scoreboard_new(
		    (2 * N_MIX_EXEC + N_MIX_MEM) * sizeof(uint64_t));
		for (int k = 0; k < 2; k++)
			for (int e = 0; e < N_MIX_EXEC; e++)
				mx[k][e] = (qemu_plugin_u64){
				    m, (size_t)(k * N_MIX_EXEC + e) * 8};
		for (int e = 0; e < N_MIX_MEM; e++)
			mm[e] = (qemu_plugin_u64){
			    m, (size_t)(2 * N_MIX_EXEC + e) * 8};
		qemu_plugin_register_vcpu_init_cb(id, mix_init, NULL);
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
