// cflags: -ffp-contract=off -lm
/* F/D with inexact already accrued, as compiled code runs after its first
 * rounding, which is when an emulator's round-to-nearest fast paths apply:
 * (1) every operation and rounding mode of fp_gen.h on its operands with
 * fflags set to NX before each instruction, a hash of results and flags
 * per operation and mode; (2) loops shaped like compiled FP code (sqrt
 * guarded by frflags/flt/fsflags, products and quotients that underflow,
 * overflow or hit zero operands, int<->float conversions, singles and
 * doubles) printing values and the accrued flags, with the flags cleared
 * now and then so both the fast and the exact paths run. */
#define FPD_PRESET_FLAGS 1
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fp_ops.h"

#define PER_MODE 1000

static const char *const rm_names[6] = {"rne", "rtz", "rdn",
					"rup", "rmm", "dyn"};

static uint64_t dbits(double d)
{
	uint64_t x;
	memcpy(&x, &d, sizeof x);
	return x;
}

static uint32_t fbits(float f)
{
	uint32_t x;
	memcpy(&x, &f, sizeof x);
	return x;
}

static void table(void)
{
	uint64_t total = 0;
	for (int op = 0; op < FPD_NOPS; op++) {
		int nrm = fpd_has_rm(op) ? 6 : 1;
		for (int rmv = 0; rmv < nrm; rmv++) {
			uint64_t s = 5000 * (uint64_t)op + (uint64_t)rmv;
			uint64_t h = UINT64_C(0xcbf29ce484222325);
			for (int i = 0; i < PER_MODE; i++) {
				struct fpd_case c;
				unsigned fl;
				fpd_gen(&s, &c, op);
				uint64_t r =
				    fpd_run(op, rmv, c.a, c.b, c.c, c.frm, &fl);
				h = (h ^ r) * UINT64_C(0x100000001b3);
				h = (h ^ fl) * UINT64_C(0x100000001b3);
			}
			total = (total ^ h) * UINT64_C(0x100000001b3);
			printf("%-10s %s %016llx\n", fpd_info[op].name,
			       nrm > 1 ? rm_names[rmv] : "-  ",
			       (unsigned long long)h);
		}
	}
	printf("total %016llx\n", (unsigned long long)total);
}

/* volatile: the compiler must not fold the loops */
static volatile double dscale = 1.0e-3, dbig = 1.0e300, dtiny = 1.0e-300;
static volatile float fscale = 0.37f;

static void loops(void)
{
	double acc = 0, prod = 1;
	float facc = 0;
	long lsum = 0;
	uint64_t h = 0;
	for (int i = 0; i < 20000; i++) {
		double x = (double)i * dscale - 3.0;
		if (i % 1000 == 0)
			feclearexcept(FE_ALL_EXCEPT);
		/* sqrt behind a quiet comparison (frflags/flt/fsflags) */
		if (isgreaterequal(x, 0.0))
			acc += sqrt(x) / (x + 1.5);
		else
			acc -= x * x;
		/* underflow, overflow and exact zeros */
		prod = (i % 7 == 0 ? dtiny : prod) * (i % 3 == 0 ? dtiny : 0.5);
		if (i % 11 == 0)
			prod = prod * dbig * dbig;
		if (i % 13 == 0)
			prod = prod * 0.0;
		/* conversions both ways, singles */
		float f = (float)i * fscale;
		int q = (int)(f * 1024.0f);
		facc += (float)q / 1024.0f - f * 0.999f;
		lsum += (long)(x * 1.0e6) + lrint(x * 3.3);
		h = h * 31 + dbits(prod) + fbits(facc) +
		    (uint64_t)fetestexcept(FE_ALL_EXCEPT);
	}
	printf("acc %016llx facc %08x lsum %ld hash %016llx flags %02x\n",
	       (unsigned long long)dbits(acc), (unsigned)fbits(facc), lsum,
	       (unsigned long long)h, (unsigned)fetestexcept(FE_ALL_EXCEPT));
}

int main(void)
{
	table();
	loops();
	return 0;
}
