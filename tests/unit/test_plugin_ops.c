/*
 * The plugin instrumentation ops (PLUGIN_CALL, PLUGIN_MEM_CALL,
 * PLUGIN_INLINE; src/plugin/plugin.h) on both backends, against what
 * plugin.h says running them means: one hand-made TB with inline ops,
 * plain and conditional callbacks (true and false) at every register
 * level, and memory callbacks; every callback records what it saw (its
 * arguments, the current vCPU, the access level, the pc slot, the access
 * value), and the records must equal the expected ones on each backend.
 * A callback registered with RW_REGS writes a guest register, which the
 * ops after it must see.  Afterwards no vCPU is current and the access
 * level is NO_REGS again.
 *
 * Also plugin_current_tls_offset(): on two threads, the thread pointer
 * (%fs:0) plus the offset is that thread's plugin_current.
 *
 * Prints FAIL lines, then "N passed, M failed"; exits nonzero on failure.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/tb.h"
#include "core/vcpu.h"
#include "ir/ir.h"
#include "linux-user/process.h"
#include "plugin/internal.h"
#include "target/riscv/cpu.h"

static unsigned passed, failed;

static void check(bool ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s\n", what);
	}
}

/* ---- what the callbacks saw ---- */

struct seen {
	uintptr_t ud;
	unsigned vcpu;
	bool current; /* plugin_current was the running vCPU */
	int flags;
	uint64_t pc;			  /* pc slot (flags != NO_REGS) */
	uint32_t info;			  /* mem callbacks */
	uint64_t vaddr, value, mem_value; /* value: cpu->plugin_mem_value */
};
#define MAX_SEEN 16
static struct seen seen[MAX_SEEN];
static int n_seen;
static struct vcpu *the_cpu;

static struct seen *record(unsigned vcpu, void *ud)
{
	struct seen *s = &seen[n_seen < MAX_SEEN ? n_seen++ : MAX_SEEN - 1];
	memset(s, 0, sizeof(*s));
	s->ud = (uintptr_t)ud;
	s->vcpu = vcpu;
	s->current = plugin_current_vcpu() == the_cpu;
	s->flags = the_cpu->plugin_flags;
	if (s->flags != QEMU_PLUGIN_CB_NO_REGS)
		s->pc = the_cpu->env.slot[RV_SLOT_PC];
	return s;
}

static void exec_cb(unsigned vcpu, void *ud)
{
	record(vcpu, ud);
	/* the RW_REGS callback writes x5, as qemu_plugin_write_register
	 * would */
	if (the_cpu->plugin_flags == QEMU_PLUGIN_CB_RW_REGS)
		the_cpu->env.slot[RV_SLOT_X + 5] = 0x5555;
}

static void mem_cb(unsigned vcpu, uint32_t info, uint64_t vaddr, void *ud)
{
	struct seen *s = record(vcpu, ud);
	s->info = info;
	s->vaddr = vaddr;
	s->mem_value = the_cpu->plugin_mem_value;
}

/* ---- the TB ---- */

#define VCPU 3
#define SA 70 /* address temp */
#define SB 71 /* value temp */
#define EXIT_CODE 20

enum { N_OPS = 12 };
struct test_tb {
	struct tb tb;
	struct ir_op ops[N_OPS];
};

static struct qemu_plugin_scoreboard *sb; /* X at offset 0, Y at 8 */
static struct plugin_inline in_add, in_store;
static struct plugin_call c_plain, c_eq, c_ne, c_ge, c_lt;
static struct plugin_mem_call m_ld, m_st;

static struct ir_op op_of(unsigned opc, unsigned a, unsigned b, const void *rec)
{
	return (struct ir_op){.opc = (uint16_t)opc,
			      .a = (uint16_t)a,
			      .b = (uint16_t)b,
			      .imm = (int64_t)(intptr_t)rec};
}

static void make_tb(struct test_tb *t)
{
	sb = qemu_plugin_scoreboard_new(16);
	in_add = (struct plugin_inline){sb, 0, 3, QEMU_PLUGIN_INLINE_ADD_U64};
	in_store =
	    (struct plugin_inline){sb, 8, 9, QEMU_PLUGIN_INLINE_STORE_U64};
	c_plain = (struct plugin_call){.fn = exec_cb,
				       .ud = (void *)1,
				       .pc = 0x1000,
				       .flags = QEMU_PLUGIN_CB_NO_REGS,
				       .cond = QEMU_PLUGIN_COND_ALWAYS};
	/* X == 3 after the add: true; X != 3: false */
	c_eq = (struct plugin_call){exec_cb,
				    (void *)2,
				    0x1004,
				    sb,
				    0,
				    3,
				    QEMU_PLUGIN_CB_R_REGS,
				    QEMU_PLUGIN_COND_EQ};
	c_ne = c_eq;
	c_ne.ud = (void *)3;
	c_ne.cond = QEMU_PLUGIN_COND_NE;
	/* Y == 9 after the store: Y >= 9 true, Y < 9 false */
	c_ge = (struct plugin_call){exec_cb,
				    (void *)4,
				    0x1008,
				    sb,
				    8,
				    9,
				    QEMU_PLUGIN_CB_RW_REGS,
				    QEMU_PLUGIN_COND_GE};
	c_lt = c_ge;
	c_lt.ud = (void *)5;
	c_lt.cond = QEMU_PLUGIN_COND_LT;
	/* a sign-extended 16-bit load and a 64-bit store */
	m_ld = (struct plugin_mem_call){mem_cb, (void *)6, 0x100c, 0x11,
					QEMU_PLUGIN_CB_NO_REGS};
	m_st = (struct plugin_mem_call){mem_cb, (void *)7, 0x1010, 0x43,
					QEMU_PLUGIN_CB_R_REGS};

	memset(t, 0, sizeof(*t));
	int n = 0;
	t->ops[n++] = op_of(IR_PLUGIN_INLINE, 0, 0, &in_add);
	t->ops[n++] = op_of(IR_PLUGIN_CALL, 0, 0, &c_plain);
	t->ops[n++] = op_of(IR_PLUGIN_CALL, 0, 0, &c_eq);
	t->ops[n++] = op_of(IR_PLUGIN_CALL, 0, 0, &c_ne);
	t->ops[n++] = op_of(IR_PLUGIN_INLINE, 0, 0, &in_store);
	t->ops[n++] = op_of(IR_PLUGIN_CALL, 0, 0, &c_lt);
	t->ops[n++] = op_of(IR_PLUGIN_CALL, 0, 0, &c_ge);
	/* x6 = x5 + x5: sees the callback's write */
	t->ops[n++] = (struct ir_op){.opc = IR_ADD,
				     .d = RV_SLOT_X + 6,
				     .a = RV_SLOT_X + 5,
				     .b = RV_SLOT_X + 5};
	t->ops[n++] = op_of(IR_PLUGIN_MEM_CALL, SA, SB, &m_ld);
	t->ops[n++] = op_of(IR_PLUGIN_MEM_CALL, SB, SA, &m_st);
	t->ops[n++] =
	    (struct ir_op){.opc = IR_EXIT, .d = EXIT_CODE, .imm = 0x2000};
	t->tb.ops = t->ops;
	t->tb.n_ops = (uint32_t)n;
	t->tb.n_insns = 1;
}

static const struct seen expected[] = {
    {.ud = 1, .vcpu = VCPU, .current = true, .flags = 0},
    {.ud = 2, .vcpu = VCPU, .current = true, .flags = 1, .pc = 0x1004},
    {.ud = 4, .vcpu = VCPU, .current = true, .flags = 2, .pc = 0x1008},
    {.ud = 6,
     .vcpu = VCPU,
     .current = true,
     .flags = 0,
     .info = 0x11,
     .vaddr = 0x123,
     .mem_value = 0xbeef},
    {.ud = 7,
     .vcpu = VCPU,
     .current = true,
     .flags = 1,
     .pc = 0x1010,
     .info = 0x43,
     .vaddr = 0xffffffffffffbeef,
     .mem_value = 0x123},
};
#define N_EXPECTED (int)(sizeof(expected) / sizeof(expected[0]))

static void run(const struct backend *be, const char *name, struct tb *tb)
{
	struct vcpu *cpu = the_cpu;
	char what[128];
	memset(cpu->env.slot, 0, sizeof(cpu->env.slot));
	cpu->env.slot[SA] = 0x123;
	cpu->env.slot[SB] = 0xffffffffffffbeef;
	memset(qemu_plugin_scoreboard_find(sb, VCPU), 0, 16);
	n_seen = 0;
	int rc = be->exec(cpu, tb);
	snprintf(what, sizeof(what), "%s: exit code %d", name, rc);
	check(rc == EXIT_CODE, what);
	snprintf(what, sizeof(what), "%s: %d callbacks, expected %d", name,
		 n_seen, N_EXPECTED);
	check(n_seen == N_EXPECTED, what);
	for (int i = 0; i < n_seen && i < N_EXPECTED; i++) {
		const struct seen *g = &seen[i], *e = &expected[i];
		snprintf(what, sizeof(what),
			 "%s: callback %d: ud %" PRIuPTR
			 " vcpu %u current %d flags %d pc %" PRIx64
			 " info %x vaddr %" PRIx64 " value %" PRIx64,
			 name, i, g->ud, g->vcpu, g->current, g->flags, g->pc,
			 g->info, g->vaddr, g->mem_value);
		check(g->ud == e->ud && g->vcpu == e->vcpu &&
			  g->current == e->current && g->flags == e->flags &&
			  g->pc == e->pc && g->info == e->info &&
			  g->vaddr == e->vaddr && g->mem_value == e->mem_value,
		      what);
	}
	const uint64_t *x = qemu_plugin_scoreboard_find(sb, VCPU);
	snprintf(what, sizeof(what), "%s: entries %" PRIu64 " %" PRIu64, name,
		 x[0], x[1]);
	check(x[0] == 3 && x[1] == 9, what);
	snprintf(what, sizeof(what), "%s: x6 = %" PRIx64 " after x5's write",
		 name, cpu->env.slot[RV_SLOT_X + 6]);
	check(cpu->env.slot[RV_SLOT_X + 6] == 0xaaaa, what);
	snprintf(what, sizeof(what), "%s: no vCPU current afterwards", name);
	check(plugin_current_vcpu() == NULL &&
		  cpu->plugin_flags == QEMU_PLUGIN_CB_NO_REGS,
	      what);
}

/* ---- the TLS offset ---- */

struct tls_probe {
	ptrdiff_t off;
	bool aliases; /* %fs:0 + off is this thread's plugin_current */
};

static void *probe(void *arg)
{
	struct tls_probe *p = arg;
	char *tp;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	p->off = plugin_current_tls_offset();
	struct vcpu *cpu;
	/* store through %fs as generated code would, read it back by name */
	__asm__ volatile("movq %1, %%fs:(%2)\n\tmovq %%fs:(%2), %0"
			 : "=r"(cpu)
			 : "r"(the_cpu), "r"(p->off)
			 : "memory");
	p->aliases = tp + p->off == (char *)&plugin_current && cpu == the_cpu &&
		     plugin_current_vcpu() == the_cpu;
	plugin_set_current(NULL);
	return NULL;
}

static void test_tls(void)
{
	struct tls_probe main_p, thr_p;
	probe(&main_p);
	pthread_t t;
	pthread_create(&t, NULL, probe, &thr_p);
	pthread_join(t, NULL);
	check(main_p.aliases, "tls: %fs:0 + offset is plugin_current (main)");
	check(thr_p.aliases, "tls: %fs:0 + offset is plugin_current (thread)");
	check(main_p.off == thr_p.off, "tls: one offset on every thread");
}

int main(void)
{
	struct engine eng;
	struct lu_process proc;
	memset(&eng, 0, sizeof(eng));
	memset(&proc, 0, sizeof(proc));
	static uint8_t mem[4096];
	proc.mem.base = mem;
	proc.mem.size = sizeof(mem);
	the_cpu = calloc(1, sizeof(*the_cpu));
	the_cpu->proc = &proc;
	the_cpu->eng = &eng;
	the_cpu->index = VCPU;

	static struct test_tb t;
	make_tb(&t);
	run(&backend_interp, "interp", &t.tb);
	if (backend_x86.prepare(&eng.tbs, &t.tb) < 0)
		check(false, "jit: prepare");
	else
		run(&backend_x86, "jit", &t.tb);
	test_tls();

	printf("%u passed, %u failed\n", passed, failed);
	tb_cache_destroy(&eng.tbs);
	qemu_plugin_scoreboard_free(sb);
	free(the_cpu);
	return failed != 0;
}
