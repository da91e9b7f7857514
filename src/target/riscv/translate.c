/*
 * RISC-V -> IR translation.
 *
 * Design: one IR op per guest instruction wherever the IR has a matching op
 * (integer, B extensions, loads and stores, F/D computation, fflags
 * access), so the interpreter dispatches once per instruction; the other
 * CSR accesses and atomics are helper calls that receive the instruction's
 * descriptor.  Guest registers are slots:
 * x[n] is slot n, f[n] slot 32 + n.  Writes to x0 are dropped (a load to x0
 * still loads into a temporary, because it can fault).
 *
 * Invariant: the architectural state is exact at every instruction
 * boundary: an instruction's effects on guest slots happen only after all
 * of its operands have been read and its faulting accesses done.
 */
#include "target/riscv/exec.h"

#include "linux-user/guest_mem.h"
#include "plugin/plugin.h"
#include "target/riscv/cpu.h"
#include "target/riscv/fpu.h"
#include "target/riscv/fpu_fast.h"
#include "target/riscv/helpers.h"

#define X(r) ((unsigned)(RV_SLOT_X + (r)))
#define F(r) ((unsigned)(RV_SLOT_F + (r)))
#define T0 ((unsigned)RV_SLOT_TMP)
#define T1 ((unsigned)RV_SLOT_TMP + 1)
#define T2 ((unsigned)RV_SLOT_TMP + 2) /* address for mem instrumentation */

/* The instruction being emitted, with the plugins' instrumentation. */
struct emit_ctx {
	struct ir_block *b;
	struct plugin_block *pb;
	int idx;
};

static bool ends_block(const struct rv_insn *in)
{
	switch (in->cls) {
	case RV_CLASS_BRANCH:
	case RV_CLASS_JUMP:
	case RV_CLASS_ILLEGAL:
		return true;
	default:
		return in->op == RV_OP_ECALL || in->op == RV_OP_EBREAK ||
		       in->op == RV_OP_FENCE_I;
	}
}

static bool fetchable(const struct guest_mem *mem, uint64_t addr)
{
	int prot = guest_page_prot(mem, addr);
	return prot >= 0 && (prot & LU_PROT_EXEC);
}

int rv_decode_block(const struct guest_mem *mem, uint64_t pc,
		    struct rv_insn *insns, int max, uint64_t *fault_addr)
{
	*fault_addr = pc;
	int n = 0;
	uint64_t page = pc & ~(LU_PAGE_SIZE - 1);

	if ((pc & 1) || !guest_in_space(mem, pc, 2) || !fetchable(mem, pc))
		return 0;
	while (n < max) {
		const uint8_t *p = g2h(mem, pc);
		size_t avail = 4;
		/* Only read the second halfword if its page may be fetched. */
		uint64_t next_page = page + LU_PAGE_SIZE;
		if (pc + 2 == next_page &&
		    (!guest_in_space(mem, next_page, 2) ||
		     !fetchable(mem, next_page)))
			avail = 2;
		struct rv_insn *in = &insns[n];
		rv_decode(pc, p, avail, in);
		if (in->len == 0 || (in->len == 4 && avail == 2)) {
			/* The instruction straddles into an unfetchable page:
			 * end the block before it, or fault (on that page) if
			 * it is first. */
			if (n == 0) {
				*fault_addr = next_page;
				return 0;
			}
			break;
		}
		n++;
		if (ends_block(in))
			break;
		pc += in->len;
		if ((pc & ~(LU_PAGE_SIZE - 1)) != page)
			break;
	}
	return n;
}

static void emit_call(struct ir_block *b, ir_helper_fn fn, int idx)
{
	ir_emit_call(b, fn, (const void *)(uintptr_t)idx);
}

/* rd = a op b, dropping writes to x0. */
static void alu3(struct ir_block *b, unsigned opc, const struct rv_insn *in)
{
	if (in->rd)
		ir_emit(b, opc, X(in->rd), X(in->rs1), X(in->rs2), 0);
}

static void alui(struct ir_block *b, unsigned opc, const struct rv_insn *in,
		 int64_t imm)
{
	if (in->rd)
		ir_emit(b, opc, X(in->rd), X(in->rs1), 0, imm);
}

/* A guest access of 1 << shift bytes at rs1 + imm; with memory
 * instrumentation the address is kept in T2 (rd may overwrite rs1) and the
 * instrumentation follows the access. */
static void access(const struct emit_ctx *c, unsigned opc,
		   const struct rv_insn *in, unsigned val, unsigned shift,
		   bool sign, bool store)
{
	bool mem = plugin_gen_wants_mem(c->pb, c->idx);
	if (mem)
		ir_emit(c->b, IR_ADDI, T2, X(in->rs1), 0, in->imm);
	ir_emit(c->b, opc, store ? 0 : val, X(in->rs1), store ? val : 0,
		in->imm);
	if (mem)
		plugin_gen_mem(c->pb, c->b, c->idx, T2, val, shift, sign,
			       store);
}

static void load(const struct emit_ctx *c, unsigned opc,
		 const struct rv_insn *in, unsigned shift, bool sign)
{
	access(c, opc, in, in->rd ? X(in->rd) : T0, shift, sign, false);
}

static void store(const struct emit_ctx *c, unsigned opc,
		  const struct rv_insn *in, unsigned val, unsigned shift)
{
	access(c, opc, in, val, shift, false, true);
}

/* The IR op of an F/D instruction with rounding or flags, 0 for none. */
static unsigned fp_ir_op(unsigned rvop)
{
	switch (rvop) {
#define FP_CASE(n, f, fl)                                                      \
	case RV_OP_##n:                                                        \
		return IR_##n;
		IR_FP_OPS(FP_CASE)
#undef FP_CASE
	default:
		return 0;
	}
}

/* An F/D computational instruction: the bit operations become integer
 * ops, the rest the IR's FP ops (ops.h).  A reserved static rounding mode
 * keeps the helper, which raises SIGILL when the instruction runs. */
static void emit_fp(const struct emit_ctx *c, const struct rv_insn *in)
{
	struct ir_block *b = c->b;
	unsigned kind = rv_fpu_kind(in->op);
	unsigned rd = in->rd, rs1 = in->rs1, rs2 = in->rs2;

	if (!kind ||
	    ((kind & RV_FPU_RM) && in->rm != RV_RM_DYN && in->rm > RV_RM_RMM)) {
		emit_call(b, rv_helper_fp, c->idx);
		return;
	}
	switch (in->op) {
	case RV_OP_FSGNJ_D: /* fmv.d */
		if (rs1 == rs2)
			ir_emit(b, IR_MOV, F(rd), F(rs1), 0, 0);
		else
			ir_emit(b, IR_FSGNJ_D, F(rd), F(rs1), F(rs2), 0);
		return;
	case RV_OP_FSGNJN_D: /* fneg.d */
		if (rs1 == rs2)
			ir_emit(b, IR_XORI, F(rd), F(rs1), 0, INT64_MIN);
		else
			ir_emit(b, IR_FSGNJN_D, F(rd), F(rs1), F(rs2), 0);
		return;
	case RV_OP_FSGNJX_D: /* fabs.d */
		if (rs1 == rs2)
			ir_emit(b, IR_ANDI, F(rd), F(rs1), 0, INT64_MAX);
		else
			ir_emit(b, IR_FSGNJX_D, F(rd), F(rs1), F(rs2), 0);
		return;
	case RV_OP_FSGNJ_S:
		ir_emit(b, IR_FSGNJ_S, F(rd), F(rs1), F(rs2), 0);
		return;
	case RV_OP_FSGNJN_S:
		ir_emit(b, IR_FSGNJN_S, F(rd), F(rs1), F(rs2), 0);
		return;
	case RV_OP_FSGNJX_S:
		ir_emit(b, IR_FSGNJX_S, F(rd), F(rs1), F(rs2), 0);
		return;
	case RV_OP_FCLASS_S:
		if (rd)
			ir_emit(b, IR_FCLASS_S, X(rd), F(rs1), 0, 0);
		return;
	case RV_OP_FCLASS_D:
		if (rd)
			ir_emit(b, IR_FCLASS_D, X(rd), F(rs1), 0, 0);
		return;
	case RV_OP_FMV_X_W: /* the low half, sign-extended */
		if (rd)
			ir_emit(b, IR_ADDIW, X(rd), F(rs1), 0, 0);
		return;
	case RV_OP_FMV_X_D:
		if (rd)
			ir_emit(b, IR_MOV, X(rd), F(rs1), 0, 0);
		return;
	case RV_OP_FMV_W_X:
		ir_emit(b, IR_NBOX, F(rd), X(rs1), 0, 0);
		return;
	case RV_OP_FMV_D_X:
		ir_emit(b, IR_MOV, F(rd), X(rs1), 0, 0);
		return;
	default:
		break;
	}
	/* Results for x0 still accrue flags: they go to a temporary. */
	unsigned d = (kind & RV_FPU_XDST) ? (rd ? X(rd) : T0) : F(rd);
	unsigned a = (kind & RV_FPU_XSRC) ? X(rs1) : F(rs1);
	unsigned rm = (kind & RV_FPU_RM) ? in->rm : 0;
	unsigned opc = fp_ir_op(in->op);
	bool fused = (opc >= IR_FMADD_S && opc <= IR_FNMADD_S) ||
		     (opc >= IR_FMADD_D && opc <= IR_FNMADD_D);
	ir_emit(b, opc, d, a, F(rs2), rv_fpop_imm(rm, fused ? F(in->rs3) : 0));
}

/* Accesses to fflags alone (frflags/fsflags: compiled code saves and
 * restores the flags around quiet comparisons) are IR ops; every other
 * CSR access calls the helper. */
static void emit_csr(const struct emit_ctx *c, const struct rv_insn *in)
{
	struct ir_block *b = c->b;
	unsigned d = in->rd ? X(in->rd) : T0;

	if (in->csr == RV_CSR_FFLAGS) {
		switch (in->op) {
		case RV_OP_CSRRS:
		case RV_OP_CSRRC:
			if (in->rs1)
				break;
			if (in->rd) /* a plain read */
				ir_emit(b, IR_RDFFLAGS, X(in->rd), 0, 0, 0);
			return;
		case RV_OP_CSRRW:
			ir_emit(b, IR_WRFFLAGS, d, X(in->rs1), 0, 0);
			return;
		case RV_OP_CSRRWI:
			ir_emit(b, IR_MOVI, T1, 0, 0, in->imm);
			ir_emit(b, IR_WRFFLAGS, d, T1, 0, 0);
			return;
		default:
			break;
		}
	}
	emit_call(b, rv_helper_csr, c->idx);
}

static void branch(struct ir_block *b, unsigned opc, const struct rv_insn *in,
		   bool swap)
{
	unsigned a = X(in->rs1), c = X(in->rs2);
	ir_emit(b, opc, IR_EXIT_CHAIN1, swap ? c : a, swap ? a : c,
		(int64_t)(in->pc + (uint64_t)in->imm));
	ir_emit(b, IR_GOTO_TB, IR_EXIT_CHAIN0, 0, 0,
		(int64_t)(in->pc + in->len));
}

static void emit_insn(const struct emit_ctx *c, const struct rv_insn *in)
{
	struct ir_block *b = c->b;
	int idx = c->idx;
	int64_t next = (int64_t)(in->pc + in->len);
	unsigned rd = in->rd;

	switch (in->op) {
	case RV_OP_LUI:
		if (rd)
			ir_emit(b, IR_MOVI, X(rd), 0, 0, in->imm);
		break;
	case RV_OP_AUIPC:
		if (rd)
			ir_emit(b, IR_MOVI, X(rd), 0, 0,
				(int64_t)(in->pc + (uint64_t)in->imm));
		break;
	case RV_OP_JAL:
		if (rd)
			ir_emit(b, IR_MOVI, X(rd), 0, 0, next);
		ir_emit(b, IR_GOTO_TB, IR_EXIT_CHAIN0, 0, 0,
			(int64_t)(in->pc + (uint64_t)in->imm));
		break;
	case RV_OP_JALR:
		ir_emit(b, IR_ADDI, T0, X(in->rs1), 0, in->imm);
		ir_emit(b, IR_ANDI, T0, T0, 0, -2);
		if (rd)
			ir_emit(b, IR_MOVI, X(rd), 0, 0, next);
		ir_emit(b, IR_GOTO_PTR, 0, T0, 0, 0);
		break;
	case RV_OP_BEQ:
		branch(b, IR_BREQ, in, false);
		break;
	case RV_OP_BNE:
		branch(b, IR_BRNE, in, false);
		break;
	case RV_OP_BLT:
		branch(b, IR_BRLT, in, false);
		break;
	case RV_OP_BGE:
		branch(b, IR_BRGE, in, false);
		break;
	case RV_OP_BLTU:
		branch(b, IR_BRLTU, in, false);
		break;
	case RV_OP_BGEU:
		branch(b, IR_BRGEU, in, false);
		break;
	case RV_OP_LB:
		load(c, IR_LD8S, in, 0, true);
		break;
	case RV_OP_LH:
		load(c, IR_LD16S, in, 1, true);
		break;
	case RV_OP_LW:
		load(c, IR_LD32S, in, 2, true);
		break;
	case RV_OP_LD:
		load(c, IR_LD64, in, 3, false);
		break;
	case RV_OP_LBU:
		load(c, IR_LD8U, in, 0, false);
		break;
	case RV_OP_LHU:
		load(c, IR_LD16U, in, 1, false);
		break;
	case RV_OP_LWU:
		load(c, IR_LD32U, in, 2, false);
		break;
	case RV_OP_SB:
		store(c, IR_ST8, in, X(in->rs2), 0);
		break;
	case RV_OP_SH:
		store(c, IR_ST16, in, X(in->rs2), 1);
		break;
	case RV_OP_SW:
		store(c, IR_ST32, in, X(in->rs2), 2);
		break;
	case RV_OP_SD:
		store(c, IR_ST64, in, X(in->rs2), 3);
		break;
	case RV_OP_FLW:
		access(c, IR_LD32NB, in, F(rd), 2, false, false);
		break;
	case RV_OP_FLD:
		access(c, IR_LD64, in, F(rd), 3, false, false);
		break;
	case RV_OP_FSW:
		store(c, IR_ST32, in, F(in->rs2), 2);
		break;
	case RV_OP_FSD:
		store(c, IR_ST64, in, F(in->rs2), 3);
		break;
	case RV_OP_ADDI:
		alui(b, IR_ADDI, in, in->imm);
		break;
	case RV_OP_SLTI:
		alui(b, IR_SLTI, in, in->imm);
		break;
	case RV_OP_SLTIU:
		alui(b, IR_SLTIU, in, in->imm);
		break;
	case RV_OP_XORI:
		alui(b, IR_XORI, in, in->imm);
		break;
	case RV_OP_ORI:
		alui(b, IR_ORI, in, in->imm);
		break;
	case RV_OP_ANDI:
		alui(b, IR_ANDI, in, in->imm);
		break;
	case RV_OP_SLLI:
		alui(b, IR_SHLI, in, in->imm);
		break;
	case RV_OP_SRLI:
		alui(b, IR_SHRI, in, in->imm);
		break;
	case RV_OP_SRAI:
		alui(b, IR_SARI, in, in->imm);
		break;
	case RV_OP_ADDIW:
		alui(b, IR_ADDIW, in, in->imm);
		break;
	case RV_OP_SLLIW:
		alui(b, IR_SHLIW, in, in->imm);
		break;
	case RV_OP_SRLIW:
		alui(b, IR_SHRIW, in, in->imm);
		break;
	case RV_OP_SRAIW:
		alui(b, IR_SARIW, in, in->imm);
		break;
	case RV_OP_ADD:
		alu3(b, IR_ADD, in);
		break;
	case RV_OP_SUB:
		alu3(b, IR_SUB, in);
		break;
	case RV_OP_SLL:
		alu3(b, IR_SHL, in);
		break;
	case RV_OP_SLT:
		alu3(b, IR_SLT, in);
		break;
	case RV_OP_SLTU:
		alu3(b, IR_SLTU, in);
		break;
	case RV_OP_XOR:
		alu3(b, IR_XOR, in);
		break;
	case RV_OP_SRL:
		alu3(b, IR_SHR, in);
		break;
	case RV_OP_SRA:
		alu3(b, IR_SAR, in);
		break;
	case RV_OP_OR:
		alu3(b, IR_OR, in);
		break;
	case RV_OP_AND:
		alu3(b, IR_AND, in);
		break;
	case RV_OP_ADDW:
		alu3(b, IR_ADDW, in);
		break;
	case RV_OP_SUBW:
		alu3(b, IR_SUBW, in);
		break;
	case RV_OP_SLLW:
		alu3(b, IR_SHLW, in);
		break;
	case RV_OP_SRLW:
		alu3(b, IR_SHRW, in);
		break;
	case RV_OP_SRAW:
		alu3(b, IR_SARW, in);
		break;
	case RV_OP_MUL:
		alu3(b, IR_MUL, in);
		break;
	case RV_OP_MULH:
		alu3(b, IR_MULH, in);
		break;
	case RV_OP_MULHSU:
		alu3(b, IR_MULHSU, in);
		break;
	case RV_OP_MULHU:
		alu3(b, IR_MULHU, in);
		break;
	case RV_OP_DIV:
		alu3(b, IR_DIV, in);
		break;
	case RV_OP_DIVU:
		alu3(b, IR_DIVU, in);
		break;
	case RV_OP_REM:
		alu3(b, IR_REM, in);
		break;
	case RV_OP_REMU:
		alu3(b, IR_REMU, in);
		break;
	case RV_OP_MULW:
		alu3(b, IR_MULW, in);
		break;
	case RV_OP_DIVW:
		alu3(b, IR_DIVW, in);
		break;
	case RV_OP_DIVUW:
		alu3(b, IR_DIVUW, in);
		break;
	case RV_OP_REMW:
		alu3(b, IR_REMW, in);
		break;
	case RV_OP_REMUW:
		alu3(b, IR_REMUW, in);
		break;
	case RV_OP_SH1ADD:
	case RV_OP_SH2ADD:
	case RV_OP_SH3ADD:
		if (rd)
			ir_emit(b, IR_SHADD, X(rd), X(in->rs1), X(in->rs2),
				in->op - RV_OP_SH1ADD + 1);
		break;
	case RV_OP_ADD_UW:
		if (rd)
			ir_emit(b, IR_SHADDUW, X(rd), X(in->rs1), X(in->rs2),
				0);
		break;
	case RV_OP_SH1ADD_UW:
	case RV_OP_SH2ADD_UW:
	case RV_OP_SH3ADD_UW:
		if (rd)
			ir_emit(b, IR_SHADDUW, X(rd), X(in->rs1), X(in->rs2),
				in->op - RV_OP_SH1ADD_UW + 1);
		break;
	case RV_OP_SLLI_UW:
		alui(b, IR_SHLIUW, in, in->imm);
		break;
	case RV_OP_ANDN:
		alu3(b, IR_ANDN, in);
		break;
	case RV_OP_ORN:
		alu3(b, IR_ORN, in);
		break;
	case RV_OP_XNOR:
		alu3(b, IR_XNOR, in);
		break;
	case RV_OP_CLZ:
		alu3(b, IR_CLZ, in);
		break;
	case RV_OP_CTZ:
		alu3(b, IR_CTZ, in);
		break;
	case RV_OP_CPOP:
		alu3(b, IR_CPOP, in);
		break;
	case RV_OP_CLZW:
		alu3(b, IR_CLZW, in);
		break;
	case RV_OP_CTZW:
		alu3(b, IR_CTZW, in);
		break;
	case RV_OP_CPOPW:
		alu3(b, IR_CPOPW, in);
		break;
	case RV_OP_MAX:
		alu3(b, IR_MAX, in);
		break;
	case RV_OP_MAXU:
		alu3(b, IR_MAXU, in);
		break;
	case RV_OP_MIN:
		alu3(b, IR_MIN, in);
		break;
	case RV_OP_MINU:
		alu3(b, IR_MINU, in);
		break;
	case RV_OP_SEXT_B:
		alu3(b, IR_SEXTB, in);
		break;
	case RV_OP_SEXT_H:
		alu3(b, IR_SEXTH, in);
		break;
	case RV_OP_ZEXT_H:
		alu3(b, IR_ZEXTH, in);
		break;
	case RV_OP_ROL:
		alu3(b, IR_ROL, in);
		break;
	case RV_OP_ROLW:
		alu3(b, IR_ROLW, in);
		break;
	case RV_OP_ROR:
		alu3(b, IR_ROR, in);
		break;
	case RV_OP_RORW:
		alu3(b, IR_RORW, in);
		break;
	case RV_OP_RORI:
		alui(b, IR_RORI, in, in->imm);
		break;
	case RV_OP_RORIW:
		alui(b, IR_RORIW, in, in->imm);
		break;
	case RV_OP_ORC_B:
		alu3(b, IR_ORCB, in);
		break;
	case RV_OP_REV8:
		alu3(b, IR_REV8, in);
		break;
	case RV_OP_BCLR:
		alu3(b, IR_BCLR, in);
		break;
	case RV_OP_BSET:
		alu3(b, IR_BSET, in);
		break;
	case RV_OP_BINV:
		alu3(b, IR_BINV, in);
		break;
	case RV_OP_BEXT:
		alu3(b, IR_BEXT, in);
		break;
	case RV_OP_BCLRI:
		alui(b, IR_ANDI, in, (int64_t) ~(1ull << (in->imm & 63)));
		break;
	case RV_OP_BSETI:
		alui(b, IR_ORI, in, (int64_t)(1ull << (in->imm & 63)));
		break;
	case RV_OP_BINVI:
		alui(b, IR_XORI, in, (int64_t)(1ull << (in->imm & 63)));
		break;
	case RV_OP_BEXTI:
		alui(b, IR_BEXTI, in, in->imm);
		break;
	case RV_OP_FENCE:
	case RV_OP_FENCE_TSO:
		/* One host thread per vCPU on x86-64 (TSO): nothing to do. */
		break;
	case RV_OP_FENCE_I:
		ir_emit(b, IR_EXIT, RV_EXIT_FENCEI, 0, 0, next);
		break;
	case RV_OP_ECALL:
		ir_emit(b, IR_EXIT, RV_EXIT_ECALL, 0, 0, (int64_t)in->pc);
		break;
	case RV_OP_EBREAK:
		ir_emit(b, IR_EXIT, RV_EXIT_EBREAK, 0, 0, (int64_t)in->pc);
		break;
	case RV_OP_ILLEGAL:
		ir_emit(b, IR_EXIT, RV_EXIT_ILLEGAL, 0, 0, (int64_t)in->pc);
		break;
	default:
		switch (in->cls) {
		case RV_CLASS_FP:
			emit_fp(c, in);
			break;
		case RV_CLASS_ATOMIC:
			emit_call(b, rv_helper_amo, idx);
			plugin_gen_mem_log(c->pb, b, idx);
			break;
		case RV_CLASS_CSR:
			emit_csr(c, in);
			break;
		default:
			ir_emit(b, IR_EXIT, RV_EXIT_ILLEGAL, 0, 0,
				(int64_t)in->pc);
			break;
		}
		break;
	}
}

void rv_emit_block(struct ir_block *b, const struct rv_insn *insns, int n,
		   struct plugin_block *pb)
{
	b->cur_insn = 0;
	plugin_gen_tb_start(pb, b);
	for (int i = 0; i < n; i++) {
		struct emit_ctx c = {b, pb, i};
		b->cur_insn = (uint16_t)i;
		plugin_gen_insn_start(pb, b, i);
		emit_insn(&c, &insns[i]);
	}
	const struct rv_insn *last = &insns[n - 1];
	if (!ends_block(last))
		ir_emit(b, IR_GOTO_TB, IR_EXIT_CHAIN0, 0, 0,
			(int64_t)(last->pc + last->len));
}
