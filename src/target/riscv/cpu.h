/*
 * RISC-V guest CPU state of one vCPU.
 *
 * Design: all integer and FP registers and the pc live in one array of
 * 64-bit slots, followed by the IR temporaries of the block being run.  IR
 * operands name slots by index, so the interpreter (and later the JIT) reach
 * every guest register with base + 8 * index, and the architectural state is
 * always in memory at instruction boundaries: a plugin callback reading a
 * register mid-block sees the exact value.
 *
 * Invariants: slot[RV_SLOT_X + 0] is always 0 (the translator never writes
 * it); FP registers hold raw IEEE bits, single-precision values NaN-boxed
 * (upper 32 bits all ones); fflags holds only bits 4..0 and frm bits 2..0.
 */
#ifndef LOUPE_TARGET_RISCV_CPU_H
#define LOUPE_TARGET_RISCV_CPU_H

#include <stdbool.h>
#include <stdint.h>

#define RV_SLOT_X 0    /* x0..x31 */
#define RV_SLOT_F 32   /* f0..f31 */
#define RV_SLOT_PC 64  /* pc of the next instruction when a block exits */
#define RV_SLOT_TMP 65 /* first IR temporary */
#define RV_NUM_TMP 15
#define RV_NUM_SLOTS (RV_SLOT_TMP + RV_NUM_TMP)

/* fflags bits */
#define RV_FFLAG_NX 0x01 /* inexact */
#define RV_FFLAG_UF 0x02 /* underflow */
#define RV_FFLAG_OF 0x04 /* overflow */
#define RV_FFLAG_DZ 0x08 /* divide by zero */
#define RV_FFLAG_NV 0x10 /* invalid */

/* CSR numbers loupe implements in user mode. */
#define RV_CSR_FFLAGS 0x001
#define RV_CSR_FRM 0x002
#define RV_CSR_FCSR 0x003
#define RV_CSR_CYCLE 0xc00
#define RV_CSR_TIME 0xc01
#define RV_CSR_INSTRET 0xc02

struct rv_cpu {
	uint64_t slot[RV_NUM_SLOTS];
	uint32_t fflags; /* accrued FP exception flags (RV_FFLAG_*) */
	uint32_t frm;	 /* dynamic rounding mode */
	/* LR/SC reservation: valid, address and size of the reserved word,
	 * and the value LR read (SC succeeds only if memory still holds it). */
	bool lr_valid;
	uint8_t lr_size;
	uint64_t lr_addr;
	uint64_t lr_value;
};

struct rv_insn;

/*
 * Execute one F/D computational instruction (class RV_CLASS_FP: arithmetic,
 * fused multiply-add, sign injection, min/max, compare, classify, convert,
 * moves between register files) on cpu, exactly as the ISA specifies,
 * accruing fflags.  Loads and stores of FP registers are not handled here.
 * Returns 0, or -1 when the instruction is illegal at run time (a reserved
 * static rounding mode, or dynamic rounding with a reserved frm value): the
 * caller raises SIGILL and cpu is unchanged.
 */
int rv_fpu_exec(struct rv_cpu *cpu, const struct rv_insn *insn);

#endif
