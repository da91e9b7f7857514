/*
 * Fast paths of the IR's F/D ops (IR_FP_OPS in src/ir/ops.h): what the
 * interpreter inlines per op, and the reference the JIT's native sequences
 * follow (src/jit/x86_64/isel_fp.c).
 *
 * Design: the host's IEEE arithmetic computes the value; the flags are made
 * exact without reading MXCSR (LDMXCSR/STMXCSR per instruction were most
 * of the time of FP guests) by only taking the fast path when no flag can
 * be missing:
 *  - inexact: rounded operations need NX already set in fflags (it is
 *    sticky, and compiled code sets it early and keeps it), or an exact
 *    result that is checked cheaply (conversions);
 *  - rounding: round-to-nearest-even only (static rne, or dyn with frm
 *    rne), the host's default mode; exact results need just a valid mode;
 *  - invalid, divide by zero, overflow: these produce NaN or infinity from
 *    finite-or-not operands, so a result that is neither shows none was
 *    raised (x / inf = 0 is exact and flagless);
 *  - underflow: sums, differences and square roots are exact when tiny
 *    (no flag without inexact); products, quotients, fused ops and
 *    narrowing need a result of at least twice the smallest normal (so it
 *    is not tiny before rounding either), or an exact zero from a zero
 *    operand;
 *  - NaN boxing: a single-precision operand must be NaN-boxed.
 * Everything else returns false and the caller runs rv_fpop_slow()
 * (fpu_ir.c), which is exact in every case.  Results are written only on
 * success, so d may alias a source.
 *
 * Invariant: the host FP environment is the ABI default (round to nearest,
 * no flush-to-zero or denormals-are-zero); rv_fpu_host_reset() restores it
 * when a backend is entered.
 */
#ifndef LOUPE_TARGET_RISCV_FPU_FAST_H
#define LOUPE_TARGET_RISCV_FPU_FAST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ir/alu.h"
#include "ir/ir.h"
#include "target/riscv/cpu.h"
#include "target/riscv/fpu.h"
#include "target/riscv/insn.h"

/* imm of an FP op: rm | c << 8 */
static inline unsigned rv_fpop_rm(int64_t imm)
{
	return (unsigned)imm & 7;
}

static inline unsigned rv_fpop_c(int64_t imm)
{
	return (unsigned)((uint64_t)imm >> 8) & 0xffff;
}

static inline int64_t rv_fpop_imm(unsigned rm, unsigned c)
{
	return (int64_t)(rm | (uint64_t)c << 8);
}

#if defined(__x86_64__)
#define RV_MXCSR_DEFAULT 0x1f80u /* all masked, nearest, no FTZ/DAZ */
/* The exception flags (bits 0..5) do not matter; the rest should be the
 * default already (LDMXCSR costs ~4 ns, STMXCSR ~1 ns: check first). */
static inline void rv_fpu_host_reset(void)
{
	static const uint32_t mx = RV_MXCSR_DEFAULT;
	uint32_t cur;
	__asm__ volatile("stmxcsr %0" : "=m"(cur));
	if ((cur & ~0x3fu) != RV_MXCSR_DEFAULT)
		__asm__ volatile("ldmxcsr %0" : : "m"(mx));
}
#else
static inline void rv_fpu_host_reset(void)
{
}
#endif

/* Round to nearest even, with inexact already accrued. */
static inline bool rvf_rne_nx(const struct rv_cpu *env, int64_t imm)
{
	unsigned rm = rv_fpop_rm(imm);
	return (env->fflags & RV_FFLAG_NX) &&
	       (rm == RV_RM_RNE || (rm == RV_RM_DYN && env->frm == RV_RM_RNE));
}

/* The rounding mode is legal (what an exact result needs). */
static inline bool rvf_rm_ok(const struct rv_cpu *env, int64_t imm)
{
	unsigned rm = rv_fpop_rm(imm);
	return rm <= RV_RM_RMM || (rm == RV_RM_DYN && env->frm <= RV_RM_RMM);
}

/* The mode a conversion to integer rounds in, -1 if reserved. */
static inline int rvf_rm_eff(const struct rv_cpu *env, int64_t imm)
{
	unsigned rm = rv_fpop_rm(imm);
	if (rm == RV_RM_DYN)
		rm = env->frm;
	return rm <= RV_RM_RMM ? (int)rm : -1;
}

static inline bool rvf_boxed(uint64_t x)
{
	return (x >> 32) == 0xffffffff;
}

static inline unsigned rvf_e64(uint64_t x)
{
	return (unsigned)(x >> 52) & 0x7ff;
}

static inline unsigned rvf_e32(uint64_t x)
{
	return (unsigned)(x >> 23) & 0xff;
}

/* Not infinite or NaN. */
static inline bool rvf_fin64(uint64_t x)
{
	return rvf_e64(x) != 0x7ff;
}

static inline bool rvf_fin32(uint64_t x)
{
	return rvf_e32(x) != 0xff;
}

/* Finite and at least twice the smallest normal: not tiny. */
static inline bool rvf_big64(uint64_t x)
{
	return rvf_e64(x) - 2u < 0x7fdu;
}

static inline bool rvf_big32(uint64_t x)
{
	return rvf_e32(x) - 2u < 0xfdu;
}

static inline bool rvf_zero64(uint64_t x)
{
	return !(x << 1);
}

static inline bool rvf_zero32(uint64_t x)
{
	return !(uint32_t)(x << 1);
}

static inline bool rvf_inf64(uint64_t x)
{
	return (x << 1) == UINT64_C(0xffe0000000000000);
}

static inline bool rvf_inf32(uint64_t x)
{
	return (uint32_t)(x << 1) == UINT32_C(0xff000000);
}

#if defined(__x86_64__)
static inline bool rvf_have_fma(void)
{
	return __builtin_cpu_supports("fma");
}

/* c + a * b with one rounding (FMA3; only after rvf_have_fma()). */
static inline double rvf_fma_d(double a, double b, double c)
{
	__asm__("vfmadd231sd %[b], %[a], %[c]"
		: [c] "+x"(c)
		: [a] "x"(a), [b] "x"(b));
	return c;
}

static inline float rvf_fma_f(float a, float b, float c)
{
	__asm__("vfmadd231ss %[b], %[a], %[c]"
		: [c] "+x"(c)
		: [a] "x"(a), [b] "x"(b));
	return c;
}

/* sqrtsd/sqrtss: the C library's sqrt may set errno on the way. */
static inline double rvf_sqrt_d(double a)
{
	double r;
	__asm__("sqrtsd %[a], %[r]" : [r] "=x"(r) : [a] "x"(a));
	return r;
}

static inline float rvf_sqrt_f(float a)
{
	float r;
	__asm__("sqrtss %[a], %[r]" : [r] "=x"(r) : [a] "x"(a));
	return r;
}

/* v rounded to nearest even as an int64 (INT64_MIN when out of range or
 * NaN: the caller's range checks reject it). */
static inline int64_t rvf_rint_i64(double v)
{
	int64_t r;
	__asm__("cvtsd2si %[v], %[r]" : [r] "=r"(r) : [v] "x"(v));
	return r;
}
#define RVF_HAVE_RINT 1
#else
static inline bool rvf_have_fma(void)
{
	return false;
}

static inline double rvf_fma_d(double a, double b, double c)
{
	return c + a * b; /* never called */
}

static inline float rvf_fma_f(float a, float b, float c)
{
	return c + a * b; /* never called */
}

static inline double rvf_sqrt_d(double a)
{
	return __builtin_sqrt(a);
}

static inline float rvf_sqrt_f(float a)
{
	return __builtin_sqrtf(a);
}
#define RVF_HAVE_RINT 0
static inline int64_t rvf_rint_i64(double v)
{
	(void)v;
	return INT64_MIN;
}
#endif

/* Integer kinds of the conversions. */
enum { RVF_W, RVF_WU, RVF_L, RVF_LU };

/* fcvt.{w,wu,l,lu}: v (a finite-or-not double, exactly the operand) to
 * the x-register value in mode rm (rne or rtz only). */
static inline bool rvf_to_int(const struct rv_cpu *env, double v, int kind,
			      int rm, uint64_t *r)
{
	int64_t i;
	uint64_t x;
	bool exact;

	if (rm == RV_RM_RTZ) {
		/* In range after truncation (NaN fails every compare); the
		 * C conversion then truncates without undefined behaviour. */
		switch (kind) {
		case RVF_W:
			if (!(v > -2147483649.0 && v < 2147483648.0))
				return false;
			i = (int64_t)v;
			x = (uint64_t)i;
			break;
		case RVF_WU:
			if (!(v > -1.0 && v < 4294967296.0))
				return false;
			i = (int64_t)v;
			x = ir_sext32((uint64_t)i);
			break;
		case RVF_L:
			if (!(v >= -0x1p63 && v < 0x1p63))
				return false;
			i = (int64_t)v;
			x = (uint64_t)i;
			break;
		default:
			if (!(v > -1.0 && v < 0x1p64))
				return false;
			x = (uint64_t)v;
			i = 0;
			break;
		}
		exact = kind == RVF_LU ? (double)x == v : (double)i == v;
	} else if (rm == RV_RM_RNE && RVF_HAVE_RINT) {
		i = rvf_rint_i64(v);
		switch (kind) {
		case RVF_W:
			if (i < INT32_MIN || i > INT32_MAX)
				return false;
			x = (uint64_t)i;
			break;
		case RVF_WU:
			if (i < 0 || i > (int64_t)UINT32_MAX)
				return false;
			x = ir_sext32((uint64_t)i);
			break;
		case RVF_L:
			if (i == INT64_MIN)
				return false;
			x = (uint64_t)i;
			break;
		default:
			if (i < 0)
				return false;
			x = (uint64_t)i;
			break;
		}
		/* |v| >= 2^52 is an integer, converted exactly both ways */
		exact = (double)i == v;
	} else {
		return false;
	}
	if (!exact && !(env->fflags & RV_FFLAG_NX))
		return false;
	*r = x;
	return true;
}

/* fcvt.{d,s}.{w,wu,l,lu}: exact when the magnitude fits the significand,
 * else round to nearest with inexact accrued. */
static inline bool rvf_from_int_ok(const struct rv_cpu *env, int64_t imm,
				   bool exact)
{
	return exact ? rvf_rm_ok(env, imm) : rvf_rne_nx(env, imm);
}

/* |v| <= 2^bits for a signed v, v <= 2^bits for an unsigned one. */
static inline bool rvf_fits_s(uint64_t v, unsigned bits)
{
	return v + (UINT64_C(1) << bits) <= UINT64_C(1) << (bits + 1);
}

static inline bool rvf_fits_u(uint64_t v, unsigned bits)
{
	return v <= UINT64_C(1) << bits;
}

/*
 * The fast path of FP op opc with sources a, b, c (slot values) and imm:
 * true with *r = the result, or false for rv_fpop_slow().  Always inlined:
 * with a constant opc the switch folds away.
 */
static inline __attribute__((always_inline)) bool
rv_fpop_fast(unsigned opc, const struct rv_cpu *env, uint64_t a, uint64_t b,
	     uint64_t c, int64_t imm, uint64_t *r)
{
	uint64_t x;
	double p, q;
	float f, g;

	switch (opc) {
	/* double: sums and square roots need only a finite result */
	case IR_FADD_D:
	case IR_FSUB_D:
		if (!rvf_rne_nx(env, imm))
			return false;
		p = rvf_d(a);
		q = rvf_d(b);
		x = rvf_dbits(opc == IR_FADD_D ? p + q : p - q);
		if (!rvf_fin64(x))
			return false;
		break;
	case IR_FSQRT_D:
		if (!rvf_rne_nx(env, imm))
			return false;
		x = rvf_dbits(rvf_sqrt_d(rvf_d(a)));
		if (!rvf_fin64(x))
			return false;
		break;
	case IR_FMUL_D:
		if (!rvf_rne_nx(env, imm))
			return false;
		x = rvf_dbits(rvf_d(a) * rvf_d(b));
		if (!rvf_big64(x) &&
		    !(rvf_zero64(x) && (rvf_zero64(a) || rvf_zero64(b))))
			return false;
		break;
	case IR_FDIV_D:
		if (!rvf_rne_nx(env, imm))
			return false;
		x = rvf_dbits(rvf_d(a) / rvf_d(b));
		if (!rvf_big64(x) &&
		    !(rvf_zero64(x) && (rvf_zero64(a) || rvf_inf64(b))))
			return false;
		break;
	case IR_FMADD_D:
	case IR_FMSUB_D:
	case IR_FNMSUB_D:
	case IR_FNMADD_D:
		if (!rvf_rne_nx(env, imm) || !rvf_have_fma())
			return false;
		if (opc == IR_FNMSUB_D || opc == IR_FNMADD_D)
			a ^= IR_SIGN64;
		if (opc == IR_FMSUB_D || opc == IR_FNMADD_D)
			c ^= IR_SIGN64;
		x = rvf_dbits(rvf_fma_d(rvf_d(a), rvf_d(b), rvf_d(c)));
		if (!rvf_big64(x))
			return false;
		break;

	/* single: the same on NaN-boxed operands */
	case IR_FADD_S:
	case IR_FSUB_S:
		if (!rvf_rne_nx(env, imm) || !rvf_boxed(a & b))
			return false;
		f = rvf_f(a);
		g = rvf_f(b);
		x = rvf_fbits(opc == IR_FADD_S ? f + g : f - g);
		if (!rvf_fin32(x))
			return false;
		x |= IR_BOX32;
		break;
	case IR_FSQRT_S:
		if (!rvf_rne_nx(env, imm) || !rvf_boxed(a))
			return false;
		x = rvf_fbits(rvf_sqrt_f(rvf_f(a)));
		if (!rvf_fin32(x))
			return false;
		x |= IR_BOX32;
		break;
	case IR_FMUL_S:
		if (!rvf_rne_nx(env, imm) || !rvf_boxed(a & b))
			return false;
		x = rvf_fbits(rvf_f(a) * rvf_f(b));
		if (!rvf_big32(x) &&
		    !(rvf_zero32(x) && (rvf_zero32(a) || rvf_zero32(b))))
			return false;
		x |= IR_BOX32;
		break;
	case IR_FDIV_S:
		if (!rvf_rne_nx(env, imm) || !rvf_boxed(a & b))
			return false;
		x = rvf_fbits(rvf_f(a) / rvf_f(b));
		if (!rvf_big32(x) &&
		    !(rvf_zero32(x) && (rvf_zero32(a) || rvf_inf32(b))))
			return false;
		x |= IR_BOX32;
		break;
	case IR_FMADD_S:
	case IR_FMSUB_S:
	case IR_FNMSUB_S:
	case IR_FNMADD_S:
		if (!rvf_rne_nx(env, imm) || !rvf_boxed(a & b & c) ||
		    !rvf_have_fma())
			return false;
		if (opc == IR_FNMSUB_S || opc == IR_FNMADD_S)
			a ^= IR_SIGN32;
		if (opc == IR_FMSUB_S || opc == IR_FNMADD_S)
			c ^= IR_SIGN32;
		x = rvf_fbits(rvf_fma_f(rvf_f(a), rvf_f(b), rvf_f(c)));
		if (!rvf_big32(x))
			return false;
		x |= IR_BOX32;
		break;

	/* compares: only NaN operands raise flags */
	case IR_FEQ_D:
	case IR_FLT_D:
	case IR_FLE_D:
		p = rvf_d(a);
		q = rvf_d(b);
		if (__builtin_isunordered(p, q))
			return false;
		x = opc == IR_FEQ_D ? p == q : opc == IR_FLT_D ? p < q : p <= q;
		break;
	case IR_FEQ_S:
	case IR_FLT_S:
	case IR_FLE_S:
		if (!rvf_boxed(a & b))
			return false;
		f = rvf_f(a);
		g = rvf_f(b);
		if (__builtin_isunordered(f, g))
			return false;
		x = opc == IR_FEQ_S ? f == g : opc == IR_FLT_S ? f < g : f <= g;
		break;

	/* min/max: equal operands are the same bits or +0 and -0, for
	 * which min takes the set sign bit and max the clear one */
	case IR_FMIN_D:
	case IR_FMAX_D:
		p = rvf_d(a);
		q = rvf_d(b);
		if (__builtin_isunordered(p, q))
			return false;
		if (p == q)
			x = opc == IR_FMIN_D ? a | b : a & b;
		else
			x = (p < q) == (opc == IR_FMIN_D) ? a : b;
		break;
	case IR_FMIN_S:
	case IR_FMAX_S:
		if (!rvf_boxed(a & b))
			return false;
		f = rvf_f(a);
		g = rvf_f(b);
		if (__builtin_isunordered(f, g))
			return false;
		if (f == g)
			x = opc == IR_FMIN_S ? a | b : a & b;
		else
			x = (f < g) == (opc == IR_FMIN_S) ? a : b;
		break;

	/* to integer */
	case IR_FCVT_W_D:
	case IR_FCVT_WU_D:
	case IR_FCVT_L_D:
	case IR_FCVT_LU_D:
		return rvf_to_int(env, rvf_d(a), (int)(opc - IR_FCVT_W_D),
				  rvf_rm_eff(env, imm), r);
	case IR_FCVT_W_S:
	case IR_FCVT_WU_S:
	case IR_FCVT_L_S:
	case IR_FCVT_LU_S:
		if (!rvf_boxed(a))
			return false;
		return rvf_to_int(env, (double)rvf_f(a),
				  (int)(opc - IR_FCVT_W_S),
				  rvf_rm_eff(env, imm), r);

	/* from integer */
	case IR_FCVT_D_W:
		if (!rvf_rm_ok(env, imm))
			return false;
		x = rvf_dbits((double)(int32_t)(uint32_t)a);
		break;
	case IR_FCVT_D_WU:
		if (!rvf_rm_ok(env, imm))
			return false;
		x = rvf_dbits((double)(uint32_t)a);
		break;
	case IR_FCVT_D_L:
		if (!rvf_from_int_ok(env, imm, rvf_fits_s(a, 53)))
			return false;
		x = rvf_dbits((double)(int64_t)a);
		break;
	case IR_FCVT_D_LU:
		if (!rvf_from_int_ok(env, imm, rvf_fits_u(a, 53)))
			return false;
		x = rvf_dbits((double)a);
		break;
	case IR_FCVT_S_W:
		if (!rvf_from_int_ok(env, imm, rvf_fits_s(ir_sext32(a), 24)))
			return false;
		x = rvf_fbits((float)(int32_t)(uint32_t)a) | IR_BOX32;
		break;
	case IR_FCVT_S_WU:
		if (!rvf_from_int_ok(env, imm, rvf_fits_u((uint32_t)a, 24)))
			return false;
		x = rvf_fbits((float)(uint32_t)a) | IR_BOX32;
		break;
	case IR_FCVT_S_L:
		if (!rvf_from_int_ok(env, imm, rvf_fits_s(a, 24)))
			return false;
		x = rvf_fbits((float)(int64_t)a) | IR_BOX32;
		break;
	case IR_FCVT_S_LU:
		if (!rvf_from_int_ok(env, imm, rvf_fits_u(a, 24)))
			return false;
		x = rvf_fbits((float)a) | IR_BOX32;
		break;

	/* between formats: widening is exact (NaNs go slow: canonical NaN,
	 * invalid on a signaling one); narrowing as a product */
	case IR_FCVT_D_S:
		if (!rvf_rm_ok(env, imm) || !rvf_boxed(a))
			return false;
		p = (double)rvf_f(a);
		if (p != p)
			return false;
		x = rvf_dbits(p);
		break;
	case IR_FCVT_S_D:
		p = rvf_d(a);
		f = (float)p;
		x = rvf_fbits(f);
		if ((double)f == p) {
			/* exact (infinities included): no flags */
			if (!rvf_rm_ok(env, imm))
				return false;
		} else if (!rvf_rne_nx(env, imm) || !rvf_big32(x)) {
			return false;
		}
		x |= IR_BOX32;
		break;
	default:
		return false;
	}
	*r = x;
	return true;
}

#endif
