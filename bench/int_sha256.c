/* Integer benchmark: SHA-256 (FIPS 180-4) over a generated 64 KiB buffer,
 * many rounds; after each round the digest is folded back into the buffer,
 * so no round can be skipped.  Checks itself against the FIPS 180-4 "abc"
 * example first.  Prints a checksum.  Usage: int_sha256 [scale]  (default 1.0) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the first 32 bits of the fractional parts of the cube roots of the first
 * 64 primes (FIPS 180-4, 4.2.2) */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int r) { return x >> r | x << (32 - r); }

static uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

/* one 64-byte block into the state h[8] */
static void compress(uint32_t h[8], const uint8_t *blk)
{
	uint32_t w[64];
	for (int t = 0; t < 16; t++)
		w[t] = load_be32(blk + 4 * t);
	for (int t = 16; t < 64; t++) {
		uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
		uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint32_t e = h[4], f = h[5], g = h[6], k = h[7];
	for (int t = 0; t < 64; t++) {
		uint32_t t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
			      ((e & f) ^ (~e & g)) + K[t] + w[t];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
			      ((a & b) ^ (a & c) ^ (b & c));
		k = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
	h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

/* the whole message: padding with 0x80, zeros and the 64-bit bit length */
static void sha256(const uint8_t *msg, size_t n, uint8_t out[32])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	size_t full = n / 64;
	for (size_t i = 0; i < full; i++)
		compress(h, msg + 64 * i);
	uint8_t tail[128];
	size_t rest = n - 64 * full;
	memset(tail, 0, sizeof(tail));
	memcpy(tail, msg + 64 * full, rest);
	tail[rest] = 0x80;
	size_t tlen = rest < 56 ? 64 : 128;
	uint64_t bits = (uint64_t)n * 8;
	store_be32(tail + tlen - 8, (uint32_t)(bits >> 32));
	store_be32(tail + tlen - 4, (uint32_t)bits);
	compress(h, tail);
	if (tlen == 128)
		compress(h, tail + 64);
	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, h[i]);
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	enum { N = 1 << 16 };
	static uint8_t buf[N];
	uint8_t d[32];

	/* FIPS 180-4 example: SHA-256("abc") */
	static const uint8_t abc_digest[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
	sha256((const uint8_t *)"abc", 3, d);
	if (memcmp(d, abc_digest, 32) != 0) {
		printf("int_sha256: self-test failed\n");
		return 1;
	}

	uint64_t s = 0x243f6a8885a308d3ull;
	for (size_t i = 0; i < N; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		buf[i] = (uint8_t)(s >> 24);
	}
	long rounds = (long)(3000 * scale);
	if (rounds < 1)
		rounds = 1;
	uint32_t acc = 0;
	for (long r = 0; r < rounds; r++) {
		/* vary the length too, so the padding paths all run */
		size_t len = N - (size_t)(r % 64);
		sha256(buf, len, d);
		memcpy(buf + (size_t)(r * 32) % (N - 32), d, 32);
		acc = ror(acc, 5) ^ load_be32(d);
	}
	printf("int_sha256: rounds=%ld digest=", rounds);
	for (int i = 0; i < 32; i++)
		printf("%02x", d[i]);
	printf(" acc=%08x\n", acc);
	return 0;
}
