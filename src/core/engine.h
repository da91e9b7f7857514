/*
 * The translation engine of one process: the TB cache, the backend and the
 * debug logging options, shared by all its vCPUs.
 */
#ifndef LOUPE_CORE_ENGINE_H
#define LOUPE_CORE_ENGINE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/cpus.h"
#include "core/tb.h"

/* -d items */
enum {
	LOG_IN_ASM = 1 << 0,
	LOG_OP = 1 << 1,
	LOG_CPU = 1 << 2,
	LOG_EXEC = 1 << 3,
	LOG_NOCHAIN = 1 << 4,
	LOG_UNIMP = 1 << 5,
	LOG_STRACE = 1 << 6,
	LOG_PLUGIN = 1 << 7,
	LOG_OP_OPT = 1 << 8,
	LOG_OUT_ASM = 1 << 9,
};

struct engine {
	const struct backend *backend;
	struct tb_cache tbs;
	pthread_mutex_t tb_lock; /* translation and TB insertion */
	struct cpu_list cpus;
	unsigned log; /* LOG_* */
	FILE *logf;   /* -D file, or stderr */
	bool one_insn_per_tb;
};

struct vcpu;

/* Run the vCPU (on the calling thread) until its thread or process ends
 * (cpu->thread_exit, proc->exiting); returns the exit status.  Guest
 * signals with a fatal default action end loupe inside. */
int cpu_loop(struct vcpu *cpu);

/*
 * For a backend leaving a block by an indirect jump (pc slot set): the block
 * the cpu loop would run next if it is in the vCPU's jump cache and the
 * loop has nothing else to do first (entering it, the backend names it in
 * cur_tb and counts its instructions); NULL means return IR_EXIT_INDIRECT
 * to the loop.
 */
struct tb *cpu_indirect_lookup(struct vcpu *cpu);

/* Translate the block at pc (NULL: it cannot be fetched; the address that
 * faulted is in cpu->fault_addr).  The caller holds tb_lock and has made
 * sure the arena has room for a block (tb_cache_nearly_full). */
struct tb *translate_block(struct vcpu *cpu, uint64_t pc, uint32_t flags);

#endif
