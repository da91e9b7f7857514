/*
 * System call dispatch for the riscv64 guest: the table, errno conversion
 * and -strace.
 *
 * Design: LU_SYSCALLS below is the whole table, one line per system call:
 * number (asm-generic/unistd.h, which riscv64 uses), name, handler, strace
 * argument format and result format.  The handlers live in syscall_*.c by
 * family (fs, mem, time, proc, signal); each takes the six argument
 * registers and returns the a0 value, a negative guest errno on failure.
 * A number without an entry returns -ENOSYS and, under -d unimp, is
 * reported once.
 *
 * -strace prints one line per call to proc->log, like qemu-user:
 *   PID name(args) = result
 *   PID openat(AT_FDCWD,"/x",O_RDONLY) = -1 errno=2 (No such file or directory)
 * The arguments are formatted before the call (a path may change meaning
 * after it) and the line is written whole after it, so output the call
 * itself writes to the same stream never splits a line.  Calls that do
 * not return (exit, exit_group) print before running.
 *
 * Argument format letters:
 *   d int      u unsigned   l signed 64   x hex        o octal mode
 *   U unsigned int          f O_* flags without an access mode
 *   p pointer  s string     D dirfd       O open flags A AT_* flags
 *   P prot     M mmap flags S signal      C clock id   W whence
 *   F fcntl    I ioctl      R rlimit
 * Result formats: d decimal, x hex (addresses), n no return.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/cpus.h"
#include "core/engine.h"
#include "linux-user/signal.h"
#include "linux-user/syscall.h"
#include "linux-user/syscall_priv.h"
#include "linux-user/thread.h"

/* clang-format off */
#define LU_SYSCALLS(X)                                                         \
	X(17,  getcwd,            sys_getcwd,            "pu",     'd')          \
	X(19,  eventfd2,          sys_eventfd2,          "Uf",     'd')          \
	X(20,  epoll_create1,     sys_epoll_create1,     "x",      'd')          \
	X(21,  epoll_ctl,         sys_epoll_ctl,         "dddp",   'd')          \
	X(22,  epoll_pwait,       sys_epoll_pwait,       "dpddpu", 'd')          \
	X(23,  dup,               sys_dup,               "d",      'd')          \
	X(24,  dup3,              sys_dup3,              "ddf",    'd')          \
	X(25,  fcntl,             sys_fcntl,             "dFx",    'd')          \
	X(26,  inotify_init1,     sys_inotify_init1,     "x",      'd')          \
	X(27,  inotify_add_watch, sys_inotify_add_watch, "dsx",    'd')          \
	X(28,  inotify_rm_watch,  sys_inotify_rm_watch,  "dd",     'd')          \
	X(29,  ioctl,             sys_ioctl,             "dIx",    'd')          \
	X(32,  flock,             sys_flock,             "dd",     'd')          \
	X(34,  mkdirat,           sys_mkdirat,           "Dso",    'd')          \
	X(35,  unlinkat,          sys_unlinkat,          "DsA",    'd')          \
	X(36,  symlinkat,         sys_symlinkat,         "sDs",    'd')          \
	X(37,  linkat,            sys_linkat,            "DsDsA",  'd')          \
	X(43,  statfs,            sys_statfs,            "sp",     'd')          \
	X(44,  fstatfs,           sys_fstatfs,           "dp",     'd')          \
	X(45,  truncate,          sys_truncate,          "sl",     'd')          \
	X(46,  ftruncate,         sys_ftruncate,         "dl",     'd')          \
	X(47,  fallocate,         sys_fallocate,         "dxll",   'd')          \
	X(48,  faccessat,         sys_faccessat,         "Dso",    'd')          \
	X(49,  chdir,             sys_chdir,             "s",      'd')          \
	X(50,  fchdir,            sys_fchdir,            "d",      'd')          \
	X(52,  fchmod,            sys_fchmod,            "do",     'd')          \
	X(53,  fchmodat,          sys_fchmodat,          "Dso",    'd')          \
	X(54,  fchownat,          sys_fchownat,          "DsddA",  'd')          \
	X(55,  fchown,            sys_fchown,            "ddd",    'd')          \
	X(56,  openat,            sys_openat,            "DsOo",   'd')          \
	X(57,  close,             sys_close,             "d",      'd')          \
	X(59,  pipe2,             sys_pipe2,             "pf",     'd')          \
	X(61,  getdents64,        sys_getdents64,        "dpu",    'd')          \
	X(62,  lseek,             sys_lseek,             "dlW",    'd')          \
	X(63,  read,              sys_read,              "dpu",    'd')          \
	X(64,  write,             sys_write,             "dpu",    'd')          \
	X(65,  readv,             sys_readv,             "dpd",    'd')          \
	X(66,  writev,            sys_writev,            "dpd",    'd')          \
	X(67,  pread64,           sys_pread64,           "dpul",   'd')          \
	X(68,  pwrite64,          sys_pwrite64,          "dpul",   'd')          \
	X(69,  preadv,            sys_preadv,            "dpdl",   'd')          \
	X(70,  pwritev,           sys_pwritev,           "dpdl",   'd')          \
	X(71,  sendfile,          sys_sendfile,          "ddpu",   'd')          \
	X(72,  pselect6,          sys_pselect6,          "dppppp", 'd')          \
	X(73,  ppoll,             sys_ppoll,             "puppu",  'd')          \
	X(76,  splice,            sys_splice,            "dpdpux", 'd')          \
	X(77,  tee,               sys_tee,               "ddux",   'd')          \
	X(78,  readlinkat,        sys_readlinkat,        "Dspu",   'd')          \
	X(79,  newfstatat,        sys_newfstatat,        "DspA",   'd')          \
	X(80,  fstat,             sys_fstat,             "dp",     'd')          \
	X(81,  sync,              sys_sync,              "",       'd')          \
	X(82,  fsync,             sys_fsync,             "d",      'd')          \
	X(83,  fdatasync,         sys_fdatasync,         "d",      'd')          \
	X(85,  timerfd_create,    sys_timerfd_create,    "dx",     'd')          \
	X(86,  timerfd_settime,   sys_timerfd_settime,   "dxpp",   'd')          \
	X(87,  timerfd_gettime,   sys_timerfd_gettime,   "dp",     'd')          \
	X(88,  utimensat,         sys_utimensat,         "DspA",   'd')          \
	X(93,  exit,              sys_exit,              "d",      'n')          \
	X(94,  exit_group,        sys_exit_group,        "d",      'n')          \
	X(95,  waitid,            sys_waitid,            "ddpdp",  'd')          \
	X(96,  set_tid_address,   sys_set_tid_address,   "p",      'd')          \
	X(98,  futex,             sys_futex,             "pdupxu", 'd')          \
	X(99,  set_robust_list,   sys_set_robust_list,   "pu",     'd')          \
	X(100, get_robust_list,   sys_get_robust_list,   "dpp",    'd')          \
	X(101, nanosleep,         sys_nanosleep,         "pp",     'd')          \
	X(102, getitimer,         sys_getitimer,         "dp",     'd')          \
	X(103, setitimer,         sys_setitimer,         "dpp",    'd')          \
	X(107, timer_create,      sys_timer_create,      "dpp",    'd')          \
	X(108, timer_gettime,     sys_timer_gettime,     "dp",     'd')          \
	X(109, timer_getoverrun,  sys_timer_getoverrun,  "d",      'd')          \
	X(110, timer_settime,     sys_timer_settime,     "dxpp",   'd')          \
	X(111, timer_delete,      sys_timer_delete,      "d",      'd')          \
	X(113, clock_gettime,     sys_clock_gettime,     "Cp",     'd')          \
	X(114, clock_getres,      sys_clock_getres,      "Cp",     'd')          \
	X(115, clock_nanosleep,   sys_clock_nanosleep,   "Cdpp",   'd')          \
	X(120, sched_getscheduler, sys_sched_getscheduler, "d",    'd')          \
	X(121, sched_getparam,    sys_sched_getparam,    "dp",     'd')          \
	X(122, sched_setaffinity, sys_sched_setaffinity, "dup",    'd')          \
	X(123, sched_getaffinity, sys_sched_getaffinity, "dup",    'd')          \
	X(124, sched_yield,       sys_sched_yield,       "",       'd')          \
	X(125, sched_get_priority_max, sys_sched_get_priority_max, "d", 'd')     \
	X(126, sched_get_priority_min, sys_sched_get_priority_min, "d", 'd')     \
	X(129, kill,              sys_kill,              "dS",     'd')          \
	X(130, tkill,             sys_tkill,             "dS",     'd')          \
	X(131, tgkill,            sys_tgkill,            "ddS",    'd')          \
	X(132, sigaltstack,       sys_sigaltstack,       "pp",     'd')          \
	X(133, rt_sigsuspend,     sys_rt_sigsuspend,     "pu",     'd')          \
	X(134, rt_sigaction,      sys_rt_sigaction,      "Sppu",   'd')          \
	X(135, rt_sigprocmask,    sys_rt_sigprocmask,    "dppu",   'd')          \
	X(136, rt_sigpending,     sys_rt_sigpending,     "pu",     'd')          \
	X(137, rt_sigtimedwait,   sys_rt_sigtimedwait,   "pppu",   'd')          \
	X(140, setpriority,       sys_setpriority,       "ddd",    'd')          \
	X(141, getpriority,       sys_getpriority,       "dd",     'd')          \
	X(148, getresuid,         sys_getresuid,         "ppp",    'd')          \
	X(150, getresgid,         sys_getresgid,         "ppp",    'd')          \
	X(153, times,             sys_times,             "p",      'd')          \
	X(154, setpgid,           sys_setpgid,           "dd",     'd')          \
	X(155, getpgid,           sys_getpgid,           "d",      'd')          \
	X(156, getsid,            sys_getsid,            "d",      'd')          \
	X(157, setsid,            sys_setsid,            "",       'd')          \
	X(158, getgroups,         sys_getgroups,         "dp",     'd')          \
	X(160, uname,             sys_uname,             "p",      'd')          \
	X(163, getrlimit,         sys_getrlimit,         "Rp",     'd')          \
	X(164, setrlimit,         sys_setrlimit,         "Rp",     'd')          \
	X(165, getrusage,         sys_getrusage,         "dp",     'd')          \
	X(166, umask,             sys_umask,             "o",      'o')          \
	X(167, prctl,             sys_prctl,             "dxxxx",  'd')          \
	X(168, getcpu,            sys_getcpu,            "ppp",    'd')          \
	X(169, gettimeofday,      sys_gettimeofday,      "pp",     'd')          \
	X(172, getpid,            sys_getpid,            "",       'd')          \
	X(173, getppid,           sys_getppid,           "",       'd')          \
	X(174, getuid,            sys_getuid,            "",       'd')          \
	X(175, geteuid,           sys_geteuid,           "",       'd')          \
	X(176, getgid,            sys_getgid,            "",       'd')          \
	X(177, getegid,           sys_getegid,           "",       'd')          \
	X(178, gettid,            sys_gettid,            "",       'd')          \
	X(179, sysinfo,           sys_sysinfo,           "p",      'd')          \
	X(198, socket,            sys_socket,            "dxd",    'd')          \
	X(199, socketpair,        sys_socketpair,        "dxdp",   'd')          \
	X(200, bind,              sys_bind,              "dpd",    'd')          \
	X(201, listen,            sys_listen,            "dd",     'd')          \
	X(202, accept,            sys_accept,            "dpp",    'd')          \
	X(203, connect,           sys_connect,           "dpd",    'd')          \
	X(204, getsockname,       sys_getsockname,       "dpp",    'd')          \
	X(205, getpeername,       sys_getpeername,       "dpp",    'd')          \
	X(206, sendto,            sys_sendto,            "dpuxpd", 'd')          \
	X(207, recvfrom,          sys_recvfrom,          "dpuxpp", 'd')          \
	X(208, setsockopt,        sys_setsockopt,        "dddpd",  'd')          \
	X(209, getsockopt,        sys_getsockopt,        "dddpp",  'd')          \
	X(210, shutdown,          sys_shutdown,          "dd",     'd')          \
	X(211, sendmsg,           sys_sendmsg,           "dpx",    'd')          \
	X(212, recvmsg,           sys_recvmsg,           "dpx",    'd')          \
	X(242, accept4,           sys_accept4,           "dppf",   'd')          \
	X(243, recvmmsg,          sys_recvmmsg,          "dpUxp",  'd')          \
	X(269, sendmmsg,          sys_sendmmsg,          "dpUx",   'd')          \
	X(214, brk,               sys_brk,               "p",      'x')          \
	X(215, munmap,            sys_munmap,            "pu",     'd')          \
	X(216, mremap,            sys_mremap,            "puuxp",  'x')          \
	X(220, clone,             sys_clone,             "xpppp",  'd')          \
	X(221, execve,            sys_execve,            "spp",    'd')          \
	X(222, mmap,              sys_mmap,              "puPMdl", 'x')          \
	X(226, mprotect,          sys_mprotect,          "puP",    'd')          \
	X(227, msync,             sys_msync,             "pux",    'd')          \
	X(228, mlock,             sys_mlock,             "pu",     'd')          \
	X(229, munlock,           sys_munlock,           "pu",     'd')          \
	X(230, mlockall,          sys_mlockall,          "x",      'd')          \
	X(231, munlockall,        sys_munlockall,        "",       'd')          \
	X(232, mincore,           sys_mincore,           "pup",    'd')          \
	X(233, madvise,           sys_madvise,           "pud",    'd')          \
	X(259, riscv_flush_icache, sys_riscv_flush_icache, "ppx",  'd')          \
	X(260, wait4,             sys_wait4,             "dpdp",   'd')          \
	X(261, prlimit64,         sys_prlimit64,         "dRpp",   'd')          \
	X(276, renameat2,         sys_renameat2,         "DsDsx",  'd')          \
	X(278, getrandom,         sys_getrandom,         "pux",    'd')          \
	X(279, memfd_create,      sys_memfd_create,      "sx",     'd')          \
	X(283, membarrier,        sys_membarrier,        "dxd",    'd')          \
	X(291, statx,             sys_statx,             "DsAxp",  'd')          \
	X(293, rseq,              sys_rseq,              "pudx",   'd')          \
	X(436, close_range,       sys_close_range,       "UUx",    'd')          \
	X(441, epoll_pwait2,      sys_epoll_pwait2,      "dpdppu", 'd')          \
	X(439, faccessat2,        sys_faccessat2,        "DsoA",   'd')
/* clang-format on */

#define LU_DECLARE_(nr, name, fn, args, ret) LU_SYSCALL(fn);
LU_SYSCALLS(LU_DECLARE_)
#undef LU_DECLARE_

struct lu_syscall_def {
	const char *name;
	int64_t (*fn)(struct vcpu *cpu, const uint64_t *a);
	const char *args; /* one format letter per argument */
	char ret;	  /* result format */
};

#define LU_NR_MAX 512
#define LU_ENTRY_(nr, nm, fn_, a_, r_)                                         \
	[nr] = {.name = #nm, .fn = fn_, .args = a_, .ret = r_},
static const struct lu_syscall_def lu_syscalls[LU_NR_MAX] = {
    LU_SYSCALLS(LU_ENTRY_)};
#undef LU_ENTRY_

/* ---- errno conversion: the one place host and guest values meet ---- */

int64_t lu_errno(int host_errno)
{
	switch (host_errno) {
#define LU_CASE_(name, num)                                                    \
	case name:                                                             \
		return -(int64_t)name##_LINUX;
		LU_ERRNO_LIST(LU_CASE_)
#undef LU_CASE_
	default:
		/* Host-only values (e.g. ENOTSUP aliases) should not occur. */
		return -(int64_t)EINVAL_LINUX;
	}
}

int lu_errno_to_host(int guest_errno)
{
	switch (guest_errno) {
#define LU_CASE_(name, num)                                                    \
	case name##_LINUX:                                                     \
		return name;
		LU_ERRNO_LIST(LU_CASE_)
#undef LU_CASE_
	default:
		return 0;
	}
}

/* ---- helpers shared by the handlers ---- */

int64_t lu_strcpy_from(struct vcpu *cpu, char *buf, size_t size, uint64_t addr)
{
	struct guest_mem *m = lu_mem(cpu);
	size_t n = 0;

	if (addr > m->size)
		return -EFAULT_LINUX;
	/* Page by page, so a string ending just before an unmapped page is
	 * read without touching it. */
	while (n < size) {
		uint64_t ga = addr + n;
		size_t chunk = LU_PAGE_SIZE - (ga & (LU_PAGE_SIZE - 1));
		if (chunk > size - n)
			chunk = size - n;
		if (guest_copy_from(m, buf + n, ga, chunk))
			return -EFAULT_LINUX;
		const char *z = memchr(buf + n, 0, chunk);
		if (z)
			return z - buf;
		n += chunk;
	}
	return -ENAMETOOLONG_LINUX;
}

const char *lu_host_path(struct vcpu *cpu, const char *path,
			 char tmp[LU_PATH_MAX])
{
	const char *root = cpu->proc->sysroot;
	if (!root || !*root || path[0] != '/')
		return path;
	int n = snprintf(tmp, LU_PATH_MAX, "%s%s", root, path);
	if (n < 0 || n >= LU_PATH_MAX)
		return path;
	int saved = errno;
	bool there = faccessat(AT_FDCWD, tmp, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	errno = saved;
	return there ? tmp : path;
}

bool lu_fd_reserved(const struct lu_process *p, int fd)
{
	if (!p->log)
		return false;
	int lfd = fileno(p->log);
	return lfd > 2 && fd == lfd;
}

uint64_t lu_syscall_pc(const struct vcpu *cpu)
{
	return cpu->env.slot[RV_SLOT_PC];
}

/* ---- strace ---- */

struct sbuf {
	char s[2048];
	size_t n;
};

__attribute__((format(printf, 2, 3))) static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	if (b->n >= sizeof b->s - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		b->n += (size_t)k < sizeof b->s - b->n ? (size_t)k
						       : sizeof b->s - b->n - 1;
}

static void sb_flags(struct sbuf *b, uint64_t v, const struct lu_flag *t,
		     size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (t[i].guest && (v & t[i].guest) == t[i].guest) {
			sb_printf(b, "%s%s", any ? "|" : "", t[i].name);
			v &= ~(uint64_t)t[i].guest;
			any = true;
		}
	}
	if (v || !any)
		sb_printf(b, "%s%#llx", any ? "|" : "", (unsigned long long)v);
}

static bool sb_name(struct sbuf *b, uint64_t v, const struct lu_flag *t,
		    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].guest == v) {
			sb_printf(b, "%s", t[i].name);
			return true;
		}
	}
	return false;
}

#define LU_NAMES_(t) t, sizeof(t) / sizeof(t[0])

static const struct lu_flag prot_names[] = {
    {PROT_READ_LINUX, 0, "PROT_READ"},
    {PROT_WRITE_LINUX, 0, "PROT_WRITE"},
    {PROT_EXEC_LINUX, 0, "PROT_EXEC"},
    {PROT_GROWSDOWN_LINUX, 0, "PROT_GROWSDOWN"},
    {PROT_GROWSUP_LINUX, 0, "PROT_GROWSUP"},
};

static const struct lu_flag map_type_names[] = {
    {MAP_SHARED_LINUX, 0, "MAP_SHARED"},
    {MAP_PRIVATE_LINUX, 0, "MAP_PRIVATE"},
    {MAP_SHARED_VALIDATE_LINUX, 0, "MAP_SHARED_VALIDATE"},
};

static const struct lu_flag map_names[] = {
    {MAP_FIXED_LINUX, 0, "MAP_FIXED"},
    {MAP_ANONYMOUS_LINUX, 0, "MAP_ANONYMOUS"},
    {MAP_GROWSDOWN_LINUX, 0, "MAP_GROWSDOWN"},
    {MAP_DENYWRITE_LINUX, 0, "MAP_DENYWRITE"},
    {MAP_EXECUTABLE_LINUX, 0, "MAP_EXECUTABLE"},
    {MAP_LOCKED_LINUX, 0, "MAP_LOCKED"},
    {MAP_NORESERVE_LINUX, 0, "MAP_NORESERVE"},
    {MAP_POPULATE_LINUX, 0, "MAP_POPULATE"},
    {MAP_NONBLOCK_LINUX, 0, "MAP_NONBLOCK"},
    {MAP_STACK_LINUX, 0, "MAP_STACK"},
    {MAP_HUGETLB_LINUX, 0, "MAP_HUGETLB"},
    {MAP_SYNC_LINUX, 0, "MAP_SYNC"},
    {MAP_FIXED_NOREPLACE_LINUX, 0, "MAP_FIXED_NOREPLACE"},
};

static const struct lu_flag at_names[] = {
    {AT_SYMLINK_NOFOLLOW_LINUX, 0, "AT_SYMLINK_NOFOLLOW"},
    {AT_SYMLINK_FOLLOW_LINUX, 0, "AT_SYMLINK_FOLLOW"},
    {AT_NO_AUTOMOUNT_LINUX, 0, "AT_NO_AUTOMOUNT"},
    {AT_EMPTY_PATH_LINUX, 0, "AT_EMPTY_PATH"},
};

static const struct lu_flag clock_names[] = {
    {CLOCK_REALTIME_LINUX, 0, "CLOCK_REALTIME"},
    {CLOCK_MONOTONIC_LINUX, 0, "CLOCK_MONOTONIC"},
    {CLOCK_PROCESS_CPUTIME_ID_LINUX, 0, "CLOCK_PROCESS_CPUTIME_ID"},
    {CLOCK_THREAD_CPUTIME_ID_LINUX, 0, "CLOCK_THREAD_CPUTIME_ID"},
    {CLOCK_MONOTONIC_RAW_LINUX, 0, "CLOCK_MONOTONIC_RAW"},
    {CLOCK_REALTIME_COARSE_LINUX, 0, "CLOCK_REALTIME_COARSE"},
    {CLOCK_MONOTONIC_COARSE_LINUX, 0, "CLOCK_MONOTONIC_COARSE"},
    {CLOCK_BOOTTIME_LINUX, 0, "CLOCK_BOOTTIME"},
    {CLOCK_REALTIME_ALARM_LINUX, 0, "CLOCK_REALTIME_ALARM"},
    {CLOCK_BOOTTIME_ALARM_LINUX, 0, "CLOCK_BOOTTIME_ALARM"},
    {CLOCK_TAI_LINUX, 0, "CLOCK_TAI"},
};

static const struct lu_flag whence_names[] = {
    {SEEK_SET_LINUX, 0, "SEEK_SET"},   {SEEK_CUR_LINUX, 0, "SEEK_CUR"},
    {SEEK_END_LINUX, 0, "SEEK_END"},   {SEEK_DATA_LINUX, 0, "SEEK_DATA"},
    {SEEK_HOLE_LINUX, 0, "SEEK_HOLE"},
};

static const struct lu_flag fcntl_names[] = {
    {F_DUPFD_LINUX, 0, "F_DUPFD"},
    {F_GETFD_LINUX, 0, "F_GETFD"},
    {F_SETFD_LINUX, 0, "F_SETFD"},
    {F_GETFL_LINUX, 0, "F_GETFL"},
    {F_SETFL_LINUX, 0, "F_SETFL"},
    {F_GETLK_LINUX, 0, "F_GETLK"},
    {F_SETLK_LINUX, 0, "F_SETLK"},
    {F_SETLKW_LINUX, 0, "F_SETLKW"},
    {F_SETOWN_LINUX, 0, "F_SETOWN"},
    {F_GETOWN_LINUX, 0, "F_GETOWN"},
    {F_SETSIG_LINUX, 0, "F_SETSIG"},
    {F_GETSIG_LINUX, 0, "F_GETSIG"},
    {F_SETOWN_EX_LINUX, 0, "F_SETOWN_EX"},
    {F_GETOWN_EX_LINUX, 0, "F_GETOWN_EX"},
    {F_OFD_GETLK_LINUX, 0, "F_OFD_GETLK"},
    {F_OFD_SETLK_LINUX, 0, "F_OFD_SETLK"},
    {F_OFD_SETLKW_LINUX, 0, "F_OFD_SETLKW"},
    {F_SETLEASE_LINUX, 0, "F_SETLEASE"},
    {F_GETLEASE_LINUX, 0, "F_GETLEASE"},
    {F_DUPFD_CLOEXEC_LINUX, 0, "F_DUPFD_CLOEXEC"},
    {F_SETPIPE_SZ_LINUX, 0, "F_SETPIPE_SZ"},
    {F_GETPIPE_SZ_LINUX, 0, "F_GETPIPE_SZ"},
    {F_ADD_SEALS_LINUX, 0, "F_ADD_SEALS"},
    {F_GET_SEALS_LINUX, 0, "F_GET_SEALS"},
};

static const struct lu_flag ioctl_names[] = {
    {TCGETS_LINUX, 0, "TCGETS"},	 {TCSETS_LINUX, 0, "TCSETS"},
    {TCSETSW_LINUX, 0, "TCSETSW"},	 {TCSETSF_LINUX, 0, "TCSETSF"},
    {TCSBRK_LINUX, 0, "TCSBRK"},	 {TCXONC_LINUX, 0, "TCXONC"},
    {TCFLSH_LINUX, 0, "TCFLSH"},	 {TIOCGPGRP_LINUX, 0, "TIOCGPGRP"},
    {TIOCSPGRP_LINUX, 0, "TIOCSPGRP"},	 {TIOCOUTQ_LINUX, 0, "TIOCOUTQ"},
    {TIOCGWINSZ_LINUX, 0, "TIOCGWINSZ"}, {TIOCSWINSZ_LINUX, 0, "TIOCSWINSZ"},
    {FIONREAD_LINUX, 0, "FIONREAD"},	 {FIONBIO_LINUX, 0, "FIONBIO"},
    {TIOCGSID_LINUX, 0, "TIOCGSID"},	 {FIONCLEX_LINUX, 0, "FIONCLEX"},
    {FIOCLEX_LINUX, 0, "FIOCLEX"},	 {FIOASYNC_LINUX, 0, "FIOASYNC"},
    {TIOCSCTTY_LINUX, 0, "TIOCSCTTY"},	 {TIOCNOTTY_LINUX, 0, "TIOCNOTTY"},
    {TIOCGPTN_LINUX, 0, "TIOCGPTN"},	 {TIOCSPTLCK_LINUX, 0, "TIOCSPTLCK"},
    {TIOCGPTLCK_LINUX, 0, "TIOCGPTLCK"}, {TIOCGPTPEER_LINUX, 0, "TIOCGPTPEER"},
};

static const struct lu_flag rlimit_names[] = {
    {RLIMIT_CPU_LINUX, 0, "RLIMIT_CPU"},
    {RLIMIT_FSIZE_LINUX, 0, "RLIMIT_FSIZE"},
    {RLIMIT_DATA_LINUX, 0, "RLIMIT_DATA"},
    {RLIMIT_STACK_LINUX, 0, "RLIMIT_STACK"},
    {RLIMIT_CORE_LINUX, 0, "RLIMIT_CORE"},
    {RLIMIT_RSS_LINUX, 0, "RLIMIT_RSS"},
    {RLIMIT_NPROC_LINUX, 0, "RLIMIT_NPROC"},
    {RLIMIT_NOFILE_LINUX, 0, "RLIMIT_NOFILE"},
    {RLIMIT_MEMLOCK_LINUX, 0, "RLIMIT_MEMLOCK"},
    {RLIMIT_AS_LINUX, 0, "RLIMIT_AS"},
    {RLIMIT_LOCKS_LINUX, 0, "RLIMIT_LOCKS"},
    {RLIMIT_SIGPENDING_LINUX, 0, "RLIMIT_SIGPENDING"},
    {RLIMIT_MSGQUEUE_LINUX, 0, "RLIMIT_MSGQUEUE"},
    {RLIMIT_NICE_LINUX, 0, "RLIMIT_NICE"},
    {RLIMIT_RTPRIO_LINUX, 0, "RLIMIT_RTPRIO"},
    {RLIMIT_RTTIME_LINUX, 0, "RLIMIT_RTTIME"},
};

static const char *const signal_names[SIGRTMIN_LINUX] = {
    [SIGHUP_LINUX] = "SIGHUP",	 [SIGINT_LINUX] = "SIGINT",
    [SIGQUIT_LINUX] = "SIGQUIT", [SIGILL_LINUX] = "SIGILL",
    [SIGTRAP_LINUX] = "SIGTRAP", [SIGABRT_LINUX] = "SIGABRT",
    [SIGBUS_LINUX] = "SIGBUS",	 [SIGFPE_LINUX] = "SIGFPE",
    [SIGKILL_LINUX] = "SIGKILL", [SIGUSR1_LINUX] = "SIGUSR1",
    [SIGSEGV_LINUX] = "SIGSEGV", [SIGUSR2_LINUX] = "SIGUSR2",
    [SIGPIPE_LINUX] = "SIGPIPE", [SIGALRM_LINUX] = "SIGALRM",
    [SIGTERM_LINUX] = "SIGTERM", [SIGSTKFLT_LINUX] = "SIGSTKFLT",
    [SIGCHLD_LINUX] = "SIGCHLD", [SIGCONT_LINUX] = "SIGCONT",
    [SIGSTOP_LINUX] = "SIGSTOP", [SIGTSTP_LINUX] = "SIGTSTP",
    [SIGTTIN_LINUX] = "SIGTTIN", [SIGTTOU_LINUX] = "SIGTTOU",
    [SIGURG_LINUX] = "SIGURG",	 [SIGXCPU_LINUX] = "SIGXCPU",
    [SIGXFSZ_LINUX] = "SIGXFSZ", [SIGVTALRM_LINUX] = "SIGVTALRM",
    [SIGPROF_LINUX] = "SIGPROF", [SIGWINCH_LINUX] = "SIGWINCH",
    [SIGIO_LINUX] = "SIGIO",	 [SIGPWR_LINUX] = "SIGPWR",
    [SIGSYS_LINUX] = "SIGSYS",
};

static void sb_string(struct sbuf *b, struct vcpu *cpu, uint64_t addr)
{
	char s[129];
	if (!addr) {
		sb_printf(b, "NULL");
		return;
	}
	int64_t n = lu_strcpy_from(cpu, s, sizeof s - 1, addr);
	if (n == -EFAULT_LINUX) {
		sb_printf(b, "%#llx", (unsigned long long)addr);
		return;
	}
	bool cut = n < 0;
	if (cut)
		n = sizeof s - 1;
	sb_printf(b, "\"");
	for (int64_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			sb_printf(b, "\\%c", c);
		else if (c == '\n')
			sb_printf(b, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			sb_printf(b, "\\%03o", c);
		else
			sb_printf(b, "%c", c);
	}
	sb_printf(b, "\"%s", cut ? "..." : "");
}

static void sb_arg(struct sbuf *b, struct vcpu *cpu, char f, uint64_t v)
{
	int32_t i = (int32_t)v;
	switch (f) {
	case 'd':
		sb_printf(b, "%d", i);
		break;
	case 'u':
		sb_printf(b, "%llu", (unsigned long long)v);
		break;
	case 'U':
		sb_printf(b, "%u", (unsigned)v);
		break;
	case 'f':
		sb_flags(b, v & 0xffffffffu, lu_open_flags,
			 lu_open_flags_count);
		break;
	case 'l':
		sb_printf(b, "%lld", (long long)v);
		break;
	case 'o':
		sb_printf(b, "%#llo", (unsigned long long)v);
		break;
	case 'p':
		if (v)
			sb_printf(b, "%#llx", (unsigned long long)v);
		else
			sb_printf(b, "NULL");
		break;
	case 's':
		sb_string(b, cpu, v);
		break;
	case 'D':
		if (i == AT_FDCWD_LINUX)
			sb_printf(b, "AT_FDCWD");
		else
			sb_printf(b, "%d", i);
		break;
	case 'O': {
		static const char *const acc[] = {"O_RDONLY", "O_WRONLY",
						  "O_RDWR", "O_ACCMODE"};
		sb_printf(b, "%s", acc[v & O_ACCMODE_LINUX]);
		uint64_t rest = v & ~(uint64_t)O_ACCMODE_LINUX & 0xffffffffu;
		if (rest) {
			sb_printf(b, "|");
			sb_flags(b, rest, lu_open_flags, lu_open_flags_count);
		}
		break;
	}
	case 'A':
		sb_flags(b, v & 0xffffffffu, LU_NAMES_(at_names));
		break;
	case 'P':
		if ((v & 0xffffffffu) == 0)
			sb_printf(b, "PROT_NONE");
		else
			sb_flags(b, v & 0xffffffffu, LU_NAMES_(prot_names));
		break;
	case 'M': {
		uint64_t t = v & MAP_TYPE_LINUX;
		if (!sb_name(b, t, LU_NAMES_(map_type_names)))
			sb_printf(b, "%#llx", (unsigned long long)t);
		uint64_t rest = v & ~(uint64_t)MAP_TYPE_LINUX & 0xffffffffu;
		if (rest) {
			sb_printf(b, "|");
			sb_flags(b, rest, LU_NAMES_(map_names));
		}
		break;
	}
	case 'S':
		if (i > 0 && i < SIGRTMIN_LINUX && signal_names[i])
			sb_printf(b, "%s", signal_names[i]);
		else if (i >= SIGRTMIN_LINUX && i <= LU_NSIG)
			sb_printf(b, "SIGRTMIN+%d", i - SIGRTMIN_LINUX);
		else
			sb_printf(b, "%d", i);
		break;
	case 'C':
		if (!sb_name(b, (uint64_t)(int64_t)i, LU_NAMES_(clock_names)))
			sb_printf(b, "%d", i);
		break;
	case 'W':
		if (!sb_name(b, (uint64_t)(int64_t)i, LU_NAMES_(whence_names)))
			sb_printf(b, "%d", i);
		break;
	case 'F':
		if (!sb_name(b, (uint64_t)(int64_t)i, LU_NAMES_(fcntl_names)))
			sb_printf(b, "%d", i);
		break;
	case 'I':
		if (!sb_name(b, v & 0xffffffffu, LU_NAMES_(ioctl_names)))
			sb_printf(b, "%#llx",
				  (unsigned long long)(v & 0xffffffffu));
		break;
	case 'R':
		if (!sb_name(b, (uint64_t)(int64_t)i, LU_NAMES_(rlimit_names)))
			sb_printf(b, "%d", i);
		break;
	default: /* 'x' */
		sb_printf(b, "%#llx", (unsigned long long)v);
		break;
	}
}

static void strace_begin(struct sbuf *b, struct vcpu *cpu, uint64_t nr,
			 const struct lu_syscall_def *d, const uint64_t *a)
{
	b->n = 0;
	sb_printf(b, "%d ", (int)getpid());
	if (d)
		sb_printf(b, "%s(", d->name);
	else
		sb_printf(b, "syscall_%llu(", (unsigned long long)nr);
	const char *f = d ? d->args : "xxxxxx";
	for (int i = 0; f[i] && i < 6; i++) {
		if (i)
			sb_printf(b, ",");
		sb_arg(b, cpu, f[i], a[i]);
	}
	sb_printf(b, ")");
}

static void strace_result(struct sbuf *b, char fmt, int64_t r)
{
	if (r < 0 && r >= -4095) {
		int host = lu_errno_to_host((int)-r);
		char msg[128];
		const char *s = host ? strerror_r(host, msg, sizeof msg) : "?";
		sb_printf(b, " = -1 errno=%d (%s)", (int)-r, s);
	} else if (fmt == 'x') {
		sb_printf(b, " = %#llx", (unsigned long long)r);
	} else if (fmt == 'o') {
		sb_printf(b, " = %#llo", (unsigned long long)r);
	} else {
		sb_printf(b, " = %lld", (long long)r);
	}
}

static void strace_emit(struct lu_process *p, struct sbuf *b)
{
	FILE *f = p->log ? p->log : stderr;
	if (b->n > sizeof b->s - 2)
		b->n = sizeof b->s - 2;
	b->s[b->n++] = '\n';
	fwrite(b->s, 1, b->n, f);
	fflush(f);
}

static void report_unimp(struct lu_process *p, uint64_t nr)
{
	if (!p->log_unimp)
		return;
	size_t bits = sizeof p->unimp_reported * 8;
	if (nr < bits) {
		uint8_t bit = (uint8_t)(1u << (nr & 7));
		if (__atomic_fetch_or(&p->unimp_reported[nr >> 3], bit,
				      __ATOMIC_RELAXED) &
		    bit)
			return;
	}
	FILE *f = p->log ? p->log : stderr;
	fprintf(f, "Unsupported syscall: %llu\n", (unsigned long long)nr);
	fflush(f);
}

bool lu_syscall(struct vcpu *cpu)
{
	struct lu_process *p = cpu->proc;
	uint64_t nr = vcpu_xreg(cpu, 17);
	uint64_t a[6];
	for (unsigned i = 0; i < 6; i++)
		a[i] = vcpu_xreg(cpu, 10 + i);

	const struct lu_syscall_def *d = NULL;
	if (nr < LU_NR_MAX && lu_syscalls[nr].fn)
		d = &lu_syscalls[nr];

	/* A signal from another thread came after the last check between
	 * blocks: take it before the call, which runs after the handler. */
	if (lu_signal_has_pending(cpu) && lu_signal_deliverable(cpu)) {
		cpu->env.slot[RV_SLOT_PC] -= 4;
		return true;
	}

	struct sbuf line;
	bool trace = p->strace;
	if (trace) {
		strace_begin(&line, cpu, nr, d, a);
		if (d && d->ret == 'n') {
			strace_emit(p, &line);
			trace = false;
		}
	}

	int64_t r;
	if (d) {
		/* The call may block: other vCPUs must not wait for this one
		 * to reach a safe point (core/cpus.h). */
		struct cpu_list *cpus = &cpu->eng->cpus;
		cpus_exec_end(cpus, cpu);
		r = d->fn(cpu, a);
		cpus_exec_start(cpus, cpu);
	} else {
		r = -ENOSYS_LINUX;
		report_unimp(p, nr);
	}
	if (__atomic_load_n(&p->exiting, __ATOMIC_ACQUIRE) || cpu->thread_exit)
		return false;
	if (r == -EINTR_LINUX &&
	    (!lu_signal_deliverable(cpu) || lu_syscall_restarts(cpu, nr))) {
		/* Interrupted by a guest signal whose handler has SA_RESTART,
		 * or only by a signal that does nothing here (the kick of a
		 * signal this thread blocks, an ignored host signal):
		 * the ecall runs again (after the handler, if any). */
		cpu->env.slot[RV_SLOT_PC] -= 4;
		if (trace) {
			strace_result(&line, 'd', r);
			strace_emit(p, &line);
		}
		return true;
	}
	vcpu_set_xreg(cpu, 10, (uint64_t)r);

	if (trace) {
		strace_result(&line, d ? d->ret : 'd', r);
		strace_emit(p, &line);
	}
	return true;
}
