// cflags: -pthread
/* 16 threads hammer shared counters at the same time; every total must come
 * out exact, which needs real atomicity between vCPUs:
 *   AMOs: __atomic_fetch_add/or/xor on int and long compile to amoadd.w/d,
 *         amoor.w, amoxor.d; amomax.w/amominu.d through inline asm;
 *         amoswap.w.aq as a spinlock (__atomic_exchange_n);
 *   LR/SC: __atomic_compare_exchange_n on long and int compiles to
 *         lr.d/sc.d and lr.w/sc.w loops; on short (and fetch_add on char)
 *         to calls of libgcc's __atomic_compare_exchange_2 and
 *         __atomic_fetch_add_1, masked lr.d/sc.d loops on the containing
 *         doubleword, so neighbouring bytes must survive; plus an explicit
 *         lr.d.aq/sc.d.rl increment loop in inline asm;
 *   futex: a pthread_mutex around a plain increment.
 * Threads start together behind a barrier; main prints after the joins. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define NT 16
#define ITER 3000

static int amo_w;
static long amo_d;
static unsigned or_bits;
static unsigned long xor_bits;
static int max_w = -1000000;
static unsigned long min_du = ~0ul;
static long cas_d;
/* one doubleword shared by the lr.w/sc.w loop (w) and the masked lr.d/sc.d
 * loops (h, b); `keep` is never written and must stay 0x5a */
static struct {
	unsigned short h;
	unsigned char b; /* wraps: checked modulo 256 */
	unsigned char keep;
	int w;
} dw __attribute__((aligned(8))) = {0, 0, 0x5a, 0};
static long lrsc_d;
static int spin;
static long spin_count;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long mutex_count;
static pthread_barrier_t start;

static void *worker(void *arg)
{
	long id = (long)arg;
	long mine = 0;
	pthread_barrier_wait(&start);
	__atomic_fetch_or(&or_bits, 1u << id, __ATOMIC_RELAXED);
	/* an odd number of xors of bit id: set at the end */
	__atomic_fetch_xor(&xor_bits, 1ul << id, __ATOMIC_RELAXED);
	for (long k = 0; k < ITER; k++) {
		__atomic_fetch_add(&amo_w, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&amo_d, id + 1, __ATOMIC_SEQ_CST);
		/* ITER is even: no effect in the end */
		__atomic_fetch_xor(&xor_bits, 3ul << (2 * id),
				   __ATOMIC_RELAXED);

		int v = (int)(id * ITER + k), oldw;
		__asm__ volatile("amomax.w %0, %2, %1"
				 : "=r"(oldw), "+A"(max_w)
				 : "r"(v)
				 : "memory");
		unsigned long u = 1000 + (unsigned long)(id * 7 + k) % 5000,
			      oldd;
		__asm__ volatile("amominu.d %0, %2, %1"
				 : "=r"(oldd), "+A"(min_du)
				 : "r"(u)
				 : "memory");

		long od = __atomic_load_n(&cas_d, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(
		    &cas_d, &od, od + 2, 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			;
		int ow = __atomic_load_n(&dw.w, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(
		    &dw.w, &ow, ow + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			;
		unsigned short oh = __atomic_load_n(&dw.h, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(
		    &dw.h, &oh, (unsigned short)(oh + 1), 0, __ATOMIC_SEQ_CST,
		    __ATOMIC_RELAXED))
			;
		__atomic_fetch_add(&dw.b, 1, __ATOMIC_RELAXED);

		long tmp, fail;
		__asm__ volatile("1: lr.d.aq %0, %2\n"
				 "   addi %0, %0, 1\n"
				 "   sc.d.rl %1, %0, %2\n"
				 "   bnez %1, 1b"
				 : "=&r"(tmp), "=&r"(fail), "+A"(lrsc_d)
				 :
				 : "memory");

		/* yield while waiting: the holder may be descheduled (16
		 * threads on few CPUs) */
		while (__atomic_exchange_n(&spin, 1, __ATOMIC_ACQUIRE))
			while (__atomic_load_n(&spin, __ATOMIC_RELAXED))
				sched_yield();
		spin_count++;
		__atomic_store_n(&spin, 0, __ATOMIC_RELEASE);

		pthread_mutex_lock(&mu);
		mutex_count++;
		pthread_mutex_unlock(&mu);
		mine++;
	}
	return (void *)mine;
}

int main(void)
{
	pthread_t t[NT];
	pthread_barrier_init(&start, NULL, NT);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	long returned = 0;
	for (int i = 0; i < NT; i++) {
		void *r;
		pthread_join(t[i], &r);
		returned += (long)r;
	}
	printf("returned    %ld\n", returned);
	printf("amoadd.w    %d\n", amo_w);
	printf("amoadd.d    %ld\n", amo_d);
	printf("amoor.w     %#x\n", or_bits);
	printf("amoxor.d    %#lx\n", xor_bits);
	printf("amomax.w    %d\n", max_w);
	printf("amominu.d   %lu\n", min_du);
	printf("cas long    %ld\n", cas_d);
	printf("cas int     %d\n", dw.w);
	printf("cas short   %d\n", dw.h);
	printf("add char    %d\n", dw.b);
	printf("untouched   %#x\n", dw.keep);
	printf("lr.d/sc.d   %ld\n", lrsc_d);
	printf("amoswap     %ld\n", spin_count);
	printf("mutex       %ld\n", mutex_count);
	return 0;
}
