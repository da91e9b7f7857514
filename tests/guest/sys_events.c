// cflags: -lrt
/* Event and timer descriptors: epoll (the 64-bit data field survives the
 * layout conversion, MOD/DEL, maxevents checks, epoll_pwait's mask),
 * timerfd (expiration count, gettime), a POSIX timer whose real-time
 * signal runs a handler, inotify (a file created in a watched directory),
 * splice and tee between pipes.  Waits are for events, never for a time. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timer_hits, timer_val;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	timer_hits = timer_hits + 1;
	timer_val = si->si_value.sival_int;
}

static void epoll_part(void)
{
	int p1[2], p2[2];
	pipe(p1);
	pipe(p2);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = {EPOLLIN, {.u64 = 0x1122334455667788ull}};
	epoll_ctl(ep, EPOLL_CTL_ADD, p1[0], &ev);
	ev.data.u64 = 0xdeadbeefcafef00dull;
	epoll_ctl(ep, EPOLL_CTL_ADD, p2[0], &ev);
	write(p1[1], "a", 1);
	write(p2[1], "b", 1);
	struct epoll_event out[4];
	memset(out, 0, sizeof(out));
	int n = epoll_wait(ep, out, 4, 1000);
	uint64_t seen = 0;
	for (int i = 0; i < n; i++)
		seen ^= out[i].data.u64;
	printf("epoll: %d ready, data xor %016llx, events %x %x\n", n,
	       (unsigned long long)seen, out[0].events, out[1].events);
	ev.events = EPOLLOUT;
	ev.data.u64 = 42;
	epoll_ctl(ep, EPOLL_CTL_MOD, p2[0], &ev); /* read end: never out */
	n = epoll_wait(ep, out, 4, 0);
	printf("epoll after MOD: %d ready, data %llu\n", n,
	       (unsigned long long)out[0].data.u64);
	epoll_ctl(ep, EPOLL_CTL_DEL, p1[0], NULL);
	n = epoll_wait(ep, out, 4, 0);
	printf("epoll after DEL: %d ready\n", n);
	n = epoll_wait(ep, out, 0, 0);
	printf("epoll maxevents 0: %d %s\n", n,
	       n < 0 && errno == EINVAL ? "EINVAL" : "?");
	n = epoll_ctl(ep, EPOLL_CTL_ADD, p1[0], (struct epoll_event *)8);
	printf("epoll_ctl bad event: %d %s\n", n,
	       n < 0 && errno == EFAULT ? "EFAULT" : "?");

	/* epoll_pwait: SIGUSR1 blocked and pending, the call's mask opens
	 * it: EINTR at once, the handler ran */
	sigset_t usr1, none;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_timer;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	timer_hits = 0;
	raise(SIGUSR1);
	epoll_ctl(ep, EPOLL_CTL_DEL, p2[0], NULL);
	n = epoll_pwait(ep, out, 4, 30000, &none);
	printf("epoll_pwait with mask: %d %s, handler ran %d\n", n,
	       n < 0 && errno == EINTR ? "EINTR" : "?", (int)timer_hits);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	close(ep);
}

static void timer_part(void)
{
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct itimerspec its = {{0, 0}, {0, 10 * 1000 * 1000}};
	timerfd_settime(tfd, 0, &its, NULL);
	uint64_t exp = 0;
	ssize_t r = read(tfd, &exp, sizeof(exp)); /* blocks until it fires */
	struct itimerspec now;
	timerfd_gettime(tfd, &now);
	printf("timerfd: read %zd, expirations %llu, disarmed after: %s\n", r,
	       (unsigned long long)exp,
	       now.it_value.tv_sec == 0 && now.it_value.tv_nsec == 0 ? "yes"
								     : "no");
	close(tfd);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_timer;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	int sig = SIGRTMIN + 1;
	sigaction(sig, &sa, NULL);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, sig);
	sigprocmask(SIG_BLOCK, &block, &old);
	struct sigevent sev;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = sig;
	sev.sigev_value.sival_int = 1234;
	timer_t t;
	int c = timer_create(CLOCK_MONOTONIC, &sev, &t);
	timer_hits = 0;
	its.it_value.tv_nsec = 5 * 1000 * 1000;
	timer_settime(t, 0, &its, NULL);
	sigsuspend(&old); /* until the timer's signal ran the handler */
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("timer_create %d: handler ran %d, sival %d, overrun %d, "
	       "delete %d\n",
	       c, (int)timer_hits, (int)timer_val, timer_getoverrun(t),
	       timer_delete(t));
}

static void inotify_part(void)
{
	char dir[] = "/tmp/loupe-inotify-XXXXXX";
	mkdtemp(dir);
	int in = inotify_init1(IN_CLOEXEC);
	int wd = inotify_add_watch(in, dir, IN_CREATE);
	char path[64];
	snprintf(path, sizeof(path), "%s/new-file", dir);
	close(open(path, O_CREAT | O_WRONLY, 0600));
	char buf[512];
	ssize_t n = read(in, buf, sizeof(buf));
	struct inotify_event *e = (struct inotify_event *)buf;
	printf("inotify: event for the watch: %s, IN_CREATE: %s, name %s\n",
	       n > 0 && e->wd == wd ? "yes" : "no",
	       e->mask & IN_CREATE ? "yes" : "no", e->len ? e->name : "-");
	printf("inotify_rm_watch: %d\n", inotify_rm_watch(in, wd));
	close(in);
	unlink(path);
	rmdir(dir);
}

static void splice_part(void)
{
	int a[2], b[2], c[2];
	pipe(a);
	pipe(b);
	pipe(c);
	write(a[1], "spliced!", 8);
	ssize_t t = tee(a[0], c[1], 8, 0);
	ssize_t s = splice(a[0], NULL, b[1], NULL, 8, 0);
	char x[16] = {0}, y[16] = {0};
	read(b[0], x, 8);
	read(c[0], y, 8);
	printf("tee %zd '%s', splice %zd '%s'\n", t, y, s, x);
	loff_t off = 0;
	s = splice(a[0], &off, b[1], NULL, 8, 0);
	printf("splice with an offset on a pipe: %zd %s\n", s,
	       s < 0 && errno == ESPIPE ? "ESPIPE" : "?");
}

int main(void)
{
	epoll_part();
	timer_part();
	inotify_part();
	splice_part();
	return 0;
}
