/*
 * The x86-64 JIT backend: struct backend over the code arena.
 *
 * Design: the arena (tb_cache.code, created at the first prepare) starts
 * with a header holding struct x64_stubs and the stubs themselves, which
 * survive flushes; each TB's code follows, written once by prepare and
 * entered at tb->host_code.  TB code has no prologue: the enter stub saves
 * the callee-saved registers, sets up the register convention of jit.h and
 * jumps to the TB's code, and every way out (an exit, a helper's nonzero
 * result, a guest access outside the space) jumps to the exit stub, which
 * restores them and returns the exit code.  A host fault or a plugin's
 * qemu_plugin_set_pc leaves TB code by siglongjmp to the cpu loop, which
 * needs nothing from this frame.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "core/engine.h"
#include "core/tb.h"
#include "core/vcpu.h"
#include "jit/x86_64/emit.h"
#include "jit/x86_64/jit.h"
#include "linux-user/process.h"
#include "target/riscv/fpu_fast.h"

typedef int (*x64_enter_fn)(struct vcpu *cpu, void *code, uint8_t *base,
			    uint64_t limit);

/* Where the stubs start: after the header, cache-line aligned. */
#define STUBS_OFFSET 64
#define STUBS_MAX 256

static void gen_stubs(struct code_buf *cb)
{
	struct x64_stubs *st = (struct x64_stubs *)cb->base;
	struct x64_asm a;
	uint8_t *start = cb->base + STUBS_OFFSET;
	x64_init(&a, start, start + STUBS_MAX);
	static const int saved[] = {X64_RBP, X64_RBX, X64_R12,
				    X64_R13, X64_R14, X64_R15};
	const int n_saved = (int)(sizeof(saved) / sizeof(saved[0]));

	/* enter(cpu = rdi, code = rsi, base = rdx, limit = rcx) */
	st->enter = a.p;
	for (int i = 0; i < n_saved; i++)
		x64_push(&a, saved[i]);
	/* return address + 6 pushes + 8 = a multiple of 16: calls from TB
	 * code see the ABI's aligned stack */
	x64_alu_ri(&a, 8, X64_SUB, X64_RSP, 8);
	x64_mov_rr(&a, 8, X64_RBX, X64_RDI);
	x64_lea(&a, X64_RBP,
		x64_mem(X64_RDI, (int32_t)offsetof(struct vcpu, env.slot) +
				     X64_SLOT_BIAS));
	x64_mov_rr(&a, 8, X64_R12, X64_RDX);
	x64_mov_rr(&a, 8, X64_R13, X64_RCX);
	x64_jmp_r(&a, X64_RSI);

	/* exit: the code is in eax */
	st->exit = a.p;
	x64_alu_ri(&a, 8, X64_ADD, X64_RSP, 8);
	for (int i = n_saved - 1; i >= 0; i--)
		x64_pop(&a, saved[i]);
	x64_ret(&a);

	/* memfault: an access outside the guest space at cpu->cur_op */
	st->memfault = a.p;
	x64_store(&a, 8,
		  x64_mem(X64_RBX, (int32_t)offsetof(struct vcpu, fault_addr)),
		  X64_RAX);
	x64_mov_imm(&a, X64_RAX, IR_EXIT_MEMFAULT);
	x64_jmp_abs32(&a, st->exit);
	if (a.overflow)
		abort(); /* STUBS_MAX is too small: a bug */
	cb->keep = cb->used = STUBS_OFFSET + STUBS_MAX;
}

static int x86_prepare(struct tb_cache *c, struct tb *tb)
{
	struct code_buf *cb = &c->code;
	if (!cb->base) {
		_Static_assert(sizeof(struct x64_stubs) <= STUBS_OFFSET,
			       "stub header too big");
		if (code_buf_init(cb, CODE_BUF_SIZE) < 0) {
			fprintf(stderr, "loupe: cannot map JIT code memory\n");
			exit(1);
		}
		gen_stubs(cb);
	}
	uint8_t *code = cb->base + cb->used;
	uint32_t table = 0;
	size_t n = x64_translate((const struct x64_stubs *)cb->base, tb, code,
				 cb->base + cb->size, !c->trace_blocks, &table,
				 tb->jmp_patch);
	if (!n)
		return -1;
	tb->host_code = code;
	tb->host_size = table;
	tb->host_aux = code + table;
	/* 16-byte aligned block starts help the front end */
	cb->used += (n + 15) & ~(size_t)15;
	if (cb->used > cb->size)
		cb->used = cb->size;
	return 0;
}

static int x86_exec(struct vcpu *cpu, struct tb *tb)
{
	const struct code_buf *cb = &cpu->eng->tbs.code;
	const struct x64_stubs *st = (const struct x64_stubs *)cb->base;
	x64_enter_fn enter;
	/* The arena is data to C; its stub is a function to the CPU. */
	uintptr_t addr = (uintptr_t)st->enter;
	memcpy(&enter, &addr, sizeof(enter));
	cpu->cur_tb = tb;
	uint64_t size = cpu->proc->mem.size;
	cpu->jit_limit[0] = size - 1;
	cpu->jit_limit[1] = size - 2;
	cpu->jit_limit[2] = size - 4;
	cpu->jit_limit[3] = size - 8;
	/* TB code computes F/D in the host's default FP environment. */
	rv_fpu_host_reset();
	return enter(cpu, tb->host_code, cpu->proc->mem.base,
		     cpu->proc->mem.size);
}

/* A host fault at a guest access of the running block resumes at the
 * access's fault stub (see isel.c), found in the block's fault table. */
static bool x86_fault_redirect(struct vcpu *cpu, void *host_ucontext)
{
	ucontext_t *uc = host_ucontext;
	const struct tb *tb = cpu->cur_tb;
	if (!tb || !tb->host_code || !tb->host_aux)
		return false;
	uintptr_t start = (uintptr_t)tb->host_code;
	uintptr_t rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	if (rip < start || rip - start >= tb->host_size)
		return false;
	uint32_t off = (uint32_t)(rip - start);
	const uint32_t *t = tb->host_aux;
	uint32_t lo = 0, hi = t[0];
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		uint32_t at = t[1 + 2 * mid];
		if (at == off) {
			uc->uc_mcontext.gregs[REG_RIP] =
			    (greg_t)(start + t[2 + 2 * mid]);
			return true;
		}
		if (at < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Point from's exit n at to's code: one aligned 4-byte store, atomic
 * for the threads that may be running from's code. */
static void x86_chain(struct tb *from, int n, struct tb *to)
{
	uint32_t off = from->jmp_patch[n & 1];
	if (!off || !from->host_code || !to->host_code)
		return;
	uint8_t *site = (uint8_t *)from->host_code + off;
	int64_t rel = (uint8_t *)to->host_code - (site + 4);
	if (rel < INT32_MIN || rel > INT32_MAX)
		return;
	__atomic_store_n((int32_t *)(void *)site, (int32_t)rel,
			 __ATOMIC_RELEASE);
}

static void x86_log_host(FILE *f, const struct tb *tb)
{
	fprintf(f, "OUT: [size=%u]\n", tb->host_size);
	x64_disas(f, tb->host_code, tb->host_size);
}

const struct backend backend_x86 = {
    .name = "jit",
    .prepare = x86_prepare,
    .exec = x86_exec,
    .log_host = x86_log_host,
    .fault_redirect = x86_fault_redirect,
    .chain = x86_chain,
};
