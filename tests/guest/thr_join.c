// cflags: -pthread
/* Thread creation, join and exit (clone with CLONE_VM, CLONE_PARENT_SETTID,
 * CLONE_CHILD_CLEARTID + futex wake on exit, which pthread_join waits on):
 * return values through return and pthread_exit, join in reverse order,
 * pthread_tryjoin_np polling (sees the kernel clear the tid without a futex
 * wait), a caller-supplied stack, detached threads, 200 short-lived threads
 * one after another, gettid/getpid, and at last main itself leaving with
 * pthread_exit while a thread that joins it ends the process (exit(0) from
 * glibc when the last thread exits).  Only main prints, after joins, so the
 * output does not depend on scheduling. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

#define N 16
static pid_t tids[N], pids[N];

static void *square(void *arg)
{
	long i = (long)arg;
	tids[i] = gettid();
	pids[i] = getpid();
	if (i % 2)
		pthread_exit((void *)(i * i + 1000)); /* odd: pthread_exit */
	return (void *)(i * i);			      /* even: return */
}

static void *plus_one(void *arg)
{
	return (void *)((long)arg + 1);
}

static char user_stack[256 * 1024] __attribute__((aligned(16)));
static void *on_user_stack(void *arg)
{
	char local;
	(void)arg;
	return (void *)(long)(&local > user_stack &&
			      &local < user_stack + sizeof user_stack);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static sem_t done;
static long detached_sum;
static void *detached(void *arg)
{
	pthread_mutex_lock(&mu);
	detached_sum += (long)arg;
	pthread_mutex_unlock(&mu);
	sem_post(&done);
	pthread_exit(NULL);
}

static pthread_t main_thread;
static void *last(void *arg)
{
	(void)arg;
	void *ret = (void *)1;
	/* main's tid word is cleared by the kernel too */
	int r = pthread_join(main_thread, &ret);
	printf("last thread: joined main: %d, value %ld\n", r, (long)ret);
	printf("last thread: getpid still the same: %s\n",
	       getpid() == pids[0] ? "yes" : "no");
	return NULL; /* the last thread to exit: the process exits with 0 */
}

int main(void)
{
	pthread_t t[N];
	printf("main: gettid == getpid: %s\n",
	       gettid() == getpid() ? "yes" : "no");

	for (long i = 0; i < N; i++)
		if (pthread_create(&t[i], NULL, square, (void *)i) != 0)
			return 1;
	for (int i = N - 1; i >= 0; i--) {
		void *ret;
		int r = pthread_join(t[i], &ret);
		printf("join %2d: %d value %ld\n", i, r, (long)ret);
	}
	int distinct = 1, same_pid = 1;
	for (int i = 0; i < N; i++) {
		same_pid &= pids[i] == getpid();
		distinct &= tids[i] != getpid() && tids[i] > 0;
		for (int j = 0; j < i; j++)
			distinct &= tids[i] != tids[j];
	}
	printf("threads: getpid equal to main's: %s\n",
	       same_pid ? "yes" : "no");
	printf("threads: gettid distinct and not the pid: %s\n",
	       distinct ? "yes" : "no");

	/* tryjoin polls the tid word the kernel clears at thread exit */
	pthread_t p;
	void *ret = NULL;
	pthread_create(&p, NULL, plus_one, (void *)41);
	int r;
	while ((r = pthread_tryjoin_np(p, &ret)) == EBUSY)
		sched_yield();
	printf("tryjoin: %d value %ld\n", r, (long)ret);

	/* a stack given by the caller (clone's stack argument inside it) */
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstack(&attr, user_stack, sizeof user_stack);
	pthread_create(&p, &attr, on_user_stack, NULL);
	pthread_join(p, &ret);
	printf("user stack used: %s\n", ret ? "yes" : "no");
	pthread_attr_destroy(&attr);

	/* detached threads: created detached, or detached after creation */
	sem_init(&done, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (long i = 1; i <= 8; i++) {
		if (i % 2) {
			pthread_create(&p, &attr, detached, (void *)i);
		} else {
			pthread_create(&p, NULL, detached, (void *)i);
			pthread_detach(p);
		}
	}
	for (int i = 0; i < 8; i++)
		sem_wait(&done);
	printf("detached: sum %ld\n", detached_sum);
	pthread_attr_destroy(&attr);

	/* many short-lived threads, one at a time (thread exit, tid reuse) */
	long sum = 0;
	for (long i = 0; i < 200; i++) {
		if (pthread_create(&p, NULL, plus_one, (void *)i) != 0) {
			printf("create %ld failed\n", i);
			return 1;
		}
		pthread_join(p, &ret);
		sum += (long)ret;
	}
	printf("200 sequential threads: sum %ld\n", sum);

	/* main leaves first; the process lives on until `last` returns */
	main_thread = pthread_self();
	pthread_create(&p, NULL, last, NULL);
	printf("main: pthread_exit\n");
	pthread_exit((void *)7);
}
