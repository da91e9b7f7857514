/* Signals from outside the process reach guest handlers: they arrive at the
 * emulator as host signals (a timer's SIGALRM, a child's kill, SIGCHLD).
 *   A. SIGALRM without SA_RESTART interrupts a blocking read: EINTR;
 *   B. with SA_RESTART the read goes on and gets the child's byte;
 *   C. kill() from a child: si_code SI_USER and si_pid the child's;
 *   D. SIGCHLD handler: CLD_EXITED with the child's status;
 *   E. a blocked signal from a child waits for sigwaitinfo;
 *   F. SIGCHLD ignored: children are reaped, wait gives ECHILD.
 * Every wait is for an event, never a time, so the output is fixed. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_code, last_pid, last_status;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	hits = hits + 1;
	last_code = si->si_code;
	last_pid = si->si_pid;
	last_status = si->si_status;
}

static volatile pid_t child;
static void on_alarm_kick(int sig)
{
	(void)sig;
	hits = hits + 1;
	kill(child, SIGUSR1);
}

static void handle(int sig, int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void alarm_in_ms(int ms)
{
	struct itimerval it = {{0, 0}, {0, ms * 1000}};
	setitimer(ITIMER_REAL, &it, NULL);
}

static const char *yesno(int c)
{
	return c ? "yes" : "no";
}

int main(void)
{
	int fd[2];
	char c;

	/* A */
	handle(SIGALRM, 0);
	pipe(fd);
	hits = 0;
	alarm_in_ms(20);
	ssize_t n = read(fd[0], &c, 1);
	printf("A read: %zd %s, handler ran: %s\n", n,
	       n < 0 && errno == EINTR ? "EINTR" : "?", yesno(hits == 1));

	/* B: the handler tells the child to write; the read, restarted after
	 * the handler, gets the byte */
	struct sigaction kick;
	memset(&kick, 0, sizeof(kick));
	kick.sa_handler = on_alarm_kick;
	kick.sa_flags = SA_RESTART;
	sigemptyset(&kick.sa_mask);
	sigaction(SIGALRM, &kick, NULL);
	hits = 0;
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	pid_t pid = fork();
	if (pid == 0) {
		int sig;
		sigwait(&usr1, &sig);
		write(fd[1], "x", 1);
		_exit(0);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	child = pid;
	alarm_in_ms(20);
	n = read(fd[0], &c, 1);
	waitpid(pid, NULL, 0);
	printf("B read across an SA_RESTART handler: %zd '%c', handler ran: "
	       "%s\n",
	       n, n == 1 ? c : '?', yesno(hits == 1));

	/* C */
	handle(SIGUSR1, 0);
	hits = 0;
	sigprocmask(SIG_BLOCK, &usr1, &old);
	pid = fork();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigsuspend(&old); /* returns after the handler */
	sigprocmask(SIG_SETMASK, &old, NULL);
	waitpid(pid, NULL, 0);
	printf("C kill from child: handler ran: %s, SI_USER: %s, si_pid is "
	       "the child: %s\n",
	       yesno(hits == 1), yesno(last_code == SI_USER),
	       yesno(last_pid == pid));

	/* D */
	handle(SIGCHLD, SA_RESTART);
	hits = 0;
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	pid = fork();
	if (pid == 0)
		_exit(7);
	sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	int st;
	waitpid(pid, &st, 0);
	printf("D SIGCHLD: handler ran: %s, CLD_EXITED: %s, status %d, pid "
	       "matches: %s\n",
	       yesno(hits == 1), yesno(last_code == CLD_EXITED),
	       (int)last_status, yesno(last_pid == pid));
	signal(SIGCHLD, SIG_DFL);

	/* E */
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	pid = fork();
	if (pid == 0) {
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	siginfo_t si;
	int got = sigwaitinfo(&usr2, &si);
	waitpid(pid, NULL, 0);
	printf("E sigwaitinfo: SIGUSR2: %s, from the child: %s\n",
	       yesno(got == SIGUSR2), yesno(si.si_pid == pid));

	/* F */
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	int r = wait(NULL);
	printf("F SIGCHLD ignored: wait %d %s\n", r,
	       r < 0 && errno == ECHILD ? "ECHILD" : "?");
	return 0;
}
