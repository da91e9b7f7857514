/*
 * The value semantics of the IR's computational ops (forms DI, DA, DAB, DAI
 * and SHADD): one definition shared by every backend.
 *
 * Design: ir_alu(opc, a, b, imm) is an always-inline switch.  The
 * interpreter calls it with a constant opc in each op's handler, so the
 * compiler folds the switch away and the handler is as fast as hand-written
 * code; the JIT calls it through ir_alu_call() (a real function) for the
 * ops it does not emit natively, so a rare op costs a call but cannot
 * disagree with the interpreter.
 *
 * Every case is defined for all inputs (shift counts are masked, division
 * by zero and overflow give the RISC-V results), so no input is undefined
 * behaviour in C.  SHADD/SHADDUW take imm in 0..3 (the translator's
 * contract); other counts are masked to 0..63 here.
 */
#ifndef LOUPE_IR_ALU_H
#define LOUPE_IR_ALU_H

#include <stdint.h>

#include "ir/ir.h"

static inline uint64_t ir_sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

static inline uint64_t ir_rol64(uint64_t v, unsigned n)
{
	n &= 63;
	return n ? (v << n) | (v >> (64 - n)) : v;
}

static inline uint32_t ir_rol32(uint32_t v, unsigned n)
{
	n &= 31;
	return n ? (v << n) | (v >> (32 - n)) : v;
}

static inline uint64_t ir_mulhu64(uint64_t a, uint64_t b)
{
	return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

static inline uint64_t ir_mulh64(uint64_t a, uint64_t b)
{
	return (uint64_t)((__int128)(int64_t)a * (__int128)(int64_t)b >> 64);
}

static inline uint64_t ir_mulhsu64(uint64_t a, uint64_t b)
{
	return (uint64_t)((__int128)(int64_t)a *
			      (__int128)(unsigned __int128)b >>
			  64);
}

static inline uint64_t ir_div64(uint64_t a, uint64_t b)
{
	if (b == 0)
		return UINT64_MAX;
	if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
		return a;
	return (uint64_t)((int64_t)a / (int64_t)b);
}

static inline uint64_t ir_rem64(uint64_t a, uint64_t b)
{
	if (b == 0)
		return a;
	if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
		return 0;
	return (uint64_t)((int64_t)a % (int64_t)b);
}

static inline uint64_t ir_divw(uint64_t a, uint64_t b)
{
	int32_t x = (int32_t)a, y = (int32_t)b;
	if (y == 0)
		return UINT64_MAX;
	if (x == INT32_MIN && y == -1)
		return ir_sext32((uint32_t)x);
	return ir_sext32((uint32_t)(x / y));
}

static inline uint64_t ir_remw(uint64_t a, uint64_t b)
{
	int32_t x = (int32_t)a, y = (int32_t)b;
	if (y == 0)
		return ir_sext32((uint32_t)x);
	if (x == INT32_MIN && y == -1)
		return 0;
	return ir_sext32((uint32_t)(x % y));
}

static inline uint64_t ir_orc_b(uint64_t v)
{
	uint64_t r = 0;
	for (int i = 0; i < 64; i += 8)
		if ((v >> i) & 0xff)
			r |= 0xffull << i;
	return r;
}

/* Floating point registers hold raw IEEE bits, singles NaN-boxed. */
#define IR_BOX32 UINT64_C(0xffffffff00000000)
#define IR_SIGN32 UINT64_C(0x80000000)
#define IR_SIGN64 (UINT64_C(1) << 63)

/* A single from an f register: a broken NaN box reads as the canonical
 * NaN (RISC-V). */
static inline uint64_t ir_unbox32(uint64_t v)
{
	return (v >> 32) == 0xffffffff ? (uint32_t)v : UINT64_C(0x7fc00000);
}

/* RISC-V fclass of x (raw bits, ebits exponent and fbits fraction bits):
 * -inf, -normal, -subnormal, -0, +0, +subnormal, +normal, +inf, sNaN, qNaN
 * are bits 0..9. */
static inline uint64_t ir_fclass(uint64_t x, unsigned ebits, unsigned fbits)
{
	uint64_t emax = (UINT64_C(1) << ebits) - 1;
	int neg = (int)((x >> (ebits + fbits)) & 1);
	uint64_t e = (x >> fbits) & emax;
	uint64_t m = x & ((UINT64_C(1) << fbits) - 1);

	if (e == emax) {
		if (!m)
			return neg ? 1u << 0 : 1u << 7;
		return (m >> (fbits - 1)) ? 1u << 9 : 1u << 8;
	}
	if (!e) {
		if (!m)
			return neg ? 1u << 3 : 1u << 4;
		return neg ? 1u << 2 : 1u << 5;
	}
	return neg ? 1u << 1 : 1u << 6;
}

/* d = opc(a, b, imm) for a computational op; 0 for any other opc. */
static inline __attribute__((always_inline)) uint64_t
ir_alu(unsigned opc, uint64_t a, uint64_t b, uint64_t imm)
{
	switch (opc) {
	case IR_MOVI:
		return imm;
	case IR_MOV:
		return a;
	case IR_ADD:
		return a + b;
	case IR_ADDI:
		return a + imm;
	case IR_SUB:
		return a - b;
	case IR_AND:
		return a & b;
	case IR_ANDI:
		return a & imm;
	case IR_OR:
		return a | b;
	case IR_ORI:
		return a | imm;
	case IR_XOR:
		return a ^ b;
	case IR_XORI:
		return a ^ imm;
	case IR_SHL:
		return a << (b & 63);
	case IR_SHLI:
		return a << (imm & 63);
	case IR_SHR:
		return a >> (b & 63);
	case IR_SHRI:
		return a >> (imm & 63);
	case IR_SAR:
		return (uint64_t)((int64_t)a >> (b & 63));
	case IR_SARI:
		return (uint64_t)((int64_t)a >> (imm & 63));
	case IR_SLT:
		return (int64_t)a < (int64_t)b;
	case IR_SLTI:
		return (int64_t)a < (int64_t)imm;
	case IR_SLTU:
		return a < b;
	case IR_SLTIU:
		return a < imm;
	case IR_ADDW:
		return ir_sext32(a + b);
	case IR_ADDIW:
		return ir_sext32(a + imm);
	case IR_SUBW:
		return ir_sext32(a - b);
	case IR_SHLW:
		return ir_sext32((uint32_t)a << (b & 31));
	case IR_SHLIW:
		return ir_sext32((uint32_t)a << (imm & 31));
	case IR_SHRW:
		return ir_sext32((uint32_t)a >> (b & 31));
	case IR_SHRIW:
		return ir_sext32((uint32_t)a >> (imm & 31));
	case IR_SARW:
		return (uint64_t)(int64_t)((int32_t)(uint32_t)a >> (b & 31));
	case IR_SARIW:
		return (uint64_t)(int64_t)((int32_t)(uint32_t)a >> (imm & 31));
	case IR_MUL:
		return a * b;
	case IR_MULH:
		return ir_mulh64(a, b);
	case IR_MULHU:
		return ir_mulhu64(a, b);
	case IR_MULHSU:
		return ir_mulhsu64(a, b);
	case IR_MULW:
		return ir_sext32((uint32_t)a * (uint32_t)b);
	case IR_DIV:
		return ir_div64(a, b);
	case IR_DIVU:
		return b ? a / b : UINT64_MAX;
	case IR_REM:
		return ir_rem64(a, b);
	case IR_REMU:
		return b ? a % b : a;
	case IR_DIVW:
		return ir_divw(a, b);
	case IR_DIVUW:
		return (uint32_t)b ? ir_sext32((uint32_t)a / (uint32_t)b)
				   : UINT64_MAX;
	case IR_REMW:
		return ir_remw(a, b);
	case IR_REMUW:
		return (uint32_t)b ? ir_sext32((uint32_t)a % (uint32_t)b)
				   : ir_sext32(a);
	case IR_SHADD:
		return (a << (imm & 63)) + b;
	case IR_SHADDUW:
		return ((uint64_t)(uint32_t)a << (imm & 63)) + b;
	case IR_SHLIUW:
		return (uint64_t)(uint32_t)a << (imm & 63);
	case IR_ANDN:
		return a & ~b;
	case IR_ORN:
		return a | ~b;
	case IR_XNOR:
		return ~(a ^ b);
	case IR_CLZ:
		return a ? (uint64_t)__builtin_clzll(a) : 64;
	case IR_CTZ:
		return a ? (uint64_t)__builtin_ctzll(a) : 64;
	case IR_CPOP:
		return (uint64_t)__builtin_popcountll(a);
	case IR_CLZW:
		return (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32;
	case IR_CTZW:
		return (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32;
	case IR_CPOPW:
		return (uint64_t)__builtin_popcount((uint32_t)a);
	case IR_MIN:
		return (int64_t)a < (int64_t)b ? a : b;
	case IR_MAX:
		return (int64_t)a > (int64_t)b ? a : b;
	case IR_MINU:
		return a < b ? a : b;
	case IR_MAXU:
		return a > b ? a : b;
	case IR_SEXTB:
		return (uint64_t)(int64_t)(int8_t)(uint8_t)a;
	case IR_SEXTH:
		return (uint64_t)(int64_t)(int16_t)(uint16_t)a;
	case IR_ZEXTH:
		return (uint16_t)a;
	case IR_ROL:
		return ir_rol64(a, (unsigned)b);
	case IR_ROR:
		return ir_rol64(a, (64 - (unsigned)(b & 63)) & 63);
	case IR_RORI:
		return ir_rol64(a, (64 - (unsigned)(imm & 63)) & 63);
	case IR_ROLW:
		return ir_sext32(ir_rol32((uint32_t)a, (unsigned)b));
	case IR_RORW:
		return ir_sext32(
		    ir_rol32((uint32_t)a, (32 - (unsigned)(b & 31)) & 31));
	case IR_RORIW:
		return ir_sext32(
		    ir_rol32((uint32_t)a, (32 - (unsigned)(imm & 31)) & 31));
	case IR_ORCB:
		return ir_orc_b(a);
	case IR_REV8:
		return __builtin_bswap64(a);
	case IR_BCLR:
		return a & ~(1ull << (b & 63));
	case IR_BSET:
		return a | (1ull << (b & 63));
	case IR_BINV:
		return a ^ (1ull << (b & 63));
	case IR_BEXT:
		return (a >> (b & 63)) & 1;
	case IR_BEXTI:
		return (a >> (imm & 63)) & 1;
	case IR_FSGNJ_S:
		return (ir_unbox32(a) & ~IR_SIGN32) |
		       (ir_unbox32(b) & IR_SIGN32) | IR_BOX32;
	case IR_FSGNJN_S:
		return (ir_unbox32(a) & ~IR_SIGN32) |
		       (~ir_unbox32(b) & IR_SIGN32) | IR_BOX32;
	case IR_FSGNJX_S:
		return (ir_unbox32(a) ^ (ir_unbox32(b) & IR_SIGN32)) | IR_BOX32;
	case IR_FSGNJ_D:
		return (a & ~IR_SIGN64) | (b & IR_SIGN64);
	case IR_FSGNJN_D:
		return (a & ~IR_SIGN64) | (~b & IR_SIGN64);
	case IR_FSGNJX_D:
		return a ^ (b & IR_SIGN64);
	case IR_FCLASS_S:
		return ir_fclass(ir_unbox32(a), 8, 23);
	case IR_FCLASS_D:
		return ir_fclass(a, 11, 52);
	case IR_NBOX:
		return (uint32_t)a | IR_BOX32;
	default:
		return 0;
	}
}

/* ir_alu as a real function (for a JIT's calls): d = opc(a, b, imm). */
uint64_t ir_alu_call(uint64_t a, uint64_t b, uint64_t imm, unsigned opc);

#endif
