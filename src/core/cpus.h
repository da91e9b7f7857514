/*
 * The vCPUs of a process and stop-the-world sections.
 *
 * Design: each guest thread is a host thread running its own vCPU.  Most
 * engine state is per vCPU; what is shared (the TB cache and its arena,
 * the plugins' instrumentation records and scoreboards, the vCPU list)
 * changes only inside an exclusive section, while every other vCPU is
 * parked at a safe point.  A vCPU is "running" while it may touch shared
 * engine state: executing blocks, translating, running plugin callbacks.
 * It stops running around host system calls (which may block for ever) and
 * at safe points between blocks, where it parks if an exclusive section is
 * wanted.  cpus_start_exclusive() asks every running vCPU to stop (through
 * its exit_request, seen between blocks) and waits until none runs.
 */
#ifndef LOUPE_CORE_CPUS_H
#define LOUPE_CORE_CPUS_H

#include <pthread.h>
#include <stdbool.h>

struct vcpu;

struct cpu_list {
	pthread_mutex_t lock;
	pthread_cond_t stopped; /* a running vCPU reached a safe point */
	pthread_cond_t resumed; /* the exclusive section ended */
	struct vcpu *head;
	int count;
	int waiting_for; /* running vCPUs the exclusive section waits for */
	bool exclusive;	 /* a section is active or being entered */
};

void cpus_init(struct cpu_list *l);

/* Add cpu (it gets the lowest vCPU index above every live one, as QEMU
 * numbers them) / remove it.  The caller holds the exclusive section. */
void cpus_add(struct cpu_list *l, struct vcpu *cpu);
void cpus_remove(struct cpu_list *l, struct vcpu *cpu);
/* Live vCPUs (a snapshot). */
int cpus_count(struct cpu_list *l);
/* Run fn on the first vCPU that match accepts, with the list locked (so
 * it cannot go away meanwhile); false if there is none. */
bool cpus_with_first(struct cpu_list *l,
		     bool (*match)(const struct vcpu *, const void *),
		     const void *key, void (*fn)(struct vcpu *, void *),
		     void *arg);
/* Kick every vCPU (cpus_kick). */
void cpus_kick_all(struct cpu_list *l);

/* cpu starts / stops touching shared engine state (see above). */
void cpus_exec_start(struct cpu_list *l, struct vcpu *cpu);
void cpus_exec_end(struct cpu_list *l, struct vcpu *cpu);

/* Stop every other vCPU.  self (may be NULL) must not be running. */
void cpus_start_exclusive(struct cpu_list *l);
void cpus_end_exclusive(struct cpu_list *l);

/* Run fn(arg) with every other vCPU stopped; cpu (may be NULL) may be
 * running, it stops running for the section. */
void cpus_run_exclusive(struct cpu_list *l, struct vcpu *cpu,
			void (*fn)(void *), void *arg);

/* Between blocks: stop running for a moment, so a waiting exclusive
 * section can go ahead. */
void cpus_safe_point(struct cpu_list *l, struct vcpu *cpu);

/* Ask cpu to come back to its cpu loop (between blocks) soon. */
void cpus_kick(struct vcpu *cpu);

#endif
