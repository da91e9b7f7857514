/*
 * IR construction and printing.  The op metadata comes from the X-macro
 * table in ops.h, so adding an op there is all the builder needs.
 */
#include "ir/ir.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static const struct {
	const char *name;
	uint8_t form;
	uint8_t flags;
} ir_info[IR_OP_COUNT] = {
#define IR_OP_INFO(n, f, fl) [IR_##n] = {#n, IR_FORM_##f, fl},
    IR_OPS(IR_OP_INFO)
#undef IR_OP_INFO
};

const char *ir_op_name(unsigned opc)
{
	return opc < IR_OP_COUNT ? ir_info[opc].name : "?";
}

unsigned ir_op_flags(unsigned opc)
{
	return opc < IR_OP_COUNT ? ir_info[opc].flags : 0;
}

unsigned ir_op_form(unsigned opc)
{
	return opc < IR_OP_COUNT ? ir_info[opc].form : IR_FORM_NONE;
}

struct ir_op *ir_emit(struct ir_block *b, unsigned opc, unsigned d, unsigned a,
		      unsigned bb, int64_t imm)
{
	if (b->n_ops == b->cap_ops) {
		size_t cap = b->cap_ops ? b->cap_ops * 2 : 256;
		struct ir_op *ops = realloc(b->ops, cap * sizeof(*ops));
		if (!ops) {
			fprintf(stderr, "loupe: out of memory\n");
			abort();
		}
		b->ops = ops;
		b->cap_ops = cap;
	}
	struct ir_op *op = &b->ops[b->n_ops++];
	op->opc = (uint16_t)opc;
	op->d = (uint16_t)d;
	op->a = (uint16_t)a;
	op->b = (uint16_t)bb;
	op->insn = b->cur_insn;
	op->imm = imm;
	return op;
}

struct ir_op *ir_emit_call(struct ir_block *b, ir_helper_fn fn, const void *arg)
{
	if (b->n_calls == b->cap_calls) {
		size_t cap = b->cap_calls ? b->cap_calls * 2 : 64;
		struct ir_call *calls = realloc(b->calls, cap * sizeof(*calls));
		if (!calls) {
			fprintf(stderr, "loupe: out of memory\n");
			abort();
		}
		b->calls = calls;
		b->cap_calls = cap;
	}
	b->calls[b->n_calls].fn = fn;
	b->calls[b->n_calls].arg = arg;
	return ir_emit(b, IR_CALL, 0, 0, 0, (int64_t)b->n_calls++);
}

void ir_block_reset(struct ir_block *b)
{
	b->n_ops = 0;
	b->n_calls = 0;
	b->cur_insn = 0;
}

void ir_block_free(struct ir_block *b)
{
	free(b->ops);
	free(b->calls);
	b->ops = NULL;
	b->calls = NULL;
	b->n_ops = b->cap_ops = 0;
	b->n_calls = b->cap_calls = 0;
}

void ir_format_op(const struct ir_op *op, char *buf, size_t size)
{
	const char *n = ir_op_name(op->opc);
	unsigned form = op->opc < IR_OP_COUNT ? ir_info[op->opc].form : 0;
	switch (form) {
	case IR_FORM_DI:
		snprintf(buf, size, "%-8s s%u, 0x%" PRIx64, n, op->d,
			 (uint64_t)op->imm);
		break;
	case IR_FORM_DA:
		snprintf(buf, size, "%-8s s%u, s%u", n, op->d, op->a);
		break;
	case IR_FORM_DAB:
		snprintf(buf, size, "%-8s s%u, s%u, s%u", n, op->d, op->a,
			 op->b);
		break;
	case IR_FORM_DAI:
		snprintf(buf, size, "%-8s s%u, s%u, %" PRId64, n, op->d, op->a,
			 op->imm);
		break;
	case IR_FORM_SHADD:
		snprintf(buf, size, "%-8s s%u, s%u<<%" PRId64 ", s%u", n, op->d,
			 op->a, op->imm, op->b);
		break;
	case IR_FORM_LD:
		snprintf(buf, size, "%-8s s%u, [s%u%+" PRId64 "]", n, op->d,
			 op->a, op->imm);
		break;
	case IR_FORM_ST:
		snprintf(buf, size, "%-8s [s%u%+" PRId64 "], s%u", n, op->a,
			 op->imm, op->b);
		break;
	case IR_FORM_BR:
		snprintf(buf, size, "%-8s s%u, s%u, 0x%" PRIx64 " (chain %u)",
			 n, op->a, op->b, (uint64_t)op->imm, op->d);
		break;
	case IR_FORM_EXIT:
		if (op->opc == IR_GOTO_PTR)
			snprintf(buf, size, "%-8s s%u", n, op->a);
		else
			snprintf(buf, size, "%-8s 0x%" PRIx64 ", %u", n,
				 (uint64_t)op->imm, op->d);
		break;
	case IR_FORM_D:
		snprintf(buf, size, "%-8s s%u", n, op->d);
		break;
	case IR_FORM_FP: {
		/* imm = rm | c << 8 (c: the third source of fused ops) */
		unsigned c = (unsigned)((uint64_t)op->imm >> 8) & 0xffff;
		unsigned rm = (unsigned)op->imm & 7;
		if (c)
			snprintf(buf, size, "%-8s s%u, s%u, s%u, s%u, rm %u", n,
				 op->d, op->a, op->b, c, rm);
		else
			snprintf(buf, size, "%-8s s%u, s%u, s%u, rm %u", n,
				 op->d, op->a, op->b, rm);
		break;
	}
	case IR_FORM_CALL:
		snprintf(buf, size, "%-8s %p", n, (void *)(intptr_t)op->imm);
		break;
	default:
		snprintf(buf, size, "%s", n);
		break;
	}
}
