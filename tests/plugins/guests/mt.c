// cflags: -pthread
/*
 * Several vCPUs at once, for tests/plugins/mt.c (docs/testing-plugins.md,
 * section 11).
 *
 *   mt [W [BASE [STEP [NMAIN]]]]     (defaults 4 20000 10000 5000)
 *
 * main starts W worker threads one after another; worker k (k = 0..W-1;
 * loupe gives it vCPU k + 1, as nobody exits before all are started) runs
 *
 *   mt_loop(n_k)                     n_k = BASE + STEP * k, while later
 *                                    workers are still being created
 *   barrier all_alive                the W + 1 threads are all alive
 *   syscall(500, k, MT_MAGIC)        unknown to Linux: -ENOSYS; one worker
 *                                    after the other, in order of k
 *   barrier go
 *   mt_loop(n_k)                     every worker and main at once
 *   worker 0 sets a flag; the others wait for it (sched_yield), so no
 *   worker exits before worker 0 is done with its second loop
 *
 * and main, after the two barriers, runs mt_loop(NMAIN), joins the workers
 * and prints the sums (only main prints, after the joins, so the output
 * does not depend on scheduling); exit status 3.
 *
 * mt_loop(n) (assembly, so its size is known) returns n + (n-1) + ... + 1
 * in 3n + 3 instructions: li, n x (add, addi, bnez), mv, ret.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MT_MAGIC 0x4d54
#define MAX_W 64

long mt_loop(long n);
__asm__(".text\n"
	".globl mt_loop\n"
	".type mt_loop, @function\n"
	".p2align 2\n"
	"mt_loop:\n"
	"	li a1, 0\n"
	"1:	add a1, a1, a0\n"
	"	addi a0, a0, -1\n"
	"	bnez a0, 1b\n"
	"	mv a0, a1\n"
	"	ret\n"
	".size mt_loop, . - mt_loop\n");

static pthread_barrier_t all_alive, go;
static long n_of[MAX_W], result[MAX_W][2];
static long turn;
static int worker0_done;

static void *worker(void *arg)
{
	long k = (long)arg;
	result[k][0] = mt_loop(n_of[k]);
	pthread_barrier_wait(&all_alive);
	while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != k)
		sched_yield();
	syscall(500, k, MT_MAGIC);
	__atomic_store_n(&turn, k + 1, __ATOMIC_RELEASE);
	pthread_barrier_wait(&go);
	result[k][1] = mt_loop(n_of[k]);
	if (k == 0)
		__atomic_store_n(&worker0_done, 1, __ATOMIC_RELEASE);
	else
		while (!__atomic_load_n(&worker0_done, __ATOMIC_ACQUIRE))
			sched_yield();
	return NULL;
}

int main(int argc, char **argv)
{
	int w = argc > 1 ? atoi(argv[1]) : 4;
	long base = argc > 2 ? atol(argv[2]) : 20000;
	long step = argc > 3 ? atol(argv[3]) : 10000;
	long nmain = argc > 4 ? atol(argv[4]) : 5000;
	if (w < 1 || w > MAX_W || base < 1 || step < 0 || nmain < 1) {
		fprintf(stderr, "usage: mt [W [BASE [STEP [NMAIN]]]]\n");
		return 2;
	}
	pthread_t t[MAX_W];
	pthread_barrier_init(&all_alive, NULL, (unsigned)w + 1);
	pthread_barrier_init(&go, NULL, (unsigned)w + 1);
	for (long k = 0; k < w; k++) {
		n_of[k] = base + step * k;
		if (pthread_create(&t[k], NULL, worker, (void *)k)) {
			fprintf(stderr, "pthread_create failed\n");
			return 2;
		}
	}
	pthread_barrier_wait(&all_alive);
	pthread_barrier_wait(&go);
	long r = mt_loop(nmain);
	for (int k = 0; k < w; k++)
		pthread_join(t[k], NULL);
	printf("main: n=%ld sum=%ld\n", nmain, r);
	for (int k = 0; k < w; k++)
		printf("worker %d: n=%ld sums=%ld,%ld\n", k, n_of[k],
		       result[k][0], result[k][1]);
	return 3;
}
