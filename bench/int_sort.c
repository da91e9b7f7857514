/* Integer benchmark: sorting.  Each round fills arrays of 32-bit and 64-bit
 * integers from a pseudo-random generator and sorts copies with quicksort
 * (median of three, insertion sort below 16 elements), a top-down mergesort
 * and a heap sort, checking that all three agree.  Prints a checksum.
 * Usage: int_sort [scale]  (default 1.0) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N32 = 1 << 17, N64 = 1 << 16 };

static uint64_t rng = 0x853c49e6748fea9bull;

static uint64_t next(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

/* The three sorts, once for each element type (a macro, so that each copy
 * is compiled for its own width). */
#define SORTS(T, SUF)                                                           \
	static void insertion_##SUF(T *a, long n)                              \
	{                                                                      \
		for (long i = 1; i < n; i++) {                                 \
			T v = a[i];                                            \
			long j = i - 1;                                        \
			while (j >= 0 && a[j] > v) {                           \
				a[j + 1] = a[j];                               \
				j--;                                           \
			}                                                      \
			a[j + 1] = v;                                          \
		}                                                              \
	}                                                                      \
                                                                               \
	static void quick_##SUF(T *a, long n)                                  \
	{                                                                      \
		while (n > 16) {                                               \
			long m = n / 2;                                        \
			T x = a[0], y = a[m], z = a[n - 1], p;                 \
			if (x < y)                                             \
				p = y < z ? y : (x < z ? z : x);               \
			else                                                   \
				p = x < z ? x : (y < z ? z : y);               \
			long i = 0, j = n - 1;                                 \
			for (;;) {                                             \
				while (a[i] < p)                               \
					i++;                                   \
				while (a[j] > p)                               \
					j--;                                   \
				if (i >= j)                                    \
					break;                                 \
				T t = a[i];                                    \
				a[i] = a[j], a[j] = t;                         \
				i++, j--;                                      \
			}                                                      \
			/* recurse into the smaller part, loop on the other */ \
			if (j + 1 < n - j - 1) {                               \
				quick_##SUF(a, j + 1);                         \
				a += j + 1, n -= j + 1;                        \
			} else {                                               \
				quick_##SUF(a + j + 1, n - j - 1);             \
				n = j + 1;                                     \
			}                                                      \
		}                                                              \
		insertion_##SUF(a, n);                                         \
	}                                                                      \
                                                                               \
	static void merge_##SUF(T *a, T *tmp, long n)                          \
	{                                                                      \
		if (n < 2)                                                     \
			return;                                                \
		long m = n / 2;                                                \
		merge_##SUF(a, tmp, m);                                        \
		merge_##SUF(a + m, tmp, n - m);                                \
		if (a[m - 1] <= a[m])                                          \
			return;                                                \
		memcpy(tmp, a, (size_t)m * sizeof(T));                         \
		long i = 0, j = m, k = 0;                                      \
		while (i < m && j < n)                                         \
			a[k++] = tmp[i] <= a[j] ? tmp[i++] : a[j++];           \
		while (i < m)                                                  \
			a[k++] = tmp[i++];                                     \
	}                                                                      \
                                                                               \
	static void sift_##SUF(T *a, long i, long n)                           \
	{                                                                      \
		T v = a[i];                                                    \
		for (;;) {                                                     \
			long c = 2 * i + 1;                                    \
			if (c >= n)                                            \
				break;                                         \
			if (c + 1 < n && a[c + 1] > a[c])                      \
				c++;                                           \
			if (a[c] <= v)                                         \
				break;                                         \
			a[i] = a[c];                                           \
			i = c;                                                 \
		}                                                              \
		a[i] = v;                                                      \
	}                                                                      \
                                                                               \
	static void heap_##SUF(T *a, long n)                                   \
	{                                                                      \
		for (long i = n / 2 - 1; i >= 0; i--)                          \
			sift_##SUF(a, i, n);                                   \
		for (long end = n - 1; end > 0; end--) {                       \
			T t = a[0];                                            \
			a[0] = a[end], a[end] = t;                             \
			sift_##SUF(a, 0, end);                                 \
		}                                                              \
	}                                                                      \
                                                                               \
	/* sort src three ways; returns a hash of the result, or 0 if the     \
	 * sorts disagree or the result is not sorted */                      \
	static uint64_t round_##SUF(const T *src, T *a, T *b, T *tmp, long n)  \
	{                                                                      \
		memcpy(a, src, (size_t)n * sizeof(T));                         \
		quick_##SUF(a, n);                                             \
		memcpy(b, src, (size_t)n * sizeof(T));                         \
		merge_##SUF(b, tmp, n);                                        \
		if (memcmp(a, b, (size_t)n * sizeof(T)) != 0)                  \
			return 0;                                              \
		memcpy(b, src, (size_t)n * sizeof(T));                         \
		heap_##SUF(b, n);                                              \
		if (memcmp(a, b, (size_t)n * sizeof(T)) != 0)                  \
			return 0;                                              \
		uint64_t h = 0x9e3779b97f4a7c15ull;                            \
		for (long i = 0; i < n; i++) {                                 \
			if (i && a[i - 1] > a[i])                              \
				return 0;                                      \
			h = (h ^ (uint64_t)a[i]) * 0x100000001b3ull;           \
		}                                                              \
		return h | 1;                                                  \
	}

SORTS(uint32_t, u32)
SORTS(int64_t, i64)

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	static uint32_t s32[N32], a32[N32], b32[N32], t32[N32];
	static int64_t s64[N64], a64[N64], b64[N64], t64[N64];
	long rounds = (long)(20 * scale + 0.5);
	if (rounds < 1)
		rounds = 1;
	uint64_t h = 0;
	for (long r = 0; r < rounds; r++) {
		/* some rounds with many duplicates, some nearly sorted */
		uint32_t mask32 = r % 3 == 1 ? 0xfffu : 0xffffffffu;
		for (long i = 0; i < N32; i++)
			s32[i] = (uint32_t)next() & mask32;
		for (long i = 0; i < N64; i++)
			s64[i] = r % 3 == 2 ? (int64_t)i * 7 - (int64_t)(next() % 64)
					    : (int64_t)next();
		uint64_t x = round_u32(s32, a32, b32, t32, N32);
		uint64_t y = round_i64(s64, a64, b64, t64, N64);
		if (!x || !y) {
			printf("int_sort: sorts disagree in round %ld\n", r);
			return 1;
		}
		h = (h * 31 + x) ^ (y >> 1);
	}
	printf("int_sort: rounds=%ld hash=%016llx min=%08x max=%016llx\n",
	       rounds, (unsigned long long)h, a32[0], (unsigned long long)a64[N64 - 1]);
	return 0;
}
