// cflags: -static -O2 -lm
/* A larger C program that exercises glibc broadly: qsort and bsearch,
 * malloc/realloc/free churn with a checksum of the heap contents, string
 * functions, printf of integers/floats/doubles in every format, strtod and
 * strtol, math functions, setjmp/longjmp across recursion, a hash table, a
 * small SHA-256, recursion (Ackermann), and sorting of strings. Everything is
 * deterministic. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* ---- sorting ---- */
static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
static void test_sort(void)
{
    enum { N = 20000 };
    int *v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++)
        v[i] = (int)(rng() % 1000003) - 500000;
    qsort(v, N, sizeof *v, cmp_int);
    int sorted = 1;
    long long sum = 0;
    for (int i = 0; i < N; i++) {
        if (i && v[i - 1] > v[i])
            sorted = 0;
        sum += v[i];
    }
    printf("qsort: sorted=%d min=%d max=%d median=%d sum=%lld\n", sorted, v[0],
           v[N - 1], v[N / 2], sum);
    int key = v[1234];
    int *hit = bsearch(&key, v, N, sizeof *v, cmp_int);
    printf("bsearch: found=%d value=%d\n", hit != NULL, hit ? *hit : 0);
    free(v);

    static const char *words[] = {"pear",   "apple", "fig",    "banana",
                                  "cherry", "date",  "elder",  "grape",
                                  "kiwi",   "lemon", "mango",  "apricot"};
    enum { W = sizeof words / sizeof words[0] };
    char *copy[W];
    for (int i = 0; i < W; i++)
        copy[i] = strdup(words[i]);
    qsort(copy, W, sizeof copy[0], cmp_str);
    printf("words:");
    for (int i = 0; i < W; i++) {
        printf(" %s", copy[i]);
        free(copy[i]);
    }
    printf("\n");
}

/* ---- heap churn ---- */
static void test_heap(void)
{
    enum { SLOTS = 512, ROUNDS = 20000 };
    unsigned char *slot[SLOTS] = {0};
    size_t size[SLOTS] = {0};
    uint64_t check = 0;
    for (int r = 0; r < ROUNDS; r++) {
        int i = (int)(rng() % SLOTS);
        uint64_t op = rng() % 4;
        if (slot[i] && op == 0) {
            for (size_t k = 0; k < size[i]; k++)
                check = check * 31 + slot[i][k];
            free(slot[i]);
            slot[i] = NULL;
        } else if (slot[i] && op == 1) {
            size_t ns = (size_t)(rng() % 5000) + 1;
            unsigned char *p = realloc(slot[i], ns);
            if (!p)
                abort();
            for (size_t k = size[i]; k < ns; k++)
                p[k] = (unsigned char)(k * 7 + (size_t)i);
            slot[i] = p;
            size[i] = ns;
        } else if (!slot[i]) {
            size_t ns = (size_t)(rng() % (op == 3 ? 200000 : 3000)) + 1;
            slot[i] = op == 2 ? calloc(ns, 1) : malloc(ns);
            if (!slot[i])
                abort();
            if (op != 2)
                memset(slot[i], i & 0xff, ns);
            size[i] = ns;
        }
    }
    size_t live = 0;
    for (int i = 0; i < SLOTS; i++) {
        if (slot[i]) {
            for (size_t k = 0; k < size[i]; k++)
                check = check * 31 + slot[i][k];
            live += size[i];
            free(slot[i]);
        }
    }
    printf("heap: live=%zu check=%016" PRIx64 "\n", live, check);
}

/* ---- formatting ---- */
static void test_printf(void)
{
    printf("ints: [%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%x] [%#X] [%o] [%#o]\n",
           42, 42, 42, 42, 42, 42, 0xbeef, 0xbeef, 8, 8);
    printf("limits: %d %d %u %ld %ld %lu %lld\n", INT_MIN, INT_MAX, UINT_MAX,
           LONG_MIN, LONG_MAX, ULONG_MAX, LLONG_MIN);
    printf("chars: [%c] [%5s] [%-5s] [%.2s] [%%]\n", 'x', "ab", "ab", "abcdef");
    double ds[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 1e300,
                   123456789.125, 2.5e-5, 1.0 / 3.0, NAN, INFINITY, -INFINITY,
                   5e-324, 1.7976931348623157e308};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++)
        printf("double %2zu: %f | %.3e | %g | %.17g | %a\n", i, ds[i], ds[i],
               ds[i], ds[i], ds[i]);
    float fs[] = {0.1f, 1.0f / 3.0f, 16777217.0f, 3.4028235e38f, 1.17549435e-38f};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        printf("float %zu: %.9g %a\n", i, (double)fs[i], (double)fs[i]);
    char buf[64];
    int n = snprintf(buf, 10, "%s-%d", "truncated", 12345);
    printf("snprintf: n=%d buf=[%s]\n", n, buf);
    printf("long double: %.20Lg\n", (long double)1 / 3);
}

/* ---- parsing ---- */
static void test_parse(void)
{
    const char *nums[] = {"3.14159", "-2.5e-3", "0x1.8p1", "inf", "nan", "1e400",
                          "  42abc", "0.1", "123456789012345678901234567890"};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(nums[i], &end);
        printf("strtod(%s) = %.17g rest=[%s] erange=%d\n", nums[i], d, end,
               errno == ERANGE);
    }
    const char *ints[] = {"123", "-0x7f", "0777", "99999999999999999999", "z"};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        char *end;
        errno = 0;
        long v = strtol(ints[i], &end, 0);
        printf("strtol(%s) = %ld rest=[%s] erange=%d\n", ints[i], v, end,
               errno == ERANGE);
    }
    int a, b;
    char w[16];
    int got = sscanf("17 0x20 word", "%d %i %15s", &a, &b, w);
    printf("sscanf: %d %d %d %s\n", got, a, b, w);
}

/* ---- math ---- */
static void test_math(void)
{
    double xs[] = {0.5, 1.0, 2.0, 10.0, -3.25};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%g sqrt=%.15g exp=%.15g log=%.15g sin=%.15g cos=%.15g "
               "atan2=%.15g pow=%.15g floor=%g ceil=%g round=%g fmod=%g\n",
               x, sqrt(fabs(x)), exp(x), log(fabs(x)), sin(x), cos(x),
               atan2(x, 1.5), pow(fabs(x), 1.5), floor(x), ceil(x), round(x),
               fmod(x, 0.75));
    }
    printf("hypot=%.15g cbrt=%.15g tanh=%.15g lgamma=%.15g\n", hypot(3, 4),
           cbrt(-27), tanh(0.5), lgamma(4.5));
}

/* ---- setjmp/longjmp across recursion ---- */
static jmp_buf env;
static int deepest;
static void dive(int n)
{
    volatile char pad[128];
    pad[0] = (char)n;
    deepest = n + pad[0] - n;
    if (n == 500)
        longjmp(env, n);
    dive(n + 1);
}
static void test_longjmp(void)
{
    volatile int count = 0;
    int r = setjmp(env);
    count++;
    if (r == 0)
        dive(0);
    printf("longjmp: r=%d count=%d deepest=%d\n", r, count, deepest);
}

/* ---- recursion ---- */
static unsigned ack(unsigned m, unsigned n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* ---- hash table ---- */
struct ent {
    char *key;
    int val;
    struct ent *next;
};
static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}
static void test_hash(void)
{
    enum { B = 257 };
    struct ent *tab[B] = {0};
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%d", (i * 7919) % 3001);
        uint32_t h = fnv1a(key) % B;
        struct ent *e = tab[h];
        while (e && strcmp(e->key, key))
            e = e->next;
        if (!e) {
            e = malloc(sizeof *e);
            e->key = strdup(key);
            e->val = 0;
            e->next = tab[h];
            tab[h] = e;
        }
        e->val += i;
    }
    int entries = 0, longest = 0;
    long long total = 0;
    for (int b = 0; b < B; b++) {
        int len = 0;
        for (struct ent *e = tab[b], *n; e; e = n) {
            n = e->next;
            entries++;
            len++;
            total += e->val;
            free(e->key);
            free(e);
        }
        if (len > longest)
            longest = len;
    }
    printf("hash: entries=%d longest=%d total=%lld fnv(hello)=%08x\n", entries,
           longest, total, fnv1a("hello"));
}

/* ---- SHA-256 ---- */
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
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
static void sha256(const unsigned char *msg, size_t len, unsigned char out[32])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t total = ((len + 9 + 63) / 64) * 64;
    unsigned char *buf = calloc(total, 1);
    memcpy(buf, msg, len);
    buf[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        buf[total - 1 - i] = (unsigned char)(bits >> (8 * i));
    for (size_t off = 0; off < total; off += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)buf[off + 4 * i] << 24 |
                   (uint32_t)buf[off + 4 * i + 1] << 16 |
                   (uint32_t)buf[off + 4 * i + 2] << 8 | buf[off + 4 * i + 3];
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5],
                 g = h[6], hh = h[7];
        for (int i = 0; i < 64; i++) {
            uint32_t S1 = ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25);
            uint32_t ch = (e & f) ^ (~e & g);
            uint32_t t1 = hh + S1 + ch + K[i] + w[i];
            uint32_t S0 = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22);
            uint32_t mj = (a & b) ^ (a & c) ^ (b & c);
            uint32_t t2 = S0 + mj;
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d;
        h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    free(buf);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++)
            out[4 * i + j] = (unsigned char)(h[i] >> (24 - 8 * j));
}
static void test_sha(void)
{
    const char *msgs[] = {"", "abc",
                          "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"};
    unsigned char d[32];
    for (size_t i = 0; i < 3; i++) {
        sha256((const unsigned char *)msgs[i], strlen(msgs[i]), d);
        printf("sha256(\"%.10s\")=", msgs[i]);
        for (int k = 0; k < 32; k++)
            printf("%02x", d[k]);
        printf("\n");
    }
    size_t big = 1 << 20;
    unsigned char *m = malloc(big);
    for (size_t i = 0; i < big; i++)
        m[i] = (unsigned char)(i * 131 + (i >> 9));
    sha256(m, big, d);
    printf("sha256(1MiB)=");
    for (int k = 0; k < 32; k++)
        printf("%02x", d[k]);
    printf("\n");
    free(m);
}

/* ---- strings ---- */
static void test_strings(void)
{
    char s[] = "the quick brown fox jumps over the lazy dog";
    int words = 0;
    for (char *t = strtok(s, " "); t; t = strtok(NULL, " "))
        words++;
    printf("strtok words=%d\n", words);
    char m[32] = "0123456789abcdefghij";
    memmove(m + 3, m, 10);
    printf("memmove=[%s]\n", m);
    printf("strstr=[%s] strchr=[%s] strrchr=[%s] strspn=%zu strcspn=%zu\n",
           strstr("haystack needle hay", "needle"), strchr("a.b.c", '.'),
           strrchr("a.b.c", '.'), strspn("aaab", "a"), strcspn("abc;d", ";"));
    char up[16];
    const char *src = "MiXeD 123";
    for (int i = 0;; i++) {
        up[i] = (char)toupper((unsigned char)src[i]);
        if (!src[i])
            break;
    }
    printf("toupper=[%s] cmp=%d ncmp=%d casecmp=%d\n", up,
           strcmp("abc", "abd") < 0, strncmp("abcx", "abcy", 3),
           strcasecmp("HeLLo", "hello"));
}

static int vsum(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, int);
    va_end(ap);
    return s;
}

int main(void)
{
    test_sort();
    test_heap();
    test_printf();
    test_parse();
    test_math();
    test_longjmp();
    printf("ack(2,3)=%u ack(3,5)=%u fib(25)=%" PRIu64 "\n", ack(2, 3), ack(3, 5),
           fib(25));
    test_hash();
    test_sha();
    test_strings();
    printf("varargs=%d\n", vsum(5, 1, 2, 3, 4, 5));
    return 0;
}
