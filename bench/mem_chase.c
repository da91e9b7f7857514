/* Memory benchmark: pointer chasing through a random cyclic permutation of a
 * 16 MiB array (cache and TLB misses), then a blocked and a naive transpose
 * of a 2048x2048 matrix of 32-bit words.  Prints a checksum.
 * Usage: mem_chase [scale]  (default 1.0) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

enum { CHASE_N = 1 << 21, DIM = 2048, BLK = 32 };

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	uint64_t check = 0;

	/* Sattolo's algorithm: one cycle through all CHASE_N slots. */
	uint64_t *next_idx = malloc(CHASE_N * sizeof *next_idx);
	for (uint64_t i = 0; i < CHASE_N; i++)
		next_idx[i] = i;
	for (uint64_t i = CHASE_N - 1; i > 0; i--) {
		uint64_t j = next() % i, t = next_idx[i];
		next_idx[i] = next_idx[j];
		next_idx[j] = t;
	}
	uint64_t p = 0, steps = (uint64_t)(4000000 * scale);
	for (uint64_t s = 0; s < steps; s++) {
		p = next_idx[p];
		check += p;
	}
	free(next_idx);

	uint32_t *a = malloc(sizeof(uint32_t) * DIM * DIM);
	uint32_t *b = malloc(sizeof(uint32_t) * DIM * DIM);
	for (uint32_t i = 0; i < DIM * DIM; i++)
		a[i] = (uint32_t)next();
	int rounds = (int)(5 * scale);
	for (int r = 0; r < rounds; r++) {
		for (int ii = 0; ii < DIM; ii += BLK) /* blocked: a -> b */
			for (int jj = 0; jj < DIM; jj += BLK)
				for (int i = ii; i < ii + BLK; i++)
					for (int j = jj; j < jj + BLK; j++)
						b[j * DIM + i] = a[i * DIM + j] + (uint32_t)r;
		for (int i = 0; i < DIM; i++) /* naive: b -> a */
			for (int j = 0; j < DIM; j++)
				a[j * DIM + i] = b[i * DIM + j] ^ (uint32_t)i;
		check = check * 31 + a[(r * 7919) % (DIM * DIM)];
	}
	for (uint32_t i = 0; i < DIM * DIM; i += 97)
		check += a[i];
	free(a);
	free(b);
	printf("mem_chase: %016llx\n", (unsigned long long)check);
	return 0;
}
