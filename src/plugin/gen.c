/*
 * Instrumentation: pass 1 (plugins see the decoded block and register
 * callbacks and inline ops on it) and pass 2 (those registrations become IR
 * ops around the guest instructions), and the run-time side the ops call.
 *
 * Order (as QEMU >= 9): a block's items run before its first instruction,
 * an instruction's exec items before it, its mem items after each access,
 * each array in registration order with callbacks, conditional callbacks
 * and inline ops mixed.  Each item becomes its own op (PLUGIN_INLINE,
 * PLUGIN_CALL, PLUGIN_MEM_CALL; see plugin.h), so the op order is that
 * order and a backend can compile each item on its own, e.g. as a direct
 * call; only a helper's accesses (PLUGIN_MEM_LOG) go through a list, since
 * their direction is known only at run time.  Records for the ops live in
 * a chunk allocator freed when the translation cache is flushed, so they
 * live exactly as long as the TBs that point to them.
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

/* A PLUGIN_MEM_LOG op's record: the instruction's memory array. */
struct dcb_list {
	uint64_t pc; /* guest pc of the instruction */
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

/* The values plugin.h promises backends (they do not include QEMU's
 * header). */
_Static_assert(QEMU_PLUGIN_CB_NO_REGS == 0 && QEMU_PLUGIN_CB_R_REGS == 1 &&
		   QEMU_PLUGIN_CB_RW_REGS == 2 &&
		   QEMU_PLUGIN_CB_RW_REGS_PC == 3,
	       "callback flags as plugin.h documents them");
_Static_assert(QEMU_PLUGIN_COND_NEVER == 0 && QEMU_PLUGIN_COND_ALWAYS == 1 &&
		   QEMU_PLUGIN_COND_EQ == 2 && QEMU_PLUGIN_COND_NE == 3 &&
		   QEMU_PLUGIN_COND_LT == 4 && QEMU_PLUGIN_COND_LE == 5 &&
		   QEMU_PLUGIN_COND_GT == 6 && QEMU_PLUGIN_COND_GE == 7,
	       "conditions as plugin.h documents them");
_Static_assert(QEMU_PLUGIN_INLINE_ADD_U64 == 0 &&
		   QEMU_PLUGIN_INLINE_STORE_U64 == 1,
	       "inline ops as plugin.h documents them");

static void gen_inline(struct ir_block *b, const struct dcb *d)
{
	struct plugin_inline *in = rec_alloc(sizeof(*in));
	in->score = d->entry.score;
	in->offset = d->entry.offset;
	in->imm = d->imm;
	in->op = d->op;
	ir_emit(b, IR_PLUGIN_INLINE, 0, 0, 0, (int64_t)(intptr_t)in);
}

/* One op per item, in registration order: the order plugins observe is the
 * op order, and each op can be compiled on its own. */
static void gen_exec(struct ir_block *b, const struct dcb_vec *vec, uint64_t pc)
{
	for (int i = 0; i < vec->n; i++) {
		const struct dcb *d = &vec->v[i];
		if (d->kind == DCB_INLINE) {
			gen_inline(b, d);
			continue;
		}
		/* DCB_CB or DCB_COND; api.c has turned COND_ALWAYS into a
		 * plain callback and dropped COND_NEVER */
		struct plugin_call *c = rec_alloc(sizeof(*c));
		memset(c, 0, sizeof(*c));
		c->fn = (void (*)(unsigned, void *))d->fn;
		c->ud = d->ud;
		c->pc = pc;
		c->flags = d->flags;
		c->cond = QEMU_PLUGIN_COND_ALWAYS;
		if (d->kind == DCB_COND) {
			c->cond = d->cond;
			c->score = d->entry.score;
			c->offset = d->entry.offset;
			c->imm = d->imm;
		}
		ir_emit(b, IR_PLUGIN_CALL, 0, 0, 0, (int64_t)(intptr_t)c);
	}
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

/* The direction of the access is known here, so items of the other
 * direction emit nothing. */
void plugin_gen_mem(struct plugin_block *pb, struct ir_block *b, int idx,
		    unsigned addr, unsigned val, unsigned size_shift, bool sign,
		    bool store)
{
	struct qemu_plugin_tb *tb = (struct qemu_plugin_tb *)pb;
	if (!tb)
		return;
	const struct dcb_vec *vec = &tb->insns[idx].mem;
	unsigned want = store ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R;
	uint32_t info =
	    size_shift | (sign ? MI_SIGN : 0) | (store ? MI_STORE : 0);
	for (int i = 0; i < vec->n; i++) {
		const struct dcb *d = &vec->v[i];
		if (!(d->rw & want))
			continue;
		if (d->kind == DCB_MEM_INLINE) {
			gen_inline(b, d);
			continue;
		}
		struct plugin_mem_call *m = rec_alloc(sizeof(*m));
		memset(m, 0, sizeof(*m));
		m->fn = (void (*)(unsigned, uint32_t, uint64_t, void *))d->fn;
		m->ud = d->ud;
		m->pc = tb->insns[idx].d->pc;
		m->info = info;
		m->flags = d->flags;
		ir_emit(b, IR_PLUGIN_MEM_CALL, 0, addr, val,
			(int64_t)(intptr_t)m);
	}
}

/* A helper's accesses: whether it read, wrote or both is known only when it
 * has run, so one op takes the whole array and filters at run time. */
void plugin_gen_mem_log(struct plugin_block *pb, struct ir_block *b, int idx)
{
	struct qemu_plugin_tb *tb = (struct qemu_plugin_tb *)pb;
	if (!tb || !tb->insns[idx].mem.n)
		return;
	const struct dcb_vec *vec = &tb->insns[idx].mem;
	struct dcb_list *l =
	    rec_alloc(sizeof(*l) + (size_t)vec->n * sizeof(struct dcb));
	l->pc = tb->insns[idx].d->pc;
	l->n = (uint32_t)vec->n;
	memcpy(l->v, vec->v, (size_t)vec->n * sizeof(struct dcb));
	ir_emit(b, IR_PLUGIN_MEM_LOG, 0, 0, 0, (int64_t)(intptr_t)l);
}

/* ---- run time ---- */

static uint64_t *entry_ptr(struct qemu_plugin_scoreboard *score, size_t offset,
			   unsigned vcpu)
{
	return (uint64_t *)((char *)qemu_plugin_scoreboard_find(score, vcpu) +
			    offset);
}

uint64_t *plugin_inline_entry(const struct plugin_inline *in,
			      unsigned vcpu_index)
{
	return entry_ptr(in->score, in->offset, vcpu_index);
}

static void inline_op(struct qemu_plugin_scoreboard *score, size_t offset,
		      int op, uint64_t imm, unsigned vcpu)
{
	uint64_t *p = entry_ptr(score, offset, vcpu);
	if (op == QEMU_PLUGIN_INLINE_ADD_U64)
		*p += imm;
	else
		*p = imm;
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

void plugin_run_call(struct vcpu *cpu, const struct plugin_call *c)
{
	unsigned vcpu = (unsigned)cpu->index;
	if (c->cond != QEMU_PLUGIN_COND_ALWAYS &&
	    !cond_true(c->cond, *entry_ptr(c->score, c->offset, vcpu), c->imm))
		return;
	struct vcpu *prev = plugin_current_vcpu();
	int prev_flags = cpu->plugin_flags;
	plugin_set_current(cpu);
	cpu->plugin_flags = c->flags;
	/* callbacks that may read registers see their instruction's pc */
	if (c->flags != QEMU_PLUGIN_CB_NO_REGS)
		cpu->env.slot[RV_SLOT_PC] = c->pc;
	c->fn(vcpu, c->ud);
	cpu->plugin_flags = prev_flags;
	plugin_set_current(prev);
}

static void mem_call(struct vcpu *cpu, qemu_plugin_vcpu_mem_cb_t fn, void *ud,
		     int flags, uint64_t pc, uint32_t info, uint64_t vaddr,
		     uint64_t value)
{
	unsigned shift = info & 0xf;
	if (shift < 3)
		value &= (1ull << (8u << shift)) - 1;
	struct vcpu *prev = plugin_current_vcpu();
	int prev_flags = cpu->plugin_flags;
	plugin_set_current(cpu);
	cpu->plugin_flags = flags;
	cpu->plugin_mem_info = info;
	cpu->plugin_mem_value = value;
	if (flags != QEMU_PLUGIN_CB_NO_REGS)
		cpu->env.slot[RV_SLOT_PC] = pc;
	fn((unsigned)cpu->index, info, vaddr, ud);
	cpu->plugin_flags = prev_flags;
	plugin_set_current(prev);
}

void plugin_run_mem_call(struct vcpu *cpu, const struct plugin_mem_call *c,
			 uint64_t vaddr, uint64_t value)
{
	mem_call(cpu, c->fn, c->ud, c->flags, c->pc, c->info, vaddr, value);
}

/* One access of a helper: the array's items of that direction, in order. */
static void report_access(struct vcpu *cpu, const struct dcb_list *l,
			  uint32_t info, uint64_t vaddr, uint64_t value)
{
	unsigned vcpu = (unsigned)cpu->index;
	unsigned want =
	    (info & MI_STORE) ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R;
	for (uint32_t i = 0; i < l->n; i++) {
		const struct dcb *d = &l->v[i];
		if (!(d->rw & want))
			continue;
		if (d->kind == DCB_MEM_INLINE)
			inline_op(d->entry.score, d->entry.offset, d->op,
				  d->imm, vcpu);
		else
			mem_call(cpu, (qemu_plugin_vcpu_mem_cb_t)d->fn, d->ud,
				 d->flags, l->pc, info, vaddr, value);
	}
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
