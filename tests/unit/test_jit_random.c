/*
 * The x86-64 JIT against the IR interpreter on random blocks under
 * register pressure: long blocks (up to 240 ops) of random computational
 * and F/D ops over every slot a translated block can touch (x1..x31,
 * f0..f31, the pc slot as a source, all IR temporaries), loads and stores
 * inside the test buffer (their address masked into range in a temporary
 * just before, as the translator computes addresses), helper calls that
 * read every slot and write some (so a value kept in a host register and
 * not written back before the call, or not reloaded after it, changes the
 * result), and, in some blocks, an early exit in the middle: a taken
 * branch, a helper returning an exit code, an access outside the guest
 * space (exit code, fault address and cur_op must agree: the precise
 * fault state), or an F/D op with a reserved rounding mode.  Both
 * backends start from the same random slots, fflags/frm and memory; all
 * slots (including the pc slot), fflags, frm, the exit code, cur_op,
 * fault_addr, insn_count and the memory must end equal.
 *
 *   test_jit_random [SEED [BLOCKS]]      (default seed 1, 20000 blocks)
 *
 * A failure prints the seed, the block number and the first difference;
 * "N passed, M failed" is the last line (one verdict per block).
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

#define MEM_SIZE 4096
#define MAX_OPS 240
#define STATES 3 /* initial states per block */
#define N_FP_OPS (IR_OP_COUNT - IR_RDFFLAGS)

static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const uint64_t vals[] = {
    0,
    1,
    2,
    31,
    32,
    63,
    64,
    0x7f,
    0x80,
    0xffff,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000,
    0x123456789abcdef0,
    0x8000000000000000,
    0x7fffffffffffffff,
    0xffffffffffffffff,
    0xffffffff80000000,
    0x3ff8000000000000,
    0xfff0000000000000,
    0xffffffff3f800000,
    0xffffffff7fc00000,
    0x7ff0000000000001,
    0x4000000000000001,
};
#define N_VALS (sizeof(vals) / sizeof(vals[0]))

static uint64_t rnd_val(void)
{
	return rnd() % 3 ? rnd() : vals[rnd() % N_VALS];
}

/* A slot any op may write: not x0 (always 0), not the pc slot (only
 * exits write it). */
static uint16_t rnd_dst(void)
{
	unsigned s = 1 + (unsigned)(rnd() % (RV_NUM_SLOTS - 2));
	return (uint16_t)(s >= RV_SLOT_PC ? s + 1 : s);
}
static uint16_t rnd_src(void)
{
	return (uint16_t)(rnd() % RV_NUM_SLOTS);
}
static uint16_t rnd_tmp(void)
{
	return (uint16_t)(RV_SLOT_TMP + rnd() % RV_NUM_TMP);
}

/* Helpers: fold every slot into one value, write it to slot d (and
 * perturb a second one); exit with code ret (pc slot set) if nonzero. */
struct mix_arg {
	uint16_t d, d2;
	int ret;
	uint64_t pc;
};
static int helper_mix(struct vcpu *cpu, const void *arg)
{
	const struct mix_arg *m = arg;
	uint64_t h = 0xcbf29ce484222325ull;
	for (int s = 0; s < RV_NUM_SLOTS; s++)
		h = (h ^ cpu->env.slot[s]) * 0x100000001b3ull;
	cpu->env.slot[m->d] = h;
	cpu->env.slot[m->d2] ^= h >> 7;
	if (m->ret) {
		cpu->env.slot[RV_SLOT_PC] = m->pc;
		return m->ret;
	}
	return 0;
}

struct rig {
	struct engine eng;
	struct lu_process proc;
	struct vcpu *cpu;
	uint8_t *mem;
};

static struct {
	struct tb tb;
	struct ir_op ops[MAX_OPS + 8];
	struct rv_insn insns[MAX_OPS + 8];
	struct ir_call calls[MAX_OPS];
	struct mix_arg args[MAX_OPS];
} t;

static unsigned n_calls;
static struct ir_op *emit(unsigned *n, unsigned opc)
{
	struct ir_op *op = &t.ops[(*n)++];
	memset(op, 0, sizeof(*op));
	op->opc = (uint16_t)opc;
	return op;
}

/* One random block; returns its op count. */
static unsigned make_block(void)
{
	memset(&t.tb, 0, sizeof(t.tb));
	n_calls = 0;
	unsigned len = 20 + (unsigned)(rnd() % (MAX_OPS - 20));
	/* where an early exit goes (maybe nowhere), and of which kind */
	unsigned exit_at = rnd() % 3 ? len + 1 : (unsigned)(rnd() % len);
	unsigned exit_kind = (unsigned)(rnd() % 4);
	unsigned n = 0, insn = 0;
	while (n < len) {
		unsigned cur = n;
		unsigned kind = (unsigned)(rnd() % 32);
		struct ir_op *op;
		if (cur >= exit_at && exit_at <= len) {
			exit_at = len + 1; /* once */
			switch (exit_kind) {
			case 0: { /* a branch, taken for some states */
				op = emit(&n, IR_BREQ + rnd() % 6);
				op->d = (uint16_t)(rnd() % 2);
				op->a = rnd_src();
				op->b = rnd() % 2 ? 0 : rnd_src();
				op->imm = (int64_t)(0x10000 + insn * 4);
				break;
			}
			case 1: { /* a helper leaving the block */
				struct mix_arg *m = &t.args[n_calls];
				*m = (struct mix_arg){rnd_dst(), rnd_dst(),
						      IR_EXIT_TARGET + 5,
						      0x20000 + insn * 4};
				t.calls[n_calls] =
				    (struct ir_call){helper_mix, m};
				op = emit(&n, IR_CALL);
				op->imm =
				    (int64_t)(intptr_t)&t.calls[n_calls++];
				break;
			}
			case 2: { /* an access outside the guest space */
				uint16_t base = rnd_tmp();
				static const uint64_t far[] = {
				    MEM_SIZE, MEM_SIZE + 4000, 1ull << 38,
				    0xdead00000000000ull,
				    0xfffffffffffffff8ull};
				op = emit(&n, IR_MOVI);
				op->d = base;
				op->imm = (int64_t)far[rnd() % 5];
				op->insn = (uint16_t)insn;
				op = emit(&n, IR_LD8S + rnd() % 12);
				op->a = base;
				if (op->opc >= IR_ST8)
					op->b = rnd_src();
				else
					op->d = rnd_dst();
				op->imm = (int64_t)(rnd() % 16);
				break;
			}
			default: { /* an F/D op with a dynamic rounding mode:
				    * a reserved frm (some states) exits */
				op = emit(&n, IR_FADD_S + rnd() % 22);
				op->d = rnd_dst();
				op->a = rnd_src();
				op->b = rnd_src();
				op->imm = rv_fpop_imm(7, rnd_src());
				break;
			}
			}
		} else if (kind == 0) { /* helper call, slots behind our back */
			struct mix_arg *m = &t.args[n_calls];
			*m = (struct mix_arg){rnd_dst(), rnd_dst(), 0, 0};
			t.calls[n_calls] = (struct ir_call){helper_mix, m};
			op = emit(&n, IR_CALL);
			op->imm = (int64_t)(intptr_t)&t.calls[n_calls++];
		} else if (kind <= 5) { /* a load or store in range */
			uint16_t addr = rnd_tmp();
			op = emit(&n, IR_ANDI);
			op->d = addr;
			op->a = rnd_src();
			op->imm = 0x7f8;
			op->insn = (uint16_t)insn;
			op = emit(&n, IR_LD8S + rnd() % 12);
			op->a = addr;
			if (op->opc >= IR_ST8)
				op->b = rnd_src();
			else
				op->d = rnd_dst();
			op->imm = (int64_t)(rnd() % 256);
		} else if (kind <= 8) { /* an F/D op, static rounding mode */
			static const unsigned rms[] = {0, 1, 2, 3, 4, 7};
			op = emit(&n, IR_RDFFLAGS + rnd() % N_FP_OPS);
			op->d = rnd_dst();
			op->a = rnd_src();
			op->b = rnd_src();
			op->imm = rv_fpop_imm(rms[rnd() % 6], rnd_src());
		} else { /* a computational op */
			op =
			    emit(&n, IR_MOVI + rnd() % (IR_NBOX - IR_MOVI + 1));
			op->d = rnd_dst();
			/* mostly recent destinations, so values flow */
			op->a =
			    cur && rnd() % 2 ? t.ops[rnd() % cur].d : rnd_src();
			op->b = rnd_src();
			op->imm = rnd() % 4 ? (int64_t)(rnd() % 4096) - 2048
					    : (int64_t)rnd_val();
			if (op->opc == IR_SHADD || op->opc == IR_SHADDUW)
				op->imm = (int64_t)(rnd() % 4);
		}
		op->insn = (uint16_t)insn;
		t.insns[insn].pc = 0x10000 + insn * 4;
		t.insns[insn].len = 4;
		insn++;
	}
	struct ir_op *ex = emit(&n, IR_EXIT);
	ex->d = 20;
	ex->imm = 0x30000;
	ex->insn = (uint16_t)(insn ? insn - 1 : 0);
	t.tb.ops = t.ops;
	t.tb.n_ops = n;
	t.tb.n_insns = insn;
	t.tb.insns = t.insns;
	t.tb.pc = 0x10000;
	return n;
}

struct state {
	uint64_t slot[RV_NUM_SLOTS];
	uint32_t fflags, frm;
	uint8_t mem[MEM_SIZE];
};

struct result {
	int rc;
	struct rv_cpu env;
	const struct ir_op *cur_op;
	uint64_t fault_addr, insn_count;
	uint8_t mem[MEM_SIZE];
};

static void run(struct rig *r, const struct backend *be, const struct state *s,
		struct result *out)
{
	struct vcpu *cpu = r->cpu;
	memcpy(cpu->env.slot, s->slot, sizeof(cpu->env.slot));
	cpu->env.fflags = s->fflags;
	cpu->env.frm = s->frm;
	memcpy(r->mem, s->mem, MEM_SIZE);
	cpu->cur_op = NULL;
	cpu->fault_addr = 0;
	cpu->insn_count = 0;
	out->rc = be->exec(cpu, &t.tb);
	memcpy(&out->env, &cpu->env, sizeof(out->env));
	out->cur_op = cpu->cur_op;
	out->fault_addr = cpu->fault_addr;
	out->insn_count = cpu->insn_count;
	memcpy(out->mem, r->mem, MEM_SIZE);
}

/* The first difference, or "" */
static void compare(const struct result *i, const struct result *j, char *why,
		    size_t size)
{
	why[0] = 0;
	if (i->rc != j->rc) {
		snprintf(why, size, "exit %d vs %d", i->rc, j->rc);
		return;
	}
	for (int s = 0; s < RV_NUM_SLOTS; s++)
		if (i->env.slot[s] != j->env.slot[s]) {
			snprintf(why, size,
				 "slot %d: interp %016" PRIx64
				 " jit %016" PRIx64,
				 s, i->env.slot[s], j->env.slot[s]);
			return;
		}
	if (i->env.fflags != j->env.fflags || i->env.frm != j->env.frm)
		snprintf(why, size, "fflags/frm %02x/%u vs %02x/%u",
			 i->env.fflags, i->env.frm, j->env.fflags, j->env.frm);
	/* cur_op names the op of a fault; after other exits it means
	 * nothing (the JIT does not keep it on the fast path) */
	else if (i->rc == IR_EXIT_MEMFAULT && i->cur_op != j->cur_op)
		snprintf(why, size, "cur_op: op %td vs %td",
			 i->cur_op ? i->cur_op - t.ops : -1,
			 j->cur_op ? j->cur_op - t.ops : -1);
	else if (i->fault_addr != j->fault_addr)
		snprintf(why, size, "fault_addr %" PRIx64 " vs %" PRIx64,
			 i->fault_addr, j->fault_addr);
	else if (i->insn_count != j->insn_count)
		snprintf(why, size, "insn_count %" PRIu64 " vs %" PRIu64,
			 i->insn_count, j->insn_count);
	else if (memcmp(i->mem, j->mem, MEM_SIZE)) {
		int k = 0;
		while (i->mem[k] == j->mem[k])
			k++;
		snprintf(why, size, "memory differs at %d", k);
	}
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	unsigned blocks =
	    argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 20000;
	static struct rig r;
	r.cpu = calloc(1, sizeof(*r.cpu));
	r.mem = calloc(1, MEM_SIZE);
	r.proc.mem.base = r.mem;
	r.proc.mem.size = MEM_SIZE;
	r.cpu->proc = &r.proc;
	r.cpu->eng = &r.eng;
	rng = seed * 0x9e3779b97f4a7c15ull + 1;

	static struct state st;
	static struct result ri, rj;
	unsigned passed = 0, failed = 0, early[3] = {0, 0, 0};
	for (unsigned b = 0; b < blocks; b++) {
		make_block();
		if (backend_x86.prepare(&r.eng.tbs, &t.tb) < 0) {
			printf("FAIL seed %" PRIu64 " block %u: prepare\n",
			       seed, b);
			failed++;
			continue;
		}
		char why[160] = "";
		for (int k = 0; k < STATES && !why[0]; k++) {
			for (int s = 0; s < RV_NUM_SLOTS; s++)
				st.slot[s] = rnd_val();
			st.slot[0] = 0;
			st.fflags = (uint32_t)(rnd() % 2 ? 1 : rnd() % 32);
			st.frm = (uint32_t)(rnd() % 4 ? rnd() % 5 : rnd() % 8);
			for (int i = 0; i < MEM_SIZE; i++)
				st.mem[i] = (uint8_t)rnd();
			run(&r, &backend_interp, &st, &ri);
			run(&r, &backend_x86, &st, &rj);
			compare(&ri, &rj, why, sizeof(why));
			early[ri.rc == 20		  ? 0
			      : ri.rc == IR_EXIT_MEMFAULT ? 1
							  : 2]++;
			if (why[0])
				printf("FAIL seed %" PRIu64
				       " block %u state %d "
				       "(%u ops): %s\n",
				       seed, b, k, t.tb.n_ops, why);
		}
		if (why[0] && getenv("LOUPE_TEST_DUMP")) {
			/* the failing block, for debugging */
			char text[128];
			for (uint32_t i = 0; i < t.tb.n_ops; i++) {
				ir_format_op(&t.tb.ops[i], text, sizeof(text));
				printf("  %3u: %s\n", i, text);
			}
			backend_x86.log_host(stdout, &t.tb);
		}
		if (why[0])
			failed++;
		else
			passed++;
		/* the code cache fills up: start again now and then */
		if (b % 500 == 499) {
			tb_cache_destroy(&r.eng.tbs);
			memset(&r.eng.tbs, 0, sizeof(r.eng.tbs));
		}
	}
	printf("seed %" PRIu64 ": %u runs to the end, %u memory faults, %u "
	       "other early exits\n",
	       seed, early[0], early[1], early[2]);
	if (early[0] == 0 || early[1] == 0 || early[2] == 0) {
		printf("FAIL seed %" PRIu64 ": some kind of exit never taken\n",
		       seed);
		failed++;
	}
	printf("%u passed, %u failed\n", passed, failed);
	tb_cache_destroy(&r.eng.tbs);
	free(r.mem);
	free(r.cpu);
	return failed != 0;
}
