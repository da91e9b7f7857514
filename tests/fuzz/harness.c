/* Guest side of the random-instruction differential test (see gen.py).
 *
 *   harness [START [COUNT]]   print "INDEX HASH" for each sequence
 *   harness dump INDEX        print the full final state of one sequence
 *
 * For each sequence: fill the 1 KiB scratch buffer from the sequence's seed,
 * load every register from its initial-state table (the base register set to
 * fuzz_buf+512), run the body, then hash x1..x31, f0..f31, fcsr and the
 * scratch buffer.  Everything is deterministic: the same binary gives the
 * same output on any correct RV64GC implementation. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSTATE 67 /* 32 x, 32 f, fcsr, buffer seed, base register number */
extern const uint64_t fuzz_nseqs, fuzz_seed;
extern const uint64_t *const fuzz_table[];
extern uint8_t fuzz_buf[2048];
void fuzz_enter(const uint64_t *state, const void *body);

static const char *const xname[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
	"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
	"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
static const char *const fname[32] = {
	"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
	"fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
	"fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
	"fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

static const uint64_t special[] = {
	0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
	0xffffffff80000000ull, 0x7fffffffull, 0xffffffffull, 0x80,
	/* NaN-boxed floats: 1.0, -0, inf, qNaN, sNaN, denormal, 2^31 */
	0xffffffff3f800000ull, 0xffffffff80000000ull, 0xffffffff7f800000ull,
	0xffffffff7fc00000ull, 0xffffffff7f800001ull, 0xffffffff00000001ull,
	0xffffffff4f000000ull,
	/* doubles: 1.0, -0, inf, qNaN, sNaN, denormal, 2^63, -2^31-1, 0.5 */
	0x3ff0000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull,
	0x7ff8000000000000ull, 0x7ff0000000000001ull, 0x0000000000000001ull,
	0x43e0000000000000ull, 0xc1e0000000200000ull, 0x3fe0000000000000ull,
};

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void run(uint64_t i)
{
	const uint64_t *init = fuzz_table[2 * i];
	uint64_t st[NSTATE], s = init[65];
	memcpy(st, init, sizeof st);
	for (int w = 0; w < 256; w++) { /* scratch buffer and result area */
		uint64_t v = splitmix(&s), r = v >> 59;
		if (w >= 128)
			v = 0;
		else if (r < 8)
			v = special[(v >> 8) % (sizeof special / sizeof special[0])];
		else if (r < 12)
			v = (uint64_t)(int64_t)(int8_t)v;
		memcpy(fuzz_buf + 8 * w, &v, 8);
	}
	st[init[66]] = (uint64_t)(uintptr_t)(fuzz_buf + 512);
	fuzz_enter(st, (const void *)fuzz_table[2 * i + 1]);
}

static uint64_t hash(void)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (int k = 0; k < 1024 + 65 * 8; k++)
		h = (h ^ fuzz_buf[k]) * 0x100000001b3ull;
	return h;
}

static uint64_t res(int slot)
{
	uint64_t v;
	memcpy(&v, fuzz_buf + 1024 + 8 * slot, 8);
	return v;
}

int main(int argc, char **argv)
{
	uint64_t n = fuzz_nseqs, start = 0, count = n;
	if (argc == 3 && !strcmp(argv[1], "dump")) {
		uint64_t i = strtoull(argv[2], 0, 0);
		if (i >= n)
			return 2;
		run(i);
		for (int r = 1; r < 32; r++)
			printf("x%-2d %-4s %016" PRIx64 "\n", r, xname[r], res(r));
		for (int r = 0; r < 32; r++)
			printf("f%-2d %-4s %016" PRIx64 "\n", r, fname[r], res(32 + r));
		printf("fcsr     %016" PRIx64 "\n", res(64));
		for (int w = 0; w < 128; w++) {
			uint64_t v;
			memcpy(&v, fuzz_buf + 8 * w, 8);
			printf("mem[base%+5d] %016" PRIx64 "\n", 8 * w - 512, v);
		}
		return 0;
	}
	if (argc > 1)
		start = strtoull(argv[1], 0, 0);
	if (argc > 2)
		count = strtoull(argv[2], 0, 0);
	if (start > n)
		start = n;
	if (count > n - start)
		count = n - start;
	for (uint64_t i = start; i < start + count; i++) {
		run(i);
		printf("%" PRIu64 " %016" PRIx64 "\n", i, hash());
		fflush(stdout); /* a crash still leaves the lines before it */
	}
	return 0;
}
