/*
 * RISC-V F and D computational instructions: rv_fpu_calc() on operand
 * values and rv_fpu_exec() on a register file.
 *
 * Design: the operations that only move or compare bits (sign injection,
 * min/max, compares, classify, moves) are integer code here.  Rounded
 * arithmetic and conversions take one of two paths:
 *
 *  - x86-64 hosts, rounding mode RNE (static, or DYN with frm = RNE: what
 *    compiled code runs): the host's scalar SSE (and FMA3, when present)
 *    instruction runs between an LDMXCSR of 0x1f80 (RNE, all exceptions
 *    masked, flags clear, DAZ/FTZ off) and an STMXCSR that reads the flags
 *    back.  x86 SSE implements IEEE 754 with tininess detected after
 *    rounding, like RISC-V, so result and flags are exact; only what x86
 *    does differently is patched: NaN results become the canonical NaN, FMA
 *    operands that are NaN or infinite go to the soft path (RISC-V wants NV
 *    for inf * 0 + qNaN), and conversions to integers whose result x86
 *    cannot represent (out of range, NaN) go to the soft path.  fcvt to an
 *    integer with RTZ (C casts) uses the truncating CVTT instructions.
 *    MXCSR is left at 0x1f80 (plus sticky flags), the ABI default, so the
 *    rest of the emulator computes as usual.
 *  - everything else: the software implementation in fpu_soft.c.  The
 *    directed modes are not done with MXCSR.RC because changing the
 *    rounding control (and changing it back) costs far more than the soft
 *    path on the machines measured (~300 ns vs ~50 ns per instruction).
 *
 * Building with -DRV_FPU_SOFT forces the software path for everything (the
 * differential tests run both builds against qemu).
 *
 * Invariants: sources are read before rd is written (rd may equal a
 * source); on a reserved rounding mode nothing is written and -1 returned;
 * x0 is never written; single-precision results are NaN-boxed, and
 * single-precision operands that are not NaN-boxed read as the canonical
 * NaN (except for the moves fmv.x.w, which copy bits).
 */
#include <string.h>

#include "target/riscv/cpu.h"
#include "target/riscv/fpu.h"
#include "target/riscv/fpu_soft.h"
#include "target/riscv/insn.h"

#if defined(__x86_64__) && !defined(RV_FPU_SOFT)
#define RV_FPU_X86 1
#endif

#define BOX32 UINT64_C(0xffffffff00000000)
#define SIGN32 UINT64_C(0x80000000)
#define SIGN64 (UINT64_C(1) << 63)

static inline uint64_t unbox(uint64_t v)
{
	return (v >> 32) == 0xffffffff ? (uint32_t)v : RVSF_QNAN32;
}

static inline uint64_t sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

/* ---- bit-level operations (both formats) ---- */

struct fmt_bits {
	uint64_t sign, exp, frac, quiet, qnan;
};

static const struct fmt_bits fb32 = {SIGN32, UINT64_C(0x7f800000),
				     UINT64_C(0x007fffff), UINT64_C(0x00400000),
				     RVSF_QNAN32};
static const struct fmt_bits fb64 = {SIGN64, UINT64_C(0x7ff0000000000000),
				     UINT64_C(0x000fffffffffffff),
				     UINT64_C(0x0008000000000000), RVSF_QNAN64};

static inline int is_nan(const struct fmt_bits *f, uint64_t x)
{
	return (x & (f->exp | f->frac)) > f->exp;
}

static inline int is_snan(const struct fmt_bits *f, uint64_t x)
{
	return is_nan(f, x) && !(x & f->quiet);
}

static inline int is_zero(const struct fmt_bits *f, uint64_t x)
{
	return !(x & ~f->sign);
}

/* a < b for non-NaN a and b. */
static inline int lt_bits(const struct fmt_bits *f, uint64_t a, uint64_t b)
{
	int sa = (a & f->sign) != 0, sb = (b & f->sign) != 0;
	if (sa != sb)
		return sa && !(is_zero(f, a) && is_zero(f, b));
	return sa ? a > b : a < b;
}

static inline int eq_bits(const struct fmt_bits *f, uint64_t a, uint64_t b)
{
	return a == b || (is_zero(f, a) && is_zero(f, b));
}

/* IEEE 754-2019 minimumNumber/maximumNumber, -0 < +0. */
static uint64_t fminmax(const struct fmt_bits *f, uint64_t a, uint64_t b,
			int want_max, unsigned *fl)
{
	int na = is_nan(f, a), nb = is_nan(f, b);

	if (is_snan(f, a) || is_snan(f, b))
		*fl |= RV_FFLAG_NV;
	if (na && nb)
		return f->qnan;
	if (na)
		return b;
	if (nb)
		return a;
	/* Signed zeros compare by sign here, unlike lt_bits. */
	int sa = (a & f->sign) != 0, sb = (b & f->sign) != 0;
	int a_less = sa != sb ? sa : (sa ? a > b : a < b);
	return a_less == want_max ? b : a;
}

static uint64_t fcmp(const struct fmt_bits *f, unsigned op, uint64_t a,
		     uint64_t b, unsigned *fl)
{
	if (is_nan(f, a) || is_nan(f, b)) {
		/* feq is quiet; flt and fle signal on any NaN. */
		if (op == 0 ? is_snan(f, a) || is_snan(f, b) : 1)
			*fl |= RV_FFLAG_NV;
		return 0;
	}
	switch (op) {
	case 0:
		return eq_bits(f, a, b);
	case 1:
		return lt_bits(f, a, b);
	default:
		return lt_bits(f, a, b) || eq_bits(f, a, b);
	}
}

static uint64_t fclass(const struct fmt_bits *f, uint64_t x)
{
	int neg = (x & f->sign) != 0;
	uint64_t e = x & f->exp, m = x & f->frac;

	if (e == f->exp) {
		if (!m)
			return neg ? 1u << 0 : 1u << 7;
		return (m & f->quiet) ? 1u << 9 : 1u << 8;
	}
	if (!e) {
		if (!m)
			return neg ? 1u << 3 : 1u << 4;
		return neg ? 1u << 2 : 1u << 5;
	}
	return neg ? 1u << 1 : 1u << 6;
}

/* ---- rounded arithmetic ---- */

#ifdef RV_FPU_X86

#define MXCSR_DEFAULT 0x1f80u /* all exceptions masked, RNE, no DAZ/FTZ */
#define MXCSR_PE 0x20u

static const uint32_t x86_mxcsr_default = MXCSR_DEFAULT;

/* x86 IE, DE, ZE, OE, UE, PE (bits 0..5) to RISC-V flags; DE is dropped. */
static inline unsigned x86_flags(uint32_t mx)
{
	return ((mx & 0x01) << 4) | ((mx & 0x04) << 1) | ((mx & 0x08) >> 1) |
	       ((mx & 0x10) >> 3) | ((mx & 0x20) >> 5);
}

/* x86 instruction `ins b, a` (a = a OP b), RNE. */
#define X86_BINOP(name, ins, T)                                                \
	static inline T name(T a, T b, unsigned *fl)                           \
	{                                                                      \
		uint32_t st;                                                   \
		__asm__ volatile("ldmxcsr %[mx]\n\t" ins " %[b], %[a]\n\t"     \
				 "stmxcsr %[st]"                               \
				 : [a] "+x"(a), [st] "=m"(st)                  \
				 : [b] "x"(b), [mx] "m"(x86_mxcsr_default));   \
		*fl |= x86_flags(st);                                          \
		return a;                                                      \
	}

X86_BINOP(x86_addsd, "addsd", double)
X86_BINOP(x86_subsd, "subsd", double)
X86_BINOP(x86_mulsd, "mulsd", double)
X86_BINOP(x86_divsd, "divsd", double)
X86_BINOP(x86_addss, "addss", float)
X86_BINOP(x86_subss, "subss", float)
X86_BINOP(x86_mulss, "mulss", float)
X86_BINOP(x86_divss, "divss", float)

/* x86 instruction `ins a, r` (r = OP a, r of type TR), RNE. */
#define X86_UNOP(name, ins, TA, TR, cr)                                        \
	static inline TR name(TA a, unsigned *fl)                              \
	{                                                                      \
		uint32_t st;                                                   \
		TR r;                                                          \
		__asm__ volatile("ldmxcsr %[mx]\n\t" ins " %[a], %[r]\n\t"     \
				 "stmxcsr %[st]"                               \
				 : [r] cr(r), [st] "=m"(st)                    \
				 : [a] "x"(a), [mx] "m"(x86_mxcsr_default));   \
		*fl |= x86_flags(st);                                          \
		return r;                                                      \
	}

X86_UNOP(x86_sqrtsd, "sqrtsd", double, double, "=x")
X86_UNOP(x86_sqrtss, "sqrtss", float, float, "=x")
X86_UNOP(x86_cvtsd2ss, "cvtsd2ss", double, float, "=x")

/* Conversions to int64 (RNE; the cvtt forms truncate): the raw MXCSR
 * status goes to *st, the caller decides which flags apply. */
#define X86_CVTT(name, ins, TA)                                                \
	static inline int64_t name(TA a, uint32_t *st)                         \
	{                                                                      \
		int64_t r;                                                     \
		__asm__ volatile("ldmxcsr %[mx]\n\t" ins " %[a], %[r]\n\t"     \
				 "stmxcsr %[st]"                               \
				 : [r] "=r"(r), [st] "=m"(*st)                 \
				 : [a] "x"(a), [mx] "m"(x86_mxcsr_default));   \
		return r;                                                      \
	}

X86_CVTT(x86_cvtsd2si, "cvtsd2si", double)
X86_CVTT(x86_cvtss2si, "cvtss2si", float)
X86_CVTT(x86_cvttsd2si, "cvttsd2si", double)
X86_CVTT(x86_cvttss2si, "cvttss2si", float)

/* int64 to double/float, RNE. */
#define X86_CVTI(name, ins, TR)                                                \
	static inline TR name(int64_t a, unsigned *fl)                         \
	{                                                                      \
		uint32_t st;                                                   \
		TR r = 0;                                                      \
		__asm__ volatile("ldmxcsr %[mx]\n\t" ins " %[a], %[r]\n\t"     \
				 "stmxcsr %[st]"                               \
				 : [r] "+x"(r), [st] "=m"(st)                  \
				 : [a] "r"(a), [mx] "m"(x86_mxcsr_default));   \
		*fl |= x86_flags(st);                                          \
		return r;                                                      \
	}

X86_CVTI(x86_cvtsi2sd, "cvtsi2sdq", double)
X86_CVTI(x86_cvtsi2ss, "cvtsi2ssq", float)

/* c = a * b + c (FMA3). */
#define X86_FMA(name, ins, T)                                                  \
	static inline T name(T a, T b, T c, unsigned *fl)                      \
	{                                                                      \
		uint32_t st;                                                   \
		__asm__ volatile(                                              \
		    "ldmxcsr %[mx]\n\t" ins " %[b], %[a], %[c]\n\t"            \
		    "stmxcsr %[st]"                                            \
		    : [c] "+x"(c), [st] "=m"(st)                               \
		    : [a] "x"(a), [b] "x"(b), [mx] "m"(x86_mxcsr_default));    \
		*fl |= x86_flags(st);                                          \
		return c;                                                      \
	}

X86_FMA(x86_fmasd, "vfmadd231sd", double)
X86_FMA(x86_fmass, "vfmadd231ss", float)

static inline int x86_have_fma(void)
{
	return __builtin_cpu_supports("fma");
}

#define FAST(rm) ((rm) == RV_RM_RNE)
#else
#define FAST(rm) 0
#endif

static inline uint64_t canon64(uint64_t x)
{
	return is_nan(&fb64, x) ? RVSF_QNAN64 : x;
}

static inline uint64_t canon32(uint64_t x)
{
	return is_nan(&fb32, x) ? RVSF_QNAN32 : x;
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

static inline uint64_t arith64(int op, uint64_t a, uint64_t b, int rm,
			       unsigned *fl)
{
#ifdef RV_FPU_X86
	if (FAST(rm)) {
		double x = rvf_d(a), y = rvf_d(b), r;
		switch (op) {
		case OP_ADD:
			r = x86_addsd(x, y, fl);
			break;
		case OP_SUB:
			r = x86_subsd(x, y, fl);
			break;
		case OP_MUL:
			r = x86_mulsd(x, y, fl);
			break;
		default:
			r = x86_divsd(x, y, fl);
			break;
		}
		return canon64(rvf_dbits(r));
	}
#endif
	switch (op) {
	case OP_ADD:
		return rvsf_add(RVSF_F64, a, b, rm, fl);
	case OP_SUB:
		return rvsf_add(RVSF_F64, a, b ^ SIGN64, rm, fl);
	case OP_MUL:
		return rvsf_mul(RVSF_F64, a, b, rm, fl);
	default:
		return rvsf_div(RVSF_F64, a, b, rm, fl);
	}
}

static inline uint64_t arith32(int op, uint64_t a, uint64_t b, int rm,
			       unsigned *fl)
{
#ifdef RV_FPU_X86
	if (FAST(rm)) {
		float x = rvf_f(a), y = rvf_f(b), r;
		switch (op) {
		case OP_ADD:
			r = x86_addss(x, y, fl);
			break;
		case OP_SUB:
			r = x86_subss(x, y, fl);
			break;
		case OP_MUL:
			r = x86_mulss(x, y, fl);
			break;
		default:
			r = x86_divss(x, y, fl);
			break;
		}
		return canon32(rvf_fbits(r));
	}
#endif
	switch (op) {
	case OP_ADD:
		return rvsf_add(RVSF_F32, a, b, rm, fl);
	case OP_SUB:
		return rvsf_add(RVSF_F32, a, b ^ SIGN32, rm, fl);
	case OP_MUL:
		return rvsf_mul(RVSF_F32, a, b, rm, fl);
	default:
		return rvsf_div(RVSF_F32, a, b, rm, fl);
	}
}

static inline uint64_t sqrt64(uint64_t a, int rm, unsigned *fl)
{
#ifdef RV_FPU_X86
	if (FAST(rm))
		return canon64(rvf_dbits(x86_sqrtsd(rvf_d(a), fl)));
#endif
	return rvsf_sqrt(RVSF_F64, a, rm, fl);
}

static inline uint64_t sqrt32(uint64_t a, int rm, unsigned *fl)
{
#ifdef RV_FPU_X86
	if (FAST(rm))
		return canon32(rvf_fbits(x86_sqrtss(rvf_f(a), fl)));
#endif
	return rvsf_sqrt(RVSF_F32, a, rm, fl);
}

/* a * b + c; the caller has applied the negations of the fmsub forms. */
static inline uint64_t fma64(uint64_t a, uint64_t b, uint64_t c, int rm,
			     unsigned *fl)
{
#ifdef RV_FPU_X86
	/* Finite operands only: RISC-V wants NV for inf * 0 + qNaN. */
	if (FAST(rm) && (a & fb64.exp) != fb64.exp &&
	    (b & fb64.exp) != fb64.exp && (c & fb64.exp) != fb64.exp &&
	    x86_have_fma())
		return rvf_dbits(x86_fmasd(rvf_d(a), rvf_d(b), rvf_d(c), fl));
#endif
	return rvsf_fma(RVSF_F64, a, b, c, rm, fl);
}

static inline uint64_t fma32(uint64_t a, uint64_t b, uint64_t c, int rm,
			     unsigned *fl)
{
#ifdef RV_FPU_X86
	if (FAST(rm) && (a & fb32.exp) != fb32.exp &&
	    (b & fb32.exp) != fb32.exp && (c & fb32.exp) != fb32.exp &&
	    x86_have_fma())
		return rvf_fbits(x86_fmass(rvf_f(a), rvf_f(b), rvf_f(c), fl));
#endif
	return rvsf_fma(RVSF_F32, a, b, c, rm, fl);
}

/* Float (fmt) to integer kind; the x-register value. */
static inline uint64_t to_int(int fmt, uint64_t a, int kind, int rm,
			      unsigned *fl)
{
#ifdef RV_FPU_X86
	/* RTZ (C casts) has its own x86 instruction. */
	if (rm == RV_RM_RTZ || rm == RV_RM_RNE) {
		int64_t r;
		uint32_t st;
		if (rm == RV_RM_RTZ) {
			r = fmt == RVSF_F64 ? x86_cvttsd2si(rvf_d(a), &st)
					    : x86_cvttss2si(rvf_f(a), &st);
		} else {
			r = fmt == RVSF_F64 ? x86_cvtsd2si(rvf_d(a), &st)
					    : x86_cvtss2si(rvf_f(a), &st);
		}
		int ok;
		switch (kind) {
		case RVSF_W:
			ok = r >= INT32_MIN && r <= INT32_MAX;
			break;
		case RVSF_WU:
			ok = r >= 0 && r <= (int64_t)UINT32_MAX;
			break;
		case RVSF_L:
			ok = r != INT64_MIN;
			break;
		default:
			ok = r >= 0;
			break;
		}
		if (ok) {
			if (st & MXCSR_PE)
				*fl |= RV_FFLAG_NX;
			return kind == RVSF_WU ? sext32((uint64_t)r)
					       : (uint64_t)r;
		}
	}
#endif
	return rvsf_to_int(fmt, a, kind, rm, fl);
}

static inline uint64_t from_int64(uint64_t x, int kind, int rm, unsigned *fl)
{
	switch (kind) {
	case RVSF_W: { /* exact */
		double d = (double)(int32_t)(uint32_t)x;
		uint64_t r;
		memcpy(&r, &d, sizeof r);
		return r;
	}
	case RVSF_WU: {
		double d = (double)(uint32_t)x;
		uint64_t r;
		memcpy(&r, &d, sizeof r);
		return r;
	}
	default:
		break;
	}
#ifdef RV_FPU_X86
	if (FAST(rm)) {
		if (kind == RVSF_L || !(x >> 63))
			return rvf_dbits(x86_cvtsi2sd((int64_t)x, fl));
		/* Halve with the lost bit kept as a sticky bit far below the
		 * rounding position, convert, double (exactly). */
		double d = x86_cvtsi2sd((int64_t)((x >> 1) | (x & 1)), fl);
		return rvf_dbits(d + d);
	}
#endif
	return rvsf_from_int(RVSF_F64, x, kind, rm, fl);
}

static inline uint64_t from_int32(uint64_t x, int kind, int rm, unsigned *fl)
{
#ifdef RV_FPU_X86
	if (FAST(rm)) {
		int64_t v;
		switch (kind) {
		case RVSF_W:
			v = (int32_t)(uint32_t)x;
			break;
		case RVSF_WU:
			v = (uint32_t)x;
			break;
		default:
			if (kind == RVSF_L || !(x >> 63)) {
				v = (int64_t)x;
				break;
			}
			float f =
			    x86_cvtsi2ss((int64_t)((x >> 1) | (x & 1)), fl);
			return rvf_fbits(f + f);
		}
		return rvf_fbits(x86_cvtsi2ss(v, fl));
	}
#endif
	return rvsf_from_int(RVSF_F32, x, kind, rm, fl);
}

static inline uint64_t f64_to_f32(uint64_t a, int rm, unsigned *fl)
{
#ifdef RV_FPU_X86
	if (FAST(rm))
		return canon32(rvf_fbits(x86_cvtsd2ss(rvf_d(a), fl)));
#endif
	return rvsf_f64_to_f32(a, rm, fl);
}

static inline uint64_t f32_to_f64(uint64_t a, unsigned *fl)
{
	uint64_t e = a & fb32.exp;
	if (e && e != fb32.exp) /* normal: exact re-biasing */
		return ((a & SIGN32) << 32) | (((e >> 23) + 1023 - 127) << 52) |
		       ((a & fb32.frac) << 29);
	return rvsf_f32_to_f64(a, fl);
}

/* ---- dispatch ---- */

unsigned rv_fpu_kind(unsigned op)
{
	switch (op) {
	case RV_OP_FADD_S:
	case RV_OP_FSUB_S:
	case RV_OP_FMUL_S:
	case RV_OP_FDIV_S:
	case RV_OP_FSQRT_S:
	case RV_OP_FMADD_S:
	case RV_OP_FMSUB_S:
	case RV_OP_FNMSUB_S:
	case RV_OP_FNMADD_S:
	case RV_OP_FADD_D:
	case RV_OP_FSUB_D:
	case RV_OP_FMUL_D:
	case RV_OP_FDIV_D:
	case RV_OP_FSQRT_D:
	case RV_OP_FMADD_D:
	case RV_OP_FMSUB_D:
	case RV_OP_FNMSUB_D:
	case RV_OP_FNMADD_D:
	case RV_OP_FCVT_S_D:
	case RV_OP_FCVT_D_S:
		return RV_FPU_OK | RV_FPU_RM;
	case RV_OP_FCVT_W_S:
	case RV_OP_FCVT_WU_S:
	case RV_OP_FCVT_L_S:
	case RV_OP_FCVT_LU_S:
	case RV_OP_FCVT_W_D:
	case RV_OP_FCVT_WU_D:
	case RV_OP_FCVT_L_D:
	case RV_OP_FCVT_LU_D:
		return RV_FPU_OK | RV_FPU_RM | RV_FPU_XDST;
	case RV_OP_FCVT_S_W:
	case RV_OP_FCVT_S_WU:
	case RV_OP_FCVT_S_L:
	case RV_OP_FCVT_S_LU:
	case RV_OP_FCVT_D_W:
	case RV_OP_FCVT_D_WU:
	case RV_OP_FCVT_D_L:
	case RV_OP_FCVT_D_LU:
		return RV_FPU_OK | RV_FPU_RM | RV_FPU_XSRC;
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
		return RV_FPU_OK;
	case RV_OP_FEQ_S:
	case RV_OP_FLT_S:
	case RV_OP_FLE_S:
	case RV_OP_FEQ_D:
	case RV_OP_FLT_D:
	case RV_OP_FLE_D:
	case RV_OP_FCLASS_S:
	case RV_OP_FCLASS_D:
	case RV_OP_FMV_X_W:
	case RV_OP_FMV_X_D:
		return RV_FPU_OK | RV_FPU_XDST;
	case RV_OP_FMV_W_X:
	case RV_OP_FMV_D_X:
		return RV_FPU_OK | RV_FPU_XSRC;
	default:
		return 0;
	}
}

uint64_t rv_fpu_calc(unsigned op, uint64_t a, uint64_t b, uint64_t c, int rm,
		     unsigned *fl)
{
	switch (op) {
	/* F arithmetic */
	case RV_OP_FADD_S:
		return arith32(OP_ADD, unbox(a), unbox(b), rm, fl) | BOX32;
	case RV_OP_FSUB_S:
		return arith32(OP_SUB, unbox(a), unbox(b), rm, fl) | BOX32;
	case RV_OP_FMUL_S:
		return arith32(OP_MUL, unbox(a), unbox(b), rm, fl) | BOX32;
	case RV_OP_FDIV_S:
		return arith32(OP_DIV, unbox(a), unbox(b), rm, fl) | BOX32;
	case RV_OP_FSQRT_S:
		return sqrt32(unbox(a), rm, fl) | BOX32;
	case RV_OP_FMADD_S:
		return fma32(unbox(a), unbox(b), unbox(c), rm, fl) | BOX32;
	case RV_OP_FMSUB_S:
		return fma32(unbox(a), unbox(b), unbox(c) ^ SIGN32, rm, fl) |
		       BOX32;
	case RV_OP_FNMSUB_S:
		return fma32(unbox(a) ^ SIGN32, unbox(b), unbox(c), rm, fl) |
		       BOX32;
	case RV_OP_FNMADD_S:
		return fma32(unbox(a) ^ SIGN32, unbox(b), unbox(c) ^ SIGN32, rm,
			     fl) |
		       BOX32;

	/* D arithmetic */
	case RV_OP_FADD_D:
		return arith64(OP_ADD, a, b, rm, fl);
	case RV_OP_FSUB_D:
		return arith64(OP_SUB, a, b, rm, fl);
	case RV_OP_FMUL_D:
		return arith64(OP_MUL, a, b, rm, fl);
	case RV_OP_FDIV_D:
		return arith64(OP_DIV, a, b, rm, fl);
	case RV_OP_FSQRT_D:
		return sqrt64(a, rm, fl);
	case RV_OP_FMADD_D:
		return fma64(a, b, c, rm, fl);
	case RV_OP_FMSUB_D:
		return fma64(a, b, c ^ SIGN64, rm, fl);
	case RV_OP_FNMSUB_D:
		return fma64(a ^ SIGN64, b, c, rm, fl);
	case RV_OP_FNMADD_D:
		return fma64(a ^ SIGN64, b, c ^ SIGN64, rm, fl);

	/* sign injection */
	case RV_OP_FSGNJ_S:
		return (unbox(a) & ~SIGN32) | (unbox(b) & SIGN32) | BOX32;
	case RV_OP_FSGNJN_S:
		return (unbox(a) & ~SIGN32) | (~unbox(b) & SIGN32) | BOX32;
	case RV_OP_FSGNJX_S:
		return (unbox(a) ^ (unbox(b) & SIGN32)) | BOX32;
	case RV_OP_FSGNJ_D:
		return (a & ~SIGN64) | (b & SIGN64);
	case RV_OP_FSGNJN_D:
		return (a & ~SIGN64) | (~b & SIGN64);
	case RV_OP_FSGNJX_D:
		return a ^ (b & SIGN64);

	/* min/max */
	case RV_OP_FMIN_S:
		return fminmax(&fb32, unbox(a), unbox(b), 0, fl) | BOX32;
	case RV_OP_FMAX_S:
		return fminmax(&fb32, unbox(a), unbox(b), 1, fl) | BOX32;
	case RV_OP_FMIN_D:
		return fminmax(&fb64, a, b, 0, fl);
	case RV_OP_FMAX_D:
		return fminmax(&fb64, a, b, 1, fl);

	/* compares and classify */
	case RV_OP_FEQ_S:
	case RV_OP_FLT_S:
	case RV_OP_FLE_S:
		return fcmp(&fb32, op - RV_OP_FEQ_S, unbox(a), unbox(b), fl);
	case RV_OP_FEQ_D:
	case RV_OP_FLT_D:
	case RV_OP_FLE_D:
		return fcmp(&fb64, op - RV_OP_FEQ_D, a, b, fl);
	case RV_OP_FCLASS_S:
		return fclass(&fb32, unbox(a));
	case RV_OP_FCLASS_D:
		return fclass(&fb64, a);

	/* conversions */
	case RV_OP_FCVT_W_S:
		return to_int(RVSF_F32, unbox(a), RVSF_W, rm, fl);
	case RV_OP_FCVT_WU_S:
		return to_int(RVSF_F32, unbox(a), RVSF_WU, rm, fl);
	case RV_OP_FCVT_L_S:
		return to_int(RVSF_F32, unbox(a), RVSF_L, rm, fl);
	case RV_OP_FCVT_LU_S:
		return to_int(RVSF_F32, unbox(a), RVSF_LU, rm, fl);
	case RV_OP_FCVT_W_D:
		return to_int(RVSF_F64, a, RVSF_W, rm, fl);
	case RV_OP_FCVT_WU_D:
		return to_int(RVSF_F64, a, RVSF_WU, rm, fl);
	case RV_OP_FCVT_L_D:
		return to_int(RVSF_F64, a, RVSF_L, rm, fl);
	case RV_OP_FCVT_LU_D:
		return to_int(RVSF_F64, a, RVSF_LU, rm, fl);
	case RV_OP_FCVT_S_W:
		return from_int32(a, RVSF_W, rm, fl) | BOX32;
	case RV_OP_FCVT_S_WU:
		return from_int32(a, RVSF_WU, rm, fl) | BOX32;
	case RV_OP_FCVT_S_L:
		return from_int32(a, RVSF_L, rm, fl) | BOX32;
	case RV_OP_FCVT_S_LU:
		return from_int32(a, RVSF_LU, rm, fl) | BOX32;
	case RV_OP_FCVT_D_W:
		return from_int64(a, RVSF_W, rm, fl);
	case RV_OP_FCVT_D_WU:
		return from_int64(a, RVSF_WU, rm, fl);
	case RV_OP_FCVT_D_L:
		return from_int64(a, RVSF_L, rm, fl);
	case RV_OP_FCVT_D_LU:
		return from_int64(a, RVSF_LU, rm, fl);
	case RV_OP_FCVT_S_D:
		return f64_to_f32(a, rm, fl) | BOX32;
	case RV_OP_FCVT_D_S:
		return f32_to_f64(unbox(a), fl);

	/* moves */
	case RV_OP_FMV_X_W:
		return sext32(a);
	case RV_OP_FMV_W_X:
		return (uint32_t)a | BOX32;
	case RV_OP_FMV_X_D:
	case RV_OP_FMV_D_X:
		return a;
	default:
		return 0;
	}
}

int rv_fpu_exec(struct rv_cpu *cpu, const struct rv_insn *insn)
{
	unsigned kind = rv_fpu_kind(insn->op);
	int rm = 0;

	if (!kind)
		return -1;
	if (kind & RV_FPU_RM) {
		rm = rv_fpu_resolve_rm(insn->rm, cpu->frm);
		if (rm < 0)
			return -1;
	}
	uint64_t a =
	    cpu->slot[(kind & RV_FPU_XSRC ? RV_SLOT_X : RV_SLOT_F) + insn->rs1];
	uint64_t b = cpu->slot[RV_SLOT_F + insn->rs2];
	uint64_t c = cpu->slot[RV_SLOT_F + insn->rs3];
	unsigned fl = 0;
	uint64_t r = rv_fpu_calc(insn->op, a, b, c, rm, &fl);
	if (kind & RV_FPU_XDST) {
		if (insn->rd)
			cpu->slot[RV_SLOT_X + insn->rd] = r;
	} else {
		cpu->slot[RV_SLOT_F + insn->rd] = r;
	}
	cpu->fflags |= fl;
	return 0;
}
