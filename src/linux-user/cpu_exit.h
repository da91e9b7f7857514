/* What linux-user does when a RISC-V block exits for the target's reasons
 * (system call, breakpoint, illegal instruction, fence.i, atomics faults). */
#ifndef LOUPE_LINUX_USER_CPU_EXIT_H
#define LOUPE_LINUX_USER_CPU_EXIT_H

#include <stdbool.h>

struct vcpu;

/* Handle exit code rc (>= IR_EXIT_TARGET); false when the process ends. */
bool lu_handle_exit(struct vcpu *cpu, int rc);

#endif
