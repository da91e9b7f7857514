/*
 * Executors for every operation of fp_gen.h:
 *
 *   fpd_run(op, rmv, a, b, c, frm, &fl)
 *
 * runs one instruction with rounding-mode variant rmv (0..4: static
 * rne..rmm in the encoding, 5: dyn after fsrm frm; operations without a
 * rounding mode ignore rmv) on operands a, b, c (loaded into ft0..ft2 with
 * fmv.d.x, or the integer a) with fflags cleared, and returns the raw result
 * (f register bits incl. the NaN box, or the x register) and the fflags it
 * raised.  Built with -DFPD_PRESET_FLAGS=n, fflags start as n instead of 0
 * (and the flags returned include n): with n = 1 (inexact) an emulator's
 * round-to-nearest fast paths run (tests/fpu_diff/backends.sh).
 *
 * Built for riscv64 it executes the real instructions (one function per
 * operation and mode, fpd_table).  Built for the host (with -Isrc and
 * src/target/riscv/fpu*.c) it calls rv_fpu_exec() instead, so a guest test
 * that only uses fpd_run() also builds as a host program whose output must
 * equal the guest's under qemu (tests/fpu_diff/run.sh does this).
 */
#ifndef FPD_GUEST_OPS_H
#define FPD_GUEST_OPS_H

#include "fp_gen.h"

#ifndef FPD_PRESET_FLAGS
#define FPD_PRESET_FLAGS 0
#endif
#define FPD_STR_(x) #x
#define FPD_STR(x) FPD_STR_(x)
#if FPD_PRESET_FLAGS
#define FPD_SET_FLAGS "csrwi fflags, " FPD_STR(FPD_PRESET_FLAGS) "\n\t"
#else
#define FPD_SET_FLAGS "fsflags zero\n\t"
#endif

#ifdef __riscv
typedef uint64_t (*fpd_fn)(uint64_t a, uint64_t b, uint64_t c, unsigned frm,
			   unsigned *fl);

#define PRE                                                                    \
	"fsrm %[frm]\n\t"                                                      \
	"fmv.d.x ft0, %[a]\n\t"                                                \
	"fmv.d.x ft1, %[b]\n\t"                                                \
	"fmv.d.x ft2, %[c]\n\t"                                                \
	FPD_SET_FLAGS

#define FN(name, text)                                                         \
	static uint64_t name(uint64_t a, uint64_t b, uint64_t c, unsigned frm, \
			     unsigned *fl)                                     \
	{                                                                      \
		uint64_t r;                                                    \
		unsigned long f;                                               \
		__asm__ volatile(                                              \
		    PRE text "\n\tfrflags %[fl]"                               \
		    : [r] "=&r"(r), [fl] "=&r"(f)                              \
		    : [a] "r"(a), [b] "r"(b), [c] "r"(c), [frm] "r"(frm)       \
		    : "ft0", "ft1", "ft2", "ft3");                             \
		*fl = (unsigned)f;                                             \
		return r;                                                      \
	}

#define F6(e, pre, post)                                                       \
	FN(fn_##e##_0, pre "rne" post)                                         \
	FN(fn_##e##_1, pre "rtz" post)                                         \
	FN(fn_##e##_2, pre "rdn" post)                                         \
	FN(fn_##e##_3, pre "rup" post)                                         \
	FN(fn_##e##_4, pre "rmm" post)                                         \
	FN(fn_##e##_5, pre "dyn" post)

#define F6N(e, pre, post)                                                      \
	FN(fn_##e##_0, pre "0" post)                                           \
	FN(fn_##e##_1, pre "1" post)                                           \
	FN(fn_##e##_2, pre "2" post)                                           \
	FN(fn_##e##_3, pre "3" post)                                           \
	FN(fn_##e##_4, pre "4" post)                                           \
	FN(fn_##e##_5, pre "7" post)

#define F1(e, text) FN(fn_##e##_0, text)

#define TOX "\n\tfmv.x.d %[r], ft3"
#define DEF_B_RM(e, m) F6(e, m " ft3, ft0, ft1, ", TOX)
#define DEF_U_RM(e, m) F6(e, m " ft3, ft0, ", TOX)
#define DEF_FMA(e, m) F6(e, m " ft3, ft0, ft1, ft2, ", TOX)
#define DEF_FX_RM(e, m) F6(e, m " %[r], ft0, ", "")
#define DEF_XF_RM(e, m) F6(e, m " ft3, %[a], ", TOX)
#define DEF_B(e, m) F1(e, m " ft3, ft0, ft1" TOX)
#define DEF_CMP(e, m) F1(e, m " %[r], ft0, ft1")
#define DEF_UX(e, m) F1(e, m " %[r], ft0")
#define DEF_XF(e, m) F1(e, m " ft3, %[a]" TOX)
/* .insn r opcode, funct3 (rm), funct7, rd, rs1, rs2 */
#define ENC_FCVT_D_S ", 0x21, ft3, ft0, f0"
#define ENC_FCVT_D_W ", 0x69, ft3, %[a], x0"
#define ENC_FCVT_D_WU ", 0x69, ft3, %[a], x1"
#define DEF_XRM(e, m) F6N(e, ".insn r 0x53, ", ENC_##e TOX)

#define DEF(e, m, form, src) DEF_##form(e, m)
FPD_OPS(DEF)
#undef DEF

#define TAB_B_RM(e)                                                            \
	{fn_##e##_0, fn_##e##_1, fn_##e##_2,                                   \
	 fn_##e##_3, fn_##e##_4, fn_##e##_5},
#define TAB_U_RM TAB_B_RM
#define TAB_FMA TAB_B_RM
#define TAB_FX_RM TAB_B_RM
#define TAB_XF_RM TAB_B_RM
#define TAB_XRM TAB_B_RM
#define TAB_B(e) {fn_##e##_0},
#define TAB_CMP TAB_B
#define TAB_UX TAB_B
#define TAB_XF TAB_B

static const fpd_fn fpd_table[FPD_NOPS][6] = {
#define TAB(e, m, form, src) TAB_##form(e)
    FPD_OPS(TAB)
#undef TAB
};

static inline uint64_t fpd_run(int op, int rmv, uint64_t a, uint64_t b,
			       uint64_t c, unsigned frm, unsigned *fl)
{
	return fpd_table[op][fpd_has_rm(op) ? rmv : 0](a, b, c, frm, fl);
}

#else /* host: rv_fpu_exec() */

#include <string.h>

#include "target/riscv/cpu.h"
#include "target/riscv/insn.h"

static const uint16_t fpd_rv_op[FPD_NOPS] = {
#define FPD_MAP(e, m, form, src) RV_OP_##e,
    FPD_OPS(FPD_MAP)
#undef FPD_MAP
};

static inline int fpd_xdest(int op)
{
	int f = fpd_info[op].form;
	return f == FPD_CMP || f == FPD_UX || f == FPD_FX_RM;
}

static inline uint64_t fpd_run(int op, int rmv, uint64_t a, uint64_t b,
			       uint64_t c, unsigned frm, unsigned *fl)
{
	struct rv_cpu cpu;
	struct rv_insn insn;
	memset(&cpu, 0, sizeof cpu);
	memset(&insn, 0, sizeof insn);
	insn.op = fpd_rv_op[op];
	insn.cls = RV_CLASS_FP;
	insn.rm = 0;
	if (fpd_has_rm(op))
		insn.rm = rmv < 5 ? (uint8_t)rmv : RV_RM_DYN;
	cpu.frm = frm;
	cpu.fflags = FPD_PRESET_FLAGS;
	if (fpd_info[op].src == FPD_I) {
		cpu.slot[RV_SLOT_X + 10] = a;
		insn.rs1 = 10;
	} else {
		cpu.slot[RV_SLOT_F + 0] = a;
		cpu.slot[RV_SLOT_F + 1] = b;
		cpu.slot[RV_SLOT_F + 2] = c;
		insn.rs1 = 0;
		insn.rs2 = 1;
		insn.rs3 = 2;
	}
	insn.rd = fpd_xdest(op) ? 11 : 3;
	if (rv_fpu_exec(&cpu, &insn) != 0) {
		*fl = 0xff; /* never produced by the guest */
		return 0;
	}
	*fl = cpu.fflags;
	return fpd_xdest(op) ? cpu.slot[RV_SLOT_X + 11]
			     : cpu.slot[RV_SLOT_F + 3];
}

#endif
#endif
