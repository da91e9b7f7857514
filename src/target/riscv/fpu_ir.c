/*
 * The IR's F/D ops as C functions (see fpu_ir.h): the slow path maps the
 * op back to its RISC-V instruction and runs fpu.c's exact semantics on
 * the slot values.
 */
#include "target/riscv/fpu_ir.h"

#include "core/vcpu.h"
#include "target/riscv/exec.h"
#include "target/riscv/fpu.h"
#include "target/riscv/fpu_fast.h"

static const uint16_t rv_op_of[IR_OP_COUNT] = {
#define RV_OP_OF(n, f, fl) [IR_##n] = RV_OP_##n,
    IR_FP_OPS(RV_OP_OF)
#undef RV_OP_OF
};

int rv_fpop_slow(struct vcpu *cpu, const struct ir_op *op)
{
	struct rv_cpu *env = &cpu->env;
	unsigned rvop = op->opc < IR_OP_COUNT ? rv_op_of[op->opc] : 0;
	unsigned kind = rv_fpu_kind(rvop);
	int rm = 0;

	if (kind & RV_FPU_RM) {
		rm = rv_fpu_resolve_rm(rv_fpop_rm(op->imm), env->frm);
		if (rm < 0) {
			env->slot[RV_SLOT_PC] = cpu->cur_tb->insns[op->insn].pc;
			return RV_EXIT_ILLEGAL;
		}
	}
	unsigned fl = 0;
	uint64_t r = rv_fpu_calc(rvop, env->slot[op->a], env->slot[op->b],
				 env->slot[rv_fpop_c(op->imm)], rm, &fl);
	env->slot[op->d] = r;
	env->fflags |= fl;
	return 0;
}

int rv_fpop_exec(struct vcpu *cpu, const struct ir_op *op)
{
	uint64_t *R = cpu->env.slot;
	uint64_t r;

	switch (op->opc) {
#define FAST_CASE(n, f, fl)                                                    \
	case IR_##n:                                                           \
		if (rv_fpop_fast(IR_##n, &cpu->env, R[op->a], R[op->b],        \
				 R[rv_fpop_c(op->imm)], op->imm, &r)) {        \
			R[op->d] = r;                                          \
			return 0;                                              \
		}                                                              \
		break;
		IR_FP_OPS(FAST_CASE)
#undef FAST_CASE
	default:
		break;
	}
	return rv_fpop_slow(cpu, op);
}
