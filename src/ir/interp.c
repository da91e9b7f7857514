/*
 * The IR interpreter backend: the portable reference every other backend
 * must agree with.
 *
 * Design: ops are executed in place from the TB's op array with threaded
 * dispatch (computed goto); operands are slot indices into the vCPU's slot
 * array, so a guest register is one indexed load away.  Guest memory is
 * base + address after a bounds check against the guest space; an access
 * to an unmapped page faults on the host, and the fault handler finds the
 * guest instruction through cpu->cur_op, which is set before every op that
 * can fault.
 *
 * Chaining: a direct exit whose next block is already linked (tb->chain)
 * continues there without returning, so hot loops stay inside this
 * function; cpu->cur_tb always names the block running.
 */
#include <stdint.h>
#include <string.h>

#include "core/tb.h"
#include "core/vcpu.h"
#include "ir/alu.h"
#include "ir/ir.h"
#include "linux-user/process.h"
#include "plugin/plugin.h"
#include "target/riscv/fpu_fast.h"
#include "target/riscv/fpu_ir.h"

static int interp_exec(struct vcpu *cpu, struct tb *tb)
{
	static void *const labels[IR_OP_COUNT] = {
#define IR_OP_LABEL(n, f, fl) [IR_##n] = &&L_##n,
	    IR_OPS(IR_OP_LABEL)
#undef IR_OP_LABEL
	};
	uint64_t *restrict R = cpu->env.slot;
	uint8_t *const base = cpu->proc->mem.base;
	const uint64_t limit = cpu->proc->mem.size;
	const struct ir_op *op = tb->ops;
	uint64_t addr;

	cpu->cur_tb = tb;
	cpu->insn_count += tb->n_insns;
	/* The FP fast paths compute in the host's default FP environment. */
	rv_fpu_host_reset();
#define NEXT() goto *labels[(++op)->opc]
#define D R[op->d]
#define A R[op->a]
#define B R[op->b]
#define IMM ((uint64_t)op->imm)
/* Bounds-check a guest access of n bytes at addr. */
#define CHECK(n)                                                               \
	do {                                                                   \
		addr = A + IMM;                                                \
		cpu->cur_op = op;                                              \
		if (__builtin_expect(addr > limit - (n), 0)) {                 \
			cpu->fault_addr = addr;                                \
			return IR_EXIT_MEMFAULT;                               \
		}                                                              \
	} while (0)
#define LOAD(type, n, conv)                                                    \
	do {                                                                   \
		type v_;                                                       \
		CHECK(n);                                                      \
		memcpy(&v_, base + addr, n);                                   \
		D = conv;                                                      \
	} while (0)
#define STORE(type, n)                                                         \
	do {                                                                   \
		type v_ = (type)B;                                             \
		CHECK(n);                                                      \
		memcpy(base + addr, &v_, n);                                   \
	} while (0)

	goto *labels[op->opc];

L_NOP:
	NEXT();
L_MOVI:
	D = ir_alu(IR_MOVI, A, B, IMM);
	NEXT();
L_MOV:
	D = ir_alu(IR_MOV, A, B, IMM);
	NEXT();
L_ADD:
	D = ir_alu(IR_ADD, A, B, IMM);
	NEXT();
L_ADDI:
	D = ir_alu(IR_ADDI, A, B, IMM);
	NEXT();
L_SUB:
	D = ir_alu(IR_SUB, A, B, IMM);
	NEXT();
L_AND:
	D = ir_alu(IR_AND, A, B, IMM);
	NEXT();
L_ANDI:
	D = ir_alu(IR_ANDI, A, B, IMM);
	NEXT();
L_OR:
	D = ir_alu(IR_OR, A, B, IMM);
	NEXT();
L_ORI:
	D = ir_alu(IR_ORI, A, B, IMM);
	NEXT();
L_XOR:
	D = ir_alu(IR_XOR, A, B, IMM);
	NEXT();
L_XORI:
	D = ir_alu(IR_XORI, A, B, IMM);
	NEXT();
L_SHL:
	D = ir_alu(IR_SHL, A, B, IMM);
	NEXT();
L_SHLI:
	D = ir_alu(IR_SHLI, A, B, IMM);
	NEXT();
L_SHR:
	D = ir_alu(IR_SHR, A, B, IMM);
	NEXT();
L_SHRI:
	D = ir_alu(IR_SHRI, A, B, IMM);
	NEXT();
L_SAR:
	D = ir_alu(IR_SAR, A, B, IMM);
	NEXT();
L_SARI:
	D = ir_alu(IR_SARI, A, B, IMM);
	NEXT();
L_SLT:
	D = ir_alu(IR_SLT, A, B, IMM);
	NEXT();
L_SLTI:
	D = ir_alu(IR_SLTI, A, B, IMM);
	NEXT();
L_SLTU:
	D = ir_alu(IR_SLTU, A, B, IMM);
	NEXT();
L_SLTIU:
	D = ir_alu(IR_SLTIU, A, B, IMM);
	NEXT();
L_ADDW:
	D = ir_alu(IR_ADDW, A, B, IMM);
	NEXT();
L_ADDIW:
	D = ir_alu(IR_ADDIW, A, B, IMM);
	NEXT();
L_SUBW:
	D = ir_alu(IR_SUBW, A, B, IMM);
	NEXT();
L_SHLW:
	D = ir_alu(IR_SHLW, A, B, IMM);
	NEXT();
L_SHLIW:
	D = ir_alu(IR_SHLIW, A, B, IMM);
	NEXT();
L_SHRW:
	D = ir_alu(IR_SHRW, A, B, IMM);
	NEXT();
L_SHRIW:
	D = ir_alu(IR_SHRIW, A, B, IMM);
	NEXT();
L_SARW:
	D = ir_alu(IR_SARW, A, B, IMM);
	NEXT();
L_SARIW:
	D = ir_alu(IR_SARIW, A, B, IMM);
	NEXT();
L_MUL:
	D = ir_alu(IR_MUL, A, B, IMM);
	NEXT();
L_MULH:
	D = ir_alu(IR_MULH, A, B, IMM);
	NEXT();
L_MULHU:
	D = ir_alu(IR_MULHU, A, B, IMM);
	NEXT();
L_MULHSU:
	D = ir_alu(IR_MULHSU, A, B, IMM);
	NEXT();
L_MULW:
	D = ir_alu(IR_MULW, A, B, IMM);
	NEXT();
L_DIV:
	D = ir_alu(IR_DIV, A, B, IMM);
	NEXT();
L_DIVU:
	D = ir_alu(IR_DIVU, A, B, IMM);
	NEXT();
L_REM:
	D = ir_alu(IR_REM, A, B, IMM);
	NEXT();
L_REMU:
	D = ir_alu(IR_REMU, A, B, IMM);
	NEXT();
L_DIVW:
	D = ir_alu(IR_DIVW, A, B, IMM);
	NEXT();
L_DIVUW:
	D = ir_alu(IR_DIVUW, A, B, IMM);
	NEXT();
L_REMW:
	D = ir_alu(IR_REMW, A, B, IMM);
	NEXT();
L_REMUW:
	D = ir_alu(IR_REMUW, A, B, IMM);
	NEXT();
L_SHADD:
	D = ir_alu(IR_SHADD, A, B, IMM);
	NEXT();
L_SHADDUW:
	D = ir_alu(IR_SHADDUW, A, B, IMM);
	NEXT();
L_SHLIUW:
	D = ir_alu(IR_SHLIUW, A, B, IMM);
	NEXT();
L_ANDN:
	D = ir_alu(IR_ANDN, A, B, IMM);
	NEXT();
L_ORN:
	D = ir_alu(IR_ORN, A, B, IMM);
	NEXT();
L_XNOR:
	D = ir_alu(IR_XNOR, A, B, IMM);
	NEXT();
L_CLZ:
	D = ir_alu(IR_CLZ, A, B, IMM);
	NEXT();
L_CTZ:
	D = ir_alu(IR_CTZ, A, B, IMM);
	NEXT();
L_CPOP:
	D = ir_alu(IR_CPOP, A, B, IMM);
	NEXT();
L_CLZW:
	D = ir_alu(IR_CLZW, A, B, IMM);
	NEXT();
L_CTZW:
	D = ir_alu(IR_CTZW, A, B, IMM);
	NEXT();
L_CPOPW:
	D = ir_alu(IR_CPOPW, A, B, IMM);
	NEXT();
L_MIN:
	D = ir_alu(IR_MIN, A, B, IMM);
	NEXT();
L_MAX:
	D = ir_alu(IR_MAX, A, B, IMM);
	NEXT();
L_MINU:
	D = ir_alu(IR_MINU, A, B, IMM);
	NEXT();
L_MAXU:
	D = ir_alu(IR_MAXU, A, B, IMM);
	NEXT();
L_SEXTB:
	D = ir_alu(IR_SEXTB, A, B, IMM);
	NEXT();
L_SEXTH:
	D = ir_alu(IR_SEXTH, A, B, IMM);
	NEXT();
L_ZEXTH:
	D = ir_alu(IR_ZEXTH, A, B, IMM);
	NEXT();
L_ROL:
	D = ir_alu(IR_ROL, A, B, IMM);
	NEXT();
L_ROR:
	D = ir_alu(IR_ROR, A, B, IMM);
	NEXT();
L_RORI:
	D = ir_alu(IR_RORI, A, B, IMM);
	NEXT();
L_ROLW:
	D = ir_alu(IR_ROLW, A, B, IMM);
	NEXT();
L_RORW:
	D = ir_alu(IR_RORW, A, B, IMM);
	NEXT();
L_RORIW:
	D = ir_alu(IR_RORIW, A, B, IMM);
	NEXT();
L_ORCB:
	D = ir_alu(IR_ORCB, A, B, IMM);
	NEXT();
L_REV8:
	D = ir_alu(IR_REV8, A, B, IMM);
	NEXT();
L_BCLR:
	D = ir_alu(IR_BCLR, A, B, IMM);
	NEXT();
L_BSET:
	D = ir_alu(IR_BSET, A, B, IMM);
	NEXT();
L_BINV:
	D = ir_alu(IR_BINV, A, B, IMM);
	NEXT();
L_BEXT:
	D = ir_alu(IR_BEXT, A, B, IMM);
	NEXT();
L_BEXTI:
	D = ir_alu(IR_BEXTI, A, B, IMM);
	NEXT();
L_FSGNJ_S:
	D = ir_alu(IR_FSGNJ_S, A, B, IMM);
	NEXT();
L_FSGNJN_S:
	D = ir_alu(IR_FSGNJN_S, A, B, IMM);
	NEXT();
L_FSGNJX_S:
	D = ir_alu(IR_FSGNJX_S, A, B, IMM);
	NEXT();
L_FSGNJ_D:
	D = ir_alu(IR_FSGNJ_D, A, B, IMM);
	NEXT();
L_FSGNJN_D:
	D = ir_alu(IR_FSGNJN_D, A, B, IMM);
	NEXT();
L_FSGNJX_D:
	D = ir_alu(IR_FSGNJX_D, A, B, IMM);
	NEXT();
L_FCLASS_S:
	D = ir_alu(IR_FCLASS_S, A, B, IMM);
	NEXT();
L_FCLASS_D:
	D = ir_alu(IR_FCLASS_D, A, B, IMM);
	NEXT();
L_NBOX:
	D = ir_alu(IR_NBOX, A, B, IMM);
	NEXT();
L_LD8S:
	LOAD(int8_t, 1, (uint64_t)(int64_t)v_);
	NEXT();
L_LD8U:
	LOAD(uint8_t, 1, v_);
	NEXT();
L_LD16S:
	LOAD(int16_t, 2, (uint64_t)(int64_t)v_);
	NEXT();
L_LD16U:
	LOAD(uint16_t, 2, v_);
	NEXT();
L_LD32S:
	LOAD(int32_t, 4, (uint64_t)(int64_t)v_);
	NEXT();
L_LD32U:
	LOAD(uint32_t, 4, v_);
	NEXT();
L_LD32NB:
	LOAD(uint32_t, 4, v_ | 0xffffffff00000000ull);
	NEXT();
L_LD64:
	LOAD(uint64_t, 8, v_);
	NEXT();
L_ST8:
	STORE(uint8_t, 1);
	NEXT();
L_ST16:
	STORE(uint16_t, 2);
	NEXT();
L_ST32:
	STORE(uint32_t, 4);
	NEXT();
L_ST64:
	STORE(uint64_t, 8);
	NEXT();
/* Leave through direct exit n to pc; follow the chain without going back
 * to the cpu loop when the next block is known. */
#define CHAIN(n, to)                                                           \
	do {                                                                   \
		uint64_t pc_ = (to);                                           \
		struct tb *next_ =                                             \
		    __atomic_load_n(&tb->chain[n], __ATOMIC_ACQUIRE);          \
		R[RV_SLOT_PC] = pc_;                                           \
		if (!next_ || next_->pc != pc_ ||                              \
		    __atomic_load_n(&cpu->exit_request, __ATOMIC_RELAXED))     \
			return (n);                                            \
		tb = next_;                                                    \
		cpu->cur_tb = tb;                                              \
		cpu->insn_count += tb->n_insns;                                \
		op = tb->ops;                                                  \
		goto *labels[op->opc];                                         \
	} while (0)
#define BRANCH(cond)                                                           \
	do {                                                                   \
		if (cond)                                                      \
			CHAIN(op->d, IMM);                                     \
	} while (0)
L_BREQ:
	BRANCH(A == B);
	NEXT();
L_BRNE:
	BRANCH(A != B);
	NEXT();
L_BRLT:
	BRANCH((int64_t)A < (int64_t)B);
	NEXT();
L_BRGE:
	BRANCH((int64_t)A >= (int64_t)B);
	NEXT();
L_BRLTU:
	BRANCH(A < B);
	NEXT();
L_BRGEU:
	BRANCH(A >= B);
	NEXT();
L_GOTO_TB:
	CHAIN(op->d, IMM);
L_GOTO_PTR:
	R[RV_SLOT_PC] = A;
	return IR_EXIT_INDIRECT;
L_EXIT:
	R[RV_SLOT_PC] = IMM;
	return op->d;
L_CALL : {
	const struct ir_call *call = (const struct ir_call *)(intptr_t)op->imm;
	cpu->cur_op = op;
	int rc = call->fn(cpu, call->arg);
	if (rc)
		return rc;
	NEXT();
}
L_PLUGIN_CALL:
	cpu->cur_op = op;
	plugin_run_call(cpu, (const struct plugin_call *)(intptr_t)op->imm);
	NEXT();
L_PLUGIN_INLINE : {
	const struct plugin_inline *in =
	    (const struct plugin_inline *)(intptr_t)op->imm;
	uint64_t *e = plugin_inline_entry(in, (unsigned)cpu->index);
	if (in->op == 0 /* QEMU_PLUGIN_INLINE_ADD_U64 */)
		*e += in->imm;
	else
		*e = in->imm;
	NEXT();
}
L_PLUGIN_MEM_CALL:
	cpu->cur_op = op;
	plugin_run_mem_call(
	    cpu, (const struct plugin_mem_call *)(intptr_t)op->imm, A, B);
	NEXT();
L_PLUGIN_MEM_LOG:
	cpu->cur_op = op;
	plugin_run_mem_log(cpu, (const void *)(intptr_t)op->imm);
	NEXT();
L_RDFFLAGS:
	D = cpu->env.fflags;
	NEXT();
L_WRFFLAGS : {
	uint64_t old = cpu->env.fflags;
	cpu->env.fflags = (uint32_t)A & 0x1f;
	D = old;
	NEXT();
}
/* F/D: the inline fast path (fpu_fast.h), else the exact slow path. */
#define FP_OP(n, f, fl)                                                        \
	L_##n : if (rv_fpop_fast(IR_##n, &cpu->env, A, B,                      \
				 R[rv_fpop_c(op->imm)], op->imm, &D)) NEXT();  \
	goto fp_slow;
	IR_FP_OPS(FP_OP)
#undef FP_OP
fp_slow : {
	int rc = rv_fpop_slow(cpu, op);
	if (rc)
		return rc;
	NEXT();
}
#undef NEXT
#undef D
#undef A
#undef B
#undef IMM
#undef CHECK
#undef LOAD
#undef STORE
#undef BRANCH
#undef CHAIN
}

static int interp_prepare(struct tb_cache *c, struct tb *tb)
{
	(void)c;
	(void)tb;
	return 0;
}

const struct backend backend_interp = {
    .name = "interp",
    .prepare = interp_prepare,
    .exec = interp_exec,
};
