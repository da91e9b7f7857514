/*
 * Shared by the guest programs (tests/fpu_diff/fpu_guest.c and the fp_*
 * tests here, built for riscv64) and the host programs
 * (tests/fpu_diff/fpu_check.c, tests/unit/test_fpu.c): the list of tested
 * F/D operations and the
 * deterministic generator of test cases, so both sides see the same
 * operands without passing them around.  Integer code only (the two sides
 * must compute identical values: never two generator calls in one
 * expression, the evaluation order would differ between compilers).
 *
 * FPD_OPS(X): X(ENUM, "mnemonic", form, source format)
 *   forms:  B_RM   fd = op(fs1, fs2, rm)       B    fd = op(fs1, fs2)
 *           U_RM   fd = op(fs1, rm)            FMA  fd = op(fs1, fs2, fs3, rm)
 *           CMP    xd = op(fs1, fs2)           UX   xd = op(fs1)
 *           FX_RM  xd = op(fs1, rm)            XF_RM fd = op(xs1, rm)
 *           XF     fd = op(xs1)
 *           XRM    fd = op(fs1 or xs1, rm), an exact conversion that
 *                  binutils only accepts without rm: built with .insn
 *   source format: S (binary32, NaN-boxed), D (binary64), I (integer)
 */
#ifndef FPD_GEN_H
#define FPD_GEN_H

#include <stdint.h>

#define FPD_OPS(X)                                                             \
	X(FADD_S, "fadd.s", B_RM, S)                                           \
	X(FSUB_S, "fsub.s", B_RM, S)                                           \
	X(FMUL_S, "fmul.s", B_RM, S)                                           \
	X(FDIV_S, "fdiv.s", B_RM, S)                                           \
	X(FSQRT_S, "fsqrt.s", U_RM, S)                                         \
	X(FMADD_S, "fmadd.s", FMA, S)                                          \
	X(FMSUB_S, "fmsub.s", FMA, S)                                          \
	X(FNMSUB_S, "fnmsub.s", FMA, S)                                        \
	X(FNMADD_S, "fnmadd.s", FMA, S)                                        \
	X(FSGNJ_S, "fsgnj.s", B, S)                                            \
	X(FSGNJN_S, "fsgnjn.s", B, S)                                          \
	X(FSGNJX_S, "fsgnjx.s", B, S)                                          \
	X(FMIN_S, "fmin.s", B, S)                                              \
	X(FMAX_S, "fmax.s", B, S)                                              \
	X(FEQ_S, "feq.s", CMP, S)                                              \
	X(FLT_S, "flt.s", CMP, S)                                              \
	X(FLE_S, "fle.s", CMP, S)                                              \
	X(FCLASS_S, "fclass.s", UX, S)                                         \
	X(FMV_X_W, "fmv.x.w", UX, S)                                           \
	X(FCVT_W_S, "fcvt.w.s", FX_RM, S)                                      \
	X(FCVT_WU_S, "fcvt.wu.s", FX_RM, S)                                    \
	X(FCVT_L_S, "fcvt.l.s", FX_RM, S)                                      \
	X(FCVT_LU_S, "fcvt.lu.s", FX_RM, S)                                    \
	X(FCVT_S_W, "fcvt.s.w", XF_RM, I)                                      \
	X(FCVT_S_WU, "fcvt.s.wu", XF_RM, I)                                    \
	X(FCVT_S_L, "fcvt.s.l", XF_RM, I)                                      \
	X(FCVT_S_LU, "fcvt.s.lu", XF_RM, I)                                    \
	X(FMV_W_X, "fmv.w.x", XF, I)                                           \
	X(FADD_D, "fadd.d", B_RM, D)                                           \
	X(FSUB_D, "fsub.d", B_RM, D)                                           \
	X(FMUL_D, "fmul.d", B_RM, D)                                           \
	X(FDIV_D, "fdiv.d", B_RM, D)                                           \
	X(FSQRT_D, "fsqrt.d", U_RM, D)                                         \
	X(FMADD_D, "fmadd.d", FMA, D)                                          \
	X(FMSUB_D, "fmsub.d", FMA, D)                                          \
	X(FNMSUB_D, "fnmsub.d", FMA, D)                                        \
	X(FNMADD_D, "fnmadd.d", FMA, D)                                        \
	X(FSGNJ_D, "fsgnj.d", B, D)                                            \
	X(FSGNJN_D, "fsgnjn.d", B, D)                                          \
	X(FSGNJX_D, "fsgnjx.d", B, D)                                          \
	X(FMIN_D, "fmin.d", B, D)                                              \
	X(FMAX_D, "fmax.d", B, D)                                              \
	X(FEQ_D, "feq.d", CMP, D)                                              \
	X(FLT_D, "flt.d", CMP, D)                                              \
	X(FLE_D, "fle.d", CMP, D)                                              \
	X(FCLASS_D, "fclass.d", UX, D)                                         \
	X(FMV_X_D, "fmv.x.d", UX, D)                                           \
	X(FCVT_S_D, "fcvt.s.d", U_RM, D)                                       \
	X(FCVT_D_S, "fcvt.d.s", XRM, S)                                        \
	X(FCVT_W_D, "fcvt.w.d", FX_RM, D)                                      \
	X(FCVT_WU_D, "fcvt.wu.d", FX_RM, D)                                    \
	X(FCVT_L_D, "fcvt.l.d", FX_RM, D)                                      \
	X(FCVT_LU_D, "fcvt.lu.d", FX_RM, D)                                    \
	X(FCVT_D_W, "fcvt.d.w", XRM, I)                                        \
	X(FCVT_D_WU, "fcvt.d.wu", XRM, I)                                      \
	X(FCVT_D_L, "fcvt.d.l", XF_RM, I)                                      \
	X(FCVT_D_LU, "fcvt.d.lu", XF_RM, I)                                    \
	X(FMV_D_X, "fmv.d.x", XF, I)

enum fpd_op {
#define FPD_ENUM(e, m, form, src) FPD_##e,
	FPD_OPS(FPD_ENUM)
#undef FPD_ENUM
	    FPD_NOPS
};

enum fpd_form {
	FPD_B_RM,
	FPD_B,
	FPD_U_RM,
	FPD_FMA,
	FPD_CMP,
	FPD_UX,
	FPD_FX_RM,
	FPD_XF_RM,
	FPD_XF,
	FPD_XRM
};
enum fpd_src { FPD_S, FPD_D, FPD_I };

static const struct fpd_info {
	const char *name;
	unsigned char form, src;
} fpd_info[FPD_NOPS] = {
#define FPD_INFO(e, m, form, src) {m, FPD_##form, FPD_##src},
    FPD_OPS(FPD_INFO)
#undef FPD_INFO
};

static inline int fpd_has_rm(int op)
{
	int f = fpd_info[op].form;
	return f == FPD_B_RM || f == FPD_U_RM || f == FPD_FMA ||
	       f == FPD_FX_RM || f == FPD_XF_RM || f == FPD_XRM;
}

/* One test case: rmv 0..4 is a static rounding mode, 5 is DYN with frm. */
struct fpd_case {
	int op, rmv;
	unsigned frm;
	uint64_t a, b, c;
};

/* One result record as the guest writes it. */
struct fpd_result {
	uint64_t value;
	uint8_t flags;
};
#define FPD_RECORD_SIZE 9

static inline uint64_t fpd_next(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline unsigned fpd_below(uint64_t *s, unsigned n)
{
	return (unsigned)(fpd_next(s) % n);
}

/* Format parameters: mantissa bits, exponent bits. */
struct fpd_fmt {
	int mbits, ebits;
};
static const struct fpd_fmt fpd_f32 = {23, 8}, fpd_f64 = {52, 11};

static inline uint64_t fpd_pack(const struct fpd_fmt *f, uint64_t sign,
				uint64_t exp, uint64_t man)
{
	uint64_t emask = (UINT64_C(1) << f->ebits) - 1;
	uint64_t mmask = (UINT64_C(1) << f->mbits) - 1;
	return (sign << (f->mbits + f->ebits)) | ((exp & emask) << f->mbits) |
	       (man & mmask);
}

/* An interesting mantissa. */
static inline uint64_t fpd_mant(uint64_t *s, const struct fpd_fmt *f)
{
	uint64_t mmask = (UINT64_C(1) << f->mbits) - 1;
	uint64_t r = fpd_next(s);
	switch (fpd_below(s, 10)) {
	case 0:
		return 0;
	case 1:
		return mmask;
	case 2: /* few high bits: exact-ish values, halfway cases */
		return r & ~(mmask >> fpd_below(s, (unsigned)f->mbits + 1)) &
		       mmask;
	case 3: /* single bit */
		return UINT64_C(1) << fpd_below(s, (unsigned)f->mbits);
	case 4: /* low bits only */
		return r & (mmask >> fpd_below(s, (unsigned)f->mbits + 1));
	case 5: /* all ones but a few low bits */
		return mmask & ~(r & 0xf);
	default:
		return r & mmask;
	}
}

/* An interesting biased exponent. */
static inline uint64_t fpd_exp(uint64_t *s, const struct fpd_fmt *f)
{
	uint64_t emax = (UINT64_C(1) << f->ebits) - 1, bias = emax >> 1;
	switch (fpd_below(s, 8)) {
	case 0:
		return fpd_next(s) & emax; /* anything incl. 0 and max */
	case 1:
		return fpd_below(s, 4); /* subnormal / smallest normals */
	case 2:
		return emax - 1 - fpd_below(s, 3); /* largest finite */
	case 3:
	case 4: /* integers of conversion range and around 1 */
		return bias - 8 + fpd_below(s, 76);
	case 5:
		return bias - 3 + fpd_below(s, 7);
	default:
		return 1 + fpd_next(s) % (emax - 1); /* any finite normal */
	}
}

static inline uint64_t fpd_special(uint64_t *s, const struct fpd_fmt *f)
{
	uint64_t emax = (UINT64_C(1) << f->ebits) - 1, bias = emax >> 1;
	uint64_t mmask = (UINT64_C(1) << f->mbits) - 1;
	uint64_t qbit = UINT64_C(1) << (f->mbits - 1);
	uint64_t sign = fpd_next(s) & 1;
	switch (fpd_below(s, 16)) {
	case 0:
		return fpd_pack(f, sign, 0, 0); /* zero */
	case 1:
		return fpd_pack(f, sign, emax, 0); /* inf */
	case 2:
		return fpd_pack(f, sign, emax, qbit); /* canonical qNaN */
	case 3:
		return fpd_pack(f, sign, emax, qbit | (fpd_next(s) & mmask));
	case 4: /* sNaN */
		return fpd_pack(f, sign, emax, (fpd_next(s) & (qbit - 1)) | 1);
	case 5:
		return fpd_pack(f, sign, 0, 1); /* min subnormal */
	case 6:
		return fpd_pack(f, sign, 0, mmask); /* max subnormal */
	case 7:
		return fpd_pack(f, sign, 1, 0); /* min normal */
	case 8:
		return fpd_pack(f, sign, emax - 1, mmask); /* max finite */
	case 9:
		return fpd_pack(f, sign, bias, 0); /* 1 */
	case 10:				   /* n + 0.5 for small n */
	{
		unsigned n = fpd_below(s, 8);
		uint64_t v = 2 * (uint64_t)n + 1; /* (2n+1)/2 */
		int k = 63 - __builtin_clzll(v);
		return fpd_pack(f, sign, bias + (uint64_t)k - 1,
				(v << (f->mbits - k)) & mmask);
	}
	case 11: /* 2^k for k near the integer boundaries */
	{
		static const unsigned char ks[] = {31, 32, 63, 64, 24, 53, 52};
		uint64_t k = ks[fpd_below(s, sizeof ks)];
		return fpd_pack(f, sign, bias + k, 0);
	}
	case 12: /* just below 2^k */
	{
		static const unsigned char ks[] = {31, 32, 63, 64};
		uint64_t k = ks[fpd_below(s, sizeof ks)];
		return fpd_pack(f, sign, bias + k - 1, mmask);
	}
	case 13: /* just above 2^k, or -(2^31 + x) */
	{
		static const unsigned char ks[] = {31, 32, 63, 64};
		uint64_t k = ks[fpd_below(s, sizeof ks)];
		return fpd_pack(f, sign, bias + k, fpd_below(s, 4));
	}
	case 14: /* subnormal */
		return fpd_pack(f, sign, 0, fpd_mant(s, f) | 1);
	default: { /* min normal area */
		uint64_t e = 1 + fpd_below(s, 2);
		return fpd_pack(f, sign, e, fpd_mant(s, f));
	}
	}
}

static inline uint64_t fpd_float(uint64_t *s, const struct fpd_fmt *f)
{
	switch (fpd_below(s, 6)) {
	case 0:
	case 1:
		return fpd_special(s, f);
	case 2:
		return fpd_next(s) & (UINT64_MAX >> (63 - f->mbits - f->ebits));
	default: {
		uint64_t sign = fpd_next(s) & 1;
		uint64_t e = fpd_exp(s, f);
		return fpd_pack(f, sign, e, fpd_mant(s, f));
	}
	}
}

/* A value related to x (same format): close to x, -x, or x * 2^k. */
static inline uint64_t fpd_related(uint64_t *s, const struct fpd_fmt *f,
				   uint64_t x)
{
	uint64_t sbit = UINT64_C(1) << (f->mbits + f->ebits);
	uint64_t mmask = (UINT64_C(1) << f->mbits) - 1;
	switch (fpd_below(s, 5)) {
	case 0:
		return x ^ sbit;
	case 1: /* neighbour, opposite sign: cancellation */
		return (x ^ sbit) + (fpd_next(s) % 5) - 2;
	case 2: /* same exponent, random mantissa */
		return (x & ~mmask) | (fpd_next(s) & mmask);
	case 3: /* shifted by a few binades */
		return x + ((uint64_t)fpd_below(s, 2 * 60) - 60) *
			       (UINT64_C(1) << f->mbits);
	default:
		return x + (fpd_next(s) % 5) - 2;
	}
}

static inline uint64_t fpd_int(uint64_t *s)
{
	static const uint64_t edge[] = {
	    0,
	    1,
	    UINT64_MAX,
	    0x7fffffff,
	    0x80000000,
	    0xffffffff,
	    UINT64_C(0xffffffff80000000),
	    UINT64_C(0x7fffffffffffffff),
	    UINT64_C(0x8000000000000000),
	    (UINT64_C(1) << 53) + 1,
	    (UINT64_C(1) << 24) + 1,
	    (UINT64_C(1) << 54) + 2,
	    (UINT64_C(1) << 25) + 2,
	    (UINT64_C(1) << 53) + 3,
	    UINT64_C(0xfffffffffffffc00),
	    UINT64_C(0xfffffffffffff800),
	    UINT64_C(0x7ffffffffffffe00),
	    UINT64_C(0xffffff80),
	    UINT64_C(0x7fffffc0),
	    UINT64_C(0x7fffff80),
	    UINT64_C(0xffffffc0),
	};
	uint64_t r = fpd_next(s);
	switch (fpd_below(s, 6)) {
	case 0: {
		uint64_t v = edge[fpd_below(s, sizeof edge / sizeof edge[0])];
		if (fpd_below(s, 3) == 0)
			v += (uint64_t)fpd_below(s, 5) - 2;
		return v;
	}
	case 1:
		return r;
	case 2: /* random magnitude */
		return r >> fpd_below(s, 64);
	case 3: /* negative, random magnitude */
		return 0 - (r >> fpd_below(s, 64));
	case 4: /* few significant bits then a tie pattern */
	{
		unsigned n = 20 + fpd_below(s, 44);
		uint64_t v = (r | (UINT64_C(1) << 63)) >> (64 - n);
		unsigned sh = fpd_below(s, 64 - n + 1);
		v <<= sh;
		return (fpd_next(s) & 1) ? 0 - v : v;
	}
	default: /* 32-bit values with junk above */
		return (uint32_t)r |
		       ((fpd_next(s) & 1) ? (r & ~UINT64_C(0xffffffff)) : 0);
	}
}

static inline uint64_t fpd_operand(uint64_t *s, int src)
{
	switch (src) {
	case FPD_S: {
		uint64_t v = fpd_float(s, &fpd_f32);
		if (fpd_below(s, 40) == 0) { /* not NaN-boxed */
			uint64_t hi = fpd_next(s) & ~UINT64_C(0xffffffff);
			if (fpd_below(s, 2))
				hi |= UINT64_C(0xffff000000000000);
			return v | hi;
		}
		return v | UINT64_C(0xffffffff00000000);
	}
	case FPD_D:
		return fpd_float(s, &fpd_f64);
	default:
		return fpd_int(s);
	}
}

/*
 * Operands whose result lands near the bottom (tininess, subnormal
 * rounding) or the top (overflow) of the exponent range.
 */
static inline void fpd_boundary(uint64_t *s, struct fpd_case *c)
{
	int op = c->op, src = fpd_info[op].src;
	const struct fpd_fmt *f = src == FPD_S ? &fpd_f32 : &fpd_f64;
	int64_t emax = (INT64_C(1) << f->ebits) - 1, bias = emax >> 1;
	int64_t t = fpd_below(s, 2) ? 1 - 2 + (int64_t)fpd_below(s, 4)
				    : emax - 2 + (int64_t)fpd_below(s, 2);
	int64_t ea =
	    bias - (bias - 2) + (int64_t)fpd_below(s, 2 * (unsigned)bias - 4);
	int64_t eb;
	uint64_t sa = fpd_next(s) & 1;
	uint64_t sb = fpd_next(s) & 1;
	uint64_t ma = fpd_mant(s, f);
	uint64_t mb = fpd_mant(s, f);
	uint64_t hi = src == FPD_S ? UINT64_C(0xffffffff00000000) : 0;

	switch (op) {
	case FPD_FMUL_S:
	case FPD_FMUL_D:
	case FPD_FMADD_S:
	case FPD_FMADD_D:
	case FPD_FMSUB_S:
	case FPD_FMSUB_D:
	case FPD_FNMSUB_S:
	case FPD_FNMSUB_D:
	case FPD_FNMADD_S:
	case FPD_FNMADD_D:
		eb = t + bias - ea;
		break;
	case FPD_FDIV_S:
	case FPD_FDIV_D:
		eb = ea - t + bias;
		break;
	case FPD_FCVT_S_D: /* a binary64 near binary32's limits */
		t = fpd_below(s, 2) ? 1 - 3 + (int64_t)fpd_below(s, 5)
				    : 254 - 1 + (int64_t)fpd_below(s, 2);
		c->a = fpd_pack(&fpd_f64, sa, (uint64_t)(t - 127 + 1023),
				fpd_mant(s, &fpd_f64));
		return;
	default:
		ea = t;
		eb = t - (int64_t)fpd_below(s, 3);
		if (eb < 0)
			eb = 0;
		break;
	}
	if (eb < 1 || eb > emax - 1) {
		ea = bias;
		eb = t;
	}
	c->a = hi | fpd_pack(f, sa, (uint64_t)ea, ma);
	c->b = hi | fpd_pack(f, sb, (uint64_t)eb, mb);
	if (fpd_info[op].form == FPD_FMA && fpd_below(s, 2)) {
		/* small addend: nudges the product across the boundary */
		uint64_t ec = fpd_below(s, 3);
		uint64_t m = fpd_mant(s, f);
		c->c = hi | fpd_pack(f, fpd_next(s) & 1, ec, m);
	}
}

static inline void fpd_gen(uint64_t *s, struct fpd_case *c, int only_op)
{
	c->op = only_op >= 0 ? only_op : (int)fpd_below(s, FPD_NOPS);
	c->rmv = fpd_has_rm(c->op) ? (int)fpd_below(s, 6) : 0;
	c->frm = fpd_below(s, 5);
	int src = fpd_info[c->op].src;
	c->a = fpd_operand(s, src);
	c->b = fpd_operand(s, src);
	c->c = fpd_operand(s, src);
	if (src != FPD_I && fpd_below(s, 3) == 0) {
		const struct fpd_fmt *f = src == FPD_S ? &fpd_f32 : &fpd_f64;
		uint64_t hi = src == FPD_S ? UINT64_C(0xffffffff00000000) : 0;
		uint64_t m = src == FPD_S ? 0xffffffff : UINT64_MAX;
		if (fpd_info[c->op].form == FPD_FMA && fpd_below(s, 2)) {
			/* c close to -(a * b): exponent sum, a's mantissa */
			uint64_t a = c->a & m, b = c->b & m;
			uint64_t bias = ((UINT64_C(1) << f->ebits) - 1) >> 1;
			uint64_t ea =
			    (a >> f->mbits) & ((UINT64_C(1) << f->ebits) - 1);
			uint64_t eb =
			    (b >> f->mbits) & ((UINT64_C(1) << f->ebits) - 1);
			uint64_t sa = a >> (f->mbits + f->ebits);
			uint64_t sb = b >> (f->mbits + f->ebits);
			uint64_t e = ea + eb - bias + fpd_below(s, 2);
			c->c = hi | fpd_pack(f, sa ^ sb ^ 1, e,
					     fpd_related(s, f, a));
		} else {
			c->b = hi | (fpd_related(s, f, c->a & m) & m);
		}
	}
	if (src != FPD_I && fpd_has_rm(c->op) && fpd_below(s, 5) == 0)
		fpd_boundary(s, c);
}

#endif
