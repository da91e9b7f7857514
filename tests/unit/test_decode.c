/*
 * Unit tests of the RISC-V decoder (rv_decode) and a few disassembler
 * facts.  The encodings come from riscv64-linux-gnu-as (or are worked out
 * from the ISA manual where gas refuses them, e.g. HINTs and reserved
 * forms); the expected fields are written by hand from the manual, not
 * taken from the decoder.  The objdump text of every instruction is
 * checked by tests/disasm/check.sh instead.
 *
 * Prints FAIL lines, then "N passed, M failed"; exits nonzero on failure.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "target/riscv/insn.h"

static unsigned passed, failed;

static void check(bool ok, const char *what, uint32_t raw, const char *detail)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s (0x%08" PRIx32 "): %s\n", what, raw, detail);
}

static bool decode_word(uint64_t pc, uint32_t raw, unsigned len,
			struct rv_insn *d)
{
	uint8_t b[4];
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(raw >> (8 * i));
	return rv_decode(pc, b, len, d);
}

#define XB(r) (1ull << (r))
#define FB(r) (1ull << (32 + (r)))

/* ------------------------------------------------------------------ */
/* Every compressed form, decoded to its 32-bit expansion */

struct ccase {
	const char *asm_text;
	uint16_t h;
	uint16_t op;
	uint8_t cform;
	uint8_t rd, rs1, rs2;
	int64_t imm;
};

static const struct ccase ccases[] = {
    {"c.addi4spn a0,sp,16", 0x0808, RV_OP_ADDI, RV_C_ADDI4SPN, 10, 2, 0, 16},
    {"c.addi4spn s1,sp,1020", 0x1fe4, RV_OP_ADDI, RV_C_ADDI4SPN, 9, 2, 0, 1020},
    {"c.fld fa0,8(a1)", 0x2588, RV_OP_FLD, RV_C_FLD, 10, 11, 0, 8},
    {"c.lw a2,124(a3)", 0x5ef0, RV_OP_LW, RV_C_LW, 12, 13, 0, 124},
    {"c.ld a4,248(a5)", 0x7ff8, RV_OP_LD, RV_C_LD, 14, 15, 0, 248},
    {"c.fsd fs0,16(s1)", 0xa880, RV_OP_FSD, RV_C_FSD, 0, 9, 8, 16},
    {"c.sw a0,4(s0)", 0xc048, RV_OP_SW, RV_C_SW, 0, 8, 10, 4},
    {"c.sd s1,8(a0)", 0xe504, RV_OP_SD, RV_C_SD, 0, 10, 9, 8},
    {"c.nop", 0x0001, RV_OP_ADDI, RV_C_NOP, 0, 0, 0, 0},
    {"c.nop 5 (HINT)", 0x0015, RV_OP_ADDI, RV_C_NOP, 0, 0, 0, 5},
    {"c.addi a0,-32", 0x1501, RV_OP_ADDI, RV_C_ADDI, 10, 10, 0, -32},
    {"c.addi a0,31", 0x057d, RV_OP_ADDI, RV_C_ADDI, 10, 10, 0, 31},
    {"c.addi a0,0 (HINT)", 0x0501, RV_OP_ADDI, RV_C_ADDI, 10, 10, 0, 0},
    {"c.addiw a1,-1", 0x35fd, RV_OP_ADDIW, RV_C_ADDIW, 11, 11, 0, -1},
    {"c.li a2,-7", 0x5665, RV_OP_ADDI, RV_C_LI, 12, 0, 0, -7},
    {"c.li zero,1 (HINT)", 0x4005, RV_OP_ADDI, RV_C_LI, 0, 0, 0, 1},
    {"c.addi16sp sp,-512", 0x7101, RV_OP_ADDI, RV_C_ADDI16SP, 2, 2, 0, -512},
    {"c.addi16sp sp,496", 0x617d, RV_OP_ADDI, RV_C_ADDI16SP, 2, 2, 0, 496},
    {"c.lui a3,0xfffe1", 0x7685, RV_OP_LUI, RV_C_LUI, 13, 0, 0, -0x1f000},
    {"c.lui t0,0x1", 0x6285, RV_OP_LUI, RV_C_LUI, 5, 0, 0, 0x1000},
    {"c.lui zero,0x1 (HINT)", 0x6005, RV_OP_LUI, RV_C_LUI, 0, 0, 0, 0x1000},
    {"c.srli a0,63", 0x917d, RV_OP_SRLI, RV_C_SRLI, 10, 10, 0, 63},
    {"c.srli64 s0 (HINT)", 0x8001, RV_OP_SRLI, RV_C_SRLI, 8, 8, 0, 0},
    {"c.srai a1,1", 0x8585, RV_OP_SRAI, RV_C_SRAI, 11, 11, 0, 1},
    {"c.srai64 s0 (HINT)", 0x8401, RV_OP_SRAI, RV_C_SRAI, 8, 8, 0, 0},
    {"c.andi a2,-1", 0x9a7d, RV_OP_ANDI, RV_C_ANDI, 12, 12, 0, -1},
    {"c.sub s0,s1", 0x8c05, RV_OP_SUB, RV_C_SUB, 8, 8, 9, 0},
    {"c.xor a0,a1", 0x8d2d, RV_OP_XOR, RV_C_XOR, 10, 10, 11, 0},
    {"c.or a2,a3", 0x8e55, RV_OP_OR, RV_C_OR, 12, 12, 13, 0},
    {"c.and a4,a5", 0x8f7d, RV_OP_AND, RV_C_AND, 14, 14, 15, 0},
    {"c.subw s0,a5", 0x9c1d, RV_OP_SUBW, RV_C_SUBW, 8, 8, 15, 0},
    {"c.addw a0,s1", 0x9d25, RV_OP_ADDW, RV_C_ADDW, 10, 10, 9, 0},
    {"c.slli a0,63", 0x157e, RV_OP_SLLI, RV_C_SLLI, 10, 10, 0, 63},
    {"c.slli zero,1 (HINT)", 0x0006, RV_OP_SLLI, RV_C_SLLI, 0, 0, 0, 1},
    {"c.slli64 a0 (HINT)", 0x0502, RV_OP_SLLI, RV_C_SLLI, 10, 10, 0, 0},
    {"c.fldsp fa1,504(sp)", 0x35fe, RV_OP_FLD, RV_C_FLDSP, 11, 2, 0, 504},
    {"c.lwsp a0,252(sp)", 0x557e, RV_OP_LW, RV_C_LWSP, 10, 2, 0, 252},
    {"c.ldsp ra,504(sp)", 0x70fe, RV_OP_LD, RV_C_LDSP, 1, 2, 0, 504},
    {"c.jr a0", 0x8502, RV_OP_JALR, RV_C_JR, 0, 10, 0, 0},
    {"c.mv a0,a1", 0x852e, RV_OP_ADD, RV_C_MV, 10, 0, 11, 0},
    {"c.mv zero,ra (HINT)", 0x8006, RV_OP_ADD, RV_C_MV, 0, 0, 1, 0},
    {"c.ebreak", 0x9002, RV_OP_EBREAK, RV_C_EBREAK, 0, 0, 0, 0},
    {"c.jalr a0", 0x9502, RV_OP_JALR, RV_C_JALR, 1, 10, 0, 0},
    {"c.add a0,a1", 0x952e, RV_OP_ADD, RV_C_ADD, 10, 10, 11, 0},
    {"c.add zero,ra (HINT)", 0x9006, RV_OP_ADD, RV_C_ADD, 0, 0, 1, 0},
    {"c.fsdsp fs0,504(sp)", 0xbfa2, RV_OP_FSD, RV_C_FSDSP, 0, 2, 8, 504},
    {"c.swsp a0,252(sp)", 0xdfaa, RV_OP_SW, RV_C_SWSP, 0, 2, 10, 252},
    {"c.sdsp ra,504(sp)", 0xff86, RV_OP_SD, RV_C_SDSP, 0, 2, 1, 504},
    /* control transfers: imm is the offset; targets checked below */
    {"c.j .-2048", 0xb001, RV_OP_JAL, RV_C_J, 0, 0, 0, -2048},
    {"c.j .+2046", 0xaffd, RV_OP_JAL, RV_C_J, 0, 0, 0, 2046},
    {"c.beqz a0,.+254", 0xcd7d, RV_OP_BEQ, RV_C_BEQZ, 0, 10, 0, 254},
    {"c.bnez a5,.-256", 0xf381, RV_OP_BNE, RV_C_BNEZ, 0, 15, 0, -256},
};

static void test_compressed(void)
{
	char msg[160];
	for (size_t i = 0; i < sizeof(ccases) / sizeof(ccases[0]); i++) {
		const struct ccase *c = &ccases[i];
		struct rv_insn d;
		bool ok = decode_word(0x1000, c->h, 2, &d);
		snprintf(msg, sizeof(msg),
			 "got ok=%d op=%s cform=%u len=%u rd=%u rs1=%u rs2=%u "
			 "imm=%" PRId64,
			 ok, rv_op_name(d.op), d.cform, d.len, d.rd, d.rs1,
			 d.rs2, d.imm);
		check(ok && d.op == c->op && d.cform == c->cform &&
			  d.len == 2 && d.raw == c->h && d.rd == c->rd &&
			  d.rs1 == c->rs1 && d.rs2 == c->rs2 &&
			  d.imm == c->imm && d.cls == rv_op_class(c->op),
		      c->asm_text, c->h, msg);
	}
}

/* Branch/jump targets of compressed forms, as gas placed them. */
static void test_compressed_targets(void)
{
	static const struct {
		uint64_t pc;
		uint16_t h;
		uint64_t target;
	} t[] = {
	    {0x898, 0xb001, 0x98},   /* c.j */
	    {0x89a, 0xcd7d, 0x998},  /* c.beqz */
	    {0x89c, 0xf381, 0x79c},  /* c.bnez */
	    {0x89e, 0xaffd, 0x109c}, /* c.j */
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rv_insn d;
		decode_word(t[i].pc, t[i].h, 2, &d);
		const struct rv_operand *o = &d.operands[d.n_operands - 1];
		check(d.n_operands > 0 && o->kind == RV_OPND_TARGET &&
			  (uint64_t)o->value == t[i].target,
		      "compressed target", t[i].h, "wrong TARGET operand");
	}
}

/* ------------------------------------------------------------------ */
/* Illegal encodings */

static void test_illegal(void)
{
	static const struct {
		const char *what;
		uint32_t raw;
		unsigned len;
	} bad[] = {
	    {"all-zero halfword", 0x0000, 2},
	    {"c.addi4spn zero imm", 0x0004, 2},
	    {"c.addi4spn zero imm rd=a0", 0x0008, 2},
	    {"q0 funct3=4 (reserved)", 0x8000, 2},
	    {"c.addiw rd=0", 0x2001, 2},
	    {"c.addiw rd=0 imm", 0x2005, 2},
	    {"c.lui ra,0 (zero imm)", 0x6081, 2},
	    {"c.addi16sp sp,0", 0x6101, 2},
	    {"CA reserved 100111.10", 0x9c41, 2},
	    {"CA reserved 100111.11", 0x9c61, 2},
	    {"c.lwsp rd=0", 0x4002, 2},
	    {"c.ldsp rd=0", 0x6002, 2},
	    {"c.jr rs1=0", 0x8002, 2},
	    {"all-ones word (>32-bit)", 0xffffffff, 4},
	    {"48-bit prefix", 0x0000001f, 4},
	    {"slliw shamt[5]=1", 0x0205151b, 4},
	    {"srliw shamt[5]=1", 0x0205551b, 4},
	    {"sraiw shamt[5]=1", 0x4205551b, 4},
	    {"roriw shamt[5]=1", 0x6205551b, 4},
	    {"rv32 rev8 encoding", 0x6985d513, 4},
	    {"pack (Zbkb) in OP", 0x08b54533, 4},
	    {"zext.h with rs2!=0", 0x0815453b, 4},
	    {"fadd.h (fmt=H)", 0x04c5f553, 4},
	    {"fadd.q (fmt=Q)", 0x06c5f553, 4},
	    {"fmadd.q", 0x06c5f543, 4},
	    {"flh", 0x00859507, 4},
	    {"flq", 0x0085c507, 4},
	    {"fsqrt.s rs2!=0", 0x5815f553, 4},
	    {"fcvt.s.s (rs2=0)", 0x4005f553, 4},
	    {"fcvt.w.s rs2=4", 0xc045f553, 4},
	    {"fmv.x.w funct3=2", 0xe005a553, 4},
	    {"lr.w rs2!=0", 0x1055252f, 4},
	    {"amo funct3=0", 0x00b5052f, 4},
	    {"amo funct5=0x1f", 0xf8b5252f, 4},
	    {"mret", 0x30200073, 4},
	    {"wfi", 0x10500073, 4},
	    {"sfence.vma", 0x12000073, 4},
	    {"ecall with rd!=0", 0x000000f3, 4},
	    {"ebreak with rs1!=0", 0x00108073, 4},
	    {"SYSTEM funct3=4", 0x00004073, 4},
	    {"cbo.clean (MISC-MEM funct3=2)", 0x0015200f, 4},
	    {"jalr funct3!=0", 0x00059567, 4},
	    {"branch funct3=2", 0x00b52063, 4},
	    {"load funct3=7", 0x0005f503, 4},
	    {"store funct3=4", 0x00a5c023, 4},
	    {"vector add (OP-V)", 0x02008057, 4},
	    {"custom-0", 0x0000000b, 4},
	    {"sub funct7 0x20 funct3=1", 0x40b51533, 4},
	};
	char msg[160];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rv_insn d;
		bool ok = decode_word(0x4000, bad[i].raw, 4, &d);
		snprintf(msg, sizeof(msg), "decoded as %s (len %u)",
			 rv_op_name(d.op), d.len);
		check(!ok && d.op == RV_OP_ILLEGAL &&
			  d.cls == RV_CLASS_ILLEGAL && d.len == bad[i].len &&
			  d.n_operands == 0 && d.uses == 0 && d.defs == 0 &&
			  d.pc == 0x4000,
		      bad[i].what, bad[i].raw, msg);
	}
}

/* Too few bytes: len 0 and no instruction. */
static void test_short(void)
{
	static const uint8_t w32[4] = {0x33, 0x05, 0xb5, 0x00}; /* add */
	static const uint8_t w16[2] = {0x82, 0x80};		/* ret */
	struct rv_insn d;
	check(!rv_decode(0, w32, 0, &d) && d.len == 0, "avail 0", 0,
	      "expected len 0");
	check(!rv_decode(0, w32, 1, &d) && d.len == 0, "avail 1", 0,
	      "expected len 0");
	check(!rv_decode(0, w32, 3, &d) && d.len == 0, "32-bit, avail 3",
	      0x00b50533, "expected len 0");
	check(rv_decode(0, w32, 4, &d) && d.len == 4 && d.op == RV_OP_ADD,
	      "32-bit, avail 4", 0x00b50533, "expected add");
	check(rv_decode(0, w16, 2, &d) && d.len == 2 && d.op == RV_OP_JALR,
	      "16-bit, avail 2", 0x8082, "expected c.jr ra");
}

/* ------------------------------------------------------------------ */
/* 32-bit instructions: fields and operand facts */

struct opnd_exp {
	uint8_t kind, regfile, reg, bits;
	int64_t value;
};

struct wcase {
	const char *asm_text;
	uint32_t raw;
	uint16_t op;
	uint64_t uses, defs;
	uint8_t n;
	struct opnd_exp o[RV_MAX_OPERANDS];
};

enum {
	R = RV_OPND_REG_READ,
	W = RV_OPND_REG_WRITE,
	I = RV_OPND_IMM,
	M = RV_OPND_MEM,
	T = RV_OPND_TARGET,
	C = RV_OPND_CSR
};
enum { N = RV_REGFILE_NONE, X = RV_REGFILE_X, F = RV_REGFILE_F };

static const struct wcase wcases[] = {
    {"add a0,a1,a2",
     0x00c58533,
     RV_OP_ADD,
     XB(11) | XB(12),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}, {R, X, 12, 64, 0}}},
    {"add zero,ra,sp",
     0x00208033,
     RV_OP_ADD,
     XB(1) | XB(2),
     0,
     3,
     {{W, X, 0, 64, 0}, {R, X, 1, 64, 0}, {R, X, 2, 64, 0}}},
    {"sd ra,8(sp)",
     0x00113423,
     RV_OP_SD,
     XB(1) | XB(2),
     0,
     2,
     {{R, X, 1, 64, 0}, {M, X, 2, 64, 8}}},
    {"lw a0,-4(s0)",
     0xffc42503,
     RV_OP_LW,
     XB(8),
     XB(10),
     2,
     {{W, X, 10, 64, 0}, {M, X, 8, 32, -4}}},
    {"fld fa0,8(a1)",
     0x0085b507,
     RV_OP_FLD,
     XB(11),
     FB(10),
     2,
     {{W, F, 10, 64, 0}, {M, X, 11, 64, 8}}},
    {"fsw ft1,-2048(t6)",
     0x801fa027,
     RV_OP_FSW,
     FB(1) | XB(31),
     0,
     2,
     {{R, F, 1, 32, 0}, {M, X, 31, 32, -2048}}},
    {"lui a0,0x80000",
     0x80000537,
     RV_OP_LUI,
     0,
     XB(10),
     2,
     {{W, X, 10, 64, 0}, {I, N, 0, 32, -0x80000000ll}}},
    {"auipc t1,0xfffff",
     0xfffff317,
     RV_OP_AUIPC,
     0,
     XB(6),
     2,
     {{W, X, 6, 64, 0}, {I, N, 0, 32, -0x1000}}},
    {"rev8 a0,a1",
     0x6b85d513,
     RV_OP_REV8,
     XB(11),
     XB(10),
     2,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}}},
    {"zext.h a0,a1",
     0x0805c53b,
     RV_OP_ZEXT_H,
     XB(11),
     XB(10),
     2,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}}},
    {"rori a0,a1,63",
     0x63f5d513,
     RV_OP_RORI,
     XB(11),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}, {I, N, 0, 6, 63}}},
    {"roriw a0,a1,31",
     0x61f5d51b,
     RV_OP_RORIW,
     XB(11),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}, {I, N, 0, 5, 31}}},
    {"slli.uw a0,a1,40",
     0x0a85951b,
     RV_OP_SLLI_UW,
     XB(11),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}, {I, N, 0, 6, 40}}},
    {"orc.b a2,a3",
     0x2876d613,
     RV_OP_ORC_B,
     XB(13),
     XB(12),
     2,
     {{W, X, 12, 64, 0}, {R, X, 13, 64, 0}}},
    {"sext.b a2,a3",
     0x60469613,
     RV_OP_SEXT_B,
     XB(13),
     XB(12),
     2,
     {{W, X, 12, 64, 0}, {R, X, 13, 64, 0}}},
    {"clzw a4,a5",
     0x6007971b,
     RV_OP_CLZW,
     XB(15),
     XB(14),
     2,
     {{W, X, 14, 64, 0}, {R, X, 15, 64, 0}}},
    {"bexti a0,a1,63",
     0x4bf5d513,
     RV_OP_BEXTI,
     XB(11),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}, {I, N, 0, 6, 63}}},
    {"sh3add.uw a0,a1,a2",
     0x20c5e53b,
     RV_OP_SH3ADD_UW,
     XB(11) | XB(12),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}, {R, X, 12, 64, 0}}},
    {"fadd.s fa0,fa1,fa2,rmm",
     0x00c5c553,
     RV_OP_FADD_S,
     FB(11) | FB(12),
     FB(10),
     3,
     {{W, F, 10, 32, 0}, {R, F, 11, 32, 0}, {R, F, 12, 32, 0}}},
    {"fmadd.d fa0,fa1,fa2,fa3,rup",
     0x6ac5b543,
     RV_OP_FMADD_D,
     FB(11) | FB(12) | FB(13),
     FB(10),
     4,
     {{W, F, 10, 64, 0},
      {R, F, 11, 64, 0},
      {R, F, 12, 64, 0},
      {R, F, 13, 64, 0}}},
    {"fcvt.w.s a0,fa0,rtz",
     0xc0051553,
     RV_OP_FCVT_W_S,
     FB(10),
     XB(10),
     2,
     {{W, X, 10, 64, 0}, {R, F, 10, 32, 0}}},
    {"fmv.x.d a1,fa2",
     0xe20605d3,
     RV_OP_FMV_X_D,
     FB(12),
     XB(11),
     2,
     {{W, X, 11, 64, 0}, {R, F, 12, 64, 0}}},
    {"fcvt.s.d fa0,fa1",
     0x4015f553,
     RV_OP_FCVT_S_D,
     FB(11),
     FB(10),
     2,
     {{W, F, 10, 32, 0}, {R, F, 11, 64, 0}}},
    {"fcvt.d.lu fa0,a0,rdn",
     0xd2352553,
     RV_OP_FCVT_D_LU,
     XB(10),
     FB(10),
     2,
     {{W, F, 10, 64, 0}, {R, X, 10, 64, 0}}},
    {"feq.d a0,fa0,fa1",
     0xa2b52553,
     RV_OP_FEQ_D,
     FB(10) | FB(11),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, F, 10, 64, 0}, {R, F, 11, 64, 0}}},
    {"amoadd.w.aqrl a0,a1,(a2)",
     0x06b6252f,
     RV_OP_AMOADD_W,
     XB(11) | XB(12),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}, {M, X, 12, 32, 0}}},
    {"lr.d.aq a3,(a4)",
     0x140736af,
     RV_OP_LR_D,
     XB(14),
     XB(13),
     2,
     {{W, X, 13, 64, 0}, {M, X, 14, 64, 0}}},
    {"sc.w.rl a5,a6,(a7)",
     0x1b08a7af,
     RV_OP_SC_W,
     XB(16) | XB(17),
     XB(15),
     3,
     {{W, X, 15, 64, 0}, {R, X, 16, 64, 0}, {M, X, 17, 32, 0}}},
    {"fence rw,rw",
     0x0330000f,
     RV_OP_FENCE,
     0,
     0,
     2,
     {{I, N, 0, 4, 3}, {I, N, 0, 4, 3}}},
    {"fence.tso",
     0x8330000f,
     RV_OP_FENCE_TSO,
     0,
     0,
     2,
     {{I, N, 0, 4, 3}, {I, N, 0, 4, 3}}},
    {"fence.i", 0x0000100f, RV_OP_FENCE_I, 0, 0, 0, {{0}}},
    {"ecall", 0x00000073, RV_OP_ECALL, 0, 0, 0, {{0}}},
    {"ebreak", 0x00100073, RV_OP_EBREAK, 0, 0, 0, {{0}}},
    {"csrrs a0,fflags,zero",
     0x00102573,
     RV_OP_CSRRS,
     0,
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {C, N, 0, 12, 1}, {R, X, 0, 64, 0}}},
    {"csrrwi a0,frm,3",
     0x0021d573,
     RV_OP_CSRRWI,
     0,
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {C, N, 0, 12, 2}, {I, N, 0, 5, 3}}},
    {"csrrc t0,cycle,t1",
     0xc00332f3,
     RV_OP_CSRRC,
     XB(6),
     XB(5),
     3,
     {{W, X, 5, 64, 0}, {C, N, 0, 12, 0xc00}, {R, X, 6, 64, 0}}},
    {"jalr a0,-1(a1)",
     0xfff58567,
     RV_OP_JALR,
     XB(11),
     XB(10),
     3,
     {{W, X, 10, 64, 0}, {R, X, 11, 64, 0}, {I, N, 0, 12, -1}}},
    {"mulhsu s0,s1,s2",
     0x0324a433,
     RV_OP_MULHSU,
     XB(9) | XB(18),
     XB(8),
     3,
     {{W, X, 8, 64, 0}, {R, X, 9, 64, 0}, {R, X, 18, 64, 0}}},
};

static void test_words(void)
{
	char msg[200];
	for (size_t i = 0; i < sizeof(wcases) / sizeof(wcases[0]); i++) {
		const struct wcase *c = &wcases[i];
		struct rv_insn d;
		bool ok = decode_word(0x10000, c->raw, 4, &d);
		bool same = ok && d.op == c->op && d.len == 4 &&
			    d.cform == RV_C_NONE && d.uses == c->uses &&
			    d.defs == c->defs && d.n_operands == c->n;
		for (unsigned k = 0; same && k < c->n; k++) {
			const struct rv_operand *o = &d.operands[k];
			same = o->kind == c->o[k].kind &&
			       o->regfile == c->o[k].regfile &&
			       o->reg == c->o[k].reg &&
			       o->bits == c->o[k].bits &&
			       o->value == c->o[k].value;
		}
		snprintf(msg, sizeof(msg),
			 "got ok=%d op=%s uses=%#" PRIx64 " defs=%#" PRIx64
			 " n=%u",
			 ok, rv_op_name(d.op), d.uses, d.defs, d.n_operands);
		check(same, c->asm_text, c->raw, msg);
	}
}

/* Fields outside the operand list: rm, aqrl, csr, imm of special forms. */
static void test_fields(void)
{
	struct rv_insn d;
	decode_word(0, 0x00c5c553, 4, &d); /* fadd.s ...,rmm */
	check(d.rm == RV_RM_RMM, "fadd.s rm", d.raw, "rm != rmm");
	decode_word(0, 0x00c5d553, 4, &d); /* fadd.s rm=5 (reserved) */
	check(d.op == RV_OP_FADD_S && d.rm == 5, "fadd.s rm=5 decodes", d.raw,
	      "reserved rm must still decode");
	decode_word(0, 0x00c57553, 4, &d); /* fadd.s dyn */
	check(d.rm == RV_RM_DYN, "fadd.s dyn", d.raw, "rm != dyn");
	decode_word(0, 0x6ac5b543, 4, &d); /* fmadd.d rup */
	check(d.rm == RV_RM_RUP && d.rs3 == 13, "fmadd.d rm/rs3", d.raw,
	      "wrong rm or rs3");
	decode_word(0, 0x2220a053, 4, &d); /* fsgnjx.d: no rm field */
	check(d.op == RV_OP_FSGNJX_D && d.rm == 0, "fsgnjx.d rm=0", d.raw,
	      "ops without rm keep rm 0");
	decode_word(0, 0xa2b52553, 4, &d); /* feq.d */
	check(d.rm == 0, "feq.d rm=0", d.raw, "ops without rm keep rm 0");
	decode_word(0, 0x06b6252f, 4, &d);
	check(d.aqrl == 3, "amoadd.w.aqrl aqrl", d.raw, "aqrl != 3");
	decode_word(0, 0x140736af, 4, &d);
	check(d.aqrl == 2, "lr.d.aq aqrl", d.raw, "aqrl != 2 (aq)");
	decode_word(0, 0x1b08a7af, 4, &d);
	check(d.aqrl == 1, "sc.w.rl aqrl", d.raw, "aqrl != 1 (rl)");
	decode_word(0, 0x0f50000f, 4, &d); /* fence iorw,ow */
	check(d.op == RV_OP_FENCE && d.aqrl == 0xf5 && d.imm == 0,
	      "fence iorw,ow", d.raw, "aqrl != pred<<4|succ");
	decode_word(0, 0x8330000f, 4, &d);
	check(d.op == RV_OP_FENCE_TSO && d.aqrl == 0x33 && d.imm == 8,
	      "fence.tso fields", d.raw, "fence.tso: aqrl 0x33, imm fm 8");
	decode_word(0, 0x9ff0000f, 4, &d); /* reserved fm: a plain fence */
	check(d.op == RV_OP_FENCE && d.aqrl == 0xff, "fence fm=9", d.raw,
	      "reserved fm should decode as fence");
	decode_word(0, 0x0021d573, 4, &d); /* csrrwi a0,frm,3 */
	check(d.csr == 2 && d.imm == 3 && d.rs1 == 0 && d.rd == 10,
	      "csrrwi fields", d.raw, "csr=2 imm=3 rs1=0 rd=10 expected");
	decode_word(0, 0xc00332f3, 4, &d); /* csrrc t0,cycle,t1 */
	check(d.csr == 0xc00 && d.rs1 == 6 && d.imm == 0, "csrrc fields", d.raw,
	      "csr=0xc00 rs1=6 imm=0 expected");
	decode_word(0x1000, 0x00b50863, 4, &d); /* beq a0,a1,.+16 */
	check(d.op == RV_OP_BEQ && d.imm == 16 && d.operands[2].value == 0x1010,
	      "beq target", d.raw, "target != pc+16");
	decode_word(0x2000, 0xffdff0ef, 4, &d); /* jal ra,.-4 */
	check(d.op == RV_OP_JAL && d.rd == 1 && d.imm == -4 &&
		  d.operands[1].value == 0x1ffc && d.defs == XB(1),
	      "jal target", d.raw, "target != pc-4");
	decode_word(0x10, 0x8000006f, 4, &d); /* jal zero,.-1MiB */
	check(d.imm == -0x100000 &&
		  (uint64_t)d.operands[1].value == 0x10 - 0x100000ull,
	      "jal min offset", d.raw, "wrong offset/target wrap");
	decode_word(0, 0x80000537, 4, &d);
	check(d.imm == -0x80000000ll, "lui sign-extension", d.raw,
	      "imm must be sign-extended");
	decode_word(0, 0x9002, 2, &d);
	check(d.op == RV_OP_EBREAK && d.n_operands == 0 && d.len == 2,
	      "c.ebreak", d.raw, "no operands, len 2");
}

/* ------------------------------------------------------------------ */
/* Invariants over every halfword and a sample of words */

static bool consistent(const struct rv_insn *d, bool ok, char *why, size_t n)
{
	uint64_t uses = 0, defs = 0;
	if (!ok) {
		if (d->op != RV_OP_ILLEGAL || d->n_operands || d->uses ||
		    d->defs || d->cls != RV_CLASS_ILLEGAL) {
			snprintf(why, n, "illegal but descriptor not clear");
			return false;
		}
		return true;
	}
	if (d->op == RV_OP_ILLEGAL || d->op >= RV_OP_COUNT ||
	    d->cls != rv_op_class(d->op) || d->n_operands > RV_MAX_OPERANDS) {
		snprintf(why, n, "bad op/class/operand count");
		return false;
	}
	if ((d->len == 2) != (d->cform != RV_C_NONE)) {
		snprintf(why, n, "cform disagrees with len");
		return false;
	}
	for (unsigned i = 0; i < d->n_operands; i++) {
		const struct rv_operand *o = &d->operands[i];
		uint64_t bit = 0;
		if (o->kind == RV_OPND_REG_READ ||
		    o->kind == RV_OPND_REG_WRITE || o->kind == RV_OPND_MEM) {
			if (o->reg > 31 || o->bits == 0) {
				snprintf(why, n, "bad register operand");
				return false;
			}
			if (o->regfile == RV_REGFILE_F)
				bit = FB(o->reg);
			else if (o->reg)
				bit = XB(o->reg);
		}
		if (o->kind == RV_OPND_REG_WRITE)
			defs |= bit;
		else
			uses |= bit;
	}
	if (uses != d->uses || defs != d->defs || (d->uses & 1) ||
	    (d->defs & 1)) {
		snprintf(why, n, "uses/defs disagree with operands");
		return false;
	}
	return true;
}

static void test_invariants(void)
{
	char why[80], text[96], small[8];
	unsigned bad = 0, legal16 = 0;
	uint32_t x = 1;
	for (uint32_t h = 0; h < 0x10000; h++) {
		struct rv_insn d;
		if ((h & 3) == 3)
			continue;
		bool ok = decode_word(0x8000, h, 2, &d);
		legal16 += ok;
		if (!consistent(&d, ok, why, sizeof(why)) || d.len != 2) {
			if (bad++ < 5)
				check(false, "halfword invariant", h, why);
		}
		size_t n = rv_disasm(&d, text, sizeof(text));
		if (n != strlen(text) || n == 0) {
			if (bad++ < 5)
				check(false, "disasm length", h, text);
		}
	}
	/* 2^16 - 2^14 halfwords; the reserved ones are a small minority */
	check(legal16 > 45000 && legal16 < 49152, "legal halfword count",
	      legal16, "implausible number of legal compressed encodings");
	for (unsigned i = 0; i < 2000000; i++) {
		struct rv_insn d;
		x = x * 1664525u + 1013904223u;
		uint32_t w = x | 3;
		bool ok = decode_word(0x8000, w, 4, &d);
		if (!consistent(&d, ok, why, sizeof(why)) || d.len != 4) {
			if (bad++ < 10)
				check(false, "word invariant", w, why);
		}
		if (i % 64 == 0) {
			size_t n = rv_disasm(&d, small, sizeof(small));
			if (n != strlen(small) || n >= sizeof(small)) {
				if (bad++ < 10)
					check(false, "disasm truncation", w,
					      small);
			}
		}
	}
	check(bad == 0, "invariants", 0, "see above");
}

/* ------------------------------------------------------------------ */
/* A few disassembler facts (the full comparison is check.sh) */

static void test_disasm(void)
{
	static const struct {
		uint64_t pc;
		uint32_t raw;
		unsigned len;
		const char *text;
	} t[] = {
	    {0, 0x00158713, 4, "add\ta4,a1,1"},
	    {0, 0x00078793, 4, "mv\ta5,a5"},
	    {0, 0x8082, 2, "ret"},
	    {0, 0x1101, 2, "add\tsp,sp,-32"},
	    {0, 0x0015, 2, "c.nop\t5"},
	    {0, 0x0000, 2, "unimp"},
	    {0, 0x0004, 2, ".2byte\t0x4"},
	    {0, 0x0000002b, 4, ".4byte\t0x2b"},
	    {0x124, 0x09747163, 4, "bgeu\ts0,s7,1a6"},
	    {0x4690, 0xfeeff06f, 4, "j\t3e7e"},
	    {0, 0xc00796d3, 4, "fcvt.w.s\ta3,fa5,rtz"},
	    {0, 0x0f50000f, 4, "fence\tiorw,ow"},
	    {0, 0x00102773, 4, "frflags\ta4"},
	    {0, 0x1ce626af, 4, "sc.w.aq\ta3,a4,(a2)"},
	    {0, 0xc0001073, 4, "unimp"},
	};
	char buf[96];
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rv_insn d;
		decode_word(t[i].pc, t[i].raw, t[i].len, &d);
		rv_disasm(&d, buf, sizeof(buf));
		check(strcmp(buf, t[i].text) == 0, t[i].text, t[i].raw, buf);
	}
	check(strcmp(rv_xreg_name(8), "s0") == 0 &&
		  strcmp(rv_freg_name(31), "ft11") == 0 &&
		  strcmp(rv_op_name(RV_OP_AMOMAXU_D), "amomaxu.d") == 0 &&
		  rv_op_class(RV_OP_FLD) == RV_CLASS_FLOAD &&
		  strcmp(rv_class_name(RV_CLASS_ATOMIC), "atomic") == 0 &&
		  strcmp(rv_cform_name(RV_C_ADDI16SP), "c.addi16sp") == 0,
	      "name tables", 0, "wrong name");
}

int main(void)
{
	test_compressed();
	test_compressed_targets();
	test_illegal();
	test_short();
	test_words();
	test_fields();
	test_invariants();
	test_disasm();
	printf("%u passed, %u failed\n", passed, failed);
	return failed != 0;
}
