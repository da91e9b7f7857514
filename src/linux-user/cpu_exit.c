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
		if (cpu->env.slot[RV_SLOT_X + 17] == LU_NR_RT_SIGRETURN) {
			lu_signal_return(cpu);
			return true;
		}
		if (!lu_syscall(cpu))
			return false;
		break;
	case RV_EXIT_FENCEI:
		cpu->eng->tbs.flush_pending = true;
		break;
	case RV_EXIT_EBREAK:
		lu_signal_fault(cpu, LU_SIGTRAP, LU_TRAP_BRKPT, pc);
		break;
	case RV_EXIT_SIGBUS:
		lu_signal_fault(cpu, LU_SIGBUS, LU_BUS_ADRALN, cpu->fault_addr);
		break;
	case RV_EXIT_SIGSEGV:
		lu_signal_fault(cpu, LU_SIGSEGV, LU_SEGV_MAPERR,
				cpu->fault_addr);
		break;
	case RV_EXIT_ILLEGAL:
	default:
		lu_signal_fault(cpu, LU_SIGILL, LU_ILL_ILLOPC, pc);
		break;
	}
	if (lu_signal_has_pending(cpu))
		lu_signal_process_pending(cpu);
	return true;
}
