/* Integer benchmark: matrix multiply.  C = A x B for 256x256 int32
 * matrices (wrapping arithmetic in uint32_t) and 128x128 int64 matrices,
 * i-k-j loop order, many rounds; each round perturbs A with the previous
 * result so no round can be skipped.  Prints a checksum.
 * Usage: int_matmul [scale]  (default 1.0) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { N32 = 256, N64 = 128 };

static uint32_t a32[N32][N32], b32[N32][N32], c32[N32][N32];
static uint64_t a64[N64][N64], b64[N64][N64], c64[N64][N64];

static void mul32(void)
{
	for (int i = 0; i < N32; i++) {
		for (int j = 0; j < N32; j++)
			c32[i][j] = 0;
		for (int k = 0; k < N32; k++) {
			uint32_t x = a32[i][k];
			for (int j = 0; j < N32; j++)
				c32[i][j] += x * b32[k][j];
		}
	}
}

static void mul64(void)
{
	for (int i = 0; i < N64; i++) {
		for (int j = 0; j < N64; j++)
			c64[i][j] = 0;
		for (int k = 0; k < N64; k++) {
			uint64_t x = a64[i][k];
			for (int j = 0; j < N64; j++)
				c64[i][j] += x * b64[k][j];
		}
	}
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	uint64_t s = 0x6a09e667f3bcc908ull;
#define RND() (s ^= s << 13, s ^= s >> 7, s ^= s << 17, s)
	for (int i = 0; i < N32; i++)
		for (int j = 0; j < N32; j++) {
			a32[i][j] = (uint32_t)RND() % 2001 - 1000; /* small, signed */
			b32[i][j] = (uint32_t)(RND() >> 32);
		}
	for (int i = 0; i < N64; i++)
		for (int j = 0; j < N64; j++) {
			a64[i][j] = RND();
			b64[i][j] = RND() % 100000;
		}
	long rounds = (long)(120 * scale + 0.5);
	if (rounds < 1)
		rounds = 1;
	uint32_t h32 = 0;
	uint64_t h64 = 0;
	for (long r = 0; r < rounds; r++) {
		mul32();
		for (int n = 0; n < 4; n++)
			mul64();
		for (int i = 0; i < N32; i++) {
			h32 = (h32 ^ c32[i][(i + r) % N32]) * 16777619u;
			a32[i][(i * 7 + r) % N32] ^= c32[(i + 1) % N32][i] & 0xff;
		}
		for (int i = 0; i < N64; i++) {
			h64 = (h64 ^ c64[(i * 3 + r) % N64][i]) * 0x100000001b3ull;
			a64[i][(i * 5 + r) % N64] += c64[i][(i + 1) % N64] >> 40;
		}
	}
	uint32_t t32 = 0;
	uint64_t t64 = 0;
	for (int i = 0; i < N32; i++)
		for (int j = 0; j < N32; j++)
			t32 = t32 * 31 + c32[i][j];
	for (int i = 0; i < N64; i++)
		for (int j = 0; j < N64; j++)
			t64 = t64 * 31 + c64[i][j];
	printf("int_matmul: rounds=%ld h32=%08x h64=%016llx sum32=%08x sum64=%016llx\n",
	       rounds, h32, (unsigned long long)h64, t32, (unsigned long long)t64);
	return 0;
}
