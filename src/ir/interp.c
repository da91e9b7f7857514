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
#include "ir/ir.h"
#include "linux-user/process.h"
#include "plugin/plugin.h"

static inline uint64_t sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

static inline uint64_t rol64(uint64_t v, unsigned n)
{
	n &= 63;
	return n ? (v << n) | (v >> (64 - n)) : v;
}

static inline uint32_t rol32(uint32_t v, unsigned n)
{
	n &= 31;
	return n ? (v << n) | (v >> (32 - n)) : v;
}

static inline uint64_t mulhu64(uint64_t a, uint64_t b)
{
	return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

static inline uint64_t mulh64(uint64_t a, uint64_t b)
{
	return (uint64_t)((__int128)(int64_t)a * (__int128)(int64_t)b >> 64);
}

static inline uint64_t mulhsu64(uint64_t a, uint64_t b)
{
	return (uint64_t)((__int128)(int64_t)a *
			      (__int128)(unsigned __int128)b >>
			  64);
}

static inline uint64_t div64(uint64_t a, uint64_t b)
{
	if (b == 0)
		return UINT64_MAX;
	if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
		return a;
	return (uint64_t)((int64_t)a / (int64_t)b);
}

static inline uint64_t rem64(uint64_t a, uint64_t b)
{
	if (b == 0)
		return a;
	if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
		return 0;
	return (uint64_t)((int64_t)a % (int64_t)b);
}

static inline uint64_t divw(uint64_t a, uint64_t b)
{
	int32_t x = (int32_t)a, y = (int32_t)b;
	if (y == 0)
		return UINT64_MAX;
	if (x == INT32_MIN && y == -1)
		return sext32((uint32_t)x);
	return sext32((uint32_t)(x / y));
}

static inline uint64_t remw(uint64_t a, uint64_t b)
{
	int32_t x = (int32_t)a, y = (int32_t)b;
	if (y == 0)
		return sext32((uint32_t)x);
	if (x == INT32_MIN && y == -1)
		return 0;
	return sext32((uint32_t)(x % y));
}

static inline uint64_t orc_b(uint64_t v)
{
	uint64_t r = 0;
	for (int i = 0; i < 64; i += 8)
		if ((v >> i) & 0xff)
			r |= 0xffull << i;
	return r;
}

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
	D = IMM;
	NEXT();
L_MOV:
	D = A;
	NEXT();
L_ADD:
	D = A + B;
	NEXT();
L_ADDI:
	D = A + IMM;
	NEXT();
L_SUB:
	D = A - B;
	NEXT();
L_AND:
	D = A & B;
	NEXT();
L_ANDI:
	D = A & IMM;
	NEXT();
L_OR:
	D = A | B;
	NEXT();
L_ORI:
	D = A | IMM;
	NEXT();
L_XOR:
	D = A ^ B;
	NEXT();
L_XORI:
	D = A ^ IMM;
	NEXT();
L_SHL:
	D = A << (B & 63);
	NEXT();
L_SHLI:
	D = A << (IMM & 63);
	NEXT();
L_SHR:
	D = A >> (B & 63);
	NEXT();
L_SHRI:
	D = A >> (IMM & 63);
	NEXT();
L_SAR:
	D = (uint64_t)((int64_t)A >> (B & 63));
	NEXT();
L_SARI:
	D = (uint64_t)((int64_t)A >> (IMM & 63));
	NEXT();
L_SLT:
	D = (int64_t)A < (int64_t)B;
	NEXT();
L_SLTI:
	D = (int64_t)A < op->imm;
	NEXT();
L_SLTU:
	D = A < B;
	NEXT();
L_SLTIU:
	D = A < IMM;
	NEXT();
L_ADDW:
	D = sext32(A + B);
	NEXT();
L_ADDIW:
	D = sext32(A + IMM);
	NEXT();
L_SUBW:
	D = sext32(A - B);
	NEXT();
L_SHLW:
	D = sext32((uint32_t)A << (B & 31));
	NEXT();
L_SHLIW:
	D = sext32((uint32_t)A << (IMM & 31));
	NEXT();
L_SHRW:
	D = sext32((uint32_t)A >> (B & 31));
	NEXT();
L_SHRIW:
	D = sext32((uint32_t)A >> (IMM & 31));
	NEXT();
L_SARW:
	D = (uint64_t)(int64_t)((int32_t)(uint32_t)A >> (B & 31));
	NEXT();
L_SARIW:
	D = (uint64_t)(int64_t)((int32_t)(uint32_t)A >> (IMM & 31));
	NEXT();
L_MUL:
	D = A * B;
	NEXT();
L_MULH:
	D = mulh64(A, B);
	NEXT();
L_MULHU:
	D = mulhu64(A, B);
	NEXT();
L_MULHSU:
	D = mulhsu64(A, B);
	NEXT();
L_MULW:
	D = sext32((uint32_t)A * (uint32_t)B);
	NEXT();
L_DIV:
	D = div64(A, B);
	NEXT();
L_DIVU:
	D = B ? A / B : UINT64_MAX;
	NEXT();
L_REM:
	D = rem64(A, B);
	NEXT();
L_REMU:
	D = B ? A % B : A;
	NEXT();
L_DIVW:
	D = divw(A, B);
	NEXT();
L_DIVUW:
	D = (uint32_t)B ? sext32((uint32_t)A / (uint32_t)B) : UINT64_MAX;
	NEXT();
L_REMW:
	D = remw(A, B);
	NEXT();
L_REMUW:
	D = (uint32_t)B ? sext32((uint32_t)A % (uint32_t)B) : sext32(A);
	NEXT();
L_SHADD:
	D = (A << IMM) + B;
	NEXT();
L_SHADDUW:
	D = ((uint64_t)(uint32_t)A << IMM) + B;
	NEXT();
L_SHLIUW:
	D = (uint64_t)(uint32_t)A << (IMM & 63);
	NEXT();
L_ANDN:
	D = A & ~B;
	NEXT();
L_ORN:
	D = A | ~B;
	NEXT();
L_XNOR:
	D = ~(A ^ B);
	NEXT();
L_CLZ:
	D = A ? (uint64_t)__builtin_clzll(A) : 64;
	NEXT();
L_CTZ:
	D = A ? (uint64_t)__builtin_ctzll(A) : 64;
	NEXT();
L_CPOP:
	D = (uint64_t)__builtin_popcountll(A);
	NEXT();
L_CLZW:
	D = (uint32_t)A ? (uint64_t)__builtin_clz((uint32_t)A) : 32;
	NEXT();
L_CTZW:
	D = (uint32_t)A ? (uint64_t)__builtin_ctz((uint32_t)A) : 32;
	NEXT();
L_CPOPW:
	D = (uint64_t)__builtin_popcount((uint32_t)A);
	NEXT();
L_MIN:
	D = (int64_t)A < (int64_t)B ? A : B;
	NEXT();
L_MAX:
	D = (int64_t)A > (int64_t)B ? A : B;
	NEXT();
L_MINU:
	D = A < B ? A : B;
	NEXT();
L_MAXU:
	D = A > B ? A : B;
	NEXT();
L_SEXTB:
	D = (uint64_t)(int64_t)(int8_t)(uint8_t)A;
	NEXT();
L_SEXTH:
	D = (uint64_t)(int64_t)(int16_t)(uint16_t)A;
	NEXT();
L_ZEXTH:
	D = (uint16_t)A;
	NEXT();
L_ROL:
	D = rol64(A, (unsigned)B);
	NEXT();
L_ROR:
	D = rol64(A, (64 - (unsigned)(B & 63)) & 63);
	NEXT();
L_RORI:
	D = rol64(A, (64 - (unsigned)(IMM & 63)) & 63);
	NEXT();
L_ROLW:
	D = sext32(rol32((uint32_t)A, (unsigned)B));
	NEXT();
L_RORW:
	D = sext32(rol32((uint32_t)A, (32 - (unsigned)(B & 31)) & 31));
	NEXT();
L_RORIW:
	D = sext32(rol32((uint32_t)A, (32 - (unsigned)(IMM & 31)) & 31));
	NEXT();
L_ORCB:
	D = orc_b(A);
	NEXT();
L_REV8:
	D = __builtin_bswap64(A);
	NEXT();
L_BCLR:
	D = A & ~(1ull << (B & 63));
	NEXT();
L_BSET:
	D = A | (1ull << (B & 63));
	NEXT();
L_BINV:
	D = A ^ (1ull << (B & 63));
	NEXT();
L_BEXT:
	D = (A >> (B & 63)) & 1;
	NEXT();
L_BEXTI:
	D = (A >> (IMM & 63)) & 1;
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
L_PLUGIN_CB:
	cpu->cur_op = op;
	plugin_run_cbs(cpu, (const void *)(intptr_t)op->imm);
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
L_PLUGIN_MEM:
	cpu->cur_op = op;
	plugin_run_mem(cpu, (const void *)(intptr_t)op->imm, A, B);
	NEXT();
L_PLUGIN_MEM_LOG:
	cpu->cur_op = op;
	plugin_run_mem_log(cpu, (const void *)(intptr_t)op->imm);
	NEXT();
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

static int interp_prepare(struct tb *tb)
{
	(void)tb;
	return 0;
}

const struct backend backend_interp = {
    .name = "interp",
    .prepare = interp_prepare,
    .exec = interp_exec,
};
