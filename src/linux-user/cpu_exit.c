/*
 * Target exits as linux-user sees them: ecall is a system call, ebreak
 * SIGTRAP, an illegal instruction SIGILL, misaligned atomics SIGBUS,
 * fence.i a translation flush.
 */
#include "linux-user/cpu_exit.h"

#include "core/engine.h"
#include "core/vcpu.h"
#include "linux-user/signal.h"
#include "linux-user/syscall.h"
#include "target/riscv/exec.h"

bool lu_handle_exit(struct vcpu *cpu, int rc)
{
	uint64_t pc = cpu->env.slot[RV_SLOT_PC];
	switch (rc) {
	case RV_EXIT_ECALL:
		cpu->env.slot[RV_SLOT_PC] = pc + 4;
		return lu_syscall(cpu);
	case RV_EXIT_FENCEI:
		cpu->eng->tbs.flush_pending = true;
		return true;
	case RV_EXIT_EBREAK:
		lu_signal_deliver(cpu, LU_SIGTRAP, pc);
		return true;
	case RV_EXIT_SIGBUS:
		lu_signal_deliver(cpu, LU_SIGBUS, pc);
		return true;
	case RV_EXIT_SIGSEGV:
		lu_signal_deliver(cpu, LU_SIGSEGV, pc);
		return true;
	case RV_EXIT_ILLEGAL:
	default:
		lu_signal_deliver(cpu, LU_SIGILL, pc);
		return true;
	}
}
