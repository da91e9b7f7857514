/* F/D instructions over a table of special values: signed zeros,
 * subnormals, the normal limits, infinities, quiet and signaling NaNs with
 * payloads and signs, and (for single precision) a value that is not
 * NaN-boxed.  Binary operations take every pair (rne for the rounded ones),
 * unary ones every value in every rounding mode, the fused multiply-adds a
 * list of special triples.  Each entry prints as result:fflags in hex. */
#include <stdio.h>

#include "fp_ops.h"

#define B(x) (UINT64_C(0xffffffff00000000) | (x))

static const uint64_t dvals[] = {
    0,
    UINT64_C(0x8000000000000000),
    1,
    UINT64_C(0x800fffffffffffff),
    UINT64_C(0x0010000000000000),
    UINT64_C(0x3ff0000000000000),
    UINT64_C(0xbff0000000000000),
    UINT64_C(0x3ff8000000000000),
    UINT64_C(0xc008000000000000),
    UINT64_C(0x7fefffffffffffff),
    UINT64_C(0x7ff0000000000000),
    UINT64_C(0xfff0000000000000),
    UINT64_C(0x7ff8000000000000),
    UINT64_C(0xfff8000000000123),
    UINT64_C(0x7ff0000000000001),
    UINT64_C(0xfff4000000000000),
};

static const uint64_t svals[] = {
    B(0),	   B(0x80000000),
    B(1),	   B(0x807fffff),
    B(0x00800000), B(0x3f800000),
    B(0xbf800000), B(0x3fc00000),
    B(0xc0400000), B(0x7f7fffff),
    B(0x7f800000), B(0xff800000),
    B(0x7fc00000), B(0xffc00123),
    B(0x7f800001), UINT64_C(0x000000003f800000), /* not NaN-boxed */
};

#define N 16

static const char *const rm_names[6] = {"rne", "rtz", "rdn",
					"rup", "rmm", "dyn"};

static void entry(uint64_t r, unsigned fl)
{
	printf(" %llx:%x", (unsigned long long)r, fl);
}

static void binary(int op)
{
	const uint64_t *v = fpd_info[op].src == FPD_S ? svals : dvals;
	for (int i = 0; i < N; i++) {
		printf("%s %llx:", fpd_info[op].name, (unsigned long long)v[i]);
		for (int j = 0; j < N; j++) {
			unsigned fl;
			uint64_t r = fpd_run(op, 0, v[i], v[j], 0, 0, &fl);
			entry(r, fl);
		}
		printf("\n");
	}
}

static void unary(int op)
{
	const uint64_t *v = fpd_info[op].src == FPD_S ? svals : dvals;
	int nrm = fpd_has_rm(op) ? 6 : 1;
	for (int m = 0; m < nrm; m++) {
		/* dyn runs with frm = rmm, the mode x86 lacks */
		printf("%s %s:", fpd_info[op].name,
		       nrm > 1 ? rm_names[m] : "-");
		for (int i = 0; i < N; i++) {
			unsigned fl;
			uint64_t r = fpd_run(op, m, v[i], 0, 0, 4, &fl);
			entry(r, fl);
		}
		printf("\n");
	}
}

/* (a, b, c) index triples into the value tables for the fmas */
static const unsigned char triples[][3] = {
    {10, 0, 12}, /* inf * 0 + qNaN: invalid */
    {0, 11, 13}, /* 0 * -inf + -qNaN: invalid */
    {10, 1, 5},	 /* inf * -0 + 1 */
    {10, 5, 11}, /* inf - inf */
    {10, 5, 10}, /* inf + inf */
    {5, 5, 14},	 /* sNaN addend */
    {14, 0, 10}, /* sNaN factor, other product inf * 0 absent */
    {12, 10, 0}, /* qNaN * inf */
    {0, 5, 1},	 /* +0 + -0 */
    {1, 5, 1},	 /* -0 + -0 */
    {1, 6, 0},	 /* +0 + +0 */
    {5, 6, 5},	 /* 1 * -1 + 1 = exact zero */
    {9, 9, 11},	 /* overflowing product, -inf addend */
    {9, 7, 6},	 /* overflow */
    {4, 4, 2},	 /* tiny product + min subnormal */
    {4, 7, 3},	 /* min normal * 1.5 - max subnormal */
    {2, 7, 0},	 /* min subnormal * 1.5 */
    {9, 6, 9},	 /* max * -1 + max */
    {3, 3, 5},	 /* tiny product + 1 */
    {15, 5, 5},	 /* (single: unboxed operand) */
};

static void fmas(int op)
{
	const uint64_t *v = fpd_info[op].src == FPD_S ? svals : dvals;
	for (unsigned t = 0; t < sizeof triples / sizeof triples[0]; t++) {
		const unsigned char *x = triples[t];
		printf("%s %llx %llx %llx:", fpd_info[op].name,
		       (unsigned long long)v[x[0]], (unsigned long long)v[x[1]],
		       (unsigned long long)v[x[2]]);
		for (int m = 0; m < 6; m++) {
			unsigned fl;
			uint64_t r =
			    fpd_run(op, m, v[x[0]], v[x[1]], v[x[2]], 2, &fl);
			entry(r, fl);
		}
		printf("\n");
	}
}

int main(void)
{
	for (int op = 0; op < FPD_NOPS; op++) {
		switch (fpd_info[op].form) {
		case FPD_B_RM:
		case FPD_B:
		case FPD_CMP:
			binary(op);
			break;
		case FPD_U_RM:
		case FPD_UX:
		case FPD_FX_RM:
			unary(op);
			break;
		case FPD_XRM:
			if (fpd_info[op].src != FPD_I)
				unary(op);
			break;
		case FPD_FMA:
			fmas(op);
			break;
		default: /* integer sources: fp_cvt */
			break;
		}
	}
	return 0;
}
