/* Every F/D computational instruction over random operands biased to the
 * hard cases (specials, ties, tininess, overflow, conversion limits,
 * non-NaN-boxed singles; see fp_gen.h), in every rounding mode: static
 * rne/rtz/rdn/rup/rmm in the encoding and dyn after fsrm with each frm.
 * Per operation and mode it prints a hash of all results and fflags and how
 * often each flag was raised; tests/fpu_diff/run.sh replays the same
 * operands case by case when a hash differs. */
#include <stdio.h>

#include "fp_ops.h"

#define PER_MODE 1500

static const char *const rm_names[6] = {"rne", "rtz", "rdn",
					"rup", "rmm", "dyn"};

int main(void)
{
	uint64_t total = 0;
	for (int op = 0; op < FPD_NOPS; op++) {
		int nrm = fpd_has_rm(op) ? 6 : 1;
		for (int rmv = 0; rmv < nrm; rmv++) {
			uint64_t s = 1000 * (uint64_t)op + (uint64_t)rmv;
			uint64_t h = UINT64_C(0xcbf29ce484222325);
			unsigned cnt[5] = {0};
			for (int i = 0; i < PER_MODE; i++) {
				struct fpd_case c;
				unsigned fl;
				fpd_gen(&s, &c, op);
				uint64_t r =
				    fpd_run(op, rmv, c.a, c.b, c.c, c.frm, &fl);
				h = (h ^ r) * UINT64_C(0x100000001b3);
				h = (h ^ fl) * UINT64_C(0x100000001b3);
				for (int b = 0; b < 5; b++)
					cnt[b] += (fl >> b) & 1;
			}
			total = (total ^ h) * UINT64_C(0x100000001b3);
			printf("%-10s %s %016llx NX %4u UF %4u OF %4u DZ %4u "
			       "NV %4u\n",
			       fpd_info[op].name,
			       nrm > 1 ? rm_names[rmv] : "-  ",
			       (unsigned long long)h, cnt[0], cnt[1], cnt[2],
			       cnt[3], cnt[4]);
		}
	}
	printf("total %016llx\n", (unsigned long long)total);
	return 0;
}
