/*
 * IR -> x86-64, shared between the files of the instruction selector:
 * isel.c (the block and the integer, memory and control ops) and
 * isel_fp.c (the F/D ops).
 *
 * The value cache: r14 and r15 hold copies of the two slots written last,
 * so an op reading what the previous ops wrote takes it from a register
 * instead of waiting for the store to reach the load.  Slots are still
 * stored at once (memory is always exact); the cache only knows which
 * register equals which slot.  Only isel_store_slot() writes r14/r15, and
 * every slot write goes through isel_store_slot() or forgets the slot, so
 * an entry is true wherever the translation of a block continues; calls out
 * (helpers, plugin callbacks) may write any slot, so they empty it, or
 * forget what they write.
 */
#ifndef LOUPE_JIT_X86_64_ISEL_H
#define LOUPE_JIT_X86_64_ISEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vcpu.h"
#include "ir/ir.h"
#include "jit/x86_64/emit.h"
#include "jit/x86_64/jit.h"

/* The most bytes one op's sequence takes (checked after each op). */
#define X64_MAX_OP_BYTES 192

#define X64_N_CACHE 2

struct x64_fp_stub;

struct isel {
	struct x64_asm a;
	const struct x64_stubs *stubs;
	const struct tb *tb;
	bool has_popcnt, has_fma;
	int cache_slot[X64_N_CACHE]; /* slot cache register i holds, -1 */
	unsigned cache_next;	     /* round-robin victim */
	/* out-of-line slow paths of FP ops, emitted after the block */
	struct x64_fp_stub *fp_stubs;
	size_t n_fp_stubs, cap_fp_stubs;
};

enum {
	RAX = X64_RAX,
	RCX = X64_RCX,
	RDX = X64_RDX,
	RBX = X64_RBX,
	RSI = X64_RSI,
	RDI = X64_RDI,
	R12 = X64_R12,
	R13 = X64_R13,
};

/* A slot and a vCPU field as memory operands. */
static inline struct x64_mem S(unsigned slot) {
	return x64_mem(X64_RBP, (int32_t)(8 * slot) - X64_SLOT_BIAS);
}
#define CPU(field) x64_mem(X64_RBX, (int32_t)offsetof(struct vcpu, field))

void isel_cache_forget(struct isel *s, unsigned slot);
/* The cache register holding slot, or -1. */
int isel_cached(const struct isel *s, unsigned slot);
/* dst = slot (size 8, or 4: the low half zero-extended). */
void isel_load_slot(struct isel *s, unsigned size, int dst, unsigned slot);
/* slot = reg, and remember reg's value as the slot's. */
void isel_store_slot(struct isel *s, unsigned slot, int reg);
/* Call a C function (an absolute address: the arena may be far away). */
void isel_call_abs(struct isel *s, uintptr_t fn);

/* isel_fp.c: the ops of IR_FP_OPS, RDFFLAGS/WRFFLAGS and the FP bit
 * operations; false for any other op.  Their slow paths go out of line
 * and are emitted by x64_fp_stubs() after the block's last op. */
bool x64_emit_fp(struct isel *s, const struct ir_op *op);
void x64_fp_stubs(struct isel *s);

#endif
