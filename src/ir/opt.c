/*
 * The IR optimizer: ir_optimize() rewrites one block's ops in place,
 * between the translator and the backends (translate_block()).
 *
 * Design: two linear passes over the block, no CFG (a block is straight
 * code; the only ways out are exits).
 *  1. Forward: constant and copy propagation.  For every slot the pass
 *     knows whether it holds a known constant and which slot it is a copy
 *     of (after MOV d, a: d's "root" is a's root).  Each op's slot reads
 *     are redirected to the root; a computational op whose inputs are all
 *     known becomes MOVI of ir_alu()'s result (ir_alu is the only
 *     definition of op semantics, so a folded op cannot disagree with the
 *     backends); a register op with one known operand becomes its immediate
 *     form (ADD -> ADDI, SUB -> ADDI -c, ROL -> RORI, BSET -> ORI...);
 *     immediate forms that are identities become MOV (addi rd, rs, 0 is
 *     mv) or MOVI; a load's or store's known base address folds into the
 *     offset from slot 0 (x0, always zero); a branch whose outcome is known
 *     becomes NOP (never taken) or GOTO_TB through the same chain slot,
 *     dropping the unreachable rest of the block (always taken).
 *  2. Backward: dead-temporary elimination.  Temporaries (slots >=
 *     RV_SLOT_TMP) are dead at the block end and on every early exit, so a
 *     computational op writing a temporary nobody reads before it is
 *     rewritten or the block ends is removed.  NOPs are then squeezed out.
 *
 * Invariants (loupe promises exact guest state wherever it can be seen:
 * a fault, a helper, a plugin callback, an exit):
 *  - A write to a guest slot (below RV_SLOT_TMP) is never removed or
 *    moved, only computed differently with the same value; the one
 *    exception is a move of a slot to itself after propagation (MOV x5, x5
 *    writes nothing new).  Ops are never reordered and keep their insn.
 *  - Ops that call out -- CALL (helpers read and write guest registers),
 *    PLUGIN_CALL, PLUGIN_MEM_CALL, PLUGIN_MEM_LOG (callbacks may write
 * registers)
 *    -- make the pass forget every constant and copy involving a guest
 *    slot except x0 = 0 (cpu.h: nothing writes x0; plugins' register
 *    writes skip it).  Temporaries survive them: helpers and callbacks
 *    only see guest registers (helpers.c, plugin/regs.c).  PLUGIN_INLINE
 *    only bumps a scoreboard.
 *  - Only computational ops (forms DI/DA/DAB/DAI/SHADD, no flags) are
 *    folded or removed.  Loads and stores stay (they can fault), F/D ops
 *    stay (fflags, exits), RDFFLAGS/WRFFLAGS (IR_F_STATE) stay; their slot
 *    operands may be redirected to an equal slot.
 *  - PLUGIN_MEM_CALL reads slots a and b (address and value), which keeps
 *    temporaries alive; GOTO_PTR reads a.
 * The slot space is the RISC-V target's (as interp.c's is): the IR has
 * only this one guest.
 */
#include <stdbool.h>
#include <stdint.h>

#include "ir/alu.h"
#include "ir/ir.h"
#include "target/riscv/cpu.h"

#define N_SLOTS RV_NUM_SLOTS
#define ZERO_SLOT RV_SLOT_X /* x0 */

static bool is_tmp(unsigned s)
{
	return s >= RV_SLOT_TMP;
}

/* The ops ir_alu() defines: pure functions of their operands. */
static bool is_alu(unsigned opc)
{
	if (ir_op_flags(opc))
		return false;
	switch (ir_op_form(opc)) {
	case IR_FORM_DI:
	case IR_FORM_DA:
	case IR_FORM_DAB:
	case IR_FORM_DAI:
	case IR_FORM_SHADD:
		return true;
	default:
		return false;
	}
}

/* Does the op write slot d? */
static bool writes_d(const struct ir_op *op)
{
	switch (ir_op_form(op->opc)) {
	case IR_FORM_DI:
	case IR_FORM_DA:
	case IR_FORM_DAB:
	case IR_FORM_DAI:
	case IR_FORM_SHADD:
	case IR_FORM_LD:
	case IR_FORM_D:
	case IR_FORM_FP:
		return true;
	default:
		return false;
	}
}

/* The operand fields holding slots the op reads and that may be
 * redirected to a slot of equal value: up to two, *a first. */
static unsigned read_fields(struct ir_op *op, uint16_t *f[2])
{
	switch (ir_op_form(op->opc)) {
	case IR_FORM_DA:
	case IR_FORM_DAI:
	case IR_FORM_LD:
		f[0] = &op->a;
		return 1;
	case IR_FORM_DAB:
	case IR_FORM_SHADD:
	case IR_FORM_ST:
	case IR_FORM_BR:
	case IR_FORM_FP: /* c (in imm) is read too, but stays as it is */
		f[0] = &op->a;
		f[1] = &op->b;
		return 2;
	case IR_FORM_EXIT:
		if (op->opc != IR_GOTO_PTR)
			return 0;
		f[0] = &op->a;
		return 1;
	case IR_FORM_CALL:
		if (op->opc != IR_PLUGIN_MEM_CALL)
			return 0;
		f[0] = &op->a;
		f[1] = &op->b;
		return 2;
	default:
		return 0;
	}
}

/* Ops that run C code able to change guest registers. */
static bool clobbers_guest(unsigned opc)
{
	return ir_op_form(opc) == IR_FORM_CALL && opc != IR_PLUGIN_INLINE;
}

/* ---- pass 1: constants and copies ---- */

struct fwd {
	bool known[N_SLOTS];
	uint64_t val[N_SLOTS];
	uint16_t root[N_SLOTS]; /* the slot whose value s holds (s: none) */
};

static void fwd_init(struct fwd *st)
{
	for (unsigned s = 0; s < N_SLOTS; s++) {
		st->known[s] = false;
		st->val[s] = 0;
		st->root[s] = (uint16_t)s;
	}
	st->known[ZERO_SLOT] = true;
}

/* After a call-out: guest slots may hold anything (but x0). */
static void fwd_clobber_guest(struct fwd *st)
{
	for (unsigned s = 0; s < N_SLOTS; s++) {
		if (!is_tmp(s)) {
			st->known[s] = s == ZERO_SLOT;
			st->val[s] = 0;
			st->root[s] = (uint16_t)s;
		} else if (!is_tmp(st->root[s])) {
			st->root[s] = (uint16_t)s;
		}
	}
}

/* Slot d gets a new value: copies of d's old value are copies no more. */
static void fwd_write(struct fwd *st, unsigned d, bool known, uint64_t val,
		      unsigned root)
{
	for (unsigned s = 0; s < N_SLOTS; s++)
		if (st->root[s] == d)
			st->root[s] = (uint16_t)s;
	st->known[d] = known;
	st->val[d] = known ? val : 0;
	st->root[d] = (uint16_t)root;
}

/* How a register op with a known second operand c becomes its immediate
 * form: the immediate is c, -c, ~c, a bit mask of c, or the rotate count
 * that turns a left rotation into a right one.  Shift counts are masked
 * as the op masks them (ir_alu). */
enum imm_kind {
	K_SAME,
	K_NEG,
	K_NOT,
	K_BIT,
	K_NOTBIT,
	K_M63,
	K_M31,
	K_ROL63,
	K_ROL31,
};

static const struct {
	uint16_t opc, iopc;
	uint8_t kind;
	bool comm; /* commutative: a known first operand works too */
} imm_forms[] = {
    {IR_ADD, IR_ADDI, K_SAME, true},	 {IR_SUB, IR_ADDI, K_NEG, false},
    {IR_AND, IR_ANDI, K_SAME, true},	 {IR_OR, IR_ORI, K_SAME, true},
    {IR_XOR, IR_XORI, K_SAME, true},	 {IR_SHL, IR_SHLI, K_M63, false},
    {IR_SHR, IR_SHRI, K_M63, false},	 {IR_SAR, IR_SARI, K_M63, false},
    {IR_SLT, IR_SLTI, K_SAME, false},	 {IR_SLTU, IR_SLTIU, K_SAME, false},
    {IR_ADDW, IR_ADDIW, K_SAME, true},	 {IR_SUBW, IR_ADDIW, K_NEG, false},
    {IR_SHLW, IR_SHLIW, K_M31, false},	 {IR_SHRW, IR_SHRIW, K_M31, false},
    {IR_SARW, IR_SARIW, K_M31, false},	 {IR_ANDN, IR_ANDI, K_NOT, false},
    {IR_ORN, IR_ORI, K_NOT, false},	 {IR_XNOR, IR_XORI, K_NOT, true},
    {IR_ROR, IR_RORI, K_M63, false},	 {IR_ROL, IR_RORI, K_ROL63, false},
    {IR_RORW, IR_RORIW, K_M31, false},	 {IR_ROLW, IR_RORIW, K_ROL31, false},
    {IR_BCLR, IR_ANDI, K_NOTBIT, false}, {IR_BSET, IR_ORI, K_BIT, false},
    {IR_BINV, IR_XORI, K_BIT, false},	 {IR_BEXT, IR_BEXTI, K_M63, false},
};

static int64_t imm_of(unsigned kind, unsigned iopc, uint64_t c)
{
	uint64_t v;
	switch (kind) {
	case K_NEG:
		v = -c;
		break;
	case K_NOT:
		v = ~c;
		break;
	case K_BIT:
		v = UINT64_C(1) << (c & 63);
		break;
	case K_NOTBIT:
		v = ~(UINT64_C(1) << (c & 63));
		break;
	case K_M63:
		v = c & 63;
		break;
	case K_M31:
		v = c & 31;
		break;
	case K_ROL63:
		v = (64 - (c & 63)) & 63;
		break;
	case K_ROL31:
		v = (32 - (c & 31)) & 31;
		break;
	default:
		v = c;
		break;
	}
	/* A W op sees only the low 32 bits of its immediate: keep it in the
	 * range every backend encodes directly. */
	if (iopc == IR_ADDIW)
		v = ir_sext32(v);
	return (int64_t)v;
}

/* ADD d, a, b with a or b known -> ADDI etc.  Returns whether it did. */
static bool to_imm_form(struct ir_op *op, const struct fwd *st)
{
	for (unsigned i = 0; i < sizeof(imm_forms) / sizeof(imm_forms[0]);
	     i++) {
		if (imm_forms[i].opc != op->opc)
			continue;
		unsigned keep;
		uint64_t c;
		if (st->known[op->b]) {
			keep = op->a;
			c = st->val[op->b];
		} else if (imm_forms[i].comm && st->known[op->a]) {
			keep = op->b;
			c = st->val[op->a];
		} else {
			return false;
		}
		op->opc = imm_forms[i].iopc;
		op->imm = imm_of(imm_forms[i].kind, op->opc, c);
		op->a = (uint16_t)keep;
		op->b = 0;
		return true;
	}
	return false;
}

/* Immediate forms that copy a, or give a constant whatever a is. */
static void simplify_identity(struct ir_op *op)
{
	uint64_t imm = (uint64_t)op->imm;
	bool mov = false;
	switch (op->opc) {
	case IR_ADDI:
	case IR_ORI:
	case IR_XORI:
		mov = imm == 0;
		break;
	case IR_SHLI:
	case IR_SHRI:
	case IR_SARI:
	case IR_RORI:
		mov = (imm & 63) == 0;
		break;
	case IR_ANDI:
		mov = imm == UINT64_MAX;
		if (imm == 0) {
			op->opc = IR_MOVI;
			op->a = 0;
		}
		break;
	default:
		break;
	}
	if (op->opc == IR_ORI && imm == UINT64_MAX) {
		op->opc = IR_MOVI;
		op->a = 0;
	}
	if (mov) {
		op->opc = IR_MOV;
		op->imm = 0;
	}
}

/* A branch's condition as a computational op: taken when
 * ir_alu(alu, a, b) is nonzero (or zero, with "when_zero"). */
static const struct {
	uint16_t br, alu;
	bool when_zero;
} br_conds[] = {
    {IR_BREQ, IR_XOR, true},	{IR_BRNE, IR_XOR, false},
    {IR_BRLT, IR_SLT, false},	{IR_BRGE, IR_SLT, true},
    {IR_BRLTU, IR_SLTU, false}, {IR_BRGEU, IR_SLTU, true},
};

/* 1 taken, 0 not taken, -1 unknown. */
static int branch_outcome(const struct ir_op *op, const struct fwd *st)
{
	uint64_t a, b;
	if (op->a == op->b) {
		a = b = 0; /* equal values: any value gives the same outcome */
	} else if (st->known[op->a] && st->known[op->b]) {
		a = st->val[op->a];
		b = st->val[op->b];
	} else {
		return -1;
	}
	for (unsigned i = 0; i < sizeof(br_conds) / sizeof(br_conds[0]); i++)
		if (br_conds[i].br == op->opc) {
			bool nz = ir_alu(br_conds[i].alu, a, b, 0) != 0;
			return nz != br_conds[i].when_zero;
		}
	return -1;
}

/* Fold one computational op; then record what d holds. */
static void fold_alu(struct ir_op *op, struct fwd *st)
{
	uint16_t *f[2];
	unsigned n = read_fields(op, f);
	bool all_known = true;
	for (unsigned i = 0; i < n; i++)
		all_known = all_known && st->known[*f[i]];
	if (all_known && op->opc != IR_MOVI) {
		uint64_t a = st->val[op->a], b = n > 1 ? st->val[op->b] : 0;
		op->imm = (int64_t)ir_alu(op->opc, a, b, (uint64_t)op->imm);
		op->opc = IR_MOVI;
		op->a = op->b = 0;
	} else if (ir_op_form(op->opc) == IR_FORM_DAB) {
		if (to_imm_form(op, st))
			simplify_identity(op);
	} else if (ir_op_form(op->opc) == IR_FORM_DAI) {
		simplify_identity(op);
	}

	unsigned d = op->d;
	if (op->opc == IR_MOV && op->a == d) {
		op->opc = IR_NOP; /* the slot holds that value already */
		return;
	}
	if (op->opc == IR_MOVI) {
		/* A temporary reloaded with the value it has: drop the op.
		 * (Guest slot writes stay, see the invariants.) */
		if (is_tmp(d) && st->known[d] &&
		    st->val[d] == (uint64_t)op->imm) {
			op->opc = IR_NOP;
			return;
		}
		fwd_write(st, d, true, (uint64_t)op->imm, d);
	} else if (op->opc == IR_MOV) {
		fwd_write(st, d, false, 0, op->a);
	} else {
		fwd_write(st, d, false, 0, d);
	}
}

/* Returns the number of ops the block keeps (the rest is unreachable). */
static size_t forward(struct ir_block *b)
{
	struct fwd st;
	fwd_init(&st);
	for (size_t i = 0; i < b->n_ops; i++) {
		struct ir_op *op = &b->ops[i];
		uint16_t *f[2];
		unsigned n = read_fields(op, f);
		for (unsigned k = 0; k < n; k++)
			*f[k] = st.root[*f[k]];

		if (is_alu(op->opc)) {
			fold_alu(op, &st);
			continue;
		}
		unsigned form = ir_op_form(op->opc);
		if ((form == IR_FORM_LD || form == IR_FORM_ST) &&
		    op->a != ZERO_SLOT && st.known[op->a] &&
		    st.known[ZERO_SLOT] && st.val[ZERO_SLOT] == 0) {
			/* [a + imm] with a known: [x0 + (a + imm)], the same
			 * 64-bit address (wrapping) and fault address. */
			op->imm = (int64_t)(st.val[op->a] + (uint64_t)op->imm);
			op->a = ZERO_SLOT;
		}
		if (form == IR_FORM_BR) {
			int taken = branch_outcome(op, &st);
			if (taken == 0) {
				op->opc = IR_NOP;
			} else if (taken == 1) {
				/* The same exit (chain slot d, pc imm); what
				 * follows can never run. */
				op->opc = IR_GOTO_TB;
				op->a = op->b = 0;
				return i + 1;
			}
			continue;
		}
		if (writes_d(op))
			fwd_write(&st, op->d, false, 0, op->d);
		if (clobbers_guest(op->opc))
			fwd_clobber_guest(&st);
	}
	return b->n_ops;
}

/* ---- pass 2: dead temporaries ---- */

static void backward(struct ir_block *b)
{
	bool live[N_SLOTS] = {false};
	for (size_t i = b->n_ops; i-- > 0;) {
		struct ir_op *op = &b->ops[i];
		if (ir_op_flags(op->opc) & IR_F_END)
			for (unsigned s = RV_SLOT_TMP; s < N_SLOTS; s++)
				live[s] = false;
		if (writes_d(op)) {
			if (is_alu(op->opc) && is_tmp(op->d) && !live[op->d]) {
				op->opc = IR_NOP;
				continue;
			}
			live[op->d] = false;
		}
		uint16_t *f[2];
		unsigned n = read_fields(op, f);
		for (unsigned k = 0; k < n; k++)
			live[*f[k]] = true;
		if (ir_op_form(op->opc) == IR_FORM_FP) {
			/* the third source of fused ops: imm = rm | c << 8 */
			unsigned c =
			    (unsigned)((uint64_t)op->imm >> 8) & 0xffff;
			if (c < N_SLOTS)
				live[c] = true;
		}
	}
}

/* Can the pass reason about every op?  (Operands within the slot array,
 * known opcodes; anything else is left alone.) */
static bool block_ok(struct ir_block *b)
{
	for (size_t i = 0; i < b->n_ops; i++) {
		struct ir_op *op = &b->ops[i];
		if (op->opc >= IR_OP_COUNT)
			return false;
		uint16_t *f[2];
		unsigned n = read_fields(op, f);
		for (unsigned k = 0; k < n; k++)
			if (*f[k] >= N_SLOTS)
				return false;
		if (writes_d(op) && op->d >= N_SLOTS)
			return false;
	}
	return true;
}

void ir_optimize(struct ir_block *b)
{
	if (!b->n_ops || !block_ok(b))
		return;
	b->n_ops = forward(b);
	backward(b);
	size_t n = 0;
	for (size_t i = 0; i < b->n_ops; i++)
		if (b->ops[i].opc != IR_NOP)
			b->ops[n++] = b->ops[i];
	b->n_ops = n;
}
