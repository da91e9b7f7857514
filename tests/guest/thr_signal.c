// cflags: -pthread
/* Signals between threads.  The SIGUSR1 handler records which thread ran it
 * (pthread_self and gettid); every case makes the outcome independent of
 * timing (a signal sent early stays pending until the target can take it):
 *   A. pthread_kill (tgkill) to a thread spinning on a volatile flag with
 *      no system call: the emulator must interrupt running guest code;
 *   B. raw tgkill(getpid(), tid) to a thread blocked in pthread_cond_wait
 *      (futex): the handler runs there and the wait goes on afterwards;
 *   C. a thread signals main while main is blocked in pthread_join;
 *   D. a new thread inherits its creator's signal mask;
 *   E. a signal blocked in the target stays pending for that thread only
 *      (sigpending there shows it, main's does not), then sigwait takes it;
 *   F. kill(getpid()) (process-directed) while only one thread leaves the
 *      signal unblocked: that thread must run the handler.
 * Main prints after the joins. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t hits;
static pthread_t ran_self;
static pid_t ran_tid;
static void on_usr1(int sig)
{
	(void)sig;
	ran_self = pthread_self();
	ran_tid = gettid();
	hits = hits + 1;
}
static void reset(void)
{
	hits = 0, ran_tid = 0;
}

static sem_t ready;
static pid_t worker_tid;
static pthread_t main_thread;

static const char *yesno(int c)
{
	return c ? "yes" : "no";
}

/* A, F: spin until the handler ran (in any thread), no system calls */
static void *spinner(void *arg)
{
	(void)arg;
	worker_tid = gettid();
	sem_post(&ready);
	while (hits == 0)
		;
	return NULL;
}

/* B: wait on a condition variable until main sets `go` */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int go;
static void *cond_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	worker_tid = gettid();
	sem_post(&ready);
	while (!go)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* C: signal main, which is in pthread_join on us; wait for the handler */
static void *signal_main(void *arg)
{
	(void)arg;
	pthread_kill(main_thread, SIGUSR1);
	while (hits == 0)
		sched_yield();
	return NULL;
}

/* E: SIGUSR2 is blocked here (inherited from main) */
static int e_pending_here, e_sig;
static void *pending_waiter(void *arg)
{
	(void)arg;
	sem_wait(&ready); /* main has sent SIGUSR2 to us */
	sigset_t p, w;
	sigpending(&p);
	e_pending_here = sigismember(&p, SIGUSR2);
	sigemptyset(&w);
	sigaddset(&w, SIGUSR2);
	sigwait(&w, &e_sig);
	return NULL;
}

/* D */
static int d_usr2_blocked, d_usr1_blocked;
static void *mask_reader(void *arg)
{
	(void)arg;
	sigset_t cur;
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	d_usr2_blocked = sigismember(&cur, SIGUSR2);
	d_usr1_blocked = sigismember(&cur, SIGUSR1);
	return NULL;
}

int main(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sem_init(&ready, 0, 0);
	main_thread = pthread_self();
	pthread_t t;

	/* A */
	reset();
	pthread_create(&t, NULL, spinner, NULL);
	sem_wait(&ready);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	printf("A spinning thread: handler ran there: %s, once: %s\n",
	       yesno(pthread_equal(ran_self, t) && ran_tid == worker_tid),
	       yesno(hits == 1));

	/* B */
	reset();
	pthread_create(&t, NULL, cond_waiter, NULL);
	sem_wait(&ready);
	/* succeeds once the waiter is inside cond_wait */
	pthread_mutex_lock(&mu);
	pthread_mutex_unlock(&mu);
	syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1);
	while (hits == 0)
		sched_yield();
	pthread_mutex_lock(&mu);
	go = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(t, NULL);
	printf("B thread in cond_wait: handler ran there: %s, once: %s\n",
	       yesno(pthread_equal(ran_self, t) && ran_tid == worker_tid),
	       yesno(hits == 1));

	/* C */
	reset();
	pthread_create(&t, NULL, signal_main, NULL);
	pthread_join(t, NULL);
	printf(
	    "C main in pthread_join: handler ran in main: %s, once: %s\n",
	    yesno(pthread_equal(ran_self, main_thread) && ran_tid == getpid()),
	    yesno(hits == 1));

	/* D, E: block SIGUSR2 in main before creating, so threads inherit it */
	sigset_t s2, p;
	sigemptyset(&s2);
	sigaddset(&s2, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s2, NULL);
	pthread_create(&t, NULL, mask_reader, NULL);
	pthread_join(t, NULL);
	printf("D new thread inherits the mask: SIGUSR2 blocked %s, SIGUSR1 "
	       "blocked %s\n",
	       yesno(d_usr2_blocked), yesno(d_usr1_blocked));
	pthread_create(&t, NULL, pending_waiter, NULL);
	pthread_kill(t, SIGUSR2);
	sigpending(&p);
	int main_sees = sigismember(&p, SIGUSR2);
	sem_post(&ready);
	pthread_join(t, NULL);
	printf("E pending in the target: %s, in main: %s, sigwait got SIGUSR2: "
	       "%s\n",
	       yesno(e_pending_here), yesno(main_sees),
	       yesno(e_sig == SIGUSR2));

	/* F: main blocks SIGUSR1, the spinner (created before) does not */
	reset();
	pthread_create(&t, NULL, spinner, NULL);
	sem_wait(&ready);
	sigset_t s1;
	sigemptyset(&s1);
	sigaddset(&s1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s1, NULL);
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	sigpending(&p);
	printf("F kill(getpid()): handler ran in the unblocked thread: %s, "
	       "once: %s, left pending: %s\n",
	       yesno(pthread_equal(ran_self, t) && ran_tid == worker_tid),
	       yesno(hits == 1), yesno(sigismember(&p, SIGUSR1)));
	return 0;
}
