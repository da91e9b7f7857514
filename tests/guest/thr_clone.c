/* clone() for a thread, called directly (glibc's clone wrapper, no
 * pthreads), to check each flag's effect without glibc's bookkeeping:
 *   CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM (the set QEMU and glibc use),
 *   CLONE_PARENT_SETTID  the tid is stored at ptid before clone returns,
 *   CLONE_CHILD_SETTID   the tid is stored at ctid in the child's memory,
 *   CLONE_CHILD_CLEARTID ctid is zeroed and a FUTEX_WAKE sent on it when
 *                        the child exits (the parent sleeps in FUTEX_WAIT),
 *   CLONE_SETTLS         the child's tp is the given value,
 * and: clone returns the child's tid, the child runs on the given stack,
 * shares memory, has getpid() == the parent's, and its exit (SYS_exit, from
 * the wrapper when fn returns) ends only itself.  The child touches no TLS
 * (its tp is a dummy) and makes raw system calls only; the parent prints
 * after it is gone.  Done twice to see a second thread start after one
 * ended. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char stack[64 * 1024] __attribute__((aligned(16)));
static long fake_tls[4] __attribute__((aligned(16)));

static volatile int ctid = -1, ptid = -1; /* -1: not written yet */
static struct {
	long tid, pid, ctid_at_start, tp, on_stack, arg;
} seen;

static long raw0(long n)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0");
	__asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return a0;
}

static int child(void *arg)
{
	char local;
	long tp;
	__asm__ volatile("mv %0, tp" : "=r"(tp));
	seen.tp = tp;
	seen.ctid_at_start = ctid;
	seen.tid = raw0(SYS_gettid);
	seen.pid = raw0(SYS_getpid);
	seen.on_stack = &local >= stack && &local < stack + sizeof stack;
	seen.arg = (long)arg;
	return 0; /* the wrapper then calls SYS_exit */
}

static void one(int round)
{
	const int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
			  CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
			  CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
			  CLONE_SETTLS;
	ctid = ptid = -1;
	int ret = clone(child, stack + sizeof stack, flags,
			(void *)(long)(100 + round), (int *)&ptid, fake_tls,
			(int *)&ctid);
	int ptid_now = ptid;
	int v;
	/* ctid is -1 or the tid: sleep until the child's exit clears it */
	while ((v = ctid) != 0)
		syscall(SYS_futex, &ctid, FUTEX_WAIT, v, NULL, NULL, 0);
	printf("round %d: clone returned a tid: %s, not ours: %s\n", round,
	       ret > 0 ? "yes" : "no", ret != gettid() ? "yes" : "no");
	printf("round %d: ptid set before clone returned: %s\n", round,
	       ptid_now == ret ? "yes" : "no");
	printf("round %d: child saw ctid == its tid: %s, gettid == clone's "
	       "result: %s\n",
	       round, seen.ctid_at_start == ret ? "yes" : "no",
	       seen.tid == ret ? "yes" : "no");
	printf("round %d: getpid shared: %s, tp from CLONE_SETTLS: %s, on "
	       "given stack: %s, arg %ld\n",
	       round, seen.pid == getpid() ? "yes" : "no",
	       seen.tp == (long)fake_tls ? "yes" : "no",
	       seen.on_stack ? "yes" : "no", seen.arg);
	printf("round %d: ctid cleared at exit: %s\n", round,
	       ctid == 0 ? "yes" : "no");
}

int main(void)
{
	one(1);
	one(2);
	printf("parent still here, tid == pid: %s\n",
	       gettid() == getpid() ? "yes" : "no");
	return 0;
}
