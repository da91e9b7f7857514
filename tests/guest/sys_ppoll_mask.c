/* The signal-mask arguments of ppoll and pselect: a signal blocked by the
 * caller but pending, and unblocked by the call's mask, interrupts the call
 * at once (EINTR, the handler runs), and the caller's mask is back
 * afterwards.  Without a mask argument the call does not see it. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

static volatile sig_atomic_t hits, blocked_in_handler;

static void on_usr1(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	blocked_in_handler = sigismember(&cur, SIGUSR2);
	hits = hits + (sig == SIGUSR1);
}

static const char *yesno(int c)
{
	return c ? "yes" : "no";
}

static int usr1_blocked(void)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, SIGUSR1);
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	sigset_t block, during;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	/* during the calls: SIGUSR1 open, SIGUSR2 blocked */
	sigemptyset(&during);
	sigaddset(&during, SIGUSR2);
	int fd[2];
	pipe(fd);
	struct pollfd p = {fd[0], POLLIN, 0};
	struct timespec zero = {0, 0}, long_wait = {30, 0};

	raise(SIGUSR1);
	int r = ppoll(&p, 1, &zero, NULL);
	printf("ppoll without mask: %d, handler ran: %s\n", r,
	       yesno(hits != 0));
	r = ppoll(&p, 1, &long_wait, &during);
	printf("ppoll with mask: %d %s, handler ran: %s, with the call's "
	       "mask: %s, SIGUSR1 blocked after: %s\n",
	       r, r < 0 && errno == EINTR ? "EINTR" : "?", yesno(hits == 1),
	       yesno(blocked_in_handler), yesno(usr1_blocked()));

	hits = 0;
	raise(SIGUSR1);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(fd[0], &rd);
	r = pselect(fd[0] + 1, &rd, NULL, NULL, &long_wait, &during);
	printf("pselect with mask: %d %s, handler ran: %s, SIGUSR1 blocked "
	       "after: %s\n",
	       r, r < 0 && errno == EINTR ? "EINTR" : "?", yesno(hits == 1),
	       yesno(usr1_blocked()));

	write(fd[1], "x", 1);
	r = ppoll(&p, 1, &long_wait, &during);
	printf("ppoll with data and mask: %d, revents POLLIN: %s\n", r,
	       yesno(p.revents & POLLIN));
	return 0;
}
