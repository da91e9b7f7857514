/*
 * Software IEEE 754 arithmetic for the RISC-V F and D extensions (see
 * fpu_soft.h for the design).
 *
 * Representation: a finite nonzero operand is sig * 2^(exp - 63) with
 * 2^63 <= sig < 2^64 (subnormal inputs are normalized, so exp may lie below
 * the format's emin).  Intermediate results wider than 64 bits are 128-bit
 * integers z with value z * 2^scale; when bits have to be dropped before
 * rounding they are ORed into the lowest kept bit ("sticky"), which always
 * lies well below the rounding position, so rounding sees the correct round
 * bit and the correct inexactness.
 */
#include "target/riscv/fpu_soft.h"

#include <stdbool.h>

#include "target/riscv/cpu.h"
#include "target/riscv/insn.h"

typedef unsigned __int128 u128;

struct sf_fmt {
	int p;	  /* precision in bits, including the implicit bit */
	int bias; /* exponent bias */
	int emin; /* exponent of the smallest normal number */
	int emax; /* exponent of the largest finite number */
	uint64_t sign_bit, exp_mask, frac_mask, qnan;
};

static const struct sf_fmt sf_fmts[2] = {
    [RVSF_F32] = {24, 127, -126, 127, UINT64_C(1) << 31, UINT64_C(0xff) << 23,
		  (UINT64_C(1) << 23) - 1, RVSF_QNAN32},
    [RVSF_F64] = {53, 1023, -1022, 1023, UINT64_C(1) << 63,
		  UINT64_C(0x7ff) << 52, (UINT64_C(1) << 52) - 1, RVSF_QNAN64},
};

enum { SF_ZERO, SF_FINITE, SF_INF, SF_QNAN, SF_SNAN };

struct sf_val {
	int cls;
	bool sign;
	int exp;
	uint64_t sig;
};

#define HALF (UINT64_C(1) << 63)

static inline int clz64(uint64_t x)
{
	return __builtin_clzll(x);
}

static inline int clz128(u128 x)
{
	uint64_t hi = (uint64_t)(x >> 64);
	return hi ? clz64(hi) : 64 + clz64((uint64_t)x);
}

static struct sf_val unpack(const struct sf_fmt *f, uint64_t x)
{
	struct sf_val v;
	uint64_t e = (x & f->exp_mask) >> (f->p - 1);
	uint64_t frac = x & f->frac_mask;

	v.sign = (x & f->sign_bit) != 0;
	v.exp = 0;
	v.sig = 0;
	if (e == f->exp_mask >> (f->p - 1)) {
		if (!frac)
			v.cls = SF_INF;
		else if (frac >> (f->p - 2))
			v.cls = SF_QNAN;
		else
			v.cls = SF_SNAN;
	} else if (e == 0) {
		if (!frac) {
			v.cls = SF_ZERO;
		} else {
			int k = 63 - clz64(frac);
			v.cls = SF_FINITE;
			v.exp = f->emin - (f->p - 1) + k;
			v.sig = frac << (63 - k);
		}
	} else {
		v.cls = SF_FINITE;
		v.exp = (int)e - f->bias;
		v.sig = (frac | (UINT64_C(1) << (f->p - 1))) << (64 - f->p);
	}
	return v;
}

static inline bool is_nan(const struct sf_val *v)
{
	return v->cls == SF_QNAN || v->cls == SF_SNAN;
}

/*
 * Whether to add one unit to the kept magnitude m, given the discarded bits
 * rem left-aligned in 64 bits (bit 63 is the round bit, the rest sticky).
 */
static inline bool round_up(int rm, bool sign, uint64_t m, uint64_t rem)
{
	if (!rem)
		return false;
	switch (rm) {
	case RV_RM_RNE:
		return rem > HALF || (rem == HALF && (m & 1));
	case RV_RM_RDN:
		return sign;
	case RV_RM_RUP:
		return !sign;
	case RV_RM_RMM:
		return rem >= HALF;
	default: /* RTZ */
		return false;
	}
}

/* Split sig into sig >> s and the discarded bits left-aligned (s >= 0). */
static inline uint64_t shift_right_rem(uint64_t sig, int s, uint64_t *rem)
{
	if (s == 0) {
		*rem = 0;
		return sig;
	}
	if (s < 64) {
		*rem = sig << (64 - s);
		return sig >> s;
	}
	*rem = s == 64 ? sig : (sig != 0);
	return 0;
}

/*
 * Round sig * 2^(E - 63) (sig normalized, bit 63 set, or sig == 0 for an
 * exact zero) to the format and pack it with the given sign.
 */
static uint64_t round_pack(const struct sf_fmt *f, bool sign, int E,
			   uint64_t sig, int rm, unsigned *fl)
{
	uint64_t sbit = sign ? f->sign_bit : 0;
	int ns = 64 - f->p;
	uint64_t m, rem;

	if (!sig)
		return sbit;
	if (E >= f->emin) {
		m = sig >> ns;
		rem = sig << (64 - ns);
		if (round_up(rm, sign, m, rem)) {
			m++;
			if (m >> f->p) {
				m >>= 1;
				E++;
			}
		}
		if (E > f->emax) {
			bool inf = rm == RV_RM_RNE || rm == RV_RM_RMM ||
				   (rm == RV_RM_RDN && sign) ||
				   (rm == RV_RM_RUP && !sign);
			*fl |= RV_FFLAG_OF | RV_FFLAG_NX;
			if (inf)
				return sbit | f->exp_mask;
			return sbit |
			       (f->exp_mask - (UINT64_C(1) << (f->p - 1))) |
			       f->frac_mask;
		}
		if (rem)
			*fl |= RV_FFLAG_NX;
		return sbit | ((uint64_t)(E + f->bias) << (f->p - 1)) |
		       (m & f->frac_mask);
	}

	/* Below the normal range: tiny unless rounding to p bits with an
	 * unbounded exponent reaches 2^emin. */
	bool tiny = true;
	if (E == f->emin - 1) {
		m = sig >> ns;
		rem = sig << (64 - ns);
		if (round_up(rm, sign, m, rem) && m + 1 == UINT64_C(1) << f->p)
			tiny = false;
	}
	m = shift_right_rem(sig, ns + (f->emin - E), &rem);
	if (round_up(rm, sign, m, rem))
		m++; /* may carry into the exponent field: the smallest normal
		      */
	if (rem) {
		*fl |= RV_FFLAG_NX;
		if (tiny)
			*fl |= RV_FFLAG_UF;
	}
	return sbit | m;
}

/* Round and pack the nonzero value z * 2^scale. */
static uint64_t pack128(const struct sf_fmt *f, bool sign, int scale, u128 z,
			int rm, unsigned *fl)
{
	int lz = clz128(z);
	z <<= lz;
	uint64_t sig = (uint64_t)(z >> 64) | ((uint64_t)z != 0);
	return round_pack(f, sign, 127 + scale - lz, sig, rm, fl);
}

/* z >> d with the shifted-out bits ORed into bit 0. */
static inline u128 shr_sticky(u128 z, int d)
{
	if (d == 0)
		return z;
	if (d >= 128)
		return z != 0;
	return (z >> d) | ((z << (128 - d)) != 0);
}

/* The result of an operation with a NaN operand: NV on a signaling NaN. */
static uint64_t nan_result(const struct sf_fmt *f, const struct sf_val *a,
			   const struct sf_val *b, const struct sf_val *c,
			   unsigned *fl)
{
	if (a->cls == SF_SNAN || (b && b->cls == SF_SNAN) ||
	    (c && c->cls == SF_SNAN))
		*fl |= RV_FFLAG_NV;
	return f->qnan;
}

static uint64_t invalid(const struct sf_fmt *f, unsigned *fl)
{
	*fl |= RV_FFLAG_NV;
	return f->qnan;
}

static inline uint64_t inf_bits(const struct sf_fmt *f, bool sign)
{
	return (sign ? f->sign_bit : 0) | f->exp_mask;
}

static inline uint64_t zero_bits(const struct sf_fmt *f, bool sign)
{
	return sign ? f->sign_bit : 0;
}

/*
 * Sum of two finite nonzero values, both given as z * 2^scale with z's
 * leading bit at the same position (bit 125 at most), and a sign each.
 */
static uint64_t add_aligned(const struct sf_fmt *f, bool sx, int scx, u128 x,
			    bool sy, int scy, u128 y, int rm, unsigned *fl)
{
	if (scy > scx || (scy == scx && y > x)) {
		bool ts = sx;
		int tsc = scx;
		u128 tz = x;
		sx = sy;
		scx = scy;
		x = y;
		sy = ts;
		scy = tsc;
		y = tz;
	}
	y = shr_sticky(y, scx - scy);
	u128 z;
	if (sx == sy) {
		z = x + y;
	} else {
		z = x - y;
		if (!z) /* exact cancellation */
			return zero_bits(f, rm == RV_RM_RDN);
	}
	return pack128(f, sx, scx, z, rm, fl);
}

uint64_t rvsf_add(int fmt, uint64_t a, uint64_t b, int rm, unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[fmt];
	struct sf_val A = unpack(f, a), B = unpack(f, b);

	if (is_nan(&A) || is_nan(&B))
		return nan_result(f, &A, &B, NULL, fl);
	if (A.cls == SF_INF) {
		if (B.cls == SF_INF && A.sign != B.sign)
			return invalid(f, fl);
		return inf_bits(f, A.sign);
	}
	if (B.cls == SF_INF)
		return inf_bits(f, B.sign);
	if (A.cls == SF_ZERO && B.cls == SF_ZERO)
		return zero_bits(f, rm == RV_RM_RDN ? A.sign || B.sign
						    : A.sign && B.sign);
	if (A.cls == SF_ZERO)
		return b;
	if (B.cls == SF_ZERO)
		return a;
	return add_aligned(f, A.sign, A.exp - 125, (u128)A.sig << 62, B.sign,
			   B.exp - 125, (u128)B.sig << 62, rm, fl);
}

uint64_t rvsf_mul(int fmt, uint64_t a, uint64_t b, int rm, unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[fmt];
	struct sf_val A = unpack(f, a), B = unpack(f, b);
	bool sign = A.sign != B.sign;

	if (is_nan(&A) || is_nan(&B))
		return nan_result(f, &A, &B, NULL, fl);
	if (A.cls == SF_INF || B.cls == SF_INF) {
		if (A.cls == SF_ZERO || B.cls == SF_ZERO)
			return invalid(f, fl);
		return inf_bits(f, sign);
	}
	if (A.cls == SF_ZERO || B.cls == SF_ZERO)
		return zero_bits(f, sign);
	return pack128(f, sign, A.exp + B.exp - 126, (u128)A.sig * B.sig, rm,
		       fl);
}

uint64_t rvsf_div(int fmt, uint64_t a, uint64_t b, int rm, unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[fmt];
	struct sf_val A = unpack(f, a), B = unpack(f, b);
	bool sign = A.sign != B.sign;

	if (is_nan(&A) || is_nan(&B))
		return nan_result(f, &A, &B, NULL, fl);
	if (A.cls == SF_INF) {
		if (B.cls == SF_INF)
			return invalid(f, fl);
		return inf_bits(f, sign);
	}
	if (B.cls == SF_INF)
		return zero_bits(f, sign);
	if (B.cls == SF_ZERO) {
		if (A.cls == SF_ZERO)
			return invalid(f, fl);
		*fl |= RV_FFLAG_DZ;
		return inf_bits(f, sign);
	}
	if (A.cls == SF_ZERO)
		return zero_bits(f, sign);
	/* q = floor(2^64 * A.sig / B.sig), 2^63 < q < 2^65. */
	u128 n = (u128)A.sig << 64;
	u128 q = n / B.sig;
	bool sticky = n - q * B.sig != 0;
	return pack128(f, sign, A.exp - B.exp - 65, (q << 1) | sticky, rm, fl);
}

/*
 * floor(sqrt(x)) for 2^126 <= x < 2^128, and whether it is exact.  The host
 * double square root of the top half only gives an estimate (good to about
 * 2^-50, whatever the host rounding mode); one Newton step and an exact
 * integer correction make it exact.
 */
static uint64_t isqrt128(u128 x, bool *exact)
{
	uint64_t hi = (uint64_t)(x >> 64);
	double d = __builtin_sqrt((double)hi) * 4294967296.0;
	uint64_t r = d >= 18446744073709551616.0 ? UINT64_MAX : (uint64_t)d;
	if (r < UINT64_C(1) << 63)
		r = UINT64_C(1) << 63;
	u128 q = x / r; /* r >= 2^63, so q < 2^65 */
	u128 n = ((u128)r + q) >> 1;
	r = n >> 64 ? UINT64_MAX : (uint64_t)n;
	while ((u128)r * r > x)
		r--;
	while (r != UINT64_MAX && (u128)(r + 1) * (r + 1) <= x)
		r++;
	*exact = (u128)r * r == x;
	return r;
}

uint64_t rvsf_sqrt(int fmt, uint64_t a, int rm, unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[fmt];
	struct sf_val A = unpack(f, a);

	if (is_nan(&A))
		return nan_result(f, &A, NULL, NULL, fl);
	if (A.cls == SF_ZERO)
		return a;
	if (A.sign)
		return invalid(f, fl);
	if (A.cls == SF_INF)
		return a;
	/* x * 2^scale with an even scale and x in [2^126, 2^128). */
	int s = A.exp % 2 != 0 ? 64 : 63;
	int scale = A.exp - 63 - s;
	bool exact;
	uint64_t r = isqrt128((u128)A.sig << s, &exact);
	return pack128(f, false, scale / 2 - 1, ((u128)r << 1) | !exact, rm,
		       fl);
}

uint64_t rvsf_fma(int fmt, uint64_t a, uint64_t b, uint64_t c, int rm,
		  unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[fmt];
	struct sf_val A = unpack(f, a), B = unpack(f, b), C = unpack(f, c);
	bool sp = A.sign != B.sign;
	bool inf_times_zero = (A.cls == SF_INF && B.cls == SF_ZERO) ||
			      (A.cls == SF_ZERO && B.cls == SF_INF);

	if (is_nan(&A) || is_nan(&B) || is_nan(&C)) {
		/* RISC-V: inf * 0 is invalid even with a quiet NaN addend. */
		if (inf_times_zero)
			*fl |= RV_FFLAG_NV;
		return nan_result(f, &A, &B, &C, fl);
	}
	if (inf_times_zero)
		return invalid(f, fl);
	if (A.cls == SF_INF || B.cls == SF_INF) {
		if (C.cls == SF_INF && C.sign != sp)
			return invalid(f, fl);
		return inf_bits(f, sp);
	}
	if (C.cls == SF_INF)
		return c;
	if (A.cls == SF_ZERO || B.cls == SF_ZERO) {
		if (C.cls == SF_ZERO)
			return zero_bits(f, rm == RV_RM_RDN ? sp || C.sign
							    : sp && C.sign);
		return c;
	}
	/* Exact product, leading bit moved to bit 125 (its low bits are
	 * zero, so the shift is exact). */
	u128 p = (u128)A.sig * B.sig;
	int scp = A.exp + B.exp - 126;
	int sh = (p >> 127) ? 2 : 1;
	p >>= sh;
	scp += sh;
	if (C.cls == SF_ZERO)
		return pack128(f, sp, scp, p, rm, fl);
	return add_aligned(f, sp, scp, p, C.sign, C.exp - 125,
			   (u128)C.sig << 62, rm, fl);
}

uint64_t rvsf_to_int(int fmt, uint64_t a, int kind, int rm, unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[fmt];
	struct sf_val A = unpack(f, a);
	bool is32 = kind == RVSF_W || kind == RVSF_WU;
	/* Largest magnitudes representable for each sign. */
	uint64_t pos_max, neg_max;
	uint64_t max_val, min_val; /* saturated results (x-register values) */

	switch (kind) {
	case RVSF_W:
		pos_max = 0x7fffffff;
		neg_max = UINT64_C(0x80000000);
		max_val = 0x7fffffff;
		min_val = UINT64_C(0xffffffff80000000);
		break;
	case RVSF_WU:
		pos_max = 0xffffffff;
		neg_max = 0;
		max_val = UINT64_MAX; /* 0xffffffff sign-extended */
		min_val = 0;
		break;
	case RVSF_L:
		pos_max = INT64_MAX;
		neg_max = UINT64_C(1) << 63;
		max_val = INT64_MAX;
		min_val = UINT64_C(1) << 63;
		break;
	default: /* RVSF_LU */
		pos_max = UINT64_MAX;
		neg_max = 0;
		max_val = UINT64_MAX;
		min_val = 0;
		break;
	}

	switch (A.cls) {
	case SF_QNAN:
	case SF_SNAN:
		*fl |= RV_FFLAG_NV;
		return max_val;
	case SF_INF:
		*fl |= RV_FFLAG_NV;
		return A.sign ? min_val : max_val;
	case SF_ZERO:
		return 0;
	default:
		break;
	}
	if (A.exp > 63) {
		*fl |= RV_FFLAG_NV;
		return A.sign ? min_val : max_val;
	}
	uint64_t rem;
	uint64_t m = shift_right_rem(A.sig, 63 - A.exp, &rem);
	if (round_up(rm, A.sign, m, rem)) {
		if (m == UINT64_MAX) {
			*fl |= RV_FFLAG_NV;
			return A.sign ? min_val : max_val;
		}
		m++;
	}
	if (m > (A.sign ? neg_max : pos_max)) {
		*fl |= RV_FFLAG_NV;
		return A.sign ? min_val : max_val;
	}
	if (rem)
		*fl |= RV_FFLAG_NX;
	uint64_t r = A.sign ? 0 - m : m;
	if (is32)
		r = (uint64_t)(int64_t)(int32_t)(uint32_t)r;
	return r;
}

uint64_t rvsf_from_int(int fmt, uint64_t x, int kind, int rm, unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[fmt];
	bool sign = false;
	uint64_t m;

	switch (kind) {
	case RVSF_W: {
		int32_t v = (int32_t)(uint32_t)x;
		sign = v < 0;
		m = sign ? 0 - (uint64_t)(int64_t)v : (uint64_t)v;
		break;
	}
	case RVSF_WU:
		m = (uint32_t)x;
		break;
	case RVSF_L:
		sign = x >> 63;
		m = sign ? 0 - x : x;
		break;
	default:
		m = x;
		break;
	}
	if (!m)
		return 0;
	int lz = clz64(m);
	return round_pack(f, sign, 63 - lz, m << lz, rm, fl);
}

uint64_t rvsf_f64_to_f32(uint64_t a, int rm, unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[RVSF_F32];
	struct sf_val A = unpack(&sf_fmts[RVSF_F64], a);

	switch (A.cls) {
	case SF_QNAN:
	case SF_SNAN:
		return nan_result(f, &A, NULL, NULL, fl);
	case SF_INF:
		return inf_bits(f, A.sign);
	case SF_ZERO:
		return zero_bits(f, A.sign);
	default:
		return round_pack(f, A.sign, A.exp, A.sig, rm, fl);
	}
}

uint64_t rvsf_f32_to_f64(uint64_t a, unsigned *fl)
{
	const struct sf_fmt *f = &sf_fmts[RVSF_F64];
	struct sf_val A = unpack(&sf_fmts[RVSF_F32], a);

	switch (A.cls) {
	case SF_QNAN:
	case SF_SNAN:
		return nan_result(f, &A, NULL, NULL, fl);
	case SF_INF:
		return inf_bits(f, A.sign);
	case SF_ZERO:
		return zero_bits(f, A.sign);
	default:
		return round_pack(f, A.sign, A.exp, A.sig, RV_RM_RNE, fl);
	}
}
