/*
 * Process and identity system calls of the riscv64 guest: exit, ids,
 * thread bookkeeping (set_tid_address, robust lists), resource limits,
 * uname, sysinfo, getrandom, scheduling, prctl, futex, wait.
 *
 * Design: a guest thread is a host thread, so ids, scheduling and futexes
 * (on host addresses of guest memory) are the host's.  What would let the
 * guest change loupe itself is refused or kept from the host: limits on
 * the address space, data or stack (loupe has already reserved the guest
 * space; qemu-user ignores them the same way), seccomp and no_new_privs.
 */
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux-user/syscall_priv.h"
#include "linux-user/thread.h"

/* ---- exit ---- */

LU_SYSCALL(sys_exit_group)
{
	struct lu_process *p = cpu->proc;
	p->exit_status = (int)(a[0] & 0xff);
	__atomic_store_n(&p->exiting, true, __ATOMIC_RELEASE);
	return 0;
}

/* The thread ends; the process ends with it if it was the last one
 * (lu_vcpu_finish decides). */
LU_SYSCALL(sys_exit)
{
	cpu->thread_exit = true;
	cpu->exit_code = (int)(a[0] & 0xff);
	return 0;
}

/* ---- ids ---- */

LU_SYSCALL(sys_getpid)
{
	return getpid();
}

LU_SYSCALL(sys_getppid)
{
	return getppid();
}

LU_SYSCALL(sys_gettid)
{
	return gettid();
}

LU_SYSCALL(sys_getuid)
{
	return getuid();
}

LU_SYSCALL(sys_geteuid)
{
	return geteuid();
}

LU_SYSCALL(sys_getgid)
{
	return getgid();
}

LU_SYSCALL(sys_getegid)
{
	return getegid();
}

static int64_t put_ids(struct vcpu *cpu, const uint64_t *a, const uint32_t v[3])
{
	for (int i = 0; i < 3; i++)
		if (guest_copy_to(lu_mem(cpu), a[i], &v[i], sizeof v[i]))
			return -EFAULT_LINUX;
	return 0;
}

LU_SYSCALL(sys_getresuid)
{
	uid_t r, e, s;
	if (getresuid(&r, &e, &s) == -1)
		return lu_errno(errno);
	uint32_t v[3] = {r, e, s};
	return put_ids(cpu, a, v);
}

LU_SYSCALL(sys_getresgid)
{
	gid_t r, e, s;
	if (getresgid(&r, &e, &s) == -1)
		return lu_errno(errno);
	uint32_t v[3] = {r, e, s};
	return put_ids(cpu, a, v);
}

LU_SYSCALL(sys_getgroups)
{
	int size = (int)a[0];
	if (size < 0)
		return -EINVAL_LINUX;
	gid_t *list = NULL;
	if (size && !(list = lu_kptr(cpu, a[1], (uint64_t)size * sizeof *list)))
		return -EFAULT_LINUX;
	return lu_ret(syscall(SYS_getgroups, size, list));
}

LU_SYSCALL(sys_setpgid)
{
	return lu_ret(setpgid((pid_t)a[0], (pid_t)a[1]));
}

LU_SYSCALL(sys_getpgid)
{
	return lu_ret(getpgid((pid_t)a[0]));
}

LU_SYSCALL(sys_getsid)
{
	return lu_ret(getsid((pid_t)a[0]));
}

LU_SYSCALL(sys_setsid)
{
	return lu_ret(setsid());
}

/* ---- threads ---- */

LU_SYSCALL(sys_set_tid_address)
{
	cpu->clear_child_tid = a[0];
	return gettid();
}

LU_SYSCALL(sys_set_robust_list)
{
	if (a[1] != LU_ROBUST_LIST_HEAD_SIZE)
		return -EINVAL_LINUX;
	cpu->robust_list = a[0];
	cpu->robust_list_len = a[1];
	return 0;
}

LU_SYSCALL(sys_get_robust_list)
{
	int pid = (int)a[0];
	if (pid && pid != gettid())
		return -ESRCH_LINUX; /* other threads: not tracked here */
	uint64_t head = cpu->robust_list, len = LU_ROBUST_LIST_HEAD_SIZE;
	if (guest_copy_to(lu_mem(cpu), a[2], &len, sizeof len) ||
	    guest_copy_to(lu_mem(cpu), a[1], &head, sizeof head))
		return -EFAULT_LINUX;
	return 0;
}

/* glibc falls back cleanly when rseq is missing. */
LU_SYSCALL(sys_rseq)
{
	return -ENOSYS_LINUX;
}

/*
 * futex on the host address of the guest word: guest threads are host
 * threads, so waiters and wakers meet in the host kernel.  The op codes and
 * struct timespec are the same on both sides.
 */
LU_SYSCALL(sys_futex)
{
	int op = (int)a[1];
	int cmd = op & FUTEX_CMD_MASK_LINUX;
	uint32_t *uaddr = lu_kptr(cpu, a[0], 4);
	if (!uaddr)
		return -EFAULT_LINUX;
	void *arg4 = (void *)(uintptr_t)a[3]; /* timeout or val2 */
	uint32_t *uaddr2 = NULL;
	switch (cmd) {
	case FUTEX_WAIT_LINUX:
	case FUTEX_WAIT_BITSET_LINUX:
	case FUTEX_LOCK_PI_LINUX:
		if (a[3] &&
		    !(arg4 = lu_kptr(cpu, a[3], sizeof(struct lu_timespec))))
			return -EFAULT_LINUX;
		if (!a[3])
			arg4 = NULL;
		break;
	case FUTEX_REQUEUE_LINUX:
	case FUTEX_CMP_REQUEUE_LINUX:
	case FUTEX_WAKE_OP_LINUX:
		if (!(uaddr2 = lu_kptr(cpu, a[4], 4)))
			return -EFAULT_LINUX;
		break;
	case FUTEX_WAKE_LINUX:
	case FUTEX_WAKE_BITSET_LINUX:
	case FUTEX_UNLOCK_PI_LINUX:
	case FUTEX_TRYLOCK_PI_LINUX:
		break;
	default:
		return -ENOSYS_LINUX;
	}
	return lu_ret(syscall(SYS_futex, uaddr, op, (uint32_t)a[2], arg4,
			      uaddr2, (uint32_t)a[5]));
}

/* ---- resource limits ---- */

/* Limits loupe keeps from the host: its own memory layout depends on
 * them. */
static bool limit_is_loupes(int res)
{
	return res == RLIMIT_AS_LINUX || res == RLIMIT_DATA_LINUX ||
	       res == RLIMIT_STACK_LINUX;
}

static int64_t do_prlimit(struct vcpu *cpu, int pid, int res, uint64_t new_addr,
			  uint64_t old_addr)
{
	/* RLIMIT_* and struct rlimit are the same on riscv64 and x86-64. */
	_Static_assert(sizeof(struct rlimit) == sizeof(struct lu_rlimit),
		       "rlimit layout");
	struct rlimit nl, ol;
	if (res < 0 || res >= RLIM_NLIMITS_LINUX)
		return -EINVAL_LINUX;
	if (new_addr && guest_copy_from(lu_mem(cpu), &nl, new_addr, sizeof nl))
		return -EFAULT_LINUX;
	bool self = pid == 0 || pid == getpid();
	if (new_addr && (!self || !limit_is_loupes(res))) {
		if (syscall(SYS_prlimit64, pid, res, &nl, &ol) == -1)
			return lu_errno(errno);
	} else {
		if (new_addr && nl.rlim_cur > nl.rlim_max)
			return -EINVAL_LINUX;
		if (syscall(SYS_prlimit64, pid, res, NULL, &ol) == -1)
			return lu_errno(errno);
	}
	if (old_addr && guest_copy_to(lu_mem(cpu), old_addr, &ol, sizeof ol))
		return -EFAULT_LINUX;
	return 0;
}

LU_SYSCALL(sys_prlimit64)
{
	return do_prlimit(cpu, (int)a[0], (int)a[1], a[2], a[3]);
}

LU_SYSCALL(sys_getrlimit)
{
	return do_prlimit(cpu, 0, (int)a[0], 0, a[1]);
}

LU_SYSCALL(sys_setrlimit)
{
	if (!a[1])
		return -EFAULT_LINUX;
	return do_prlimit(cpu, 0, (int)a[0], a[1], 0);
}

/* ---- system information ---- */

LU_SYSCALL(sys_uname)
{
	struct utsname h;
	struct lu_utsname g;
	if (uname(&h) == -1)
		return lu_errno(errno);
	_Static_assert(sizeof h.sysname == LU_UTS_LEN, "utsname field size");
	memset(&g, 0, sizeof g);
	memcpy(g.sysname, h.sysname, LU_UTS_LEN);
	memcpy(g.nodename, h.nodename, LU_UTS_LEN);
	memcpy(g.release, h.release, LU_UTS_LEN);
	memcpy(g.version, h.version, LU_UTS_LEN);
	memcpy(g.domainname, h.domainname, LU_UTS_LEN);
	strcpy(g.machine, "riscv64");
	return guest_copy_to(lu_mem(cpu), a[0], &g, sizeof g) ? -EFAULT_LINUX
							      : 0;
}

LU_SYSCALL(sys_sysinfo)
{
	struct sysinfo h;
	struct lu_sysinfo g;
	if (sysinfo(&h) == -1)
		return lu_errno(errno);
	memset(&g, 0, sizeof g);
	g.uptime = h.uptime;
	for (int i = 0; i < 3; i++)
		g.loads[i] = h.loads[i];
	g.totalram = h.totalram;
	g.freeram = h.freeram;
	g.sharedram = h.sharedram;
	g.bufferram = h.bufferram;
	g.totalswap = h.totalswap;
	g.freeswap = h.freeswap;
	g.procs = h.procs;
	g.totalhigh = h.totalhigh;
	g.freehigh = h.freehigh;
	g.mem_unit = h.mem_unit;
	return guest_copy_to(lu_mem(cpu), a[0], &g, sizeof g) ? -EFAULT_LINUX
							      : 0;
}

LU_SYSCALL(sys_getrandom)
{
	uint64_t len = a[1];
	void *buf = lu_kbuf(cpu, a[0], &len);
	if (!buf)
		return -EFAULT_LINUX;
	/* GRND_* are the same everywhere. */
	return lu_ret(syscall(SYS_getrandom, buf, len, (unsigned)a[2]));
}

/* ---- scheduling ---- */

LU_SYSCALL(sys_sched_yield)
{
	return lu_ret(sched_yield());
}

/* The cpu mask length: the kernel accepts any multiple of 8 covering its
 * CPUs and uses at most its own mask size, so a huge length can be cut. */
static void *affinity_mask(struct vcpu *cpu, uint64_t addr, uint64_t *len)
{
	if (*len > 8192)
		*len = 8192;
	return lu_kptr(cpu, addr, *len);
}

LU_SYSCALL(sys_sched_getaffinity)
{
	uint64_t len = a[1];
	void *mask = affinity_mask(cpu, a[2], &len);
	if (!mask)
		return -EFAULT_LINUX;
	return lu_ret(syscall(SYS_sched_getaffinity, (pid_t)a[0], len, mask));
}

LU_SYSCALL(sys_sched_setaffinity)
{
	uint64_t len = a[1];
	void *mask = affinity_mask(cpu, a[2], &len);
	if (!mask)
		return -EFAULT_LINUX;
	return lu_ret(syscall(SYS_sched_setaffinity, (pid_t)a[0], len, mask));
}

LU_SYSCALL(sys_sched_getscheduler)
{
	return lu_ret(syscall(SYS_sched_getscheduler, (pid_t)a[0]));
}

LU_SYSCALL(sys_sched_getparam)
{
	int32_t *p = lu_kptr(cpu, a[1], sizeof *p);
	if (!p)
		return -EFAULT_LINUX;
	return lu_ret(syscall(SYS_sched_getparam, (pid_t)a[0], p));
}

LU_SYSCALL(sys_sched_get_priority_max)
{
	return lu_ret(syscall(SYS_sched_get_priority_max, (int)a[0]));
}

LU_SYSCALL(sys_sched_get_priority_min)
{
	return lu_ret(syscall(SYS_sched_get_priority_min, (int)a[0]));
}

LU_SYSCALL(sys_getpriority)
{
	/* The raw syscall returns 20 - nice, never negative. */
	return lu_ret(syscall(SYS_getpriority, (int)a[0], (id_t)a[1]));
}

LU_SYSCALL(sys_setpriority)
{
	return lu_ret(
	    syscall(SYS_setpriority, (int)a[0], (id_t)a[1], (int)a[2]));
}

LU_SYSCALL(sys_getcpu)
{
	unsigned c, n;
	if (syscall(SYS_getcpu, &c, &n, NULL) == -1)
		return lu_errno(errno);
	if (a[0] && guest_copy_to(lu_mem(cpu), a[0], &c, sizeof c))
		return -EFAULT_LINUX;
	if (a[1] && guest_copy_to(lu_mem(cpu), a[1], &n, sizeof n))
		return -EFAULT_LINUX;
	return 0;
}

/* ---- prctl ---- */

LU_SYSCALL(sys_prctl)
{
	int option = (int)a[0];
	switch (option) {
	case PR_SET_NAME_LINUX: {
		char name[LU_TASK_COMM_LEN];
		int64_t r = lu_strcpy_from(cpu, name, sizeof name, a[1]);
		if (r == -EFAULT_LINUX)
			return r;
		name[sizeof name - 1] = 0; /* the kernel truncates */
		return lu_ret(prctl(PR_SET_NAME, name));
	}
	case PR_GET_NAME_LINUX: {
		char name[LU_TASK_COMM_LEN] = {0};
		if (prctl(PR_GET_NAME, name) == -1)
			return lu_errno(errno);
		return guest_copy_to(lu_mem(cpu), a[1], name, sizeof name)
			   ? -EFAULT_LINUX
			   : 0;
	}
	case PR_GET_PDEATHSIG_LINUX: {
		int sig;
		if (prctl(PR_GET_PDEATHSIG, &sig) == -1)
			return lu_errno(errno);
		return guest_copy_to(lu_mem(cpu), a[1], &sig, sizeof sig)
			   ? -EFAULT_LINUX
			   : 0;
	}
	case PR_GET_TID_ADDRESS_LINUX:
		return guest_copy_to(lu_mem(cpu), a[1], &cpu->clear_child_tid,
				     sizeof cpu->clear_child_tid)
			   ? -EFAULT_LINUX
			   : 0;
	/* Harmless to pass on: they concern this thread or process only
	 * and take integers. */
	case PR_SET_PDEATHSIG_LINUX:
	case PR_GET_DUMPABLE_LINUX:
	case PR_SET_DUMPABLE_LINUX:
	case PR_GET_KEEPCAPS_LINUX:
	case PR_SET_KEEPCAPS_LINUX:
	case PR_GET_TIMING_LINUX:
	case PR_GET_SECCOMP_LINUX:
	case PR_CAPBSET_READ_LINUX:
	case PR_GET_TIMERSLACK_LINUX:
	case PR_SET_TIMERSLACK_LINUX:
	case PR_SET_CHILD_SUBREAPER_LINUX:
	case PR_GET_NO_NEW_PRIVS_LINUX:
	case PR_SET_THP_DISABLE_LINUX:
	case PR_GET_THP_DISABLE_LINUX:
		return lu_ret(prctl(option, (unsigned long)a[1],
				    (unsigned long)a[2], (unsigned long)a[3],
				    (unsigned long)a[4]));
	case PR_GET_CHILD_SUBREAPER_LINUX: {
		int v;
		if (prctl(PR_GET_CHILD_SUBREAPER, &v) == -1)
			return lu_errno(errno);
		return guest_copy_to(lu_mem(cpu), a[1], &v, sizeof v)
			   ? -EFAULT_LINUX
			   : 0;
	}
	/* A host seccomp filter or no_new_privs would bind loupe itself. */
	case PR_SET_SECCOMP_LINUX:
	case PR_SET_NO_NEW_PRIVS_LINUX:
	default:
		return -EINVAL_LINUX;
	}
}

/* ---- children ---- */

#define CLONE_VM_G 0x00000100u
#define CLONE_VFORK_G 0x00004000u
#define CLONE_SETTLS_G 0x00080000u
#define CLONE_PARENT_SETTID_G 0x00100000u
#define CLONE_CHILD_CLEARTID_G 0x00200000u
#define CLONE_CHILD_SETTID_G 0x01000000u
#define CLONE_FS_G 0x00000200u
#define CLONE_FILES_G 0x00000400u
#define CLONE_SIGHAND_G 0x00000800u
#define CLONE_THREAD_G 0x00010000u
#define CLONE_SYSVSEM_G 0x00040000u
#define CLONE_DETACHED_G 0x00400000u
/* What a new process may share or set: everything else (namespaces,
 * pidfds, ...) is refused. */
#define CLONE_FORK_OK                                                          \
	(0xffu | CLONE_VM_G | CLONE_VFORK_G | CLONE_SETTLS_G |                 \
	 CLONE_PARENT_SETTID_G | CLONE_CHILD_CLEARTID_G |                      \
	 CLONE_CHILD_SETTID_G)
/* A thread shares everything a host thread shares. */
#define CLONE_THREAD_NEEDS                                                     \
	(CLONE_VM_G | CLONE_FS_G | CLONE_FILES_G | CLONE_SIGHAND_G |           \
	 CLONE_THREAD_G)
#define CLONE_THREAD_OK                                                        \
	(CLONE_THREAD_NEEDS | CLONE_SYSVSEM_G | CLONE_SETTLS_G |               \
	 CLONE_PARENT_SETTID_G | CLONE_CHILD_CLEARTID_G |                      \
	 CLONE_CHILD_SETTID_G | CLONE_DETACHED_G)

/*
 * clone(flags, stack, parent_tid, tls, child_tid).  A thread (CLONE_VM
 * without CLONE_VFORK) is a host thread with its own vCPU (thread.c): it
 * must share what host threads share (files, fs, signal handlers, thread
 * group), as glibc's pthread_create asks; other CLONE_VM mixes are EINVAL.
 * A new process (fork, vfork): the host process forks, guest memory and
 * all, and the child goes on running the guest from the same point with
 * a0 = 0.  vfork is a fork (as in qemu-user): the parent does not wait for
 * the child's exec.
 */
LU_SYSCALL(sys_clone)
{
	uint64_t flags = a[0];
	if ((flags & CLONE_VM_G) && !(flags & CLONE_VFORK_G)) {
		if ((flags & CLONE_THREAD_NEEDS) != CLONE_THREAD_NEEDS ||
		    (flags & ~(uint64_t)CLONE_THREAD_OK) || (flags & 0xff))
			return -EINVAL_LINUX;
		int64_t r =
		    lu_thread_create(cpu, flags, a[1], a[2], a[3], a[4]);
		return r < 0 ? lu_errno((int)-r) : r;
	}
	if (flags & ~(uint64_t)CLONE_FORK_OK)
		return -EINVAL_LINUX;
	fflush(stdout);
	fflush(stderr);
	if (cpu->proc->log)
		fflush(cpu->proc->log);
	lu_fork_prepare(cpu);
	pid_t pid = fork();
	int err = errno;
	lu_fork_done(cpu, pid == 0);
	if (pid < 0)
		return lu_errno(err);
	if (pid == 0) {
		pid_t self = getpid();
		if (a[1])
			vcpu_set_xreg(cpu, 2, a[1]);
		if (flags & CLONE_SETTLS_G)
			vcpu_set_xreg(cpu, 4, a[3]);
		if (flags & CLONE_CHILD_SETTID_G)
			guest_copy_to(lu_mem(cpu), a[4], &self, sizeof(self));
		if (flags & CLONE_CHILD_CLEARTID_G)
			cpu->clear_child_tid = a[4];
		return 0;
	}
	if (flags & CLONE_PARENT_SETTID_G)
		guest_copy_to(lu_mem(cpu), a[2], &pid, sizeof(pid));
	return pid;
}

LU_SYSCALL(sys_wait4)
{
	int *status = NULL;
	struct rusage *ru = NULL;
	if (a[1] && !(status = lu_kptr(cpu, a[1], sizeof *status)))
		return -EFAULT_LINUX;
	if (a[3] && !(ru = lu_kptr(cpu, a[3], sizeof(struct lu_rusage))))
		return -EFAULT_LINUX;
	/* Status encoding and WNOHANG/WUNTRACED/... are generic. */
	return lu_ret(syscall(SYS_wait4, (pid_t)a[0], status, (int)a[2], ru));
}

LU_SYSCALL(sys_waitid)
{
	/* siginfo_t is 128 bytes with the generic layout on both sides. */
	void *info = NULL;
	struct rusage *ru = NULL;
	if (a[2] && !(info = lu_kptr(cpu, a[2], 128)))
		return -EFAULT_LINUX;
	if (a[4] && !(ru = lu_kptr(cpu, a[4], sizeof(struct lu_rusage))))
		return -EFAULT_LINUX;
	return lu_ret(
	    syscall(SYS_waitid, (int)a[0], (id_t)a[1], info, (int)a[3], ru));
}
