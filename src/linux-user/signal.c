/*
 * Guest signal delivery for riscv64.
 *
 * The frame the handler sees is the kernel's struct rt_sigframe: a 128-byte
 * siginfo followed by a ucontext whose mcontext holds pc and x1..x31, the
 * 32 FP registers (in the 528-byte Q-extension layout) and fcsr.  The
 * handler returns to a trampoline page (li a7, 139; ecall) that loupe maps
 * at start, since there is no vDSO; rt_sigreturn restores the frame.
 *
 * Default actions end loupe by the same host signal (after printing qemu's
 * "uncaught target signal" line for signals that dump core), so the shell
 * sees the status it would see natively.
 */
#include "linux-user/signal.h"

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/engine.h"
#include "core/vcpu.h"
#include "linux-user/host_signal.h"
#include "linux-user/process.h"
#include "linux-user/thread.h"
#include "plugin/plugin.h"

#define SA_SIGINFO_G 0x00000004ull
#define SA_ONSTACK_G 0x08000000ull
#define SA_NODEFER_G 0x40000000ull
#define SA_RESETHAND_G 0x80000000ull
#define SIG_BIT(s) (1ull << ((s)-1))
#define UNBLOCKABLE (SIG_BIT(9) | SIG_BIT(19))

struct g_siginfo {
	int32_t signo, errno_, code, pad;
	union {
		uint64_t addr; /* faults */
		struct {
			int32_t pid;
			uint32_t uid;
		} kill;
		uint8_t bytes[112];
	} u;
};

struct g_ucontext {
	uint64_t flags;
	uint64_t link;
	uint64_t ss_sp;
	int32_t ss_flags, ss_pad;
	uint64_t ss_size;
	uint64_t sigmask;
	uint8_t unused[120];
	uint64_t pad16;	    /* mcontext is 16-byte aligned */
	uint64_t gregs[32]; /* pc, x1..x31 */
	uint64_t fregs[64]; /* q layout: f[i] in fregs[2 * i] */
	uint32_t fcsr;
	uint32_t reserved[3];
};

struct g_rt_sigframe {
	struct g_siginfo info;
	struct g_ucontext uc;
};

_Static_assert(sizeof(struct g_siginfo) == 128, "riscv64 siginfo");
_Static_assert(offsetof(struct g_ucontext, gregs) == 176, "mcontext");
_Static_assert(sizeof(struct g_ucontext) == 176 + 256 + 528, "ucontext");

int lu_signal_init(struct lu_process *p)
{
	pthread_mutex_init(&p->sig_lock, NULL);
	static const uint32_t tramp[2] = {
	    0x08b00893, /* li a7, 139 */
	    0x00000073, /* ecall */
	};
	int64_t a =
	    guest_mmap(&p->mem, 0, LU_PAGE_SIZE, LU_PROT_READ | LU_PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a < 0)
		return (int)a;
	memcpy(g2h(&p->mem, (uint64_t)a), tramp, sizeof(tramp));
	int64_t r = guest_mprotect(&p->mem, (uint64_t)a, LU_PAGE_SIZE,
				   LU_PROT_READ | LU_PROT_EXEC);
	if (r < 0)
		return (int)r;
	p->sigtramp = (uint64_t)a;
	return 0;
}

void lu_signal_set_mask(struct vcpu *cpu, uint64_t mask)
{
	uint64_t old =
	    __atomic_exchange_n(&cpu->sigmask, mask, __ATOMIC_ACQ_REL);
	if (old != mask)
		lu_host_mask_follow(mask);
}

struct lu_sigaction lu_sigaction_get(struct lu_process *p, int sig)
{
	pthread_mutex_lock(&p->sig_lock);
	struct lu_sigaction a = p->sigact[sig];
	pthread_mutex_unlock(&p->sig_lock);
	return a;
}

void lu_sigaction_set(struct lu_process *p, int sig,
		      const struct lu_sigaction *act)
{
	pthread_mutex_lock(&p->sig_lock);
	p->sigact[sig] = *act;
	pthread_mutex_unlock(&p->sig_lock);
}

static bool dumps_core(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGSYS:
	case SIGXCPU:
	case SIGXFSZ:
		return true;
	default:
		return false;
	}
}

static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
	       sig == SIGCONT || sig > 31;
}

/* The default action of a terminating signal: never returns. */
static void die_by(struct vcpu *cpu, int sig)
{
	lu_threads_stop_all(cpu);
	plugin_atexit();
	fflush(stdout);
	if (cpu->eng && cpu->eng->logf)
		fflush(cpu->eng->logf);
	if (sig > 31) /* real-time: the host's numbering differs */
		sig = SIGKILL;
	if (dumps_core(sig)) {
		fprintf(stderr, "loupe: uncaught target signal %d (%s) - %s\n",
			sig, strsignal(sig), "core dumped");
		/* Like qemu-user: the guest's core is not loupe's core. */
		struct rlimit none = {0, 0};
		setrlimit(RLIMIT_CORE, &none);
	}
	signal(sig, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig); /* not reached */
}

/* Build the frame and enter the handler; false if the frame cannot be
 * written (the caller then kills the process with SIGSEGV). */
static bool enter_handler(struct vcpu *cpu, int sig,
			  const struct g_siginfo *info, int discon)
{
	uint64_t from = cpu->env.slot[RV_SLOT_PC];
	struct lu_process *p = cpu->proc;
	struct lu_sigaction act_copy = lu_sigaction_get(p, sig);
	const struct lu_sigaction *act = &act_copy;
	uint64_t *s = cpu->env.slot;
	uint64_t sp = s[RV_SLOT_X + 2];
	bool on_alt = cpu->altstack_size && sp > cpu->altstack_sp &&
		      sp - cpu->altstack_sp <= cpu->altstack_size;

	struct g_rt_sigframe f;
	memset(&f, 0, sizeof(f));
	f.info = *info;
	f.uc.ss_sp = cpu->altstack_sp;
	f.uc.ss_size = cpu->altstack_size;
	f.uc.ss_flags = cpu->altstack_size ? (on_alt ? 1 : 0) : 2;
	/* After sigsuspend, the handler returns to the caller's mask. */
	f.uc.sigmask = cpu->restore_sigmask ? cpu->saved_sigmask : cpu->sigmask;
	cpu->restore_sigmask = false;
	f.uc.gregs[0] = s[RV_SLOT_PC];
	for (int i = 1; i < 32; i++)
		f.uc.gregs[i] = s[RV_SLOT_X + i];
	for (int i = 0; i < 32; i++)
		f.uc.fregs[2 * i] = s[RV_SLOT_F + i];
	f.uc.fcsr = cpu->env.frm << 5 | cpu->env.fflags;

	if ((act->flags & SA_ONSTACK_G) && cpu->altstack_size && !on_alt)
		sp = cpu->altstack_sp + cpu->altstack_size;
	sp = (sp - sizeof(f)) & ~15ull;
	if (guest_copy_to(&p->mem, sp, &f, sizeof(f)) < 0)
		return false;

	s[RV_SLOT_X + 1] = p->sigtramp;
	s[RV_SLOT_X + 2] = sp;
	s[RV_SLOT_X + 10] = (uint64_t)sig;
	s[RV_SLOT_X + 11] = sp + offsetof(struct g_rt_sigframe, info);
	s[RV_SLOT_X + 12] = sp + offsetof(struct g_rt_sigframe, uc);
	s[RV_SLOT_PC] = act->handler;
	cpu->env.lr_valid = false;
	uint64_t mask = cpu->sigmask | (act->mask & ~UNBLOCKABLE);
	if (!(act->flags & SA_NODEFER_G))
		mask |= SIG_BIT(sig);
	lu_signal_set_mask(cpu, mask);
	if (act->flags & SA_RESETHAND_G) {
		pthread_mutex_lock(&p->sig_lock);
		p->sigact[sig].handler = 0;
		pthread_mutex_unlock(&p->sig_lock);
	}
	plugin_discon_event(cpu, discon, from, act->handler);
	return true;
}

void lu_signal_fault(struct vcpu *cpu, int sig, int code, uint64_t addr)
{
	struct lu_process *p = cpu->proc;
	uint64_t h = lu_sigaction_get(p, sig).handler;
	cpu->fault_addr = addr;
	/* A blocked or ignored fault is fatal, as the kernel forces it. */
	if (h == 0 || h == 1 || (cpu->sigmask & SIG_BIT(sig)))
		die_by(cpu, sig);
	if (!code && sig == LU_SIGSEGV)
		code = guest_page_prot(&p->mem, addr) < 0 ? LU_SEGV_MAPERR
							  : LU_SEGV_ACCERR;
	struct g_siginfo info;
	memset(&info, 0, sizeof(info));
	info.signo = sig;
	info.code = code;
	info.u.addr = addr;
	if (!enter_handler(cpu, sig, &info, 2 /* DISCON_EXCEPTION */))
		die_by(cpu, LU_SIGSEGV);
}

void lu_signal_deliver(struct vcpu *cpu, int sig, uint64_t pc)
{
	(void)pc;
	if (sig < 1 || sig > LU_NSIG)
		return;
	uint64_t h = lu_sigaction_get(cpu->proc, sig).handler;
	if (sig != SIGKILL &&
	    (h == 1 /* SIG_IGN */ || (h == 0 && ignored_by_default(sig))))
		return;
	__atomic_fetch_or(&cpu->sigpending, SIG_BIT(sig), __ATOMIC_RELEASE);
}

int lu_signal_next(struct vcpu *cpu)
{
	uint64_t ready =
	    __atomic_load_n(&cpu->sigpending, __ATOMIC_ACQUIRE) & ~cpu->sigmask;
	return ready ? __builtin_ctzll(ready) + 1 : 0;
}

bool lu_signal_deliverable(struct vcpu *cpu)
{
	uint64_t ready =
	    __atomic_load_n(&cpu->sigpending, __ATOMIC_ACQUIRE) & ~cpu->sigmask;
	while (ready) {
		int sig = __builtin_ctzll(ready) + 1;
		ready &= ~SIG_BIT(sig);
		uint64_t h = lu_sigaction_get(cpu->proc, sig).handler;
		if (sig != SIGKILL &&
		    (h == 1 || (h == 0 && ignored_by_default(sig)))) {
			__atomic_fetch_and(&cpu->sigpending, ~SIG_BIT(sig),
					   __ATOMIC_ACQ_REL);
			continue;
		}
		return true;
	}
	return false;
}

/* The siginfo of pending signal sig (being taken): the host's for a
 * forwarded host signal (host_signal.c; the layout is the same), else the
 * one of a signal a guest thread sent. */
static void pending_info(struct vcpu *cpu, int sig, struct g_siginfo *info)
{
	memset(info, 0, sizeof(*info));
	uint64_t bit = SIG_BIT(sig);
	if (sig < 64 && (__atomic_fetch_and(&cpu->host_siginfo_valid, ~bit,
					    __ATOMIC_ACQ_REL) &
			 bit)) {
		memcpy(info, cpu->host_siginfo[sig], sizeof(*info));
	} else {
		info->code = -6; /* SI_TKILL */
		info->u.kill.pid = (int32_t)getpid();
		info->u.kill.uid = (uint32_t)getuid();
	}
	info->signo = sig;
}

int lu_signal_take(struct vcpu *cpu, uint64_t set, void *info)
{
	uint64_t p = __atomic_load_n(&cpu->sigpending, __ATOMIC_ACQUIRE) & set;
	while (p) {
		int sig = __builtin_ctzll(p) + 1;
		uint64_t was = __atomic_fetch_and(
		    &cpu->sigpending, ~SIG_BIT(sig), __ATOMIC_ACQ_REL);
		if (was & SIG_BIT(sig)) {
			struct g_siginfo gi;
			pending_info(cpu, sig, &gi);
			memcpy(info, &gi, sizeof(gi));
			return sig;
		}
		p = __atomic_load_n(&cpu->sigpending, __ATOMIC_ACQUIRE) & set;
	}
	return 0;
}

void lu_signal_process_pending(struct vcpu *cpu)
{
	int sig;
	while ((sig = lu_signal_next(cpu)) != 0) {
		__atomic_fetch_and(&cpu->sigpending, ~SIG_BIT(sig),
				   __ATOMIC_ACQ_REL);
		uint64_t h = lu_sigaction_get(cpu->proc, sig).handler;
		if (h == 0 || sig == SIGKILL) {
			if (!ignored_by_default(sig) || sig == SIGKILL)
				die_by(cpu, sig);
		} else if (h != 1) {
			struct g_siginfo info;
			pending_info(cpu, sig, &info);
			if (!enter_handler(cpu, sig, &info,
					   1 /* DISCON_INTERRUPT */))
				die_by(cpu, LU_SIGSEGV);
		}
	}
	if (cpu->restore_sigmask) { /* no handler ran after sigsuspend */
		cpu->restore_sigmask = false;
		lu_signal_set_mask(cpu, cpu->saved_sigmask);
	}
}

void lu_signal_return(struct vcpu *cpu)
{
	uint64_t *s = cpu->env.slot;
	uint64_t frame = s[RV_SLOT_X + 2];
	struct g_ucontext uc;
	if (guest_copy_from(&cpu->proc->mem, &uc,
			    frame + offsetof(struct g_rt_sigframe, uc),
			    sizeof(uc)) < 0)
		die_by(cpu, LU_SIGSEGV);
	s[RV_SLOT_PC] = uc.gregs[0];
	for (int i = 1; i < 32; i++)
		s[RV_SLOT_X + i] = uc.gregs[i];
	for (int i = 0; i < 32; i++)
		s[RV_SLOT_F + i] = uc.fregs[2 * i];
	cpu->env.fflags = uc.fcsr & 0x1f;
	cpu->env.frm = (uc.fcsr >> 5) & 7;
	cpu->env.lr_valid = false;
	lu_signal_set_mask(cpu, uc.sigmask & ~UNBLOCKABLE);
}
