/*
 * vCPU list and exclusive sections (see cpus.h).  One mutex guards the
 * list and the running flags; vCPUs take it only when they change state
 * (system calls, safe points), never per block.
 */
#include "core/cpus.h"

#include "core/vcpu.h"

void cpus_init(struct cpu_list *l)
{
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->stopped, NULL);
	pthread_cond_init(&l->resumed, NULL);
	l->head = NULL;
	l->count = 0;
	l->waiting_for = 0;
	l->exclusive = false;
}

void cpus_add(struct cpu_list *l, struct vcpu *cpu)
{
	pthread_mutex_lock(&l->lock);
	int index = 0;
	struct vcpu **tail = &l->head;
	for (struct vcpu *c = l->head; c; c = c->next) {
		if (c->index >= index)
			index = c->index + 1;
		tail = &c->next;
	}
	cpu->index = index;
	cpu->next = NULL;
	*tail = cpu;
	l->count++;
	pthread_mutex_unlock(&l->lock);
}

void cpus_remove(struct cpu_list *l, struct vcpu *cpu)
{
	pthread_mutex_lock(&l->lock);
	for (struct vcpu **p = &l->head; *p; p = &(*p)->next) {
		if (*p == cpu) {
			*p = cpu->next;
			l->count--;
			break;
		}
	}
	pthread_mutex_unlock(&l->lock);
}

int cpus_count(struct cpu_list *l)
{
	pthread_mutex_lock(&l->lock);
	int n = l->count;
	pthread_mutex_unlock(&l->lock);
	return n;
}

void cpus_kick(struct vcpu *cpu)
{
	__atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELEASE);
}

bool cpus_with_first(struct cpu_list *l,
		     bool (*match)(const struct vcpu *, const void *),
		     const void *key, void (*fn)(struct vcpu *, void *),
		     void *arg)
{
	bool found = false;
	pthread_mutex_lock(&l->lock);
	for (struct vcpu *c = l->head; c && !found; c = c->next) {
		if (match(c, key)) {
			fn(c, arg);
			found = true;
		}
	}
	pthread_mutex_unlock(&l->lock);
	return found;
}

void cpus_kick_all(struct cpu_list *l)
{
	pthread_mutex_lock(&l->lock);
	for (struct vcpu *c = l->head; c; c = c->next)
		cpus_kick(c);
	pthread_mutex_unlock(&l->lock);
}

void cpus_exec_start(struct cpu_list *l, struct vcpu *cpu)
{
	pthread_mutex_lock(&l->lock);
	while (l->exclusive)
		pthread_cond_wait(&l->resumed, &l->lock);
	cpu->running = true;
	pthread_mutex_unlock(&l->lock);
}

static void exec_end_locked(struct cpu_list *l, struct vcpu *cpu)
{
	cpu->running = false;
	if (cpu->awaited) {
		cpu->awaited = false;
		if (--l->waiting_for == 0)
			pthread_cond_signal(&l->stopped);
	}
}

void cpus_exec_end(struct cpu_list *l, struct vcpu *cpu)
{
	pthread_mutex_lock(&l->lock);
	exec_end_locked(l, cpu);
	pthread_mutex_unlock(&l->lock);
}

void cpus_start_exclusive(struct cpu_list *l)
{
	pthread_mutex_lock(&l->lock);
	while (l->exclusive)
		pthread_cond_wait(&l->resumed, &l->lock);
	l->exclusive = true;
	int n = 0;
	for (struct vcpu *c = l->head; c; c = c->next) {
		if (c->running) {
			c->awaited = true;
			cpus_kick(c);
			n++;
		}
	}
	l->waiting_for = n;
	while (l->waiting_for > 0)
		pthread_cond_wait(&l->stopped, &l->lock);
	pthread_mutex_unlock(&l->lock);
}

void cpus_end_exclusive(struct cpu_list *l)
{
	pthread_mutex_lock(&l->lock);
	l->exclusive = false;
	pthread_cond_broadcast(&l->resumed);
	pthread_mutex_unlock(&l->lock);
}

void cpus_run_exclusive(struct cpu_list *l, struct vcpu *cpu,
			void (*fn)(void *), void *arg)
{
	bool was_running = cpu && cpu->running;
	if (was_running)
		cpus_exec_end(l, cpu);
	cpus_start_exclusive(l);
	fn(arg);
	cpus_end_exclusive(l);
	if (was_running)
		cpus_exec_start(l, cpu);
}

void cpus_safe_point(struct cpu_list *l, struct vcpu *cpu)
{
	pthread_mutex_lock(&l->lock);
	if (l->exclusive) {
		exec_end_locked(l, cpu);
		while (l->exclusive)
			pthread_cond_wait(&l->resumed, &l->lock);
		cpu->running = true;
	}
	pthread_mutex_unlock(&l->lock);
}
