/* Integer benchmark: a sieve of Eratosthenes, then CRC-32 (table driven) and a
 * 64-bit multiply/rotate hash over a pseudo-random buffer, many passes.
 * Prints a checksum.  Usage: int_hash [scale]  (default 1.0) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint64_t rotl(uint64_t x, int r) { return x << r | x >> (64 - r); }

static uint64_t mixhash(const uint64_t *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= rotl(p[i] * 0x87c37b91114253d5ull, 31) * 0x4cf5ad432745937full;
		h = rotl(h, 27) * 5 + 0x52dce729;
	}
	return h ^ (h >> 33);
}

static uint32_t sieve(uint32_t n)
{
	uint8_t *composite = calloc(n + 1, 1);
	uint32_t count = 0, sum = 0;
	for (uint32_t i = 2; i <= n; i++) {
		if (composite[i])
			continue;
		count++;
		sum += i * 2654435761u;
		for (uint64_t j = (uint64_t)i * i; j <= n; j += i)
			composite[j] = 1;
	}
	free(composite);
	return count ^ sum;
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	enum { N = 1 << 18 }; /* 256 KiB buffer, stays in L2 */
	static uint64_t buf[N / 8];
	uint64_t s = 0x9e3779b97f4a7c15ull;
	for (size_t i = 0; i < N / 8; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		buf[i] = s;
	}
	crc_init();
	uint32_t crc = 0;
	uint64_t h = 0;
	int passes = (int)(400 * scale);
	for (int p = 0; p < passes; p++) {
		crc = crc32(crc, (const uint8_t *)buf, N);
		h = mixhash(buf, N / 8, h + crc);
		buf[p % (N / 8)] ^= h;
	}
	uint32_t sv = sieve((uint32_t)(40000000 * scale));
	printf("int_hash: crc=%08x hash=%016llx sieve=%08x\n", crc,
	       (unsigned long long)h, sv);
	return 0;
}
