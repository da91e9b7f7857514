// cflags: -pthread
/* Faults in threads.
 * 1. A thread with its own sigaltstack (alternate stacks are per thread)
 *    writes to address 0x10: the SIGSEGV handler runs in that thread, on
 *    that thread's alternate stack, with si_addr 0x10 and SEGV_MAPERR, and
 *    siglongjmps back (the jump buffer is thread-local).  Main's own
 *    sigaltstack stays disabled.
 * 2. With SIGSEGV back to SIG_DFL, a thread writes to address 0x20 while
 *    main waits in pthread_join and another thread in pthread_cond_wait:
 *    the whole process dies of SIGSEGV (status 139); nothing after it
 *    prints. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static __thread sigjmp_buf jb;
static pthread_t ran_self;
static void *fault_addr;
static int fault_code, on_alt;
static char *alt_lo, *alt_hi;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	char here;
	(void)sig, (void)uc;
	ran_self = pthread_self();
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	on_alt = &here >= alt_lo && &here < alt_hi;
	siglongjmp(jb, 1);
}

static void *bad_ptr(uintptr_t a)
{
	void *p = (void *)a;
	/* hide the constant from the compiler */
	__asm__ volatile("" : "+r"(p));
	return p;
}

static void *faulter(void *arg)
{
	(void)arg;
	stack_t ss = {.ss_sp = malloc(SIGSTKSZ * 4),
		      .ss_size = SIGSTKSZ * 4,
		      .ss_flags = 0};
	alt_lo = ss.ss_sp;
	alt_hi = alt_lo + ss.ss_size;
	sigaltstack(&ss, NULL);
	if (sigsetjmp(jb, 1) == 0) {
		*(volatile int *)bad_ptr(0x10) = 1;
		return (void *)1; /* no fault: wrong */
	}
	return (void *)2;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	for (;;)
		pthread_cond_wait(&cv, &mu);
}

static void *crasher(void *arg)
{
	(void)arg;
	*(volatile int *)bad_ptr(0x20) = 1;
	printf("crasher survived (must not happen)\n");
	return NULL;
}

int main(void)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);

	pthread_t t;
	void *ret;
	pthread_create(&t, NULL, faulter, NULL);
	pthread_join(t, &ret);
	stack_t mine;
	sigaltstack(NULL, &mine);
	printf("1: returned %ld, handler in the faulting thread: %s, on its "
	       "sigaltstack: %s\n",
	       (long)ret, pthread_equal(ran_self, t) ? "yes" : "no",
	       on_alt ? "yes" : "no");
	printf(
	    "1: si_addr %p, SEGV_MAPERR: %s, main's sigaltstack disabled: %s\n",
	    fault_addr, fault_code == SEGV_MAPERR ? "yes" : "no",
	    mine.ss_flags == SS_DISABLE ? "yes" : "no");

	signal(SIGSEGV, SIG_DFL);
	printf("2: uncaught SIGSEGV in a thread\n");
	fflush(stdout);
	pthread_create(&t, NULL, waiter, NULL);
	pthread_create(&t, NULL, crasher, NULL);
	pthread_join(t, NULL);
	printf("main: join returned (must not happen)\n");
	return 0;
}
