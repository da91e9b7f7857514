/*
 * Target exits as linux-user sees them: ecall is a system call, ebreak
 * SIGTRAP, an illegal instruction SIGILL, misaligned atomics SIGBUS,
 * fence.i a translation flush.
 */
#include "linux-user/cpu_exit.h"

#include <string.h>

#include "core/engine.h"
#include "core/vcpu.h"
#include "linux-user/signal.h"
#include "linux-user/syscall.h"
#include "plugin/plugin.h"
#include "target/riscv/exec.h"

/*
 * A system call as plugins see it: syscall callbacks, then the filters
 * (the first that takes the call supplies a0), the call itself, then the
 * syscall_ret callbacks; exit and exit_group do not return.  The call is a
 * HOSTCALL discontinuity from the ecall to the instruction after it.
 */
static bool syscall_with_plugins(struct vcpu *cpu, uint64_t pc)
{
	if (!plugin_active())
		return lu_syscall(cpu);
	/* The call is made with the registers as the guest set them (QEMU
	 * passes them by value): a callback's register writes stay in the
	 * registers but do not change the call. */
	uint64_t *x = &cpu->env.slot[RV_SLOT_X];
	int64_t num = (int64_t)x[17];
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = x[10 + i];
	plugin_syscall_event(cpu, num, a);
	int64_t ret;
	if (plugin_syscall_filter(cpu, num, a, &ret)) {
		vcpu_set_xreg(cpu, 10, (uint64_t)ret);
	} else {
		uint64_t now[7];
		memcpy(now, &x[10], 6 * sizeof(uint64_t));
		now[6] = x[17];
		memcpy(&x[10], a, sizeof(a));
		x[17] = (uint64_t)num;
		if (!lu_syscall(cpu))
			return false;
		memcpy(&x[11], &now[1], 5 * sizeof(uint64_t));
		x[17] = now[6];
		ret = (int64_t)x[10];
	}
	plugin_syscall_ret_event(cpu, num, ret);
	plugin_discon_event(cpu, 4 /* QEMU_PLUGIN_DISCON_HOSTCALL */, pc,
			    cpu->env.slot[RV_SLOT_PC]);
	return true;
}

bool lu_handle_exit(struct vcpu *cpu, int rc)
{
	uint64_t pc = cpu->env.slot[RV_SLOT_PC];
	switch (rc) {
	case RV_EXIT_ECALL:
		cpu->env.slot[RV_SLOT_PC] = pc + 4;
		if (cpu->env.slot[RV_SLOT_X + 17] == LU_NR_RT_SIGRETURN) {
			/* Plugins see it as QEMU shows it: the call, then a
			 * return value of -513 (its internal "sigreturn"). */
			uint64_t a[6];
			memcpy(a, &cpu->env.slot[RV_SLOT_X + 10], sizeof(a));
			if (plugin_active())
				plugin_syscall_event(cpu, LU_NR_RT_SIGRETURN,
						     a);
			lu_signal_return(cpu);
			if (plugin_active())
				plugin_syscall_ret_event(
				    cpu, LU_NR_RT_SIGRETURN, -513);
			return true;
		}
		if (!syscall_with_plugins(cpu, pc))
			return false;
		break;
	case RV_EXIT_FENCEI:
		tb_request_flush(&cpu->eng->tbs);
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
