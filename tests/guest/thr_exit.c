// cflags: -pthread
/* exit() from a thread other than main ends the whole process (exit_group)
 * with that thread's status while every other thread is busy: main blocked
 * in pthread_join, one thread in pthread_cond_wait (futex), one in read()
 * on a pipe nobody writes, one in nanosleep, one spinning with no system
 * call.  atexit handlers run in the exiting thread and stdio is flushed.
 * Expected: status 42, and nothing printed by the blocked threads. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static pthread_barrier_t bar; /* 4 blocking threads + the exiter */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int pipefd[2];
static volatile int never;
static pthread_t exiter;

static void *in_cond(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	pthread_barrier_wait(&bar);
	for (;;)
		pthread_cond_wait(&cv, &mu);
}

static void *in_read(void *arg)
{
	char c;
	(void)arg;
	pthread_barrier_wait(&bar);
	ssize_t n = read(pipefd[0], &c, 1);
	printf("read returned %zd (must not happen)\n", n);
	return NULL;
}

static void *in_sleep(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&bar);
	struct timespec ts = {1000, 0};
	nanosleep(&ts, NULL);
	printf("sleep returned (must not happen)\n");
	return NULL;
}

static void *spinning(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&bar);
	while (!never)
		;
	printf("spin ended (must not happen)\n");
	return NULL;
}

static void bye(void)
{
	printf("atexit handler in the exiting thread: %s\n",
	       pthread_equal(pthread_self(), exiter) ? "yes" : "no");
}

static void *exit_now(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&bar);
	printf("exiter: calling exit(42)\n");
	exit(42);
}

int main(void)
{
	pthread_t t[4];
	pipe(pipefd);
	atexit(bye);
	pthread_barrier_init(&bar, NULL, 5);
	printf("main: starting threads\n");
	pthread_create(&t[0], NULL, in_cond, NULL);
	pthread_create(&t[1], NULL, in_read, NULL);
	pthread_create(&t[2], NULL, in_sleep, NULL);
	pthread_create(&t[3], NULL, spinning, NULL);
	pthread_create(&exiter, NULL, exit_now, NULL);
	pthread_join(t[0], NULL);
	printf("main: join returned (must not happen)\n");
	return 0;
}
