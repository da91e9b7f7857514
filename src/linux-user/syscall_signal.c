/*
 * Signal system calls of the riscv64 guest: dispositions (rt_sigaction,
 * into proc->sigact), the blocked mask (rt_sigprocmask, into cpu->sigmask)
 * and sending (kill, tkill, tgkill).
 *
 * Design: guest signals are not host signals.  A signal the guest sends
 * itself goes to lu_signal_deliver(), which applies the guest's action.  A
 * signal for another process goes to the host kernel.  Signals from
 * outside reach the guest through host_signal.c, which rt_sigaction keeps
 * in step with the guest's dispositions.
 *
 * Signals between threads of the process go to the target vCPU's pending
 * set (thread.c); sigsuspend and sigtimedwait wait on the vCPU's sig_seq
 * futex; ppoll and pselect6 apply their mask with lu_sigmask_begin/end.
 */
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/host_signal.h"
#include "linux-user/signal.h"
#include "linux-user/thread.h"
#include "linux-user/syscall_priv.h"

#define SIGBIT(s) (1ull << ((s)-1))
#define UNBLOCKABLE (SIGBIT(SIGKILL_LINUX) | SIGBIT(SIGSTOP_LINUX))

LU_SYSCALL(sys_rt_sigaction)
{
	struct lu_process *p = cpu->proc;
	int sig = (int)a[0];
	if (a[3] != LU_SIGSET_SIZE)
		return -EINVAL_LINUX;
	if (sig < 1 || sig > LU_NSIG)
		return -EINVAL_LINUX;
	if (a[1] && (sig == SIGKILL_LINUX || sig == SIGSTOP_LINUX))
		return -EINVAL_LINUX;
	_Static_assert(sizeof(struct lu_sigaction) == 24,
		       "riscv64 struct sigaction: handler, flags, mask");
	struct lu_sigaction nact, old;
	if (a[1] && guest_copy_from(lu_mem(cpu), &nact, a[1], sizeof nact))
		return -EFAULT_LINUX;
	pthread_mutex_lock(&p->sig_lock);
	old = p->sigact[sig];
	if (a[1]) {
		nact.mask &= ~UNBLOCKABLE;
		p->sigact[sig] = nact;
		lu_host_signal_follow(sig, nact.handler);
	}
	pthread_mutex_unlock(&p->sig_lock);
	if (a[2] && guest_copy_to(lu_mem(cpu), a[2], &old, sizeof old))
		return -EFAULT_LINUX;
	return 0;
}

LU_SYSCALL(sys_rt_sigprocmask)
{
	if (a[3] != LU_SIGSET_SIZE)
		return -EINVAL_LINUX;
	uint64_t old = cpu->sigmask;
	if (a[1]) {
		uint64_t set;
		if (guest_copy_from(lu_mem(cpu), &set, a[1], sizeof set))
			return -EFAULT_LINUX;
		set &= ~UNBLOCKABLE;
		switch ((int)a[0]) {
		case SIG_BLOCK_LINUX:
			lu_signal_set_mask(cpu, old | set);
			break;
		case SIG_UNBLOCK_LINUX:
			lu_signal_set_mask(cpu, old & ~set);
			break;
		case SIG_SETMASK_LINUX:
			lu_signal_set_mask(cpu, set);
			break;
		default:
			return -EINVAL_LINUX;
		}
	}
	if (a[2] && guest_copy_to(lu_mem(cpu), a[2], &old, sizeof old))
		return -EFAULT_LINUX;
	return 0;
}

LU_SYSCALL(sys_rt_sigpending)
{
	if (a[1] > LU_SIGSET_SIZE)
		return -EINVAL_LINUX;
	/* Signals from outside that this thread blocks wait in the host
	 * kernel (host_signal.c). */
	uint64_t pending =
	    (__atomic_load_n(&cpu->sigpending, __ATOMIC_ACQUIRE) |
	     lu_host_pending()) &
	    cpu->sigmask;
	return guest_copy_to(lu_mem(cpu), a[0], &pending, a[1]) ? -EFAULT_LINUX
								: 0;
}

LU_SYSCALL(sys_sigaltstack)
{
	uint64_t sp = vcpu_xreg(cpu, 2);
	bool on_stack = cpu->altstack_size && sp > cpu->altstack_sp &&
			sp - cpu->altstack_sp <= cpu->altstack_size;
	struct lu_stack old = {
	    .ss_sp = cpu->altstack_sp,
	    .ss_flags = cpu->altstack_size ? (on_stack ? SS_ONSTACK_LINUX : 0)
					   : SS_DISABLE_LINUX,
	    .ss_size = cpu->altstack_size};
	if (a[0]) {
		struct lu_stack ss;
		if (guest_copy_from(lu_mem(cpu), &ss, a[0], sizeof ss))
			return -EFAULT_LINUX;
		uint32_t mode = (uint32_t)ss.ss_flags & ~SS_AUTODISARM_LINUX;
		if (mode != 0 && mode != SS_DISABLE_LINUX &&
		    mode != SS_ONSTACK_LINUX)
			return -EINVAL_LINUX;
		if (mode != SS_DISABLE_LINUX && ss.ss_size < MINSIGSTKSZ_LINUX)
			return -ENOMEM_LINUX;
		if (on_stack)
			return -EPERM_LINUX;
		if (mode == SS_DISABLE_LINUX) {
			cpu->altstack_sp = cpu->altstack_size = 0;
		} else {
			cpu->altstack_sp = ss.ss_sp;
			cpu->altstack_size = ss.ss_size;
		}
		cpu->altstack_flags = (int)ss.ss_flags;
	}
	if (a[1] && guest_copy_to(lu_mem(cpu), a[1], &old, sizeof old))
		return -EFAULT_LINUX;
	return 0;
}

/* Signal sig (1..64) sent by the guest to itself. */
static int64_t to_self(struct vcpu *cpu, int sig)
{
	uint64_t handler = lu_sigaction_get(cpu->proc, sig).handler;
	if (sig == SIGKILL_LINUX) {
		lu_signal_deliver(cpu, sig, lu_syscall_pc(cpu));
		return 0;
	}
	if (handler == SIG_IGN_LINUX)
		return 0;
	/* Job control stops and continues the real process. */
	if (handler == SIG_DFL_LINUX &&
	    (sig == SIGSTOP_LINUX || sig == SIGTSTP_LINUX ||
	     sig == SIGTTIN_LINUX || sig == SIGTTOU_LINUX ||
	     sig == SIGCONT_LINUX))
		return lu_ret(kill(getpid(), sig));
	lu_signal_deliver(cpu, sig, lu_syscall_pc(cpu));
	return 0;
}

static bool bad_signal(int sig)
{
	return sig < 0 || sig > LU_NSIG;
}

LU_SYSCALL(sys_kill)
{
	int pid = (int)a[0], sig = (int)a[1];
	if (bad_signal(sig))
		return -EINVAL_LINUX;
	if (pid == getpid()) {
		if (sig && lu_process_signal(cpu, sig))
			return 0;
		return sig ? to_self(cpu, sig) : 0;
	}
	return lu_ret(kill(pid, sig));
}

LU_SYSCALL(sys_tkill)
{
	int tid = (int)a[0], sig = (int)a[1];
	if (tid <= 0 || bad_signal(sig))
		return -EINVAL_LINUX;
	if (tid == gettid())
		return sig ? to_self(cpu, sig) : 0;
	if (sig && lu_thread_signal(cpu, tid, sig))
		return 0; /* another thread of this process */
	return lu_ret(syscall(SYS_tkill, tid, sig));
}

LU_SYSCALL(sys_tgkill)
{
	int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
	if (tgid <= 0 || tid <= 0 || bad_signal(sig))
		return -EINVAL_LINUX;
	if (tgid == getpid() && tid == gettid())
		return sig ? to_self(cpu, sig) : 0;
	if (tgid == getpid() && sig && lu_thread_signal(cpu, tid, sig))
		return 0; /* another thread of this process */
	return lu_ret(syscall(SYS_tgkill, tgid, tid, sig));
}

/* ---- waiting for signals ---- */

/*
 * Block until a signal is sent to this thread (sig_seq moves past seq) or
 * the absolute host CLOCK_MONOTONIC deadline passes: 0, or -ETIMEDOUT.
 * Other threads bump sig_seq and wake the futex after marking a signal
 * pending, so a signal sent after the caller looked is never missed.
 */
static int wait_for_signal(struct vcpu *cpu, uint32_t seq,
			   const struct timespec *deadline)
{
	struct timespec rel, *t = NULL;
	if (deadline) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		rel.tv_sec = deadline->tv_sec - now.tv_sec;
		rel.tv_nsec = deadline->tv_nsec - now.tv_nsec;
		if (rel.tv_nsec < 0) {
			rel.tv_nsec += 1000000000;
			rel.tv_sec--;
		}
		if (rel.tv_sec < 0)
			return -ETIMEDOUT;
		t = &rel;
	}
	long r = syscall(SYS_futex, &cpu->sig_seq, FUTEX_WAIT_PRIVATE, seq, t,
			 NULL, 0);
	return r == -1 && errno == ETIMEDOUT ? -ETIMEDOUT : 0;
}

static uint32_t sig_seq(struct vcpu *cpu)
{
	return __atomic_load_n(&cpu->sig_seq, __ATOMIC_ACQUIRE);
}

/* rt_sigsuspend(mask, size): wait with mask for a signal whose handler
 * runs; the caller's mask comes back when the handler returns. */
LU_SYSCALL(sys_rt_sigsuspend)
{
	uint64_t mask;
	if (a[1] != LU_SIGSET_SIZE)
		return -EINVAL_LINUX;
	if (guest_copy_from(lu_mem(cpu), &mask, a[0], sizeof mask))
		return -EFAULT_LINUX;
	uint64_t old = cpu->sigmask;
	lu_signal_set_mask(cpu, mask & ~UNBLOCKABLE);
	for (;;) {
		uint32_t seq = sig_seq(cpu);
		if (lu_signal_deliverable(cpu))
			break;
		wait_for_signal(cpu, seq, NULL);
	}
	cpu->saved_sigmask = old;
	cpu->restore_sigmask = true;
	return -EINTR_LINUX;
}

/* rt_sigtimedwait(set, info, timeout, size): take a pending signal of
 * set; a signal outside set that has a handler interrupts the wait. */
LU_SYSCALL(sys_rt_sigtimedwait)
{
	uint64_t set;
	if (a[3] != LU_SIGSET_SIZE)
		return -EINVAL_LINUX;
	if (guest_copy_from(lu_mem(cpu), &set, a[0], sizeof set))
		return -EFAULT_LINUX;
	set &= ~UNBLOCKABLE;
	struct timespec deadline, *dl = NULL;
	if (a[2]) {
		struct lu_timespec ts;
		if (guest_copy_from(lu_mem(cpu), &ts, a[2], sizeof ts))
			return -EFAULT_LINUX;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL_LINUX;
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += ts.tv_sec;
		deadline.tv_nsec += ts.tv_nsec;
		if (deadline.tv_nsec >= 1000000000) {
			deadline.tv_nsec -= 1000000000;
			deadline.tv_sec++;
		}
		dl = &deadline;
	}
	/* Signals from outside for set may come to this thread now. */
	sigset_t host_saved;
	lu_host_mask_unblock(set, &host_saved);
	int64_t r;
	for (;;) {
		uint32_t seq = sig_seq(cpu);
		uint8_t info[128];
		int sig = lu_signal_take(cpu, set, info);
		if (sig) {
			r = sig;
			if (a[1] &&
			    guest_copy_to(lu_mem(cpu), a[1], info, sizeof info))
				r = -EFAULT_LINUX;
			break;
		}
		if (lu_signal_deliverable(cpu)) {
			r = -EINTR_LINUX;
			break;
		}
		if (wait_for_signal(cpu, seq, dl) == -ETIMEDOUT) {
			r = -EAGAIN_LINUX;
			break;
		}
	}
	lu_host_mask_restore(&host_saved);
	return r;
}

/* ---- temporary masks of ppoll and pselect6 ---- */

int64_t lu_sigmask_begin(struct vcpu *cpu, uint64_t addr, uint64_t size,
			 uint64_t *old)
{
	*old = cpu->sigmask;
	if (!addr)
		return 0;
	if (size != LU_SIGSET_SIZE)
		return -EINVAL_LINUX;
	uint64_t mask;
	if (guest_copy_from(lu_mem(cpu), &mask, addr, sizeof mask))
		return -EFAULT_LINUX;
	lu_signal_set_mask(cpu, mask & ~UNBLOCKABLE);
	/* A signal the new mask lets through ends the wait at once. */
	return lu_signal_deliverable(cpu) ? -EINTR_LINUX : 0;
}

int64_t lu_sigmask_end(struct vcpu *cpu, uint64_t old, int64_t r)
{
	if (r == -EINTR_LINUX && lu_signal_deliverable(cpu)) {
		/* The handler runs with the call's mask, the caller's comes
		 * back when it returns (as after sigsuspend). */
		cpu->saved_sigmask = old;
		cpu->restore_sigmask = true;
	} else {
		lu_signal_set_mask(cpu, old);
	}
	return r;
}
