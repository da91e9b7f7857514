/* String benchmark: generate 7 MiB of pseudo-English text, compress it with
 * an LZ77 (hash-chain match finder, like deflate's), decompress and verify,
 * then count word frequencies in a hash table and case-fold/scan the text.
 * No libc string routines in the hot loops.  Prints a checksum.
 * Usage: str_lz [scale] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const words[] = {
	"the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was",
	"with", "be", "by", "on", "not", "he", "this", "are", "or", "his",
	"from", "at", "which", "but", "have", "an", "had", "they", "you",
	"were", "their", "one", "all", "we", "can", "her", "has", "there",
	"been", "if", "more", "when", "will", "would", "who", "so", "no",
	"translation", "emulator", "register", "instruction", "memory", "block",
	"plugin", "Callback", "Guest", "host", "Cache", "branch", "counter"};
enum { NWORDS = sizeof words / sizeof words[0] };

static uint64_t rng = 0x853c49e6748fea9bull;
static uint32_t rnd(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	uint32_t x = (uint32_t)(((rng >> 18) ^ rng) >> 27);
	int r = (int)(rng >> 59);
	return x >> r | x << ((32 - r) & 31);
}

enum { WIN = 1 << 15, HBITS = 15, MINM = 4, MAXM = 258, CHAIN = 32 };

/* output: literal byte 0..255 as (0, b); match as (1, len, dist16) */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out)
{
	static int32_t head[1 << HBITS];
	int32_t *prev = malloc(n * sizeof *prev);
	for (int i = 0; i < (1 << HBITS); i++)
		head[i] = -1;
	size_t o = 0, i = 0;
	while (i < n) {
		size_t best = 0, bdist = 0;
		if (i + MINM <= n) {
			uint32_t h = (in[i] | in[i + 1] << 8 | in[i + 2] << 16 |
				      (uint32_t)in[i + 3] << 24) * 2654435761u >> (32 - HBITS);
			int32_t c = head[h];
			for (int k = 0; k < CHAIN && c >= 0 && i - (size_t)c < WIN; k++) {
				size_t l = 0, lim = n - i < MAXM ? n - i : MAXM;
				while (l < lim && in[c + l] == in[i + l])
					l++;
				if (l > best) {
					best = l;
					bdist = i - (size_t)c;
				}
				c = prev[c];
			}
			prev[i] = head[h];
			head[h] = (int32_t)i;
		}
		if (best >= MINM) {
			out[o++] = 1;
			out[o++] = (uint8_t)(best - MINM);
			out[o++] = (uint8_t)bdist;
			out[o++] = (uint8_t)(bdist >> 8);
			for (size_t k = 1; k < best; k++) { /* insert skipped positions */
				size_t j = i + k;
				if (j + MINM <= n) {
					uint32_t h = (in[j] | in[j + 1] << 8 | in[j + 2] << 16 |
						      (uint32_t)in[j + 3] << 24) * 2654435761u >> (32 - HBITS);
					prev[j] = head[h];
					head[h] = (int32_t)j;
				}
			}
			i += best;
		} else {
			out[o++] = 0;
			out[o++] = in[i++];
		}
	}
	free(prev);
	return o;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (in[i] == 0) {
			out[o++] = in[i + 1];
			i += 2;
		} else {
			size_t len = in[i + 1] + (size_t)MINM, dist = in[i + 2] | in[i + 3] << 8;
			for (size_t k = 0; k < len; k++, o++)
				out[o] = out[o - dist];
			i += 4;
		}
	}
	return o;
}

struct entry {
	const uint8_t *w;
	uint32_t len, count;
};

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	size_t n = (size_t)((7 << 20) * scale);
	uint8_t *text = malloc(n + 64), *comp = malloc(2 * n + 64), *back = malloc(n + 64);
	size_t t = 0;
	while (t < n) {
		const char *w = words[rnd() % NWORDS];
		if (rnd() % 50 == 0) { /* occasional random token */
			for (int k = 0, l = 3 + rnd() % 6; k < l && t < n; k++)
				text[t++] = (uint8_t)('a' + rnd() % 26);
		} else {
			while (*w && t < n)
				text[t++] = (uint8_t)*w++;
		}
		if (t < n)
			text[t++] = rnd() % 12 == 0 ? (rnd() % 2 ? '.' : '\n') : ' ';
	}
	uint64_t check = 0;
	size_t clen = compress(text, n, comp);
	size_t dlen = decompress(comp, clen, back);
	for (size_t i = 0; i < n; i++)
		if (back[i] != text[i]) {
			printf("str_lz: decompression mismatch at %zu\n", i);
			return 1;
		}
	check = clen * 1000003 + dlen;

	/* word frequencies (case-folded), open addressing */
	enum { TB = 1 << 16 };
	struct entry *tab = calloc(TB, sizeof *tab);
	int passes = 8;
	for (int p = 0; p < passes; p++)
		for (size_t i = 0; i < n;) {
			while (i < n && !((text[i] | 32) >= 'a' && (text[i] | 32) <= 'z'))
				i++;
			size_t s = i;
			uint32_t h = 2166136261u;
			while (i < n && (text[i] | 32) >= 'a' && (text[i] | 32) <= 'z')
				h = (h ^ (text[i++] | 32)) * 16777619u;
			if (i == s)
				break;
			uint32_t len = (uint32_t)(i - s), b = h & (TB - 1);
			for (;;) {
				struct entry *e = &tab[b];
				if (!e->w) {
					e->w = text + s, e->len = len, e->count = 1;
					break;
				}
				if (e->len == len) {
					uint32_t k = 0;
					while (k < len && (e->w[k] | 32) == (text[s + k] | 32))
						k++;
					if (k == len) {
						e->count++;
						break;
					}
				}
				b = (b + 1) & (TB - 1);
			}
		}
	uint32_t distinct = 0, maxc = 0;
	for (int b = 0; b < TB; b++)
		if (tab[b].w) {
			distinct++;
			if (tab[b].count > maxc)
				maxc = tab[b].count;
			check = check * 31 + tab[b].count * (uint64_t)(b + 1);
		}
	printf("str_lz: in=%zu compressed=%zu words=%u max=%u check=%016llx\n", n, clen,
	       distinct, maxc, (unsigned long long)check);
	free(tab);
	free(text);
	free(comp);
	free(back);
	return 0;
}
