/* Fused multiply-add rounding (one rounding of a * b + c) in every rounding
 * mode (static, and dyn with frm = rmm): fmadd over all triples of a set of
 * values chosen so the exact sum needs far more than 53 (24) bits, cancels,
 * ties, overflows or lands near the subnormal range; fmsub, fnmsub, fnmadd
 * over the triples whose first factor is 1 + ulp.  Each line is one
 * operation and triple, then result:fflags per mode. */
#include <stdio.h>

#include "fp_ops.h"

#define B(x) (UINT64_C(0xffffffff00000000) | (x))
#define NV 6

static const uint64_t dv[NV] = {
    UINT64_C(0x3ff0000000000001), /* 1 + ulp */
    UINT64_C(0xc008000000000001), /* -3 (1 + ulp) */
    UINT64_C(0x3ca0000000000000), /* 2^-53 */
    UINT64_C(0xbfefffffffffffff), /* -(1 - ulp/2) */
    UINT64_C(0x0010000000000001), /* min normal + ulp */
    UINT64_C(0x7fe0000000000001), /* 2^1023 (1 + ulp) */
};

static const uint64_t sv[NV] = {
    B(0x3f800001), B(0xc0400001), B(0x33800000),
    B(0xbf7fffff), B(0x00800001), B(0x7f000001),
};

int main(void)
{
	static const int ops[] = {
	    FPD_FMADD_S, FPD_FMSUB_S, FPD_FNMSUB_S, FPD_FNMADD_S,
	    FPD_FMADD_D, FPD_FMSUB_D, FPD_FNMSUB_D, FPD_FNMADD_D,
	};
	for (unsigned k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		int op = ops[k];
		const uint64_t *v = fpd_info[op].src == FPD_S ? sv : dv;
		int full = op == FPD_FMADD_S || op == FPD_FMADD_D;
		for (int i = 0; i < (full ? NV : 1); i++)
			for (int j = 0; j < NV; j++)
				for (int l = 0; l < NV; l++) {
					printf("%s %llx %llx %llx:",
					       fpd_info[op].name,
					       (unsigned long long)v[i],
					       (unsigned long long)v[j],
					       (unsigned long long)v[l]);
					for (int m = 0; m < 6; m++) {
						unsigned fl;
						uint64_t r =
						    fpd_run(op, m, v[i], v[j],
							    v[l], 4, &fl);
						printf(" %llx:%x",
						       (unsigned long long)r,
						       fl);
					}
					printf("\n");
				}
	}
	return 0;
}
