/*
 * Host side of the F/D differential test: runs the guest program under the
 * oracle (qemu-riscv64), regenerates the same cases (tests/guest/fp_gen.h),
 * executes each through rv_fpu_exec() and compares result bits and fflags.
 *
 * usage: fpu_check [-q QEMU] [-g GUEST] [-s SEED] [-n COUNT] [-o OP] [-v MAX]
 *                  [-S 1]
 *   OP is an index or a mnemonic ("fmadd.s"); MAX is how many mismatches
 *   to print (default 20); -S 1 prints how often qemu raised each flag per
 *   operation (the coverage of the generator).  Exit status 0 when
 *   everything matches.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target/riscv/cpu.h"
#include "target/riscv/insn.h"

#include "../guest/fp_ops.h"

static const char *const rm_names[6] = {"rne", "rtz", "rdn",
					"rup", "rmm", "dyn"};

int main(int argc, char **argv)
{
	const char *qemu = "qemu-riscv64", *guest = "build/tests/fpu_diff/fpu_guest";
	uint64_t seed = 1;
	unsigned long long count = 100000;
	int only = -1;
	long maxprint = 20;
	int stats = 0;

	for (int i = 1; i + 1 < argc; i += 2) {
		const char *o = argv[i], *v = argv[i + 1];
		if (!strcmp(o, "-q"))
			qemu = v;
		else if (!strcmp(o, "-g"))
			guest = v;
		else if (!strcmp(o, "-s"))
			seed = strtoull(v, NULL, 0);
		else if (!strcmp(o, "-n"))
			count = strtoull(v, NULL, 0);
		else if (!strcmp(o, "-S"))
			stats = atoi(v);
		else if (!strcmp(o, "-v"))
			maxprint = strtol(v, NULL, 0);
		else if (!strcmp(o, "-o")) {
			char *end;
			only = (int)strtol(v, &end, 0);
			if (*end) {
				only = -1;
				for (int k = 0; k < FPD_NOPS; k++)
					if (!strcmp(fpd_info[k].name, v))
						only = k;
				if (only < 0) {
					fprintf(stderr, "unknown op %s\n", v);
					return 2;
				}
			}
		} else {
			fprintf(stderr, "unknown option %s\n", o);
			return 2;
		}
	}

	char cmd[4096];
	snprintf(cmd, sizeof cmd, "%s %s %" PRIu64 " %llu %d", qemu, guest,
		 seed, count, only);
	FILE *p = popen(cmd, "r");
	if (!p) {
		perror("popen");
		return 2;
	}

	unsigned long long mism = 0, done = 0;
	unsigned long long per_op[FPD_NOPS] = {0}, bad_op[FPD_NOPS] = {0};
	static unsigned long long flag_count[FPD_NOPS][7];
	uint64_t s = seed;
	for (; done < count; done++) {
		unsigned char rec[FPD_RECORD_SIZE];
		if (fread(rec, 1, sizeof rec, p) != sizeof rec) {
			fprintf(stderr, "guest output ended after %llu cases\n",
				done);
			pclose(p);
			return 2;
		}
		uint64_t want;
		memcpy(&want, rec, 8);
		unsigned want_fl = rec[8];

		struct fpd_case c;
		fpd_gen(&s, &c, only);
		unsigned got_fl;
		uint64_t got =
		    fpd_run(c.op, c.rmv, c.a, c.b, c.c, c.frm, &got_fl);
		per_op[c.op]++;
		for (int b = 0; b < 5; b++)
			flag_count[c.op][b] += (want_fl >> b) & 1;
		flag_count[c.op][5] += want_fl == 0;
		/* inexact results rounded to the smallest normal: the cases
		 * where tininess before/after rounding differ */
		if (!fpd_xdest(c.op) && (want_fl & 1) &&
		    ((want & ~(UINT64_C(1) << 63)) == UINT64_C(1) << 52 ||
		     (want & UINT64_C(0x7fffffff)) == UINT64_C(1) << 23))
			flag_count[c.op][6]++;
		if (got != want || got_fl != want_fl) {
			mism++;
			bad_op[c.op]++;
			if ((long)mism <= maxprint)
				printf(
				    "MISMATCH #%llu %s %s frm=%u a=%016" PRIx64
				    " b=%016" PRIx64 " c=%016" PRIx64
				    ": qemu %016" PRIx64 " fl=%02x, loupe "
				    "%016" PRIx64 " fl=%02x\n",
				    done, fpd_info[c.op].name, rm_names[c.rmv],
				    c.frm, c.a, c.b, c.c, want, want_fl, got,
				    got_fl);
		}
	}
	int st = pclose(p);
	if (stats) {
		printf("%-10s %8s %8s %8s %8s %8s %8s %8s %8s\n", "op", "cases",
		       "NX", "UF", "OF", "DZ", "NV", "none", "minnorm");
		for (int k = 0; k < FPD_NOPS; k++) {
			printf("%-10s %8llu", fpd_info[k].name, per_op[k]);
			for (int b = 0; b < 7; b++)
				printf(" %8llu", flag_count[k][b]);
			printf("\n");
		}
	}
	for (int k = 0; k < FPD_NOPS; k++)
		if (bad_op[k])
			printf("  %-10s %llu of %llu mismatched\n",
			       fpd_info[k].name, bad_op[k], per_op[k]);
	printf("fpu_check: seed %" PRIu64 ": %llu cases, %llu mismatches\n",
	       seed, done, mism);
	if (st != 0) {
		fprintf(stderr, "guest exit status %d\n", st);
		return 2;
	}
	return mism ? 1 : 0;
}
