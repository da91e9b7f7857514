/*
 * Guest side of the F/D differential test (build for riscv64, run under
 * qemu-riscv64): generates the cases of tests/guest/fp_gen.h, executes each
 * with the real instruction (static rounding mode in the encoding, or DYN after
 * fsrm) and writes one binary record per case to stdout: the 64-bit result (the
 * f register's raw bits, NaN box included, or the x register) and fflags.
 *
 * usage: fpu_guest SEED COUNT [OPINDEX]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../guest/fp_ops.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: fpu_guest SEED COUNT [OPINDEX]\n");
		return 2;
	}
	uint64_t seed = strtoull(argv[1], NULL, 0);
	unsigned long long count = strtoull(argv[2], NULL, 0);
	int only = argc > 3 ? atoi(argv[3]) : -1;
	static unsigned char buf[FPD_RECORD_SIZE * 4096];
	size_t n = 0;

	for (unsigned long long i = 0; i < count; i++) {
		struct fpd_case c;
		unsigned fl;
		fpd_gen(&seed, &c, only);
		uint64_t r = fpd_run(c.op, c.rmv, c.a, c.b, c.c, c.frm, &fl);
		memcpy(buf + n, &r, 8);
		buf[n + 8] = (unsigned char)fl;
		n += FPD_RECORD_SIZE;
		if (n == sizeof buf) {
			fwrite(buf, 1, n, stdout);
			n = 0;
		}
	}
	fwrite(buf, 1, n, stdout);
	return 0;
}
