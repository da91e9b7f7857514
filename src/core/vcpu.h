/*
 * One virtual CPU = one guest thread: the guest register state plus what the
 * engine needs to run it.  There is no global CPU state; everything a vCPU
 * touches is reached from its struct vcpu.
 */
#ifndef LOUPE_CORE_VCPU_H
#define LOUPE_CORE_VCPU_H

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/tb.h"
#include "ir/ir.h"
#include "target/riscv/cpu.h"

struct lu_process;
struct engine;

struct vcpu {
	struct rv_cpu env; /* guest state and IR temporaries (first member) */
	struct lu_process *proc;
	struct engine *eng;
	int index;	   /* vCPU number */
	struct vcpu *next; /* in the engine's vCPU list */
	/* Threads (core/cpus.h): touching shared engine state, awaited by an
	 * exclusive section; the host thread and its kernel id. */
	bool running, awaited;
	pthread_t thread;
	int tid;
	bool thread_exit; /* the guest thread called exit (with exit_code) */
	int exit_code;
	/* Signals (bit n-1 = signal n).  Other threads read the mask and add
	 * pending signals, so both are accessed atomically; sig_seq counts
	 * signals sent to this thread (a futex for waits in sigsuspend and
	 * sigtimedwait).  sigsuspend's caller mask comes back after the
	 * handler: saved_sigmask, when restore_sigmask. */
	uint64_t sigmask;
	uint64_t sigpending;
	uint32_t sig_seq;
	bool restore_sigmask;
	uint64_t saved_sigmask;
	/* siginfo of host signals forwarded to this thread (bit n-1 of
	 * host_siginfo_valid: host_siginfo[n] holds signal n's) */
	uint64_t host_siginfo_valid;
	uint8_t host_siginfo[64][128];
	uint64_t altstack_sp, altstack_size; /* sigaltstack */
	int altstack_flags;
	uint64_t fault_addr;	  /* guest address of the last guest fault */
	uint64_t clear_child_tid; /* set_tid_address */
	uint64_t robust_list, robust_list_len;
	uint64_t insn_count; /* retired instructions (cycle/instret) */
	/* Guest space size minus 1, 2, 4 and 8: the JIT's bounds checks. */
	uint64_t jit_limit[4];
	/* For precise faults: the block running and its op that may fault. */
	struct tb *cur_tb;
	const struct ir_op *cur_op;
	sigjmp_buf fault_jmp;
	volatile int in_guest; /* running a TB: host faults are the guest's */
	int fault_sig;	       /* host signal that interrupted a TB */
	struct ir_block ir;    /* scratch for translation */
	/* Plugins: register-access level of the running callback, a request
	 * to return to the cpu loop between blocks, and the memory access
	 * being reported to mem callbacks (helpers log theirs in mem_log). */
	int plugin_flags;
	bool in_translation;
	bool started;	  /* vcpu_init callbacks have run */
	int exit_request; /* atomic: other threads set it (cpus_kick) */
	uint32_t plugin_mem_info;
	uint64_t plugin_mem_value;
	struct {
		uint64_t addr, old_value, new_value;
		uint8_t size_shift;
		bool read, wrote, sign; /* sign: the read sign-extends */
	} mem_log;
	uint64_t jmp_gen; /* tbs generation the jump cache belongs to */
	struct tb *jmp_cache[TB_JMP_CACHE_SIZE];
};

/* Guest register accessors for syscall code. */
static inline uint64_t vcpu_xreg(const struct vcpu *c, unsigned n)
{
	return c->env.slot[RV_SLOT_X + n];
}
static inline void vcpu_set_xreg(struct vcpu *c, unsigned n, uint64_t v)
{
	if (n)
		c->env.slot[RV_SLOT_X + n] = v;
}

#endif
