/*
 * Event and timer descriptors of the riscv64 guest: epoll, inotify,
 * timerfd, POSIX timers, splice/tee.
 *
 * Design: all of them are the host's.  Only struct epoll_event differs: the
 * generic (riscv64) layout is {u32 events; u32 pad; u64 data}, 16 bytes,
 * while x86-64 packs it into 12 bytes, so events are converted both ways.
 * struct itimerspec, struct sigevent, struct inotify_event and loff_t are
 * the same on both.  A POSIX timer's signal is a host signal that
 * host_signal.c hands to the guest.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/syscall_priv.h"

struct lu_epoll_event {
	uint32_t events;
	uint32_t pad;
	uint64_t data;
};
_Static_assert(sizeof(struct lu_epoll_event) == 16, "riscv64 epoll_event");
_Static_assert(sizeof(struct epoll_event) == 12, "x86-64 epoll_event");

/* The most events one wait returns (the kernel's own limit is larger;
 * the guest just calls again). */
#define MAX_EVENTS 4096

/* ---- epoll ---- */

LU_SYSCALL(sys_epoll_create1)
{
	return lu_ret(epoll_create1((int)a[0]));
}

LU_SYSCALL(sys_epoll_ctl)
{
	struct epoll_event ev, *evp = NULL;
	if (a[3]) {
		struct lu_epoll_event g;
		if (guest_copy_from(lu_mem(cpu), &g, a[3], sizeof g))
			return -EFAULT_LINUX;
		ev.events = g.events;
		ev.data.u64 = g.data;
		evp = &ev;
	}
	return lu_ret(epoll_ctl((int)a[0], (int)a[1], (int)a[2], evp));
}

/* Wait (host call wait(events, n)) and copy the events out to guest. */
static int64_t epoll_out(struct vcpu *cpu, uint64_t guest_events, int max,
			 int64_t (*wait)(struct epoll_event *, int,
					 const uint64_t *),
			 const uint64_t *a)
{
	if (max <= 0)
		return -EINVAL_LINUX;
	if (max > MAX_EVENTS)
		max = MAX_EVENTS;
	if (!guest_range_ok(lu_mem(cpu), guest_events,
			    (uint64_t)max * sizeof(struct lu_epoll_event),
			    LU_PROT_WRITE))
		return -EFAULT_LINUX;
	struct epoll_event *ev = malloc((size_t)max * sizeof(*ev));
	if (!ev)
		return -ENOMEM_LINUX;
	uint64_t old;
	int64_t r = lu_sigmask_begin(cpu, a[4], a[5], &old);
	if (r == 0)
		r = wait(ev, max, a);
	r = lu_sigmask_end(cpu, old, r);
	for (int64_t i = 0; i < r; i++) {
		struct lu_epoll_event g = {ev[i].events, 0, ev[i].data.u64};
		if (guest_copy_to(lu_mem(cpu),
				  guest_events + (uint64_t)i * sizeof(g), &g,
				  sizeof(g))) {
			r = -EFAULT_LINUX;
			break;
		}
	}
	free(ev);
	return r;
}

static int64_t wait_ms(struct epoll_event *ev, int n, const uint64_t *a)
{
	return lu_ret(epoll_wait((int)a[0], ev, n, (int)a[3]));
}

LU_SYSCALL(sys_epoll_pwait)
{
	return epoll_out(cpu, a[1], (int)a[2], wait_ms, a);
}

static int64_t wait_ts(struct epoll_event *ev, int n, const uint64_t *a)
{
	const struct timespec *ts = (const struct timespec *)(uintptr_t)a[3];
	return lu_ret(syscall(SYS_epoll_pwait2, (int)a[0], ev, n, ts, NULL, 8));
}

/* epoll_pwait2(epfd, events, max, timeout timespec, sigmask, size) */
LU_SYSCALL(sys_epoll_pwait2)
{
	uint64_t b[6];
	memcpy(b, a, sizeof(b));
	if (a[3]) { /* the host reads the guest's timespec in place */
		void *ts = lu_kptr(cpu, a[3], sizeof(struct timespec));
		if (!ts)
			return -EFAULT_LINUX;
		b[3] = (uint64_t)(uintptr_t)ts;
	}
	return epoll_out(cpu, a[1], (int)a[2], wait_ts, b);
}

/* ---- inotify ---- */

LU_SYSCALL(sys_inotify_init1)
{
	return lu_ret(inotify_init1((int)a[0]));
}

LU_SYSCALL(sys_inotify_add_watch)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	return lu_ret(inotify_add_watch((int)a[0], lu_host_path(cpu, path, tmp),
					(uint32_t)a[2]));
}

LU_SYSCALL(sys_inotify_rm_watch)
{
	return lu_ret(inotify_rm_watch((int)a[0], (int)a[1]));
}

/* ---- timerfd and POSIX timers (struct itimerspec is the same) ---- */

static int64_t itimerspec_args(struct vcpu *cpu, uint64_t in, uint64_t out,
			       void **hin, void **hout)
{
	*hin = *hout = NULL;
	if (in && !(*hin = lu_kptr(cpu, in, sizeof(struct itimerspec))))
		return -EFAULT_LINUX;
	if (out && !(*hout = lu_kptr(cpu, out, sizeof(struct itimerspec))))
		return -EFAULT_LINUX;
	return 0;
}

LU_SYSCALL(sys_timerfd_create)
{
	return lu_ret(syscall(SYS_timerfd_create, (int)a[0], (int)a[1]));
}

LU_SYSCALL(sys_timerfd_settime)
{
	void *in, *out;
	int64_t r = itimerspec_args(cpu, a[2], a[3], &in, &out);
	if (r < 0)
		return r;
	return lu_ret(
	    syscall(SYS_timerfd_settime, (int)a[0], (int)a[1], in, out));
}

LU_SYSCALL(sys_timerfd_gettime)
{
	void *in, *out;
	int64_t r = itimerspec_args(cpu, 0, a[1], &in, &out);
	if (r < 0)
		return r;
	return lu_ret(syscall(SYS_timerfd_gettime, (int)a[0], out));
}

/* timer_create(clock, sigevent, timer id): struct sigevent (64 bytes) is
 * the generic one on both; SIGEV_THREAD_ID names a host thread id, which
 * is the guest's thread id. */
LU_SYSCALL(sys_timer_create)
{
	void *sev = NULL;
	if (a[1] && !(sev = lu_kptr(cpu, a[1], 64)))
		return -EFAULT_LINUX;
	int *id = lu_kptr(cpu, a[2], sizeof(int));
	if (!id)
		return -EFAULT_LINUX;
	return lu_ret(syscall(SYS_timer_create, (clockid_t)a[0], sev, id));
}

LU_SYSCALL(sys_timer_settime)
{
	void *in, *out;
	int64_t r = itimerspec_args(cpu, a[2], a[3], &in, &out);
	if (r < 0)
		return r;
	return lu_ret(
	    syscall(SYS_timer_settime, (int)a[0], (int)a[1], in, out));
}

LU_SYSCALL(sys_timer_gettime)
{
	void *in, *out;
	int64_t r = itimerspec_args(cpu, 0, a[1], &in, &out);
	if (r < 0)
		return r;
	return lu_ret(syscall(SYS_timer_gettime, (int)a[0], out));
}

LU_SYSCALL(sys_timer_getoverrun)
{
	return lu_ret(syscall(SYS_timer_getoverrun, (int)a[0]));
}

LU_SYSCALL(sys_timer_delete)
{
	return lu_ret(syscall(SYS_timer_delete, (int)a[0]));
}

/* ---- splice, tee ---- */

LU_SYSCALL(sys_splice)
{
	void *off_in = NULL, *off_out = NULL;
	if (a[1] && !(off_in = lu_kptr(cpu, a[1], 8)))
		return -EFAULT_LINUX;
	if (a[3] && !(off_out = lu_kptr(cpu, a[3], 8)))
		return -EFAULT_LINUX;
	return lu_ret(syscall(SYS_splice, (int)a[0], off_in, (int)a[2], off_out,
			      (size_t)a[4], (unsigned)a[5]));
}

LU_SYSCALL(sys_tee)
{
	return lu_ret(syscall(SYS_tee, (int)a[0], (int)a[1], (size_t)a[2],
			      (unsigned)a[3]));
}
