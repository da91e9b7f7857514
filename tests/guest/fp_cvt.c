/* F/D conversions at their boundaries in every rounding mode (static and
 * dyn): float to w/wu/l/lu around 0, +-0.5, +-1, 2^31, 2^32, 2^63, 2^64 and
 * the NaN/inf saturation values; w/wu/l/lu to float around 2^24, 2^53 and
 * the integer limits (32-bit sources with junk in the upper half); binary64
 * to binary32 around the subnormal, normal and overflow limits and ties.
 * Each line is one operation and operand, then result:fflags for rne rtz
 * rdn rup rmm and dyn (frm = rmm). */
#include <stdio.h>

#include "fp_ops.h"

#define B(x) (UINT64_C(0xffffffff00000000) | (x))

/* binary64 sources for the float -> integer conversions */
static const uint64_t d2i[] = {
    0,
    UINT64_C(0x8000000000000000),
    UINT64_C(0x3fe0000000000000), /* 0.5 */
    UINT64_C(0xbfe0000000000000),
    UINT64_C(0x3fe0000000000001),
    UINT64_C(0xbfefffffffffffff),
    UINT64_C(0x3ff0000000000000), /* 1 */
    UINT64_C(0xbff0000000000000),
    UINT64_C(0x3ff8000000000000), /* 1.5 */
    UINT64_C(0xc004000000000000), /* -2.5 */
    UINT64_C(0x0000000000000001),
    UINT64_C(0x8000000000000001),
    UINT64_C(0x41dfffffffc00000), /* 2^31 - 1 */
    UINT64_C(0x41dfffffffe00000), /* 2^31 - 0.5 */
    UINT64_C(0x41dffffffff00000), /* 2^31 - 0.25 */
    UINT64_C(0x41e0000000000000), /* 2^31 */
    UINT64_C(0xc1e0000000000000), /* -2^31 */
    UINT64_C(0xc1e0000000100000), /* -2^31 - 0.5 */
    UINT64_C(0xc1e0000000080000), /* -2^31 - 0.25 */
    UINT64_C(0xc1e0000000200000), /* -2^31 - 1 */
    UINT64_C(0x41efffffffe00000), /* 2^32 - 1 */
    UINT64_C(0x41effffffff00000), /* 2^32 - 0.5 */
    UINT64_C(0x41f0000000000000), /* 2^32 */
    UINT64_C(0x43dfffffffffffff), /* 2^63 - 1024 */
    UINT64_C(0x43e0000000000000), /* 2^63 */
    UINT64_C(0xc3e0000000000000), /* -2^63 */
    UINT64_C(0xc3e0000000000001),
    UINT64_C(0x43efffffffffffff), /* 2^64 - 2048 */
    UINT64_C(0x43f0000000000000), /* 2^64 */
    UINT64_C(0x7fefffffffffffff),
    UINT64_C(0x7ff0000000000000),
    UINT64_C(0xfff0000000000000),
    UINT64_C(0x7ff8000000000000),
    UINT64_C(0xfff8000000000000),
    UINT64_C(0x7ff0000000000001),
};

/* binary32 sources */
static const uint64_t s2i[] = {
    B(0),	   B(0x80000000),
    B(0x3f000000), /* 0.5 */
    B(0xbf000000), B(0xbf7fffff),
    B(0x3fc00000),		  /* 1.5 */
    B(0xc0200000),		  /* -2.5 */
    B(0x00000001), B(0x4effffff), /* 2^31 - 128 */
    B(0x4f000000),		  /* 2^31 */
    B(0xcf000000),		  /* -2^31 */
    B(0xcf000001), B(0x4f7fffff), /* 2^32 - 256 */
    B(0x4f800000),		  /* 2^32 */
    B(0x5effffff),		  /* 2^63 - 2^39 */
    B(0x5f000000),		  /* 2^63 */
    B(0xdf000000),		  /* -2^63 */
    B(0xdf000001), B(0x5f7fffff),
    B(0x5f800000), /* 2^64 */
    B(0x7f800000), B(0xff800000),
    B(0x7fc00000), B(0xffc00000),
    B(0x7f800001), UINT64_C(0x000000003f800000), /* not NaN-boxed */
};

/* integer sources */
static const uint64_t ints[] = {
    0,
    1,
    UINT64_MAX,
    2,
    UINT64_C(0x1000001), /* 2^24 + 1 */
    UINT64_C(0x1000003), /* 2^24 + 3 */
    UINT64_C(0x2000002), /* 2^25 + 2 */
    UINT64_C(0x2000006),
    UINT64_C(0xfeffffff), /* junk above bit 31 tests */
    UINT64_C(0x7fffffff),
    UINT64_C(0x80000000),
    UINT64_C(0xffffffff),
    UINT64_C(0x12345678ffffff81),
    UINT64_C(0xfffffffe00000001),
    UINT64_C(0x7fffffc0),
    UINT64_C(0x7fffffbf),
    UINT64_C(0x20000000000001), /* 2^53 + 1 */
    UINT64_C(0x20000000000003),
    UINT64_C(0x40000000000002),
    UINT64_C(0xffdfffffffffffff), /* -(2^53 + 1) */
    UINT64_C(0x7fffffffffffffff),
    UINT64_C(0x8000000000000000),
    UINT64_C(0x7ffffffffffffdff),
    UINT64_C(0x7ffffffffffffe00),
    UINT64_C(0x8000000000000400),
    UINT64_C(0x8000000000000401),
    UINT64_C(0xfffffffffffff800),
    UINT64_C(0xfffffffffffffbff),
    UINT64_C(0x8000008000000000),
    UINT64_C(0xffffff7fffffffff),
    UINT64_C(0x0123456789abcdef),
};

/* binary64 -> binary32 */
static const uint64_t d2s[] = {
    UINT64_C(0x3ff0000010000000), /* 1 + 2^-24: tie */
    UINT64_C(0x3ff0000030000000), /* 1 + 3*2^-24: tie */
    UINT64_C(0x3ff0000010000001),
    UINT64_C(0xbff000000fffffff),
    UINT64_C(0x47efffffe0000000), /* max single + half ulp */
    UINT64_C(0x47efffffdfffffff),
    UINT64_C(0x47efffffffffffff),
    UINT64_C(0xc7f0000000000000),
    UINT64_C(0x7fefffffffffffff),
    UINT64_C(0x380fffffffffffff), /* just below min normal */
    UINT64_C(0x380ffffff0000000), /* min normal - half subnormal ulp */
    UINT64_C(0x380fffffe0000000), /* max subnormal */
    UINT64_C(0xb80ffffff0000001),
    UINT64_C(0x36a0000000000000), /* min subnormal */
    UINT64_C(0x3690000000000000), /* half of it */
    UINT64_C(0x3690000000000001),
    UINT64_C(0xb680000000000000),
    UINT64_C(0x36a8000000000000), /* 1.5 min subnormal */
    UINT64_C(0x0000000000000001),
    UINT64_C(0x8000000000000000),
    UINT64_C(0x7ff0000000000000),
    UINT64_C(0x7ff8000000000001),
    UINT64_C(0xfff0000000000001),
};

static const uint64_t s2d[] = {
    B(1),	   B(0x807fffff),
    B(0x00800000), B(0x7f7fffff),
    B(0xff800000), B(0x7fc00001),
    B(0xff800001), B(0x80000000),
    B(0x3f800000), UINT64_C(0xfffffffe3f800000),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void line(int op, uint64_t a)
{
	printf("%s %llx:", fpd_info[op].name, (unsigned long long)a);
	for (int m = 0; m < 6; m++) {
		unsigned fl;
		uint64_t r = fpd_run(op, m, a, 0, 0, 4, &fl);
		printf(" %llx:%x", (unsigned long long)r, fl);
	}
	printf("\n");
}

int main(void)
{
	for (int op = 0; op < FPD_NOPS; op++) {
		int form = fpd_info[op].form, src = fpd_info[op].src;
		const uint64_t *v = 0;
		unsigned n = 0;
		if (form == FPD_FX_RM && src == FPD_D) {
			v = d2i;
			n = COUNT(d2i);
		} else if (form == FPD_FX_RM) {
			v = s2i;
			n = COUNT(s2i);
		} else if (src == FPD_I && fpd_has_rm(op)) {
			v = ints;
			n = COUNT(ints);
		} else if (op == FPD_FCVT_S_D) {
			v = d2s;
			n = COUNT(d2s);
		} else if (op == FPD_FCVT_D_S) {
			v = s2d;
			n = COUNT(s2d);
		} else if (form == FPD_XF) { /* fmv.w.x, fmv.d.x */
			v = ints;
			n = COUNT(ints);
		}
		for (unsigned i = 0; i < n; i++)
			line(op, v[i]);
	}
	return 0;
}
