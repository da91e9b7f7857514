/*
 * Software IEEE 754 binary32/binary64 arithmetic with RISC-V semantics.
 *
 * Design: every operation unpacks its operands into (sign, exponent,
 * 64-bit significand with the leading one at bit 63), computes the exact
 * result or a 128-bit approximation whose lowest bit is a sticky bit, and
 * hands it to one rounding routine that implements all five RISC-V rounding
 * modes and the flags.  Tininess is detected after rounding, as RISC-V
 * specifies.  NaN results are always the canonical NaN.
 *
 * This is the reference implementation: fpu.c uses it for RMM, for the
 * cases its host fast paths do not cover, and for every operation on hosts
 * other than x86-64.
 *
 * Invariants: binary32 values are passed and returned as the raw 32 bits in
 * the low half of a uint64_t (no NaN boxing here); rm is 0..4 (RV_RM_RNE ..
 * RV_RM_RMM), never DYN; flags are RV_FFLAG_* bits ORed into *fl.
 */
#ifndef LOUPE_TARGET_RISCV_FPU_SOFT_H
#define LOUPE_TARGET_RISCV_FPU_SOFT_H

#include <stdint.h>

enum rvsf_fmt { RVSF_F32, RVSF_F64 };

/* Integer kinds for conversions. */
enum rvsf_int { RVSF_W, RVSF_WU, RVSF_L, RVSF_LU };

#define RVSF_QNAN32 UINT64_C(0x7fc00000)
#define RVSF_QNAN64 UINT64_C(0x7ff8000000000000)

uint64_t rvsf_add(int fmt, uint64_t a, uint64_t b, int rm, unsigned *fl);
uint64_t rvsf_mul(int fmt, uint64_t a, uint64_t b, int rm, unsigned *fl);
uint64_t rvsf_div(int fmt, uint64_t a, uint64_t b, int rm, unsigned *fl);
uint64_t rvsf_sqrt(int fmt, uint64_t a, int rm, unsigned *fl);
/* a * b + c with a single rounding (negate the inputs' signs for the
 * fmsub/fnmsub/fnmadd forms). */
uint64_t rvsf_fma(int fmt, uint64_t a, uint64_t b, uint64_t c, int rm,
		  unsigned *fl);
/* Float to integer: returns the x-register value (32-bit kinds
 * sign-extended), saturating with NV as RISC-V specifies. */
uint64_t rvsf_to_int(int fmt, uint64_t a, int kind, int rm, unsigned *fl);
/* Integer (the x-register value; 32-bit kinds use the low half) to float. */
uint64_t rvsf_from_int(int fmt, uint64_t x, int kind, int rm, unsigned *fl);
/* Format conversions: binary64 -> binary32 and binary32 -> binary64. */
uint64_t rvsf_f64_to_f32(uint64_t a, int rm, unsigned *fl);
uint64_t rvsf_f32_to_f64(uint64_t a, unsigned *fl);

#endif
