/*
 * Linux system calls of the riscv64 guest.
 *
 * Design: one table, one line per syscall (number, name, handler, strace
 * argument format), split by family across syscall_*.c files.  Handlers take
 * the vCPU and the six raw argument registers and return the value for a0
 * (a negative errno on failure, as the kernel does).  Guest ABI constants
 * that differ from the host's are translated in the handlers, and structures
 * are converted field by field (riscv64 uses the asm-generic layouts).
 */
#ifndef LOUPE_LINUX_USER_SYSCALL_H
#define LOUPE_LINUX_USER_SYSCALL_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/*
 * Run the system call the guest asked for with ecall: number in a7,
 * arguments in a0..a5; the result goes to a0.  Returns true to go on
 * running the guest, false when the process is ending (exit/exit_group:
 * proc->exiting and proc->exit_status are set).
 */
bool lu_syscall(struct vcpu *cpu);

#endif
