/* Loads and stores of every width, sign- and zero-extending, atomics and a
 * signal handler: a C guest for execlog_consistency.py and the other
 * plugins.  Prints a checksum (same under qemu-riscv64). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

static volatile int8_t b[64];
static volatile int16_t h[64];
static volatile int32_t w[64];
static volatile int64_t d[64];
static volatile uint32_t uw[64];
static volatile int got;

static void handler(int sig) { got += sig; }

int main(void)
{
    int64_t sum = 0;
    for (int i = 0; i < 64; i++) {
        b[i] = (int8_t)(i * 37 - 100);
        h[i] = (int16_t)(i * 1021 - 30000);
        w[i] = (int32_t)((uint32_t)i * 123456789u);
        d[i] = (int64_t)i * -987654321987LL;
        uw[i] = 0xfffffff0u + (uint32_t)i;
    }
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 64; i++)
            sum += b[i] + h[i] + w[i] + d[i] + uw[i] + (uint8_t)b[i] + (uint16_t)h[i];
    int64_t a = 5;
    for (int i = 0; i < 10; i++) {
        __atomic_fetch_add(&a, i, __ATOMIC_SEQ_CST);
        int64_t e = a;
        __atomic_compare_exchange_n(&a, &e, e * 3, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    signal(SIGUSR1, handler);
    raise(SIGUSR1);
    printf("sum %lld atomic %lld signal %d\n", (long long)sum, (long long)a, got);
    return 0;
}
