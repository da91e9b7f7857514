/*
 * Helpers for F/D instructions with a reserved static rounding mode
 * (through rv_fpu_exec, which refuses them: SIGILL; every other F/D
 * instruction is an IR op), atomics (LR/SC, AMOs) and CSR access (but for
 * the fflags accesses the translator makes IR ops).
 *
 * Atomics: executed with host atomic operations on the guest's host
 * address, so they stay atomic when several vCPUs run.  SC succeeds when a
 * reservation of the same address and size exists and memory still holds
 * the value LR read (compare-and-swap), the behaviour QEMU also has.  A
 * misaligned atomic raises SIGBUS, an access outside the guest space
 * SIGSEGV; unmapped or read-only pages fault on the host like plain loads
 * and stores.
 */
#include "target/riscv/helpers.h"

#include <time.h>

#include "core/vcpu.h"
#include "linux-user/process.h"
#include "target/riscv/cpu.h"
#include "target/riscv/exec.h"
#include "target/riscv/insn.h"

static int raise_at(struct vcpu *cpu, const struct rv_insn *in, int code)
{
	cpu->env.slot[RV_SLOT_PC] = in->pc;
	return code;
}

int rv_helper_fp(struct vcpu *cpu, const void *arg)
{
	const struct rv_insn *in = arg;
	if (rv_fpu_exec(&cpu->env, in) < 0)
		return raise_at(cpu, in, RV_EXIT_ILLEGAL);
	return 0;
}

static uint64_t sext32(uint32_t v)
{
	return (uint64_t)(int64_t)(int32_t)v;
}

static uint32_t amo32(unsigned op, uint32_t *p, uint32_t v)
{
	uint32_t old = __atomic_load_n(p, __ATOMIC_SEQ_CST), nv;
	switch (op) {
	case RV_OP_AMOSWAP_W:
		return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
	case RV_OP_AMOADD_W:
		return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
	case RV_OP_AMOXOR_W:
		return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
	case RV_OP_AMOAND_W:
		return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
	case RV_OP_AMOOR_W:
		return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
	default:
		break;
	}
	do {
		switch (op) {
		case RV_OP_AMOMIN_W:
			nv = (int32_t)old < (int32_t)v ? old : v;
			break;
		case RV_OP_AMOMAX_W:
			nv = (int32_t)old > (int32_t)v ? old : v;
			break;
		case RV_OP_AMOMINU_W:
			nv = old < v ? old : v;
			break;
		default: /* AMOMAXU_W */
			nv = old > v ? old : v;
			break;
		}
	} while (!__atomic_compare_exchange_n(
	    p, &old, nv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return old;
}

static uint64_t amo64(unsigned op, uint64_t *p, uint64_t v)
{
	uint64_t old = __atomic_load_n(p, __ATOMIC_SEQ_CST), nv;
	switch (op) {
	case RV_OP_AMOSWAP_D:
		return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
	case RV_OP_AMOADD_D:
		return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
	case RV_OP_AMOXOR_D:
		return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
	case RV_OP_AMOAND_D:
		return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
	case RV_OP_AMOOR_D:
		return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
	default:
		break;
	}
	do {
		switch (op) {
		case RV_OP_AMOMIN_D:
			nv = (int64_t)old < (int64_t)v ? old : v;
			break;
		case RV_OP_AMOMAX_D:
			nv = (int64_t)old > (int64_t)v ? old : v;
			break;
		case RV_OP_AMOMINU_D:
			nv = old < v ? old : v;
			break;
		default: /* AMOMAXU_D */
			nv = old > v ? old : v;
			break;
		}
	} while (!__atomic_compare_exchange_n(
	    p, &old, nv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return old;
}

/* The value an AMO stored, from the old value and the operand. */
static uint64_t amo_result(unsigned op, uint64_t old, uint64_t v, bool is_d)
{
	if (!is_d) {
		old = (uint32_t)old;
		v = (uint32_t)v;
	}
	int64_t so = is_d ? (int64_t)old : (int32_t)old;
	int64_t sv = is_d ? (int64_t)v : (int32_t)v;
	switch (is_d ? op : op - RV_OP_AMOSWAP_W + RV_OP_AMOSWAP_D) {
	case RV_OP_AMOSWAP_D:
		return v;
	case RV_OP_AMOADD_D:
		return old + v;
	case RV_OP_AMOXOR_D:
		return old ^ v;
	case RV_OP_AMOAND_D:
		return old & v;
	case RV_OP_AMOOR_D:
		return old | v;
	case RV_OP_AMOMIN_D:
		return so < sv ? old : v;
	case RV_OP_AMOMAX_D:
		return so > sv ? old : v;
	case RV_OP_AMOMINU_D:
		return old < v ? old : v;
	default:
		return old > v ? old : v;
	}
}

int rv_helper_amo(struct vcpu *cpu, const void *arg)
{
	const struct rv_insn *in = arg;
	struct rv_cpu *env = &cpu->env;
	const struct guest_mem *mem = &cpu->proc->mem;
	bool is_d = in->op >= RV_OP_LR_D;
	unsigned size = is_d ? 8 : 4;
	uint64_t addr = env->slot[RV_SLOT_X + in->rs1];
	uint64_t src = env->slot[RV_SLOT_X + in->rs2];
	uint64_t result;

	cpu->fault_addr = addr;
	if (addr & (size - 1))
		return raise_at(cpu, in, RV_EXIT_SIGBUS);
	if (!guest_in_space(mem, addr, size))
		return raise_at(cpu, in, RV_EXIT_SIGSEGV);
	void *p = g2h(mem, addr);
	/* What plugins' memory callbacks report for this instruction. */
	cpu->mem_log.addr = addr;
	cpu->mem_log.size_shift = is_d ? 3 : 2;
	cpu->mem_log.read = true;
	cpu->mem_log.wrote = false;
	cpu->mem_log.sign = !is_d; /* .w results are sign-extended */

	switch (in->op) {
	case RV_OP_LR_W:
	case RV_OP_LR_D:
		result = is_d ? __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST)
			      : sext32(__atomic_load_n((uint32_t *)p,
						       __ATOMIC_SEQ_CST));
		env->lr_valid = true;
		env->lr_addr = addr;
		env->lr_size = (uint8_t)size;
		env->lr_value = result;
		cpu->mem_log.old_value = result;
		break;
	case RV_OP_SC_W:
	case RV_OP_SC_D: {
		bool ok = false;
		if (env->lr_valid && env->lr_addr == addr &&
		    env->lr_size == size) {
			if (is_d) {
				uint64_t expect = env->lr_value;
				ok = __atomic_compare_exchange_n(
				    (uint64_t *)p, &expect, src, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			} else {
				uint32_t expect = (uint32_t)env->lr_value;
				ok = __atomic_compare_exchange_n(
				    (uint32_t *)p, &expect, (uint32_t)src,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			}
		}
		env->lr_valid = false;
		result = ok ? 0 : 1;
		/* A successful SC is reported as the read of the reserved
		 * word and the write of the new value, as QEMU does. */
		cpu->mem_log.old_value =
		    ok	   ? env->lr_value
		    : is_d ? __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST)
			   : __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST);
		cpu->mem_log.new_value = src;
		cpu->mem_log.wrote = ok;
		cpu->mem_log.read = ok; /* a failed SC accesses nothing */
		cpu->mem_log.sign = false;
		break;
	}
	default:
		result = is_d ? amo64(in->op, p, src)
			      : sext32(amo32(in->op, p, (uint32_t)src));
		cpu->mem_log.old_value = result;
		cpu->mem_log.new_value = amo_result(in->op, result, src, is_d);
		cpu->mem_log.wrote = true;
		break;
	}
	if (in->rd)
		env->slot[RV_SLOT_X + in->rd] = result;
	return 0;
}

static uint64_t host_ticks(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int rv_helper_csr(struct vcpu *cpu, const void *arg)
{
	const struct rv_insn *in = arg;
	struct rv_cpu *env = &cpu->env;
	bool imm_form = in->op == RV_OP_CSRRWI || in->op == RV_OP_CSRRSI ||
			in->op == RV_OP_CSRRCI;
	uint64_t src =
	    imm_form ? (uint64_t)in->imm : env->slot[RV_SLOT_X + in->rs1];
	/* csrrs/csrrc with x0 or uimm 0 only read the CSR. */
	bool writes = in->op == RV_OP_CSRRW || in->op == RV_OP_CSRRWI ||
		      (imm_form ? in->imm != 0 : in->rs1 != 0);
	uint64_t old;

	switch (in->csr) {
	case RV_CSR_FFLAGS:
		old = env->fflags;
		break;
	case RV_CSR_FRM:
		old = env->frm;
		break;
	case RV_CSR_FCSR:
		old = (uint64_t)env->frm << 5 | env->fflags;
		break;
	case RV_CSR_CYCLE:
	case RV_CSR_INSTRET:
		if (writes)
			return raise_at(cpu, in, RV_EXIT_ILLEGAL);
		old = cpu->insn_count;
		break;
	case RV_CSR_TIME:
		if (writes)
			return raise_at(cpu, in, RV_EXIT_ILLEGAL);
		old = host_ticks() / 100; /* a 10 MHz timebase */
		break;
	default:
		return raise_at(cpu, in, RV_EXIT_ILLEGAL);
	}
	if (writes) {
		uint64_t nv;
		switch (in->op) {
		case RV_OP_CSRRW:
		case RV_OP_CSRRWI:
			nv = src;
			break;
		case RV_OP_CSRRS:
		case RV_OP_CSRRSI:
			nv = old | src;
			break;
		default:
			nv = old & ~src;
			break;
		}
		switch (in->csr) {
		case RV_CSR_FFLAGS:
			env->fflags = nv & 0x1f;
			break;
		case RV_CSR_FRM:
			env->frm = nv & 7;
			break;
		default: /* FCSR */
			env->fflags = nv & 0x1f;
			env->frm = (nv >> 5) & 7;
			break;
		}
	}
	if (in->rd)
		env->slot[RV_SLOT_X + in->rd] = old;
	return 0;
}
