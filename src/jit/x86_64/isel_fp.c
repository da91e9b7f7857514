/*
 * IR -> x86-64 for the F/D ops: native SSE2 (and FMA3) sequences for the
 * fast paths of src/target/riscv/fpu_fast.h, with their slow paths out of
 * line.
 *
 * Design: a fast sequence checks the same conditions as fpu_fast.h (rounding
 * mode, inexact accrued, NaN boxes, a result that shows no other flag can
 * be missing), computes with one host instruction and stores the result
 * slot; any failed check jumps to the op's stub after the block, which
 * calls rv_fpop_slow() (exact in every case), leaves the block when that
 * returns an exit code, reloads the value cache register the fast path
 * would have set and jumps back behind the op.  So the common case costs a
 * few host instructions and no call, and the two backends share one slow
 * path.  Products and quotients whose result is zero first try an
 * out-of-line check for a zero operand (an exact zero: no underflow).
 * Ops and rounding modes without a sequence here call rv_fpop_exec() (the
 * C fast path, then the slow one).  Nothing here touches MXCSR: the host
 * runs in its default mode (round to nearest, no FTZ/DAZ), which the
 * backend's entry restores.
 *
 * Only rax, rcx, rdx, rsi, rdi and xmm0..xmm2 are used, all scratch
 * between ops (jit.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "ir/alu.h"
#include "jit/x86_64/isel.h"
#include "target/riscv/cpu.h"
#include "target/riscv/fpu_fast.h"
#include "target/riscv/fpu_ir.h"

enum { XMM0, XMM1, XMM2 };

#define MAX_SLOW_JUMPS 8

/* The out-of-line part of one FP op. */
struct x64_fp_stub {
	const struct ir_op *op;
	uint8_t *to_slow[MAX_SLOW_JUMPS]; /* rel32 fields jumping to the call */
	unsigned n_slow;
	uint8_t *to_zero; /* rel32 field jumping to the zero check, or NULL */
	uint8_t *finish;  /* fast path: result in rax, about to be stored */
	uint8_t *resume;  /* fast path: behind the op */
	struct ra_state before, after; /* allocation at the op / behind it */
	int a_reg, b_reg;	       /* registers of a and b at the op, -1 */
	bool single;		       /* zero check of a 32-bit result */
	bool zero_b; /* a zero b also makes a zero result exact */
};

static struct x64_fp_stub *new_stub(struct isel *s, const struct ir_op *op)
{
	if (!s->fp_stubs) {
		/* at most one stub per op: pointers stay valid */
		s->cap_fp_stubs = s->tb->n_ops;
		s->fp_stubs = calloc(s->cap_fp_stubs, sizeof(*s->fp_stubs));
		if (!s->fp_stubs) {
			fprintf(stderr, "loupe: out of memory\n");
			abort();
		}
	}
	if (s->n_fp_stubs == s->cap_fp_stubs)
		__builtin_trap(); /* two stubs for one op: a bug */
	struct x64_fp_stub *st = &s->fp_stubs[s->n_fp_stubs++];
	st->op = op;
	st->a_reg = isel_cached(s, op->a);
	st->b_reg = isel_cached(s, op->b);
	/* The state is frozen until finish(): every jump to the stub sees
	 * the same registers. */
	st->before = s->ra;
	s->ra_frozen = true;
	return st;
}

static void slow_if(struct isel *s, struct x64_fp_stub *st, enum x64_cc cc)
{
	if (st->n_slow == MAX_SLOW_JUMPS)
		__builtin_trap(); /* a sequence with too many checks: a bug */
	st->to_slow[st->n_slow++] = x64_jcc32(&s->a, cc);
}

/* The result in rax goes to slot d; the stub comes back behind it. */
static void finish(struct isel *s, struct x64_fp_stub *st, bool box)
{
	st->finish = s->a.p;
	if (box) {
		x64_mov_imm(&s->a, RCX, IR_BOX32);
		x64_alu_rr(&s->a, 8, X64_OR, RAX, RCX);
	}
	s->ra_frozen = false;
	isel_store_slot(s, st->op->d, RAX);
	st->after = s->ra;
	st->resume = s->a.p;
}

/* ---- checks ---- */

/* Rounding to nearest even with inexact accrued (rvf_rne_nx); the caller
 * has made sure rm is rne or dyn. */
static void gate_rne_nx(struct isel *s, struct x64_fp_stub *st, unsigned rm)
{
	if (rm == RV_RM_DYN) {
		x64_alu_mi(&s->a, 4, X64_CMP, CPU(env.frm), RV_RM_RNE);
		slow_if(s, st, X64_CC_NE);
	}
	x64_test_mi8(&s->a, CPU(env.fflags), RV_FFLAG_NX);
	slow_if(s, st, X64_CC_E);
}

/* Dynamic rounding with frm = rne; nothing for a static mode. */
static void gate_dyn_rne(struct isel *s, struct x64_fp_stub *st, unsigned rm)
{
	if (rm == RV_RM_DYN) {
		x64_alu_mi(&s->a, 4, X64_CMP, CPU(env.frm), RV_RM_RNE);
		slow_if(s, st, X64_CC_NE);
	}
}

/* A legal rounding mode (rvf_rm_ok); the caller has rejected reserved
 * static ones. */
static void gate_rm_ok(struct isel *s, struct x64_fp_stub *st, unsigned rm)
{
	if (rm == RV_RM_DYN) {
		x64_alu_mi(&s->a, 4, X64_CMP, CPU(env.frm), RV_RM_RMM);
		slow_if(s, st, X64_CC_A);
	}
}

/* Jump over the next check when inexact has accrued: returns the rel8. */
static uint8_t *if_nx(struct isel *s)
{
	x64_test_mi8(&s->a, CPU(env.fflags), RV_FFLAG_NX);
	return x64_jcc8(&s->a, X64_CC_NE);
}

/* ecx = the exponent field of the result in rax. */
static void exponent(struct isel *s, bool single)
{
	struct x64_asm *a = &s->a;
	if (single) {
		x64_mov_rr(a, 4, RCX, RAX);
		x64_alu_rr(a, 4, X64_ADD, RCX, RCX);
		x64_shift_ri(a, 4, X64_SHR, RCX, 24);
	} else {
		x64_lea(a, RCX, x64_mem_idx(RAX, RAX, 1, 0));
		x64_shift_ri(a, 8, X64_SHR, RCX, 53);
	}
}

/* The result in rax is not infinite or NaN (rvf_fin). */
static void check_finite(struct isel *s, struct x64_fp_stub *st, bool single)
{
	exponent(s, single);
	x64_alu_ri(&s->a, 4, X64_CMP, RCX, single ? 0xff : 0x7ff);
	slow_if(s, st, X64_CC_E);
}

/* The result in rax is at least twice the smallest normal (rvf_big);
 * otherwise the zero check when zero_ok, else the slow path. */
static void check_big(struct isel *s, struct x64_fp_stub *st, bool single,
		      bool zero_ok)
{
	exponent(s, single);
	x64_alu_ri(&s->a, 4, X64_SUB, RCX, 2);
	x64_alu_ri(&s->a, 4, X64_CMP, RCX, single ? 0xfd : 0x7fd);
	if (zero_ok) {
		st->single = single;
		st->to_zero = x64_jcc32(&s->a, X64_CC_AE);
	} else {
		slow_if(s, st, X64_CC_AE);
	}
}

/* rsi = the AND of the given slots (in rax, rcx, rdx): all NaN-boxed? */
static void check_boxed(struct isel *s, struct x64_fp_stub *st, unsigned n)
{
	struct x64_asm *a = &s->a;
	x64_mov_rr(a, 8, RSI, RAX);
	if (n > 1)
		x64_alu_rr(a, 8, X64_AND, RSI, RCX);
	if (n > 2)
		x64_alu_rr(a, 8, X64_AND, RSI, RDX);
	x64_shift_ri(a, 8, X64_SHR, RSI, 32);
	x64_alu_ri(a, 4, X64_CMP, RSI, -1);
	slow_if(s, st, X64_CC_NE);
}

/* xmm = slot (a double, or the low half for a single) */
static void load_x(struct isel *s, int xmm, unsigned slot)
{
	int r = isel_cached(s, slot);
	if (r >= 0)
		x64_movq_to_x(&s->a, 8, xmm, r);
	else
		x64_sse_rm(&s->a, X64_MOVSD, xmm, S(slot));
}

/* xd op= slot (double) */
static void sse_slot(struct isel *s, enum x64_sse opc, int xd, unsigned slot)
{
	int r = isel_cached(s, slot);
	if (r >= 0) {
		x64_movq_to_x(&s->a, 8, XMM1, r);
		x64_sse_rr(&s->a, opc, xd, XMM1);
	} else {
		x64_sse_rm(&s->a, opc, xd, S(slot));
	}
}

/* rax = a, rcx = b (rdx = c), checked to be NaN-boxed, and their low
 * halves in xmm1, xmm2 (xmm0). */
static void load_singles(struct isel *s, struct x64_fp_stub *st,
			 const struct ir_op *op, unsigned n)
{
	struct x64_asm *a = &s->a;
	isel_load_slot(s, 8, RAX, op->a);
	if (n > 1)
		isel_load_slot(s, 8, RCX, op->b);
	if (n > 2)
		isel_load_slot(s, 8, RDX, rv_fpop_c(op->imm));
	check_boxed(s, st, n);
	x64_movq_to_x(a, 4, XMM1, RAX);
	if (n > 1)
		x64_movq_to_x(a, 4, XMM2, RCX);
	if (n > 2)
		x64_movq_to_x(a, 4, XMM0, RDX);
}

/* ---- the ops ---- */

/* The C fast-then-slow path, for the ops and modes without a sequence. */
static void emit_fp_call(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	/* it reads and writes the slots in memory, and may leave */
	isel_flush_pending(s);
	isel_sync(s, ISEL_SYNC_ALL);
	x64_mov_rr(a, 8, RDI, RBX);
	x64_mov_imm(a, RSI, (uint64_t)(uintptr_t)op);
	isel_call_abs(s, (uintptr_t)rv_fpop_exec);
	x64_test_rr(a, 4, RAX, RAX);
	x64_jcc_abs32(a, X64_CC_NE, s->stubs->exit);
}

enum arith { ADDLIKE, MUL, DIV };

static void emit_arith_d(struct isel *s, const struct ir_op *op,
			 enum x64_sse opc, enum arith kind)
{
	struct x64_fp_stub *st = new_stub(s, op);
	gate_rne_nx(s, st, rv_fpop_rm(op->imm));
	load_x(s, XMM0, op->a);
	sse_slot(s, opc, XMM0, op->b);
	x64_movq_from_x(&s->a, 8, RAX, XMM0);
	if (kind == ADDLIKE) {
		check_finite(s, st, false);
	} else {
		st->zero_b = kind == MUL;
		check_big(s, st, false, true);
	}
	finish(s, st, false);
}

static void emit_arith_s(struct isel *s, const struct ir_op *op,
			 enum x64_sse opc, enum arith kind)
{
	struct x64_fp_stub *st = new_stub(s, op);
	gate_rne_nx(s, st, rv_fpop_rm(op->imm));
	load_singles(s, st, op, 2);
	x64_sse_rr(&s->a, opc, XMM1, XMM2);
	x64_movq_from_x(&s->a, 4, RAX, XMM1);
	if (kind == ADDLIKE) {
		check_finite(s, st, true);
	} else {
		st->zero_b = kind == MUL;
		check_big(s, st, true, true);
	}
	finish(s, st, true);
}

static void emit_sqrt(struct isel *s, const struct ir_op *op, bool single)
{
	struct x64_fp_stub *st = new_stub(s, op);
	gate_rne_nx(s, st, rv_fpop_rm(op->imm));
	if (single) {
		load_singles(s, st, op, 1);
		x64_sse_rr(&s->a, X64_SQRTSS, XMM1, XMM1);
		x64_movq_from_x(&s->a, 4, RAX, XMM1);
	} else {
		load_x(s, XMM0, op->a);
		x64_sse_rr(&s->a, X64_SQRTSD, XMM0, XMM0);
		x64_movq_from_x(&s->a, 8, RAX, XMM0);
	}
	check_finite(s, st, single);
	finish(s, st, single);
}

/* RISC-V fmadd/fmsub/fnmsub/fnmadd = x86 vfmadd/vfmsub/vfnmadd/vfnmsub */
static void emit_fma(struct isel *s, const struct ir_op *op, enum x64_fma opc,
		     bool single)
{
	struct x64_fp_stub *st = new_stub(s, op);
	gate_rne_nx(s, st, rv_fpop_rm(op->imm));
	if (single) {
		load_singles(s, st, op, 3);
	} else {
		load_x(s, XMM0, rv_fpop_c(op->imm));
		load_x(s, XMM1, op->a);
		load_x(s, XMM2, op->b);
	}
	x64_vfma231(&s->a, opc, !single, XMM0, XMM1, XMM2);
	x64_movq_from_x(&s->a, single ? 4 : 8, RAX, XMM0);
	check_big(s, st, single, false);
	finish(s, st, single);
}

/* feq/flt/fle: ucomis* leaves ZF, CF (a == b, a < b) unless unordered */
static void emit_cmp(struct isel *s, const struct ir_op *op, enum x64_cc cc,
		     bool single)
{
	struct x64_asm *a = &s->a;
	struct x64_fp_stub *st = new_stub(s, op);
	if (single) {
		load_singles(s, st, op, 2);
		x64_alu_rr(a, 4, X64_XOR, RAX, RAX);
		x64_sse_rr(a, X64_UCOMISS, XMM1, XMM2);
	} else {
		x64_alu_rr(a, 4, X64_XOR, RAX, RAX);
		load_x(s, XMM0, op->a);
		sse_slot(s, X64_UCOMISD, XMM0, op->b);
	}
	slow_if(s, st, X64_CC_P);
	x64_setcc(a, cc, RAX);
	finish(s, st, false);
}

/* fmin/fmax: equal operands are the same bits or +-0, where min takes the
 * sign bit (or) and max drops it (and) */
static void emit_minmax(struct isel *s, const struct ir_op *op, bool max,
			bool single)
{
	struct x64_asm *a = &s->a;
	struct x64_fp_stub *st = new_stub(s, op);
	if (single) {
		load_singles(s, st, op, 2);
		x64_sse_rr(a, X64_UCOMISS, XMM1, XMM2);
	} else {
		isel_load_slot(s, 8, RAX, op->a);
		isel_load_slot(s, 8, RCX, op->b);
		x64_movq_to_x(a, 8, XMM1, RAX);
		x64_movq_to_x(a, 8, XMM2, RCX);
		x64_sse_rr(a, X64_UCOMISD, XMM1, XMM2);
	}
	slow_if(s, st, X64_CC_P);
	uint8_t *differ = x64_jcc8(a, X64_CC_NE);
	x64_alu_rr(a, 8, max ? X64_AND : X64_OR, RAX, RCX);
	uint8_t *done = x64_jmp8(a);
	x64_bind8(a, differ);
	x64_cmov(a, 8, max ? X64_CC_B : X64_CC_A, RAX, RCX);
	x64_bind8(a, done);
	finish(s, st, false);
}

/* fcvt.{w,wu,l,lu}.{s,d} in rtz (cvtt) or rne (cvt): the host's int64
 * result must be in the kind's range (out of range and NaN give INT64_MIN)
 * and exact unless inexact has accrued. */
static void emit_to_int(struct isel *s, const struct ir_op *op, int kind,
			bool single)
{
	struct x64_asm *a = &s->a;
	unsigned rm = rv_fpop_rm(op->imm);
	struct x64_fp_stub *st = new_stub(s, op);
	gate_dyn_rne(s, st, rm);
	if (single) {
		load_singles(s, st, op, 1);
		x64_cvtf2si(a, rm == RV_RM_RTZ ? X64_CVTTSS2SI : X64_CVTSS2SI,
			    RAX, XMM1);
	} else {
		load_x(s, XMM1, op->a);
		x64_cvtf2si(a, rm == RV_RM_RTZ ? X64_CVTTSD2SI : X64_CVTSD2SI,
			    RAX, XMM1);
	}
	switch (kind) {
	case RVF_W:
		x64_movsxd_rr(a, RCX, RAX);
		x64_alu_rr(a, 8, X64_CMP, RCX, RAX);
		slow_if(s, st, X64_CC_NE);
		break;
	case RVF_WU:
		x64_mov_rr(a, 8, RCX, RAX);
		x64_shift_ri(a, 8, X64_SHR, RCX, 32);
		slow_if(s, st, X64_CC_NE);
		break;
	case RVF_L: /* rax - 1 overflows only for INT64_MIN */
		x64_alu_ri(a, 8, X64_CMP, RAX, 1);
		slow_if(s, st, X64_CC_O);
		break;
	default:
		x64_test_rr(a, 8, RAX, RAX);
		slow_if(s, st, X64_CC_S);
		break;
	}
	/* exact: converting back gives the operand (|v| >= 2^52 is an
	 * integer, converted exactly both ways) */
	uint8_t *nx = if_nx(s);
	x64_sse_rr(a, X64_XORPS, XMM2, XMM2);
	x64_cvtsi2f(a, single ? X64_CVTSI2SS : X64_CVTSI2SD, 8, XMM2, RAX);
	x64_sse_rr(a, single ? X64_UCOMISS : X64_UCOMISD, XMM2, XMM1);
	slow_if(s, st, X64_CC_NE);
	x64_bind8(a, nx);
	if (kind == RVF_WU) /* the 32-bit result, sign-extended */
		x64_movsxd_rr(a, RAX, RAX);
	finish(s, st, false);
}

/* fcvt.{s,d}.{w,wu,l,lu}: exact when the integer fits the significand
 * (bits), else rounded to nearest with inexact accrued. */
static void emit_from_int(struct isel *s, const struct ir_op *op, int kind,
			  bool single)
{
	struct x64_asm *a = &s->a;
	unsigned rm = rv_fpop_rm(op->imm);
	unsigned bits = single ? 24 : 53;
	bool w = kind == RVF_W || kind == RVF_WU;
	bool always_exact = !single && w;
	struct x64_fp_stub *st = new_stub(s, op);

	if (always_exact)
		gate_rm_ok(s, st, rm);
	else
		gate_dyn_rne(s, st, rm);
	if (kind == RVF_W) {
		isel_load_slot(s, 4, RAX, op->a);
		x64_movsxd_rr(a, RAX, RAX);
	} else if (kind == RVF_WU) {
		isel_load_slot(s, 4, RAX, op->a);
	} else {
		isel_load_slot(s, 8, RAX, op->a);
	}
	if (kind == RVF_LU) { /* from 2^63 on: the slow path */
		x64_test_rr(a, 8, RAX, RAX);
		slow_if(s, st, X64_CC_S);
	}
	if (!always_exact) {
		uint8_t *nx = if_nx(s);
		/* |v| < 2^bits: v >> bits is 0 or -1 */
		x64_mov_rr(a, 8, RCX, RAX);
		x64_shift_ri(a, 8, X64_SAR, RCX, (uint8_t)bits);
		x64_alu_ri(a, 8, X64_ADD, RCX, 1);
		x64_alu_ri(a, 8, X64_CMP, RCX, 1);
		slow_if(s, st, X64_CC_A);
		x64_bind8(a, nx);
	}
	x64_sse_rr(a, X64_XORPS, XMM0, XMM0);
	x64_cvtsi2f(a, single ? X64_CVTSI2SS : X64_CVTSI2SD, 8, XMM0, RAX);
	x64_movq_from_x(a, single ? 4 : 8, RAX, XMM0);
	finish(s, st, single);
}

/* fcvt.d.s: exact but for NaNs (canonical NaN, invalid for sNaN) */
static void emit_d_s(struct isel *s, const struct ir_op *op)
{
	struct x64_fp_stub *st = new_stub(s, op);
	gate_rm_ok(s, st, rv_fpop_rm(op->imm));
	load_singles(s, st, op, 1);
	x64_sse_rr(&s->a, X64_CVTSS2SD, XMM1, XMM1);
	x64_movq_from_x(&s->a, 8, RAX, XMM1);
	check_finite(s, st, false);
	finish(s, st, false);
}

/* fcvt.s.d: rounds like a product */
static void emit_s_d(struct isel *s, const struct ir_op *op)
{
	struct x64_fp_stub *st = new_stub(s, op);
	gate_rne_nx(s, st, rv_fpop_rm(op->imm));
	load_x(s, XMM1, op->a);
	x64_sse_rr(&s->a, X64_CVTSD2SS, XMM0, XMM1);
	x64_movq_from_x(&s->a, 4, RAX, XMM0);
	check_big(s, st, true, false);
	finish(s, st, true);
}

/* ---- flagless bit operations ---- */

/* r (holding an f register) = its single, or the canonical NaN when the
 * box is broken, zero-extended; tmp is clobbered */
static void unbox(struct isel *s, int r, int tmp)
{
	struct x64_asm *a = &s->a;
	x64_mov_rr(a, 8, tmp, r);
	x64_shift_ri(a, 8, X64_SHR, tmp, 32);
	x64_alu_ri(a, 4, X64_CMP, tmp, -1);
	x64_mov_imm(a, tmp, 0x7fc00000);
	x64_cmov(a, 4, X64_CC_NE, r, tmp); /* a 32-bit cmov zero-extends */
}

static void emit_sgnj(struct isel *s, const struct ir_op *op, bool single)
{
	struct x64_asm *a = &s->a;
	isel_load_slot(s, 8, RAX, op->a);
	isel_load_slot(s, 8, RCX, op->b);
	if (single) {
		unbox(s, RAX, RDX);
		unbox(s, RCX, RDX);
		if (op->opc == IR_FSGNJN_S)
			x64_grp3_r(a, 4, X64_NOT, RCX);
		x64_alu_ri(a, 4, X64_AND, RCX, INT32_MIN);
		if (op->opc != IR_FSGNJX_S)
			x64_alu_ri(a, 4, X64_AND, RAX, INT32_MAX);
		x64_alu_rr(a, 4, op->opc == IR_FSGNJX_S ? X64_XOR : X64_OR, RAX,
			   RCX);
		x64_mov_imm(a, RCX, IR_BOX32);
		x64_alu_rr(a, 8, X64_OR, RAX, RCX);
	} else {
		if (op->opc == IR_FSGNJN_D)
			x64_grp3_r(a, 8, X64_NOT, RCX);
		x64_shift_ri(a, 8, X64_SHR, RCX, 63);
		x64_shift_ri(a, 8, X64_SHL, RCX, 63);
		if (op->opc != IR_FSGNJX_D) {
			x64_shift_ri(a, 8, X64_SHL, RAX, 1);
			x64_shift_ri(a, 8, X64_SHR, RAX, 1);
		}
		x64_alu_rr(a, 8, op->opc == IR_FSGNJX_D ? X64_XOR : X64_OR, RAX,
			   RCX);
	}
	isel_store_slot(s, op->d, RAX);
}

/* ---- dispatch ---- */

static bool rne_or_dyn(unsigned rm)
{
	return rm == RV_RM_RNE || rm == RV_RM_DYN;
}

static bool legal_rm(unsigned rm)
{
	return rm <= RV_RM_RMM || rm == RV_RM_DYN;
}

/* A sequence for op in its static rounding mode? */
static bool native(const struct isel *s, const struct ir_op *op)
{
	unsigned rm = rv_fpop_rm(op->imm);
	switch (op->opc) {
	case IR_FMADD_S:
	case IR_FMSUB_S:
	case IR_FNMSUB_S:
	case IR_FNMADD_S:
	case IR_FMADD_D:
	case IR_FMSUB_D:
	case IR_FNMSUB_D:
	case IR_FNMADD_D:
		return s->has_fma && rne_or_dyn(rm);
	case IR_FMIN_S:
	case IR_FMAX_S:
	case IR_FEQ_S:
	case IR_FLT_S:
	case IR_FLE_S:
	case IR_FMIN_D:
	case IR_FMAX_D:
	case IR_FEQ_D:
	case IR_FLT_D:
	case IR_FLE_D:
		return true;
	case IR_FCVT_W_S:
	case IR_FCVT_WU_S:
	case IR_FCVT_L_S:
	case IR_FCVT_LU_S:
	case IR_FCVT_W_D:
	case IR_FCVT_WU_D:
	case IR_FCVT_L_D:
	case IR_FCVT_LU_D:
		return rne_or_dyn(rm) || rm == RV_RM_RTZ;
	case IR_FCVT_D_W:
	case IR_FCVT_D_WU:
	case IR_FCVT_D_S:
		return legal_rm(rm);
	default:
		return rne_or_dyn(rm);
	}
}

bool x64_emit_fp(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	switch (op->opc) {
	case IR_FSGNJ_S:
	case IR_FSGNJN_S:
	case IR_FSGNJX_S:
		emit_sgnj(s, op, true);
		return true;
	case IR_FSGNJ_D:
	case IR_FSGNJN_D:
	case IR_FSGNJX_D:
		emit_sgnj(s, op, false);
		return true;
	case IR_NBOX:
		isel_load_slot(s, 4, RAX, op->a);
		x64_mov_imm(a, RCX, IR_BOX32);
		x64_alu_rr(a, 8, X64_OR, RAX, RCX);
		isel_store_slot(s, op->d, RAX);
		return true;
	case IR_RDFFLAGS:
		x64_load(a, 4, RAX, CPU(env.fflags));
		isel_store_slot(s, op->d, RAX);
		return true;
	case IR_WRFFLAGS:
		isel_load_slot(s, 4, RCX, op->a);
		x64_alu_ri(a, 4, X64_AND, RCX, 0x1f);
		x64_load(a, 4, RAX, CPU(env.fflags));
		x64_store(a, 4, CPU(env.fflags), RCX);
		isel_store_slot(s, op->d, RAX);
		return true;
#define FP_CASE(n, f, fl) case IR_##n:
		IR_FP_OPS(FP_CASE)
#undef FP_CASE
		break;
	default:
		return false;
	}
	if (!native(s, op)) {
		emit_fp_call(s, op);
		return true;
	}
	switch (op->opc) {
	case IR_FADD_D:
		emit_arith_d(s, op, X64_ADDSD, ADDLIKE);
		break;
	case IR_FSUB_D:
		emit_arith_d(s, op, X64_SUBSD, ADDLIKE);
		break;
	case IR_FMUL_D:
		emit_arith_d(s, op, X64_MULSD, MUL);
		break;
	case IR_FDIV_D:
		emit_arith_d(s, op, X64_DIVSD, DIV);
		break;
	case IR_FSQRT_D:
		emit_sqrt(s, op, false);
		break;
	case IR_FADD_S:
		emit_arith_s(s, op, X64_ADDSS, ADDLIKE);
		break;
	case IR_FSUB_S:
		emit_arith_s(s, op, X64_SUBSS, ADDLIKE);
		break;
	case IR_FMUL_S:
		emit_arith_s(s, op, X64_MULSS, MUL);
		break;
	case IR_FDIV_S:
		emit_arith_s(s, op, X64_DIVSS, DIV);
		break;
	case IR_FSQRT_S:
		emit_sqrt(s, op, true);
		break;
	case IR_FMADD_D:
		emit_fma(s, op, X64_VFMADD231, false);
		break;
	case IR_FMSUB_D:
		emit_fma(s, op, X64_VFMSUB231, false);
		break;
	case IR_FNMSUB_D:
		emit_fma(s, op, X64_VFNMADD231, false);
		break;
	case IR_FNMADD_D:
		emit_fma(s, op, X64_VFNMSUB231, false);
		break;
	case IR_FMADD_S:
		emit_fma(s, op, X64_VFMADD231, true);
		break;
	case IR_FMSUB_S:
		emit_fma(s, op, X64_VFMSUB231, true);
		break;
	case IR_FNMSUB_S:
		emit_fma(s, op, X64_VFNMADD231, true);
		break;
	case IR_FNMADD_S:
		emit_fma(s, op, X64_VFNMSUB231, true);
		break;
	case IR_FEQ_D:
		emit_cmp(s, op, X64_CC_E, false);
		break;
	case IR_FLT_D:
		emit_cmp(s, op, X64_CC_B, false);
		break;
	case IR_FLE_D:
		emit_cmp(s, op, X64_CC_BE, false);
		break;
	case IR_FEQ_S:
		emit_cmp(s, op, X64_CC_E, true);
		break;
	case IR_FLT_S:
		emit_cmp(s, op, X64_CC_B, true);
		break;
	case IR_FLE_S:
		emit_cmp(s, op, X64_CC_BE, true);
		break;
	case IR_FMIN_D:
	case IR_FMAX_D:
		emit_minmax(s, op, op->opc == IR_FMAX_D, false);
		break;
	case IR_FMIN_S:
	case IR_FMAX_S:
		emit_minmax(s, op, op->opc == IR_FMAX_S, true);
		break;
	case IR_FCVT_W_D:
	case IR_FCVT_WU_D:
	case IR_FCVT_L_D:
	case IR_FCVT_LU_D:
		emit_to_int(s, op, (int)(op->opc - IR_FCVT_W_D), false);
		break;
	case IR_FCVT_W_S:
	case IR_FCVT_WU_S:
	case IR_FCVT_L_S:
	case IR_FCVT_LU_S:
		emit_to_int(s, op, (int)(op->opc - IR_FCVT_W_S), true);
		break;
	case IR_FCVT_D_W:
	case IR_FCVT_D_WU:
	case IR_FCVT_D_L:
	case IR_FCVT_D_LU:
		emit_from_int(s, op, (int)(op->opc - IR_FCVT_D_W), false);
		break;
	case IR_FCVT_S_W:
	case IR_FCVT_S_WU:
	case IR_FCVT_S_L:
	case IR_FCVT_S_LU:
		emit_from_int(s, op, (int)(op->opc - IR_FCVT_S_W), true);
		break;
	case IR_FCVT_D_S:
		emit_d_s(s, op);
		break;
	default: /* FCVT_S_D */
		emit_s_d(s, op);
		break;
	}
	return true;
}

/* rcx = slot (from the cache register it had at the op, or memory) */
static void load_at_op(struct isel *s, unsigned size, int reg, unsigned slot)
{
	if (reg >= 0)
		x64_mov_rr(&s->a, size, RCX, reg);
	else
		x64_load(&s->a, size, RCX, S(slot));
}

void x64_fp_stubs(struct isel *s)
{
	struct x64_asm *a = &s->a;
	for (size_t i = 0; i < s->n_fp_stubs; i++) {
		struct x64_fp_stub *st = &s->fp_stubs[i];
		const struct ir_op *op = st->op;
		uint8_t *not_zero = NULL;
		if (st->to_zero) {
			/* a zero result with a zero operand is exact */
			unsigned sz = st->single ? 4 : 8;
			x64_bind32(a, st->to_zero);
			x64_mov_rr(a, sz, RCX, RAX);
			x64_alu_rr(a, sz, X64_ADD, RCX, RCX);
			not_zero = x64_jcc8(a, X64_CC_NE);
			load_at_op(s, sz, st->a_reg, op->a);
			x64_alu_rr(a, sz, X64_ADD, RCX, RCX);
			x64_jcc_abs32(a, X64_CC_E, st->finish);
			if (st->zero_b) {
				load_at_op(s, sz, st->b_reg, op->b);
				x64_alu_rr(a, sz, X64_ADD, RCX, RCX);
				x64_jcc_abs32(a, X64_CC_E, st->finish);
			}
		}
		if (not_zero)
			x64_bind8(a, not_zero);
		for (unsigned k = 0; k < st->n_slow; k++)
			x64_bind32(a, st->to_slow[k]);
		if (!st->resume)
			__builtin_trap(); /* a sequence without finish(): a bug
					   */
		/* the slow path works on the slots in memory */
		isel_writeback_state(s, &st->before, false);
		x64_mov_rr(a, 8, RDI, RBX);
		x64_mov_imm(a, RSI, (uint64_t)(uintptr_t)op);
		isel_call_abs(s, (uintptr_t)rv_fpop_slow);
		x64_test_rr(a, 4, RAX, RAX);
		if (st->before.n_pend) {
			uint8_t *ok = x64_jcc8(a, X64_CC_E);
			x64_mov_rr(a, 4, RDX, RAX);
			isel_emit_pending(s, &st->before);
			x64_mov_rr(a, 4, RAX, RDX);
			x64_jmp_abs32(a, s->stubs->exit);
			x64_bind8(a, ok);
		} else {
			x64_jcc_abs32(a, X64_CC_NE, s->stubs->exit);
		}
		isel_reload_state(s, &st->after);
		x64_jmp_abs32(a, st->resume);
	}
	free(s->fp_stubs);
	s->fp_stubs = NULL;
	s->n_fp_stubs = s->cap_fp_stubs = 0;
}
