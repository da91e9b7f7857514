/*
 * The IR's F/D ops (IR_FP_OPS, src/ir/ops.h) as C functions for the
 * backends: the exact slow path and fast-then-slow for ops a backend does
 * not inline.  Both take the op itself (its slots and imm) and return 0, or
 * RV_EXIT_ILLEGAL with the pc slot set to the instruction when its rounding
 * mode is reserved (the op then changed nothing).
 */
#ifndef LOUPE_TARGET_RISCV_FPU_IR_H
#define LOUPE_TARGET_RISCV_FPU_IR_H

struct vcpu;
struct ir_op;

/* Every case, exactly (fpu.c); accrues fflags. */
int rv_fpop_slow(struct vcpu *cpu, const struct ir_op *op);
/* fpu_fast.h's fast path, else rv_fpop_slow(). */
int rv_fpop_exec(struct vcpu *cpu, const struct ir_op *op);

#endif
