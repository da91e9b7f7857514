/*
 * Guest threads: clone with CLONE_VM makes a host thread running a new
 * vCPU; exit ends one thread, exit_group (or exit of the last thread, or a
 * fatal signal) the process.  See core/cpus.h for how threads share the
 * engine.
 */
#ifndef LOUPE_LINUX_USER_THREAD_H
#define LOUPE_LINUX_USER_THREAD_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;
struct engine;

/* Once, before the first vCPU runs: cpu is the main thread's vCPU. */
void lu_threads_init(struct engine *eng, struct vcpu *cpu);

/* clone(flags, stack, ptid, tls, ctid) for a thread (CLONE_VM): the new
 * thread's id, or -errno. */
int64_t lu_thread_create(struct vcpu *parent, uint64_t flags, uint64_t stack,
			 uint64_t ptid, uint64_t tls, uint64_t ctid);

/* Around fork(): no other thread may hold a lock the child needs, and the
 * child keeps only the forking thread's vCPU. */
void lu_fork_prepare(struct vcpu *cpu);
void lu_fork_done(struct vcpu *cpu, bool child);

/* cpu_loop returned: the thread called exit (cpu->thread_exit), or the
 * process ends (proc->exiting). */
_Noreturn void lu_vcpu_finish(struct vcpu *cpu);

/* The process is about to die by a signal: stop every other vCPU for
 * good, so plugins see no callback after their atexit. */
void lu_threads_stop_all(struct vcpu *cpu);

/* Signal sig for thread tid of this process: false if no vCPU has that
 * id (the caller then asks the host kernel). */
bool lu_thread_signal(struct vcpu *cpu, int tid, int sig);

/* Signal sig for the whole process, sent by cpu: when cpu blocks it and
 * another thread does not, that thread gets it (true); false: the caller
 * takes it itself. */
bool lu_process_signal(struct vcpu *cpu, int sig);

/* After a system call that the host interrupted (EINTR) because a guest
 * signal arrived: should it run again once the handler returns?  (The
 * handler has SA_RESTART and the call is one Linux restarts.) */
bool lu_syscall_restarts(struct vcpu *cpu, uint64_t nr);

#endif
