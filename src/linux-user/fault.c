/*
 * Host fault handling.  The handler only trusts a fault as the guest's when
 * the thread is inside a TB (cpu->in_guest) and the address lies in the
 * guest space; then it records the signal and jumps back to the cpu loop.
 * The thread-local vCPU pointer is the one piece of per-thread state a
 * signal handler cannot get any other way.
 */
#include "linux-user/fault.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "core/engine.h"
#include "core/vcpu.h"
#include "linux-user/process.h"

static _Thread_local struct vcpu *fault_vcpu;

void lu_fault_set_vcpu(struct vcpu *cpu)
{
	fault_vcpu = cpu;
}

struct vcpu *lu_fault_vcpu(void)
{
	return fault_vcpu;
}

static void host_fault(int sig, siginfo_t *info, void *uc)
{
	struct vcpu *cpu = fault_vcpu;
	if (cpu && cpu->in_guest) {
		const struct guest_mem *m = &cpu->proc->mem;
		uintptr_t a = (uintptr_t)info->si_addr;
		uintptr_t base = (uintptr_t)m->base;
		if (a >= base && a - base < m->size) {
			cpu->fault_sig = sig == SIGBUS ? 7 : 11;
			cpu->fault_addr = a - base;
			const struct backend *be = cpu->eng->backend;
			if (be->fault_redirect && be->fault_redirect(cpu, uc))
				return;
			siglongjmp(cpu->fault_jmp, 1);
		}
	}
	static const char msg[] = "loupe: internal error: host fault\n";
	ssize_t r = write(2, msg, sizeof(msg) - 1);
	(void)r;
	/* Default action on return: the host signal kills loupe. */
	signal(sig, SIG_DFL);
}

void lu_fault_init(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = host_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}
