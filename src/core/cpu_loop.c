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

#include "core/cpus.h"
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

static void flush_if_requested(void *arg)
{
	struct tb_cache *tbs = arg;
	if (tb_flush_requested(tbs))
		tb_flush(tbs);
}

static void flush_if_full(void *arg)
{
	struct tb_cache *tbs = arg;
	if (tb_cache_nearly_full(tbs))
		tb_flush(tbs);
}

static void reset_jmp_cache(struct vcpu *cpu)
{
	memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
	cpu->jmp_gen = cpu->eng->tbs.generation;
}

/*
 * The block at pc: jump cache, hash table, or a new translation.  Another
 * vCPU may be translating the same pc, so the hash is searched again under
 * tb_lock.  A full arena is flushed first, outside the lock (the flush
 * waits for every vCPU, and one of them may be waiting for the lock).
 */
static struct tb *find_tb(struct vcpu *cpu, uint64_t pc)
{
	struct engine *eng = cpu->eng;
	struct tb_cache *tbs = &eng->tbs;
	struct tb **slot = &cpu->jmp_cache[(pc >> 1) & (TB_JMP_CACHE_SIZE - 1)];
	struct tb *tb = *slot;
	if (tb && tb->pc == pc)
		return tb;
	tb = tb_lookup(tbs, pc, 0);
	while (!tb) {
		pthread_mutex_lock(&eng->tb_lock);
		tb = tb_lookup(tbs, pc, 0);
		if (!tb && tb_cache_nearly_full(tbs)) {
			pthread_mutex_unlock(&eng->tb_lock);
			cpus_run_exclusive(&eng->cpus, cpu, flush_if_full, tbs);
			reset_jmp_cache(cpu);
			continue;
		}
		if (!tb)
			tb = translate_block(cpu, pc, 0);
		pthread_mutex_unlock(&eng->tb_lock);
		if (!tb)
			return NULL;
	}
	*slot = tb;
	return tb;
}

/* Between blocks, something asked this vCPU to come back: an exclusive
 * section (park until it ends), a plugin request, a signal from another
 * thread. */
static void handle_exit_request(struct vcpu *cpu)
{
	__atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELAXED);
	cpus_safe_point(&cpu->eng->cpus, cpu);
	plugin_process_requests(cpu);
	if (lu_signal_has_pending(cpu))
		lu_signal_process_pending(cpu);
}

struct tb *cpu_indirect_lookup(struct vcpu *cpu)
{
	struct engine *eng = cpu->eng;
	struct tb_cache *tbs = &eng->tbs;
	/* Anything the loop's top would do (a request, a flush, a stale jump
	 * cache, tracing) or a miss: go back to the loop. */
	if (__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE) ||
	    tb_flush_requested(tbs) || cpu->jmp_gen != tbs->generation ||
	    (eng->log & (LOG_EXEC | LOG_CPU)))
		return NULL;
	uint64_t pc = cpu->env.slot[RV_SLOT_PC];
	struct tb *tb = cpu->jmp_cache[(pc >> 1) & (TB_JMP_CACHE_SIZE - 1)];
	if (!tb || tb->pc != pc)
		return NULL;
	return tb;
}

/* The guest access at cpu->cur_op faulted on the host (cpu->fault_sig). */
static void host_fault_signal(struct vcpu *cpu)
{
	cpu->env.slot[RV_SLOT_PC] = faulting_pc(cpu);
	lu_signal_fault(cpu, cpu->fault_sig,
			cpu->fault_sig == LU_SIGBUS ? 2 /* BUS_ADRERR */ : 0,
			cpu->fault_addr);
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
		if (__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE)) {
			handle_exit_request(cpu);
			last = NULL;
		}
		if (tb_flush_requested(tbs))
			cpus_run_exclusive(&eng->cpus, cpu, flush_if_requested,
					   tbs);
		if (cpu->jmp_gen != tbs->generation) {
			reset_jmp_cache(cpu);
			last = NULL;
		}
		uint64_t pc = cpu->env.slot[RV_SLOT_PC];
		struct tb *tb = NULL;
		if (last) {
			tb = __atomic_load_n(&last->chain[last_exit],
					     __ATOMIC_ACQUIRE);
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
			if (last && chain && gen == tbs->generation) {
				__atomic_store_n(&last->chain[last_exit], tb,
						 __ATOMIC_RELEASE);
				if (be->chain)
					be->chain(last, last_exit, tb);
			}
		}
		if (trace) {
			if (eng->log & LOG_CPU)
				log_cpu(eng, cpu);
			if (eng->log & LOG_EXEC)
				fprintf(eng->logf,
					"Trace %d: [%016" PRIx64 "]\n",
					cpu->index, pc);
		}
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
		if (rc == IR_EXIT_HOSTFAULT) {
			host_fault_signal(cpu);
			continue;
		}
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
	cpus_exec_start(&cpu->eng->cpus, cpu);
	int why = sigsetjmp(cpu->fault_jmp, 1);
	if (why == 2) {
		/* qemu_plugin_set_pc left a callback: the pc slot is set. */
		cpu->in_guest = 0;
	} else if (why) {
		/* A host fault inside a TB: the guest instruction faulted. */
		cpu->in_guest = 0;
		host_fault_signal(cpu);
	}
	if (!cpu->started) {
		cpu->started = true;
		plugin_vcpu_init(cpu);
	}
	return run(cpu);
}
