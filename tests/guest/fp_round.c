/* Rounding of F/D arithmetic in every rounding mode (static rne rtz rdn rup
 * rmm, and dyn with frm = rmm): add, sub, mul, div over all pairs of a set
 * of values whose combinations are inexact, tie, overflow or underflow
 * (including results that round up to the smallest normal number, where
 * RISC-V's tininess-after-rounding matters), and sqrt of each.  Each line
 * is one operation and operand pair, then result:fflags per mode. */
#include <stdio.h>

#include "fp_ops.h"

#define B(x) (UINT64_C(0xffffffff00000000) | (x))
#define NV 10

static const uint64_t dv[NV] = {
    UINT64_C(0x3ff0000000000000), /* 1 */
    UINT64_C(0x3ff0000000000001), /* 1 + ulp */
    UINT64_C(0x4008000000000001), /* 3 (1 + ulp) */
    UINT64_C(0x3ca0000000000000), /* 2^-53 */
    UINT64_C(0xbfefffffffffffff), /* -(1 - ulp/2) */
    UINT64_C(0x3fd5555555555555), /* 1/3 */
    UINT64_C(0x0010000000000001), /* min normal + ulp */
    UINT64_C(0x7fefffffffffffff), /* max */
    UINT64_C(0x3fb999999999999a), /* 0.1 */
    UINT64_C(0x000fffffffffffff), /* max subnormal */
};

static const uint64_t sv[NV] = {
    B(0x3f800000), B(0x3f800001), B(0x40400001), B(0x33800000), B(0xbf7fffff),
    B(0x3eaaaaab), B(0x00800001), B(0x7f7fffff), B(0x3dcccccd), B(0x007fffff),
};

static void modes(int op, uint64_t a, uint64_t b, uint64_t c)
{
	for (int m = 0; m < 6; m++) {
		unsigned fl;
		uint64_t r = fpd_run(op, m, a, b, c, 4, &fl);
		printf(" %llx:%x", (unsigned long long)r, fl);
	}
	printf("\n");
}

int main(void)
{
	static const int ops[] = {
	    FPD_FADD_S, FPD_FSUB_S, FPD_FMUL_S, FPD_FDIV_S,
	    FPD_FADD_D, FPD_FSUB_D, FPD_FMUL_D, FPD_FDIV_D,
	};
	for (unsigned k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		int op = ops[k];
		const uint64_t *v = fpd_info[op].src == FPD_S ? sv : dv;
		for (int i = 0; i < NV; i++)
			for (int j = 0; j < NV; j++) {
				printf("%s %llx %llx:", fpd_info[op].name,
				       (unsigned long long)v[i],
				       (unsigned long long)v[j]);
				modes(op, v[i], v[j], 0);
			}
	}
	for (int i = 0; i < NV; i++) {
		printf("fsqrt.s %llx:", (unsigned long long)sv[i]);
		modes(FPD_FSQRT_S, sv[i], 0, 0);
		printf("fsqrt.d %llx:", (unsigned long long)dv[i]);
		modes(FPD_FSQRT_D, dv[i], 0, 0);
	}
	return 0;
}
