/*
 * The intermediate representation between a guest's translator and a
 * backend (see ops.h for the op table and operand forms).
 *
 * A translated block is a straight array of ops ending in an op with
 * IR_F_END.  Ops leave the block early only through BR* (taken branch),
 * EXIT, CALL (a helper returning nonzero) and the F/D ops of IR_FP_OPS (a
 * reserved rounding mode).  Every op carries the index of
 * the guest instruction it belongs to, so a fault inside an op is reported
 * at that instruction's pc.
 *
 * Exit codes a block returns to the cpu loop: IR_EXIT_CHAIN0/1 (direct jump
 * to the pc in the pc slot through chain slot 0/1), IR_EXIT_INDIRECT
 * (computed jump), or a value >= IR_EXIT_TARGET that the guest target
 * interprets (system call, exception...).
 */
#ifndef LOUPE_IR_IR_H
#define LOUPE_IR_IR_H

#include <stddef.h>
#include <stdint.h>

#include "ir/ops.h"

enum ir_opc {
#define IR_OP_ENUM(name, form, flags) IR_##name,
	IR_OPS(IR_OP_ENUM)
#undef IR_OP_ENUM
	    IR_OP_COUNT
};

enum {
	IR_EXIT_CHAIN0 = 0,
	IR_EXIT_CHAIN1 = 1,
	IR_EXIT_INDIRECT = 2,
	IR_EXIT_MEMFAULT = 3, /* access outside the guest space at cur_op */
	/* the host faulted (cpu->fault_sig) on the access at cur_op */
	IR_EXIT_HOSTFAULT = 4,
	IR_EXIT_TARGET = 16,
};

struct ir_op {
	uint16_t opc;
	uint16_t d, a, b;
	uint16_t insn; /* index of the guest instruction in its block */
	int64_t imm;
};

struct vcpu;
/* A helper called from IR: returns 0 to go on, or an exit code (the helper
 * has set the pc slot if the code needs one). */
typedef int (*ir_helper_fn)(struct vcpu *cpu, const void *arg);
struct ir_call {
	ir_helper_fn fn;
	const void *arg;
};

/* A block's IR under construction. */
struct ir_block {
	struct ir_op *ops;
	size_t n_ops, cap_ops;
	/* Helper calls: a CALL op's imm is an index into calls[] until the
	 * engine copies the block into its TB and makes it a pointer. */
	struct ir_call *calls;
	size_t n_calls, cap_calls;
	uint16_t cur_insn;
};

/* Operand forms of ops.h: which of d, a, b, imm an op reads and writes. */
enum ir_form {
	IR_FORM_NONE,
	IR_FORM_DI,
	IR_FORM_DA,
	IR_FORM_DAB,
	IR_FORM_DAI,
	IR_FORM_LD,
	IR_FORM_ST,
	IR_FORM_BR,
	IR_FORM_EXIT,
	IR_FORM_CALL,
	IR_FORM_SHADD,
	IR_FORM_D,
	IR_FORM_FP,
};

const char *ir_op_name(unsigned opc);
unsigned ir_op_flags(unsigned opc);
unsigned ir_op_form(unsigned opc); /* enum ir_form */

/* Append one op (grows the array). */
struct ir_op *ir_emit(struct ir_block *b, unsigned opc, unsigned d, unsigned a,
		      unsigned bb, int64_t imm);
/* Append a CALL of fn(cpu, arg). */
struct ir_op *ir_emit_call(struct ir_block *b, ir_helper_fn fn,
			   const void *arg);
void ir_block_reset(struct ir_block *b);
void ir_block_free(struct ir_block *b);

/* Print one op as text (for -d op). */
void ir_format_op(const struct ir_op *op, char *buf, size_t size);

/* The block optimizer (src/ir/opt.c): constant and copy propagation,
 * folding, dead-temporary elimination, in place.  Guest-visible state is
 * the same at every op that can observe it; see opt.c for the rules. */
void ir_optimize(struct ir_block *b);

#endif
