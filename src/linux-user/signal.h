/*
 * Guest signals: dispositions (recorded by rt_sigaction), masks, pending
 * signals, and delivery to guest handlers through a riscv64 rt_sigframe.
 *
 * Synchronous faults are delivered at once, at the faulting instruction.
 * Signals the guest sends (kill, tgkill) become pending and are delivered by
 * the cpu loop after the system call has completed, so the handler's frame
 * holds the syscall's result like the kernel's does.
 */
#ifndef LOUPE_LINUX_USER_SIGNAL_H
#define LOUPE_LINUX_USER_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"
#include "linux-user/process.h"

struct vcpu;
struct lu_process;

/* Guest signal numbers (riscv64 uses the generic Linux numbering). */
#define LU_SIGILL 4
#define LU_SIGTRAP 5
#define LU_SIGBUS 7
#define LU_SIGFPE 8
#define LU_SIGSEGV 11

/* si_code values of faults */
#define LU_SEGV_MAPERR 1
#define LU_SEGV_ACCERR 2
#define LU_BUS_ADRALN 1
#define LU_ILL_ILLOPC 1
#define LU_TRAP_BRKPT 1

/* The guest's rt_sigreturn system call number. */
#define LU_NR_RT_SIGRETURN 139

/* Map the signal return trampoline into the guest.  0 or -errno. */
int lu_signal_init(struct lu_process *p);

/*
 * A synchronous fault of the instruction at the pc slot: run the guest's
 * handler (the pc slot is changed to it), or, if there is none or the signal
 * is blocked or ignored, the default action: loupe prints "loupe: uncaught
 * target signal N (Name) - core dumped" and ends itself by the same signal.
 * addr is si_addr; code the si_code (0: derive SEGV_MAPERR/ACCERR).
 */
void lu_signal_fault(struct vcpu *cpu, int sig, int code, uint64_t addr);

/* Signal sig sent to this thread by the guest (kill/tgkill); pc unused. */
void lu_signal_deliver(struct vcpu *cpu, int sig, uint64_t pc);

/* The disposition of sig (a copy: other threads may change it). */
struct lu_sigaction lu_sigaction_get(struct lu_process *p, int sig);
void lu_sigaction_set(struct lu_process *p, int sig,
		      const struct lu_sigaction *act);

/* Deliver pending unblocked signals, if any (cpu loop, between blocks).
 * Other threads add pending signals, so the set is read atomically. */
static inline bool lu_signal_has_pending(struct vcpu *cpu)
{
	return __atomic_load_n(&cpu->sigpending, __ATOMIC_ACQUIRE) &
	       ~cpu->sigmask;
}
/* Is a pending signal going to do something (run a handler, end the
 * process)?  Drops pending signals whose action is to be ignored. */
bool lu_signal_deliverable(struct vcpu *cpu);

/* The signal lu_signal_process_pending would deliver first, or 0. */
int lu_signal_next(struct vcpu *cpu);

/* Change the blocked set (only the vCPU's own thread does).  The host
 * thread's mask follows for the signals loupe forwards from the host, so
 * the host kernel picks, for a signal from outside, a thread whose guest
 * does not block it, and keeps it pending for the process while every
 * thread blocks it (host_signal.c). */
void lu_signal_set_mask(struct vcpu *cpu, uint64_t mask);

/* Take one pending signal of set (the lowest), 0 if none: sigwait.  Its
 * guest siginfo (128 bytes) goes to info. */
int lu_signal_take(struct vcpu *cpu, uint64_t set, void *info);
void lu_signal_process_pending(struct vcpu *cpu);

/* rt_sigreturn: restore the state saved in the frame at sp. */
void lu_signal_return(struct vcpu *cpu);

#endif
