/*
 * The exact F/D semantics of fpu.c on operand values, for callers that do
 * not hold an instruction descriptor (the IR's FP ops, src/ir/ops.h, run it
 * as their slow path).  rv_fpu_exec() (cpu.h) is the same on a register
 * file.
 */
#ifndef LOUPE_TARGET_RISCV_FPU_H
#define LOUPE_TARGET_RISCV_FPU_H

#include <stdint.h>
#include <string.h>

#include "target/riscv/insn.h"

/* Bit casts between slot values and host floats (a single is the low 32
 * bits of its slot). */
static inline double rvf_d(uint64_t x)
{
	double d;
	memcpy(&d, &x, sizeof d);
	return d;
}

static inline uint64_t rvf_dbits(double d)
{
	uint64_t x;
	memcpy(&x, &d, sizeof x);
	return x;
}

static inline float rvf_f(uint64_t x)
{
	uint32_t w = (uint32_t)x;
	float f;
	memcpy(&f, &w, sizeof f);
	return f;
}

static inline uint64_t rvf_fbits(float f)
{
	uint32_t w;
	memcpy(&w, &f, sizeof w);
	return w;
}

/* What rv_fpu_kind() says about an op. */
enum {
	RV_FPU_OK = 1,	 /* an F/D computational instruction */
	RV_FPU_RM = 2,	 /* it has a rounding-mode field */
	RV_FPU_XSRC = 4, /* its rs1 is an x register */
	RV_FPU_XDST = 8, /* its rd is an x register */
};
unsigned rv_fpu_kind(unsigned op);

/* The rounding mode an instruction uses: its rm field, or frm for DYN;
 * -1 when that is reserved (the instruction is illegal). */
static inline int rv_fpu_resolve_rm(unsigned rm, unsigned frm)
{
	if (rm == RV_RM_DYN)
		rm = frm;
	return rm <= RV_RM_RMM ? (int)rm : -1;
}

/*
 * The value F/D operation op (an RV_OP_* of kind RV_FPU_OK) writes to rd,
 * from the raw source registers a (rs1: f register bits with the NaN box,
 * or the x register), b (rs2) and c (rs3), in the resolved rounding mode rm
 * (0..4; ignored by ops without one).  The flags it raises are ORed into
 * *fl.  An x-register result is the full 64-bit value.
 */
uint64_t rv_fpu_calc(unsigned op, uint64_t a, uint64_t b, uint64_t c, int rm,
		     unsigned *fl);

#endif
