/*
 * Asynchronous host signals become guest signals.
 *
 * A signal from outside (a terminal's SIGINT, a timer's SIGALRM, a child's
 * SIGCHLD, another process's kill) arrives at loupe as a host signal.  loupe
 * catches every such signal the guest may see and makes it pending on the
 * vCPU of the host thread that took it, with the host's siginfo (the
 * generic Linux layout, the same on x86-64 and riscv64); the guest's
 * disposition is applied when the vCPU delivers it, between blocks or after
 * the system call it interrupted.  So a guest handler runs, a blocked
 * signal waits for sigwait, and a default action ends loupe by that signal
 * after the plugins' atexit.
 *
 * Each host thread's signal mask follows its guest thread's mask for the
 * forwarded signals, so the kernel's own rules pick the thread (one whose
 * guest does not block the signal) and keep a signal pending for the
 * process while all threads block it; sigtimedwait unblocks its set on
 * the host while it waits.
 *
 * Two host dispositions follow the guest's instead: SIG_IGN (it changes
 * what the kernel does: an ignored SIGCHLD reaps children, and signals
 * ignored when loupe starts stay ignored for the guest, as across exec),
 * and the default of the job-control stops SIGTSTP/SIGTTIN/SIGTTOU (the
 * host process must stop).  Synchronous faults (SIGSEGV, SIGBUS, SIGILL,
 * SIGFPE, SIGTRAP) are loupe's own (fault.c), and so are real-time
 * signals 32 and 33 (the host glibc's) and 64 (the kick of thread.c).
 */
#include "linux-user/host_signal.h"

#include <errno.h>
#include <pthread.h>
#include <linux/futex.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/cpus.h"
#include "core/vcpu.h"
#include "linux-user/fault.h"
#include "linux-user/process.h"

static bool forwarded(int sig)
{
	switch (sig) {
	case SIGKILL:
	case SIGSTOP:
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		return false;
	default:
		/* Real-time signals: not glibc's own two (32, 33, which the
		 * host's threads use) nor loupe's kick (64). */
		return (sig >= 1 && sig <= 31) || (sig >= 34 && sig <= 63);
	}
}

static bool job_control_stop(int sig)
{
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void forward(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	int saved_errno = errno;
	struct vcpu *cpu = lu_fault_vcpu();
	if (!cpu) {
		/* Before the guest runs: its disposition is the default. */
		signal(sig, SIG_DFL);
		raise(sig);
		errno = saved_errno;
		return;
	}
	uint64_t bit = 1ull << (sig - 1);
	memcpy(cpu->host_siginfo[sig], info, sizeof(cpu->host_siginfo[sig]));
	__atomic_fetch_or(&cpu->host_siginfo_valid, bit, __ATOMIC_RELEASE);
	__atomic_fetch_or(&cpu->sigpending, bit, __ATOMIC_RELEASE);
	__atomic_fetch_add(&cpu->sig_seq, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &cpu->sig_seq, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	cpus_kick(cpu);
	errno = saved_errno;
}

static void set_host(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = fn;
	sigaction(sig, &sa, NULL);
}

static void set_forward(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = forward;
	/* No SA_RESTART: the interrupted call ends with EINTR, and loupe
	 * restarts it if the guest's handler asks (syscall.c). */
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

void lu_host_signals_init(struct lu_process *p)
{
	for (int sig = 1; sig <= 63; sig++) {
		if (!forwarded(sig))
			continue;
		struct sigaction cur;
		if (sigaction(sig, NULL, &cur) == 0 &&
		    cur.sa_handler == SIG_IGN) {
			p->sigact[sig].handler =
			    1; /* inherited, as across exec */
			continue;
		}
		if (!job_control_stop(sig))
			set_forward(sig);
	}
}

void lu_host_signal_follow(int sig, uint64_t guest_handler)
{
	if (!forwarded(sig))
		return;
	if (guest_handler == 1)
		set_host(sig, SIG_IGN);
	else if (guest_handler == 0 && job_control_stop(sig))
		set_host(sig, SIG_DFL);
	else
		set_forward(sig);
}

static void forwarded_set(uint64_t guest_bits, sigset_t *set)
{
	sigemptyset(set);
	while (guest_bits) {
		int sig = __builtin_ctzll(guest_bits) + 1;
		guest_bits &= guest_bits - 1;
		if (forwarded(sig))
			sigaddset(set, sig);
	}
}

void lu_host_mask_follow(uint64_t guest_mask)
{
	sigset_t set;
	forwarded_set(guest_mask, &set);
	pthread_sigmask(SIG_SETMASK, &set, NULL);
}

void lu_host_mask_unblock(uint64_t set_bits, sigset_t *saved)
{
	sigset_t set;
	forwarded_set(set_bits, &set);
	pthread_sigmask(SIG_UNBLOCK, &set, saved);
}

void lu_host_mask_restore(const sigset_t *saved)
{
	pthread_sigmask(SIG_SETMASK, saved, NULL);
}

uint64_t lu_host_pending(void)
{
	sigset_t set;
	uint64_t bits = 0;
	if (sigpending(&set) != 0)
		return 0;
	for (int sig = 1; sig <= 63; sig++)
		if (forwarded(sig) && sigismember(&set, sig))
			bits |= 1ull << (sig - 1);
	return bits;
}

uint64_t lu_host_initial_mask(void)
{
	sigset_t set;
	uint64_t bits = 0;
	if (pthread_sigmask(SIG_BLOCK, NULL, &set) != 0)
		return 0;
	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sigismember(&set, sig))
			bits |= 1ull << (sig - 1);
	return bits;
}
