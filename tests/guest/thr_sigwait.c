// cflags: -pthread
/* Signals from another process to a multi-threaded one, the way servers
 * handle them: every thread blocks SIGUSR1 and SIGTERM and one thread
 * takes them with sigwaitinfo, while workers keep computing.  Then a signal
 * that every thread blocks stays pending for the process until the main
 * thread unblocks it, and its handler runs there.  The signals come from a
 * child process (kill), so they arrive from outside. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;
static volatile sig_atomic_t usr2_in_main;
static pthread_t main_thread;

static void *worker(void *arg)
{
	volatile unsigned long x = (unsigned long)arg;
	while (!stop)
		x = x * 6364136223846793005ul + 1;
	return NULL;
}

static int got[2], from_child[2];
static pid_t child;

static void *signal_thread(void *arg)
{
	sigset_t *set = arg;
	for (int i = 0; i < 2; i++) {
		siginfo_t si;
		got[i] = sigwaitinfo(set, &si);
		from_child[i] = si.si_pid == child;
	}
	return NULL;
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2_in_main = pthread_equal(pthread_self(), main_thread);
}

int main(void)
{
	main_thread = pthread_self();
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* inherited by every thread */
	signal(SIGUSR2, on_usr2);
	sigdelset(&set, SIGUSR2);

	pthread_t w[3], st;
	for (long i = 0; i < 3; i++)
		pthread_create(&w[i], NULL, worker, (void *)i);
	/* the child waits until the signal thread exists */
	int go[2];
	pipe(go);
	child = fork();
	if (child == 0) {
		char c;
		read(go[0], &c, 1);
		kill(getppid(), SIGUSR1);
		usleep(20000);
		kill(getppid(), SIGTERM);
		usleep(20000);
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	pthread_create(&st, NULL, signal_thread, &set);
	write(go[1], "g", 1);
	pthread_join(st, NULL);
	int status;
	waitpid(child, &status, 0); /* SIGUSR2 was sent before it exited */
	sigset_t pend;
	sigpending(&pend);
	int pending_before = sigismember(&pend, SIGUSR2);
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);
	stop = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(w[i], NULL);
	printf("sigwaitinfo got %s then %s, both from the child: %s\n",
	       got[0] == SIGUSR1 ? "SIGUSR1" : "?",
	       got[1] == SIGTERM ? "SIGTERM" : "?",
	       from_child[0] && from_child[1] ? "yes" : "no");
	printf("SIGUSR2 pending while all threads block it: %s, handler ran "
	       "in main once unblocked: %s\n",
	       pending_before ? "yes" : "no", usr2_in_main ? "yes" : "no");
	return 0;
}
