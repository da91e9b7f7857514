/*
 * Time system calls of the riscv64 guest.  Clocks are the host's (clock ids
 * and struct timespec/timeval/itimerval are the same on riscv64 and
 * x86-64); results are copied to the guest with guest_copy_to so a bad
 * pointer is EFAULT after the call, as in the kernel.
 */
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/syscall_priv.h"

_Static_assert(sizeof(struct timespec) == sizeof(struct lu_timespec),
	       "timespec layout");
_Static_assert(sizeof(struct timeval) == sizeof(struct lu_timeval),
	       "timeval layout");
_Static_assert(sizeof(struct rusage) == sizeof(struct lu_rusage),
	       "rusage layout");
_Static_assert(sizeof(struct tms) == sizeof(struct lu_tms), "tms layout");

static int64_t put(struct vcpu *cpu, uint64_t addr, const void *v, size_t n)
{
	return guest_copy_to(lu_mem(cpu), addr, v, n) ? -EFAULT_LINUX : 0;
}

static int64_t get(struct vcpu *cpu, void *v, uint64_t addr, size_t n)
{
	return guest_copy_from(lu_mem(cpu), v, addr, n) ? -EFAULT_LINUX : 0;
}

LU_SYSCALL(sys_clock_gettime)
{
	struct lu_timespec ts;
	if (syscall(SYS_clock_gettime, (clockid_t)a[0], &ts) == -1)
		return lu_errno(errno);
	return put(cpu, a[1], &ts, sizeof ts);
}

LU_SYSCALL(sys_clock_getres)
{
	struct lu_timespec ts;
	if (syscall(SYS_clock_getres, (clockid_t)a[0], &ts) == -1)
		return lu_errno(errno);
	return a[1] ? put(cpu, a[1], &ts, sizeof ts) : 0;
}

LU_SYSCALL(sys_gettimeofday)
{
	struct lu_timeval tv;
	struct lu_timezone tz;
	if (syscall(SYS_gettimeofday, &tv, &tz) == -1)
		return lu_errno(errno);
	if (a[0] && put(cpu, a[0], &tv, sizeof tv))
		return -EFAULT_LINUX;
	if (a[1] && put(cpu, a[1], &tz, sizeof tz))
		return -EFAULT_LINUX;
	return 0;
}

LU_SYSCALL(sys_nanosleep)
{
	struct lu_timespec req, rem = {0, 0};
	if (get(cpu, &req, a[0], sizeof req))
		return -EFAULT_LINUX;
	if (syscall(SYS_nanosleep, &req, &rem) == -1) {
		int e = errno;
		if (e == EINTR && a[1] && put(cpu, a[1], &rem, sizeof rem))
			return -EFAULT_LINUX;
		return lu_errno(e);
	}
	return 0;
}

LU_SYSCALL(sys_clock_nanosleep)
{
	struct lu_timespec req, rem = {0, 0};
	int flags = (int)a[1];
	if (get(cpu, &req, a[2], sizeof req))
		return -EFAULT_LINUX;
	if (syscall(SYS_clock_nanosleep, (clockid_t)a[0], flags, &req, &rem) ==
	    -1) {
		int e = errno;
		if (e == EINTR && !(flags & TIMER_ABSTIME_LINUX) && a[3] &&
		    put(cpu, a[3], &rem, sizeof rem))
			return -EFAULT_LINUX;
		return lu_errno(e);
	}
	return 0;
}

LU_SYSCALL(sys_times)
{
	struct lu_tms t;
	long r = syscall(SYS_times, &t);
	if (a[0] && put(cpu, a[0], &t, sizeof t))
		return -EFAULT_LINUX;
	return r;
}

LU_SYSCALL(sys_getrusage)
{
	struct lu_rusage ru;
	if (syscall(SYS_getrusage, (int)a[0], &ru) == -1)
		return lu_errno(errno);
	return put(cpu, a[1], &ru, sizeof ru);
}

/* Interval timers are the host process's: their signals reach loupe with
 * the host's default action, which for SIGALRM/SIGVTALRM/SIGPROF is the
 * guest's default action too. */
LU_SYSCALL(sys_getitimer)
{
	struct itimerval v;
	if (syscall(SYS_getitimer, (int)a[0], &v) == -1)
		return lu_errno(errno);
	return put(cpu, a[1], &v, sizeof v);
}

LU_SYSCALL(sys_setitimer)
{
	struct itimerval v, old;
	if (a[1] && get(cpu, &v, a[1], sizeof v))
		return -EFAULT_LINUX;
	if (syscall(SYS_setitimer, (int)a[0], a[1] ? &v : NULL, &old) == -1)
		return lu_errno(errno);
	if (a[2] && put(cpu, a[2], &old, sizeof old))
		return -EFAULT_LINUX;
	return 0;
}
