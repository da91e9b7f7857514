/*
 * Guest signal delivery, this stage: the default actions.  A guest handler
 * is not run yet (rt_sigaction only records it), so a fault or a signal the
 * guest does not ignore ends the process the way the host kernel would,
 * with qemu-user's message for signals that dump core.
 */
#include "linux-user/signal.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/engine.h"
#include "core/vcpu.h"
#include "linux-user/process.h"

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
	       sig == SIGCONT;
}

void lu_signal_deliver(struct vcpu *cpu, int sig, uint64_t pc)
{
	struct lu_process *p = cpu->proc;
	bool fault = sig == LU_SIGSEGV || sig == LU_SIGBUS ||
		     sig == LU_SIGILL || sig == LU_SIGTRAP || sig == LU_SIGFPE;
	(void)pc;
	if (sig < 1 || sig > LU_NSIG)
		return;
	if (!fault) {
		uint64_t h = p->sigact[sig].handler;
		if (h == 1 /* SIG_IGN */ || (h == 0 && ignored_by_default(sig)))
			return;
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
		    sig == SIGTTOU) {
			raise(sig);
			return;
		}
	}
	fflush(stdout);
	if (cpu->eng && cpu->eng->logf)
		fflush(cpu->eng->logf);
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
	/* Not reached for terminating signals. */
	_exit(128 + sig);
}
