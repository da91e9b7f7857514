/*
 * The RISC-V decoder: guest bytes -> struct rv_insn (see insn.h).
 *
 * Design: one pass of switches on the major opcode and then the funct
 * fields, as the ISA manual lays the encodings out.  Each case names its
 * mnemonic in a comment and builds the descriptor through a handful of
 * format helpers (r_type, i_type, load, store, branch, ...) that take the
 * fields as plain arguments; the compressed decoder calls the same helpers
 * with the fields of the 32-bit expansion, so a 16-bit instruction yields
 * exactly the descriptor of its expansion plus len == 2 and cform.
 *
 * Supported: RV64I, M, A, F, D, C, Zicsr, Zifencei, Zba, Zbb, Zbs.
 * Everything else -- other extensions, reserved encodings, RV32-only forms,
 * fmt other than S/D, out-of-range shift amounts -- is illegal.  Compressed
 * HINTs (c.nop with an immediate, c.li/c.lui/c.mv/c.add/c.slli with rd = x0,
 * shift amounts of zero) are legal: they expand to instructions that write
 * x0 or do nothing.  Reserved static rounding modes (5, 6) still decode;
 * the FPU rejects them at run time, as it must for a dynamic frm.  FENCE
 * decodes whatever fm/rd/rs1 hold (the ISA says to treat such reserved
 * forms as an ordinary fence); only fm = 8 with pred = succ = rw is
 * fence.tso.
 *
 * Operand conventions (what the translator and plugin API can rely on):
 *  - operands[] is in assembly order, destination first; x0 operands are
 *    listed (uses/defs leave x0 out);
 *  - x registers are 64 bits wide, f registers 32 (S) or 64 (D) bits;
 *  - loads/stores: data register, then MEM{base, offset, access bits};
 *    atomics: rd, [rs2,] MEM{rs1, 0, 32|64};
 *  - branches: rs1, rs2, TARGET{absolute address}; jal: rd, TARGET;
 *    jalr: rd, rs1, IMM{offset};
 *  - CSR ops: rd, CSR{number}, rs1 or IMM{zimm}; insn.csr holds the CSR,
 *    insn.imm the zimm of the *i forms (their rs1 field is left 0);
 *  - fence: IMM{pred}, IMM{succ}; aqrl = pred << 4 | succ, imm = fm;
 *  - FP ops with a rounding-mode field keep it in insn.rm, the others 0.
 *
 * Invariants: the output is fully rewritten on every call; fields a format
 * does not have are zero; an illegal instruction returns false with op,
 * class, operands, uses and defs all zero and len set to its length (2 or
 * 4) so the caller can report it.
 */
#include <string.h>

#include "target/riscv/insn.h"

/* ------------------------------------------------------------------ */
/* Tables from RV_OPS */

static const char *const op_names[RV_OP_COUNT] = {
#define RV_OP_NAME(e, m, c) m,
    RV_OPS(RV_OP_NAME)
#undef RV_OP_NAME
};

static const uint8_t op_classes[RV_OP_COUNT] = {
#define RV_OP_CLASS(e, m, c) c,
    RV_OPS(RV_OP_CLASS)
#undef RV_OP_CLASS
};

static const char *const cform_names[RV_C_COUNT] = {
#define RV_CFORM_NAME(e, m) m,
    RV_CFORMS(RV_CFORM_NAME)
#undef RV_CFORM_NAME
};

static const char *const class_names[RV_CLASS_COUNT] = {
    [RV_CLASS_ILLEGAL] = "illegal", [RV_CLASS_ALU] = "alu",
    [RV_CLASS_MUL] = "mul",	    [RV_CLASS_DIV] = "div",
    [RV_CLASS_BRANCH] = "branch",   [RV_CLASS_JUMP] = "jump",
    [RV_CLASS_LOAD] = "load",	    [RV_CLASS_STORE] = "store",
    [RV_CLASS_ATOMIC] = "atomic",   [RV_CLASS_FP] = "fp",
    [RV_CLASS_FLOAD] = "fload",	    [RV_CLASS_FSTORE] = "fstore",
    [RV_CLASS_CSR] = "csr",	    [RV_CLASS_FENCE] = "fence",
    [RV_CLASS_SYSTEM] = "system",
};

static const char *const xreg_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const freg_names[32] = {
    "ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",	"ft7",
    "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",	"fa5",
    "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",	"fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

const char *rv_op_name(unsigned op)
{
	return op < RV_OP_COUNT ? op_names[op] : "?";
}

enum rv_class rv_op_class(unsigned op)
{
	return op < RV_OP_COUNT ? (enum rv_class)op_classes[op]
				: RV_CLASS_ILLEGAL;
}

const char *rv_class_name(unsigned cls)
{
	return cls < RV_CLASS_COUNT ? class_names[cls] : "?";
}

const char *rv_cform_name(unsigned cform)
{
	return cform < RV_C_COUNT ? cform_names[cform] : "?";
}

const char *rv_xreg_name(unsigned r)
{
	return r < 32 ? xreg_names[r] : "?";
}

const char *rv_freg_name(unsigned r)
{
	return r < 32 ? freg_names[r] : "?";
}

/* ------------------------------------------------------------------ */
/* Field helpers */

/* n bits of w starting at bit lo */
static inline uint32_t field(uint32_t w, unsigned lo, unsigned n)
{
	return (w >> lo) & ((1u << n) - 1);
}

/* sign-extend the low n bits of v */
static inline int64_t sext(uint64_t v, unsigned n)
{
	uint64_t m = 1ull << (n - 1);
	v &= (m << 1) - 1;
	return (int64_t)(v ^ m) - (int64_t)m;
}

static inline unsigned f_rd(uint32_t w)
{
	return field(w, 7, 5);
}
static inline unsigned f_rs1(uint32_t w)
{
	return field(w, 15, 5);
}
static inline unsigned f_rs2(uint32_t w)
{
	return field(w, 20, 5);
}
static inline unsigned f_rs3(uint32_t w)
{
	return field(w, 27, 5);
}
static inline unsigned f_funct3(uint32_t w)
{
	return field(w, 12, 3);
}
static inline unsigned f_funct7(uint32_t w)
{
	return field(w, 25, 7);
}

static inline int64_t imm_i(uint32_t w)
{
	return sext(w >> 20, 12);
}

static inline int64_t imm_s(uint32_t w)
{
	return sext(field(w, 25, 7) << 5 | field(w, 7, 5), 12);
}

static inline int64_t imm_b(uint32_t w)
{
	return sext(field(w, 31, 1) << 12 | field(w, 7, 1) << 11 |
			field(w, 25, 6) << 5 | field(w, 8, 4) << 1,
		    13);
}

static inline int64_t imm_u(uint32_t w)
{
	return sext(w & 0xfffff000u, 32);
}

static inline int64_t imm_j(uint32_t w)
{
	return sext(field(w, 31, 1) << 20 | field(w, 12, 8) << 12 |
			field(w, 20, 1) << 11 | field(w, 21, 10) << 1,
		    21);
}

/* ------------------------------------------------------------------ */
/* Descriptor builders */

enum { X = RV_REGFILE_X, F = RV_REGFILE_F };

static void set_op(struct rv_insn *d, enum rv_op op)
{
	d->op = (uint16_t)op;
	d->cls = op_classes[op];
}

static void opnd(struct rv_insn *d, unsigned kind, unsigned rf, unsigned reg,
		 unsigned bits, int64_t value)
{
	struct rv_operand *o = &d->operands[d->n_operands++];
	o->kind = (uint8_t)kind;
	o->regfile = (uint8_t)rf;
	o->reg = (uint8_t)reg;
	o->bits = (uint8_t)bits;
	o->value = value;
}

static uint64_t reg_bit(unsigned rf, unsigned r)
{
	if (rf == F)
		return 1ull << (32 + r);
	return r ? 1ull << r : 0;
}

static void wr(struct rv_insn *d, unsigned rf, unsigned r, unsigned bits)
{
	opnd(d, RV_OPND_REG_WRITE, rf, r, bits, 0);
	d->defs |= reg_bit(rf, r);
}

static void rd_(struct rv_insn *d, unsigned rf, unsigned r, unsigned bits)
{
	opnd(d, RV_OPND_REG_READ, rf, r, bits, 0);
	d->uses |= reg_bit(rf, r);
}

static void imm(struct rv_insn *d, int64_t v, unsigned bits)
{
	d->imm = v;
	opnd(d, RV_OPND_IMM, RV_REGFILE_NONE, 0, bits, v);
}

static void mem(struct rv_insn *d, unsigned base, int64_t off, unsigned bits)
{
	opnd(d, RV_OPND_MEM, X, base, bits, off);
	d->uses |= reg_bit(X, base);
}

/* op rd, rs1, rs2 (integer) */
static bool r_type(struct rv_insn *d, enum rv_op op, unsigned rd, unsigned rs1,
		   unsigned rs2)
{
	set_op(d, op);
	d->rd = (uint8_t)rd;
	d->rs1 = (uint8_t)rs1;
	d->rs2 = (uint8_t)rs2;
	wr(d, X, rd, 64);
	rd_(d, X, rs1, 64);
	rd_(d, X, rs2, 64);
	return true;
}

/* op rd, rs1 (integer, unary: clz, sext.b, rev8, ...) */
static bool r_unary(struct rv_insn *d, enum rv_op op, unsigned rd, unsigned rs1)
{
	set_op(d, op);
	d->rd = (uint8_t)rd;
	d->rs1 = (uint8_t)rs1;
	wr(d, X, rd, 64);
	rd_(d, X, rs1, 64);
	return true;
}

/* op rd, rs1, imm (bits: width of the immediate or shift amount) */
static bool i_type(struct rv_insn *d, enum rv_op op, unsigned rd, unsigned rs1,
		   int64_t v, unsigned bits)
{
	set_op(d, op);
	d->rd = (uint8_t)rd;
	d->rs1 = (uint8_t)rs1;
	wr(d, X, rd, 64);
	rd_(d, X, rs1, 64);
	imm(d, v, bits);
	return true;
}

/* lui/auipc rd, imm (imm is the 32-bit value, sign-extended) */
static bool u_type(struct rv_insn *d, enum rv_op op, unsigned rd, int64_t v)
{
	set_op(d, op);
	d->rd = (uint8_t)rd;
	wr(d, X, rd, 64);
	imm(d, v, 32);
	return true;
}

/* integer or FP load: rd, off(rs1) */
static bool load(struct rv_insn *d, enum rv_op op, unsigned rf, unsigned rd,
		 unsigned rs1, int64_t off, unsigned bits)
{
	set_op(d, op);
	d->rd = (uint8_t)rd;
	d->rs1 = (uint8_t)rs1;
	d->imm = off;
	wr(d, rf, rd, rf == F ? bits : 64);
	mem(d, rs1, off, bits);
	return true;
}

/* integer or FP store: rs2, off(rs1) */
static bool store(struct rv_insn *d, enum rv_op op, unsigned rf, unsigned rs2,
		  unsigned rs1, int64_t off, unsigned bits)
{
	set_op(d, op);
	d->rs1 = (uint8_t)rs1;
	d->rs2 = (uint8_t)rs2;
	d->imm = off;
	rd_(d, rf, rs2, rf == F ? bits : 64);
	mem(d, rs1, off, bits);
	return true;
}

static bool branch(struct rv_insn *d, enum rv_op op, unsigned rs1, unsigned rs2,
		   int64_t off)
{
	set_op(d, op);
	d->rs1 = (uint8_t)rs1;
	d->rs2 = (uint8_t)rs2;
	d->imm = off;
	rd_(d, X, rs1, 64);
	rd_(d, X, rs2, 64);
	opnd(d, RV_OPND_TARGET, RV_REGFILE_NONE, 0, 64,
	     (int64_t)(d->pc + (uint64_t)off));
	return true;
}

static bool jal(struct rv_insn *d, unsigned rd, int64_t off)
{
	set_op(d, RV_OP_JAL);
	d->rd = (uint8_t)rd;
	d->imm = off;
	wr(d, X, rd, 64);
	opnd(d, RV_OPND_TARGET, RV_REGFILE_NONE, 0, 64,
	     (int64_t)(d->pc + (uint64_t)off));
	return true;
}

static bool jalr(struct rv_insn *d, unsigned rd, unsigned rs1, int64_t off)
{
	return i_type(d, RV_OP_JALR, rd, rs1, off, 12);
}

/* FP op with up to three sources; rf/bits per operand, rs2/rs3 optional */
struct fp_shape {
	uint8_t rd_rf, rd_bits;
	uint8_t rs_rf, rs_bits; /* sources */
	uint8_t nsrc;		/* 1, 2 or 3 */
};

static bool fp_op(struct rv_insn *d, enum rv_op op, struct fp_shape s,
		  uint32_t w, bool has_rm)
{
	set_op(d, op);
	d->rd = (uint8_t)f_rd(w);
	d->rs1 = (uint8_t)f_rs1(w);
	wr(d, s.rd_rf, d->rd, s.rd_bits);
	rd_(d, s.rs_rf, d->rs1, s.rs_bits);
	if (s.nsrc >= 2) {
		d->rs2 = (uint8_t)f_rs2(w);
		rd_(d, s.rs_rf, d->rs2, s.rs_bits);
	}
	if (s.nsrc >= 3) {
		d->rs3 = (uint8_t)f_rs3(w);
		rd_(d, s.rs_rf, d->rs3, s.rs_bits);
	}
	if (has_rm)
		d->rm = (uint8_t)f_funct3(w);
	return true;
}

static bool amo(struct rv_insn *d, enum rv_op op, uint32_t w, bool has_rs2)
{
	unsigned bits = f_funct3(w) == 2 ? 32 : 64;
	set_op(d, op);
	d->rd = (uint8_t)f_rd(w);
	d->rs1 = (uint8_t)f_rs1(w);
	d->aqrl = (uint8_t)field(w, 25, 2);
	wr(d, X, d->rd, 64);
	if (has_rs2) {
		d->rs2 = (uint8_t)f_rs2(w);
		rd_(d, X, d->rs2, 64);
	}
	mem(d, d->rs1, 0, bits);
	return true;
}

static bool csr_op(struct rv_insn *d, enum rv_op op, uint32_t w)
{
	set_op(d, op);
	d->rd = (uint8_t)f_rd(w);
	d->csr = (uint16_t)(w >> 20);
	wr(d, X, d->rd, 64);
	opnd(d, RV_OPND_CSR, RV_REGFILE_NONE, 0, 12, d->csr);
	if (f_funct3(w) & 4) {
		imm(d, f_rs1(w), 5); /* csrr*i: zimm */
	} else {
		d->rs1 = (uint8_t)f_rs1(w);
		rd_(d, X, d->rs1, 64);
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* 32-bit instructions */

/* OP-IMM (0x13) */
static bool dec_op_imm(struct rv_insn *d, uint32_t w)
{
	unsigned rd = f_rd(w), rs1 = f_rs1(w);
	unsigned shamt = field(w, 20, 6), funct6 = field(w, 26, 6);
	switch (f_funct3(w)) {
	case 0: /* addi */
		return i_type(d, RV_OP_ADDI, rd, rs1, imm_i(w), 12);
	case 2: /* slti */
		return i_type(d, RV_OP_SLTI, rd, rs1, imm_i(w), 12);
	case 3: /* sltiu */
		return i_type(d, RV_OP_SLTIU, rd, rs1, imm_i(w), 12);
	case 4: /* xori */
		return i_type(d, RV_OP_XORI, rd, rs1, imm_i(w), 12);
	case 6: /* ori */
		return i_type(d, RV_OP_ORI, rd, rs1, imm_i(w), 12);
	case 7: /* andi */
		return i_type(d, RV_OP_ANDI, rd, rs1, imm_i(w), 12);
	case 1:
		switch (funct6) {
		case 0x00: /* slli */
			return i_type(d, RV_OP_SLLI, rd, rs1, shamt, 6);
		case 0x0a: /* bseti */
			return i_type(d, RV_OP_BSETI, rd, rs1, shamt, 6);
		case 0x12: /* bclri */
			return i_type(d, RV_OP_BCLRI, rd, rs1, shamt, 6);
		case 0x1a: /* binvi */
			return i_type(d, RV_OP_BINVI, rd, rs1, shamt, 6);
		case 0x18:
			switch (w >> 20) {
			case 0x600: /* clz */
				return r_unary(d, RV_OP_CLZ, rd, rs1);
			case 0x601: /* ctz */
				return r_unary(d, RV_OP_CTZ, rd, rs1);
			case 0x602: /* cpop */
				return r_unary(d, RV_OP_CPOP, rd, rs1);
			case 0x604: /* sext.b */
				return r_unary(d, RV_OP_SEXT_B, rd, rs1);
			case 0x605: /* sext.h */
				return r_unary(d, RV_OP_SEXT_H, rd, rs1);
			}
			return false;
		}
		return false;
	case 5:
		switch (funct6) {
		case 0x00: /* srli */
			return i_type(d, RV_OP_SRLI, rd, rs1, shamt, 6);
		case 0x10: /* srai */
			return i_type(d, RV_OP_SRAI, rd, rs1, shamt, 6);
		case 0x18: /* rori */
			return i_type(d, RV_OP_RORI, rd, rs1, shamt, 6);
		case 0x12: /* bexti */
			return i_type(d, RV_OP_BEXTI, rd, rs1, shamt, 6);
		}
		switch (w >> 20) {
		case 0x287: /* orc.b */
			return r_unary(d, RV_OP_ORC_B, rd, rs1);
		case 0x6b8: /* rev8 (RV64 encoding) */
			return r_unary(d, RV_OP_REV8, rd, rs1);
		}
		return false;
	}
	return false;
}

/* OP-IMM-32 (0x1b) */
static bool dec_op_imm32(struct rv_insn *d, uint32_t w)
{
	unsigned rd = f_rd(w), rs1 = f_rs1(w), shamt = f_rs2(w);
	switch (f_funct3(w)) {
	case 0: /* addiw */
		return i_type(d, RV_OP_ADDIW, rd, rs1, imm_i(w), 12);
	case 1:
		if (field(w, 26, 6) == 0x02) /* slli.uw: 6-bit shamt */
			return i_type(d, RV_OP_SLLI_UW, rd, rs1,
				      field(w, 20, 6), 6);
		switch (f_funct7(w)) {
		case 0x00: /* slliw */
			return i_type(d, RV_OP_SLLIW, rd, rs1, shamt, 5);
		case 0x30:
			switch (f_rs2(w)) {
			case 0: /* clzw */
				return r_unary(d, RV_OP_CLZW, rd, rs1);
			case 1: /* ctzw */
				return r_unary(d, RV_OP_CTZW, rd, rs1);
			case 2: /* cpopw */
				return r_unary(d, RV_OP_CPOPW, rd, rs1);
			}
		}
		return false;
	case 5:
		switch (f_funct7(w)) {
		case 0x00: /* srliw */
			return i_type(d, RV_OP_SRLIW, rd, rs1, shamt, 5);
		case 0x20: /* sraiw */
			return i_type(d, RV_OP_SRAIW, rd, rs1, shamt, 5);
		case 0x30: /* roriw */
			return i_type(d, RV_OP_RORIW, rd, rs1, shamt, 5);
		}
		return false;
	}
	return false;
}

/* OP (0x33) */
static bool dec_op(struct rv_insn *d, uint32_t w)
{
	static const uint16_t base[8] = {
	    RV_OP_ADD, RV_OP_SLL, RV_OP_SLT, RV_OP_SLTU,
	    RV_OP_XOR, RV_OP_SRL, RV_OP_OR,  RV_OP_AND,
	};
	static const uint16_t muldiv[8] = {
	    RV_OP_MUL, RV_OP_MULH, RV_OP_MULHSU, RV_OP_MULHU,
	    RV_OP_DIV, RV_OP_DIVU, RV_OP_REM,	 RV_OP_REMU,
	};
	unsigned rd = f_rd(w), rs1 = f_rs1(w), rs2 = f_rs2(w);
	unsigned f3 = f_funct3(w);
	enum rv_op op = RV_OP_ILLEGAL;
	switch (f_funct7(w)) {
	case 0x00: /* add sll slt sltu xor srl or and */
		op = base[f3];
		break;
	case 0x01: /* mul mulh mulhsu mulhu div divu rem remu */
		op = muldiv[f3];
		break;
	case 0x20:
		if (f3 == 0) /* sub */
			op = RV_OP_SUB;
		else if (f3 == 5) /* sra */
			op = RV_OP_SRA;
		else if (f3 == 4) /* xnor */
			op = RV_OP_XNOR;
		else if (f3 == 6) /* orn */
			op = RV_OP_ORN;
		else if (f3 == 7) /* andn */
			op = RV_OP_ANDN;
		break;
	case 0x05:
		if (f3 == 4) /* min */
			op = RV_OP_MIN;
		else if (f3 == 5) /* minu */
			op = RV_OP_MINU;
		else if (f3 == 6) /* max */
			op = RV_OP_MAX;
		else if (f3 == 7) /* maxu */
			op = RV_OP_MAXU;
		break;
	case 0x10:
		if (f3 == 2) /* sh1add */
			op = RV_OP_SH1ADD;
		else if (f3 == 4) /* sh2add */
			op = RV_OP_SH2ADD;
		else if (f3 == 6) /* sh3add */
			op = RV_OP_SH3ADD;
		break;
	case 0x30:
		if (f3 == 1) /* rol */
			op = RV_OP_ROL;
		else if (f3 == 5) /* ror */
			op = RV_OP_ROR;
		break;
	case 0x24:
		if (f3 == 1) /* bclr */
			op = RV_OP_BCLR;
		else if (f3 == 5) /* bext */
			op = RV_OP_BEXT;
		break;
	case 0x14:
		if (f3 == 1) /* bset */
			op = RV_OP_BSET;
		break;
	case 0x34:
		if (f3 == 1) /* binv */
			op = RV_OP_BINV;
		break;
	}
	if (op == RV_OP_ILLEGAL)
		return false;
	return r_type(d, op, rd, rs1, rs2);
}

/* OP-32 (0x3b) */
static bool dec_op32(struct rv_insn *d, uint32_t w)
{
	unsigned rd = f_rd(w), rs1 = f_rs1(w), rs2 = f_rs2(w);
	unsigned f3 = f_funct3(w);
	enum rv_op op = RV_OP_ILLEGAL;
	switch (f_funct7(w)) {
	case 0x00:
		if (f3 == 0) /* addw */
			op = RV_OP_ADDW;
		else if (f3 == 1) /* sllw */
			op = RV_OP_SLLW;
		else if (f3 == 5) /* srlw */
			op = RV_OP_SRLW;
		break;
	case 0x20:
		if (f3 == 0) /* subw */
			op = RV_OP_SUBW;
		else if (f3 == 5) /* sraw */
			op = RV_OP_SRAW;
		break;
	case 0x01:
		if (f3 == 0) /* mulw */
			op = RV_OP_MULW;
		else if (f3 == 4) /* divw */
			op = RV_OP_DIVW;
		else if (f3 == 5) /* divuw */
			op = RV_OP_DIVUW;
		else if (f3 == 6) /* remw */
			op = RV_OP_REMW;
		else if (f3 == 7) /* remuw */
			op = RV_OP_REMUW;
		break;
	case 0x04:
		if (f3 == 0) /* add.uw */
			op = RV_OP_ADD_UW;
		else if (f3 == 4 && rs2 == 0) /* zext.h (RV64 encoding) */
			return r_unary(d, RV_OP_ZEXT_H, rd, rs1);
		break;
	case 0x10:
		if (f3 == 2) /* sh1add.uw */
			op = RV_OP_SH1ADD_UW;
		else if (f3 == 4) /* sh2add.uw */
			op = RV_OP_SH2ADD_UW;
		else if (f3 == 6) /* sh3add.uw */
			op = RV_OP_SH3ADD_UW;
		break;
	case 0x30:
		if (f3 == 1) /* rolw */
			op = RV_OP_ROLW;
		else if (f3 == 5) /* rorw */
			op = RV_OP_RORW;
		break;
	}
	if (op == RV_OP_ILLEGAL)
		return false;
	return r_type(d, op, rd, rs1, rs2);
}

/* AMO (0x2f) */
static bool dec_amo(struct rv_insn *d, uint32_t w)
{
	unsigned f3 = f_funct3(w);
	bool dw = f3 == 3;
	if (f3 != 2 && f3 != 3)
		return false;
	switch (field(w, 27, 5)) {
	case 0x02: /* lr.w lr.d */
		if (f_rs2(w) != 0)
			return false;
		return amo(d, dw ? RV_OP_LR_D : RV_OP_LR_W, w, false);
	case 0x03: /* sc.w sc.d */
		return amo(d, dw ? RV_OP_SC_D : RV_OP_SC_W, w, true);
	case 0x01: /* amoswap */
		return amo(d, dw ? RV_OP_AMOSWAP_D : RV_OP_AMOSWAP_W, w, true);
	case 0x00: /* amoadd */
		return amo(d, dw ? RV_OP_AMOADD_D : RV_OP_AMOADD_W, w, true);
	case 0x04: /* amoxor */
		return amo(d, dw ? RV_OP_AMOXOR_D : RV_OP_AMOXOR_W, w, true);
	case 0x0c: /* amoand */
		return amo(d, dw ? RV_OP_AMOAND_D : RV_OP_AMOAND_W, w, true);
	case 0x08: /* amoor */
		return amo(d, dw ? RV_OP_AMOOR_D : RV_OP_AMOOR_W, w, true);
	case 0x10: /* amomin */
		return amo(d, dw ? RV_OP_AMOMIN_D : RV_OP_AMOMIN_W, w, true);
	case 0x14: /* amomax */
		return amo(d, dw ? RV_OP_AMOMAX_D : RV_OP_AMOMAX_W, w, true);
	case 0x18: /* amominu */
		return amo(d, dw ? RV_OP_AMOMINU_D : RV_OP_AMOMINU_W, w, true);
	case 0x1c: /* amomaxu */
		return amo(d, dw ? RV_OP_AMOMAXU_D : RV_OP_AMOMAXU_W, w, true);
	}
	return false;
}

/* MADD/MSUB/NMSUB/NMADD (0x43/0x47/0x4b/0x4f) */
static bool dec_fma(struct rv_insn *d, uint32_t w)
{
	static const uint16_t ops[4][2] = {
	    {RV_OP_FMADD_S, RV_OP_FMADD_D},
	    {RV_OP_FMSUB_S, RV_OP_FMSUB_D},
	    {RV_OP_FNMSUB_S, RV_OP_FNMSUB_D},
	    {RV_OP_FNMADD_S, RV_OP_FNMADD_D},
	};
	unsigned fmt = field(w, 25, 2);
	unsigned bits = fmt ? 64 : 32;
	if (fmt > 1)
		return false;
	/* fmadd fmsub fnmsub fnmadd .s/.d */
	return fp_op(d, ops[field(w, 2, 2)][fmt],
		     (struct fp_shape){F, bits, F, bits, 3}, w, true);
}

/* OP-FP (0x53) */
static bool dec_op_fp(struct rv_insn *d, uint32_t w)
{
	unsigned fmt = field(w, 25, 2), f3 = f_funct3(w), rs2 = f_rs2(w);
	bool dbl = fmt == 1;
	unsigned fb = dbl ? 64 : 32;
	struct fp_shape ff2 = {F, fb, F, fb, 2}; /* f <- f, f */
	struct fp_shape ff1 = {F, fb, F, fb, 1}; /* f <- f */
	struct fp_shape xf2 = {X, 64, F, fb, 2}; /* x <- f, f */
	struct fp_shape xf1 = {X, 64, F, fb, 1}; /* x <- f */
	struct fp_shape fx1 = {F, fb, X, 64, 1}; /* f <- x */
	if (fmt > 1)
		return false;
	switch (field(w, 27, 5)) {
	case 0x00: /* fadd.s fadd.d */
		return fp_op(d, dbl ? RV_OP_FADD_D : RV_OP_FADD_S, ff2, w,
			     true);
	case 0x01: /* fsub.s fsub.d */
		return fp_op(d, dbl ? RV_OP_FSUB_D : RV_OP_FSUB_S, ff2, w,
			     true);
	case 0x02: /* fmul.s fmul.d */
		return fp_op(d, dbl ? RV_OP_FMUL_D : RV_OP_FMUL_S, ff2, w,
			     true);
	case 0x03: /* fdiv.s fdiv.d */
		return fp_op(d, dbl ? RV_OP_FDIV_D : RV_OP_FDIV_S, ff2, w,
			     true);
	case 0x0b: /* fsqrt.s fsqrt.d */
		if (rs2 != 0)
			return false;
		return fp_op(d, dbl ? RV_OP_FSQRT_D : RV_OP_FSQRT_S, ff1, w,
			     true);
	case 0x04:
		switch (f3) {
		case 0: /* fsgnj.s fsgnj.d */
			return fp_op(d, dbl ? RV_OP_FSGNJ_D : RV_OP_FSGNJ_S,
				     ff2, w, false);
		case 1: /* fsgnjn.s fsgnjn.d */
			return fp_op(d, dbl ? RV_OP_FSGNJN_D : RV_OP_FSGNJN_S,
				     ff2, w, false);
		case 2: /* fsgnjx.s fsgnjx.d */
			return fp_op(d, dbl ? RV_OP_FSGNJX_D : RV_OP_FSGNJX_S,
				     ff2, w, false);
		}
		return false;
	case 0x05:
		switch (f3) {
		case 0: /* fmin.s fmin.d */
			return fp_op(d, dbl ? RV_OP_FMIN_D : RV_OP_FMIN_S, ff2,
				     w, false);
		case 1: /* fmax.s fmax.d */
			return fp_op(d, dbl ? RV_OP_FMAX_D : RV_OP_FMAX_S, ff2,
				     w, false);
		}
		return false;
	case 0x08:
		if (!dbl && rs2 == 1) /* fcvt.s.d */
			return fp_op(d, RV_OP_FCVT_S_D,
				     (struct fp_shape){F, 32, F, 64, 1}, w,
				     true);
		if (dbl && rs2 == 0) /* fcvt.d.s */
			return fp_op(d, RV_OP_FCVT_D_S,
				     (struct fp_shape){F, 64, F, 32, 1}, w,
				     true);
		return false;
	case 0x14:
		switch (f3) {
		case 0: /* fle.s fle.d */
			return fp_op(d, dbl ? RV_OP_FLE_D : RV_OP_FLE_S, xf2, w,
				     false);
		case 1: /* flt.s flt.d */
			return fp_op(d, dbl ? RV_OP_FLT_D : RV_OP_FLT_S, xf2, w,
				     false);
		case 2: /* feq.s feq.d */
			return fp_op(d, dbl ? RV_OP_FEQ_D : RV_OP_FEQ_S, xf2, w,
				     false);
		}
		return false;
	case 0x18: {
		/* fcvt.w.s fcvt.wu.s fcvt.l.s fcvt.lu.s (and .d) */
		static const uint16_t ops[4][2] = {
		    {RV_OP_FCVT_W_S, RV_OP_FCVT_W_D},
		    {RV_OP_FCVT_WU_S, RV_OP_FCVT_WU_D},
		    {RV_OP_FCVT_L_S, RV_OP_FCVT_L_D},
		    {RV_OP_FCVT_LU_S, RV_OP_FCVT_LU_D},
		};
		if (rs2 > 3)
			return false;
		return fp_op(d, ops[rs2][dbl], xf1, w, true);
	}
	case 0x1a: {
		/* fcvt.s.w fcvt.s.wu fcvt.s.l fcvt.s.lu (and .d) */
		static const uint16_t ops[4][2] = {
		    {RV_OP_FCVT_S_W, RV_OP_FCVT_D_W},
		    {RV_OP_FCVT_S_WU, RV_OP_FCVT_D_WU},
		    {RV_OP_FCVT_S_L, RV_OP_FCVT_D_L},
		    {RV_OP_FCVT_S_LU, RV_OP_FCVT_D_LU},
		};
		if (rs2 > 3)
			return false;
		return fp_op(d, ops[rs2][dbl], fx1, w, true);
	}
	case 0x1c:
		if (rs2 != 0)
			return false;
		if (f3 == 0) /* fmv.x.w fmv.x.d */
			return fp_op(d, dbl ? RV_OP_FMV_X_D : RV_OP_FMV_X_W,
				     xf1, w, false);
		if (f3 == 1) /* fclass.s fclass.d */
			return fp_op(d, dbl ? RV_OP_FCLASS_D : RV_OP_FCLASS_S,
				     xf1, w, false);
		return false;
	case 0x1e:
		if (rs2 != 0 || f3 != 0)
			return false;
		/* fmv.w.x fmv.d.x */
		return fp_op(d, dbl ? RV_OP_FMV_D_X : RV_OP_FMV_W_X, fx1, w,
			     false);
	}
	return false;
}

/* MISC-MEM (0x0f) */
static bool dec_misc_mem(struct rv_insn *d, uint32_t w)
{
	unsigned fm = field(w, 28, 4), pred = field(w, 24, 4),
		 succ = field(w, 20, 4);
	switch (f_funct3(w)) {
	case 0:
		if (fm == 8 && pred == 3 && succ == 3) { /* fence.tso */
			set_op(d, RV_OP_FENCE_TSO);
		} else { /* fence (also reserved fm/rd/rs1: a plain fence) */
			set_op(d, RV_OP_FENCE);
		}
		d->aqrl = (uint8_t)(pred << 4 | succ);
		opnd(d, RV_OPND_IMM, RV_REGFILE_NONE, 0, 4, pred);
		opnd(d, RV_OPND_IMM, RV_REGFILE_NONE, 0, 4, succ);
		d->imm = fm;
		return true;
	case 1: /* fence.i (imm, rs1, rd are ignored) */
		set_op(d, RV_OP_FENCE_I);
		return true;
	}
	return false;
}

/* SYSTEM (0x73) */
static bool dec_system(struct rv_insn *d, uint32_t w)
{
	switch (f_funct3(w)) {
	case 0:
		if (w == 0x00000073) { /* ecall */
			set_op(d, RV_OP_ECALL);
			return true;
		}
		if (w == 0x00100073) { /* ebreak */
			set_op(d, RV_OP_EBREAK);
			return true;
		}
		return false;
	case 1: /* csrrw */
		return csr_op(d, RV_OP_CSRRW, w);
	case 2: /* csrrs */
		return csr_op(d, RV_OP_CSRRS, w);
	case 3: /* csrrc */
		return csr_op(d, RV_OP_CSRRC, w);
	case 5: /* csrrwi */
		return csr_op(d, RV_OP_CSRRWI, w);
	case 6: /* csrrsi */
		return csr_op(d, RV_OP_CSRRSI, w);
	case 7: /* csrrci */
		return csr_op(d, RV_OP_CSRRCI, w);
	}
	return false;
}

static bool decode32(struct rv_insn *d, uint32_t w)
{
	unsigned rd = f_rd(w), rs1 = f_rs1(w), rs2 = f_rs2(w);
	unsigned f3 = f_funct3(w);
	switch (field(w, 0, 7)) {
	case 0x37: /* lui */
		return u_type(d, RV_OP_LUI, rd, imm_u(w));
	case 0x17: /* auipc */
		return u_type(d, RV_OP_AUIPC, rd, imm_u(w));
	case 0x6f: /* jal */
		return jal(d, rd, imm_j(w));
	case 0x67: /* jalr */
		if (f3 != 0)
			return false;
		return jalr(d, rd, rs1, imm_i(w));
	case 0x63: {
		/* beq bne - - blt bge bltu bgeu */
		static const uint16_t ops[8] = {
		    RV_OP_BEQ, RV_OP_BNE, RV_OP_ILLEGAL, RV_OP_ILLEGAL,
		    RV_OP_BLT, RV_OP_BGE, RV_OP_BLTU,	 RV_OP_BGEU,
		};
		if (ops[f3] == RV_OP_ILLEGAL)
			return false;
		return branch(d, ops[f3], rs1, rs2, imm_b(w));
	}
	case 0x03: {
		/* lb lh lw ld lbu lhu lwu - */
		static const uint16_t ops[8] = {
		    RV_OP_LB,  RV_OP_LH,  RV_OP_LW,  RV_OP_LD,
		    RV_OP_LBU, RV_OP_LHU, RV_OP_LWU, RV_OP_ILLEGAL,
		};
		if (ops[f3] == RV_OP_ILLEGAL)
			return false;
		return load(d, ops[f3], X, rd, rs1, imm_i(w), 8u << (f3 & 3));
	}
	case 0x23: {
		/* sb sh sw sd */
		static const uint16_t ops[4] = {
		    RV_OP_SB,
		    RV_OP_SH,
		    RV_OP_SW,
		    RV_OP_SD,
		};
		if (f3 > 3)
			return false;
		return store(d, ops[f3], X, rs2, rs1, imm_s(w), 8u << f3);
	}
	case 0x07: /* flw fld */
		if (f3 == 2)
			return load(d, RV_OP_FLW, F, rd, rs1, imm_i(w), 32);
		if (f3 == 3)
			return load(d, RV_OP_FLD, F, rd, rs1, imm_i(w), 64);
		return false;
	case 0x27: /* fsw fsd */
		if (f3 == 2)
			return store(d, RV_OP_FSW, F, rs2, rs1, imm_s(w), 32);
		if (f3 == 3)
			return store(d, RV_OP_FSD, F, rs2, rs1, imm_s(w), 64);
		return false;
	case 0x13:
		return dec_op_imm(d, w);
	case 0x1b:
		return dec_op_imm32(d, w);
	case 0x33:
		return dec_op(d, w);
	case 0x3b:
		return dec_op32(d, w);
	case 0x2f:
		return dec_amo(d, w);
	case 0x43: /* fmadd */
	case 0x47: /* fmsub */
	case 0x4b: /* fnmsub */
	case 0x4f: /* fnmadd */
		return dec_fma(d, w);
	case 0x53:
		return dec_op_fp(d, w);
	case 0x0f:
		return dec_misc_mem(d, w);
	case 0x73:
		return dec_system(d, w);
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* 16-bit instructions (RV64C), expanded to their 32-bit operation */

static inline unsigned c_rd(uint32_t h)
{
	return field(h, 7, 5);
}
static inline unsigned c_rs2(uint32_t h)
{
	return field(h, 2, 5);
}
static inline unsigned c_rdp(uint32_t h)
{
	return 8 + field(h, 2, 3);
}
static inline unsigned c_rs1p(uint32_t h)
{
	return 8 + field(h, 7, 3);
}

/* imm[5] = h[12], imm[4:0] = h[6:2]; signed 6-bit (c.addi, c.li, ...) */
static inline int64_t c_imm6(uint32_t h)
{
	return sext(field(h, 12, 1) << 5 | field(h, 2, 5), 6);
}

/* shamt[5] = h[12], shamt[4:0] = h[6:2] */
static inline unsigned c_shamt(uint32_t h)
{
	return field(h, 12, 1) << 5 | field(h, 2, 5);
}

/* c.addi4spn: nzuimm[5:4|9:6|2|3] = h[12:5] */
static inline int64_t c_imm_addi4spn(uint32_t h)
{
	return field(h, 11, 2) << 4 | field(h, 7, 4) << 6 |
	       field(h, 6, 1) << 2 | field(h, 5, 1) << 3;
}

/* c.lw/c.sw: uimm[5:3] = h[12:10], uimm[2] = h[6], uimm[6] = h[5] */
static inline int64_t c_imm_w(uint32_t h)
{
	return field(h, 10, 3) << 3 | field(h, 6, 1) << 2 | field(h, 5, 1) << 6;
}

/* c.ld/c.sd/c.fld/c.fsd: uimm[5:3] = h[12:10], uimm[7:6] = h[6:5] */
static inline int64_t c_imm_d(uint32_t h)
{
	return field(h, 10, 3) << 3 | field(h, 5, 2) << 6;
}

/* c.addi16sp: nzimm[9] = h[12], [4] = h[6], [6] = h[5], [8:7] = h[4:3],
 * [5] = h[2] */
static inline int64_t c_imm_addi16sp(uint32_t h)
{
	return sext(field(h, 12, 1) << 9 | field(h, 6, 1) << 4 |
			field(h, 5, 1) << 6 | field(h, 3, 2) << 7 |
			field(h, 2, 1) << 5,
		    10);
}

/* c.j: offset[11|4|9:8|10|6|7|3:1|5] = h[12:2] */
static inline int64_t c_imm_j(uint32_t h)
{
	return sext(field(h, 12, 1) << 11 | field(h, 11, 1) << 4 |
			field(h, 9, 2) << 8 | field(h, 8, 1) << 10 |
			field(h, 7, 1) << 6 | field(h, 6, 1) << 7 |
			field(h, 3, 3) << 1 | field(h, 2, 1) << 5,
		    12);
}

/* c.beqz/c.bnez: offset[8|4:3] = h[12:10], [7:6|2:1|5] = h[6:2] */
static inline int64_t c_imm_b(uint32_t h)
{
	return sext(field(h, 12, 1) << 8 | field(h, 10, 2) << 3 |
			field(h, 5, 2) << 6 | field(h, 3, 2) << 1 |
			field(h, 2, 1) << 5,
		    9);
}

/* c.lwsp: uimm[5] = h[12], [4:2] = h[6:4], [7:6] = h[3:2] */
static inline int64_t c_imm_lwsp(uint32_t h)
{
	return field(h, 12, 1) << 5 | field(h, 4, 3) << 2 | field(h, 2, 2) << 6;
}

/* c.ldsp/c.fldsp: uimm[5] = h[12], [4:3] = h[6:5], [8:6] = h[4:2] */
static inline int64_t c_imm_ldsp(uint32_t h)
{
	return field(h, 12, 1) << 5 | field(h, 5, 2) << 3 | field(h, 2, 3) << 6;
}

/* c.swsp: uimm[5:2] = h[12:9], [7:6] = h[8:7] */
static inline int64_t c_imm_swsp(uint32_t h)
{
	return field(h, 9, 4) << 2 | field(h, 7, 2) << 6;
}

/* c.sdsp/c.fsdsp: uimm[5:3] = h[12:10], [8:6] = h[9:7] */
static inline int64_t c_imm_sdsp(uint32_t h)
{
	return field(h, 10, 3) << 3 | field(h, 7, 3) << 6;
}

/* Quadrant 0 */
static bool dec_c0(struct rv_insn *d, uint32_t h)
{
	unsigned rdp = c_rdp(h), rs1p = c_rs1p(h);
	switch (field(h, 13, 3)) {
	case 0: /* c.addi4spn -> addi rd', sp, nzuimm (0: reserved) */
		if (c_imm_addi4spn(h) == 0)
			return false;
		d->cform = RV_C_ADDI4SPN;
		return i_type(d, RV_OP_ADDI, rdp, 2, c_imm_addi4spn(h), 12);
	case 1: /* c.fld -> fld */
		d->cform = RV_C_FLD;
		return load(d, RV_OP_FLD, F, rdp, rs1p, c_imm_d(h), 64);
	case 2: /* c.lw -> lw */
		d->cform = RV_C_LW;
		return load(d, RV_OP_LW, X, rdp, rs1p, c_imm_w(h), 32);
	case 3: /* c.ld -> ld */
		d->cform = RV_C_LD;
		return load(d, RV_OP_LD, X, rdp, rs1p, c_imm_d(h), 64);
	case 5: /* c.fsd -> fsd */
		d->cform = RV_C_FSD;
		return store(d, RV_OP_FSD, F, rdp, rs1p, c_imm_d(h), 64);
	case 6: /* c.sw -> sw */
		d->cform = RV_C_SW;
		return store(d, RV_OP_SW, X, rdp, rs1p, c_imm_w(h), 32);
	case 7: /* c.sd -> sd */
		d->cform = RV_C_SD;
		return store(d, RV_OP_SD, X, rdp, rs1p, c_imm_d(h), 64);
	}
	return false; /* 4: reserved */
}

/* Quadrant 1 */
static bool dec_c1(struct rv_insn *d, uint32_t h)
{
	unsigned rd = c_rd(h), rs1p = c_rs1p(h), rs2p = c_rdp(h);
	switch (field(h, 13, 3)) {
	case 0: /* c.nop / c.addi -> addi rd, rd, imm (HINTs included) */
		d->cform = rd ? RV_C_ADDI : RV_C_NOP;
		return i_type(d, RV_OP_ADDI, rd, rd, c_imm6(h), 12);
	case 1: /* c.addiw -> addiw rd, rd, imm (rd = 0: reserved) */
		if (rd == 0)
			return false;
		d->cform = RV_C_ADDIW;
		return i_type(d, RV_OP_ADDIW, rd, rd, c_imm6(h), 12);
	case 2: /* c.li -> addi rd, zero, imm */
		d->cform = RV_C_LI;
		return i_type(d, RV_OP_ADDI, rd, 0, c_imm6(h), 12);
	case 3:
		if (rd == 2) {
			/* c.addi16sp -> addi sp, sp, nzimm (0: reserved) */
			if (c_imm_addi16sp(h) == 0)
				return false;
			d->cform = RV_C_ADDI16SP;
			return i_type(d, RV_OP_ADDI, 2, 2, c_imm_addi16sp(h),
				      12);
		}
		/* c.lui -> lui rd, nzimm (0: reserved) */
		if (c_imm6(h) == 0)
			return false;
		d->cform = RV_C_LUI;
		return u_type(d, RV_OP_LUI, rd, c_imm6(h) * 4096);
	case 4:
		switch (field(h, 10, 2)) {
		case 0: /* c.srli -> srli rd', rd', shamt */
			d->cform = RV_C_SRLI;
			return i_type(d, RV_OP_SRLI, rs1p, rs1p, c_shamt(h), 6);
		case 1: /* c.srai -> srai rd', rd', shamt */
			d->cform = RV_C_SRAI;
			return i_type(d, RV_OP_SRAI, rs1p, rs1p, c_shamt(h), 6);
		case 2: /* c.andi -> andi rd', rd', imm */
			d->cform = RV_C_ANDI;
			return i_type(d, RV_OP_ANDI, rs1p, rs1p, c_imm6(h), 12);
		}
		switch (field(h, 12, 1) << 2 | field(h, 5, 2)) {
		case 0: /* c.sub -> sub */
			d->cform = RV_C_SUB;
			return r_type(d, RV_OP_SUB, rs1p, rs1p, rs2p);
		case 1: /* c.xor -> xor */
			d->cform = RV_C_XOR;
			return r_type(d, RV_OP_XOR, rs1p, rs1p, rs2p);
		case 2: /* c.or -> or */
			d->cform = RV_C_OR;
			return r_type(d, RV_OP_OR, rs1p, rs1p, rs2p);
		case 3: /* c.and -> and */
			d->cform = RV_C_AND;
			return r_type(d, RV_OP_AND, rs1p, rs1p, rs2p);
		case 4: /* c.subw -> subw */
			d->cform = RV_C_SUBW;
			return r_type(d, RV_OP_SUBW, rs1p, rs1p, rs2p);
		case 5: /* c.addw -> addw */
			d->cform = RV_C_ADDW;
			return r_type(d, RV_OP_ADDW, rs1p, rs1p, rs2p);
		}
		return false; /* reserved */
	case 5:		      /* c.j -> jal zero, offset */
		d->cform = RV_C_J;
		return jal(d, 0, c_imm_j(h));
	case 6: /* c.beqz -> beq rs1', zero, offset */
		d->cform = RV_C_BEQZ;
		return branch(d, RV_OP_BEQ, rs1p, 0, c_imm_b(h));
	case 7: /* c.bnez -> bne rs1', zero, offset */
		d->cform = RV_C_BNEZ;
		return branch(d, RV_OP_BNE, rs1p, 0, c_imm_b(h));
	}
	return false;
}

/* Quadrant 2 */
static bool dec_c2(struct rv_insn *d, uint32_t h)
{
	unsigned rd = c_rd(h), rs2 = c_rs2(h);
	switch (field(h, 13, 3)) {
	case 0: /* c.slli -> slli rd, rd, shamt (HINTs included) */
		d->cform = RV_C_SLLI;
		return i_type(d, RV_OP_SLLI, rd, rd, c_shamt(h), 6);
	case 1: /* c.fldsp -> fld rd, uimm(sp) */
		d->cform = RV_C_FLDSP;
		return load(d, RV_OP_FLD, F, rd, 2, c_imm_ldsp(h), 64);
	case 2: /* c.lwsp -> lw rd, uimm(sp) (rd = 0: reserved) */
		if (rd == 0)
			return false;
		d->cform = RV_C_LWSP;
		return load(d, RV_OP_LW, X, rd, 2, c_imm_lwsp(h), 32);
	case 3: /* c.ldsp -> ld rd, uimm(sp) (rd = 0: reserved) */
		if (rd == 0)
			return false;
		d->cform = RV_C_LDSP;
		return load(d, RV_OP_LD, X, rd, 2, c_imm_ldsp(h), 64);
	case 4:
		if (field(h, 12, 1) == 0) {
			if (rs2 == 0) {
				/* c.jr -> jalr zero, 0(rs1) (rs1 = 0: reserved)
				 */
				if (rd == 0)
					return false;
				d->cform = RV_C_JR;
				return jalr(d, 0, rd, 0);
			}
			/* c.mv -> add rd, zero, rs2 */
			d->cform = RV_C_MV;
			return r_type(d, RV_OP_ADD, rd, 0, rs2);
		}
		if (rs2 == 0) {
			if (rd == 0) { /* c.ebreak -> ebreak */
				d->cform = RV_C_EBREAK;
				set_op(d, RV_OP_EBREAK);
				return true;
			}
			/* c.jalr -> jalr ra, 0(rs1) */
			d->cform = RV_C_JALR;
			return jalr(d, 1, rd, 0);
		}
		/* c.add -> add rd, rd, rs2 */
		d->cform = RV_C_ADD;
		return r_type(d, RV_OP_ADD, rd, rd, rs2);
	case 5: /* c.fsdsp -> fsd rs2, uimm(sp) */
		d->cform = RV_C_FSDSP;
		return store(d, RV_OP_FSD, F, rs2, 2, c_imm_sdsp(h), 64);
	case 6: /* c.swsp -> sw rs2, uimm(sp) */
		d->cform = RV_C_SWSP;
		return store(d, RV_OP_SW, X, rs2, 2, c_imm_swsp(h), 32);
	case 7: /* c.sdsp -> sd rs2, uimm(sp) */
		d->cform = RV_C_SDSP;
		return store(d, RV_OP_SD, X, rs2, 2, c_imm_sdsp(h), 64);
	}
	return false;
}

/* ------------------------------------------------------------------ */

bool rv_decode(uint64_t pc, const uint8_t *bytes, size_t avail,
	       struct rv_insn *out)
{
	bool ok;
	memset(out, 0, sizeof(*out));
	out->pc = pc;
	if (avail < 2)
		return false;
	uint32_t w = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8;
	if ((w & 3) != 3) {
		out->raw = w;
		out->len = 2;
		switch (w & 3) {
		case 0:
			ok = dec_c0(out, w);
			break;
		case 1:
			ok = dec_c1(out, w);
			break;
		default:
			ok = dec_c2(out, w);
			break;
		}
	} else {
		if (avail < 4)
			return false;
		w |= (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
		out->raw = w;
		out->len = 4;
		ok = decode32(out, w);
	}
	if (!ok) {
		uint32_t raw = out->raw;
		uint8_t len = out->len;
		memset(out, 0, sizeof(*out));
		out->pc = pc;
		out->raw = raw;
		out->len = len;
	}
	return ok;
}
