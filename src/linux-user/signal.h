/*
 * Guest signals.  This stage records dispositions and masks
 * (rt_sigaction, rt_sigprocmask) and ends the process for signals whose
 * action is to terminate; running guest handlers comes later.
 */
#ifndef LOUPE_LINUX_USER_SIGNAL_H
#define LOUPE_LINUX_USER_SIGNAL_H

#include <stdint.h>

struct vcpu;

/* Guest signal numbers (riscv64 uses the generic Linux numbering). */
#define LU_SIGILL 4
#define LU_SIGTRAP 5
#define LU_SIGBUS 7
#define LU_SIGFPE 8
#define LU_SIGSEGV 11

/*
 * Deliver signal sig, raised synchronously by the instruction at pc (a
 * fault) or sent by the guest to itself (kill/tgkill, pc = current pc).
 * If the guest ignores it and it is not a fault, returns; otherwise the
 * default action happens: loupe prints "loupe: uncaught target signal N
 * (Name) - core dumped" for core-dumping signals like qemu-user, and ends
 * itself by the same host signal.  Does not return in that case.
 */
void lu_signal_deliver(struct vcpu *cpu, int sig, uint64_t pc);

#endif
