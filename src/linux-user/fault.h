/*
 * Host SIGSEGV/SIGBUS: a fault of guest code on guest memory goes back to
 * the cpu loop (siglongjmp) and becomes a guest signal; any other host
 * fault is a loupe bug and ends loupe with a message.
 */
#ifndef LOUPE_LINUX_USER_FAULT_H
#define LOUPE_LINUX_USER_FAULT_H

struct vcpu;

/* Install the host fault handlers (once per process). */
void lu_fault_init(void);
/* The vCPU the calling host thread runs. */
void lu_fault_set_vcpu(struct vcpu *cpu);
/* ... and read it back (async-signal-safe). */
struct vcpu *lu_fault_vcpu(void);

#endif
