/*
 * The IR optimizer (src/ir/opt.c).
 *
 * (a) Specific rewrites on hand-written blocks: lui+addi becomes one MOVI
 *     of the sum, mv chains read the original register, dead temporaries
 *     go, guest-slot writes all stay, constants of guest slots are
 *     forgotten after a helper call (temporaries' are not), PLUGIN_MEM_CALL
 *     keeps its temporaries, branches with known outcome fold, known load
 *     bases fold into the offset, F/D and fflags ops stay.
 * (b) Randomized equivalence: random blocks of computational ops over
 *     guest slots and temporaries, with loads, stores, branches and helper
 *     calls (which record the guest state they see and scramble guest
 *     registers, and sometimes leave the block), run on the IR interpreter
 *     before optimization and on the interpreter and the JIT after, from
 *     the same random state: exit code, every guest slot and the pc, the
 *     state each helper saw, memory, fault address and faulting
 *     instruction must agree.
 *
 * Prints FAIL lines, then "N passed, M failed"; exits nonzero on failure.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/tb.h"
#include "core/vcpu.h"
#include "ir/ir.h"
#include "linux-user/process.h"

static unsigned passed, failed;

#define X(n) (RV_SLOT_X + (n))
#define T(n) (RV_SLOT_TMP + (n))

static void check(bool ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s\n", what);
	}
}

static void dump(const struct ir_block *b)
{
	char text[128];
	for (size_t i = 0; i < b->n_ops; i++) {
		ir_format_op(&b->ops[i], text, sizeof(text));
		printf("    %s\n", text);
	}
}

/* Does the block hold an op equal to (opc, d, a, b, imm) in its fields
 * that matter for the op's form?  Exactly compared: all of them. */
static bool has(const struct ir_block *b, unsigned opc, unsigned d, unsigned a,
		unsigned bb, int64_t imm)
{
	for (size_t i = 0; i < b->n_ops; i++) {
		const struct ir_op *op = &b->ops[i];
		if (op->opc == opc && op->d == d && op->a == a && op->b == bb &&
		    op->imm == imm)
			return true;
	}
	return false;
}

static unsigned count(const struct ir_block *b, unsigned opc)
{
	unsigned n = 0;
	for (size_t i = 0; i < b->n_ops; i++)
		n += b->ops[i].opc == opc;
	return n;
}

static int dummy_helper(struct vcpu *cpu, const void *arg)
{
	(void)cpu;
	(void)arg;
	return 0;
}

/* Run the optimizer; on a failed expectation show the block. */
static void expect(const struct ir_block *b, bool ok, const char *what)
{
	check(ok, what);
	if (!ok)
		dump(b);
}

static void test_folds(void)
{
	struct ir_block b = {0};

	/* lui a0, 0x12; addi a0, a0, 0x345: both writes stay, the second
	 * as MOVI of the sum. */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, X(10), 0, 0, 0x12000);
	b.cur_insn = 1;
	ir_emit(&b, IR_ADDI, X(10), X(10), 0, 0x345);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       b.n_ops == 3 && has(&b, IR_MOVI, X(10), 0, 0, 0x12000) &&
		   has(&b, IR_MOVI, X(10), 0, 0, 0x12345) && b.ops[1].insn == 1,
	       "lui+addi -> MOVI of the sum, insn kept");

	/* li (addi rd, x0, imm) and a 64-bit fold through SHLI */
	ir_block_reset(&b);
	ir_emit(&b, IR_ADDI, X(5), X(0), 0, -7);
	ir_emit(&b, IR_SHLI, X(6), X(5), 0, 40);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       has(&b, IR_MOVI, X(5), 0, 0, -7) &&
		   has(&b, IR_MOVI, X(6), 0, 0, (int64_t)(UINT64_C(-7) << 40)),
	       "li and shift fold");

	/* mv chain: mv t1, t0 (addi), c.mv t2, t1 (add x0), add a0, t2, a1 */
	ir_block_reset(&b);
	ir_emit(&b, IR_ADDI, X(6), X(5), 0, 0);
	ir_emit(&b, IR_ADD, X(7), X(0), X(6), 0);
	ir_emit(&b, IR_ADD, X(10), X(7), X(11), 0);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       b.n_ops == 4 && has(&b, IR_MOV, X(6), X(5), 0, 0) &&
		   has(&b, IR_MOV, X(7), X(5), 0, 0) &&
		   has(&b, IR_ADD, X(10), X(5), X(11), 0),
	       "mv chain reads the source");

	/* a copy stops being one when its source is rewritten */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOV, X(6), X(5), 0, 0);
	ir_emit(&b, IR_ADDI, X(5), X(5), 0, 1);
	ir_emit(&b, IR_ADD, X(7), X(6), X(6), 0);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b, has(&b, IR_ADD, X(7), X(6), X(6), 0),
	       "copy forgotten when its source changes");

	/* jalr: the address temporary's MOV goes, the ANDI reads ra */
	ir_block_reset(&b);
	ir_emit(&b, IR_ADDI, T(0), X(1), 0, 0);
	ir_emit(&b, IR_ANDI, T(0), T(0), 0, -2);
	ir_emit(&b, IR_MOVI, X(1), 0, 0, 0x1004);
	ir_emit(&b, IR_GOTO_PTR, 0, T(0), 0, 0);
	ir_optimize(&b);
	expect(&b,
	       b.n_ops == 3 && has(&b, IR_ANDI, T(0), X(1), 0, -2) &&
		   has(&b, IR_MOVI, X(1), 0, 0, 0x1004) &&
		   has(&b, IR_GOTO_PTR, 0, T(0), 0, 0),
	       "ret: dead temporary removed, GOTO_PTR keeps its temporary");

	/* dead temporaries: overwritten unread, or unread at the end */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, T(1), 0, 0, 5);
	ir_emit(&b, IR_ADD, T(1), X(5), X(6), 0);
	ir_emit(&b, IR_ADD, X(7), T(1), X(8), 0);
	ir_emit(&b, IR_MUL, T(2), X(7), X(7), 0);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       b.n_ops == 3 && has(&b, IR_ADD, T(1), X(5), X(6), 0) &&
		   has(&b, IR_ADD, X(7), T(1), X(8), 0),
	       "dead temporaries removed");

	/* guest writes all stay, even overwritten ones and dead ones */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, X(5), 0, 0, 1);
	ir_emit(&b, IR_MOVI, X(5), 0, 0, 1);
	ir_emit(&b, IR_ADD, X(5), X(6), X(7), 0);
	ir_emit(&b, IR_MUL, X(5), X(6), X(7), 0);
	ir_emit(&b, IR_MOVI, X(31), 0, 0, 2);
	ir_emit(&b, IR_MOVI, 32 + 3, 0, 0, 3); /* f3 */
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b, b.n_ops == 7, "guest-slot writes never removed");

	/* after a helper call: guest constants forgotten, temporaries kept */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, X(5), 0, 0, 7);
	ir_emit(&b, IR_MOVI, T(0), 0, 0, 3);
	ir_emit(&b, IR_MOV, X(9), X(8), 0, 0);
	ir_emit_call(&b, dummy_helper, 0);
	ir_emit(&b, IR_ADDI, X(6), X(5), 0, 1);
	ir_emit(&b, IR_ADD, X(7), X(7), T(0), 0);
	ir_emit(&b, IR_ADD, X(10), X(9), X(9), 0);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       has(&b, IR_ADDI, X(6), X(5), 0, 1) &&
		   has(&b, IR_ADDI, X(7), X(7), 0, 3) &&
		   has(&b, IR_ADD, X(10), X(9), X(9), 0) &&
		   !has(&b, IR_MOVI, T(0), 0, 0, 3),
	       "CALL forgets guest constants and copies, not temporaries");

	/* plugin callbacks forget guest state too; inline ops do not */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, X(5), 0, 0, 7);
	ir_emit(&b, IR_PLUGIN_INLINE, 0, 0, 0, 0);
	ir_emit(&b, IR_ADDI, X(6), X(5), 0, 1);
	ir_emit(&b, IR_PLUGIN_CALL, 0, 0, 0, 0);
	ir_emit(&b, IR_ADDI, X(7), X(5), 0, 1);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       has(&b, IR_MOVI, X(6), 0, 0, 8) &&
		   has(&b, IR_ADDI, X(7), X(5), 0, 1),
	       "PLUGIN_CALL forgets, PLUGIN_INLINE does not");

	/* PLUGIN_MEM_CALL reads its address temporary */
	ir_block_reset(&b);
	ir_emit(&b, IR_ADDI, T(2), X(5), 0, 8);
	ir_emit(&b, IR_LD64, X(6), X(5), 0, 8);
	ir_emit(&b, IR_PLUGIN_MEM_CALL, 0, T(2), X(6), 0);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b, b.n_ops == 4 && has(&b, IR_ADDI, T(2), X(5), 0, 8),
	       "PLUGIN_MEM_CALL keeps its temporaries");

	/* a load into a temporary nobody reads stays (it can fault) */
	ir_block_reset(&b);
	ir_emit(&b, IR_LD8U, T(0), X(5), 0, 0);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b, b.n_ops == 2, "dead load kept");

	/* known base address: the offset from x0 */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, X(5), 0, 0, 0x12000);
	ir_emit(&b, IR_LD64, X(6), X(5), 0, -8);
	ir_emit(&b, IR_ST32, 0, X(5), X(6), 4);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       has(&b, IR_LD64, X(6), X(0), 0, 0x11ff8) &&
		   has(&b, IR_ST32, 0, X(0), X(6), 0x12004),
	       "known base folded into the offset");

	/* immediate forms */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, T(0), 0, 0, 12);
	ir_emit(&b, IR_SUB, X(5), X(6), T(0), 0);
	ir_emit(&b, IR_ADD, X(7), T(0), X(6), 0);
	ir_emit(&b, IR_ROL, X(8), X(6), T(0), 0);
	ir_emit(&b, IR_BSET, X(9), X(6), T(0), 0);
	ir_emit(&b, IR_SHL, X(10), X(6), T(0), 0);
	ir_emit(&b, IR_MUL, X(11), X(6), T(0), 0);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       has(&b, IR_ADDI, X(5), X(6), 0, -12) &&
		   has(&b, IR_ADDI, X(7), X(6), 0, 12) &&
		   has(&b, IR_RORI, X(8), X(6), 0, 52) &&
		   has(&b, IR_ORI, X(9), X(6), 0, 1 << 12) &&
		   has(&b, IR_SHLI, X(10), X(6), 0, 12) &&
		   has(&b, IR_MUL, X(11), X(6), T(0), 0) &&
		   has(&b, IR_MOVI, T(0), 0, 0, 12),
	       "register ops with a known operand -> immediate forms");

	/* branches: never taken goes, always taken ends the block */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, X(5), 0, 0, 3);
	ir_emit(&b, IR_BRLT, 1, X(5), X(0), 0x2000);
	ir_emit(&b, IR_BRNE, 1, X(6), X(6), 0x2000);
	ir_emit(&b, IR_BRGE, 1, X(5), X(0), 0x3000);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       b.n_ops == 2 && has(&b, IR_MOVI, X(5), 0, 0, 3) &&
		   has(&b, IR_GOTO_TB, 1, 0, 0, 0x3000),
	       "branches with known outcome folded");
	ir_block_reset(&b);
	ir_emit(&b, IR_BRLTU, 1, X(5), X(6), 0x2000);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b, b.n_ops == 2 && count(&b, IR_BRLTU) == 1,
	       "unknown branch kept");

	/* F/D ops and fflags access are not folded; their inputs stay */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOVI, T(1), 0, 0, 3);
	ir_emit(&b, IR_WRFFLAGS, X(5), T(1), 0, 0);
	ir_emit(&b, IR_MOVI, 32 + 1, 0, 0, 0x3ff0000000000000);
	ir_emit(&b, IR_FADD_D, 32 + 2, 32 + 1, 32 + 1, 0);
	ir_emit(&b, IR_RDFFLAGS, T(0), 0, 0, 0);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b,
	       b.n_ops == 6 && count(&b, IR_WRFFLAGS) == 1 &&
		   count(&b, IR_FADD_D) == 1 && count(&b, IR_RDFFLAGS) == 1 &&
		   has(&b, IR_MOVI, T(1), 0, 0, 3),
	       "F/D and fflags ops untouched");

	/* the third source of a fused op keeps its temporary-free f reg,
	 * and a copy into it is not lost: f4 = f1 stays a real write */
	ir_block_reset(&b);
	ir_emit(&b, IR_MOV, 32 + 4, 32 + 1, 0, 0);
	ir_emit(&b, IR_FMADD_D, 32 + 2, 32 + 1, 32 + 1, (32 + 4) << 8);
	ir_emit(&b, IR_GOTO_TB, 0, 0, 0, 0x1000);
	ir_optimize(&b);
	expect(&b, b.n_ops == 3, "fused op's third source");
	ir_block_free(&b);
}

/* ---- randomized equivalence ---- */

struct rig {
	struct engine eng;
	struct lu_process proc;
	struct vcpu *cpu;
	uint8_t *mem;
	size_t jit_used; /* code arena use after the stubs: reset per TB */
};

#define MEM_SIZE 4096
#define EXIT_CODE 20
#define HELPER_EXIT 21
#define MAX_OPS 48
#define MAX_SEEN 16

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* What each helper call saw of the guest state (a hash of the guest
 * slots and the pc), in order. */
static uint64_t seen[MAX_SEEN];
static unsigned n_seen;

/* Records the guest state, then scrambles some guest registers (as a CSR
 * or atomic helper writes rd) and sometimes leaves the block. */
static int scramble_helper(struct vcpu *cpu, const void *arg)
{
	(void)arg;
	uint64_t *s = cpu->env.slot;
	uint64_t h = 0xcbf29ce484222325ull;
	for (unsigned i = 0; i < RV_SLOT_TMP; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;
	if (n_seen < MAX_SEEN)
		seen[n_seen++] = h;
	for (unsigned i = 1; i < 8; i++)
		if ((h >> i) & 1)
			s[X(i)] = h * i;
	if ((h & 0x1f) == 0) {
		s[RV_SLOT_PC] = 0x4444;
		return HELPER_EXIT;
	}
	return 0;
}

/* Slots the random blocks use: x0 (read only), x1..x7, f0, f1, t0..t5. */
static unsigned rnd_slot(bool write)
{
	static const uint16_t pool[] = {X(0), X(1), X(2), X(3), X(4), X(5),
					X(6), X(7), 32,	  33,	T(0), T(1),
					T(2), T(3), T(4), T(5)};
	unsigned n = sizeof(pool) / sizeof(pool[0]);
	for (;;) {
		unsigned s = pool[rnd() % n];
		if (!write || s != X(0))
			return s;
	}
}

static int64_t rnd_imm(void)
{
	static const int64_t imms[] = {
	    0,	       1,  -1, 2,     3,      31,	  32,
	    63,	       64, -2, 0x7ff, -0x800, 0x7fffffff, -0x80000000LL,
	    INT64_MIN, 100};
	if (rnd() % 4 == 0)
		return (int64_t)rnd();
	return imms[rnd() % (sizeof(imms) / sizeof(imms[0]))];
}

static void random_block(struct ir_block *b)
{
	ir_block_reset(b);
	unsigned n = 1 + (unsigned)(rnd() % MAX_OPS);
	for (unsigned i = 0; i < n; i++) {
		b->cur_insn = (uint16_t)i; /* one op per "instruction" */
		unsigned k = (unsigned)(rnd() % 100);
		if (k < 12) {
			ir_emit(b, IR_MOVI, rnd_slot(true), 0, 0, rnd_imm());
		} else if (k < 20) {
			/* mv in its RISC-V spellings */
			unsigned d = rnd_slot(true), a = rnd_slot(false);
			switch (rnd() % 3) {
			case 0:
				ir_emit(b, IR_MOV, d, a, 0, 0);
				break;
			case 1:
				ir_emit(b, IR_ADDI, d, a, 0, 0);
				break;
			default:
				ir_emit(b, IR_ADD, d, X(0), a, 0);
				break;
			}
		} else if (k < 24) {
			/* a load or store at a small address: x0 + offset, or
			 * a register (mostly out of range: a fault) */
			bool x0 = rnd() % 2;
			unsigned a = x0 ? X(0) : rnd_slot(false);
			int64_t off = (int64_t)(rnd() % (MEM_SIZE + 64));
			if (rnd() % 2)
				ir_emit(b, IR_LD32S, rnd_slot(true), a, 0, off);
			else
				ir_emit(b, IR_ST64, 0, a, rnd_slot(false), off);
		} else if (k < 27) {
			unsigned opc = IR_BREQ + (unsigned)(rnd() % 6);
			ir_emit(b, opc, 1, rnd_slot(false), rnd_slot(false),
				0x3000 + i);
		} else if (k < 29) {
			ir_emit_call(b, scramble_helper, 0);
		} else {
			unsigned opc;
			do
				opc =
				    IR_MOVI +
				    (unsigned)(rnd() % (IR_NBOX - IR_MOVI + 1));
			while (opc == IR_MOVI);
			int64_t imm = rnd_imm();
			if (opc == IR_SHADD || opc == IR_SHADDUW)
				imm = (int64_t)(rnd() % 4);
			ir_emit(b, opc, rnd_slot(true), rnd_slot(false),
				rnd_slot(false), imm);
		}
	}
	b->cur_insn = (uint16_t)n;
	ir_emit(b, IR_EXIT, EXIT_CODE, 0, 0, 0x5555);
}

/* A TB of the block (as copy_to_arena makes one). */
struct built {
	struct tb tb;
	struct rv_insn insns[MAX_OPS + 1];
	struct ir_op ops[MAX_OPS + 1];
	struct ir_call calls[MAX_OPS + 1];
};

static void build(struct built *t, const struct ir_block *b)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->ops, b->ops, b->n_ops * sizeof(struct ir_op));
	memcpy(t->calls, b->calls, b->n_calls * sizeof(struct ir_call));
	for (size_t i = 0; i < b->n_ops; i++)
		if (t->ops[i].opc == IR_CALL)
			t->ops[i].imm =
			    (int64_t)(intptr_t)&t->calls[t->ops[i].imm];
	t->tb.ops = t->ops;
	t->tb.n_ops = (uint32_t)b->n_ops;
	t->tb.insns = t->insns;
	t->tb.n_insns = MAX_OPS + 1;
}

struct outcome {
	int rc;
	uint64_t slot[RV_SLOT_TMP + 1]; /* guest slots and the pc */
	uint64_t seen[MAX_SEEN];
	unsigned n_seen;
	int fault_insn;
	uint64_t fault_addr;
	uint8_t mem[MEM_SIZE];
};

static void run(struct rig *r, const struct backend *be, struct tb *tb,
		const uint64_t *init, struct outcome *o)
{
	struct vcpu *cpu = r->cpu;
	memcpy(cpu->env.slot, init, sizeof(cpu->env.slot));
	for (int i = 0; i < MEM_SIZE; i++)
		r->mem[i] = (uint8_t)(i * 13 + 5);
	cpu->cur_op = NULL;
	cpu->fault_addr = 0;
	n_seen = 0;
	o->rc = be->exec(cpu, tb);
	memcpy(o->slot, cpu->env.slot, sizeof(o->slot));
	memcpy(o->seen, seen, sizeof(seen));
	o->n_seen = n_seen;
	o->fault_insn = -1;
	o->fault_addr = 0;
	if (o->rc == IR_EXIT_MEMFAULT) {
		o->fault_insn = cpu->cur_op->insn;
		o->fault_addr = cpu->fault_addr;
	}
	memcpy(o->mem, r->mem, MEM_SIZE);
}

static const char *differ(const struct outcome *x, const struct outcome *y,
			  char *why, size_t size)
{
	if (x->rc != y->rc) {
		snprintf(why, size, "exit %d vs %d", x->rc, y->rc);
		return why;
	}
	for (unsigned s = 0; s <= RV_SLOT_PC; s++)
		if (x->slot[s] != y->slot[s]) {
			snprintf(why, size,
				 "slot %u: %016" PRIx64 " vs %016" PRIx64, s,
				 x->slot[s], y->slot[s]);
			return why;
		}
	if (x->n_seen != y->n_seen ||
	    memcmp(x->seen, y->seen, x->n_seen * sizeof(x->seen[0]))) {
		snprintf(why, size, "state seen by a helper differs");
		return why;
	}
	if (x->fault_insn != y->fault_insn || x->fault_addr != y->fault_addr) {
		snprintf(
		    why, size, "fault at insn %d/%" PRIx64 " vs %d/%" PRIx64,
		    x->fault_insn, x->fault_addr, y->fault_insn, y->fault_addr);
		return why;
	}
	if (memcmp(x->mem, y->mem, MEM_SIZE)) {
		snprintf(why, size, "memory differs");
		return why;
	}
	return NULL;
}

static void test_random(struct rig *r, unsigned n_blocks)
{
	struct ir_block orig = {0}, opt = {0};
	static struct built t_orig, t_opt;
	static struct outcome o_ref, o_int, o_jit;
	unsigned reported = 0;
	size_t ops_before = 0, ops_after = 0;

	for (unsigned blk = 0; blk < n_blocks; blk++) {
		random_block(&orig);
		ir_block_reset(&opt);
		for (size_t i = 0; i < orig.n_ops; i++)
			*ir_emit(&opt, 0, 0, 0, 0, 0) = orig.ops[i];
		for (size_t i = 0; i < orig.n_calls; i++)
			ir_emit_call(&opt, orig.calls[i].fn, orig.calls[i].arg);
		opt.n_ops = orig.n_ops; /* ir_emit_call appended CALL ops */
		ir_optimize(&opt);
		ops_before += orig.n_ops;
		ops_after += opt.n_ops;
		build(&t_orig, &orig);
		build(&t_opt, &opt);
		r->eng.tbs.code.used = r->jit_used;
		if (backend_x86.prepare(&r->eng.tbs, &t_opt.tb) < 0) {
			printf("FAIL jit prepare\n");
			failed++;
			break;
		}
		bool ok = true;
		char why[160];
		const char *w = NULL;
		for (unsigned st = 0; st < 4 && ok; st++) {
			uint64_t init[RV_NUM_SLOTS];
			for (unsigned s = 0; s < RV_NUM_SLOTS; s++) {
				/* small values often, so that loads hit */
				uint64_t v = rnd();
				init[s] = rnd() % 3 ? v : v % (MEM_SIZE + 16);
			}
			init[X(0)] = 0;
			run(r, &backend_interp, &t_orig.tb, init, &o_ref);
			run(r, &backend_interp, &t_opt.tb, init, &o_int);
			run(r, &backend_x86, &t_opt.tb, init, &o_jit);
			if ((w = differ(&o_ref, &o_int, why, sizeof(why))))
				ok = false;
			else if ((w = differ(&o_ref, &o_jit, why, sizeof(why))))
				ok = false;
		}
		if (ok) {
			passed++;
			continue;
		}
		failed++;
		if (++reported <= 5) {
			printf("FAIL random block %u: %s\n  before:\n", blk, w);
			dump(&orig);
			printf("  after:\n");
			dump(&opt);
		}
	}
	printf("random blocks: %zu ops before, %zu after\n", ops_before,
	       ops_after);
	ir_block_free(&orig);
	ir_block_free(&opt);
}

int main(int argc, char **argv)
{
	unsigned n_blocks = argc > 1 ? (unsigned)atoi(argv[1]) : 50000;
	struct rig r;
	memset(&r, 0, sizeof(r));
	r.cpu = calloc(1, sizeof(*r.cpu));
	r.mem = calloc(1, MEM_SIZE);
	r.proc.mem.base = r.mem;
	r.proc.mem.size = MEM_SIZE;
	r.cpu->proc = &r.proc;
	r.cpu->eng = &r.eng;

	/* The first JIT TB creates the code arena and its stubs; each random
	 * TB then reuses the space after them. */
	static struct built first;
	struct ir_block b = {0};
	ir_emit(&b, IR_EXIT, EXIT_CODE, 0, 0, 0);
	build(&first, &b);
	ir_block_free(&b);
	if (backend_x86.prepare(&r.eng.tbs, &first.tb) < 0) {
		printf("FAIL jit prepare\n");
		return 1;
	}
	r.jit_used = r.eng.tbs.code.used;

	test_folds();
	test_random(&r, n_blocks);
	printf("%u passed, %u failed\n", passed, failed);
	tb_cache_destroy(&r.eng.tbs);
	free(r.mem);
	free(r.cpu);
	return failed != 0;
}
