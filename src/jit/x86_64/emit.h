/*
 * An x86-64 instruction encoder: just the instructions the JIT uses, written
 * from the encoding rules (legacy prefix, REX, opcode, ModRM, SIB,
 * displacement, immediate).
 *
 * Design: two general forms carry every ModRM instruction, x64_rr (register
 * operand) and x64_rm (memory operand [base + index*scale + disp]); an
 * opcode is given as one or two bytes (0x0f xx as 0x0fxx), optionally with
 * a mandatory prefix in bits 16..23 (0xf3 for popcnt), and the operand size
 * (1, 2, 4, 8 bytes) decides the 0x66 prefix and REX.W.  Named helpers
 * below build the common instructions on top.  Bytes go to a bounded
 * buffer; writing past its end only sets `overflow` (checked once per
 * block), so the encoder never writes out of bounds.
 */
#ifndef LOUPE_JIT_X86_64_EMIT_H
#define LOUPE_JIT_X86_64_EMIT_H

#include <stdbool.h>
#include <stdint.h>

enum x64_reg {
	X64_RAX,
	X64_RCX,
	X64_RDX,
	X64_RBX,
	X64_RSP,
	X64_RBP,
	X64_RSI,
	X64_RDI,
	X64_R8,
	X64_R9,
	X64_R10,
	X64_R11,
	X64_R12,
	X64_R13,
	X64_R14,
	X64_R15,
	X64_NOREG = -1,
};

/* Condition codes (the low nibble of jcc/setcc/cmovcc). */
enum x64_cc {
	X64_CC_O,
	X64_CC_NO,
	X64_CC_B,
	X64_CC_AE,
	X64_CC_E,
	X64_CC_NE,
	X64_CC_BE,
	X64_CC_A,
	X64_CC_S,
	X64_CC_NS,
	X64_CC_P,
	X64_CC_NP,
	X64_CC_L,
	X64_CC_GE,
	X64_CC_LE,
	X64_CC_G,
};

/* Group-1 ALU operations (the /n of 0x81/0x83, and opcode 8*n+1/+3). */
enum x64_alu {
	X64_ADD,
	X64_OR,
	X64_ADC,
	X64_SBB,
	X64_AND,
	X64_SUB,
	X64_XOR,
	X64_CMP,
};

/* Group-2 shifts and rotates (the /n of 0xc1/0xd3). */
enum x64_shift {
	X64_ROL = 0,
	X64_ROR = 1,
	X64_SHL = 4,
	X64_SHR = 5,
	X64_SAR = 7,
};

struct x64_mem {
	int base, index; /* X64_NOREG for none (base is required) */
	int scale;	 /* 1, 2, 4 or 8 */
	int32_t disp;
};

struct x64_asm {
	uint8_t *start, *p, *end;
	bool overflow;
};

static inline struct x64_mem x64_mem(int base, int32_t disp)
{
	return (struct x64_mem){base, X64_NOREG, 1, disp};
}

static inline struct x64_mem x64_mem_idx(int base, int index, int scale,
					 int32_t disp)
{
	return (struct x64_mem){base, index, scale, disp};
}

static inline bool x64_fits_s32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

static inline bool x64_fits_s8(int64_t v)
{
	return v >= -128 && v <= 127;
}

void x64_init(struct x64_asm *a, uint8_t *buf, uint8_t *end);
void x64_byte(struct x64_asm *a, uint8_t b);
void x64_u32(struct x64_asm *a, uint32_t v);
void x64_u64(struct x64_asm *a, uint64_t v);

/* opc reg, rm (register form) and opc reg, [mem]; size 1/2/4/8. */
void x64_rr(struct x64_asm *a, unsigned size, uint32_t opc, int reg, int rm);
void x64_rm(struct x64_asm *a, unsigned size, uint32_t opc, int reg,
	    struct x64_mem m);

/* Moves. */
void x64_mov_rr(struct x64_asm *a, unsigned size, int dst, int src);
void x64_load(struct x64_asm *a, unsigned size, int dst, struct x64_mem m);
void x64_store(struct x64_asm *a, unsigned size, struct x64_mem m, int src);
/* dst = imm (the shortest encoding that leaves the flags alone). */
void x64_mov_imm(struct x64_asm *a, int dst, uint64_t imm);
/* qword [m] = sign-extended imm32. */
void x64_store_imm32(struct x64_asm *a, unsigned size, struct x64_mem m,
		     int32_t imm);
/* movsx/movzx dst(64), [m] of 1 or 2 bytes; movsxd for 4 (sign only). */
void x64_load_sx(struct x64_asm *a, unsigned from, int dst, struct x64_mem m);
void x64_load_zx(struct x64_asm *a, unsigned from, int dst, struct x64_mem m);
void x64_movsxd_rr(struct x64_asm *a, int dst, int src);
void x64_lea(struct x64_asm *a, int dst, struct x64_mem m);

/* Group-1 ALU: dst op= src, dst op= [m], dst op= imm, [m] op= imm. */
void x64_alu_rr(struct x64_asm *a, unsigned size, enum x64_alu op, int dst,
		int src);
void x64_alu_rm(struct x64_asm *a, unsigned size, enum x64_alu op, int dst,
		struct x64_mem m);
void x64_alu_ri(struct x64_asm *a, unsigned size, enum x64_alu op, int dst,
		int32_t imm);
void x64_alu_mi(struct x64_asm *a, unsigned size, enum x64_alu op,
		struct x64_mem m, int32_t imm);
/* [m] op= src */
void x64_alu_mr(struct x64_asm *a, unsigned size, enum x64_alu op,
		struct x64_mem m, int src);
void x64_test_rr(struct x64_asm *a, unsigned size, int r1, int r2);

/* Shifts and rotates by cl or by an immediate. */
void x64_shift_cl(struct x64_asm *a, unsigned size, enum x64_shift op, int dst);
void x64_shift_ri(struct x64_asm *a, unsigned size, enum x64_shift op, int dst,
		  uint8_t imm);

/* Group-3 unary ops on a register: not (2), neg (3); rdx:rax ops on a
 * register or memory operand: mul (4), imul (5), div (6), idiv (7). */
enum x64_grp3 {
	X64_NOT = 2,
	X64_NEG = 3,
	X64_MUL = 4,
	X64_IMUL1 = 5,
	X64_DIV = 6,
	X64_IDIV = 7,
};
void x64_grp3_r(struct x64_asm *a, unsigned size, enum x64_grp3 op, int r);
void x64_grp3_m(struct x64_asm *a, unsigned size, enum x64_grp3 op,
		struct x64_mem m);
void x64_imul_rr(struct x64_asm *a, unsigned size, int dst, int src);
void x64_imul_rm(struct x64_asm *a, unsigned size, int dst, struct x64_mem m);
void x64_cqo(struct x64_asm *a);
void x64_cdq(struct x64_asm *a);

void x64_setcc(struct x64_asm *a, enum x64_cc cc, int dst8);
void x64_cmov(struct x64_asm *a, unsigned size, enum x64_cc cc, int dst,
	      int src);
void x64_bswap(struct x64_asm *a, unsigned size, int r);

/* Calls and jumps.  Rel32 targets are absolute addresses inside the code
 * arena; a forward label is the offset of a rel8/rel32 field to patch. */
void x64_call_r(struct x64_asm *a, int r);
void x64_jmp_r(struct x64_asm *a, int r);
void x64_jmp_m(struct x64_asm *a, struct x64_mem m);
void x64_jmp_abs32(struct x64_asm *a, const void *target);
void x64_jcc_abs32(struct x64_asm *a, enum x64_cc cc, const void *target);
/* Short forward branches: returns the place to patch with x64_bind8. */
uint8_t *x64_jcc8(struct x64_asm *a, enum x64_cc cc);
uint8_t *x64_jmp8(struct x64_asm *a);
void x64_bind8(struct x64_asm *a, uint8_t *patch);
/* Forward branches with a 32-bit displacement (to out-of-line code):
 * returns the rel32 field to patch with x64_bind32. */
uint8_t *x64_jcc32(struct x64_asm *a, enum x64_cc cc);
uint8_t *x64_jmp32(struct x64_asm *a);
void x64_bind32(struct x64_asm *a, uint8_t *patch);
void x64_push(struct x64_asm *a, int r);
void x64_pop(struct x64_asm *a, int r);
void x64_ret(struct x64_asm *a);

/* test byte [m], imm8 */
void x64_test_mi8(struct x64_asm *a, struct x64_mem m, uint8_t imm);

/* Scalar SSE/SSE2.  An opcode is its mandatory prefix << 16 | 0x0fxx (the
 * x64_rr/x64_rm convention); xmm registers are numbered like the GPRs. */
enum x64_sse {
	X64_MOVSD = 0xf20f10, /* load form: xmm = [m] (upper half cleared) */
	X64_MOVSS = 0xf30f10,
	X64_SQRTSD = 0xf20f51,
	X64_ADDSD = 0xf20f58,
	X64_MULSD = 0xf20f59,
	X64_CVTSD2SS = 0xf20f5a,
	X64_SUBSD = 0xf20f5c,
	X64_DIVSD = 0xf20f5e,
	X64_SQRTSS = 0xf30f51,
	X64_ADDSS = 0xf30f58,
	X64_MULSS = 0xf30f59,
	X64_CVTSS2SD = 0xf30f5a,
	X64_SUBSS = 0xf30f5c,
	X64_DIVSS = 0xf30f5e,
	X64_UCOMISD = 0x660f2e,
	X64_UCOMISS = 0x0f2e,
	X64_XORPS = 0x0f57,
	X64_CVTSI2SD = 0xf20f2a, /* xmm = int (size 4 or 8) */
	X64_CVTSI2SS = 0xf30f2a,
	X64_CVTTSD2SI = 0xf20f2c, /* r64 = int (truncating) */
	X64_CVTSD2SI = 0xf20f2d,  /* r64 = int (MXCSR rounding) */
	X64_CVTTSS2SI = 0xf30f2c,
	X64_CVTSS2SI = 0xf30f2d,
};
/* xd op= xs / [m] */
void x64_sse_rr(struct x64_asm *a, enum x64_sse opc, int xd, int xs);
void x64_sse_rm(struct x64_asm *a, enum x64_sse opc, int xd, struct x64_mem m);
/* cvtsi2sd/ss xd, r (size 4: r32, 8: r64) */
void x64_cvtsi2f(struct x64_asm *a, enum x64_sse opc, unsigned size, int xd,
		 int r);
/* cvt(t)sd/ss2si r64, xs */
void x64_cvtf2si(struct x64_asm *a, enum x64_sse opc, int r, int xs);
/* movd/movq between a GPR and an xmm register (size 4 or 8); to the xmm
 * register the upper bits are cleared. */
void x64_movq_to_x(struct x64_asm *a, unsigned size, int xd, int r);
void x64_movq_from_x(struct x64_asm *a, unsigned size, int r, int xs);

/* FMA3 (VEX): xd = x1 * x2 +- xd, negated for the fnm forms; double
 * (w) or single. */
enum x64_fma {
	X64_VFMADD231 = 0xb9,
	X64_VFMSUB231 = 0xbb,
	X64_VFNMADD231 = 0xbd, /* -(x1 * x2) + xd */
	X64_VFNMSUB231 = 0xbf, /* -(x1 * x2) - xd */
};
void x64_vfma231(struct x64_asm *a, enum x64_fma opc, bool w, int xd, int x1,
		 int x2);

#endif
