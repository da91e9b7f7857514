/*
 * The RISC-V disassembler: struct rv_insn -> the text GNU objdump 2.40
 * (riscv64-linux-gnu-objdump -d, default options) prints.
 *
 * Design: works from the descriptor (it reads the raw bits only to print,
 * or to recognise, an encoding objdump does not know), so the disassembly
 * always agrees with what the translator executes.  rv_disasm picks
 * objdump's spelling in three steps: compressed HINT forms that objdump
 * names by their compressed mnemonic (c.nop 1, c.li zero,1, c.slli64 a0, ...)
 * via insn.cform; then objdump's default aliases (li, mv, ret, beqz, csrr,
 * frflags, fmv.d, ...), whose precedence follows objdump's: e.g. addi is
 * printed "add rd,rs1,imm" (objdump lists the add-with-immediate alias
 * first), csrrwi x0,fcsr,1 "csrw fcsr,1"; and finally the canonical
 * mnemonic from RV_OPS.  tests/disasm/check.sh compares every instruction of
 * glibc and an exhaustive compressed/sampled 32-bit set against objdump.
 *
 * Encodings loupe executes but objdump 2.40 has no pattern for print as
 * objdump prints unknown words (".4byte 0x..."): fence/fence.i with nonzero
 * reserved fields or fm, and fcvt.d.s/fcvt.d.w/fcvt.d.wu with rm != 0.
 *
 * Invariants: the output is NUL-terminated whenever size > 0 and
 * truncated to fit; the return value is strlen(buf) (0 when size == 0).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "target/riscv/insn.h"

/* ------------------------------------------------------------------ */
/* Text builder: mnemonic, then operands separated by a tab and commas */

struct text {
	char buf[96];
	size_t len;
	unsigned nopnds;
};

static void emit(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void emit(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (t->len >= sizeof(t->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
	if (t->len > sizeof(t->buf) - 1)
		t->len = sizeof(t->buf) - 1;
}

static void mnem(struct text *t, const char *name, const char *suffix)
{
	emit(t, "%s%s", name, suffix);
}

/* start the next operand: tab before the first, comma between */
static void sep(struct text *t)
{
	emit(t, t->nopnds++ ? "," : "\t");
}

static void xreg(struct text *t, unsigned r)
{
	sep(t);
	emit(t, "%s", rv_xreg_name(r));
}

static void freg(struct text *t, unsigned r)
{
	sep(t);
	emit(t, "%s", rv_freg_name(r));
}

static void dec(struct text *t, int64_t v)
{
	sep(t);
	emit(t, "%" PRId64, v);
}

static void hex(struct text *t, uint64_t v)
{
	sep(t);
	emit(t, "0x%" PRIx64, v);
}

/* off(base) */
static void memref(struct text *t, int64_t off, unsigned base)
{
	sep(t);
	emit(t, "%" PRId64 "(%s)", off, rv_xreg_name(base));
}

/* (base) of LR/SC/AMO */
static void amoref(struct text *t, unsigned base)
{
	sep(t);
	emit(t, "(%s)", rv_xreg_name(base));
}

/* absolute target address of a branch or jal, as objdump's address */
static void target(const struct rv_insn *in, struct text *t)
{
	sep(t);
	emit(t, "%" PRIx64, in->pc + (uint64_t)in->imm);
}

/* ------------------------------------------------------------------ */
/* CSR names objdump 2.40 knows (privileged spec 1.12 + extensions); the
 * numbered families are generated in csr_name(). */

struct csr_name {
	uint16_t num;
	const char *name;
};

static const struct csr_name csr_names[] = {
    {0x001, "fflags"},	   {0x002, "frm"},	     {0x003, "fcsr"},
    {0x008, "vstart"},	   {0x009, "vxsat"},	     {0x00a, "vxrm"},
    {0x00f, "vcsr"},	   {0x015, "seed"},	     {0x100, "sstatus"},
    {0x104, "sie"},	   {0x105, "stvec"},	     {0x106, "scounteren"},
    {0x10a, "senvcfg"},	   {0x10c, "sstateen0"},     {0x10d, "sstateen1"},
    {0x10e, "sstateen2"},  {0x10f, "sstateen3"},     {0x114, "sieh"},
    {0x140, "sscratch"},   {0x141, "sepc"},	     {0x142, "scause"},
    {0x143, "stval"},	   {0x144, "sip"},	     {0x14d, "stimecmp"},
    {0x150, "siselect"},   {0x151, "sireg"},	     {0x154, "siph"},
    {0x15c, "stopei"},	   {0x15d, "stimecmph"},     {0x180, "satp"},
    {0x200, "vsstatus"},   {0x204, "vsie"},	     {0x205, "vstvec"},
    {0x214, "vsieh"},	   {0x240, "vsscratch"},     {0x241, "vsepc"},
    {0x242, "vscause"},	   {0x243, "vstval"},	     {0x244, "vsip"},
    {0x24d, "vstimecmp"},  {0x250, "vsiselect"},     {0x251, "vsireg"},
    {0x254, "vsiph"},	   {0x25c, "vstopei"},	     {0x25d, "vstimecmph"},
    {0x280, "vsatp"},	   {0x300, "mstatus"},	     {0x301, "misa"},
    {0x302, "medeleg"},	   {0x303, "mideleg"},	     {0x304, "mie"},
    {0x305, "mtvec"},	   {0x306, "mcounteren"},    {0x308, "mvien"},
    {0x309, "mvip"},	   {0x30a, "menvcfg"},	     {0x30c, "mstateen0"},
    {0x30d, "mstateen1"},  {0x30e, "mstateen2"},     {0x30f, "mstateen3"},
    {0x310, "mstatush"},   {0x313, "midelegh"},	     {0x314, "mieh"},
    {0x318, "mvienh"},	   {0x319, "mviph"},	     {0x31a, "menvcfgh"},
    {0x31c, "mstateen0h"}, {0x31d, "mstateen1h"},    {0x31e, "mstateen2h"},
    {0x31f, "mstateen3h"}, {0x320, "mcountinhibit"}, {0x340, "mscratch"},
    {0x341, "mepc"},	   {0x342, "mcause"},	     {0x343, "mtval"},
    {0x344, "mip"},	   {0x34a, "mtinst"},	     {0x34b, "mtval2"},
    {0x350, "miselect"},   {0x351, "mireg"},	     {0x354, "miph"},
    {0x35c, "mtopei"},	   {0x5a8, "scontext"},	     {0x600, "hstatus"},
    {0x602, "hedeleg"},	   {0x603, "hideleg"},	     {0x604, "hie"},
    {0x605, "htimedelta"}, {0x606, "hcounteren"},    {0x607, "hgeie"},
    {0x608, "hvien"},	   {0x609, "hvictl"},	     {0x60a, "henvcfg"},
    {0x60c, "hstateen0"},  {0x60d, "hstateen1"},     {0x60e, "hstateen2"},
    {0x60f, "hstateen3"},  {0x613, "hidelegh"},	     {0x615, "htimedeltah"},
    {0x618, "hvienh"},	   {0x61a, "henvcfgh"},	     {0x61c, "hstateen0h"},
    {0x61d, "hstateen1h"}, {0x61e, "hstateen2h"},    {0x61f, "hstateen3h"},
    {0x643, "htval"},	   {0x644, "hip"},	     {0x645, "hvip"},
    {0x646, "hviprio1"},   {0x647, "hviprio2"},	     {0x64a, "htinst"},
    {0x655, "hviph"},	   {0x656, "hviprio1h"},     {0x657, "hviprio2h"},
    {0x680, "hgatp"},	   {0x6a8, "hcontext"},	     {0x747, "mseccfg"},
    {0x757, "mseccfgh"},   {0x7a0, "tselect"},	     {0x7a1, "tdata1"},
    {0x7a2, "tdata2"},	   {0x7a3, "tdata3"},	     {0x7a4, "tinfo"},
    {0x7a5, "tcontrol"},   {0x7a8, "mcontext"},	     {0x7aa, "mscontext"},
    {0x7b0, "dcsr"},	   {0x7b1, "dpc"},	     {0x7b2, "dscratch0"},
    {0x7b3, "dscratch1"},  {0xb00, "mcycle"},	     {0xb02, "minstret"},
    {0xb80, "mcycleh"},	   {0xb82, "minstreth"},     {0xc00, "cycle"},
    {0xc01, "time"},	   {0xc02, "instret"},	     {0xc20, "vl"},
    {0xc21, "vtype"},	   {0xc22, "vlenb"},	     {0xc80, "cycleh"},
    {0xc81, "timeh"},	   {0xc82, "instreth"},	     {0xda0, "scountovf"},
    {0xdb0, "stopi"},	   {0xe12, "hgeip"},	     {0xeb0, "vstopi"},
    {0xf11, "mvendorid"},  {0xf12, "marchid"},	     {0xf13, "mimpid"},
    {0xf14, "mhartid"},	   {0xf15, "mconfigptr"},    {0xfb0, "mtopi"},
};

static void csr(struct text *t, unsigned num)
{
	static const struct {
		uint16_t lo, hi, base;
		const char *fmt;
	} families[] = {
	    {0x3a0, 0x3af, 0x3a0, "pmpcfg%u"},
	    {0x3b0, 0x3ef, 0x3b0, "pmpaddr%u"},
	    {0x323, 0x33f, 0x320, "mhpmevent%u"},
	    {0x723, 0x73f, 0x720, "mhpmevent%uh"},
	    {0xb03, 0xb1f, 0xb00, "mhpmcounter%u"},
	    {0xb83, 0xb9f, 0xb80, "mhpmcounter%uh"},
	    {0xc03, 0xc1f, 0xc00, "hpmcounter%u"},
	    {0xc83, 0xc9f, 0xc80, "hpmcounter%uh"},
	};
	size_t lo = 0, hi = sizeof(csr_names) / sizeof(csr_names[0]);
	sep(t);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (csr_names[mid].num == num) {
			emit(t, "%s", csr_names[mid].name);
			return;
		}
		if (csr_names[mid].num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		if (num >= families[i].lo && num <= families[i].hi) {
			emit(t, families[i].fmt, num - families[i].base);
			return;
		}
	}
	emit(t, "0x%x", num);
}

/* ------------------------------------------------------------------ */

/* trailing rounding-mode operand of an F/D op (none for dyn) */
static void rm(struct text *t, unsigned m)
{
	static const char *const names[8] = {
	    "rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", NULL,
	};
	if (names[m & 7]) {
		sep(t);
		emit(t, "%s", names[m & 7]);
	}
}

/* fence predecessor/successor set: "iorw" letters, objdump's "unknown"
 * for the empty set */
static void fence_set(struct text *t, unsigned s)
{
	sep(t);
	if (s == 0) {
		emit(t, "unknown");
		return;
	}
	emit(t, "%s%s%s%s", s & 8 ? "i" : "", s & 4 ? "o" : "",
	     s & 2 ? "r" : "", s & 1 ? "w" : "");
}

static const char *aqrl_suffix(unsigned aqrl)
{
	static const char *const s[4] = {"", ".rl", ".aq", ".aqrl"};
	return s[aqrl & 3];
}

/* Text of an encoding objdump does not know: .2byte / .4byte, except the
 * all-zero halfword, which objdump names unimp. */
static void unknown(const struct rv_insn *in, struct text *t)
{
	if (in->len == 2 && in->raw == 0) {
		mnem(t, "unimp", "");
		return;
	}
	mnem(t, in->len == 2 ? ".2byte" : ".4byte", "");
	hex(t, in->raw);
}

/* Compressed HINTs objdump prints under their compressed name.  Returns
 * false when the instruction is not one of them. */
static bool c_hint(const struct rv_insn *in, struct text *t)
{
	switch (in->cform) {
	case RV_C_NOP: /* c.nop with a nonzero immediate */
		if (in->imm == 0)
			return false;
		mnem(t, "c.nop", "");
		dec(t, in->imm);
		return true;
	case RV_C_LI: /* c.li zero, imm */
		if (in->rd != 0)
			return false;
		mnem(t, "c.li", "");
		xreg(t, 0);
		dec(t, in->imm);
		return true;
	case RV_C_LUI: /* c.lui zero, imm */
		if (in->rd != 0)
			return false;
		mnem(t, "c.lui", "");
		xreg(t, 0);
		hex(t, ((uint64_t)in->imm >> 12) & 0xfffff);
		return true;
	case RV_C_SLLI: /* c.slli64 rd / c.slli zero, shamt */
		if (in->imm == 0) {
			mnem(t, "c.slli64", "");
			xreg(t, in->rd);
			return true;
		}
		if (in->rd != 0)
			return false;
		mnem(t, "c.slli", "");
		xreg(t, 0);
		hex(t, (uint64_t)in->imm);
		return true;
	case RV_C_SRLI: /* c.srli64 rd */
	case RV_C_SRAI: /* c.srai64 rd */
		if (in->imm != 0)
			return false;
		mnem(t, in->cform == RV_C_SRLI ? "c.srli64" : "c.srai64", "");
		xreg(t, in->rd);
		return true;
	case RV_C_MV:  /* c.mv zero, rs2 */
	case RV_C_ADD: /* c.add zero, rs2 */
		if (in->rd != 0)
			return false;
		mnem(t, in->cform == RV_C_MV ? "c.mv" : "c.add", "");
		xreg(t, 0);
		xreg(t, in->rs2);
		return true;
	}
	return false;
}

/* rd, rs1, rs2 under a given mnemonic */
static void r3(const struct rv_insn *in, struct text *t, const char *name)
{
	mnem(t, name, "");
	xreg(t, in->rd);
	xreg(t, in->rs1);
	xreg(t, in->rs2);
}

/* rd, rs1, imm (decimal) under a given mnemonic */
static void ri(const struct rv_insn *in, struct text *t, const char *name)
{
	mnem(t, name, "");
	xreg(t, in->rd);
	xreg(t, in->rs1);
	dec(t, in->imm);
}

/* rd, rs1, shamt (hex) under a given mnemonic */
static void rsh(const struct rv_insn *in, struct text *t, const char *name)
{
	mnem(t, name, "");
	xreg(t, in->rd);
	xreg(t, in->rs1);
	hex(t, (uint64_t)in->imm);
}

/* rd, rs under a given mnemonic */
static void r2(struct text *t, const char *name, unsigned rd, unsigned rs)
{
	mnem(t, name, "");
	xreg(t, rd);
	xreg(t, rs);
}

static void branch(const struct rv_insn *in, struct text *t)
{
	unsigned rs1 = in->rs1, rs2 = in->rs2;
	const char *name = rv_op_name(in->op);
	switch (in->op) {
	case RV_OP_BEQ:
		if (rs2 == 0)
			name = "beqz";
		break;
	case RV_OP_BNE:
		if (rs2 == 0)
			name = "bnez";
		break;
	case RV_OP_BLT:
		if (rs2 == 0) {
			name = "bltz";
		} else if (rs1 == 0) {
			name = "bgtz";
			rs1 = rs2;
			rs2 = 0;
		}
		break;
	case RV_OP_BGE:
		if (rs1 == 0) {
			name = "blez";
			rs1 = rs2;
			rs2 = 0;
		} else if (rs2 == 0) {
			name = "bgez";
		}
		break;
	}
	mnem(t, name, "");
	xreg(t, rs1);
	if (rs2 != 0 || in->op == RV_OP_BLTU || in->op == RV_OP_BGEU)
		xreg(t, rs2);
	target(in, t);
}

static void jalr(const struct rv_insn *in, struct text *t)
{
	if (in->rd == 0 && in->rs1 == 1 && in->imm == 0) {
		mnem(t, "ret", "");
		return;
	}
	if (in->rd == 0 || in->rd == 1) {
		mnem(t, in->rd == 0 ? "jr" : "jalr", "");
		if (in->imm == 0)
			xreg(t, in->rs1);
		else
			memref(t, in->imm, in->rs1);
		return;
	}
	mnem(t, "jalr", "");
	xreg(t, in->rd);
	if (in->imm == 0)
		xreg(t, in->rs1);
	else
		memref(t, in->imm, in->rs1);
}

/* Zicsr with objdump's aliases */
static void csr_insn(const struct rv_insn *in, struct text *t)
{
	static const char *const rd_names[4] = {
	    NULL,
	    "frflags",
	    "frrm",
	    "frcsr",
	};
	static const char *const wr_names[4] = {
	    NULL,
	    "fsflags",
	    "fsrm",
	    "fscsr",
	};
	unsigned c = in->csr, rd = in->rd;
	bool fcsr = c >= 1 && c <= 3;
	switch (in->op) {
	case RV_OP_CSRRW:
		if (fcsr) { /* fsflags/fsrm/fscsr [rd,]rs */
			mnem(t, wr_names[c], "");
			if (rd)
				xreg(t, rd);
			xreg(t, in->rs1);
			return;
		}
		if (rd == 0) {
			if (c == 0xc00 && in->rs1 == 0) { /* csrw cycle, zero */
				mnem(t, "unimp", "");
				return;
			}
			mnem(t, "csrw", "");
			csr(t, c);
			xreg(t, in->rs1);
			return;
		}
		break;
	case RV_OP_CSRRS:
		if (in->rs1 == 0) {
			const char *name = fcsr ? rd_names[c] : NULL;
			if (c == 0xc00)
				name = "rdcycle";
			else if (c == 0xc01)
				name = "rdtime";
			else if (c == 0xc02)
				name = "rdinstret";
			if (name) {
				mnem(t, name, "");
				xreg(t, rd);
				return;
			}
			mnem(t, "csrr", "");
			xreg(t, rd);
			csr(t, c);
			return;
		}
		if (rd == 0) {
			mnem(t, "csrs", "");
			csr(t, c);
			xreg(t, in->rs1);
			return;
		}
		break;
	case RV_OP_CSRRC:
		if (rd == 0) {
			mnem(t, "csrc", "");
			csr(t, c);
			xreg(t, in->rs1);
			return;
		}
		break;
	case RV_OP_CSRRWI:
		if (c == 1 || c == 2) { /* fsflagsi/fsrmi rd,imm */
			mnem(t, c == 1 ? "fsflagsi" : "fsrmi", "");
			xreg(t, rd);
			dec(t, in->imm);
			return;
		}
		/* fall through */
	case RV_OP_CSRRSI:
	case RV_OP_CSRRCI: {
		/* objdump spells the *i forms like the register forms */
		static const char *const short_names[3] = {"csrw", "csrs",
							   "csrc"};
		static const char *const long_names[3] = {"csrrw", "csrrs",
							  "csrrc"};
		unsigned k = in->op - RV_OP_CSRRWI;
		if (rd == 0) {
			mnem(t, short_names[k], "");
		} else {
			mnem(t, long_names[k], "");
			xreg(t, rd);
		}
		csr(t, c);
		dec(t, in->imm);
		return;
	}
	}
	mnem(t, rv_op_name(in->op), "");
	xreg(t, rd);
	csr(t, c);
	xreg(t, in->rs1);
}

/* F/D computational ops */
static void fp_insn(const struct rv_insn *in, struct text *t)
{
	const char *name = rv_op_name(in->op);
	switch (in->op) {
	case RV_OP_FSGNJ_S:
	case RV_OP_FSGNJN_S:
	case RV_OP_FSGNJX_S:
	case RV_OP_FSGNJ_D:
	case RV_OP_FSGNJN_D:
	case RV_OP_FSGNJX_D:
		if (in->rs1 == in->rs2) { /* fmv / fneg / fabs */
			static const char *const alias[2][3] = {
			    {"fmv.s", "fneg.s", "fabs.s"},
			    {"fmv.d", "fneg.d", "fabs.d"},
			};
			bool dbl = in->op >= RV_OP_FSGNJ_D;
			unsigned k =
			    in->op - (dbl ? RV_OP_FSGNJ_D : RV_OP_FSGNJ_S);
			mnem(t, alias[dbl][k], "");
			freg(t, in->rd);
			freg(t, in->rs1);
			return;
		}
		break;
	case RV_OP_FCVT_D_S:
	case RV_OP_FCVT_D_W:
	case RV_OP_FCVT_D_WU:
		/* objdump 2.40 only knows these with rm = 0 and prints no rm */
		mnem(t, name, "");
		freg(t, in->rd);
		if (in->op == RV_OP_FCVT_D_S)
			freg(t, in->rs1);
		else
			xreg(t, in->rs1);
		return;
	}
	mnem(t, name, "");
	/* destination, then sources, from the operand list */
	for (unsigned i = 0; i < in->n_operands; i++) {
		const struct rv_operand *o = &in->operands[i];
		if (o->regfile == RV_REGFILE_F)
			freg(t, o->reg);
		else
			xreg(t, o->reg);
	}
	switch (in->op) {
	case RV_OP_FSGNJ_S:
	case RV_OP_FSGNJN_S:
	case RV_OP_FSGNJX_S:
	case RV_OP_FSGNJ_D:
	case RV_OP_FSGNJN_D:
	case RV_OP_FSGNJX_D:
	case RV_OP_FMIN_S:
	case RV_OP_FMAX_S:
	case RV_OP_FMIN_D:
	case RV_OP_FMAX_D:
	case RV_OP_FEQ_S:
	case RV_OP_FLT_S:
	case RV_OP_FLE_S:
	case RV_OP_FEQ_D:
	case RV_OP_FLT_D:
	case RV_OP_FLE_D:
	case RV_OP_FCLASS_S:
	case RV_OP_FCLASS_D:
	case RV_OP_FMV_X_W:
	case RV_OP_FMV_W_X:
	case RV_OP_FMV_X_D:
	case RV_OP_FMV_D_X:
		return; /* no rounding mode */
	}
	rm(t, in->rm);
}

/* Does objdump 2.40 have no pattern for this (legal) encoding? */
static bool objdump_unknown(const struct rv_insn *in)
{
	switch (in->op) {
	case RV_OP_FENCE:
		/* fence with fm, rd or rs1 nonzero */
		return (in->raw & 0xf00fff80u) != 0;
	case RV_OP_FENCE_TSO:
		return (in->raw & 0x000fff80u) != 0;
	case RV_OP_FENCE_I:
		return in->raw != 0x0000100fu;
	case RV_OP_FCVT_D_S:
	case RV_OP_FCVT_D_W:
	case RV_OP_FCVT_D_WU:
		return in->rm != 0;
	}
	return false;
}

static void insn_text(const struct rv_insn *in, struct text *t)
{
	const char *name = rv_op_name(in->op);
	bool c = in->len == 2;
	switch (in->op) {
	case RV_OP_LUI:
	case RV_OP_AUIPC:
		mnem(t, name, "");
		xreg(t, in->rd);
		hex(t, ((uint64_t)in->imm >> 12) & 0xfffff);
		return;
	case RV_OP_JAL:
		if (in->rd == 0 || in->rd == 1) {
			mnem(t, in->rd ? "jal" : "j", "");
		} else {
			mnem(t, "jal", "");
			xreg(t, in->rd);
		}
		target(in, t);
		return;
	case RV_OP_JALR:
		jalr(in, t);
		return;
	case RV_OP_BEQ:
	case RV_OP_BNE:
	case RV_OP_BLT:
	case RV_OP_BGE:
	case RV_OP_BLTU:
	case RV_OP_BGEU:
		branch(in, t);
		return;
	case RV_OP_LB:
	case RV_OP_LH:
	case RV_OP_LW:
	case RV_OP_LD:
	case RV_OP_LBU:
	case RV_OP_LHU:
	case RV_OP_LWU:
		mnem(t, name, "");
		xreg(t, in->rd);
		memref(t, in->imm, in->rs1);
		return;
	case RV_OP_SB:
	case RV_OP_SH:
	case RV_OP_SW:
	case RV_OP_SD:
		mnem(t, name, "");
		xreg(t, in->rs2);
		memref(t, in->imm, in->rs1);
		return;
	case RV_OP_FLW:
	case RV_OP_FLD:
		mnem(t, name, "");
		freg(t, in->rd);
		memref(t, in->imm, in->rs1);
		return;
	case RV_OP_FSW:
	case RV_OP_FSD:
		mnem(t, name, "");
		freg(t, in->rs2);
		memref(t, in->imm, in->rs1);
		return;
	case RV_OP_ADDI:
		if (in->cform == RV_C_NOP) {
			mnem(t, "nop", "");
		} else if (c && in->cform != RV_C_LI) {
			/* c.addi, c.addi16sp, c.addi4spn */
			ri(in, t, "add");
		} else if (in->rs1 == 0) {
			if (in->rd == 0 && in->imm == 0) {
				mnem(t, "nop", "");
				return;
			}
			mnem(t, "li", "");
			xreg(t, in->rd);
			dec(t, in->imm);
		} else if (in->imm == 0) {
			r2(t, "mv", in->rd, in->rs1);
		} else {
			ri(in, t, "add");
		}
		return;
	case RV_OP_SLTIU:
		if (in->imm == 1) {
			r2(t, "seqz", in->rd, in->rs1);
			return;
		}
		ri(in, t, name);
		return;
	case RV_OP_SLTI:
		ri(in, t, name);
		return;
	case RV_OP_XORI:
		if (in->imm == -1) {
			r2(t, "not", in->rd, in->rs1);
			return;
		}
		ri(in, t, "xor");
		return;
	case RV_OP_ORI:
		ri(in, t, "or");
		return;
	case RV_OP_ANDI:
		if (in->imm == 255) {
			r2(t, "zext.b", in->rd, in->rs1);
			return;
		}
		ri(in, t, "and");
		return;
	case RV_OP_ADDIW:
		if (in->imm == 0) {
			r2(t, "sext.w", in->rd, in->rs1);
			return;
		}
		ri(in, t, "addw");
		return;
	case RV_OP_SLLI:
		rsh(in, t, "sll");
		return;
	case RV_OP_SRLI:
		rsh(in, t, "srl");
		return;
	case RV_OP_SRAI:
		rsh(in, t, "sra");
		return;
	case RV_OP_SLLIW:
		rsh(in, t, "sllw");
		return;
	case RV_OP_SRLIW:
		rsh(in, t, "srlw");
		return;
	case RV_OP_SRAIW:
		rsh(in, t, "sraw");
		return;
	case RV_OP_RORI:
		rsh(in, t, "ror");
		return;
	case RV_OP_RORIW:
		rsh(in, t, "rorw");
		return;
	case RV_OP_BCLRI:
		rsh(in, t, "bclr");
		return;
	case RV_OP_BSETI:
		rsh(in, t, "bset");
		return;
	case RV_OP_BINVI:
		rsh(in, t, "binv");
		return;
	case RV_OP_BEXTI:
		rsh(in, t, "bext");
		return;
	case RV_OP_SLLI_UW:
		rsh(in, t, name);
		return;
	case RV_OP_ADD:
		if (in->cform == RV_C_MV) {
			r2(t, "mv", in->rd, in->rs2);
			return;
		}
		r3(in, t, name);
		return;
	case RV_OP_ADD_UW:
		if (in->rs2 == 0) {
			r2(t, "zext.w", in->rd, in->rs1);
			return;
		}
		r3(in, t, name);
		return;
	case RV_OP_SUB:
		if (in->rs1 == 0) {
			r2(t, "neg", in->rd, in->rs2);
			return;
		}
		r3(in, t, name);
		return;
	case RV_OP_SUBW:
		if (in->rs1 == 0) {
			r2(t, "negw", in->rd, in->rs2);
			return;
		}
		r3(in, t, name);
		return;
	case RV_OP_SLT:
		if (in->rs2 == 0) {
			r2(t, "sltz", in->rd, in->rs1);
			return;
		}
		if (in->rs1 == 0) {
			r2(t, "sgtz", in->rd, in->rs2);
			return;
		}
		r3(in, t, name);
		return;
	case RV_OP_SLTU:
		if (in->rs1 == 0) {
			r2(t, "snez", in->rd, in->rs2);
			return;
		}
		r3(in, t, name);
		return;
	case RV_OP_CLZ:
	case RV_OP_CTZ:
	case RV_OP_CPOP:
	case RV_OP_CLZW:
	case RV_OP_CTZW:
	case RV_OP_CPOPW:
	case RV_OP_SEXT_B:
	case RV_OP_SEXT_H:
	case RV_OP_ZEXT_H:
	case RV_OP_ORC_B:
	case RV_OP_REV8:
		r2(t, name, in->rd, in->rs1);
		return;
	case RV_OP_FENCE:
		if (in->aqrl == 0xff) {
			mnem(t, name, "");
			return;
		}
		mnem(t, name, "");
		fence_set(t, in->aqrl >> 4);
		fence_set(t, in->aqrl & 15);
		return;
	case RV_OP_FENCE_TSO:
	case RV_OP_FENCE_I:
	case RV_OP_ECALL:
	case RV_OP_EBREAK:
		mnem(t, name, "");
		return;
	case RV_OP_CSRRW:
	case RV_OP_CSRRS:
	case RV_OP_CSRRC:
	case RV_OP_CSRRWI:
	case RV_OP_CSRRSI:
	case RV_OP_CSRRCI:
		csr_insn(in, t);
		return;
	case RV_OP_LR_W:
	case RV_OP_LR_D:
		mnem(t, name, aqrl_suffix(in->aqrl));
		xreg(t, in->rd);
		amoref(t, in->rs1);
		return;
	}
	if (in->cls == RV_CLASS_ATOMIC) { /* sc.*, amo*.* */
		mnem(t, name, aqrl_suffix(in->aqrl));
		xreg(t, in->rd);
		xreg(t, in->rs2);
		amoref(t, in->rs1);
		return;
	}
	if (in->cls == RV_CLASS_FP) {
		fp_insn(in, t);
		return;
	}
	/* the remaining integer ops: rd, rs1, rs2 */
	r3(in, t, name);
}

size_t rv_disasm(const struct rv_insn *insn, char *buf, size_t size)
{
	struct text t;
	t.len = 0;
	t.nopnds = 0;
	t.buf[0] = '\0';
	if (insn->op == RV_OP_ILLEGAL || insn->op >= RV_OP_COUNT ||
	    objdump_unknown(insn))
		unknown(insn, &t);
	else if (!(insn->len == 2 && c_hint(insn, &t)))
		insn_text(insn, &t);
	if (size == 0)
		return 0;
	size_t n = t.len < size - 1 ? t.len : size - 1;
	memcpy(buf, t.buf, n);
	buf[n] = '\0';
	return n;
}
