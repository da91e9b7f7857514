/*
 * IR -> x86-64, shared between the files of the instruction selector:
 * isel.c (the block and the integer, memory and control ops) and
 * isel_fp.c (the F/D ops).
 *
 * Guest slots live in host registers within a block (regalloc.c has the
 * design and its invariant): emitters read slots with isel_load_slot /
 * isel_slot_reg and write them with isel_store_slot*, never through S()
 * directly unless isel_cached() says the slot is not in a register.  Before
 * anything leaves the block or calls out, isel_sync_exit / isel_sync bring
 * memory up to date as far as that exit or call needs.
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
#include "target/riscv/cpu.h"

/* The most bytes one op's sequence takes (checked after each op). */
#define X64_MAX_OP_BYTES 768

/* The register pool (regalloc.c): RA_N host registers, the first three
 * callee-saved. */
#define RA_N 7
#define RA_ALL_MASK 0x7fu
#define RA_CALLER_MASK 0x78u
#define RA_INF 0xffffu
#define RA_MAX_PEND 4
extern const int ra_host[RA_N];

struct plugin_inline;

/* Allocation state at one point of the block (copied into stubs). */
struct ra_state {
	int16_t slot[RA_N]; /* slot register i holds, -1 */
	uint8_t dirty;	    /* bit i: register i is newer than memory */
	uint8_t where[RV_NUM_SLOTS]; /* register index + 1 of a slot, 0 */
	uint8_t n_pend;		     /* fused inline adds not yet emitted */
	struct {
		const struct plugin_inline *in;
		uint64_t sum;
	} pend[RA_MAX_PEND];
};

struct x64_fp_stub;
struct x64_mem_stub;

struct isel {
	struct x64_asm a;
	const struct x64_stubs *stubs;
	const struct tb *tb;
	bool has_popcnt, has_fma;
	/* register allocation */
	struct ra_state ra;
	uint16_t (*nr)[4]; /* per op: next read of a, b, c and of d's value */
	uint16_t next_use[RA_N];
	uint32_t lock_op[RA_N]; /* used by op lock_op: not evicted in it */
	uint32_t cur;		/* index of the op being translated */
	const struct ir_op *op;
	bool ra_frozen;	    /* no allocation or eviction (inside an FP op) */
	bool no_fuse;	    /* emit inline adds in place */
	ptrdiff_t tls_off;  /* plugin_current's %fs offset (0: unknown) */
	bool inline_lookup; /* indirect jumps probe the jump cache inline */
	/* direct exits per chain slot: 0 none, 1 one (patch point, pc),
	 * 2 several targets */
	uint8_t jmp_state[2];
	uint32_t jmp_patch[2];
	uint64_t jmp_pc[2];
	/* out-of-line slow paths of FP ops, emitted after the block */
	struct x64_fp_stub *fp_stubs;
	size_t n_fp_stubs, cap_fp_stubs;
	/* out-of-line fault paths of guest accesses */
	struct x64_mem_stub *mem_stubs;
	size_t n_mem_stubs;
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

/* regalloc.c */
unsigned
ra_op_reads(const struct ir_op *op, unsigned out[3], int *write);
int ra_analyze(struct isel *s);
void ra_reset(struct isel *s);
/* The slot's register no longer holds it (the caller wrote memory). */
void isel_cache_forget(struct isel *s, unsigned slot);
/* The host register holding slot now, or -1 (then memory is exact). */
int isel_cached(const struct isel *s, unsigned slot);
/* The host register holding slot for the current op (loaded into one when
 * it is read again later), or -1: read it from S(slot). */
int isel_slot_reg(struct isel *s, unsigned slot);
/* dst = slot (size 8, or 4: the low half zero-extended). */
void isel_load_slot(struct isel *s, unsigned size, int dst, unsigned slot);
/* slot = reg / imm: the current op's result for slot. */
void isel_store_slot(struct isel *s, unsigned slot, int reg);
void isel_store_slot_imm(struct isel *s, unsigned slot, uint64_t v);
/* The register that will hold the current op's result for slot (dirty
 * from now on), or -1: the result goes to memory.  Resolve the op's
 * sources first: they are then safe from eviction. */
int isel_dest_reg(struct isel *s, unsigned slot);
/* An inline scoreboard op: fused into the pending adds when it can be. */
void isel_inline(struct isel *s, const struct plugin_inline *in);
void isel_flush_pending(struct isel *s);
/* rsi = this vCPU's entry of in's scoreboard (before in->offset);
 * clobbers rax, rdi. */
void isel_inline_entry(struct isel *s, const struct plugin_inline *in);
/* Before leaving the block here: write back what st / the current state
 * holds dirty and (counts) add the pending counts; emits code, changes no
 * state; the counts clobber rax, rsi, rdi. */
void isel_writeback_state(struct isel *s, const struct ra_state *st,
			  bool counts);
void isel_emit_pending(struct isel *s, const struct ra_state *st);
void isel_sync_exit(struct isel *s);
/* Reload every register st holds from memory (after a call that saw the
 * state in memory). */
void isel_reload_state(struct isel *s, const struct ra_state *st);
/* Before a call into C: ISEL_SYNC_CALLER writes back and forgets the
 * caller-saved registers (the callee reads no slot), ISEL_SYNC_READ also
 * writes back the rest (the callee reads slots), ISEL_SYNC_ALL forgets
 * every register too (the callee may write slots). */
enum isel_sync { ISEL_SYNC_CALLER, ISEL_SYNC_READ, ISEL_SYNC_ALL };
void isel_sync(struct isel *s, enum isel_sync kind);
/* Call a C function (an absolute address: the arena may be far away). */
void isel_call_abs(struct isel *s, uintptr_t fn);

/* isel_fp.c: the ops of IR_FP_OPS, RDFFLAGS/WRFFLAGS and the FP bit
 * operations; false for any other op.  Their slow paths go out of line
 * and are emitted by x64_fp_stubs() after the block's last op. */
bool x64_emit_fp(struct isel *s, const struct ir_op *op);
void x64_fp_stubs(struct isel *s);

#endif
