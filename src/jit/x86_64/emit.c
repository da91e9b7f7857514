/*
 * The x86-64 encoder (see emit.h).  Encoding facts used here (Intel SDM
 * vol. 2, chapter 2):
 *   - order: [0x66 operand-size] [mandatory prefix] [REX] opcode ModRM
 *     [SIB] [disp8/disp32] [imm];
 *   - REX = 0100WRXB: W 64-bit operand, R/X/B extend ModRM.reg, SIB.index
 *     and ModRM.rm / SIB.base to r8..r15; a byte operand in spl/bpl/sil/dil
 *     needs a REX prefix (without one, 4..7 mean ah/ch/dh/bh);
 *   - ModRM = mod(2) reg(3) rm(3); mod 3 is a register; rm 100 means a SIB
 *     byte follows (so rsp/r12 as a base need one); mod 0 with rm 101 is
 *     rip-relative (so rbp/r13 as a base need a disp8 of 0);
 *   - SIB = scale(2) index(3) base(3); index 100 without REX.X is "none".
 */
#include "jit/x86_64/emit.h"

#include <string.h>

void x64_init(struct x64_asm *a, uint8_t *buf, uint8_t *end)
{
	a->start = a->p = buf;
	a->end = end;
	a->overflow = false;
}

void x64_byte(struct x64_asm *a, uint8_t b)
{
	if (a->p < a->end)
		*a->p++ = b;
	else
		a->overflow = true;
}

void x64_u32(struct x64_asm *a, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		x64_byte(a, (uint8_t)(v >> (8 * i)));
}

void x64_u64(struct x64_asm *a, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		x64_byte(a, (uint8_t)(v >> (8 * i)));
}

/* Prefixes, REX and opcode bytes of one instruction.  rex_r/x/b are the
 * register numbers that land in ModRM.reg, SIB.index and rm/base (-1: none);
 * byte_regs lists registers used as byte operands. */
static void prefix_opcode(struct x64_asm *a, unsigned size, uint32_t opc,
			  int reg, int index, int base, bool byte_reg_rm)
{
	if (size == 2)
		x64_byte(a, 0x66);
	if (opc >> 16)
		x64_byte(a, (uint8_t)(opc >> 16));
	uint8_t rex = 0;
	if (size == 8)
		rex |= 8;
	if (reg >= 8)
		rex |= 4;
	if (index >= 8)
		rex |= 2;
	if (base >= 8)
		rex |= 1;
	/* spl, bpl, sil, dil as byte operands exist only with REX. */
	if (size == 1 &&
	    ((reg >= 4 && reg < 8) || (byte_reg_rm && base >= 4 && base < 8)))
		rex |= 0x40;
	if (rex)
		x64_byte(a, 0x40 | rex);
	if ((opc & 0xffff) > 0xff)
		x64_byte(a, (uint8_t)(opc >> 8));
	x64_byte(a, (uint8_t)opc);
}

void x64_rr(struct x64_asm *a, unsigned size, uint32_t opc, int reg, int rm)
{
	prefix_opcode(a, size, opc, reg, -1, rm, true);
	x64_byte(a, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

void x64_rm(struct x64_asm *a, unsigned size, uint32_t opc, int reg,
	    struct x64_mem m)
{
	prefix_opcode(a, size, opc, reg, m.index, m.base, false);
	unsigned mod;
	if (m.disp == 0 && (m.base & 7) != X64_RBP)
		mod = 0;
	else if (x64_fits_s8(m.disp))
		mod = 1;
	else
		mod = 2;
	bool sib = m.index != X64_NOREG || (m.base & 7) == X64_RSP;
	x64_byte(a,
		 (uint8_t)(mod << 6 | (reg & 7) << 3 | (sib ? 4 : m.base & 7)));
	if (sib) {
		unsigned ss = m.scale == 8   ? 3
			      : m.scale == 4 ? 2
			      : m.scale == 2 ? 1
					     : 0;
		unsigned idx = m.index == X64_NOREG ? 4 : (unsigned)m.index & 7;
		x64_byte(a, (uint8_t)(ss << 6 | idx << 3 | (m.base & 7)));
	}
	if (mod == 1)
		x64_byte(a, (uint8_t)(int8_t)m.disp);
	else if (mod == 2)
		x64_u32(a, (uint32_t)m.disp);
}

void x64_mov_rr(struct x64_asm *a, unsigned size, int dst, int src)
{
	x64_rr(a, size, size == 1 ? 0x88 : 0x89, src, dst);
}

void x64_load(struct x64_asm *a, unsigned size, int dst, struct x64_mem m)
{
	x64_rm(a, size, size == 1 ? 0x8a : 0x8b, dst, m);
}

void x64_store(struct x64_asm *a, unsigned size, struct x64_mem m, int src)
{
	x64_rm(a, size, size == 1 ? 0x88 : 0x89, src, m);
}

void x64_mov_imm(struct x64_asm *a, int dst, uint64_t imm)
{
	/* No xor-zeroing: callers may keep flags alive across a move. */
	if (imm <= UINT32_MAX) {
		/* mov r32, imm32 zero-extends */
		if (dst >= 8)
			x64_byte(a, 0x41);
		x64_byte(a, (uint8_t)(0xb8 + (dst & 7)));
		x64_u32(a, (uint32_t)imm);
	} else if (x64_fits_s32((int64_t)imm)) {
		x64_rr(a, 8, 0xc7, 0, dst);
		x64_u32(a, (uint32_t)imm);
	} else {
		x64_byte(a, (uint8_t)(0x48 | (dst >= 8 ? 1 : 0)));
		x64_byte(a, (uint8_t)(0xb8 + (dst & 7)));
		x64_u64(a, imm);
	}
}

void x64_store_imm32(struct x64_asm *a, unsigned size, struct x64_mem m,
		     int32_t imm)
{
	x64_rm(a, size, 0xc7, 0, m);
	x64_u32(a, (uint32_t)imm);
}

void x64_load_sx(struct x64_asm *a, unsigned from, int dst, struct x64_mem m)
{
	if (from == 4)
		x64_rm(a, 8, 0x63, dst, m);
	else
		x64_rm(a, 8, from == 1 ? 0x0fbe : 0x0fbf, dst, m);
}

void x64_load_zx(struct x64_asm *a, unsigned from, int dst, struct x64_mem m)
{
	/* The 32-bit form zero-extends to 64 bits anyway. */
	x64_rm(a, 4, from == 1 ? 0x0fb6 : 0x0fb7, dst, m);
}

void x64_movsxd_rr(struct x64_asm *a, int dst, int src)
{
	x64_rr(a, 8, 0x63, dst, src);
}

void x64_lea(struct x64_asm *a, int dst, struct x64_mem m)
{
	x64_rm(a, 8, 0x8d, dst, m);
}

void x64_alu_rr(struct x64_asm *a, unsigned size, enum x64_alu op, int dst,
		int src)
{
	x64_rr(a, size, (uint32_t)(8 * op + (size == 1 ? 0 : 1)), src, dst);
}

void x64_alu_rm(struct x64_asm *a, unsigned size, enum x64_alu op, int dst,
		struct x64_mem m)
{
	x64_rm(a, size, (uint32_t)(8 * op + (size == 1 ? 2 : 3)), dst, m);
}

void x64_alu_mr(struct x64_asm *a, unsigned size, enum x64_alu op,
		struct x64_mem m, int src)
{
	x64_rm(a, size, (uint32_t)(8 * op + (size == 1 ? 0 : 1)), src, m);
}

void x64_alu_ri(struct x64_asm *a, unsigned size, enum x64_alu op, int dst,
		int32_t imm)
{
	if (x64_fits_s8(imm)) {
		x64_rr(a, size, 0x83, op, dst);
		x64_byte(a, (uint8_t)(int8_t)imm);
	} else {
		x64_rr(a, size, 0x81, op, dst);
		x64_u32(a, (uint32_t)imm);
	}
}

void x64_alu_mi(struct x64_asm *a, unsigned size, enum x64_alu op,
		struct x64_mem m, int32_t imm)
{
	if (x64_fits_s8(imm)) {
		x64_rm(a, size, 0x83, op, m);
		x64_byte(a, (uint8_t)(int8_t)imm);
	} else {
		x64_rm(a, size, 0x81, op, m);
		x64_u32(a, (uint32_t)imm);
	}
}

void x64_test_rr(struct x64_asm *a, unsigned size, int r1, int r2)
{
	x64_rr(a, size, size == 1 ? 0x84 : 0x85, r2, r1);
}

void x64_shift_cl(struct x64_asm *a, unsigned size, enum x64_shift op, int dst)
{
	x64_rr(a, size, 0xd3, op, dst);
}

void x64_shift_ri(struct x64_asm *a, unsigned size, enum x64_shift op, int dst,
		  uint8_t imm)
{
	x64_rr(a, size, 0xc1, op, dst);
	x64_byte(a, imm);
}

void x64_grp3_r(struct x64_asm *a, unsigned size, enum x64_grp3 op, int r)
{
	x64_rr(a, size, 0xf7, op, r);
}

void x64_grp3_m(struct x64_asm *a, unsigned size, enum x64_grp3 op,
		struct x64_mem m)
{
	x64_rm(a, size, 0xf7, op, m);
}

void x64_imul_rr(struct x64_asm *a, unsigned size, int dst, int src)
{
	x64_rr(a, size, 0x0faf, dst, src);
}

void x64_imul_rm(struct x64_asm *a, unsigned size, int dst, struct x64_mem m)
{
	x64_rm(a, size, 0x0faf, dst, m);
}

void x64_cqo(struct x64_asm *a)
{
	x64_byte(a, 0x48);
	x64_byte(a, 0x99);
}

void x64_cdq(struct x64_asm *a)
{
	x64_byte(a, 0x99);
}

void x64_setcc(struct x64_asm *a, enum x64_cc cc, int dst8)
{
	x64_rr(a, 1, 0x0f90 + cc, 0, dst8);
}

void x64_cmov(struct x64_asm *a, unsigned size, enum x64_cc cc, int dst,
	      int src)
{
	x64_rr(a, size, 0x0f40 + cc, dst, src);
}

void x64_bswap(struct x64_asm *a, unsigned size, int r)
{
	uint8_t rex = (uint8_t)((size == 8 ? 8 : 0) | (r >= 8 ? 1 : 0));
	if (rex)
		x64_byte(a, 0x40 | rex);
	x64_byte(a, 0x0f);
	x64_byte(a, (uint8_t)(0xc8 + (r & 7)));
}

void x64_call_r(struct x64_asm *a, int r)
{
	x64_rr(a, 4, 0xff, 2, r);
}

void x64_jmp_r(struct x64_asm *a, int r)
{
	x64_rr(a, 4, 0xff, 4, r);
}

void x64_jmp_m(struct x64_asm *a, struct x64_mem m)
{
	x64_rm(a, 4, 0xff, 4, m);
}

/* rel32 from the end of the instruction (p + len) to target. */
static void rel32(struct x64_asm *a, const void *target)
{
	intptr_t d = (intptr_t)target - (intptr_t)(a->p + 4);
	x64_u32(a, (uint32_t)(int32_t)d);
}

void x64_jmp_abs32(struct x64_asm *a, const void *target)
{
	x64_byte(a, 0xe9);
	rel32(a, target);
}

void x64_jcc_abs32(struct x64_asm *a, enum x64_cc cc, const void *target)
{
	x64_byte(a, 0x0f);
	x64_byte(a, (uint8_t)(0x80 + cc));
	rel32(a, target);
}

uint8_t *x64_jcc8(struct x64_asm *a, enum x64_cc cc)
{
	x64_byte(a, (uint8_t)(0x70 + cc));
	x64_byte(a, 0);
	return a->p - 1;
}

uint8_t *x64_jmp8(struct x64_asm *a)
{
	x64_byte(a, 0xeb);
	x64_byte(a, 0);
	return a->p - 1;
}

void x64_bind8(struct x64_asm *a, uint8_t *patch)
{
	/* After an overflow the patch place may be stale; nothing runs. */
	if (a->overflow)
		return;
	intptr_t d = a->p - (patch + 1);
	/* Short branches only jump over a few instructions (an assert: the
	 * translator never emits a longer forward body). */
	if (d > 127)
		__builtin_trap();
	*patch = (uint8_t)(int8_t)d;
}

uint8_t *x64_jcc32(struct x64_asm *a, enum x64_cc cc)
{
	x64_byte(a, 0x0f);
	x64_byte(a, (uint8_t)(0x80 + cc));
	x64_u32(a, 0);
	return a->p - 4;
}

uint8_t *x64_jmp32(struct x64_asm *a)
{
	x64_byte(a, 0xe9);
	x64_u32(a, 0);
	return a->p - 4;
}

void x64_bind32(struct x64_asm *a, uint8_t *patch)
{
	/* After an overflow the patch place may be stale; nothing runs. */
	if (a->overflow)
		return;
	intptr_t d = a->p - (patch + 4);
	uint32_t v = (uint32_t)(int32_t)d;
	memcpy(patch, &v, 4);
}

void x64_push(struct x64_asm *a, int r)
{
	if (r >= 8)
		x64_byte(a, 0x41);
	x64_byte(a, (uint8_t)(0x50 + (r & 7)));
}

void x64_pop(struct x64_asm *a, int r)
{
	if (r >= 8)
		x64_byte(a, 0x41);
	x64_byte(a, (uint8_t)(0x58 + (r & 7)));
}

void x64_ret(struct x64_asm *a)
{
	x64_byte(a, 0xc3);
}

void x64_test_mi8(struct x64_asm *a, struct x64_mem m, uint8_t imm)
{
	x64_rm(a, 1, 0xf6, 0, m);
	x64_byte(a, imm);
}

void x64_sse_rr(struct x64_asm *a, enum x64_sse opc, int xd, int xs)
{
	x64_rr(a, 4, (uint32_t)opc, xd, xs);
}

void x64_sse_rm(struct x64_asm *a, enum x64_sse opc, int xd, struct x64_mem m)
{
	x64_rm(a, 4, (uint32_t)opc, xd, m);
}

void x64_cvtsi2f(struct x64_asm *a, enum x64_sse opc, unsigned size, int xd,
		 int r)
{
	x64_rr(a, size, (uint32_t)opc, xd, r);
}

void x64_cvtf2si(struct x64_asm *a, enum x64_sse opc, int r, int xs)
{
	x64_rr(a, 8, (uint32_t)opc, r, xs);
}

/* 66 [REX.W] 0f 6e /r: movd/movq xmm, r/m; 0f 7e: movd/movq r/m, xmm. */
void x64_movq_to_x(struct x64_asm *a, unsigned size, int xd, int r)
{
	x64_rr(a, size, 0x660f6e, xd, r);
}

void x64_movq_from_x(struct x64_asm *a, unsigned size, int r, int xs)
{
	x64_rr(a, size, 0x660f7e, xs, r);
}

/* Three-byte VEX: c4, [R' X' B' m-mmmm = 0f38], [W vvvv' L=0 pp = 66],
 * with R', X', B' and vvvv' the inverted register bits. */
void x64_vfma231(struct x64_asm *a, enum x64_fma opc, bool w, int xd, int x1,
		 int x2)
{
	x64_byte(a, 0xc4);
	x64_byte(a, (uint8_t)((xd >= 8 ? 0 : 0x80) | 0x40 |
			      (x2 >= 8 ? 0 : 0x20) | 0x02));
	x64_byte(a, (uint8_t)((w ? 0x80 : 0) | ((~x1 & 15) << 3) | 0x01));
	x64_byte(a, (uint8_t)opc);
	x64_byte(a, (uint8_t)(0xc0 | (xd & 7) << 3 | (x2 & 7)));
}
