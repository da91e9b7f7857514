/*
 * F/D instructions end to end through the translator (rv_emit_block) and
 * both backends, against rv_fpu_exec() on the same register file: every
 * operation of tests/guest/fp_gen.h on its random operands (biased to the
 * hard cases) in every rounding mode, with fflags starting clear (exact
 * fast paths and slow paths) or with inexact set (the round-to-nearest
 * fast paths of src/target/riscv/fpu_fast.h and the JIT's
 * src/jit/x86_64/isel_fp.c), rd aliasing rs1 or being x0; every x and f
 * register and fflags must agree.  Then the reserved rounding modes
 * (SIGILL at the instruction, nothing changed) and the fflags CSR
 * accesses the translator turns into IR ops.
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
#include "target/riscv/cpu.h"
#include "target/riscv/exec.h"
#include "target/riscv/insn.h"

#include "../guest/fp_gen.h"

static unsigned passed, failed, reported;

static const uint16_t rv_op_of[FPD_NOPS] = {
#define MAP(e, m, form, src) RV_OP_##e,
    FPD_OPS(MAP)
#undef MAP
};

static int xdest(int op)
{
	int f = fpd_info[op].form;
	return f == FPD_CMP || f == FPD_UX || f == FPD_FX_RM;
}

#define PC 0x10000

struct rig {
	struct engine eng;
	struct lu_process proc;
	struct vcpu *cpu;
	uint8_t mem[4096];
	struct ir_block ir;
};

/* A translated one-instruction block (kept: the JIT chains through it). */
struct xtb {
	struct tb tb;
	struct rv_insn insn;
	struct ir_op *ops;
	struct ir_call *calls;
};

static void xtb_free(struct xtb *t)
{
	if (t) {
		free(t->ops);
		free(t->calls);
		free(t);
	}
}

static struct xtb *translate(struct rig *r, const struct rv_insn *in)
{
	struct xtb *t = calloc(1, sizeof(*t));
	if (!t)
		abort();
	t->insn = *in;
	ir_block_reset(&r->ir);
	rv_emit_block(&r->ir, &t->insn, 1, NULL);
	t->ops = calloc(r->ir.n_ops, sizeof(*t->ops));
	t->calls = calloc(r->ir.n_calls + 1, sizeof(*t->calls));
	if (!t->ops || !t->calls)
		abort();
	memcpy(t->ops, r->ir.ops, r->ir.n_ops * sizeof(*t->ops));
	/* what translate_block's copy does with helper calls */
	for (size_t i = 0; i < r->ir.n_calls; i++) {
		t->calls[i].fn = r->ir.calls[i].fn;
		t->calls[i].arg = &t->insn;
	}
	for (size_t i = 0; i < r->ir.n_ops; i++)
		if (t->ops[i].opc == IR_CALL)
			t->ops[i].imm =
			    (int64_t)(intptr_t)&t->calls[t->ops[i].imm];
	t->tb.pc = in->pc;
	t->tb.n_insns = 1;
	t->tb.n_ops = (uint32_t)r->ir.n_ops;
	t->tb.insns = &t->insn;
	t->tb.ops = t->ops;
	t->tb.size = 4;
	if (backend_x86.prepare(&r->eng.tbs, &t->tb) < 0) {
		printf("FAIL prepare\n");
		exit(1);
	}
	return t;
}

/* Blocks by (operation, rounding-mode field, rd shape). */
enum { SHAPE_PLAIN, SHAPE_ALIAS, SHAPE_X0, N_SHAPES };
static struct xtb *cache[FPD_NOPS][8][N_SHAPES];

static void make_insn(int op, unsigned rm, int shape, struct rv_insn *in)
{
	memset(in, 0, sizeof(*in));
	in->pc = PC;
	in->len = 4;
	in->op = rv_op_of[op];
	in->cls = RV_CLASS_FP;
	in->rm = (uint8_t)(fpd_has_rm(op) ? rm : 0);
	if (fpd_info[op].src == FPD_I) {
		in->rs1 = 10;
	} else {
		in->rs1 = 1;
		in->rs2 = 2;
		in->rs3 = 3;
	}
	if (xdest(op))
		in->rd = shape == SHAPE_X0 ? 0 : shape == SHAPE_ALIAS ? 10 : 11;
	else
		in->rd =
		    shape == SHAPE_ALIAS && fpd_info[op].src != FPD_I ? 1 : 4;
}

static struct xtb *block(struct rig *r, int op, unsigned rm, int shape)
{
	struct xtb **p = &cache[op][rm & 7][shape];
	if (!*p) {
		struct rv_insn in;
		make_insn(op, rm, shape, &in);
		*p = translate(r, &in);
	}
	return *p;
}

static void fail(const char *what, int op, unsigned rm, unsigned frm,
		 unsigned preset, const struct fpd_case *c, const char *why)
{
	failed++;
	if (++reported <= 30)
		printf("FAIL %s %s rm %u frm %u fflags %02x a=%016" PRIx64
		       " b=%016" PRIx64 " c=%016" PRIx64 ": %s\n",
		       what, fpd_info[op].name, rm, frm, preset, c->a, c->b,
		       c->c, why);
}

/* One case on both backends against rv_fpu_exec; true if all agree. */
static bool run_case(struct rig *r, int op, unsigned rm, int shape,
		     unsigned frm, unsigned preset, const struct fpd_case *c)
{
	struct xtb *t = block(r, op, rm, shape);
	struct rv_cpu init, ref;
	memset(&init, 0, sizeof(init));
	for (int i = 1; i < 64; i++)
		init.slot[i] = UINT64_C(0x0123456789abcdef) * (uint64_t)i;
	init.slot[RV_SLOT_X + 10] = c->a;
	init.slot[RV_SLOT_F + 1] = c->a;
	init.slot[RV_SLOT_F + 2] = c->b;
	init.slot[RV_SLOT_F + 3] = c->c;
	init.fflags = preset;
	init.frm = frm;
	ref = init;
	int ref_rc = rv_fpu_exec(&ref, &t->insn);

	static const struct backend *const be[2] = {&backend_interp,
						    &backend_x86};
	for (int k = 0; k < 2; k++) {
		struct rv_cpu *env = &r->cpu->env;
		memcpy(env->slot, init.slot, sizeof(env->slot));
		env->fflags = init.fflags;
		env->frm = init.frm;
		int rc = be[k]->exec(r->cpu, &t->tb);
		char why[160] = "";
		if (ref_rc < 0) {
			if (rc != RV_EXIT_ILLEGAL ||
			    env->slot[RV_SLOT_PC] != PC)
				snprintf(why, sizeof(why),
					 "exit %d pc %" PRIx64 ", want SIGILL",
					 rc, env->slot[RV_SLOT_PC]);
		} else if (rc != IR_EXIT_CHAIN0 ||
			   env->slot[RV_SLOT_PC] != PC + 4) {
			snprintf(why, sizeof(why), "exit %d", rc);
		}
		for (int i = 0; i < 64 && !why[0]; i++)
			if (env->slot[i] != ref.slot[i])
				snprintf(why, sizeof(why),
					 "%c%d = %016" PRIx64
					 ", want %016" PRIx64,
					 i < 32 ? 'x' : 'f', i % 32,
					 env->slot[i], ref.slot[i]);
		if (!why[0] && env->fflags != ref.fflags)
			snprintf(why, sizeof(why), "fflags %02x, want %02x",
				 env->fflags, ref.fflags);
		if (why[0]) {
			fail(be[k]->name, op, rm, frm, preset, c, why);
			return false;
		}
	}
	return true;
}

static void test_random(struct rig *r, unsigned long n)
{
	uint64_t s = 777;
	unsigned long bad = 0;
	for (unsigned long i = 0; i < n; i++) {
		struct fpd_case c;
		fpd_gen(&s, &c, -1);
		unsigned rm = c.rmv < 5 ? (unsigned)c.rmv : RV_RM_DYN;
		/* mostly inexact already accrued, as in compiled code */
		unsigned preset = i % 4 == 0   ? 0
				  : i % 4 == 1 ? 0x1f
					       : RV_FFLAG_NX;
		int shape = (int)(i % 7 == 0   ? SHAPE_ALIAS
				  : i % 7 == 1 ? SHAPE_X0
					       : SHAPE_PLAIN);
		if (!run_case(r, c.op, rm, shape, c.frm, preset, &c))
			bad++;
	}
	if (!bad)
		passed++;
}

/* Reserved rounding modes: static 5 and 6, dyn with frm 5..7. */
static void test_illegal(struct rig *r)
{
	bool ok = true;
	for (int op = 0; op < FPD_NOPS; op++) {
		if (!fpd_has_rm(op))
			continue;
		struct fpd_case c = {.op = op,
				     .a = UINT64_C(0x3ff8000000000000),
				     .b = UINT64_C(0xffffffff3fc00000),
				     .c = 7};
		for (unsigned k = 0; k < 5; k++) {
			unsigned rm = k < 2 ? 5 + k : RV_RM_DYN;
			unsigned frm = k < 2 ? 0 : 3 + k;
			ok &= run_case(r, op, rm, SHAPE_PLAIN, frm, RV_FFLAG_NX,
				       &c);
		}
	}
	if (ok)
		passed++;
}

/* frflags, fsflags (register and immediate), csrrc/csrrs with x0. */
static void test_fflags_csr(struct rig *r)
{
	static const struct {
		uint16_t op;
		uint8_t rd, rs1;
		int64_t imm;
	} cases[] = {
	    {RV_OP_CSRRS, 5, 0, 0},  {RV_OP_CSRRC, 5, 0, 0},
	    {RV_OP_CSRRS, 0, 0, 0},  {RV_OP_CSRRW, 5, 6, 0},
	    {RV_OP_CSRRW, 0, 6, 0},  {RV_OP_CSRRW, 6, 6, 0},
	    {RV_OP_CSRRWI, 5, 0, 0}, {RV_OP_CSRRWI, 0, 0, 0x15},
	    {RV_OP_CSRRWI, 7, 0, 3}, {RV_OP_CSRRS, 5, 6, 0},
	    {RV_OP_CSRRC, 5, 6, 0},
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rv_insn in;
		memset(&in, 0, sizeof(in));
		in.pc = PC;
		in.len = 4;
		in.op = cases[i].op;
		in.cls = RV_CLASS_CSR;
		in.csr = RV_CSR_FFLAGS;
		in.rd = cases[i].rd;
		in.rs1 = cases[i].rs1;
		in.imm = cases[i].imm;
		struct xtb *t = translate(r, &in);
		for (uint64_t v = 0; v < 3; v++) {
			struct rv_cpu *env = &r->cpu->env;
			uint64_t x6 = v == 0   ? 0x1a
				      : v == 1 ? 0xffffffffffffffe5
					       : 0;
			uint32_t want_fl;
			uint64_t want_rd;
			/* csrrw/csrrwi swap, csrrs/csrrc with x0 read;
			 * csrrs/csrrc with x6 set/clear bits */
			uint32_t old = (uint32_t)(v * 7 + 3) & 0x1f;
			uint64_t src = in.op == RV_OP_CSRRWI ? (uint64_t)in.imm
				       : in.rs1		     ? x6
							     : 0;
			switch (in.op) {
			case RV_OP_CSRRW:
			case RV_OP_CSRRWI:
				want_fl = (uint32_t)src & 0x1f;
				break;
			case RV_OP_CSRRS:
				want_fl = (old | (uint32_t)src) & 0x1f;
				break;
			default:
				want_fl = old & ~(uint32_t)src & 0x1f;
				break;
			}
			want_rd = in.rd ? old : 0;
			static const struct backend *const be[2] = {
			    &backend_interp, &backend_x86};
			for (int k = 0; k < 2; k++) {
				memset(env->slot, 0, sizeof(env->slot));
				env->slot[RV_SLOT_X + 6] = x6;
				env->fflags = old;
				env->frm = 2;
				be[k]->exec(r->cpu, &t->tb);
				uint64_t got = env->slot[RV_SLOT_X + in.rd];
				if (env->fflags != want_fl || got != want_rd ||
				    env->slot[0] != 0 || env->frm != 2) {
					ok = false;
					if (++reported <= 30)
						printf("FAIL %s csr case %zu "
						       "v %" PRIu64 ": fflags "
						       "%02x rd %" PRIx64 "\n",
						       be[k]->name, i, v,
						       env->fflags, got);
				}
			}
		}
		xtb_free(t);
	}
	if (ok)
		passed++;
	else
		failed++;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 300000;
	struct rig *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	r->cpu = calloc(1, sizeof(*r->cpu));
	if (!r->cpu)
		abort();
	r->proc.mem.base = r->mem;
	r->proc.mem.size = sizeof(r->mem);
	r->cpu->proc = &r->proc;
	r->cpu->eng = &r->eng;
	test_random(r, n);
	test_illegal(r);
	test_fflags_csr(r);
	printf("%u passed, %u failed\n", passed, failed);
	for (int op = 0; op < FPD_NOPS; op++)
		for (int rm = 0; rm < 8; rm++)
			for (int sh = 0; sh < N_SHAPES; sh++)
				xtb_free(cache[op][rm][sh]);
	ir_block_free(&r->ir);
	tb_cache_destroy(&r->eng.tbs);
	free(r->cpu);
	free(r);
	return failed != 0;
}
