/*
 * Instrumentation: pass 1 (plugins see the decoded block and register
 * callbacks and inline ops on it) and pass 2 (those registrations become IR
 * ops around the guest instructions), and the run-time side the ops call.
 *
 * Order (as QEMU >= 9): a block's items run before its first instruction,
 * an instruction's exec items before it, its mem items after each access,
 * each array in registration order with callbacks, conditional callbacks
 * and inline ops mixed.  Records for the ops live in a chunk allocator
 * freed when the translation cache is flushed, so they live exactly as long
 * as the TBs that point to them.
 */
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/vcpu.h"
#include "plugin/internal.h"
#include "target/riscv/cpu.h"

/* meminfo: bits 0-3 size shift, 4 sign-extended, 5 big-endian, 6 store */
#define MI_SIGN 0x10u
#define MI_STORE 0x40u

struct dcb_list {
	uint64_t pc; /* guest pc of the instruction (or block) */
	uint32_t info;
	uint32_t n;
	struct dcb v[];
};

/* ---- record allocation (freed at flush) ---- */

struct chunk {
	struct chunk *next;
	size_t used, size;
	unsigned char data[];
};
static struct chunk *chunks;
static pthread_mutex_t chunk_lock = PTHREAD_MUTEX_INITIALIZER;

static void *rec_alloc(size_t size)
{
	size = (size + 15) & ~(size_t)15;
	pthread_mutex_lock(&chunk_lock);
	if (!chunks || chunks->size - chunks->used < size) {
		size_t csize = size > 65536 ? size : 65536;
		struct chunk *c = malloc(sizeof(*c) + csize);
		if (!c)
			abort();
		c->next = chunks;
		c->used = 0;
		c->size = csize;
		chunks = c;
	}
	void *p = chunks->data + chunks->used;
	chunks->used += size;
	pthread_mutex_unlock(&chunk_lock);
	return p;
}

void plugin_gen_flush(void)
{
	pthread_mutex_lock(&chunk_lock);
	while (chunks) {
		struct chunk *c = chunks;
		chunks = c->next;
		free(c);
	}
	pthread_mutex_unlock(&chunk_lock);
}

void dcb_push(struct dcb_vec *vec, const struct dcb *d)
{
	if (vec->n == vec->cap) {
		vec->cap = vec->cap ? vec->cap * 2 : 4;
		vec->v = realloc(vec->v, (size_t)vec->cap * sizeof(*vec->v));
	}
	vec->v[vec->n++] = *d;
}

/* ---- pass 1 ---- */

_Thread_local struct qemu_plugin_tb *plugin_trans_tb;

struct plugin_block *plugin_translate(struct vcpu *cpu, struct rv_insn *insns,
				      int n)
{
	if (!plugin_core.n_ev[EV_TB_TRANS])
		return NULL;
	struct qemu_plugin_tb *tb = calloc(1, sizeof(*tb));
	tb->cpu = cpu;
	tb->vaddr = insns[0].pc;
	tb->n = n;
	tb->insns = calloc((size_t)n, sizeof(*tb->insns));
	for (int i = 0; i < n; i++) {
		tb->insns[i].d = &insns[i];
		tb->insns[i].tb = tb;
	}
	tb->in_trans = true;
	struct qemu_plugin_tb *prev_tb = plugin_trans_tb;
	plugin_trans_tb = tb;
	plugin_lock();
	int cnt = plugin_core.n_ev[EV_TB_TRANS];
	struct plugin_event_cb copy[cnt ? cnt : 1];
	memcpy(copy, plugin_core.ev[EV_TB_TRANS], (size_t)cnt * sizeof(*copy));
	plugin_unlock();
	struct vcpu *prev = plugin_current_vcpu();
	int prev_flags = cpu->plugin_flags;
	plugin_set_current(cpu);
	cpu->plugin_flags = QEMU_PLUGIN_CB_RW_REGS;
	for (int i = cnt - 1; i >= 0; i--)
		((qemu_plugin_vcpu_tb_trans_cb_t)copy[i].fn)(tb, copy[i].ud);
	cpu->plugin_flags = prev_flags;
	plugin_set_current(prev);
	plugin_trans_tb = prev_tb;
	tb->in_trans = false;
	return (struct plugin_block *)tb;
}

void plugin_gen_end(struct plugin_block *pb)
{
	struct qemu_plugin_tb *tb = (struct qemu_plugin_tb *)pb;
	if (!tb)
		return;
	for (int i = 0; i < tb->n; i++) {
		free(tb->insns[i].exec.v);
		free(tb->insns[i].mem.v);
	}
	free(tb->exec.v);
	free(tb->insns);
	free(tb);
}

/* ---- pass 2 ---- */

static struct dcb_list *make_list(const struct dcb *v, int n, uint64_t pc,
				  uint32_t info)
{
	struct dcb_list *l =
	    rec_alloc(sizeof(*l) + (size_t)n * sizeof(struct dcb));
	l->pc = pc;
	l->info = info;
	l->n = (uint32_t)n;
	memcpy(l->v, v, (size_t)n * sizeof(struct dcb));
	return l;
}

static void gen_exec(struct ir_block *b, const struct dcb_vec *vec, uint64_t pc)
{
	if (!vec->n)
		return;
	if (vec->n == 1 && vec->v[0].kind == DCB_INLINE) {
		/* The common inline counter: one op, no list walk. */
		struct plugin_inline *in = rec_alloc(sizeof(*in));
		in->score = vec->v[0].entry.score;
		in->offset = vec->v[0].entry.offset;
		in->imm = vec->v[0].imm;
		in->op = vec->v[0].op;
		ir_emit(b, IR_PLUGIN_INLINE, 0, 0, 0, (int64_t)(intptr_t)in);
		return;
	}
	ir_emit(b, IR_PLUGIN_CB, 0, 0, 0,
		(int64_t)(intptr_t)make_list(vec->v, vec->n, pc, 0));
}

void plugin_gen_tb_start(struct plugin_block *pb, struct ir_block *b)
{
	struct qemu_plugin_tb *tb = (struct qemu_plugin_tb *)pb;
	if (tb)
		gen_exec(b, &tb->exec, tb->vaddr);
}

void plugin_gen_insn_start(struct plugin_block *pb, struct ir_block *b, int idx)
{
	struct qemu_plugin_tb *tb = (struct qemu_plugin_tb *)pb;
	if (tb)
		gen_exec(b, &tb->insns[idx].exec, tb->insns[idx].d->pc);
}

bool plugin_gen_wants_mem(const struct plugin_block *pb, int idx)
{
	const struct qemu_plugin_tb *tb = (const struct qemu_plugin_tb *)pb;
	return tb && tb->insns[idx].mem.n > 0;
}

void plugin_gen_mem(struct plugin_block *pb, struct ir_block *b, int idx,
		    unsigned addr, unsigned val, unsigned size_shift, bool sign,
		    bool store)
{
	struct qemu_plugin_tb *tb = (struct qemu_plugin_tb *)pb;
	if (!tb)
		return;
	const struct dcb_vec *vec = &tb->insns[idx].mem;
	unsigned want = store ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R;
	struct dcb sel[vec->n ? vec->n : 1];
	int n = 0;
	for (int i = 0; i < vec->n; i++)
		if (vec->v[i].rw & want)
			sel[n++] = vec->v[i];
	if (!n)
		return;
	uint32_t info =
	    size_shift | (sign ? MI_SIGN : 0) | (store ? MI_STORE : 0);
	ir_emit(
	    b, IR_PLUGIN_MEM, 0, addr, val,
	    (int64_t)(intptr_t)make_list(sel, n, tb->insns[idx].d->pc, info));
}

void plugin_gen_mem_log(struct plugin_block *pb, struct ir_block *b, int idx)
{
	struct qemu_plugin_tb *tb = (struct qemu_plugin_tb *)pb;
	if (!tb || !tb->insns[idx].mem.n)
		return;
	const struct dcb_vec *vec = &tb->insns[idx].mem;
	ir_emit(b, IR_PLUGIN_MEM_LOG, 0, 0, 0,
		(int64_t)(intptr_t)make_list(vec->v, vec->n,
					     tb->insns[idx].d->pc, 0));
}

/* ---- run time ---- */

uint64_t *plugin_inline_entry(const struct plugin_inline *in,
			      unsigned vcpu_index)
{
	qemu_plugin_u64 e = {in->score, in->offset};
	return (uint64_t *)((char *)qemu_plugin_scoreboard_find(e.score,
								vcpu_index) +
			    e.offset);
}

static uint64_t *entry_ptr(qemu_plugin_u64 e, unsigned vcpu)
{
	return (uint64_t *)((char *)qemu_plugin_scoreboard_find(e.score, vcpu) +
			    e.offset);
}

static bool cond_true(int cond, uint64_t v, uint64_t imm)
{
	switch (cond) {
	case QEMU_PLUGIN_COND_ALWAYS:
		return true;
	case QEMU_PLUGIN_COND_EQ:
		return v == imm;
	case QEMU_PLUGIN_COND_NE:
		return v != imm;
	case QEMU_PLUGIN_COND_LT:
		return v < imm;
	case QEMU_PLUGIN_COND_LE:
		return v <= imm;
	case QEMU_PLUGIN_COND_GT:
		return v > imm;
	case QEMU_PLUGIN_COND_GE:
		return v >= imm;
	default:
		return false;
	}
}

static void inline_op(const struct dcb *d, unsigned vcpu)
{
	uint64_t *p = entry_ptr(d->entry, vcpu);
	if (d->op == QEMU_PLUGIN_INLINE_ADD_U64)
		*p += d->imm;
	else
		*p = d->imm;
}

/* Call a vCPU callback at access level flags; for levels that read
 * registers the pc slot holds the instruction's address. */
static void call_cb(struct vcpu *cpu, const struct dcb *d, uint64_t pc)
{
	struct vcpu *prev = plugin_current_vcpu();
	int prev_flags = cpu->plugin_flags;
	plugin_set_current(cpu);
	cpu->plugin_flags = d->flags;
	if (d->flags != QEMU_PLUGIN_CB_NO_REGS)
		cpu->env.slot[RV_SLOT_PC] = pc;
	((qemu_plugin_vcpu_udata_cb_t)d->fn)((unsigned)cpu->index, d->ud);
	cpu->plugin_flags = prev_flags;
	plugin_set_current(prev);
}

void plugin_run_cbs(struct vcpu *cpu, const void *list)
{
	const struct dcb_list *l = list;
	unsigned vcpu = (unsigned)cpu->index;
	for (uint32_t i = 0; i < l->n; i++) {
		const struct dcb *d = &l->v[i];
		switch (d->kind) {
		case DCB_INLINE:
			inline_op(d, vcpu);
			break;
		case DCB_COND:
			if (cond_true(d->cond, *entry_ptr(d->entry, vcpu),
				      d->imm))
				call_cb(cpu, d, l->pc);
			break;
		default:
			call_cb(cpu, d, l->pc);
			break;
		}
	}
}

static void report_access(struct vcpu *cpu, const struct dcb_list *l,
			  uint32_t info, uint64_t vaddr, uint64_t value)
{
	unsigned vcpu = (unsigned)cpu->index;
	unsigned want =
	    (info & MI_STORE) ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R;
	unsigned shift = info & 0xf;
	if (shift < 3)
		value &= (1ull << (8u << shift)) - 1;
	for (uint32_t i = 0; i < l->n; i++) {
		const struct dcb *d = &l->v[i];
		if (!(d->rw & want))
			continue;
		if (d->kind == DCB_MEM_INLINE) {
			inline_op(d, vcpu);
			continue;
		}
		struct vcpu *prev = plugin_current_vcpu();
		int prev_flags = cpu->plugin_flags;
		plugin_set_current(cpu);
		cpu->plugin_flags = d->flags;
		cpu->plugin_mem_info = info;
		cpu->plugin_mem_value = value;
		if (d->flags != QEMU_PLUGIN_CB_NO_REGS)
			cpu->env.slot[RV_SLOT_PC] = l->pc;
		((qemu_plugin_vcpu_mem_cb_t)d->fn)(vcpu, info, vaddr, d->ud);
		cpu->plugin_flags = prev_flags;
		plugin_set_current(prev);
	}
}

void plugin_run_mem(struct vcpu *cpu, const void *list, uint64_t vaddr,
		    uint64_t value)
{
	const struct dcb_list *l = list;
	report_access(cpu, l, l->info, vaddr, value);
}

void plugin_run_mem_log(struct vcpu *cpu, const void *list)
{
	const struct dcb_list *l = list;
	uint32_t shift = cpu->mem_log.size_shift;
	if (cpu->mem_log.read)
		report_access(cpu, l, shift | (cpu->mem_log.sign ? MI_SIGN : 0),
			      cpu->mem_log.addr, cpu->mem_log.old_value);
	if (cpu->mem_log.wrote)
		report_access(cpu, l, shift | MI_STORE, cpu->mem_log.addr,
			      cpu->mem_log.new_value);
}
