/*
 * The x86-64 JIT backend, internal interface between its files:
 *   emit.c     the instruction encoder
 *   isel.c     IR -> x86-64 for one TB (isel.h: shared with isel_fp.c,
 *              the F/D ops)
 *   backend.c  the backend (struct backend): code arena, fixed stubs,
 *              prepare/exec
 *   disas.c    -d out_asm
 *
 * Register convention inside generated code (all callee-saved in the SysV
 * ABI, so C helpers called from TB code preserve them):
 *   rbx = struct vcpu *cpu
 *   rbp = &cpu->env.slot[0] + X64_SLOT_BIAS (so x0..x31 are disp8 away)
 *   r12 = host address of guest address 0
 *   r13, r14, r15, r8-r11: guest slots, as regalloc.c assigns them
 * rax, rcx, rdx, rsi, rdi are scratch within one op.  Accesses are checked
 * against cpu->jit_limit (the size of the guest space minus the access
 * size).  The stack is 16-byte aligned inside TB code,
 * so TB code calls C directly.
 */
#ifndef LOUPE_JIT_X86_64_JIT_H
#define LOUPE_JIT_X86_64_JIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/tb.h"

#define X64_SLOT_BIAS 128

/* The fixed stubs at the start of the code arena; they outlive flushes. */
struct x64_stubs {
	/* int enter(struct vcpu *cpu, void *code, uint8_t *base,
	 *           uint64_t limit): runs TB code from its entry */
	uint8_t *enter;
	/* jump here with the exit code in eax: restores and returns it */
	uint8_t *exit;
	/* jump here with a guest address outside the space in rax */
	uint8_t *memfault;
};

/*
 * Translate tb's IR to host code at code (bounded by end; indirect jumps
 * probe the jump cache inline when inline_lookup); returns the
 * number of bytes, or 0 when the space ran out.  *table is the offset of
 * the block's fault table in that code: a uint32_t count n, then n pairs
 * {offset of a guest access instruction, offset of its fault stub}, in
 * increasing order: a host fault at the access resumes at the stub.
 * jmp_patch[n] is the offset of the rel32 of direct exit n's jump, which
 * may be pointed at the next block's code (0: no such jump).
 */
size_t x64_translate(const struct x64_stubs *stubs, const struct tb *tb,
		     uint8_t *code, uint8_t *end, bool inline_lookup,
		     uint32_t *table, uint32_t jmp_patch[2]);

/* Print size bytes of host code at code (capstone, or a hex dump). */
void x64_disas(FILE *f, const uint8_t *code, size_t size);

#endif
