/*
 * Guest threads (see thread.h).
 *
 * A new thread's vCPU is added to the engine's list inside an exclusive
 * section (the plugins' per-vCPU scoreboards may grow then), before its
 * host thread starts; the parent waits until the child has its kernel id,
 * and CLONE_PARENT_SETTID / CLONE_CHILD_SETTID are written before either
 * goes on, as the kernel does.  A thread that exits runs the plugins'
 * vcpu_exit callbacks, leaves the list in an exclusive section, then does
 * what the kernel does for CLONE_CHILD_CLEARTID (store 0, futex wake),
 * which is what pthread_join waits for.
 *
 * Signals between threads: the sender marks the signal pending on the
 * target vCPU, asks it back to its cpu loop (exit_request) and sends its
 * host thread a kick signal whose handler does nothing but interrupt a
 * blocking host system call (EINTR).  A signal that arrives just before
 * the target enters a blocking call waits until that call returns.
 */
#include "linux-user/thread.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/cpus.h"
#include "core/engine.h"
#include "core/vcpu.h"
#include "linux-user/fault.h"
#include "linux-user/process.h"
#include "linux-user/signal.h"
#include "plugin/plugin.h"

#define CLONE_SETTLS_G 0x00080000u
#define CLONE_PARENT_SETTID_G 0x00100000u
#define CLONE_CHILD_CLEARTID_G 0x00200000u
#define CLONE_CHILD_SETTID_G 0x01000000u
#define SA_RESTART_G 0x10000000ull

/* Host signal that interrupts a vCPU's blocking system call. */
#define KICK_SIGNAL SIGRTMAX

/* The process's engine, reachable from a global so that a process exit
 * from any thread finds it (and leak checkers see it). */
static struct engine *process_engine;

static void kick_handler(int sig)
{
	(void)sig;
}

void lu_threads_init(struct engine *eng, struct vcpu *cpu)
{
	process_engine = eng;
	cpu->thread = pthread_self();
	cpu->tid = (int)gettid();
	cpus_add(&eng->cpus, cpu);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler; /* no SA_RESTART: calls end with EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(KICK_SIGNAL, &sa, NULL);
}

/* ---- creation ---- */

struct thread_start {
	struct vcpu *cpu;
	uint64_t flags, ptid, ctid;
	int tid;
	sem_t ready;
};

static void *thread_main(void *arg)
{
	struct thread_start *st = arg;
	struct vcpu *cpu = st->cpu;
	cpu->tid = (int)gettid();
	/* Both ids are written before the thread runs guest code (memory
	 * is shared, so the parent's copy is this one): written later by the
	 * parent, the id could land after the thread has exited and cleared
	 * it, and pthread_join would wait for ever. */
	if (st->flags & CLONE_PARENT_SETTID_G)
		guest_copy_to(&cpu->proc->mem, st->ptid, &cpu->tid,
			      sizeof(cpu->tid));
	if (st->flags & CLONE_CHILD_SETTID_G)
		guest_copy_to(&cpu->proc->mem, st->ctid, &cpu->tid,
			      sizeof(cpu->tid));
	st->tid = cpu->tid;   /* cpu may be gone when the parent looks */
	sem_post(&st->ready); /* st belongs to the parent from here on */
	cpu_loop(cpu);
	lu_vcpu_finish(cpu);
}

static void add_vcpu(void *arg)
{
	struct vcpu *cpu = arg;
	cpus_add(&cpu->eng->cpus, cpu);
	plugin_vcpu_register(cpu);
}

static void remove_vcpu(void *arg)
{
	struct vcpu *cpu = arg;
	plugin_vcpu_unregister(cpu);
	cpus_remove(&cpu->eng->cpus, cpu);
}

int64_t lu_thread_create(struct vcpu *parent, uint64_t flags, uint64_t stack,
			 uint64_t ptid, uint64_t tls, uint64_t ctid)
{
	struct engine *eng = parent->eng;
	struct vcpu *cpu = calloc(1, sizeof(*cpu));
	if (!cpu)
		return -ENOMEM;
	/* The child starts as a copy of the parent's registers after the
	 * ecall, with a0 = 0; the kernel gives a CLONE_VM thread no
	 * alternate signal stack and no pending signals. */
	cpu->env = parent->env;
	cpu->env.lr_valid = false;
	cpu->proc = parent->proc;
	cpu->eng = eng;
	cpu->sigmask = parent->sigmask;
	vcpu_set_xreg(cpu, 10, 0);
	if (stack)
		vcpu_set_xreg(cpu, 2, stack);
	if (flags & CLONE_SETTLS_G)
		vcpu_set_xreg(cpu, 4, tls);
	if (flags & CLONE_CHILD_CLEARTID_G)
		cpu->clear_child_tid = ctid;

	cpus_run_exclusive(&eng->cpus, NULL, add_vcpu, cpu);

	struct thread_start st = {
	    .cpu = cpu, .flags = flags, .ptid = ptid, .ctid = ctid};
	sem_init(&st.ready, 0, 0);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int err = pthread_create(&cpu->thread, &attr, thread_main, &st);
	pthread_attr_destroy(&attr);
	if (err) {
		cpus_run_exclusive(&eng->cpus, NULL, remove_vcpu, cpu);
		sem_destroy(&st.ready);
		free(cpu);
		return -EAGAIN;
	}
	while (sem_wait(&st.ready) != 0)
		; /* EINTR (a kick): the child is still to report */
	sem_destroy(&st.ready);
	return st.tid;
}

/* ---- fork ---- */

void lu_fork_prepare(struct vcpu *cpu)
{
	cpus_start_exclusive(&cpu->eng->cpus);
	pthread_mutex_lock(&cpu->proc->sig_lock);
	guest_mem_lock_fork(&cpu->proc->mem);
}

void lu_fork_done(struct vcpu *cpu, bool child)
{
	struct lu_process *p = cpu->proc;
	struct cpu_list *l = &cpu->eng->cpus;
	guest_mem_unlock_fork(&p->mem, child);
	if (!child) {
		pthread_mutex_unlock(&p->sig_lock);
		cpus_end_exclusive(l);
		return;
	}
	/* Only this thread goes on in the child: the others' vCPUs go. */
	pthread_mutex_init(&p->sig_lock, NULL);
	pthread_mutex_init(&cpu->eng->tb_lock, NULL);
	for (struct vcpu *c = l->head, *next; c; c = next) {
		next = c->next;
		if (c == cpu)
			continue;
		plugin_vcpu_unregister(c);
		ir_block_free(&c->ir);
		free(c);
	}
	int index = cpu->index; /* as in the parent */
	cpus_init(l);
	cpus_add(l, cpu);
	cpu->index = index;
	cpu->thread = pthread_self();
	cpu->tid = (int)gettid();
}

/* ---- exit ---- */

/* Stop every other vCPU for good: the exclusive section never ends. */
static void stop_the_world(struct vcpu *cpu)
{
	struct cpu_list *l = &process_engine->cpus;
	if (cpu && cpu->running)
		cpus_exec_end(l, cpu);
	cpus_start_exclusive(l);
}

void lu_threads_stop_all(struct vcpu *cpu)
{
	if (process_engine)
		stop_the_world(cpu);
}

static _Noreturn void process_exit(struct vcpu *cpu, int status)
{
	stop_the_world(cpu);
	plugin_atexit();
	/* exit() flushes stdio, the -D log included. */
	exit(status);
}

/* The kernel's robust-futex cleanup for a dying thread: each futex in its
 * robust list (and the one it was about to add or remove) that it still
 * owns gets FUTEX_OWNER_DIED, and a waiter is woken, so that
 * pthread_mutex_lock of a robust mutex returns EOWNERDEAD. */
static void futex_owner_died(struct vcpu *cpu, uint64_t uaddr)
{
	struct guest_mem *m = &cpu->proc->mem;
	if (!guest_range_ok(m, uaddr, 4, LU_PROT_READ | LU_PROT_WRITE) ||
	    (uaddr & 3))
		return;
	uint32_t *w = g2h(m, uaddr);
	uint32_t val = __atomic_load_n(w, __ATOMIC_ACQUIRE), nv;
	do {
		if ((val & FUTEX_TID_MASK) != (uint32_t)cpu->tid)
			return;
		nv = (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	} while (!__atomic_compare_exchange_n(
	    w, &val, nv, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	if (nv & FUTEX_WAITERS)
		syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void exit_robust_list(struct vcpu *cpu)
{
	struct guest_mem *m = &cpu->proc->mem;
	uint64_t head = cpu->robust_list, h[3]; /* next, offset, pending */
	if (!head || guest_copy_from(m, h, head, sizeof(h)))
		return;
	int64_t offset = (int64_t)h[1];
	uint64_t pending = h[2] & ~1ull;
	uint64_t entry = h[0] & ~1ull; /* bit 0 marks PI futexes */
	for (int limit = 2048; entry != head && limit > 0; limit--) {
		uint64_t next;
		if (guest_copy_from(m, &next, entry, sizeof(next)))
			break;
		if (entry != pending)
			futex_owner_died(cpu, entry + (uint64_t)offset);
		entry = next & ~1ull;
	}
	if (pending)
		futex_owner_died(cpu, pending + (uint64_t)offset);
}

static _Noreturn void thread_exit(struct vcpu *cpu)
{
	struct engine *eng = cpu->eng;
	struct lu_process *p = cpu->proc;
	plugin_vcpu_exit(cpu);
	cpus_exec_end(&eng->cpus, cpu);
	cpus_start_exclusive(&eng->cpus);
	if (cpus_count(&eng->cpus) == 1) {
		/* The last thread: the process ends with its status. */
		plugin_atexit();
		exit(cpu->exit_code);
	}
	remove_vcpu(cpu);
	cpus_end_exclusive(&eng->cpus);
	exit_robust_list(cpu);
	/* Free the vCPU before the joiner can run: once the thread id is
	 * cleared, the process may end at any moment. */
	uint64_t ctid = cpu->clear_child_tid;
	/* Host signals for the process must go to a thread with a vCPU. */
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	lu_fault_set_vcpu(NULL);
	ir_block_free(&cpu->ir);
	free(cpu);
	if (ctid) {
		uint32_t zero = 0;
		if (guest_copy_to(&p->mem, ctid, &zero, sizeof(zero)) == 0)
			syscall(SYS_futex, g2h(&p->mem, ctid), FUTEX_WAKE, 1,
				NULL, NULL, 0);
	}
	pthread_exit(NULL);
}

void lu_vcpu_finish(struct vcpu *cpu)
{
	struct lu_process *p = cpu->proc;
	if (__atomic_load_n(&p->exiting, __ATOMIC_ACQUIRE) || !cpu->thread_exit)
		process_exit(cpu, p->exit_status);
	thread_exit(cpu);
}

/* ---- signals between threads ---- */

static bool takes_signal(const struct vcpu *c, const void *sig)
{
	uint64_t bit = 1ull << (*(const int *)sig - 1);
	return !(__atomic_load_n(&c->sigmask, __ATOMIC_ACQUIRE) & bit);
}

static void post_signal(struct vcpu *target, void *arg)
{
	int sig = *(int *)arg;
	lu_signal_deliver(target, sig, 0);
	__atomic_fetch_add(&target->sig_seq, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &target->sig_seq, FUTEX_WAKE_PRIVATE, 1, NULL, NULL,
		0);
	/* A blocked signal waits for the target to unblock it (it looks
	 * after every system call); interrupting its calls would show. */
	if (takes_signal(target, &sig)) {
		cpus_kick(target);
		pthread_kill(target->thread, KICK_SIGNAL);
	}
}

static bool has_tid(const struct vcpu *c, const void *tid)
{
	return c->tid == *(const int *)tid;
}

bool lu_thread_signal(struct vcpu *cpu, int tid, int sig)
{
	return cpus_with_first(&cpu->eng->cpus, has_tid, &tid, post_signal,
			       &sig);
}

bool lu_process_signal(struct vcpu *cpu, int sig)
{
	if (takes_signal(cpu, &sig)) /* the sender first, as Linux does */
		return false;
	return cpus_with_first(&cpu->eng->cpus, takes_signal, &sig, post_signal,
			       &sig);
}

bool lu_syscall_restarts(struct vcpu *cpu, uint64_t nr)
{
	/* Calls Linux never restarts, whatever SA_RESTART says
	 * (signal(7)); riscv64 numbers. */
	static const uint16_t never[] = {
	    4,	 /* io_getevents */
	    22,	 /* epoll_pwait */
	    72,	 /* pselect6 */
	    73,	 /* ppoll */
	    101, /* nanosleep */
	    115, /* clock_nanosleep */
	    133, /* rt_sigsuspend */
	    137, /* rt_sigtimedwait */
	    192, /* semtimedop */
	    441, /* epoll_pwait2 */
	};
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (nr == never[i])
			return false;
	int sig = lu_signal_next(cpu);
	return sig && (lu_sigaction_get(cpu->proc, sig).flags & SA_RESTART_G);
}
