/*
 * The cpu loop: find or translate the block at pc, run it, follow its exit.
 *
 * Bookkeeping is per block: the retired-instruction count is bumped when a
 * block starts, direct exits follow the TB's chain pointers, and other
 * lookups go through the per-vCPU jump cache before the hash table.  A
 * guest fault that the host reports (SIGSEGV/SIGBUS inside a TB) comes back
 * here with siglongjmp; the pc of the faulting instruction is recovered
 * from the op that was running (cpu->cur_op), which every op that can
 * fault records first.
 */
#include <inttypes.h>
#include <string.h>

#include "core/engine.h"
#include "core/tb.h"
#include "core/vcpu.h"
#include "linux-user/cpu_exit.h"
#include "linux-user/fault.h"
#include "linux-user/process.h"
#include "linux-user/signal.h"
#include "plugin/plugin.h"
#include "target/riscv/cpu.h"

static uint64_t faulting_pc(const struct vcpu *cpu)
{
	const struct tb *tb = cpu->cur_tb;
	return tb->insns[cpu->cur_op->insn].pc;
}

static void log_cpu(struct engine *eng, const struct vcpu *cpu)
{
	FILE *f = eng->logf;
	const uint64_t *s = cpu->env.slot;
	fprintf(f, " pc       %016" PRIx64 "\n", s[RV_SLOT_PC]);
	for (int i = 0; i < 32; i++)
		fprintf(f, " x%-2d/%-4s %016" PRIx64 "%s", i, rv_xreg_name(i),
			s[RV_SLOT_X + i], (i % 4) == 3 ? "\n" : "");
	for (int i = 0; i < 32; i++)
		fprintf(f, " f%-2d/%-4s %016" PRIx64 "%s", i, rv_freg_name(i),
			s[RV_SLOT_F + i], (i % 4) == 3 ? "\n" : "");
}

static struct tb *find_tb(struct vcpu *cpu, uint64_t pc)
{
	struct tb_cache *tbs = &cpu->eng->tbs;
	struct tb **slot = &cpu->jmp_cache[(pc >> 1) & (TB_JMP_CACHE_SIZE - 1)];
	struct tb *tb = *slot;
	if (tb && tb->pc == pc)
		return tb;
	tb = tb_lookup(tbs, pc, 0);
	if (!tb) {
		uint64_t gen = tbs->generation;
		tb = translate_block(cpu, pc, 0);
		if (!tb)
			return NULL;
		if (gen != tbs->generation) { /* the arena was full */
			memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
			cpu->jmp_gen = tbs->generation;
			slot = &cpu->jmp_cache[(pc >> 1) &
					       (TB_JMP_CACHE_SIZE - 1)];
		}
	}
	*slot = tb;
	return tb;
}

struct tb *cpu_indirect_lookup(struct vcpu *cpu)
{
	struct engine *eng = cpu->eng;
	struct tb_cache *tbs = &eng->tbs;
	/* Anything the loop's top would do (flush, a stale jump cache, a
	 * request, tracing) or a miss: go back to the loop. */
	if (tbs->flush_pending || cpu->jmp_gen != tbs->generation ||
	    cpu->exit_request || (eng->log & (LOG_EXEC | LOG_CPU)))
		return NULL;
	uint64_t pc = cpu->env.slot[RV_SLOT_PC];
	struct tb *tb = cpu->jmp_cache[(pc >> 1) & (TB_JMP_CACHE_SIZE - 1)];
	if (!tb || tb->pc != pc)
		return NULL;
	cpu->cur_tb = tb;
	cpu->insn_count += tb->n_insns;
	return tb;
}

static int run(struct vcpu *cpu)
{
	struct engine *eng = cpu->eng;
	struct tb_cache *tbs = &eng->tbs;
	const struct backend *be = eng->backend;
	bool chain = !(eng->log & LOG_NOCHAIN);
	bool trace = eng->log & (LOG_EXEC | LOG_CPU);
	struct tb *last = NULL;
	int last_exit = 0;

	for (;;) {
		if (tbs->flush_pending)
			tb_flush(tbs);
		if (cpu->jmp_gen != tbs->generation) {
			memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
			cpu->jmp_gen = tbs->generation;
			last = NULL;
		}
		if (cpu->exit_request) {
			plugin_process_requests(cpu);
			last = NULL;
			continue; /* the flush is seen at the top */
		}
		uint64_t pc = cpu->env.slot[RV_SLOT_PC];
		struct tb *tb = NULL;
		if (last) {
			tb = last->chain[last_exit];
			if (!tb || tb->pc != pc)
				tb = NULL;
		}
		if (!tb) {
			uint64_t gen = tbs->generation;
			tb = find_tb(cpu, pc);
			if (!tb) {
				lu_signal_fault(cpu, LU_SIGSEGV, 0,
						cpu->fault_addr);
				last = NULL;
				continue;
			}
			if (last && chain && gen == tbs->generation)
				last->chain[last_exit] = tb;
		}
		if (trace) {
			if (eng->log & LOG_CPU)
				log_cpu(eng, cpu);
			if (eng->log & LOG_EXEC)
				fprintf(eng->logf,
					"Trace %d: [%016" PRIx64 "]\n",
					cpu->index, pc);
		}
		cpu->insn_count += tb->n_insns;
		cpu->in_guest = 1;
		int rc = be->exec(cpu, tb);
		cpu->in_guest = 0;
		if (rc <= IR_EXIT_CHAIN1) {
			last = cpu->cur_tb;
			last_exit = rc;
			continue;
		}
		last = NULL;
		if (rc == IR_EXIT_INDIRECT)
			continue;
		if (rc == IR_EXIT_MEMFAULT) {
			pc = faulting_pc(cpu);
			cpu->env.slot[RV_SLOT_PC] = pc;
			lu_signal_fault(cpu, LU_SIGSEGV, LU_SEGV_MAPERR,
					cpu->fault_addr);
			continue;
		}
		if (!lu_handle_exit(cpu, rc))
			return cpu->proc->exit_status;
	}
}

int cpu_loop(struct vcpu *cpu)
{
	lu_fault_set_vcpu(cpu);
	int why = sigsetjmp(cpu->fault_jmp, 1);
	if (why == 2) {
		/* qemu_plugin_set_pc left a callback: the pc slot is set. */
		cpu->in_guest = 0;
	} else if (why) {
		/* A host fault inside a TB: the guest instruction faulted. */
		cpu->in_guest = 0;
		uint64_t pc = faulting_pc(cpu);
		cpu->env.slot[RV_SLOT_PC] = pc;
		lu_signal_fault(cpu, cpu->fault_sig,
				cpu->fault_sig == LU_SIGBUS ? 2 /* BUS_ADRERR */
							    : 0,
				cpu->fault_addr);
	}
	if (!cpu->started) {
		cpu->started = true;
		plugin_vcpu_init(cpu);
	}
	return run(cpu);
}
