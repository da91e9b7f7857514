/*
 * The IR op table: X(NAME, form, flags), one line per op.
 *
 * Every op is a fixed-size struct ir_op {opc, d, a, b, imm} whose operands
 * are slot indices into the vCPU's slot array (guest registers and
 * temporaries, see target cpu.h) and a 64-bit immediate.  Values are 64-bit;
 * ops ending in W work on the low 32 bits and sign-extend the result (the
 * RV64 *w semantics every 64-bit guest with 32-bit ops needs).
 *
 * Forms (which operands an op reads/writes):
 *   DAB   d = a op b            DAI   d = a op imm
 *   DA    d = op a              DI    d = imm
 *   LD    d = load [a + imm]    ST    store [a + imm] = b
 *   BR    if (a cond b) exit to pc imm through chain slot d
 *   EXIT  exit with code d (pc = imm unless d says otherwise)
 *   CALL  helper call, imm points to a struct ir_call
 *   SHADD d = (a << imm) + b (imm 0..3), UW forms zero-extend a first
 *   D     d = a value of the vCPU (RDFFLAGS)
 *   FP    d = op(a, b[, c]) with RISC-V F/D semantics, see below
 *
 * Flags: IR_F_MEM accesses guest memory (can fault), IR_F_END ends a block,
 * IR_F_EXIT may leave the block, IR_F_STATE reads or writes vCPU state that
 * is not a slot (fflags).  The computational ops (those ir_alu() defines)
 * are exactly the ops of forms DI, DA, DAB, DAI and SHADD without flags.
 *
 * Plugin instrumentation (src/plugin/gen.c emits it, src/plugin/plugin.h
 * has the records and what running them means): one op per registered
 * item, in the order plugins must observe, imm pointing to its record.
 *  - PLUGIN_CALL: a vCPU callback, plain or conditional, struct
 *    plugin_call; before a block or instruction.
 *  - PLUGIN_INLINE: an inline op on the vCPU's scoreboard entry, struct
 *    plugin_inline; before a block or instruction, or after an access.
 *  - PLUGIN_MEM_CALL: a memory callback after an access, struct
 *    plugin_mem_call; slot a holds the guest address, slot b the value.
 *  - PLUGIN_MEM_LOG: after a helper's accesses (cpu->mem_log), all memory
 *    items of the instruction (an opaque list for plugin_run_mem_log).
 * Only PLUGIN_MEM_CALL names slots (a, b), but a callback registered to
 * read registers reads them all from their slots and the pc slot, and one
 * registered with RW_REGS may write any of them or leave the block for good
 * (qemu_plugin_set_pc), so backends keep guest registers in their slots
 * around such a call.  The op's insn names its instruction.
 *
 * Floating point (the guest's F/D extensions; RISC-V is the only guest):
 * f registers are slots holding raw IEEE bits, singles NaN-boxed.
 *  - FSGNJ*_S/D, FCLASS_S/D and NBOX are flagless bit operations, ordinary
 *    computational ops of ir_alu() (src/ir/alu.h).
 *  - RDFFLAGS / WRFFLAGS read and swap the accrued flags (fflags & 31).
 *  - The ops of IR_FP_OPS are the RISC-V instructions of the same name,
 *    bit-exact including NaN boxing, canonical NaNs and the fflags they
 *    accrue: d = rd's slot (an x or f register, or a temporary when rd is
 *    x0), a = rs1's, b = rs2's, imm = rm | c << 8 with rm the instruction's
 *    rounding-mode field (0..4, or 7 = dyn: frm) and c rs3's slot (fused
 *    multiply-add only).  They leave the block with RV_EXIT_ILLEGAL when
 *    the rounding mode is reserved (dyn with frm 5..7; the translator
 *    never emits a reserved static mode).  Their semantics are
 *    src/target/riscv/fpu_ir.c (both backends' slow path, exact in every
 *    mode) with the fast paths of fpu_fast.h (round-to-nearest-even when
 *    inexact has already accrued), which the backends inline.
 */
#define IR_F_MEM 1
#define IR_F_END 2
#define IR_F_EXIT 4
#define IR_F_STATE 8

#define IR_OPS(X)                                                              \
	X(NOP, NONE, 0)                                                        \
	X(MOVI, DI, 0)                                                         \
	X(MOV, DA, 0)                                                          \
	X(ADD, DAB, 0)                                                         \
	X(ADDI, DAI, 0)                                                        \
	X(SUB, DAB, 0)                                                         \
	X(AND, DAB, 0)                                                         \
	X(ANDI, DAI, 0)                                                        \
	X(OR, DAB, 0)                                                          \
	X(ORI, DAI, 0)                                                         \
	X(XOR, DAB, 0)                                                         \
	X(XORI, DAI, 0)                                                        \
	X(SHL, DAB, 0)                                                         \
	X(SHLI, DAI, 0)                                                        \
	X(SHR, DAB, 0)                                                         \
	X(SHRI, DAI, 0)                                                        \
	X(SAR, DAB, 0)                                                         \
	X(SARI, DAI, 0)                                                        \
	X(SLT, DAB, 0)                                                         \
	X(SLTI, DAI, 0)                                                        \
	X(SLTU, DAB, 0)                                                        \
	X(SLTIU, DAI, 0)                                                       \
	X(ADDW, DAB, 0)                                                        \
	X(ADDIW, DAI, 0)                                                       \
	X(SUBW, DAB, 0)                                                        \
	X(SHLW, DAB, 0)                                                        \
	X(SHLIW, DAI, 0)                                                       \
	X(SHRW, DAB, 0)                                                        \
	X(SHRIW, DAI, 0)                                                       \
	X(SARW, DAB, 0)                                                        \
	X(SARIW, DAI, 0)                                                       \
	X(MUL, DAB, 0)                                                         \
	X(MULH, DAB, 0)                                                        \
	X(MULHU, DAB, 0)                                                       \
	X(MULHSU, DAB, 0)                                                      \
	X(MULW, DAB, 0)                                                        \
	X(DIV, DAB, 0)                                                         \
	X(DIVU, DAB, 0)                                                        \
	X(REM, DAB, 0)                                                         \
	X(REMU, DAB, 0)                                                        \
	X(DIVW, DAB, 0)                                                        \
	X(DIVUW, DAB, 0)                                                       \
	X(REMW, DAB, 0)                                                        \
	X(REMUW, DAB, 0)                                                       \
	X(SHADD, SHADD, 0)                                                     \
	X(SHADDUW, SHADD, 0)                                                   \
	X(SHLIUW, DAI, 0)                                                      \
	X(ANDN, DAB, 0)                                                        \
	X(ORN, DAB, 0)                                                         \
	X(XNOR, DAB, 0)                                                        \
	X(CLZ, DA, 0)                                                          \
	X(CTZ, DA, 0)                                                          \
	X(CPOP, DA, 0)                                                         \
	X(CLZW, DA, 0)                                                         \
	X(CTZW, DA, 0)                                                         \
	X(CPOPW, DA, 0)                                                        \
	X(MIN, DAB, 0)                                                         \
	X(MAX, DAB, 0)                                                         \
	X(MINU, DAB, 0)                                                        \
	X(MAXU, DAB, 0)                                                        \
	X(SEXTB, DA, 0)                                                        \
	X(SEXTH, DA, 0)                                                        \
	X(ZEXTH, DA, 0)                                                        \
	X(ROL, DAB, 0)                                                         \
	X(ROR, DAB, 0)                                                         \
	X(RORI, DAI, 0)                                                        \
	X(ROLW, DAB, 0)                                                        \
	X(RORW, DAB, 0)                                                        \
	X(RORIW, DAI, 0)                                                       \
	X(ORCB, DA, 0)                                                         \
	X(REV8, DA, 0)                                                         \
	X(BCLR, DAB, 0)                                                        \
	X(BSET, DAB, 0)                                                        \
	X(BINV, DAB, 0)                                                        \
	X(BEXT, DAB, 0)                                                        \
	X(BEXTI, DAI, 0)                                                       \
	X(FSGNJ_S, DAB, 0)                                                     \
	X(FSGNJN_S, DAB, 0)                                                    \
	X(FSGNJX_S, DAB, 0)                                                    \
	X(FSGNJ_D, DAB, 0)                                                     \
	X(FSGNJN_D, DAB, 0)                                                    \
	X(FSGNJX_D, DAB, 0)                                                    \
	X(FCLASS_S, DA, 0)                                                     \
	X(FCLASS_D, DA, 0)                                                     \
	X(NBOX, DA, 0) /* d = a's low 32 bits, NaN-boxed (fmv.w.x) */          \
	X(LD8S, LD, IR_F_MEM)                                                  \
	X(LD8U, LD, IR_F_MEM)                                                  \
	X(LD16S, LD, IR_F_MEM)                                                 \
	X(LD16U, LD, IR_F_MEM)                                                 \
	X(LD32S, LD, IR_F_MEM)                                                 \
	X(LD32U, LD, IR_F_MEM)                                                 \
	X(LD32NB, LD, IR_F_MEM) /* 32-bit load, NaN-boxed (flw) */             \
	X(LD64, LD, IR_F_MEM)                                                  \
	X(ST8, ST, IR_F_MEM)                                                   \
	X(ST16, ST, IR_F_MEM)                                                  \
	X(ST32, ST, IR_F_MEM)                                                  \
	X(ST64, ST, IR_F_MEM)                                                  \
	X(BREQ, BR, IR_F_EXIT)                                                 \
	X(BRNE, BR, IR_F_EXIT)                                                 \
	X(BRLT, BR, IR_F_EXIT)                                                 \
	X(BRGE, BR, IR_F_EXIT)                                                 \
	X(BRLTU, BR, IR_F_EXIT)                                                \
	X(BRGEU, BR, IR_F_EXIT)                                                \
	X(GOTO_TB, EXIT, IR_F_END | IR_F_EXIT)	/* pc = imm, chain slot d */   \
	X(GOTO_PTR, EXIT, IR_F_END | IR_F_EXIT) /* pc = slot a (indirect) */   \
	X(EXIT, EXIT, IR_F_END | IR_F_EXIT)	/* pc = imm, return code d */  \
	X(CALL, CALL, IR_F_MEM | IR_F_EXIT)                                    \
	X(PLUGIN_CALL, CALL, 0)	    /* one vCPU callback */                    \
	X(PLUGIN_INLINE, CALL, 0)   /* one inline op */                        \
	X(PLUGIN_MEM_CALL, CALL, 0) /* one mem callback: vaddr a, value b */   \
	X(PLUGIN_MEM_LOG, CALL, 0)  /* mem items of a helper's accesses */     \
	X(RDFFLAGS, D, IR_F_STATE)  /* d = fflags */                           \
	X(WRFFLAGS, DA, IR_F_STATE) /* d = fflags, fflags = a & 31 */          \
	IR_FP_OPS(X)

/* The F/D ops with rounding or flags, named as the RISC-V instructions. */
#define IR_FP_OPS(X)                                                           \
	X(FADD_S, FP, IR_F_EXIT)                                               \
	X(FSUB_S, FP, IR_F_EXIT)                                               \
	X(FMUL_S, FP, IR_F_EXIT)                                               \
	X(FDIV_S, FP, IR_F_EXIT)                                               \
	X(FSQRT_S, FP, IR_F_EXIT)                                              \
	X(FMADD_S, FP, IR_F_EXIT)                                              \
	X(FMSUB_S, FP, IR_F_EXIT)                                              \
	X(FNMSUB_S, FP, IR_F_EXIT)                                             \
	X(FNMADD_S, FP, IR_F_EXIT)                                             \
	X(FMIN_S, FP, IR_F_EXIT)                                               \
	X(FMAX_S, FP, IR_F_EXIT)                                               \
	X(FEQ_S, FP, IR_F_EXIT)                                                \
	X(FLT_S, FP, IR_F_EXIT)                                                \
	X(FLE_S, FP, IR_F_EXIT)                                                \
	X(FCVT_W_S, FP, IR_F_EXIT)                                             \
	X(FCVT_WU_S, FP, IR_F_EXIT)                                            \
	X(FCVT_L_S, FP, IR_F_EXIT)                                             \
	X(FCVT_LU_S, FP, IR_F_EXIT)                                            \
	X(FCVT_S_W, FP, IR_F_EXIT)                                             \
	X(FCVT_S_WU, FP, IR_F_EXIT)                                            \
	X(FCVT_S_L, FP, IR_F_EXIT)                                             \
	X(FCVT_S_LU, FP, IR_F_EXIT)                                            \
	X(FADD_D, FP, IR_F_EXIT)                                               \
	X(FSUB_D, FP, IR_F_EXIT)                                               \
	X(FMUL_D, FP, IR_F_EXIT)                                               \
	X(FDIV_D, FP, IR_F_EXIT)                                               \
	X(FSQRT_D, FP, IR_F_EXIT)                                              \
	X(FMADD_D, FP, IR_F_EXIT)                                              \
	X(FMSUB_D, FP, IR_F_EXIT)                                              \
	X(FNMSUB_D, FP, IR_F_EXIT)                                             \
	X(FNMADD_D, FP, IR_F_EXIT)                                             \
	X(FMIN_D, FP, IR_F_EXIT)                                               \
	X(FMAX_D, FP, IR_F_EXIT)                                               \
	X(FEQ_D, FP, IR_F_EXIT)                                                \
	X(FLT_D, FP, IR_F_EXIT)                                                \
	X(FLE_D, FP, IR_F_EXIT)                                                \
	X(FCVT_W_D, FP, IR_F_EXIT)                                             \
	X(FCVT_WU_D, FP, IR_F_EXIT)                                            \
	X(FCVT_L_D, FP, IR_F_EXIT)                                             \
	X(FCVT_LU_D, FP, IR_F_EXIT)                                            \
	X(FCVT_D_W, FP, IR_F_EXIT)                                             \
	X(FCVT_D_WU, FP, IR_F_EXIT)                                            \
	X(FCVT_D_L, FP, IR_F_EXIT)                                             \
	X(FCVT_D_LU, FP, IR_F_EXIT)                                            \
	X(FCVT_S_D, FP, IR_F_EXIT)                                             \
	X(FCVT_D_S, FP, IR_F_EXIT)
