/*
 * RISC-V instruction descriptors: the one shape every consumer of decoded
 * guest code reads (translator, disassembler, plugin API, howvec).
 *
 * Design: rv_decode() turns 2 or 4 instruction bytes into a struct rv_insn.
 * Compressed instructions decode to the operation of their 32-bit
 * expansion (c.addi -> RV_OP_ADDI) with len == 2, so everything downstream
 * handles one form; the raw bits are kept for insn_data and for the few
 * places where the compressed origin matters.  Operation metadata lives in
 * the RV_OPS X-macro table below: one line per operation.
 *
 * Invariants: fields a format does not have are zero; rd/rs1/rs2/rs3 are
 * register numbers within the register file the operation uses (x or f);
 * imm is sign-extended to 64 bits (for CSR ops the CSR number is in csr and
 * the 5-bit uimm of the *i forms is in imm); a descriptor never points into
 * guest memory.
 */
#ifndef LOUPE_TARGET_RISCV_INSN_H
#define LOUPE_TARGET_RISCV_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Instruction classes (what howvec and plugins group by). */
enum rv_class {
	RV_CLASS_ILLEGAL,
	RV_CLASS_ALU, /* integer arithmetic/logic incl. lui/auipc and B ext */
	RV_CLASS_MUL, /* M extension multiply */
	RV_CLASS_DIV, /* M extension divide/remainder */
	RV_CLASS_BRANCH, /* conditional branches */
	RV_CLASS_JUMP,	 /* jal, jalr */
	RV_CLASS_LOAD,	 /* integer loads */
	RV_CLASS_STORE,	 /* integer stores */
	RV_CLASS_ATOMIC, /* LR/SC and AMOs */
	RV_CLASS_FP,	 /* F/D arithmetic, compare, convert, move */
	RV_CLASS_FLOAD,	 /* flw, fld */
	RV_CLASS_FSTORE, /* fsw, fsd */
	RV_CLASS_CSR,	 /* Zicsr */
	RV_CLASS_FENCE,	 /* fence, fence.i */
	RV_CLASS_SYSTEM, /* ecall, ebreak */
	RV_CLASS_COUNT
};

/*
 * X(ENUM, "objdump mnemonic", class)
 * Mnemonics are the canonical (non-alias) names; the disassembler picks
 * objdump's aliases itself.
 */
#define RV_OPS(X)                                                              \
	X(ILLEGAL, "illegal", RV_CLASS_ILLEGAL)                                \
	/* RV64I */                                                            \
	X(LUI, "lui", RV_CLASS_ALU)                                            \
	X(AUIPC, "auipc", RV_CLASS_ALU)                                        \
	X(JAL, "jal", RV_CLASS_JUMP)                                           \
	X(JALR, "jalr", RV_CLASS_JUMP)                                         \
	X(BEQ, "beq", RV_CLASS_BRANCH)                                         \
	X(BNE, "bne", RV_CLASS_BRANCH)                                         \
	X(BLT, "blt", RV_CLASS_BRANCH)                                         \
	X(BGE, "bge", RV_CLASS_BRANCH)                                         \
	X(BLTU, "bltu", RV_CLASS_BRANCH)                                       \
	X(BGEU, "bgeu", RV_CLASS_BRANCH)                                       \
	X(LB, "lb", RV_CLASS_LOAD)                                             \
	X(LH, "lh", RV_CLASS_LOAD)                                             \
	X(LW, "lw", RV_CLASS_LOAD)                                             \
	X(LD, "ld", RV_CLASS_LOAD)                                             \
	X(LBU, "lbu", RV_CLASS_LOAD)                                           \
	X(LHU, "lhu", RV_CLASS_LOAD)                                           \
	X(LWU, "lwu", RV_CLASS_LOAD)                                           \
	X(SB, "sb", RV_CLASS_STORE)                                            \
	X(SH, "sh", RV_CLASS_STORE)                                            \
	X(SW, "sw", RV_CLASS_STORE)                                            \
	X(SD, "sd", RV_CLASS_STORE)                                            \
	X(ADDI, "addi", RV_CLASS_ALU)                                          \
	X(SLTI, "slti", RV_CLASS_ALU)                                          \
	X(SLTIU, "sltiu", RV_CLASS_ALU)                                        \
	X(XORI, "xori", RV_CLASS_ALU)                                          \
	X(ORI, "ori", RV_CLASS_ALU)                                            \
	X(ANDI, "andi", RV_CLASS_ALU)                                          \
	X(SLLI, "slli", RV_CLASS_ALU)                                          \
	X(SRLI, "srli", RV_CLASS_ALU)                                          \
	X(SRAI, "srai", RV_CLASS_ALU)                                          \
	X(ADD, "add", RV_CLASS_ALU)                                            \
	X(SUB, "sub", RV_CLASS_ALU)                                            \
	X(SLL, "sll", RV_CLASS_ALU)                                            \
	X(SLT, "slt", RV_CLASS_ALU)                                            \
	X(SLTU, "sltu", RV_CLASS_ALU)                                          \
	X(XOR, "xor", RV_CLASS_ALU)                                            \
	X(SRL, "srl", RV_CLASS_ALU)                                            \
	X(SRA, "sra", RV_CLASS_ALU)                                            \
	X(OR, "or", RV_CLASS_ALU)                                              \
	X(AND, "and", RV_CLASS_ALU)                                            \
	X(ADDIW, "addiw", RV_CLASS_ALU)                                        \
	X(SLLIW, "slliw", RV_CLASS_ALU)                                        \
	X(SRLIW, "srliw", RV_CLASS_ALU)                                        \
	X(SRAIW, "sraiw", RV_CLASS_ALU)                                        \
	X(ADDW, "addw", RV_CLASS_ALU)                                          \
	X(SUBW, "subw", RV_CLASS_ALU)                                          \
	X(SLLW, "sllw", RV_CLASS_ALU)                                          \
	X(SRLW, "srlw", RV_CLASS_ALU)                                          \
	X(SRAW, "sraw", RV_CLASS_ALU)                                          \
	X(FENCE, "fence", RV_CLASS_FENCE)                                      \
	X(FENCE_TSO, "fence.tso", RV_CLASS_FENCE)                              \
	X(FENCE_I, "fence.i", RV_CLASS_FENCE)                                  \
	X(ECALL, "ecall", RV_CLASS_SYSTEM)                                     \
	X(EBREAK, "ebreak", RV_CLASS_SYSTEM)                                   \
	/* Zicsr */                                                            \
	X(CSRRW, "csrrw", RV_CLASS_CSR)                                        \
	X(CSRRS, "csrrs", RV_CLASS_CSR)                                        \
	X(CSRRC, "csrrc", RV_CLASS_CSR)                                        \
	X(CSRRWI, "csrrwi", RV_CLASS_CSR)                                      \
	X(CSRRSI, "csrrsi", RV_CLASS_CSR)                                      \
	X(CSRRCI, "csrrci", RV_CLASS_CSR)                                      \
	/* M */                                                                \
	X(MUL, "mul", RV_CLASS_MUL)                                            \
	X(MULH, "mulh", RV_CLASS_MUL)                                          \
	X(MULHSU, "mulhsu", RV_CLASS_MUL)                                      \
	X(MULHU, "mulhu", RV_CLASS_MUL)                                        \
	X(DIV, "div", RV_CLASS_DIV)                                            \
	X(DIVU, "divu", RV_CLASS_DIV)                                          \
	X(REM, "rem", RV_CLASS_DIV)                                            \
	X(REMU, "remu", RV_CLASS_DIV)                                          \
	X(MULW, "mulw", RV_CLASS_MUL)                                          \
	X(DIVW, "divw", RV_CLASS_DIV)                                          \
	X(DIVUW, "divuw", RV_CLASS_DIV)                                        \
	X(REMW, "remw", RV_CLASS_DIV)                                          \
	X(REMUW, "remuw", RV_CLASS_DIV)                                        \
	/* A (aq/rl bits in insn.aqrl) */                                      \
	X(LR_W, "lr.w", RV_CLASS_ATOMIC)                                       \
	X(SC_W, "sc.w", RV_CLASS_ATOMIC)                                       \
	X(AMOSWAP_W, "amoswap.w", RV_CLASS_ATOMIC)                             \
	X(AMOADD_W, "amoadd.w", RV_CLASS_ATOMIC)                               \
	X(AMOXOR_W, "amoxor.w", RV_CLASS_ATOMIC)                               \
	X(AMOAND_W, "amoand.w", RV_CLASS_ATOMIC)                               \
	X(AMOOR_W, "amoor.w", RV_CLASS_ATOMIC)                                 \
	X(AMOMIN_W, "amomin.w", RV_CLASS_ATOMIC)                               \
	X(AMOMAX_W, "amomax.w", RV_CLASS_ATOMIC)                               \
	X(AMOMINU_W, "amominu.w", RV_CLASS_ATOMIC)                             \
	X(AMOMAXU_W, "amomaxu.w", RV_CLASS_ATOMIC)                             \
	X(LR_D, "lr.d", RV_CLASS_ATOMIC)                                       \
	X(SC_D, "sc.d", RV_CLASS_ATOMIC)                                       \
	X(AMOSWAP_D, "amoswap.d", RV_CLASS_ATOMIC)                             \
	X(AMOADD_D, "amoadd.d", RV_CLASS_ATOMIC)                               \
	X(AMOXOR_D, "amoxor.d", RV_CLASS_ATOMIC)                               \
	X(AMOAND_D, "amoand.d", RV_CLASS_ATOMIC)                               \
	X(AMOOR_D, "amoor.d", RV_CLASS_ATOMIC)                                 \
	X(AMOMIN_D, "amomin.d", RV_CLASS_ATOMIC)                               \
	X(AMOMAX_D, "amomax.d", RV_CLASS_ATOMIC)                               \
	X(AMOMINU_D, "amominu.d", RV_CLASS_ATOMIC)                             \
	X(AMOMAXU_D, "amomaxu.d", RV_CLASS_ATOMIC)                             \
	/* F */                                                                \
	X(FLW, "flw", RV_CLASS_FLOAD)                                          \
	X(FSW, "fsw", RV_CLASS_FSTORE)                                         \
	X(FMADD_S, "fmadd.s", RV_CLASS_FP)                                     \
	X(FMSUB_S, "fmsub.s", RV_CLASS_FP)                                     \
	X(FNMSUB_S, "fnmsub.s", RV_CLASS_FP)                                   \
	X(FNMADD_S, "fnmadd.s", RV_CLASS_FP)                                   \
	X(FADD_S, "fadd.s", RV_CLASS_FP)                                       \
	X(FSUB_S, "fsub.s", RV_CLASS_FP)                                       \
	X(FMUL_S, "fmul.s", RV_CLASS_FP)                                       \
	X(FDIV_S, "fdiv.s", RV_CLASS_FP)                                       \
	X(FSQRT_S, "fsqrt.s", RV_CLASS_FP)                                     \
	X(FSGNJ_S, "fsgnj.s", RV_CLASS_FP)                                     \
	X(FSGNJN_S, "fsgnjn.s", RV_CLASS_FP)                                   \
	X(FSGNJX_S, "fsgnjx.s", RV_CLASS_FP)                                   \
	X(FMIN_S, "fmin.s", RV_CLASS_FP)                                       \
	X(FMAX_S, "fmax.s", RV_CLASS_FP)                                       \
	X(FCVT_W_S, "fcvt.w.s", RV_CLASS_FP)                                   \
	X(FCVT_WU_S, "fcvt.wu.s", RV_CLASS_FP)                                 \
	X(FMV_X_W, "fmv.x.w", RV_CLASS_FP)                                     \
	X(FEQ_S, "feq.s", RV_CLASS_FP)                                         \
	X(FLT_S, "flt.s", RV_CLASS_FP)                                         \
	X(FLE_S, "fle.s", RV_CLASS_FP)                                         \
	X(FCLASS_S, "fclass.s", RV_CLASS_FP)                                   \
	X(FCVT_S_W, "fcvt.s.w", RV_CLASS_FP)                                   \
	X(FCVT_S_WU, "fcvt.s.wu", RV_CLASS_FP)                                 \
	X(FMV_W_X, "fmv.w.x", RV_CLASS_FP)                                     \
	X(FCVT_L_S, "fcvt.l.s", RV_CLASS_FP)                                   \
	X(FCVT_LU_S, "fcvt.lu.s", RV_CLASS_FP)                                 \
	X(FCVT_S_L, "fcvt.s.l", RV_CLASS_FP)                                   \
	X(FCVT_S_LU, "fcvt.s.lu", RV_CLASS_FP)                                 \
	/* D */                                                                \
	X(FLD, "fld", RV_CLASS_FLOAD)                                          \
	X(FSD, "fsd", RV_CLASS_FSTORE)                                         \
	X(FMADD_D, "fmadd.d", RV_CLASS_FP)                                     \
	X(FMSUB_D, "fmsub.d", RV_CLASS_FP)                                     \
	X(FNMSUB_D, "fnmsub.d", RV_CLASS_FP)                                   \
	X(FNMADD_D, "fnmadd.d", RV_CLASS_FP)                                   \
	X(FADD_D, "fadd.d", RV_CLASS_FP)                                       \
	X(FSUB_D, "fsub.d", RV_CLASS_FP)                                       \
	X(FMUL_D, "fmul.d", RV_CLASS_FP)                                       \
	X(FDIV_D, "fdiv.d", RV_CLASS_FP)                                       \
	X(FSQRT_D, "fsqrt.d", RV_CLASS_FP)                                     \
	X(FSGNJ_D, "fsgnj.d", RV_CLASS_FP)                                     \
	X(FSGNJN_D, "fsgnjn.d", RV_CLASS_FP)                                   \
	X(FSGNJX_D, "fsgnjx.d", RV_CLASS_FP)                                   \
	X(FMIN_D, "fmin.d", RV_CLASS_FP)                                       \
	X(FMAX_D, "fmax.d", RV_CLASS_FP)                                       \
	X(FCVT_S_D, "fcvt.s.d", RV_CLASS_FP)                                   \
	X(FCVT_D_S, "fcvt.d.s", RV_CLASS_FP)                                   \
	X(FEQ_D, "feq.d", RV_CLASS_FP)                                         \
	X(FLT_D, "flt.d", RV_CLASS_FP)                                         \
	X(FLE_D, "fle.d", RV_CLASS_FP)                                         \
	X(FCLASS_D, "fclass.d", RV_CLASS_FP)                                   \
	X(FCVT_W_D, "fcvt.w.d", RV_CLASS_FP)                                   \
	X(FCVT_WU_D, "fcvt.wu.d", RV_CLASS_FP)                                 \
	X(FCVT_D_W, "fcvt.d.w", RV_CLASS_FP)                                   \
	X(FCVT_D_WU, "fcvt.d.wu", RV_CLASS_FP)                                 \
	X(FCVT_L_D, "fcvt.l.d", RV_CLASS_FP)                                   \
	X(FCVT_LU_D, "fcvt.lu.d", RV_CLASS_FP)                                 \
	X(FMV_X_D, "fmv.x.d", RV_CLASS_FP)                                     \
	X(FCVT_D_L, "fcvt.d.l", RV_CLASS_FP)                                   \
	X(FCVT_D_LU, "fcvt.d.lu", RV_CLASS_FP)                                 \
	X(FMV_D_X, "fmv.d.x", RV_CLASS_FP)                                     \
	/* Zba */                                                              \
	X(SH1ADD, "sh1add", RV_CLASS_ALU)                                      \
	X(SH2ADD, "sh2add", RV_CLASS_ALU)                                      \
	X(SH3ADD, "sh3add", RV_CLASS_ALU)                                      \
	X(ADD_UW, "add.uw", RV_CLASS_ALU)                                      \
	X(SH1ADD_UW, "sh1add.uw", RV_CLASS_ALU)                                \
	X(SH2ADD_UW, "sh2add.uw", RV_CLASS_ALU)                                \
	X(SH3ADD_UW, "sh3add.uw", RV_CLASS_ALU)                                \
	X(SLLI_UW, "slli.uw", RV_CLASS_ALU)                                    \
	/* Zbb */                                                              \
	X(ANDN, "andn", RV_CLASS_ALU)                                          \
	X(ORN, "orn", RV_CLASS_ALU)                                            \
	X(XNOR, "xnor", RV_CLASS_ALU)                                          \
	X(CLZ, "clz", RV_CLASS_ALU)                                            \
	X(CTZ, "ctz", RV_CLASS_ALU)                                            \
	X(CPOP, "cpop", RV_CLASS_ALU)                                          \
	X(CLZW, "clzw", RV_CLASS_ALU)                                          \
	X(CTZW, "ctzw", RV_CLASS_ALU)                                          \
	X(CPOPW, "cpopw", RV_CLASS_ALU)                                        \
	X(MAX, "max", RV_CLASS_ALU)                                            \
	X(MAXU, "maxu", RV_CLASS_ALU)                                          \
	X(MIN, "min", RV_CLASS_ALU)                                            \
	X(MINU, "minu", RV_CLASS_ALU)                                          \
	X(SEXT_B, "sext.b", RV_CLASS_ALU)                                      \
	X(SEXT_H, "sext.h", RV_CLASS_ALU)                                      \
	X(ZEXT_H, "zext.h", RV_CLASS_ALU)                                      \
	X(ROL, "rol", RV_CLASS_ALU)                                            \
	X(ROLW, "rolw", RV_CLASS_ALU)                                          \
	X(ROR, "ror", RV_CLASS_ALU)                                            \
	X(RORI, "rori", RV_CLASS_ALU)                                          \
	X(RORIW, "roriw", RV_CLASS_ALU)                                        \
	X(RORW, "rorw", RV_CLASS_ALU)                                          \
	X(ORC_B, "orc.b", RV_CLASS_ALU)                                        \
	X(REV8, "rev8", RV_CLASS_ALU)                                          \
	/* Zbs */                                                              \
	X(BCLR, "bclr", RV_CLASS_ALU)                                          \
	X(BCLRI, "bclri", RV_CLASS_ALU)                                        \
	X(BEXT, "bext", RV_CLASS_ALU)                                          \
	X(BEXTI, "bexti", RV_CLASS_ALU)                                        \
	X(BINV, "binv", RV_CLASS_ALU)                                          \
	X(BINVI, "binvi", RV_CLASS_ALU)                                        \
	X(BSET, "bset", RV_CLASS_ALU)                                          \
	X(BSETI, "bseti", RV_CLASS_ALU)

/*
 * Compressed forms: X(ENUM, "objdump name of the form").  insn.cform records
 * which 16-bit form an instruction came from (RV_C_NONE for 32-bit ones); the
 * descriptor otherwise describes the 32-bit expansion.  Only the
 * disassembler needs it (objdump spells some compressed HINTs by their
 * compressed name, e.g. c.li zero,1 and c.nop 1 expand alike).
 */
#define RV_CFORMS(X)                                                           \
	X(NONE, "")                                                            \
	X(ADDI4SPN, "c.addi4spn")                                              \
	X(FLD, "c.fld")                                                        \
	X(LW, "c.lw")                                                          \
	X(LD, "c.ld")                                                          \
	X(FSD, "c.fsd")                                                        \
	X(SW, "c.sw")                                                          \
	X(SD, "c.sd")                                                          \
	X(NOP, "c.nop")                                                        \
	X(ADDI, "c.addi")                                                      \
	X(ADDIW, "c.addiw")                                                    \
	X(LI, "c.li")                                                          \
	X(ADDI16SP, "c.addi16sp")                                              \
	X(LUI, "c.lui")                                                        \
	X(SRLI, "c.srli")                                                      \
	X(SRAI, "c.srai")                                                      \
	X(ANDI, "c.andi")                                                      \
	X(SUB, "c.sub")                                                        \
	X(XOR, "c.xor")                                                        \
	X(OR, "c.or")                                                          \
	X(AND, "c.and")                                                        \
	X(SUBW, "c.subw")                                                      \
	X(ADDW, "c.addw")                                                      \
	X(J, "c.j")                                                            \
	X(BEQZ, "c.beqz")                                                      \
	X(BNEZ, "c.bnez")                                                      \
	X(SLLI, "c.slli")                                                      \
	X(FLDSP, "c.fldsp")                                                    \
	X(LWSP, "c.lwsp")                                                      \
	X(LDSP, "c.ldsp")                                                      \
	X(JR, "c.jr")                                                          \
	X(MV, "c.mv")                                                          \
	X(EBREAK, "c.ebreak")                                                  \
	X(JALR, "c.jalr")                                                      \
	X(ADD, "c.add")                                                        \
	X(FSDSP, "c.fsdsp")                                                    \
	X(SWSP, "c.swsp")                                                      \
	X(SDSP, "c.sdsp")

enum rv_cform {
#define RV_CFORM_ENUM(e, m) RV_C_##e,
	RV_CFORMS(RV_CFORM_ENUM)
#undef RV_CFORM_ENUM
	    RV_C_COUNT
};

enum rv_op {
#define RV_OP_ENUM(e, m, c) RV_OP_##e,
	RV_OPS(RV_OP_ENUM)
#undef RV_OP_ENUM
	    RV_OP_COUNT
};

/* Operand kinds, as the plugin operand API and the translator see them. */
enum rv_operand_kind {
	RV_OPND_REG_READ,  /* register read */
	RV_OPND_REG_WRITE, /* register written */
	RV_OPND_IMM,	   /* immediate (also shift amounts, CSR uimm) */
	RV_OPND_MEM,	   /* memory at base register + offset */
	RV_OPND_TARGET,	   /* pc-relative control-transfer target */
	RV_OPND_CSR,	   /* CSR number */
};

enum rv_regfile { RV_REGFILE_NONE, RV_REGFILE_X, RV_REGFILE_F };

struct rv_operand {
	uint8_t kind;	 /* enum rv_operand_kind */
	uint8_t regfile; /* enum rv_regfile, for REG_* and MEM (base reg) */
	uint8_t reg;	 /* register number (MEM: base register) */
	uint8_t bits;	 /* size of the value in bits (MEM: access size) */
	int64_t value;	 /* IMM: value; MEM: offset; TARGET: absolute address;
			    CSR: csr number */
};

#define RV_MAX_OPERANDS 5

/* Rounding-mode field values (insn.rm). */
enum { RV_RM_RNE, RV_RM_RTZ, RV_RM_RDN, RV_RM_RUP, RV_RM_RMM, RV_RM_DYN = 7 };

struct rv_insn {
	uint64_t pc;  /* guest address of the instruction */
	uint32_t raw; /* instruction bits (low 16 valid when len == 2) */
	uint8_t len;  /* 2 or 4; 0 when fewer bytes than needed were given */
	uint8_t cls;  /* enum rv_class */
	uint16_t op;  /* enum rv_op */
	uint8_t rd, rs1, rs2, rs3;
	uint8_t rm;    /* rounding mode field (F/D) */
	uint8_t aqrl;  /* bit 1: aq, bit 0: rl (A); fence: pred<<4 | succ */
	uint8_t cform; /* enum rv_cform: the 16-bit form when len == 2 */
	uint16_t csr;  /* CSR number for Zicsr ops */
	int64_t imm;   /* sign-extended immediate / shift amount / uimm */
	uint8_t n_operands;
	struct rv_operand operands[RV_MAX_OPERANDS];
	/* Registers read and written: bits 0..31 are x0..x31, 32..63 f0..f31.
	 * x0 never appears (reads of x0 are constants, writes discarded). */
	uint64_t uses, defs;
};

/*
 * Decode the instruction at guest address pc from bytes[0..avail).
 * Always fills *out; returns false (and op = RV_OP_ILLEGAL) for an illegal or
 * unsupported encoding.  avail < 4 is allowed: a compressed instruction
 * needs 2 bytes; out->len is 0 if even those are missing.
 */
bool rv_decode(uint64_t pc, const uint8_t *bytes, size_t avail,
	       struct rv_insn *out);

/* Mnemonic and class of an operation (from RV_OPS). */
const char *rv_op_name(unsigned op);
enum rv_class rv_op_class(unsigned op);
const char *rv_class_name(unsigned cls);
/* Name of a compressed form ("c.addi"; "" for RV_C_NONE). */
const char *rv_cform_name(unsigned cform);

/*
 * Disassemble into buf in the text riscv64-linux-gnu-objdump -d prints
 * (mnemonic, a tab, operands; aliases as objdump's default; branch targets as
 * absolute hex addresses without the <symbol> part).  Returns strlen(buf).
 */
size_t rv_disasm(const struct rv_insn *insn, char *buf, size_t size);

/* ABI name of an x or f register ("a0", "fa0"). */
const char *rv_xreg_name(unsigned r);
const char *rv_freg_name(unsigned r);

#endif
