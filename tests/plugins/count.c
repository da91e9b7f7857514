/*
 * Test plugin: counting instructions and blocks every way the API allows.
 * Used with tests/plugins/guests/count.S (5109 instructions, 1004 blocks;
 * see docs/testing-plugins.md).  One mode per run (-plugin libcount.so,mode=M);
 * the result is one line "M: ..." printed with qemu_plugin_outs at exit.
 *
 *   tb_inline    two inline ADDs per block (insns += n, blocks += 1)
 *   insn_inline  one inline ADD per instruction, one per block
 *   tb_cb        a block exec callback (NO_REGS) adding with u64_add
 *   insn_cb      an instruction exec callback
 *   store        inline STORE_U64 of the block / instruction address
 *   cond         conditional callbacks, every condition, on counters that an
 *                inline op registered just before increments
 *   instruct     a scoreboard of structs, u64 entries at offsets, u64_set in
 *                vcpu_init, u64_get/u64_sum at exit
 *   trans        one line per translated block: address and size
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static char mode[32];

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

struct counts {
	uint64_t pad; /* stays zero: entries live at offsets 8 and 16 */
	uint64_t insns;
	uint64_t blocks;
};

static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 e_insns, e_blocks, e_last_tb, e_last_insn;

/* cond mode: one counter per condition, in the order of conds[] */
enum { N_INSN_CONDS = 10, N_TB_CONDS = 6 };
static const struct {
	const char *name;
	enum qemu_plugin_cond cond;
	uint64_t imm;
} insn_conds[N_INSN_CONDS] =
    {
	{"eq100", QEMU_PLUGIN_COND_EQ, 100},
	{"ne100", QEMU_PLUGIN_COND_NE, 100},
	{"lt100", QEMU_PLUGIN_COND_LT, 100},
	{"le100", QEMU_PLUGIN_COND_LE, 100},
	{"gt100", QEMU_PLUGIN_COND_GT, 100},
	{"ge100", QEMU_PLUGIN_COND_GE, 100},
	{"always", QEMU_PLUGIN_COND_ALWAYS, 0},
	{"never", QEMU_PLUGIN_COND_NEVER, 0},
	/* unsigned comparisons: a signed compare would give 0 and N */
	{"lt_max", QEMU_PLUGIN_COND_LT, UINT64_MAX},
	{"ge_2p63", QEMU_PLUGIN_COND_GE, UINT64_C(1) << 63},
},
  tb_conds[N_TB_CONDS] = {
      {"eq10", QEMU_PLUGIN_COND_EQ, 10}, {"ne10", QEMU_PLUGIN_COND_NE, 10},
      {"lt10", QEMU_PLUGIN_COND_LT, 10}, {"le10", QEMU_PLUGIN_COND_LE, 10},
      {"gt10", QEMU_PLUGIN_COND_GT, 10}, {"ge10", QEMU_PLUGIN_COND_GE, 10},
};
static uint64_t insn_cond_calls[N_INSN_CONDS], tb_cond_calls[N_TB_CONDS];
static uint64_t cb_insns; /* insn_cb mode */

static void insn_cond_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	insn_cond_calls[(uintptr_t)ud]++;
}

static void tb_cond_cb(unsigned vcpu, void *ud)
{
	(void)vcpu;
	tb_cond_calls[(uintptr_t)ud]++;
}

static void tb_exec(unsigned vcpu, void *ud)
{
	qemu_plugin_u64_add(e_insns, vcpu, (uintptr_t)ud);
	qemu_plugin_u64_add(e_blocks, vcpu, 1);
}

static void insn_exec(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	cb_insns++;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	size_t n = qemu_plugin_tb_n_insns(tb);
	if (!strcmp(mode, "tb_inline")) {
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, e_insns, n);
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, e_blocks, 1);
	} else if (!strcmp(mode, "insn_inline")) {
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, e_blocks, 1);
		for (size_t i = 0; i < n; i++)
			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    qemu_plugin_tb_get_insn(tb, i),
			    QEMU_PLUGIN_INLINE_ADD_U64, e_insns, 1);
	} else if (!strcmp(mode, "tb_cb")) {
		qemu_plugin_register_vcpu_tb_exec_cb(
		    tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)n);
	} else if (!strcmp(mode, "insn_cb")) {
		for (size_t i = 0; i < n; i++)
			qemu_plugin_register_vcpu_insn_exec_cb(
			    qemu_plugin_tb_get_insn(tb, i), insn_exec,
			    QEMU_PLUGIN_CB_NO_REGS, NULL);
	} else if (!strcmp(mode, "store")) {
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_STORE_U64, e_last_tb,
		    qemu_plugin_tb_vaddr(tb));
		for (size_t i = 0; i < n; i++) {
			struct qemu_plugin_insn *in =
			    qemu_plugin_tb_get_insn(tb, i);
			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    in, QEMU_PLUGIN_INLINE_STORE_U64, e_last_insn,
			    qemu_plugin_insn_vaddr(in));
		}
	} else if (!strcmp(mode, "cond")) {
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, e_blocks, 1);
		for (uintptr_t c = 0; c < N_TB_CONDS; c++)
			qemu_plugin_register_vcpu_tb_exec_cond_cb(
			    tb, tb_cond_cb, QEMU_PLUGIN_CB_NO_REGS,
			    tb_conds[c].cond, e_blocks, tb_conds[c].imm,
			    (void *)c);
		for (size_t i = 0; i < n; i++) {
			struct qemu_plugin_insn *in =
			    qemu_plugin_tb_get_insn(tb, i);
			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    in, QEMU_PLUGIN_INLINE_ADD_U64, e_insns, 1);
			for (uintptr_t c = 0; c < N_INSN_CONDS; c++)
				qemu_plugin_register_vcpu_insn_exec_cond_cb(
				    in, insn_cond_cb, QEMU_PLUGIN_CB_NO_REGS,
				    insn_conds[c].cond, e_insns,
				    insn_conds[c].imm, (void *)c);
		}
	} else if (!strcmp(mode, "instruct")) {
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, e_blocks, 1);
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, e_insns, n);
	} else if (!strcmp(mode, "trans")) {
		outf("trans 0x%" PRIx64 " %zu\n", qemu_plugin_tb_vaddr(tb), n);
	}
}

static void vcpu_init(unsigned vcpu, void *ud)
{
	(void)ud;
	if (!strcmp(mode, "instruct")) {
		qemu_plugin_u64_set(e_insns, vcpu, 1000000);
		qemu_plugin_u64_set(e_blocks, vcpu, 0);
	}
}

static void at_exit(void *ud)
{
	(void)ud;
	if (!strcmp(mode, "tb_inline") || !strcmp(mode, "insn_inline") ||
	    !strcmp(mode, "tb_cb")) {
		outf("%s: insns=%" PRIu64 " blocks=%" PRIu64 "\n", mode,
		     qemu_plugin_u64_sum(e_insns),
		     qemu_plugin_u64_sum(e_blocks));
	} else if (!strcmp(mode, "insn_cb")) {
		outf("%s: insns=%" PRIu64 "\n", mode, cb_insns);
	} else if (!strcmp(mode, "store")) {
		outf("%s: last_tb=0x%" PRIx64 " last_insn=0x%" PRIx64 "\n",
		     mode, qemu_plugin_u64_get(e_last_tb, 0),
		     qemu_plugin_u64_get(e_last_insn, 0));
	} else if (!strcmp(mode, "cond")) {
		outf("%s: insns=%" PRIu64, mode, qemu_plugin_u64_sum(e_insns));
		for (int c = 0; c < N_INSN_CONDS; c++)
			outf(" %s=%" PRIu64, insn_conds[c].name,
			     insn_cond_calls[c]);
		outf(" blocks=%" PRIu64, qemu_plugin_u64_sum(e_blocks));
		for (int c = 0; c < N_TB_CONDS; c++)
			outf(" tb_%s=%" PRIu64, tb_conds[c].name,
			     tb_cond_calls[c]);
		outf("\n");
	} else if (!strcmp(mode, "instruct")) {
		struct counts *c = qemu_plugin_scoreboard_find(sb, 0);
		outf("%s: insns=%" PRIu64 " blocks=%" PRIu64 " pad=%" PRIu64
		     " struct_insns=%" PRIu64 " sum=%" PRIu64 "\n",
		     mode, qemu_plugin_u64_get(e_insns, 0),
		     qemu_plugin_u64_get(e_blocks, 0), c->pad, c->insns,
		     qemu_plugin_u64_sum(e_insns));
	}
	qemu_plugin_scoreboard_free(sb);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "mode=", 5))
			snprintf(mode, sizeof(mode), "%s", argv[i] + 5);
	if (!mode[0])
		return 1;
	sb = qemu_plugin_scoreboard_new(sizeof(struct counts));
	if (!strcmp(mode, "instruct")) {
		e_insns = qemu_plugin_scoreboard_u64_in_struct(
		    sb, struct counts, insns);
		e_blocks = qemu_plugin_scoreboard_u64_in_struct(
		    sb, struct counts, blocks);
	} else {
		/* plain u64 entries at offsets 0 and 8 of the struct */
		e_insns = qemu_plugin_scoreboard_u64(sb);
		e_blocks = qemu_plugin_scoreboard_u64_in_struct(
		    sb, struct counts, insns);
		e_last_tb = e_insns;
		e_last_insn = e_blocks;
	}
	qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
