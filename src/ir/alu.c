/*
 * ir_alu as a callable function, for backends that leave an op to C (the
 * x86-64 JIT's fallback for rare ops), so they share the interpreter's
 * semantics exactly.
 */
#include "ir/alu.h"

uint64_t ir_alu_call(uint64_t a, uint64_t b, uint64_t imm, unsigned opc)
{
	return ir_alu(opc, a, b, imm);
}
