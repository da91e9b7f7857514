// cflags: -pthread
/* Translation flushes while other threads run.  One thread rewrites code in
 * an executable page and runs it after fence.i (each fence.i flushes every
 * translation, which must wait until the other threads are between blocks),
 * and maps/unmaps executable pages; meanwhile worker threads run compute
 * loops and create short-lived threads of their own (vCPUs come and go
 * during flushes).  Everything printed is computed, not timed. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#define WORKERS 4
#define ROUNDS 2000

typedef uint64_t (*fn_t)(uint64_t);

static uint32_t li_a0(int imm)
{
	return ((uint32_t)(imm & 0xfff) << 20) | 0x513; /* addi a0,zero,imm */
}
#define RET 0x00008067u

static volatile int stop;
static int bad_children;
static uint64_t results[WORKERS];

static void *short_lived(void *arg)
{
	uint64_t *p = arg, s = 0;
	for (int i = 0; i < 1000; i++)
		s += (uint64_t)i * i;
	*p = s;
	return NULL;
}

static void *worker(void *arg)
{
	long id = (long)arg;
	uint64_t x = (uint64_t)id + 1, acc = 0;
	int rounds = 0;
	while (!stop || rounds < 50) {
		for (int i = 0; i < 2000; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			acc += x & 0xff;
		}
		if (rounds % 10 == 0) {
			pthread_t t;
			uint64_t r;
			pthread_create(&t, NULL, short_lived, &r);
			pthread_join(t, NULL);
			if (r != 332833500) /* the sum of i*i below 1000 */
				__atomic_fetch_add(&bad_children, 1,
						   __ATOMIC_RELAXED);
		}
		rounds++;
	}
	/* How many rounds ran depends on timing: recompute 50 to print. */
	x = (uint64_t)id + 1;
	acc = 0;
	for (int r = 0; r < 50; r++)
		for (int i = 0; i < 2000; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			acc += x & 0xff;
		}
	results[id] = acc;
	return NULL;
}

int main(void)
{
	pthread_t t[WORKERS];
	for (long i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);

	uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t sum = 0;
	int wrong = 0;
	for (int r = 0; r < ROUNDS; r++) {
		code[0] = li_a0(r);
		code[1] = RET;
		__asm__ volatile("fence.i" ::: "memory");
		uint64_t v = ((fn_t)code)(0);
		wrong += v != (uint64_t)r;
		sum += v;
		if (r % 50 == 0) {
			/* a fresh executable page, run, unmapped */
			uint32_t *p =
			    mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			p[0] = li_a0(7);
			p[1] = RET;
			__asm__ volatile("fence.i" ::: "memory");
			wrong += ((fn_t)p)(0) != 7;
			munmap(p, 4096);
		}
	}
	stop = 1;
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	printf("generated code: %d rounds, sum %llu, wrong %d\n", ROUNDS,
	       (unsigned long long)sum, wrong);
	printf("short-lived threads with a wrong result: %d\n", bad_children);
	for (int i = 0; i < WORKERS; i++)
		printf("worker %d: %llu\n", i, (unsigned long long)results[i]);
	return 0;
}
