/*
 * translate_block(): the translation pipeline, one visible function:
 * decode -> (plugins see the block) -> emit IR -> optimize -> backend.
 * -d op logs the IR as emitted (a copy kept only for the log), -d op_opt
 * the optimized IR that the backend runs.
 * The result is copied into the TB arena as one allocation: the TB header,
 * the instruction descriptors, the ops and the helper-call records.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/tb.h"
#include "core/vcpu.h"
#include "linux-user/process.h"
#include "plugin/plugin.h"
#include "target/riscv/exec.h"

/* The helper-call records follow the ops in the TB's allocation
 * (copy_to_arena). */
static const struct ir_call *tb_calls(const struct tb *tb)
{
	return (const struct ir_call *)(tb->ops + tb->n_ops);
}

/* One IR listing; ops still in ir_block form (CALL imm an index into the
 * calls) are shown with the TB's call record, as the TB's own ops are. */
static void log_ops(FILE *f, const struct tb *tb, const char *heading,
		    const struct ir_op *ops, size_t n, bool call_index)
{
	char text[128];
	fprintf(f, "%s\n", heading);
	uint32_t insn = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		struct ir_op op = ops[i];
		if (op.insn != insn) {
			insn = op.insn;
			fprintf(f, " ---- 0x%016" PRIx64 "\n",
				tb->insns[insn].pc);
		}
		if (call_index && op.opc == IR_CALL)
			op.imm = (int64_t)(intptr_t)&tb_calls(tb)[op.imm];
		ir_format_op(&op, text, sizeof(text));
		fprintf(f, " %s\n", text);
	}
	fprintf(f, "\n");
}

/* unopt: the block's ops before ir_optimize() (for -d op), or NULL. */
static void log_block(struct vcpu *cpu, const struct tb *tb,
		      const struct ir_op *unopt, size_t n_unopt)
{
	struct engine *eng = cpu->eng;
	FILE *f = eng->logf;
	char text[128];
	if (eng->log & LOG_IN_ASM) {
		const char *sym =
		    lu_symbols_lookup(&cpu->proc->symbols, tb->pc);
		fprintf(f, "----------------\nIN: %s\n", sym ? sym : "");
		for (uint32_t i = 0; i < tb->n_insns; i++) {
			const struct rv_insn *in = &tb->insns[i];
			rv_disasm(in, text, sizeof(text));
			char hex[16];
			snprintf(hex, sizeof(hex),
				 in->len == 2 ? "%04x" : "%08x", in->raw);
			fprintf(f, "0x%016" PRIx64 ":  %-8s  %s\n", in->pc, hex,
				text);
		}
		fprintf(f, "\n");
	}
	/* QEMU's headings: the IR as emitted, then as the backend gets it. */
	if ((eng->log & LOG_OP) && unopt)
		log_ops(f, tb, "OP:", unopt, n_unopt, true);
	if (eng->log & LOG_OP_OPT)
		log_ops(f, tb,
			"OP after optimization and liveness analysis:", tb->ops,
			tb->n_ops, false);
	if ((eng->log & LOG_OUT_ASM) && eng->backend->log_host) {
		eng->backend->log_host(f, tb);
		fprintf(f, "\n");
	}
}

/* A copy of the block's ops as emitted, for -d op (NULL without it). */
static struct ir_op *keep_unoptimized(const struct engine *eng,
				      const struct ir_block *b, size_t *n)
{
	*n = 0;
	if (!(eng->log & LOG_OP))
		return NULL;
	struct ir_op *ops = malloc(b->n_ops * sizeof(*ops));
	if (!ops) {
		fprintf(stderr, "loupe: out of memory\n");
		abort();
	}
	memcpy(ops, b->ops, b->n_ops * sizeof(*ops));
	*n = b->n_ops;
	return ops;
}

static struct tb *copy_to_arena(struct vcpu *cpu, const struct rv_insn *insns,
				int n, uint64_t pc, uint32_t flags)
{
	struct tb_cache *tbs = &cpu->eng->tbs;
	const struct ir_block *b = &cpu->ir;
	size_t insns_off = (sizeof(struct tb) + 15) & ~(size_t)15;
	size_t ops_off = insns_off + (size_t)n * sizeof(struct rv_insn);
	size_t calls_off = ops_off + b->n_ops * sizeof(struct ir_op);
	size_t size = calls_off + b->n_calls * sizeof(struct ir_call);
	uint8_t *mem = tb_alloc(tbs, size);
	if (!mem)
		return NULL;
	struct tb *tb = (struct tb *)mem;
	memset(tb, 0, sizeof(*tb));
	tb->pc = pc;
	tb->flags = flags;
	tb->n_insns = (uint32_t)n;
	tb->n_ops = (uint32_t)b->n_ops;
	tb->insns = (struct rv_insn *)(mem + insns_off);
	tb->ops = (struct ir_op *)(mem + ops_off);
	struct ir_call *calls = (struct ir_call *)(mem + calls_off);
	memcpy(tb->insns, insns, (size_t)n * sizeof(struct rv_insn));
	memcpy(tb->ops, b->ops, b->n_ops * sizeof(struct ir_op));
	for (size_t i = 0; i < b->n_calls; i++) {
		calls[i].fn = b->calls[i].fn;
		calls[i].arg = &tb->insns[(uintptr_t)b->calls[i].arg];
	}
	for (uint32_t i = 0; i < tb->n_ops; i++)
		if (tb->ops[i].opc == IR_CALL)
			tb->ops[i].imm =
			    (int64_t)(intptr_t)&calls[tb->ops[i].imm];
	const struct rv_insn *last = &insns[n - 1];
	tb->size = last->pc + last->len - pc;
	return tb;
}

struct tb *translate_block(struct vcpu *cpu, uint64_t pc, uint32_t flags)
{
	struct engine *eng = cpu->eng;
	struct tb_cache *tbs = &eng->tbs;
	struct rv_insn insns[RV_MAX_BLOCK_INSNS];
	int max = eng->one_insn_per_tb ? 1 : RV_MAX_BLOCK_INSNS;

	int n =
	    rv_decode_block(&cpu->proc->mem, pc, insns, max, &cpu->fault_addr);
	if (n == 0)
		return NULL;
	/* Pass 1: plugins see the whole decoded block and register their
	 * instrumentation (nothing happens without a plugin). */
	cpu->in_translation = true;
	struct plugin_block *pb = plugin_translate(cpu, insns, n);
	cpu->in_translation = false;
	/* Pass 2: IR with the instrumentation in place. */
	ir_block_reset(&cpu->ir);
	rv_emit_block(&cpu->ir, insns, n, pb);
	plugin_gen_end(pb);
	size_t n_unopt;
	struct ir_op *unopt = keep_unoptimized(eng, &cpu->ir, &n_unopt);
	/* Pass 3: the optimizer (src/ir/opt.c); the backend gets its IR. */
	ir_optimize(&cpu->ir);
	struct tb *tb = copy_to_arena(cpu, insns, n, pc, flags);
	/* The caller made sure a block's worth of TB arena and of host code
	 * space (TB_CODE_RESERVE) is free; a JIT block bigger than that
	 * (thousands of ops) is out of memory too. */
	if (!tb || eng->backend->prepare(tbs, tb) < 0) {
		fprintf(stderr, "loupe: out of translation cache memory\n");
		abort();
	}
	tb_insert(tbs, tb);
	if (eng->log & (LOG_IN_ASM | LOG_OP | LOG_OP_OPT | LOG_OUT_ASM))
		log_block(cpu, tb, unopt, n_unopt);
	free(unopt);
	return tb;
}
