/*
 * The x86-64 JIT against the IR interpreter, op by op: every computational
 * op on edge-case operands and immediates (zero, ±1, the 32- and 64-bit
 * extremes, shift counts around 31/32/63/64, immediates that do and do not
 * fit 32 bits), with the destination aliasing either source; loads and
 * stores of every width in range and outside the guest space (the exit
 * code, fault address and, on a fault, cur_op must agree); every branch taken
 * and not taken (exit code and pc); the F/D ops (src/ir/ops.h) on
 * floating-point edge cases in every rounding mode with fflags clear or inexact
 * already set, and frm legal or reserved.  Both backends run the same hand-made
 * TB on a vCPU whose slots, fflags and frm start equal; all must end equal.
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
#include "target/riscv/fpu_fast.h"

/* The ops from RDFFLAGS to the end of the table: fflags access and the
 * F/D ops with rounding or flags. */
#define N_FP_OPS (IR_OP_COUNT - IR_RDFFLAGS)
#define MAX_FP_INSNS 64
/* Descriptors of the test blocks' instructions (all zero: pc 0), where a
 * reserved rounding mode finds the pc of its SIGILL. */
static struct rv_insn fp_insns[MAX_FP_INSNS];

/* Counted per TB (one op with all its operand values), not per run. */
static unsigned passed, failed, run_failures;
static bool tb_failed;

/* The verdict on the TB just run with all its inputs. */
static void tally(void)
{
	if (tb_failed)
		failed++;
	else
		passed++;
	tb_failed = false;
}

static const uint64_t vals[] = {
    0,
    1,
    2,
    3,
    31,
    32,
    63,
    64,
    0x7f,
    0x80,
    0xff,
    0x7fff,
    0x8000,
    0xffff,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000,
    0x123456789abcdef0,
    0x8000000000000000,
    0x7fffffffffffffff,
    0xffffffffffffffff,
    0xfffffffffffffffe,
    0xffffffff80000000,
    0xffffffff7fffffff,
    0x00000000ffff0000,
    0xdeadbeefcafebabe,
    /* floating point: 1.5, -inf, a NaN-boxed 1.0f, the canonical single
     * NaN, a double sNaN */
    0x3ff8000000000000,
    0xfff0000000000000,
    0xffffffff3f800000,
    0xffffffff7fc00000,
    0x7ff0000000000001,
};
#define N_VALS (sizeof(vals) / sizeof(vals[0]))

static const int64_t imms[] = {
    0,	1,   2,	  3,   -1,	   31,		32,	    33,
    63, 64,  127, -64, 0x7ff,	   -0x800,	0x7fffffff, -0x80000000LL,
    65, -33, 5,	  12,  0x12345678, 0x123456789, INT64_MIN,  0x80000000LL,
};
#define N_IMMS (sizeof(imms) / sizeof(imms[0]))

struct rig {
	struct engine eng;
	struct lu_process proc;
	struct vcpu *cpu;
	uint8_t *mem;
};

#define MEM_SIZE 4096
#define EXIT_CODE 20
#define EXIT_PC 0x1234

static void rig_init(struct rig *r)
{
	memset(r, 0, sizeof(*r));
	r->cpu = calloc(1, sizeof(*r->cpu));
	r->mem = calloc(1, MEM_SIZE);
	r->proc.mem.base = r->mem;
	r->proc.mem.size = MEM_SIZE;
	r->cpu->proc = &r->proc;
	r->cpu->eng = &r->eng;
}

/* A TB of one op followed by EXIT. */
struct test_tb {
	struct tb tb;
	struct ir_op ops[2];
};

static void make_tb(struct test_tb *t, const struct ir_op *op)
{
	memset(t, 0, sizeof(*t));
	t->ops[0] = *op;
	t->ops[1] =
	    (struct ir_op){.opc = IR_EXIT, .d = EXIT_CODE, .imm = EXIT_PC};
	t->tb.ops = t->ops;
	t->tb.n_ops = 2;
	t->tb.n_insns = 1;
}

/* Run the op on both backends from the same slots; compare. */
static bool with_mem; /* reset and compare guest memory (mem tests) */
static uint32_t init_fflags, init_frm; /* the FP state both start with */

static void run_both(struct rig *r, struct tb *tb, const uint64_t *init,
		     const char *what)
{
	static struct vcpu ref;
	struct vcpu *cpu = r->cpu;
	static uint8_t mem_ref[MEM_SIZE];

	memcpy(cpu->env.slot, init, sizeof(cpu->env.slot));
	cpu->cur_op = NULL;
	cpu->fault_addr = 0;
	for (int i = 0; with_mem && i < MEM_SIZE; i++)
		r->mem[i] = (uint8_t)(i * 7 + 3);
	cpu->env.fflags = init_fflags;
	cpu->env.frm = init_frm;
	int rc_i = backend_interp.exec(cpu, tb);
	memcpy(&ref.env, &cpu->env, sizeof(ref.env));
	ref.cur_op = cpu->cur_op;
	ref.fault_addr = cpu->fault_addr;
	memcpy(mem_ref, r->mem, MEM_SIZE);

	memcpy(cpu->env.slot, init, sizeof(cpu->env.slot));
	cpu->cur_op = NULL;
	cpu->fault_addr = 0;
	for (int i = 0; with_mem && i < MEM_SIZE; i++)
		r->mem[i] = (uint8_t)(i * 7 + 3);
	cpu->env.fflags = init_fflags;
	cpu->env.frm = init_frm;
	int rc_j = backend_x86.exec(cpu, tb);

	char why[160] = "";
	if (rc_i != rc_j)
		snprintf(why, sizeof(why), "exit %d vs %d", rc_i, rc_j);
	for (int s = 0; s < RV_NUM_SLOTS && !why[0]; s++)
		if (ref.env.slot[s] != cpu->env.slot[s])
			snprintf(why, sizeof(why),
				 "slot %d: interp %016" PRIx64
				 " jit %016" PRIx64,
				 s, ref.env.slot[s], cpu->env.slot[s]);
	if (!why[0] &&
	    (ref.env.fflags != cpu->env.fflags || ref.env.frm != cpu->env.frm))
		snprintf(why, sizeof(why), "fflags %02x vs %02x",
			 ref.env.fflags, cpu->env.fflags);
	/* cur_op names the faulting op; after other exits it means nothing
	 * (the JIT does not keep it on the fast path) */
	if (!why[0] && rc_i == IR_EXIT_MEMFAULT && ref.cur_op != cpu->cur_op)
		snprintf(why, sizeof(why), "cur_op differs");
	if (!why[0] && ref.fault_addr != cpu->fault_addr)
		snprintf(why, sizeof(why), "fault_addr differs");
	if (!why[0] && memcmp(mem_ref, r->mem, MEM_SIZE))
		snprintf(why, sizeof(why), "memory differs");
	if (!why[0])
		return;
	tb_failed = true;
	if (++run_failures <= 50)
		printf("FAIL %s: %s\n", what, why);
}

static int prepare(struct rig *r, struct test_tb *t)
{
	if (backend_x86.prepare(&r->eng.tbs, &t->tb) < 0) {
		printf("FAIL prepare\n");
		failed++;
		return -1;
	}
	return 0;
}

enum { SD = 70, SA = 71, SB = 72 };

static void test_alu(struct rig *r)
{
	for (unsigned opc = IR_MOVI; opc <= IR_NBOX; opc++) {
		/* d, a, b distinct, then d aliasing a, then b, then a == b */
		static const uint16_t shapes[][3] = {
		    {SD, SA, SB}, {SA, SA, SB}, {SB, SA, SB}, {SD, SA, SA}};
		for (unsigned sh = 0; sh < 4; sh++) {
			for (unsigned k = 0; k < N_IMMS; k++) {
				int64_t imm = imms[k];
				if ((opc == IR_SHADD || opc == IR_SHADDUW) &&
				    (imm < 0 || imm > 3))
					continue;
				struct test_tb t;
				struct ir_op op = {.opc = (uint16_t)opc,
						   .d = shapes[sh][0],
						   .a = shapes[sh][1],
						   .b = shapes[sh][2],
						   .imm = imm};
				make_tb(&t, &op);
				if (prepare(r, &t) < 0)
					return;
				char what[96];
				uint64_t init[RV_NUM_SLOTS];
				for (int s = 0; s < RV_NUM_SLOTS; s++)
					init[s] = 0x1111111111111111ull * s;
				init[0] = 0;
				for (unsigned i = 0; i < N_VALS; i++) {
					for (unsigned j = 0; j < N_VALS; j++) {
						init[SA] = vals[i];
						init[SB] = vals[j];
						snprintf(what, sizeof(what),
							 "%s shape %u imm "
							 "%" PRId64
							 " a %" PRIx64
							 " b %" PRIx64,
							 ir_op_name(opc), sh,
							 imm, vals[i], vals[j]);
						run_both(r, &t.tb, init, what);
					}
				}
			}
		}
		tally();
	}
}

static void test_mem(struct rig *r)
{
	static const unsigned opcs[] = {IR_LD8S,  IR_LD8U,  IR_LD16S,  IR_LD16U,
					IR_LD32S, IR_LD32U, IR_LD32NB, IR_LD64,
					IR_ST8,	  IR_ST16,  IR_ST32,   IR_ST64};
	static const uint64_t addrs[] = {0,
					 1,
					 7,
					 100,
					 MEM_SIZE - 8,
					 MEM_SIZE - 4,
					 MEM_SIZE - 2,
					 MEM_SIZE - 1,
					 MEM_SIZE,
					 MEM_SIZE + 100,
					 0xffffffffffffffff,
					 0xfffffffffffffff8,
					 0x8000000000000000};
	static const int64_t offs[] = {0, 1, -1, 8, -8, 2047, -2048, 4096};
	for (unsigned o = 0; o < sizeof(opcs) / sizeof(opcs[0]); o++) {
		for (unsigned k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
			bool st = opcs[o] >= IR_ST8;
			struct ir_op op = {.opc = (uint16_t)opcs[o],
					   .d = st ? 0 : SD,
					   .a = SA,
					   .b = st ? SB : 0,
					   .imm = offs[k]};
			struct test_tb t;
			make_tb(&t, &op);
			if (prepare(r, &t) < 0)
				return;
			uint64_t init[RV_NUM_SLOTS] = {0};
			init[SB] = 0x8899aabbccddeeffull;
			for (unsigned i = 0;
			     i < sizeof(addrs) / sizeof(addrs[0]); i++) {
				init[SA] = addrs[i];
				char what[96];
				snprintf(what, sizeof(what),
					 "%s [%" PRIx64 "%+" PRId64 "]",
					 ir_op_name(opcs[o]), addrs[i],
					 offs[k]);
				run_both(r, &t.tb, init, what);
			}
			tally();
		}
	}
}

static void test_branches(struct rig *r)
{
	for (unsigned opc = IR_BREQ; opc <= IR_BRGEU; opc++) {
		for (unsigned chain = 0; chain < 2; chain++) {
			struct ir_op op = {.opc = (uint16_t)opc,
					   .d = (uint16_t)chain,
					   .a = SA,
					   .b = SB,
					   .imm = 0x5678};
			struct test_tb t;
			make_tb(&t, &op);
			if (prepare(r, &t) < 0)
				return;
			uint64_t init[RV_NUM_SLOTS] = {0};
			for (unsigned i = 0; i < N_VALS; i++) {
				for (unsigned j = 0; j < N_VALS; j++) {
					init[SA] = vals[i];
					init[SB] = vals[j];
					char what[96];
					snprintf(what, sizeof(what),
						 "%s %" PRIx64 " %" PRIx64,
						 ir_op_name(opc), vals[i],
						 vals[j]);
					run_both(r, &t.tb, init, what);
				}
			}
			tally();
		}
	}
	/* GOTO_PTR and an EXIT with a pc that needs 64 bits */
	struct ir_op gp = {.opc = IR_GOTO_PTR, .a = SA};
	struct test_tb t;
	make_tb(&t, &gp);
	if (prepare(r, &t) < 0)
		return;
	uint64_t init[RV_NUM_SLOTS] = {0};
	init[SA] = 0xfedcba9876543210ull;
	run_both(r, &t.tb, init, "GOTO_PTR");
	tally();
	struct ir_op ex = {.opc = IR_EXIT, .d = 17, .imm = INT64_MIN + 6};
	make_tb(&t, &ex);
	if (prepare(r, &t) < 0)
		return;
	run_both(r, &t.tb, init, "EXIT");
	tally();
}

/* A helper CALL that writes a slot behind the JIT's back (as FP helpers
 * and plugin callbacks do): values cached in host registers must not
 * survive it. */
static int helper_poke(struct vcpu *cpu, const void *arg)
{
	(void)arg;
	cpu->env.slot[SA] = cpu->env.slot[SA] * 3 + 1;
	cpu->env.slot[SD] ^= 0x5555;
	return 0;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Random blocks of several ops over a few slots (so ops read what earlier
 * ops wrote), with helper calls and memory accesses mixed in. */
static void test_sequences(struct rig *r)
{
	static const uint16_t slots[] = {SD, SA, SB, 73, 74};
	static const struct ir_call poke = {helper_poke, NULL};
	enum { MAX_OPS = 24 };
	for (int n = 0; n < 20000; n++) {
		struct {
			struct tb tb;
			struct ir_op ops[MAX_OPS + 1];
		} t;
		memset(&t, 0, sizeof(t));
		unsigned len = 2 + (unsigned)(rnd() % (MAX_OPS - 1));
		for (unsigned i = 0; i < len; i++) {
			struct ir_op *op = &t.ops[i];
			unsigned kind = (unsigned)(rnd() % 16);
			op->d = slots[rnd() % 5];
			op->a = slots[rnd() % 5];
			op->b = slots[rnd() % 5];
			op->imm = imms[rnd() % N_IMMS];
			op->insn = (uint16_t)i;
			if (kind == 0) {
				op->opc = IR_CALL;
				op->imm = (int64_t)(intptr_t)&poke;
			} else if (kind == 1) {
				op->opc = (uint16_t)(IR_LD8S + rnd() % 12);
				op->imm = (int64_t)(rnd() % 64);
				op->a = 75; /* an in-range base address */
			} else {
				op->opc =
				    (uint16_t)(IR_MOVI +
					       rnd() % (IR_NBOX - IR_MOVI + 1));
				if (op->opc == IR_SHADD ||
				    op->opc == IR_SHADDUW)
					op->imm = (int64_t)(rnd() % 4);
				if (kind == 2 || kind == 3) {
					/* an F/D op, rm 0..7 (5 and 6
					 * reserved), c one of the slots */
					op->opc = (uint16_t)(IR_RDFFLAGS +
							     rnd() % N_FP_OPS);
					op->imm =
					    rv_fpop_imm((unsigned)(rnd() % 8),
							slots[rnd() % 5]);
				}
			}
		}
		t.ops[len] = (struct ir_op){
		    .opc = IR_EXIT, .d = EXIT_CODE, .imm = EXIT_PC};
		t.tb.ops = t.ops;
		t.tb.n_ops = len + 1;
		t.tb.insns = fp_insns; /* the pc of a reserved-mode SIGILL */
		if (backend_x86.prepare(&r->eng.tbs, &t.tb) < 0) {
			printf("FAIL prepare\n");
			failed++;
			return;
		}
		uint64_t init[RV_NUM_SLOTS] = {0};
		for (int k = 0; k < 4; k++) {
			for (unsigned i = 0; i < 5; i++)
				init[slots[i]] = vals[rnd() % N_VALS];
			init_fflags = (uint32_t)(rnd() % 2 ? 1 : rnd() % 32);
			init_frm = (uint32_t)(rnd() % 3 ? 0 : rnd() % 8);
			init[75] = rnd() % (MEM_SIZE - 128);
			char what[64];
			snprintf(what, sizeof(what), "sequence %d", n);
			run_both(r, &t.tb, init, what);
		}
		if (n % 500 == 499) /* one verdict per 500 blocks */
			tally();
	}
}

/* Operands of the F/D tests: doubles and NaN-boxed singles around the
 * boundaries of the fast paths (zeros, the smallest normals, subnormals,
 * the overflow edge, integers near 2^24/2^31/2^53/2^63, infinities, NaNs),
 * broken NaN boxes and plain integers (the fcvt from x registers). */
static const uint64_t fvals[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
    0xbff8000000000000, 0x4000000000000001, 0x3fe0000000000000,
    0x0010000000000000, 0x0020000000000000, 0x000fffffffffffff,
    0x7fefffffffffffff, 0x7fe0000000000000, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff8000000000000, 0x7ff0000000000001,
    0x41dfffffffc00000, 0xc1e0000000000000, 0x43e0000000000000,
    0x4340000000000001, 0x3c90000000000000, 0xffffffff00000000,
    0xffffffff80000000, 0xffffffff3f800000, 0xffffffffbfc00000,
    0xffffffff00800000, 0xffffffff01000000, 0xffffffff007fffff,
    0xffffffff7f7fffff, 0xffffffff7f800000, 0xffffffff7fc00000,
    0xffffffff7f800001, 0xffffffff4effffff, 0xffffffff5f000000,
    0x000000003f800000, 0x0000000001000001, 0xffffffffff000001,
    0x0020000000000001, 0x7fffffffffffffff, 0x0000000000000003,
};
#define N_FVALS (sizeof(fvals) / sizeof(fvals[0]))

/* Every F/D op (and RDFFLAGS/WRFFLAGS), in every rounding mode (5, 6 and
 * dyn with a reserved frm leave with SIGILL), with fflags clear or
 * inexact set, d distinct from or equal to a, on all pairs of fvals (c
 * takes a few). */
static void test_fp(struct rig *r)
{
	static const uint32_t fl_init[] = {0, 1, 0x1e};
	static const uint32_t frm_init[] = {0, 1, 4, 6};
	enum { SC = 73 };
	for (unsigned opc = IR_RDFFLAGS; opc < IR_RDFFLAGS + N_FP_OPS; opc++) {
		for (unsigned rm = 0; rm < 8; rm++) {
			for (unsigned alias = 0; alias < 2; alias++) {
				struct ir_op op = {.opc = (uint16_t)opc,
						   .d = alias ? SA : SD,
						   .a = SA,
						   .b = SB,
						   .imm = rv_fpop_imm(rm, SC)};
				struct test_tb t;
				make_tb(&t, &op);
				t.tb.insns = fp_insns;
				if (prepare(r, &t) < 0)
					return;
				uint64_t init[RV_NUM_SLOTS];
				for (int s = 0; s < RV_NUM_SLOTS; s++)
					init[s] = 0x1111111111111111ull * s;
				init[0] = 0;
				for (unsigned i = 0; i < N_FVALS; i++) {
					for (unsigned j = 0; j < N_FVALS; j++) {
						unsigned f = (i + j) % 3;
						unsigned m = (i * 7 + j) % 4;
						init_fflags = fl_init[f];
						init_frm = frm_init[m];
						init[SA] = fvals[i];
						init[SB] = fvals[j];
						init[SC] = fvals[(i + 2 * j) %
								 N_FVALS];
						char what[128];
						snprintf(
						    what, sizeof(what),
						    "%s rm %u alias %u "
						    "fflags %x frm %u a "
						    "%" PRIx64 " b %" PRIx64,
						    ir_op_name(opc), rm, alias,
						    init_fflags, init_frm,
						    fvals[i], fvals[j]);
						run_both(r, &t.tb, init, what);
					}
				}
				tally();
			}
		}
	}
	init_fflags = init_frm = 0;
}

int main(void)
{
	struct rig r;
	rig_init(&r);
	test_alu(&r);
	with_mem = true;
	test_mem(&r);
	with_mem = false;
	test_branches(&r);
	test_fp(&r);
	with_mem = true;
	test_sequences(&r);
	printf("%u passed, %u failed\n", passed, failed);
	tb_cache_destroy(&r.eng.tbs);
	free(r.mem);
	free(r.cpu);
	return failed != 0;
}
