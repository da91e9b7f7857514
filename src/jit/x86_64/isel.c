/*
 * IR -> x86-64 for one translated block.
 *
 * Design: each IR op becomes a short host sequence that loads its operand
 * slots from the vCPU's slot array, computes, and stores the result slot
 * back, so every guest register is in memory at every instruction boundary
 * (plugin callbacks, helpers and the host fault handler all see exact
 * state).  The semantics are the interpreter's (src/ir/interp.c and
 * src/ir/alu.h): ops without a native sequence here call ir_alu_call(),
 * the same code the interpreter runs.  The F/D ops are isel_fp.c's.
 *
 * Precise faults: before any op that may fault or call out (loads, stores,
 * CALL, the plugin callback ops) the sequence stores the op's address into
 * cpu->cur_op, as the interpreter does; cpu->cur_tb is set on entry (by the
 * backend) and when a chain is followed.  A guest access outside the guest
 * space jumps to the memfault stub with the address in rax.
 *
 * Indirect jumps (GOTO_PTR) ask cpu_indirect_lookup() for the next block
 * and jump to it on a jump-cache hit instead of returning to the loop.
 *
 * Chaining: a direct exit stores the next pc, then reads tb->chain[n] with
 * one 8-byte load (another thread may write it) and continues in that
 * block's code when it is set, is for the same pc and no exit was
 * requested, after naming it in cur_tb and adding its instruction count to
 * cpu->insn_count -- exactly the interpreter's CHAIN.  Otherwise it returns
 * n to the cpu loop through the exit stub.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/engine.h"
#include "core/vcpu.h"
#include "ir/alu.h"
#include "ir/ir.h"
#include "jit/x86_64/emit.h"
#include "jit/x86_64/isel.h"
#include "jit/x86_64/jit.h"
#include "plugin/plugin.h"
#include "target/riscv/cpu.h"

static const int cache_reg[X64_N_CACHE] = {X64_R14, X64_R15};

void isel_cache_forget(struct isel *s, unsigned slot)
{
	for (int i = 0; i < X64_N_CACHE; i++)
		if (s->cache_slot[i] == (int)slot)
			s->cache_slot[i] = -1;
}

static void isel_cache_clear(struct isel *s)
{
	for (int i = 0; i < X64_N_CACHE; i++)
		s->cache_slot[i] = -1;
}

int isel_cached(const struct isel *s, unsigned slot)
{
	for (int i = 0; i < X64_N_CACHE; i++)
		if (s->cache_slot[i] == (int)slot)
			return cache_reg[i];
	return -1;
}

void isel_load_slot(struct isel *s, unsigned size, int dst, unsigned slot)
{
	int r = isel_cached(s, slot);
	if (r >= 0)
		x64_mov_rr(&s->a, size, dst, r);
	else
		x64_load(&s->a, size, dst, S(slot));
}

void isel_store_slot(struct isel *s, unsigned slot, int reg)
{
	x64_store(&s->a, 8, S(slot), reg);
	isel_cache_forget(s, slot);
	unsigned i = s->cache_next;
	s->cache_next = (i + 1) % X64_N_CACHE;
	x64_mov_rr(&s->a, 8, cache_reg[i], reg);
	s->cache_slot[i] = (int)slot;
}

/* dst op= slot */
static void alu_slot(struct isel *s, unsigned size, enum x64_alu op, int dst,
		     unsigned slot)
{
	int r = isel_cached(s, slot);
	if (r >= 0)
		x64_alu_rr(&s->a, size, op, dst, r);
	else
		x64_alu_rm(&s->a, size, op, dst, S(slot));
}

static void imul_slot(struct isel *s, unsigned size, int dst, unsigned slot)
{
	int r = isel_cached(s, slot);
	if (r >= 0)
		x64_imul_rr(&s->a, size, dst, r);
	else
		x64_imul_rm(&s->a, size, dst, S(slot));
}

/* rdx:rax = rax * slot (mul or imul) */
static void grp3_slot(struct isel *s, enum x64_grp3 op, unsigned slot)
{
	int r = isel_cached(s, slot);
	if (r >= 0)
		x64_grp3_r(&s->a, 8, op, r);
	else
		x64_grp3_m(&s->a, 8, op, S(slot));
}

static void set_cur_op(struct isel *s, const struct ir_op *op)
{
	x64_mov_imm(&s->a, RCX, (uint64_t)(uintptr_t)op);
	x64_store(&s->a, 8, CPU(cur_op), RCX);
}

void isel_call_abs(struct isel *s, uintptr_t fn)
{
	x64_mov_imm(&s->a, RAX, fn);
	x64_call_r(&s->a, RAX);
}

/* r = imm in a 64-bit op: op r, imm32 when it fits, else through tmp. */
static void alu_imm64(struct isel *s, enum x64_alu op, int r, int64_t imm,
		      int tmp)
{
	if (x64_fits_s32(imm)) {
		x64_alu_ri(&s->a, 8, op, r, (int32_t)imm);
	} else {
		x64_mov_imm(&s->a, tmp, (uint64_t)imm);
		x64_alu_rr(&s->a, 8, op, r, tmp);
	}
}

static void store_slot_imm(struct isel *s, unsigned slot, uint64_t v)
{
	isel_cache_forget(s, slot);
	if (x64_fits_s32((int64_t)v)) {
		x64_store_imm32(&s->a, 8, S(slot), (int32_t)v);
	} else {
		x64_mov_imm(&s->a, RAX, v);
		x64_store(&s->a, 8, S(slot), RAX);
	}
}

/* Leave through direct exit n (pc = pc), following the chain. */
static void chain_exit(struct isel *s, unsigned n, uint64_t pc)
{
	struct x64_asm *a = &s->a;
	x64_mov_imm(a, RAX, pc);
	x64_store(a, 8, S(RV_SLOT_PC), RAX);
	isel_cache_forget(s, RV_SLOT_PC);
	x64_mov_imm(a, RCX, (uint64_t)(uintptr_t)&s->tb->chain[n & 1]);
	x64_load(a, 8, RCX, x64_mem(RCX, 0));
	x64_test_rr(a, 8, RCX, RCX);
	uint8_t *no1 = x64_jcc8(a, X64_CC_E);
	x64_alu_rm(a, 8, X64_CMP, RAX,
		   x64_mem(RCX, (int32_t)offsetof(struct tb, pc)));
	uint8_t *no2 = x64_jcc8(a, X64_CC_NE);
	x64_alu_mi(a, 4, X64_CMP, CPU(exit_request), 0);
	uint8_t *no3 = x64_jcc8(a, X64_CC_NE);
	x64_store(a, 8, CPU(cur_tb), RCX);
	x64_load(a, 4, RAX,
		 x64_mem(RCX, (int32_t)offsetof(struct tb, n_insns)));
	x64_alu_mr(a, 8, X64_ADD, CPU(insn_count), RAX);
	x64_jmp_m(a, x64_mem(RCX, (int32_t)offsetof(struct tb, host_code)));
	x64_bind8(a, no1);
	x64_bind8(a, no2);
	x64_bind8(a, no3);
	x64_mov_imm(a, RAX, n);
	x64_jmp_abs32(a, s->stubs->exit);
}

static void exit_code(struct isel *s, unsigned code)
{
	x64_mov_imm(&s->a, RAX, code);
	x64_jmp_abs32(&s->a, s->stubs->exit);
}

/* rax = guest address A + imm, checked for an n-byte access. */
static void guest_addr(struct isel *s, const struct ir_op *op, unsigned n)
{
	struct x64_asm *a = &s->a;
	set_cur_op(s, op);
	isel_load_slot(s, 8, RAX, op->a);
	if (op->imm)
		alu_imm64(s, X64_ADD, RAX, op->imm, RCX);
	/* addr > limit - n: the interpreter's check, which cannot wrap. */
	x64_lea(a, RCX, x64_mem(R13, -(int32_t)n));
	x64_alu_rr(a, 8, X64_CMP, RAX, RCX);
	x64_jcc_abs32(a, X64_CC_A, s->stubs->memfault);
}

#define GUEST x64_mem_idx(R12, RAX, 1, 0)

static void emit_load(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	unsigned n;
	switch (op->opc) {
	case IR_LD8S:
	case IR_LD8U:
		n = 1;
		break;
	case IR_LD16S:
	case IR_LD16U:
		n = 2;
		break;
	case IR_LD64:
		n = 8;
		break;
	default:
		n = 4;
		break;
	}
	guest_addr(s, op, n);
	switch (op->opc) {
	case IR_LD8S:
		x64_load_sx(a, 1, RAX, GUEST);
		break;
	case IR_LD8U:
		x64_load_zx(a, 1, RAX, GUEST);
		break;
	case IR_LD16S:
		x64_load_sx(a, 2, RAX, GUEST);
		break;
	case IR_LD16U:
		x64_load_zx(a, 2, RAX, GUEST);
		break;
	case IR_LD32S:
		x64_load_sx(a, 4, RAX, GUEST);
		break;
	case IR_LD32U:
		x64_load(a, 4, RAX, GUEST);
		break;
	case IR_LD32NB:
		x64_load(a, 4, RAX, GUEST);
		x64_mov_imm(a, RCX, 0xffffffff00000000ull);
		x64_alu_rr(a, 8, X64_OR, RAX, RCX);
		break;
	default:
		x64_load(a, 8, RAX, GUEST);
		break;
	}
	isel_store_slot(s, op->d, RAX);
}

static void emit_store(struct isel *s, const struct ir_op *op)
{
	unsigned n = op->opc == IR_ST8	  ? 1
		     : op->opc == IR_ST16 ? 2
		     : op->opc == IR_ST32 ? 4
					  : 8;
	guest_addr(s, op, n);
	isel_load_slot(s, n == 8 ? 8 : 4, RDX, op->b);
	x64_store(&s->a, n, GUEST, RDX);
}

static void emit_branch(struct isel *s, const struct ir_op *op)
{
	enum x64_cc skip;
	switch (op->opc) {
	case IR_BREQ:
		skip = X64_CC_NE;
		break;
	case IR_BRNE:
		skip = X64_CC_E;
		break;
	case IR_BRLT:
		skip = X64_CC_GE;
		break;
	case IR_BRGE:
		skip = X64_CC_L;
		break;
	case IR_BRLTU:
		skip = X64_CC_AE;
		break;
	default: /* BRGEU */
		skip = X64_CC_B;
		break;
	}
	isel_load_slot(s, 8, RAX, op->a);
	alu_slot(s, 8, X64_CMP, RAX, op->b);
	uint8_t *over = x64_jcc8(&s->a, skip);
	chain_exit(s, op->d, (uint64_t)op->imm);
	x64_bind8(&s->a, over);
}

/* Signed/unsigned 64- and 32-bit division and remainder with the RISC-V
 * results for a zero divisor and for overflow (see ir_alu). */
static void emit_div(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	unsigned opc = op->opc;
	bool w = opc == IR_DIVW || opc == IR_DIVUW || opc == IR_REMW ||
		 opc == IR_REMUW;
	bool rem = opc == IR_REM || opc == IR_REMU || opc == IR_REMW ||
		   opc == IR_REMUW;
	bool sgn =
	    opc == IR_DIV || opc == IR_REM || opc == IR_DIVW || opc == IR_REMW;
	unsigned sz = w ? 4 : 8;
	isel_load_slot(s, sz, RAX, op->a);
	isel_load_slot(s, sz, RCX, op->b);
	x64_test_rr(a, sz, RCX, RCX);
	uint8_t *zero = x64_jcc8(a, X64_CC_E);
	uint8_t *minus1 = NULL;
	if (sgn) {
		x64_alu_ri(a, sz, X64_CMP, RCX, -1);
		minus1 = x64_jcc8(a, X64_CC_E);
	}
	if (sgn) {
		if (w)
			x64_cdq(a);
		else
			x64_cqo(a);
	} else {
		x64_alu_rr(a, 4, X64_XOR, RDX, RDX);
	}
	x64_grp3_r(a, sz, sgn ? X64_IDIV : X64_DIV, RCX);
	if (rem)
		x64_mov_rr(a, 8, RAX, RDX);
	uint8_t *done1 = x64_jmp8(a);
	uint8_t *done2 = NULL;
	if (sgn) {
		/* divisor -1: quotient -a (wrapping, so MIN / -1 = MIN),
		 * remainder 0 */
		x64_bind8(a, minus1);
		if (rem)
			x64_alu_rr(a, 4, X64_XOR, RAX, RAX);
		else
			x64_grp3_r(a, sz, X64_NEG, RAX);
		done2 = x64_jmp8(a);
	}
	/* divisor 0: quotient all ones, remainder a */
	x64_bind8(a, zero);
	if (!rem)
		x64_mov_imm(a, RAX, UINT64_MAX);
	x64_bind8(a, done1);
	if (done2)
		x64_bind8(a, done2);
	/* 32-bit results are sign-extended (all ones stays all ones) */
	if (w)
		x64_movsxd_rr(a, RAX, RAX);
	isel_store_slot(s, op->d, RAX);
}

/* The ops that fall back to C: d = ir_alu_call(a, b, imm, opc). */
static void emit_alu_call(struct isel *s, const struct ir_op *op)
{
	isel_load_slot(s, 8, RDI, op->a);
	isel_load_slot(s, 8, RSI, op->b);
	x64_mov_imm(&s->a, RDX, (uint64_t)op->imm);
	x64_mov_imm(&s->a, RCX, op->opc);
	isel_call_abs(s, (uintptr_t)ir_alu_call);
	isel_store_slot(s, op->d, RAX);
}

/* d = a op b or d = a op imm for the group-1 ops. */
static void emit_alu2(struct isel *s, const struct ir_op *op, enum x64_alu alu,
		      bool imm)
{
	isel_load_slot(s, 8, RAX, op->a);
	if (!imm)
		alu_slot(s, 8, alu, RAX, op->b);
	else if (op->imm != 0 || alu == X64_AND) /* a+0, a|0, a^0: a move */
		alu_imm64(s, alu, RAX, op->imm, RCX);
	isel_store_slot(s, op->d, RAX);
}

/* 32-bit ops sign-extended: d = sext32(a op b / imm). */
static void emit_alu2w(struct isel *s, const struct ir_op *op, enum x64_alu alu,
		       bool imm)
{
	isel_load_slot(s, 4, RAX, op->a);
	if (imm)
		x64_alu_ri(&s->a, 4, alu, RAX, (int32_t)(uint32_t)op->imm);
	else
		alu_slot(s, 4, alu, RAX, op->b);
	x64_movsxd_rr(&s->a, RAX, RAX);
	isel_store_slot(s, op->d, RAX);
}

/* Shifts and rotates by slot b (masked by the hardware exactly as the IR
 * masks: 63 for 64-bit, 31 for 32-bit operands) or by imm. */
static void emit_shift(struct isel *s, const struct ir_op *op,
		       enum x64_shift sh, unsigned sz, bool imm)
{
	isel_load_slot(s, sz, RAX, op->a);
	if (imm) {
		x64_shift_ri(&s->a, sz, sh, RAX,
			     (uint8_t)(op->imm & (sz == 8 ? 63 : 31)));
	} else {
		isel_load_slot(s, 4, RCX, op->b);
		x64_shift_cl(&s->a, sz, sh, RAX);
	}
	if (sz == 4)
		x64_movsxd_rr(&s->a, RAX, RAX);
	isel_store_slot(s, op->d, RAX);
}

/* d = (a cmp b/imm) as 0/1. */
static void emit_setcc(struct isel *s, const struct ir_op *op, enum x64_cc cc,
		       bool imm)
{
	x64_alu_rr(&s->a, 4, X64_XOR, RCX, RCX);
	isel_load_slot(s, 8, RAX, op->a);
	if (imm) {
		if (x64_fits_s32(op->imm)) {
			x64_alu_ri(&s->a, 8, X64_CMP, RAX, (int32_t)op->imm);
		} else {
			x64_mov_imm(&s->a, RDX, (uint64_t)op->imm);
			x64_alu_rr(&s->a, 8, X64_CMP, RAX, RDX);
		}
	} else {
		alu_slot(s, 8, X64_CMP, RAX, op->b);
	}
	x64_setcc(&s->a, cc, RCX);
	isel_store_slot(s, op->d, RCX);
}

/* d = a, replaced by b when (a cmp b) holds: min/max. */
static void emit_minmax(struct isel *s, const struct ir_op *op,
			enum x64_cc take_b)
{
	isel_load_slot(s, 8, RAX, op->a);
	isel_load_slot(s, 8, RCX, op->b);
	x64_alu_rr(&s->a, 8, X64_CMP, RAX, RCX);
	x64_cmov(&s->a, 8, take_b, RAX, RCX);
	isel_store_slot(s, op->d, RAX);
}

/* count leading zeros with bsr (no LZCNT needed): 63 - bsr, or 64 for 0 */
static void emit_clz(struct isel *s, const struct ir_op *op, unsigned sz)
{
	x64_mov_imm(&s->a, RCX, UINT64_MAX);
	x64_rm(&s->a, sz, 0x0fbd, RAX, S(op->a)); /* bsr; ZF = (src == 0) */
	x64_cmov(&s->a, sz, X64_CC_E, RAX, RCX);
	x64_grp3_r(&s->a, sz, X64_NEG, RAX);
	x64_alu_ri(&s->a, sz, X64_ADD, RAX, sz == 8 ? 63 : 31);
	isel_store_slot(s, op->d, RAX);
}

static void emit_ctz(struct isel *s, const struct ir_op *op, unsigned sz)
{
	x64_mov_imm(&s->a, RCX, sz * 8);
	x64_rm(&s->a, sz, 0x0fbc, RAX, S(op->a)); /* bsf; ZF = (src == 0) */
	x64_cmov(&s->a, sz, X64_CC_E, RAX, RCX);
	isel_store_slot(s, op->d, RAX);
}

/* bt-family on a register: bclr/bset/binv with the bit number in b. */
static void emit_bitop(struct isel *s, const struct ir_op *op, uint32_t opc)
{
	isel_load_slot(s, 8, RAX, op->a);
	isel_load_slot(s, 8, RCX, op->b);
	x64_rr(&s->a, 8, opc, RCX, RAX);
	isel_store_slot(s, op->d, RAX);
}

static void emit_call_op(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	set_cur_op(s, op);
	x64_mov_rr(a, 8, RDI, RBX);
	switch (op->opc) {
	case IR_CALL: {
		const struct ir_call *c =
		    (const struct ir_call *)(intptr_t)op->imm;
		x64_mov_imm(a, RSI, (uint64_t)(uintptr_t)c->arg);
		isel_call_abs(s, (uintptr_t)c->fn);
		/* a nonzero result leaves the block with that code */
		x64_test_rr(a, 4, RAX, RAX);
		x64_jcc_abs32(a, X64_CC_NE, s->stubs->exit);
		break;
	}
	case IR_PLUGIN_CALL:
		x64_mov_imm(a, RSI, (uint64_t)op->imm);
		isel_call_abs(s, (uintptr_t)plugin_run_call);
		break;
	case IR_PLUGIN_MEM_CALL:
		x64_mov_imm(a, RSI, (uint64_t)op->imm);
		isel_load_slot(s, 8, RDX, op->a);
		isel_load_slot(s, 8, RCX, op->b);
		isel_call_abs(s, (uintptr_t)plugin_run_mem_call);
		break;
	default: /* PLUGIN_MEM_LOG */
		x64_mov_imm(a, RSI, (uint64_t)op->imm);
		isel_call_abs(s, (uintptr_t)plugin_run_mem_log);
		break;
	}
	/* the callee may have written any slot */
	isel_cache_clear(s);
}

/* An inline counter op, emitted in place: entry = data + index * elem +
 * offset.  The data pointer is loaded each time because a scoreboard grows
 * (moves) when a vCPU is added; that happens only with every vCPU stopped
 * between blocks, so the load cannot see a half-moved scoreboard. */
static void emit_inline(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	const struct plugin_inline *in =
	    (const struct plugin_inline *)(intptr_t)op->imm;
	size_t elem = plugin_scoreboard_elem(in->score);
	if (in->offset > INT32_MAX || elem > INT32_MAX) {
		/* not seen in practice: the plugin layer computes it */
		x64_mov_imm(a, RDI, (uint64_t)(uintptr_t)in);
		x64_load(a, 4, RSI, CPU(index));
		isel_call_abs(s, (uintptr_t)plugin_inline_entry);
	} else {
		x64_mov_imm(
		    a, RAX,
		    (uint64_t)(uintptr_t)plugin_scoreboard_data(in->score));
		x64_load(a, 8, RAX, x64_mem(RAX, 0));
		x64_load(a, 4, RCX, CPU(index)); /* zero-extended */
		if (elem && !(elem & (elem - 1))) {
			x64_shift_ri(a, 8, X64_SHL, RCX,
				     (uint8_t)__builtin_ctzll(elem));
		} else {
			x64_mov_imm(a, RDX, elem);
			x64_imul_rr(a, 8, RCX, RDX);
		}
		x64_alu_rr(a, 8, X64_ADD, RAX, RCX);
		if (in->offset)
			x64_alu_ri(a, 8, X64_ADD, RAX, (int32_t)in->offset);
	}
	x64_mov_imm(a, RCX, in->imm);
	if (in->op == 0 /* QEMU_PLUGIN_INLINE_ADD_U64 */)
		x64_alu_mr(a, 8, X64_ADD, x64_mem(RAX, 0), RCX);
	else
		x64_store(a, 8, x64_mem(RAX, 0), RCX);
}

static void emit_op(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	switch (op->opc) {
	case IR_NOP:
		break;
	case IR_MOVI:
		store_slot_imm(s, op->d, (uint64_t)op->imm);
		break;
	case IR_MOV:
		isel_load_slot(s, 8, RAX, op->a);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_ADD:
		emit_alu2(s, op, X64_ADD, false);
		break;
	case IR_ADDI:
		emit_alu2(s, op, X64_ADD, true);
		break;
	case IR_SUB:
		emit_alu2(s, op, X64_SUB, false);
		break;
	case IR_AND:
		emit_alu2(s, op, X64_AND, false);
		break;
	case IR_ANDI:
		emit_alu2(s, op, X64_AND, true);
		break;
	case IR_OR:
		emit_alu2(s, op, X64_OR, false);
		break;
	case IR_ORI:
		emit_alu2(s, op, X64_OR, true);
		break;
	case IR_XOR:
		emit_alu2(s, op, X64_XOR, false);
		break;
	case IR_XORI:
		emit_alu2(s, op, X64_XOR, true);
		break;
	case IR_SHL:
		emit_shift(s, op, X64_SHL, 8, false);
		break;
	case IR_SHLI:
		emit_shift(s, op, X64_SHL, 8, true);
		break;
	case IR_SHR:
		emit_shift(s, op, X64_SHR, 8, false);
		break;
	case IR_SHRI:
		emit_shift(s, op, X64_SHR, 8, true);
		break;
	case IR_SAR:
		emit_shift(s, op, X64_SAR, 8, false);
		break;
	case IR_SARI:
		emit_shift(s, op, X64_SAR, 8, true);
		break;
	case IR_SLT:
		emit_setcc(s, op, X64_CC_L, false);
		break;
	case IR_SLTI:
		emit_setcc(s, op, X64_CC_L, true);
		break;
	case IR_SLTU:
		emit_setcc(s, op, X64_CC_B, false);
		break;
	case IR_SLTIU:
		emit_setcc(s, op, X64_CC_B, true);
		break;
	case IR_ADDW:
		emit_alu2w(s, op, X64_ADD, false);
		break;
	case IR_ADDIW:
		emit_alu2w(s, op, X64_ADD, true);
		break;
	case IR_SUBW:
		emit_alu2w(s, op, X64_SUB, false);
		break;
	case IR_SHLW:
		emit_shift(s, op, X64_SHL, 4, false);
		break;
	case IR_SHLIW:
		emit_shift(s, op, X64_SHL, 4, true);
		break;
	case IR_SHRW:
		emit_shift(s, op, X64_SHR, 4, false);
		break;
	case IR_SHRIW:
		emit_shift(s, op, X64_SHR, 4, true);
		break;
	case IR_SARW:
		emit_shift(s, op, X64_SAR, 4, false);
		break;
	case IR_SARIW:
		emit_shift(s, op, X64_SAR, 4, true);
		break;
	case IR_MUL:
		isel_load_slot(s, 8, RAX, op->a);
		imul_slot(s, 8, RAX, op->b);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_MULW:
		isel_load_slot(s, 4, RAX, op->a);
		imul_slot(s, 4, RAX, op->b);
		x64_movsxd_rr(a, RAX, RAX);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_MULH:
	case IR_MULHU:
		isel_load_slot(s, 8, RAX, op->a);
		grp3_slot(s, op->opc == IR_MULH ? X64_IMUL1 : X64_MUL, op->b);
		isel_store_slot(s, op->d, RDX);
		break;
	case IR_MULHSU:
		/* signed a * unsigned b, high half: mulhu(a, b) minus b when
		 * a is negative (a = a_unsigned - 2^64 [a < 0]) */
		isel_load_slot(s, 8, RAX, op->a);
		grp3_slot(s, X64_MUL, op->b);
		isel_load_slot(s, 8, RAX, op->a);
		x64_shift_ri(a, 8, X64_SAR, RAX, 63);
		alu_slot(s, 8, X64_AND, RAX, op->b);
		x64_alu_rr(a, 8, X64_SUB, RDX, RAX);
		isel_store_slot(s, op->d, RDX);
		break;
	case IR_DIV:
	case IR_DIVU:
	case IR_REM:
	case IR_REMU:
	case IR_DIVW:
	case IR_DIVUW:
	case IR_REMW:
	case IR_REMUW:
		emit_div(s, op);
		break;
	case IR_SHADD:
	case IR_SHADDUW:
		if (op->imm < 0 || op->imm > 3) {
			emit_alu_call(s, op);
			break;
		}
		/* a 32-bit load zero-extends: the UW form for free */
		isel_load_slot(s, op->opc == IR_SHADD ? 8 : 4, RAX, op->a);
		isel_load_slot(s, 8, RCX, op->b);
		x64_lea(a, RAX, x64_mem_idx(RCX, RAX, 1 << op->imm, 0));
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_SHLIUW:
		isel_load_slot(s, 4, RAX, op->a);
		x64_shift_ri(a, 8, X64_SHL, RAX, (uint8_t)(op->imm & 63));
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_ANDN:
	case IR_ORN:
		isel_load_slot(s, 8, RAX, op->b);
		x64_grp3_r(a, 8, X64_NOT, RAX);
		alu_slot(s, 8, op->opc == IR_ANDN ? X64_AND : X64_OR, RAX,
			 op->a);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_XNOR:
		isel_load_slot(s, 8, RAX, op->a);
		alu_slot(s, 8, X64_XOR, RAX, op->b);
		x64_grp3_r(a, 8, X64_NOT, RAX);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_CLZ:
		emit_clz(s, op, 8);
		break;
	case IR_CLZW:
		emit_clz(s, op, 4);
		break;
	case IR_CTZ:
		emit_ctz(s, op, 8);
		break;
	case IR_CTZW:
		emit_ctz(s, op, 4);
		break;
	case IR_CPOP:
	case IR_CPOPW:
		if (!s->has_popcnt) {
			emit_alu_call(s, op);
			break;
		}
		x64_rm(a, op->opc == IR_CPOP ? 8 : 4, 0xf30fb8, RAX, S(op->a));
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_MIN:
		emit_minmax(s, op, X64_CC_G);
		break;
	case IR_MAX:
		emit_minmax(s, op, X64_CC_L);
		break;
	case IR_MINU:
		emit_minmax(s, op, X64_CC_A);
		break;
	case IR_MAXU:
		emit_minmax(s, op, X64_CC_B);
		break;
	case IR_SEXTB:
		x64_load_sx(a, 1, RAX, S(op->a));
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_SEXTH:
		x64_load_sx(a, 2, RAX, S(op->a));
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_ZEXTH:
		x64_load_zx(a, 2, RAX, S(op->a));
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_ROL:
		emit_shift(s, op, X64_ROL, 8, false);
		break;
	case IR_ROR:
		emit_shift(s, op, X64_ROR, 8, false);
		break;
	case IR_RORI:
		emit_shift(s, op, X64_ROR, 8, true);
		break;
	case IR_ROLW:
		emit_shift(s, op, X64_ROL, 4, false);
		break;
	case IR_RORW:
		emit_shift(s, op, X64_ROR, 4, false);
		break;
	case IR_RORIW:
		emit_shift(s, op, X64_ROR, 4, true);
		break;
	case IR_REV8:
		isel_load_slot(s, 8, RAX, op->a);
		x64_bswap(a, 8, RAX);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_BCLR:
		emit_bitop(s, op, 0x0fb3); /* btr */
		break;
	case IR_BSET:
		emit_bitop(s, op, 0x0fab); /* bts */
		break;
	case IR_BINV:
		emit_bitop(s, op, 0x0fbb); /* btc */
		break;
	case IR_BEXT:
		isel_load_slot(s, 8, RAX, op->a);
		isel_load_slot(s, 4, RCX, op->b);
		x64_shift_cl(a, 8, X64_SHR, RAX);
		x64_alu_ri(a, 4, X64_AND, RAX, 1);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_BEXTI:
		isel_load_slot(s, 8, RAX, op->a);
		x64_shift_ri(a, 8, X64_SHR, RAX, (uint8_t)(op->imm & 63));
		x64_alu_ri(a, 4, X64_AND, RAX, 1);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_LD8S:
	case IR_LD8U:
	case IR_LD16S:
	case IR_LD16U:
	case IR_LD32S:
	case IR_LD32U:
	case IR_LD32NB:
	case IR_LD64:
		emit_load(s, op);
		break;
	case IR_ST8:
	case IR_ST16:
	case IR_ST32:
	case IR_ST64:
		emit_store(s, op);
		break;
	case IR_BREQ:
	case IR_BRNE:
	case IR_BRLT:
	case IR_BRGE:
	case IR_BRLTU:
	case IR_BRGEU:
		emit_branch(s, op);
		break;
	case IR_GOTO_TB:
		chain_exit(s, op->d, (uint64_t)op->imm);
		break;
	case IR_GOTO_PTR:
		isel_load_slot(s, 8, RAX, op->a);
		x64_store(a, 8, S(RV_SLOT_PC), RAX);
		isel_cache_forget(s, RV_SLOT_PC);
		/* stay in generated code when the jump cache knows the
		 * target (what the cpu loop would run next) */
		x64_mov_rr(a, 8, RDI, RBX);
		isel_call_abs(s, (uintptr_t)cpu_indirect_lookup);
		x64_test_rr(a, 8, RAX, RAX);
		uint8_t *miss = x64_jcc8(a, X64_CC_E);
		x64_jmp_m(
		    a, x64_mem(RAX, (int32_t)offsetof(struct tb, host_code)));
		x64_bind8(a, miss);
		exit_code(s, IR_EXIT_INDIRECT);
		break;
	case IR_EXIT:
		store_slot_imm(s, RV_SLOT_PC, (uint64_t)op->imm);
		exit_code(s, op->d);
		break;
	case IR_CALL:
	case IR_PLUGIN_CALL:
	case IR_PLUGIN_MEM_CALL:
	case IR_PLUGIN_MEM_LOG:
		emit_call_op(s, op);
		break;
	case IR_PLUGIN_INLINE:
		emit_inline(s, op);
		break;
	default:
		if (x64_emit_fp(s, op))
			break;
		/* every computational op has an ir_alu case */
		emit_alu_call(s, op);
		break;
	}
}

size_t x64_translate(const struct x64_stubs *stubs, const struct tb *tb,
		     uint8_t *code, uint8_t *end)
{
	struct isel s = {.stubs = stubs, .tb = tb};
	isel_cache_clear(&s);
	s.has_popcnt = __builtin_cpu_supports("popcnt");
	s.has_fma = __builtin_cpu_supports("fma");
	x64_init(&s.a, code, end);
	for (uint32_t i = 0; i < tb->n_ops && !s.a.overflow; i++) {
		uint8_t *before = s.a.p;
		emit_op(&s, &tb->ops[i]);
		/* an encoder bug, not a guest condition */
		if (s.a.p - before > X64_MAX_OP_BYTES)
			__builtin_trap();
	}
	/* A block always ends in an exit op; ud2 catches a translator bug. */
	x64_byte(&s.a, 0x0f);
	x64_byte(&s.a, 0x0b);
	x64_fp_stubs(&s);
	return s.a.overflow ? 0 : (size_t)(s.a.p - code);
}
