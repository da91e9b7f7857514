/* C version of jit_fault_regs: a loop keeps 24 integer and 8 double
 * values live across faulting accesses (volatile loads and stores through
 * unmapped, read-only and far pointers, whose results are not used) placed
 * between the updates; a SIGSEGV handler skips the faulting instruction.
 * Whatever the compiler keeps in registers across a fault must survive
 * it, so the values printed at the end equal those of a run without
 * faults (the same numbers are also computed again without faults and
 * compared).  Expected output: qemu-riscv64. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int faults;
static const char ro[64] = "read-only";

static void handler(int sig, siginfo_t *si, void *uc_)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = uc_;
	uint16_t lo;
	memcpy(&lo, (const void *)uc->uc_mcontext.__gregs[0], 2);
	uc->uc_mcontext.__gregs[0] += (lo & 3) == 3 ? 4 : 2;
	faults++;
}

#define N 24
static uint64_t run(int fault, uint64_t seed, double *dsum)
{
	volatile uint8_t *bad[4] = {(volatile uint8_t *)0x100,
				    (volatile uint8_t *)(uintptr_t)ro,
				    (volatile uint8_t *)(1ull << 39),
				    (volatile uint8_t *)0xdead00000000000ull};
	uint64_t v[N];
	double d[8];
	for (int i = 0; i < N; i++)
		v[i] = seed * (uint64_t)(i + 1) ^ ((uint64_t)i << 40);
	for (int i = 0; i < 8; i++)
		d[i] = (double)(seed % 1000) / (i + 3);
	for (int it = 0; it < 50; it++) {
		for (int i = 0; i < N; i++)
			v[i] = v[i] * 0x9e3779b97f4a7c15ull + v[(i + 7) % N];
		d[it % 8] = d[it % 8] * 1.0001 + d[(it + 3) % 8];
		if (fault)
			(void)*bad[it % 4];
		for (int i = 0; i < N; i += 2)
			v[i] ^= v[i + 1] >> (i + 1);
		if (fault && it % 3 == 0)
			*bad[(it + 1) % 4] = (uint8_t)v[3];
		d[(it + 5) % 8] -= d[it % 8] / 7.0;
	}
	uint64_t h = 0;
	for (int i = 0; i < N; i++)
		h = h * 31 + v[i];
	*dsum = 0;
	for (int i = 0; i < 8; i++)
		*dsum += d[i];
	return h;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	int bad = 0;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		double d1, d0;
		uint64_t h1 = run(1, seed * 0x12345, &d1);
		uint64_t h0 = run(0, seed * 0x12345, &d0);
		printf("seed %d: %016llx %.17g%s\n", (int)seed,
		       (unsigned long long)h1, d1,
		       h1 == h0 && d1 == d0 ? "" : " DIFFERS without faults");
		bad += h1 != h0 || d1 != d0;
	}
	printf("%d faults, %d mismatches\n", faults, bad);
	return bad;
}
