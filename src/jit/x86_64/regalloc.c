/*
 * Register allocation for one translated block: guest slots live in host
 * registers between ops and reach memory only where something needs them
 * there.
 *
 * Design: a block is straight-line code whose only joins are the
 * out-of-line paths that jump back (FP slow paths), so the allocation state
 * at every op is known at translation time and evolves in one direction.
 * The state (struct ra_state) says which slot each pool register holds and
 * whether it is dirty (newer than the slot in memory).  A read of a slot
 * that is read again later in the block loads it into a register; a write
 * of a slot that is read later stays in a register, dirty; a write that is
 * not read again goes straight to memory.  When no register is free, the one
 * whose slot is read farthest away is evicted (written back if dirty).  The
 * next-read distances come from one backward pass over the block
 * (ra_analyze), which treats ops that invalidate registers as the end of
 * every value's life.
 *
 * Invariant: a slot that is not in a register is exact in memory; a slot in
 * a register is exact in the register.  Every path out of the block (exits,
 * fault stubs, calls that read or write guest state) writes the dirty
 * registers back first, with the state of that point, so the guest state in
 * memory is exact wherever anything outside the block can look at it.
 *
 * Fused inline counters: consecutive inline adds on one scoreboard entry
 * are summed at translation time (ra_state.pend) and emitted as one add
 * wherever the block can be left or observed: at exits, at fault stubs, and
 * before calls; an exit in the middle of the block adds only what was
 * counted up to there, so counts stay exact.
 *
 * The pool: r13, r14, r15 (callee-saved: they survive calls into C) and
 * r8-r11 (caller-saved: written back and forgotten around calls).
 */
#include <stdlib.h>
#include <string.h>

#include "jit/x86_64/isel.h"
#include "plugin/plugin.h"
#include "target/riscv/cpu.h"
#include "target/riscv/fpu_fast.h"

const int ra_host[RA_N] = {X64_R13, X64_R14, X64_R15, X64_R8,
			   X64_R9,  X64_R10, X64_R11};

/* The slots op reads (up to 3) and the one it writes (-1): by form. */
unsigned ra_op_reads(const struct ir_op *op, unsigned out[3], int *write)
{
	unsigned n = 0;
	*write = -1;
	switch (ir_op_form(op->opc)) {
	case IR_FORM_DI:
	case IR_FORM_D:
		*write = op->d;
		break;
	case IR_FORM_DA:
	case IR_FORM_DAI:
	case IR_FORM_LD:
		out[n++] = op->a;
		*write = op->d;
		break;
	case IR_FORM_DAB:
	case IR_FORM_SHADD:
		out[n++] = op->a;
		out[n++] = op->b;
		*write = op->d;
		break;
	case IR_FORM_ST:
	case IR_FORM_BR:
		out[n++] = op->a;
		out[n++] = op->b;
		break;
	case IR_FORM_EXIT:
		if (op->opc == IR_GOTO_PTR)
			out[n++] = op->a;
		break;
	case IR_FORM_CALL:
		if (op->opc == IR_PLUGIN_MEM_CALL) {
			out[n++] = op->a;
			out[n++] = op->b;
		}
		break;
	case IR_FORM_FP:
		out[n++] = op->a;
		out[n++] = op->b;
		out[n++] = rv_fpop_c(op->imm);
		*write = op->d;
		break;
	default:
		break;
	}
	return n;
}

/* Ops after which no register can be trusted (they may write any slot). */
static bool ra_barrier(const struct ir_op *op)
{
	if (op->opc == IR_PLUGIN_CALL)
		return ((const struct plugin_call *)(intptr_t)op->imm)->flags >=
		       2;
	if (op->opc == IR_PLUGIN_MEM_CALL)
		return ((const struct plugin_mem_call *)(intptr_t)op->imm)
			   ->flags >= 2;
	return ir_op_form(op->opc) == IR_FORM_CALL &&
	       op->opc != IR_PLUGIN_INLINE;
}

int ra_analyze(struct isel *s)
{
	const struct tb *tb = s->tb;
	s->nr = calloc(tb->n_ops ? tb->n_ops : 1, sizeof(*s->nr));
	if (!s->nr)
		return -1;
	uint16_t next[RV_NUM_SLOTS];
	for (unsigned k = 0; k < RV_NUM_SLOTS; k++)
		next[k] = RA_INF;
	for (uint32_t i = tb->n_ops; i-- > 0;) {
		const struct ir_op *op = &tb->ops[i];
		unsigned rd[3];
		int w;
		unsigned n = ra_op_reads(op, rd, &w);
		if (ra_barrier(op))
			for (unsigned k = 0; k < RV_NUM_SLOTS; k++)
				next[k] = RA_INF;
		s->nr[i][3] = RA_INF;
		if (w >= 0 && w < RV_NUM_SLOTS) {
			s->nr[i][3] = next[w];
			next[w] = RA_INF;
		}
		for (unsigned k = 0; k < 3; k++)
			s->nr[i][k] = RA_INF;
		for (unsigned k = 0; k < n; k++)
			if (rd[k] < RV_NUM_SLOTS)
				s->nr[i][k] = next[rd[k]];
		for (unsigned k = 0; k < n; k++)
			if (rd[k] < RV_NUM_SLOTS)
				next[rd[k]] =
				    (uint16_t)(i > RA_INF - 1 ? RA_INF - 1 : i);
	}
	return 0;
}

void ra_reset(struct isel *s)
{
	memset(&s->ra, 0, sizeof(s->ra));
	for (int i = 0; i < RA_N; i++) {
		s->ra.slot[i] = -1;
		s->next_use[i] = RA_INF;
		s->lock_op[i] = UINT32_MAX;
	}
}

/* The next read of slot (read by the current op) after the current op. */
static uint16_t next_read(const struct isel *s, unsigned slot)
{
	const struct ir_op *op = s->op;
	if (!op)
		return RA_INF;
	unsigned rd[3];
	int w;
	unsigned n = ra_op_reads(op, rd, &w);
	for (unsigned k = 0; k < n; k++)
		if (rd[k] == slot)
			return s->nr[s->cur][k];
	return RA_INF;
}

/* The next read of the value the current op writes to slot. */
static uint16_t next_read_of_write(const struct isel *s, unsigned slot)
{
	const struct ir_op *op = s->op;
	if (!op)
		return RA_INF;
	unsigned rd[3];
	int w;
	ra_op_reads(op, rd, &w);
	return w == (int)slot ? s->nr[s->cur][3] : RA_INF;
}

int isel_cached(const struct isel *s, unsigned slot)
{
	if (slot >= RV_NUM_SLOTS || !s->ra.where[slot])
		return -1;
	return ra_host[s->ra.where[slot] - 1];
}

static void forget(struct ra_state *st, int i)
{
	if (st->slot[i] >= 0)
		st->where[st->slot[i]] = 0;
	st->slot[i] = -1;
	st->dirty &= (uint8_t) ~(1u << i);
}

static void writeback_one(struct isel *s, const struct ra_state *st, int i)
{
	x64_store(&s->a, 8, S((unsigned)st->slot[i]), ra_host[i]);
}

/* A register for slot (not in one now): a free one, or the one read
 * farthest away, written back first if dirty. */
static int ra_alloc(struct isel *s, unsigned slot)
{
	int best = -1;
	for (int i = 0; i < RA_N; i++)
		if (s->ra.slot[i] < 0) {
			best = i;
			break;
		}
	if (best < 0) {
		for (int i = 0; i < RA_N; i++) {
			if (s->lock_op[i] == s->cur)
				continue;
			if (best < 0 || s->next_use[i] > s->next_use[best] ||
			    (s->next_use[i] == s->next_use[best] &&
			     !(s->ra.dirty & (1u << i))))
				best = i;
		}
		if (best < 0)
			__builtin_trap(); /* more operands than registers */
		if (s->ra.dirty & (1u << best))
			writeback_one(s, &s->ra, best);
		forget(&s->ra, best);
	}
	s->ra.slot[best] = (int16_t)slot;
	s->ra.where[slot] = (uint8_t)(best + 1);
	s->lock_op[best] = s->cur;
	return best;
}

int isel_slot_reg(struct isel *s, unsigned slot)
{
	if (slot >= RV_NUM_SLOTS)
		return -1;
	uint16_t nr = next_read(s, slot);
	int i = s->ra.where[slot] - 1;
	if (i < 0) {
		if (nr == RA_INF || s->ra_frozen)
			return -1;
		i = ra_alloc(s, slot);
		x64_load(&s->a, 8, ra_host[i], S(slot));
	}
	s->next_use[i] = nr;
	s->lock_op[i] = s->cur;
	return ra_host[i];
}

void isel_load_slot(struct isel *s, unsigned size, int dst, unsigned slot)
{
	if (slot == RV_SLOT_X) { /* x0 is always 0; flags survive this */
		x64_mov_imm(&s->a, dst, 0);
		return;
	}
	int r = isel_slot_reg(s, slot);
	if (r >= 0)
		x64_mov_rr(&s->a, size, dst, r);
	else
		x64_load(&s->a, size, dst, S(slot));
}

/* The register the current op's result for slot goes to, or -1: memory. */
static int dest_reg(struct isel *s, unsigned slot)
{
	uint16_t nr = next_read_of_write(s, slot);
	int i = slot < RV_NUM_SLOTS ? s->ra.where[slot] - 1 : -1;
	if (nr == RA_INF || s->ra_frozen) {
		if (i >= 0)
			forget(&s->ra, i);
		return -1;
	}
	if (i < 0)
		i = ra_alloc(s, slot);
	s->ra.dirty |= (uint8_t)(1u << i);
	s->next_use[i] = nr;
	s->lock_op[i] = s->cur;
	return i;
}

int isel_dest_reg(struct isel *s, unsigned slot)
{
	int i = dest_reg(s, slot);
	return i < 0 ? -1 : ra_host[i];
}

void isel_store_slot(struct isel *s, unsigned slot, int reg)
{
	int i = dest_reg(s, slot);
	if (i < 0)
		x64_store(&s->a, 8, S(slot), reg);
	else
		x64_mov_rr(&s->a, 8, ra_host[i], reg);
}

void isel_store_slot_imm(struct isel *s, unsigned slot, uint64_t v)
{
	int i = dest_reg(s, slot);
	if (i >= 0) {
		x64_mov_imm(&s->a, ra_host[i], v);
	} else if (x64_fits_s32((int64_t)v)) {
		x64_store_imm32(&s->a, 8, S(slot), (int32_t)v);
	} else {
		x64_mov_imm(&s->a, RAX, v);
		x64_store(&s->a, 8, S(slot), RAX);
	}
}

void isel_cache_forget(struct isel *s, unsigned slot)
{
	if (slot < RV_NUM_SLOTS && s->ra.where[slot])
		forget(&s->ra, s->ra.where[slot] - 1);
}

/* ---- fused inline counters ---- */

void isel_inline_entry(struct isel *s, const struct plugin_inline *in)
{
	struct x64_asm *a = &s->a;
	size_t elem = plugin_scoreboard_elem(in->score);
	x64_mov_imm(a, RSI,
		    (uint64_t)(uintptr_t)plugin_scoreboard_data(in->score));
	x64_load(a, 8, RSI, x64_mem(RSI, 0));
	x64_load(a, 4, RDI, CPU(index)); /* zero-extended */
	if (elem && !(elem & (elem - 1))) {
		x64_shift_ri(a, 8, X64_SHL, RDI,
			     (uint8_t)__builtin_ctzll(elem));
	} else {
		x64_mov_imm(a, RAX, elem);
		x64_imul_rr(a, 8, RDI, RAX);
	}
	x64_alu_rr(a, 8, X64_ADD, RSI, RDI);
}

/* Can the JIT address in's entry itself (else plugin_inline_entry)? */
static bool inline_direct(const struct plugin_inline *in)
{
	return in->offset <= INT32_MAX &&
	       plugin_scoreboard_elem(in->score) <= INT32_MAX;
}

/* [entry of in] op= v; clobbers rax, rsi, rdi (and caller-saved registers
 * when the entry is computed by a call). */
static void emit_inline_op(struct isel *s, const struct plugin_inline *in,
			   int op, uint64_t v)
{
	struct x64_asm *a = &s->a;
	int32_t off = 0;
	if (inline_direct(in)) {
		isel_inline_entry(s, in);
		off = (int32_t)in->offset;
	} else {
		/* not seen in practice: the plugin layer computes it */
		x64_mov_imm(a, RDI, (uint64_t)(uintptr_t)in);
		x64_load(a, 4, RSI, CPU(index));
		isel_call_abs(s, (uintptr_t)plugin_inline_entry);
		x64_mov_rr(a, 8, RSI, RAX);
	}
	if (op == 0 /* QEMU_PLUGIN_INLINE_ADD_U64 */ &&
	    x64_fits_s32((int64_t)v)) {
		x64_alu_mi(a, 8, X64_ADD, x64_mem(RSI, off), (int32_t)v);
		return;
	}
	x64_mov_imm(a, RDI, v);
	if (op == 0)
		x64_alu_mr(a, 8, X64_ADD, x64_mem(RSI, off), RDI);
	else
		x64_store(a, 8, x64_mem(RSI, off), RDI);
}

static void emit_pending(struct isel *s, const struct ra_state *st)
{
	for (unsigned k = 0; k < st->n_pend; k++)
		if (st->pend[k].sum)
			emit_inline_op(s, st->pend[k].in, 0, st->pend[k].sum);
}

void isel_inline(struct isel *s, const struct plugin_inline *in)
{
	struct ra_state *st = &s->ra;
	if (in->op == 0 && inline_direct(in) && !s->no_fuse) {
		for (unsigned k = 0; k < st->n_pend; k++) {
			const struct plugin_inline *p = st->pend[k].in;
			if (p->score == in->score && p->offset == in->offset) {
				st->pend[k].sum += in->imm;
				return;
			}
		}
		if (st->n_pend < RA_MAX_PEND) {
			st->pend[st->n_pend].in = in;
			st->pend[st->n_pend].sum = in->imm;
			st->n_pend++;
			return;
		}
	}
	/* A store, or no room: what is pending first, then this op. */
	isel_flush_pending(s);
	if (!inline_direct(in))
		isel_sync(s, ISEL_SYNC_CALLER);
	emit_inline_op(s, in, in->op, in->imm);
}

void isel_flush_pending(struct isel *s)
{
	bool call = false;
	for (unsigned k = 0; k < s->ra.n_pend; k++)
		call |= !inline_direct(s->ra.pend[k].in);
	if (call)
		isel_sync(s, ISEL_SYNC_CALLER);
	emit_pending(s, &s->ra);
	s->ra.n_pend = 0;
}

/* ---- synchronisation ---- */

void isel_writeback_state(struct isel *s, const struct ra_state *st,
			  bool counts)
{
	for (int i = 0; i < RA_N; i++)
		if (st->dirty & (1u << i))
			writeback_one(s, st, i);
	if (counts)
		emit_pending(s, st);
}

void isel_emit_pending(struct isel *s, const struct ra_state *st)
{
	emit_pending(s, st);
}

void isel_sync_exit(struct isel *s)
{
	isel_writeback_state(s, &s->ra, true);
}

void isel_sync(struct isel *s, enum isel_sync kind)
{
	struct ra_state *st = &s->ra;
	unsigned wb = kind == ISEL_SYNC_CALLER ? RA_CALLER_MASK : RA_ALL_MASK;
	for (int i = 0; i < RA_N; i++)
		if (st->dirty & wb & (1u << i)) {
			writeback_one(s, st, i);
			st->dirty &= (uint8_t) ~(1u << i);
		}
	unsigned drop = kind == ISEL_SYNC_ALL ? RA_ALL_MASK : RA_CALLER_MASK;
	for (int i = 0; i < RA_N; i++)
		if (drop & (1u << i))
			forget(st, i);
}

void isel_reload_state(struct isel *s, const struct ra_state *st)
{
	for (int i = 0; i < RA_N; i++)
		if (st->slot[i] >= 0)
			x64_load(&s->a, 8, ra_host[i],
				 S((unsigned)st->slot[i]));
}
