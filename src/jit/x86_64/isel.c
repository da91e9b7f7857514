/*
 * IR -> x86-64 for one translated block.
 *
 * Design: each IR op becomes a short host sequence over scratch registers
 * (rax, rcx, rdx, rsi, rdi); its operand slots come from and go to the
 * register allocator (regalloc.c), which keeps guest slots in host
 * registers across the block and writes them back only where something
 * outside the block can look.  The semantics are the interpreter's
 * (src/ir/interp.c and src/ir/alu.h): ops without a native sequence here
 * call ir_alu_call(), the same code the interpreter runs.  The F/D ops are
 * isel_fp.c's.
 *
 * Precise faults without bookkeeping on the fast path: every guest access
 * gets an out-of-line stub, emitted after the block, that writes back the
 * registers dirty at that access, adds the fused counts due there, names
 * the op in cpu->cur_op and leaves with IR_EXIT_MEMFAULT (the bounds check
 * failed: it jumps there) or IR_EXIT_HOSTFAULT (the host faulted: the
 * fault handler finds the stub in the block's fault table, keyed by the
 * host pc of the access, and resumes there).  Helper calls and plugin
 * callbacks still store cur_op: C code can fault in guest memory.
 *
 * Indirect jumps (GOTO_PTR) ask cpu_indirect_lookup() for the next block
 * and jump to it on a jump-cache hit instead of returning to the loop.
 *
 * Chaining: a direct exit writes back the dirty registers, stores the next
 * pc, then reads tb->chain[n] with one 8-byte load (another thread may
 * write it) and continues in that block's code when it is set, is for the
 * same pc and no exit was requested, after naming it in cur_tb and adding
 * its instruction count to cpu->insn_count -- exactly the interpreter's
 * CHAIN.  Otherwise it returns n to the cpu loop through the exit stub.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/engine.h"
#include "core/vcpu.h"
#include "ir/alu.h"
#include "ir/ir.h"
#include "jit/x86_64/emit.h"
#include "jit/x86_64/isel.h"
#include "jit/x86_64/jit.h"
#include "plugin/plugin.h"
#include "target/riscv/cpu.h"

/* The out-of-line fault path of one guest access. */
struct x64_mem_stub {
	const struct ir_op *op;
	struct ra_state st; /* at the access */
	uint8_t *bounds;    /* rel32 of the bounds check's jump */
	uint32_t access;    /* offset of the access instruction in the block */
};

/* dst op= slot */
static void alu_slot(struct isel *s, unsigned size, enum x64_alu op, int dst,
		     unsigned slot)
{
	if (slot == RV_SLOT_X) { /* x0 */
		x64_alu_ri(&s->a, size, op, dst, 0);
		return;
	}
	int r = isel_slot_reg(s, slot);
	if (r >= 0)
		x64_alu_rr(&s->a, size, op, dst, r);
	else
		x64_alu_rm(&s->a, size, op, dst, S(slot));
}

static void imul_slot(struct isel *s, unsigned size, int dst, unsigned slot)
{
	int r = isel_slot_reg(s, slot);
	if (r >= 0)
		x64_imul_rr(&s->a, size, dst, r);
	else
		x64_imul_rm(&s->a, size, dst, S(slot));
}

/* rdx:rax = rax * slot (mul or imul) */
static void grp3_slot(struct isel *s, enum x64_grp3 op, unsigned slot)
{
	int r = isel_slot_reg(s, slot);
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

/*
 * Leave through direct exit n to pc.  The jump's rel32 (4-byte aligned, so
 * the backend's chain() can rewrite it with one atomic store while other
 * threads run this code) first leads to the slow path just behind it,
 * which returns n to the cpu loop; once the loop has found the next block
 * it points at that block's entry.  The entry checks exit_request, so a
 * chained loop still comes back when asked.
 */
static void chain_exit(struct isel *s, unsigned n, uint64_t pc)
{
	struct x64_asm *a = &s->a;
	isel_sync_exit(s);
	n &= 1;
	while (((uintptr_t)a->p + 1) & 3)
		x64_byte(a, 0x90);
	uint8_t *rel = x64_jmp32(a);
	x64_bind32(a, rel);
	uint32_t off = (uint32_t)(rel - a->start);
	if (s->jmp_state[n] == 0) {
		s->jmp_state[n] = 1;
		s->jmp_patch[n] = off;
		s->jmp_pc[n] = pc;
	} else if (s->jmp_pc[n] != pc) {
		s->jmp_state[n] = 2; /* two targets: the loop's chain only */
	}
	if (x64_fits_s32((int64_t)pc)) {
		x64_store_imm32(a, 8, S(RV_SLOT_PC), (int32_t)pc);
	} else {
		x64_mov_imm(a, RAX, pc);
		x64_store(a, 8, S(RV_SLOT_PC), RAX);
	}
	x64_mov_imm(a, RAX, n);
	x64_jmp_abs32(a, s->stubs->exit);
}

/* The block's entry: come back when asked to, name the block in cur_tb
 * and count its instructions (the cpu loop and the chains rely on it). */
static uint8_t *emit_prologue(struct isel *s)
{
	struct x64_asm *a = &s->a;
	x64_alu_mi(a, 4, X64_CMP, CPU(exit_request), 0);
	uint8_t *bail = x64_jcc32(a, X64_CC_NE);
	x64_mov_imm(a, RAX, (uint64_t)(uintptr_t)s->tb);
	x64_store(a, 8, CPU(cur_tb), RAX);
	x64_alu_mi(a, 8, X64_ADD, CPU(insn_count), (int32_t)s->tb->n_insns);
	return bail;
}

static void emit_bail(struct isel *s, uint8_t *bail)
{
	struct x64_asm *a = &s->a;
	x64_bind32(a, bail);
	x64_mov_imm(a, RAX, s->tb->pc);
	x64_store(a, 8, S(RV_SLOT_PC), RAX);
	x64_mov_imm(a, RAX, IR_EXIT_INDIRECT);
	x64_jmp_abs32(a, s->stubs->exit);
}

/*
 * The target pc is in rax: on a hit in the vCPU's jump cache, jump to that
 * block.  Inside generated code the jump cache always belongs to the
 * current generation (a flush runs only with every vCPU out of generated
 * code, and the cpu loop resets the cache before running a block again),
 * and the target's entry checks exit_request, so this is
 * cpu_indirect_lookup's fast case; a miss falls through to it.
 */
static void emit_jmp_cache_probe(struct isel *s)
{
	struct x64_asm *a = &s->a;
	x64_mov_rr(a, 8, RCX, RAX);
	x64_shift_ri(a, 8, X64_SHR, RCX, 1);
	x64_alu_ri(a, 4, X64_AND, RCX, TB_JMP_CACHE_SIZE - 1);
	x64_load(a, 8, RCX,
		 x64_mem_idx(RBX, RCX, 8,
			     (int32_t)offsetof(struct vcpu, jmp_cache)));
	x64_test_rr(a, 8, RCX, RCX);
	uint8_t *miss1 = x64_jcc8(a, X64_CC_E);
	x64_alu_rm(a, 8, X64_CMP, RAX,
		   x64_mem(RCX, (int32_t)offsetof(struct tb, pc)));
	uint8_t *miss2 = x64_jcc8(a, X64_CC_NE);
	x64_jmp_m(a, x64_mem(RCX, (int32_t)offsetof(struct tb, host_code)));
	x64_bind8(a, miss1);
	x64_bind8(a, miss2);
}

/* Leave with code (the caller has synced). */
static void exit_code(struct isel *s, unsigned code)
{
	x64_mov_imm(&s->a, RAX, code);
	x64_jmp_abs32(&s->a, s->stubs->exit);
}

static struct x64_mem_stub *new_mem_stub(struct isel *s, const struct ir_op *op)
{
	if (!s->mem_stubs) {
		/* at most one per op */
		s->mem_stubs = calloc(s->tb->n_ops, sizeof(*s->mem_stubs));
		if (!s->mem_stubs) {
			fprintf(stderr, "loupe: out of memory\n");
			abort();
		}
	}
	struct x64_mem_stub *st = &s->mem_stubs[s->n_mem_stubs++];
	st->op = op;
	return st;
}

/* rax = guest address A + imm, checked for an n-byte access against the
 * space (addr > limit - n: the interpreter's check, which cannot wrap). */
static struct x64_mem_stub *guest_addr(struct isel *s, const struct ir_op *op,
				       unsigned n)
{
	struct x64_asm *a = &s->a;
	int r = isel_slot_reg(s, op->a);
	if (r >= 0 && x64_fits_s32(op->imm)) {
		x64_lea(a, RAX, x64_mem(r, (int32_t)op->imm));
	} else {
		isel_load_slot(s, 8, RAX, op->a);
		if (op->imm)
			alu_imm64(s, X64_ADD, RAX, op->imm, RCX);
	}
	unsigned k = n == 1 ? 0 : n == 2 ? 1 : n == 4 ? 2 : 3;
	x64_alu_rm(a, 8, X64_CMP, RAX, CPU(jit_limit[k]));
	struct x64_mem_stub *st = new_mem_stub(s, op);
	st->bounds = x64_jcc32(a, X64_CC_A);
	return st;
}

/* The access instruction comes next: note where, with the state there. */
static void mark_access(struct isel *s, struct x64_mem_stub *st)
{
	st->st = s->ra;
	st->access = (uint32_t)(s->a.p - s->a.start);
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
	struct x64_mem_stub *st = guest_addr(s, op, n);
	mark_access(s, st);
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
	/* the value first: the state at the bounds check must be the state
	 * at the access (one stub serves both) */
	int r = isel_slot_reg(s, op->b);
	if (r < 0) {
		x64_load(&s->a, n == 8 ? 8 : 4, RDX, S(op->b));
		r = RDX;
	}
	struct x64_mem_stub *st = guest_addr(s, op, n);
	mark_access(s, st);
	x64_store(&s->a, n, GUEST, r);
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
	int r = op->a == RV_SLOT_X ? -1 : isel_slot_reg(s, op->a);
	if (r < 0) {
		isel_load_slot(s, 8, RAX, op->a);
		r = RAX;
	}
	alu_slot(s, 8, X64_CMP, r, op->b);
	uint8_t *over = x64_jcc32(&s->a, skip);
	chain_exit(s, op->d, (uint64_t)op->imm);
	x64_bind32(&s->a, over);
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
	isel_sync(s, ISEL_SYNC_CALLER);
	x64_mov_imm(&s->a, RDX, (uint64_t)op->imm);
	x64_mov_imm(&s->a, RCX, op->opc);
	isel_call_abs(s, (uintptr_t)ir_alu_call);
	isel_store_slot(s, op->d, RAX);
}

/* Computing an op's result in place: t is d's register, or rax when the
 * result goes to memory (end_dest stores it). */
static int begin_dest(struct isel *s, unsigned d)
{
	int r = isel_dest_reg(s, d);
	return r >= 0 ? r : RAX;
}

static void end_dest(struct isel *s, unsigned d, int t)
{
	if (t == RAX)
		x64_store(&s->a, 8, S(d), RAX);
}

/* A source's register (x0 and memory slots: -1). */
static int src_reg(struct isel *s, unsigned slot)
{
	return slot == RV_SLOT_X ? -1 : isel_slot_reg(s, slot);
}

/* t = slot (size 4: its low half, zero-extended), ra its register. */
static void load_into(struct isel *s, unsigned size, int t, unsigned slot,
		      int ra)
{
	if (slot == RV_SLOT_X)
		x64_mov_imm(&s->a, t, 0);
	else if (ra < 0)
		x64_load(&s->a, size, t, S(slot));
	else if (ra != t || size == 4)
		x64_mov_rr(&s->a, size, t, ra);
}

/* t op= slot b (rb its register) */
static void alu_src(struct isel *s, unsigned size, enum x64_alu op, int t,
		    unsigned b, int rb)
{
	if (b == RV_SLOT_X)
		x64_alu_ri(&s->a, size, op, t, 0);
	else if (rb >= 0)
		x64_alu_rr(&s->a, size, op, t, rb);
	else
		x64_alu_rm(&s->a, size, op, t, S(b));
}

/* d = a op b or d = a op imm for the group-1 ops. */
static void emit_alu2(struct isel *s, const struct ir_op *op, enum x64_alu alu,
		      bool imm)
{
	if (!imm && op->b == op->d && op->a != op->d) {
		/* d = a op d: through rax */
		isel_load_slot(s, 8, RAX, op->a);
		alu_slot(s, 8, alu, RAX, op->b);
		isel_store_slot(s, op->d, RAX);
		return;
	}
	int ra = src_reg(s, op->a);
	int rb = imm ? -1 : src_reg(s, op->b);
	int t = begin_dest(s, op->d);
	load_into(s, 8, t, op->a, ra);
	if (!imm)
		alu_src(s, 8, alu, t, op->b, rb);
	else if (op->imm != 0 || alu == X64_AND) /* a+0, a|0, a^0: a move */
		alu_imm64(s, alu, t, op->imm, RCX);
	end_dest(s, op->d, t);
}

/* 32-bit ops sign-extended: d = sext32(a op b / imm). */
static void emit_alu2w(struct isel *s, const struct ir_op *op, enum x64_alu alu,
		       bool imm)
{
	if (!imm && op->b == op->d && op->a != op->d) {
		isel_load_slot(s, 4, RAX, op->a);
		alu_slot(s, 4, alu, RAX, op->b);
		x64_movsxd_rr(&s->a, RAX, RAX);
		isel_store_slot(s, op->d, RAX);
		return;
	}
	int ra = src_reg(s, op->a);
	int rb = imm ? -1 : src_reg(s, op->b);
	int t = begin_dest(s, op->d);
	load_into(s, 4, t, op->a, ra);
	if (!imm)
		alu_src(s, 4, alu, t, op->b, rb);
	else if (op->imm != 0) /* sext.w: the extension only */
		x64_alu_ri(&s->a, 4, alu, t, (int32_t)(uint32_t)op->imm);
	x64_movsxd_rr(&s->a, t, t);
	end_dest(s, op->d, t);
}

/* Shifts and rotates by slot b (masked by the hardware exactly as the IR
 * masks: 63 for 64-bit, 31 for 32-bit operands) or by imm. */
static void emit_shift(struct isel *s, const struct ir_op *op,
		       enum x64_shift sh, unsigned sz, bool imm)
{
	if (imm) {
		int ra = src_reg(s, op->a);
		int t = begin_dest(s, op->d);
		load_into(s, sz, t, op->a, ra);
		x64_shift_ri(&s->a, sz, sh, t,
			     (uint8_t)(op->imm & (sz == 8 ? 63 : 31)));
		if (sz == 4)
			x64_movsxd_rr(&s->a, t, t);
		end_dest(s, op->d, t);
		return;
	}
	isel_load_slot(s, sz, RAX, op->a);
	isel_load_slot(s, 4, RCX, op->b);
	x64_shift_cl(&s->a, sz, sh, RAX);
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
	isel_load_slot(s, sz, RDX, op->a);
	x64_mov_imm(&s->a, RCX, UINT64_MAX);
	x64_rr(&s->a, sz, 0x0fbd, RAX, RDX); /* bsr; ZF = (src == 0) */
	x64_cmov(&s->a, sz, X64_CC_E, RAX, RCX);
	x64_grp3_r(&s->a, sz, X64_NEG, RAX);
	x64_alu_ri(&s->a, sz, X64_ADD, RAX, sz == 8 ? 63 : 31);
	isel_store_slot(s, op->d, RAX);
}

static void emit_ctz(struct isel *s, const struct ir_op *op, unsigned sz)
{
	isel_load_slot(s, sz, RDX, op->a);
	x64_mov_imm(&s->a, RCX, sz * 8);
	x64_rr(&s->a, sz, 0x0fbc, RAX, RDX); /* bsf; ZF = (src == 0) */
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
	/* the callee may read and write any slot, and leave the block */
	isel_flush_pending(s);
	set_cur_op(s, op);
	if (op->opc == IR_PLUGIN_MEM_CALL) {
		isel_load_slot(s, 8, RDX, op->a);
		isel_load_slot(s, 8, RCX, op->b);
	}
	isel_sync(s, ISEL_SYNC_ALL);
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
		isel_call_abs(s, (uintptr_t)plugin_run_mem_call);
		break;
	default: /* PLUGIN_MEM_LOG */
		x64_mov_imm(a, RSI, (uint64_t)op->imm);
		isel_call_abs(s, (uintptr_t)plugin_run_mem_log);
		break;
	}
}

/* mov %fs:off, rbx (plugin_current = cpu) or movq $0, %fs:off. */
static void set_plugin_current(struct isel *s, bool cpu)
{
	struct x64_asm *a = &s->a;
	x64_byte(a, 0x64); /* fs: */
	x64_byte(a, 0x48); /* REX.W */
	x64_byte(a, cpu ? 0x89 : 0xc7);
	x64_byte(a, cpu ? 0x1c : 0x04); /* [disp32] through a SIB byte */
	x64_byte(a, 0x25);
	x64_u32(a, (uint32_t)(int32_t)s->tls_off);
	if (!cpu)
		x64_u32(a, 0);
}

/* What a callback at level flags needs written back (plugin.h). */
static enum isel_sync cb_sync(unsigned flags)
{
	return flags == 0   ? ISEL_SYNC_CALLER
	       : flags == 1 ? ISEL_SYNC_READ
			    : ISEL_SYNC_ALL;
}

/* Around a direct callback: the current vCPU, its access level and, for
 * levels that read registers, the pc slot (plugin.h's contract). */
static void cb_enter(struct isel *s, unsigned flags, uint64_t pc)
{
	struct x64_asm *a = &s->a;
	if (flags) {
		if (x64_fits_s32((int64_t)pc)) {
			x64_store_imm32(a, 8, S(RV_SLOT_PC), (int32_t)pc);
		} else {
			x64_mov_imm(a, RAX, pc);
			x64_store(a, 8, S(RV_SLOT_PC), RAX);
		}
		x64_store_imm32(a, 4, CPU(plugin_flags), (int32_t)flags);
	}
	set_plugin_current(s, true);
}

static void cb_leave(struct isel *s, unsigned flags)
{
	set_plugin_current(s, false);
	if (flags)
		x64_store_imm32(&s->a, 4, CPU(plugin_flags), 0);
}

/* One vCPU callback as a direct call fn(vcpu_index, userdata), after the
 * condition when it has one, with the write-back its flags need. */
static void emit_plugin_call(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	const struct plugin_call *c =
	    (const struct plugin_call *)(intptr_t)op->imm;
	bool cond_ok = c->cond == 1 || (c->cond >= 2 && c->cond <= 7);
	if (s->tls_off == 0 || c->offset > INT32_MAX || !cond_ok) {
		/* the C path (a host without the TLS offset) */
		emit_call_op(s, op);
		return;
	}
	isel_flush_pending(s);
	if (c->flags)
		set_cur_op(s, op);
	/* both paths of a condition must leave the same state: sync first */
	isel_sync(s, cb_sync(c->flags));
	uint8_t *skip = NULL;
	if (c->cond != 1 /* QEMU_PLUGIN_COND_ALWAYS */) {
		static const enum x64_cc skip_cc[8] = {
		    [2] = X64_CC_NE, [3] = X64_CC_E,  [4] = X64_CC_AE,
		    [5] = X64_CC_A,  [6] = X64_CC_BE, [7] = X64_CC_B};
		struct plugin_inline in = {c->score, c->offset, 0, 0};
		isel_inline_entry(s, &in);
		x64_load(a, 8, RAX, x64_mem(RSI, (int32_t)c->offset));
		x64_mov_imm(a, RDI, c->imm);
		x64_alu_rr(a, 8, X64_CMP, RAX, RDI);
		skip = x64_jcc32(a, skip_cc[c->cond]);
	}
	cb_enter(s, c->flags, c->pc);
	x64_load(a, 4, RDI, CPU(index));
	x64_mov_imm(a, RSI, (uint64_t)(uintptr_t)c->ud);
	isel_call_abs(s, (uintptr_t)c->fn);
	cb_leave(s, c->flags);
	if (skip)
		x64_bind32(a, skip);
}

/* One memory callback as a direct call fn(vcpu_index, info, vaddr,
 * userdata), with the access recorded for qemu_plugin_mem_get_value. */
static void emit_plugin_mem_call(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	const struct plugin_mem_call *m =
	    (const struct plugin_mem_call *)(intptr_t)op->imm;
	if (s->tls_off == 0) {
		emit_call_op(s, op);
		return;
	}
	isel_flush_pending(s);
	if (m->flags)
		set_cur_op(s, op);
	isel_load_slot(s, 8, RDX, op->a);
	isel_load_slot(s, 8, RAX, op->b);
	unsigned shift = m->info & 0xf;
	if (shift == 0)
		x64_rr(a, 4, 0x0fb6, RAX, RAX); /* movzx eax, al */
	else if (shift == 1)
		x64_rr(a, 4, 0x0fb7, RAX, RAX);
	else if (shift == 2)
		x64_mov_rr(a, 4, RAX, RAX);
	isel_sync(s, cb_sync(m->flags));
	x64_store(a, 8, CPU(plugin_mem_value), RAX);
	x64_store_imm32(a, 4, CPU(plugin_mem_info), (int32_t)m->info);
	cb_enter(s, m->flags, m->pc);
	x64_load(a, 4, RDI, CPU(index));
	x64_mov_imm(a, RSI, m->info);
	x64_mov_imm(a, RCX, (uint64_t)(uintptr_t)m->ud);
	isel_call_abs(s, (uintptr_t)m->fn);
	cb_leave(s, m->flags);
}

static void emit_op(struct isel *s, const struct ir_op *op)
{
	struct x64_asm *a = &s->a;
	switch (op->opc) {
	case IR_NOP:
		break;
	case IR_MOVI:
		isel_store_slot_imm(s, op->d, (uint64_t)op->imm);
		break;
	case IR_MOV: {
		int ra = src_reg(s, op->a);
		int t = begin_dest(s, op->d);
		load_into(s, 8, t, op->a, ra);
		end_dest(s, op->d, t);
		break;
	}
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
		isel_load_slot(s, 8, RDX, op->a);
		x64_rr(a, op->opc == IR_CPOP ? 8 : 4, 0xf30fb8, RAX, RDX);
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
		isel_load_slot(s, 8, RAX, op->a);
		x64_rr(a, 8, 0x0fbe, RAX, RAX); /* movsx rax, al */
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_SEXTH:
		isel_load_slot(s, 8, RAX, op->a);
		x64_rr(a, 8, 0x0fbf, RAX, RAX);
		isel_store_slot(s, op->d, RAX);
		break;
	case IR_ZEXTH:
		isel_load_slot(s, 8, RAX, op->a);
		x64_rr(a, 4, 0x0fb7, RAX, RAX);
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
		isel_sync_exit(s);
		isel_load_slot(s, 8, RAX, op->a);
		x64_store(a, 8, S(RV_SLOT_PC), RAX);
		if (s->inline_lookup)
			emit_jmp_cache_probe(s);
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
		isel_sync_exit(s);
		if (x64_fits_s32(op->imm)) {
			x64_store_imm32(a, 8, S(RV_SLOT_PC), (int32_t)op->imm);
		} else {
			x64_mov_imm(a, RAX, (uint64_t)op->imm);
			x64_store(a, 8, S(RV_SLOT_PC), RAX);
		}
		exit_code(s, op->d);
		break;
	case IR_CALL:
	case IR_PLUGIN_CALL:
		emit_plugin_call(s, op);
		break;
	case IR_PLUGIN_MEM_CALL:
		emit_plugin_mem_call(s, op);
		break;
	case IR_PLUGIN_MEM_LOG:
		emit_call_op(s, op);
		break;
	case IR_PLUGIN_INLINE:
		isel_inline(s, (const struct plugin_inline *)(intptr_t)op->imm);
		break;
	default:
		if (x64_emit_fp(s, op))
			break;
		/* every computational op has an ir_alu case */
		emit_alu_call(s, op);
		break;
	}
}

/* The fault paths of the guest accesses, after the block. */
static void emit_mem_stubs(struct isel *s)
{
	struct x64_asm *a = &s->a;
	for (size_t i = 0; i < s->n_mem_stubs; i++) {
		struct x64_mem_stub *st = &s->mem_stubs[i];
		/* bounds: the address is in rax */
		x64_bind32(a, st->bounds);
		x64_store(a, 8, CPU(fault_addr), RAX);
		x64_mov_imm(a, RDX, IR_EXIT_MEMFAULT);
		uint8_t *common = x64_jmp8(a);
		/* host fault: the handler resumes here (recorded below) */
		st->bounds = a->p;
		x64_mov_imm(a, RDX, IR_EXIT_HOSTFAULT);
		x64_bind8(a, common);
		isel_writeback_state(s, &st->st, true);
		set_cur_op(s, st->op);
		x64_mov_rr(a, 4, RAX, RDX);
		x64_jmp_abs32(a, s->stubs->exit);
	}
}

/* The fault table (jit.h) after the code, 4-byte aligned; its offset. */
static uint32_t emit_fault_table(struct isel *s)
{
	struct x64_asm *a = &s->a;
	while ((a->p - a->start) & 3)
		x64_byte(a, 0xcc);
	uint32_t off = (uint32_t)(a->p - a->start);
	x64_u32(a, (uint32_t)s->n_mem_stubs);
	for (size_t i = 0; i < s->n_mem_stubs; i++) {
		x64_u32(a, s->mem_stubs[i].access);
		x64_u32(a, (uint32_t)(s->mem_stubs[i].bounds - a->start));
	}
	return off;
}

size_t x64_translate(const struct x64_stubs *stubs, const struct tb *tb,
		     uint8_t *code, uint8_t *end, bool inline_lookup,
		     uint32_t *table, uint32_t jmp_patch[2])
{
	struct isel s = {
	    .stubs = stubs, .tb = tb, .inline_lookup = inline_lookup};
	s.has_popcnt = __builtin_cpu_supports("popcnt");
	s.has_fma = __builtin_cpu_supports("fma");
	s.tls_off = plugin_current_tls_offset();
	if (!x64_fits_s32(s.tls_off))
		s.tls_off = 0;
	x64_init(&s.a, code, end);
	ra_reset(&s);
	if (ra_analyze(&s) < 0)
		return 0;
	uint8_t *bail = emit_prologue(&s);
	for (uint32_t i = 0; i < tb->n_ops && !s.a.overflow; i++) {
		uint8_t *before = s.a.p;
		s.cur = i;
		s.op = &tb->ops[i];
		emit_op(&s, &tb->ops[i]);
		/* an encoder bug, not a guest condition */
		if (s.a.p - before > X64_MAX_OP_BYTES)
			__builtin_trap();
	}
	s.op = NULL;
	s.cur = UINT32_MAX - 1;
	/* A block always ends in an exit op; ud2 catches a translator bug. */
	x64_byte(&s.a, 0x0f);
	x64_byte(&s.a, 0x0b);
	emit_bail(&s, bail);
	x64_fp_stubs(&s);
	emit_mem_stubs(&s);
	for (int n = 0; n < 2; n++)
		jmp_patch[n] = s.jmp_state[n] == 1 ? s.jmp_patch[n] : 0;
	*table = emit_fault_table(&s);
	free(s.mem_stubs);
	free(s.nr);
	return s.a.overflow ? 0 : (size_t)(s.a.p - code);
}
