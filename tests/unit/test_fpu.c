/*
 * Unit tests of rv_fpu_exec() (src/target/riscv/fpu.c, fpu_soft.c): hand
 * written corner cases with the results and fflags the RISC-V spec (and
 * qemu-riscv64) give, the illegal rounding-mode rules, register-file
 * details (x0, aliasing, NaN boxing, flag accrual), and a self-consistency
 * run comparing the host fast paths with the soft-float reference on the
 * random operands of tests/guest/fp_gen.h.  The comparison against qemu
 * itself is tests/fpu_diff/run.sh.
 *
 * Prints "N passed, M failed"; exit status 1 on any failure.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "target/riscv/cpu.h"
#include "target/riscv/fpu_soft.h"
#include "target/riscv/insn.h"

#include "../guest/fp_gen.h"

static int passed, failed;

#define B32(x) (UINT64_C(0xffffffff00000000) | (x))

/* doubles */
#define D_ONE UINT64_C(0x3ff0000000000000)
#define D_TWO UINT64_C(0x4000000000000000)
#define D_THREE UINT64_C(0x4008000000000000)
#define D_HALF UINT64_C(0x3fe0000000000000)
#define D_NONE UINT64_C(0xbff0000000000000)
#define D_INF UINT64_C(0x7ff0000000000000)
#define D_NINF UINT64_C(0xfff0000000000000)
#define D_QNAN UINT64_C(0x7ff8000000000000)
#define D_SNAN UINT64_C(0x7ff0000000000001)
#define D_NZ UINT64_C(0x8000000000000000)
#define D_MAX UINT64_C(0x7fefffffffffffff)
#define D_MIN UINT64_C(0x0010000000000000)
#define D_EPS2 UINT64_C(0x3ca0000000000000) /* 2^-53, half an ulp of 1 */
/* singles (NaN-boxed) */
#define S_ONE B32(0x3f800000)
#define S_NONE B32(0xbf800000)
#define S_INF B32(0x7f800000)
#define S_QNAN B32(0x7fc00000)
#define S_SNAN B32(0x7f800001)
#define S_MAX B32(0x7f7fffff)

#define NX RV_FFLAG_NX
#define UF RV_FFLAG_UF
#define OF RV_FFLAG_OF
#define DZ RV_FFLAG_DZ
#define NV RV_FFLAG_NV

enum { RNE, RTZ, RDN, RUP, RMM, DYN = 7 };

/* Which register files an op reads and writes. */
static int op_int_src(unsigned op)
{
	switch (op) {
	case RV_OP_FCVT_S_W:
	case RV_OP_FCVT_S_WU:
	case RV_OP_FCVT_S_L:
	case RV_OP_FCVT_S_LU:
	case RV_OP_FCVT_D_W:
	case RV_OP_FCVT_D_WU:
	case RV_OP_FCVT_D_L:
	case RV_OP_FCVT_D_LU:
	case RV_OP_FMV_W_X:
	case RV_OP_FMV_D_X:
		return 1;
	default:
		return 0;
	}
}

static int op_int_dest(unsigned op)
{
	switch (op) {
	case RV_OP_FEQ_S:
	case RV_OP_FLT_S:
	case RV_OP_FLE_S:
	case RV_OP_FEQ_D:
	case RV_OP_FLT_D:
	case RV_OP_FLE_D:
	case RV_OP_FCLASS_S:
	case RV_OP_FCLASS_D:
	case RV_OP_FCVT_W_S:
	case RV_OP_FCVT_WU_S:
	case RV_OP_FCVT_L_S:
	case RV_OP_FCVT_LU_S:
	case RV_OP_FCVT_W_D:
	case RV_OP_FCVT_WU_D:
	case RV_OP_FCVT_L_D:
	case RV_OP_FCVT_LU_D:
	case RV_OP_FMV_X_W:
	case RV_OP_FMV_X_D:
		return 1;
	default:
		return 0;
	}
}

/* Run op with operands a, b, c (f1, f2, f3 or x5) into f4 / x6. */
static int run(unsigned op, unsigned rm, unsigned frm, uint64_t a, uint64_t b,
	       uint64_t c, uint64_t *res, unsigned *fl)
{
	struct rv_cpu cpu;
	struct rv_insn in;
	memset(&cpu, 0, sizeof cpu);
	memset(&in, 0, sizeof in);
	in.op = (uint16_t)op;
	in.cls = RV_CLASS_FP;
	in.rm = (uint8_t)rm;
	cpu.frm = frm;
	if (op_int_src(op)) {
		cpu.slot[RV_SLOT_X + 5] = a;
		in.rs1 = 5;
	} else {
		cpu.slot[RV_SLOT_F + 1] = a;
		cpu.slot[RV_SLOT_F + 2] = b;
		cpu.slot[RV_SLOT_F + 3] = c;
		in.rs1 = 1;
		in.rs2 = 2;
		in.rs3 = 3;
	}
	in.rd = op_int_dest(op) ? 6 : 4;
	int rc = rv_fpu_exec(&cpu, &in);
	*res =
	    op_int_dest(op) ? cpu.slot[RV_SLOT_X + 6] : cpu.slot[RV_SLOT_F + 4];
	*fl = cpu.fflags;
	return rc;
}

static void check(int line, unsigned op, unsigned rm, unsigned frm, uint64_t a,
		  uint64_t b, uint64_t c, uint64_t want, unsigned want_fl)
{
	uint64_t r;
	unsigned fl;
	int rc = run(op, rm, frm, a, b, c, &r, &fl);
	if (rc == 0 && r == want && fl == want_fl) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL line %d: op %u rm %u frm %u a=%016" PRIx64 " b=%016" PRIx64
	       " c=%016" PRIx64 ": got %016" PRIx64 " fl=%02x rc=%d, want "
	       "%016" PRIx64 " fl=%02x\n",
	       line, op, rm, frm, a, b, c, r, fl, rc, want, want_fl);
}

#define T3(op, rm, a, b, c, want, fl)                                          \
	check(__LINE__, RV_OP_##op, rm, 0, a, b, c, want, fl)
#define T2(op, rm, a, b, want, fl) T3(op, rm, a, b, 0, want, fl)
#define T1(op, rm, a, want, fl) T3(op, rm, a, 0, 0, want, fl)
#define TD(op, frm, a, b, want, fl)                                            \
	check(__LINE__, RV_OP_##op, DYN, frm, a, b, 0, want, fl)

static void expect(int line, int ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL line %d: %s\n", line, what);
	}
}
#define EXPECT(cond) expect(__LINE__, (cond), #cond)

static void test_arith(void)
{
	/* exact */
	T2(FADD_D, RNE, D_ONE, D_TWO, D_THREE, 0);
	T2(FSUB_D, RNE, D_THREE, D_TWO, D_ONE, 0);
	T2(FMUL_D, RNE, D_TWO, D_HALF, D_ONE, 0);
	T2(FDIV_D, RNE, D_ONE, D_TWO, D_HALF, 0);
	/* 1 + 2^-53: a tie, every rounding mode */
	T2(FADD_D, RNE, D_ONE, D_EPS2, D_ONE, NX);
	T2(FADD_D, RTZ, D_ONE, D_EPS2, D_ONE, NX);
	T2(FADD_D, RDN, D_ONE, D_EPS2, D_ONE, NX);
	T2(FADD_D, RUP, D_ONE, D_EPS2, D_ONE + 1, NX);
	T2(FADD_D, RMM, D_ONE, D_EPS2, D_ONE + 1, NX);
	T2(FADD_D, RMM, D_NONE, D_EPS2 | D_NZ, D_NONE + 1, NX);
	T2(FADD_D, RDN, D_NONE, D_EPS2 | D_NZ, D_NONE + 1, NX);
	T2(FADD_D, RUP, D_NONE, D_EPS2 | D_NZ, D_NONE, NX);
	/* (1 + ulp) + 2^-53: tie to even goes up, RMM too */
	T2(FADD_D, RNE, D_ONE + 1, D_EPS2, D_ONE + 2, NX);
	T2(FADD_D, RMM, D_ONE + 1, D_EPS2, D_ONE + 2, NX);
	T2(FADD_D, RTZ, D_ONE + 1, D_EPS2, D_ONE + 1, NX);
	/* dynamic rounding */
	TD(FADD_D, RMM, D_ONE, D_EPS2, D_ONE + 1, NX);
	TD(FADD_D, RUP, D_ONE, D_EPS2, D_ONE + 1, NX);
	TD(FADD_D, RNE, D_ONE, D_EPS2, D_ONE, NX);
	/* signed zeros */
	T2(FADD_D, RNE, D_ONE, D_NONE, 0, 0);
	T2(FADD_D, RDN, D_ONE, D_NONE, D_NZ, 0);
	T2(FSUB_D, RNE, D_ONE, D_ONE, 0, 0);
	T2(FSUB_D, RDN, D_ONE, D_ONE, D_NZ, 0);
	T2(FADD_D, RNE, D_NZ, D_NZ, D_NZ, 0);
	T2(FADD_D, RNE, D_NZ, 0, 0, 0);
	T2(FADD_D, RDN, D_NZ, 0, D_NZ, 0);
	T2(FSUB_D, RNE, 0, 0, 0, 0);
	T2(FSUB_D, RDN, 0, 0, D_NZ, 0);
	T2(FMUL_D, RNE, D_NZ, D_ONE, D_NZ, 0);
	T2(FMUL_D, RNE, D_NZ, D_NONE, 0, 0);
	/* NaNs: canonical results, NV only for sNaN or invalid ops */
	T2(FADD_D, RNE, D_INF, D_NINF, D_QNAN, NV);
	T2(FSUB_D, RNE, D_INF, D_INF, D_QNAN, NV);
	T2(FADD_D, RNE, D_SNAN, D_ONE, D_QNAN, NV);
	T2(FADD_D, RNE, D_ONE, UINT64_C(0xfff8000000000123), D_QNAN, 0);
	T2(FMUL_D, RNE, D_INF, 0, D_QNAN, NV);
	T2(FMUL_D, RMM, D_NZ, D_NINF, D_QNAN, NV);
	T2(FADD_D, RMM, D_SNAN, D_QNAN, D_QNAN, NV);
	T2(FADD_D, RNE, D_INF, D_ONE, D_INF, 0);
	/* overflow in every mode */
	T2(FMUL_D, RNE, D_MAX, D_TWO, D_INF, OF | NX);
	T2(FMUL_D, RMM, D_MAX, D_TWO, D_INF, OF | NX);
	T2(FMUL_D, RTZ, D_MAX, D_TWO, D_MAX, OF | NX);
	T2(FMUL_D, RDN, D_MAX, D_TWO, D_MAX, OF | NX);
	T2(FMUL_D, RUP, D_MAX, D_TWO, D_INF, OF | NX);
	T2(FMUL_D, RUP, D_MAX | D_NZ, D_TWO, D_MAX | D_NZ, OF | NX);
	T2(FMUL_D, RDN, D_MAX | D_NZ, D_TWO, D_NINF, OF | NX);
	T2(FADD_D, RNE, D_MAX, D_MAX, D_INF, OF | NX);
	/* max + half an ulp rounds to max under RNE without overflow? no:
	 * the tie goes to even = 2^1024 -> overflow */
	T2(FADD_D, RNE, D_MAX, UINT64_C(0x7c90000000000000), D_INF, OF | NX);
	T2(FADD_D, RMM, D_MAX, UINT64_C(0x7c90000000000000), D_INF, OF | NX);
	T2(FADD_D, RTZ, D_MAX, UINT64_C(0x7c90000000000000), D_MAX, NX);
	/* tininess after rounding: (1 + 2^-52) * (2^-1022 - 2^-1074) */
	T2(FMUL_D, RNE, D_ONE + 1, D_MIN - 1, D_MIN, NX);
	T2(FMUL_D, RMM, D_ONE + 1, D_MIN - 1, D_MIN, NX);
	T2(FMUL_D, RUP, D_ONE + 1, D_MIN - 1, D_MIN, NX);
	T2(FMUL_D, RTZ, D_ONE + 1, D_MIN - 1, D_MIN - 1, UF | NX);
	T2(FMUL_D, RDN, D_ONE + 1, D_MIN - 1, D_MIN - 1, UF | NX);
	/* exact subnormal results raise nothing */
	T2(FMUL_D, RNE, D_MIN, D_HALF, D_MIN >> 1, 0);
	T2(FSUB_D, RNE, D_MIN, D_MIN - 1, 1, 0);
	/* half of the smallest subnormal */
	T2(FMUL_D, RNE, 1, D_HALF, 0, UF | NX);
	T2(FMUL_D, RMM, 1, D_HALF, 1, UF | NX);
	T2(FMUL_D, RUP, 1, D_HALF, 1, UF | NX);
	T2(FMUL_D, RDN, 1 | D_NZ, D_HALF, D_NZ | 1, UF | NX);
	T2(FMUL_D, RTZ, 1 | D_NZ, D_HALF, D_NZ, UF | NX);
	/* division */
	T2(FDIV_D, RNE, D_ONE, 0, D_INF, DZ);
	T2(FDIV_D, RNE, D_NONE, 0, D_NINF, DZ);
	T2(FDIV_D, RNE, D_ONE, D_NZ, D_NINF, DZ);
	T2(FDIV_D, RNE, 0, 0, D_QNAN, NV);
	T2(FDIV_D, RNE, D_INF, D_INF, D_QNAN, NV);
	T2(FDIV_D, RNE, D_INF, 0, D_INF, 0);
	T2(FDIV_D, RNE, D_ONE, D_INF, 0, 0);
	T2(FDIV_D, RNE, D_ONE, D_THREE, UINT64_C(0x3fd5555555555555), NX);
	T2(FDIV_D, RUP, D_ONE, D_THREE, UINT64_C(0x3fd5555555555556), NX);
	T2(FDIV_D, RMM, D_ONE, D_THREE, UINT64_C(0x3fd5555555555555), NX);
	/* square root */
	T1(FSQRT_D, RNE, D_NONE, D_QNAN, NV);
	T1(FSQRT_D, RNE, D_NZ, D_NZ, 0);
	T1(FSQRT_D, RNE, D_NINF, D_QNAN, NV);
	T1(FSQRT_D, RNE, D_INF, D_INF, 0);
	T1(FSQRT_D, RNE, UINT64_C(0x4010000000000000), D_TWO, 0);
	T1(FSQRT_D, RNE, D_TWO, UINT64_C(0x3ff6a09e667f3bcd), NX);
	T1(FSQRT_D, RMM, D_TWO, UINT64_C(0x3ff6a09e667f3bcd), NX);
	T1(FSQRT_D, RTZ, D_TWO, UINT64_C(0x3ff6a09e667f3bcc), NX);
	T1(FSQRT_D, RMM, 1, UINT64_C(0x1e60000000000000), 0);
	T1(FSQRT_D, RMM, D_SNAN, D_QNAN, NV);

	/* single precision */
	T2(FADD_S, RNE, S_ONE, S_ONE, B32(0x40000000), 0);
	T2(FADD_S, RNE, S_MAX, S_MAX, S_INF, OF | NX);
	T2(FADD_S, RTZ, S_MAX, S_MAX, S_MAX, OF | NX);
	T2(FADD_S, RNE, S_ONE, B32(0x33800000), S_ONE, NX); /* tie */
	T2(FADD_S, RMM, S_ONE, B32(0x33800000), S_ONE + 1, NX);
	T2(FMUL_S, RNE, B32(0x3f800001), B32(0x007fffff), B32(0x00800000), NX);
	T2(FMUL_S, RTZ, B32(0x3f800001), B32(0x007fffff), B32(0x007fffff),
	   UF | NX);
	T2(FMUL_S, RMM, B32(0x00000001), B32(0x3f000000), B32(0x00000001),
	   UF | NX);
	T2(FDIV_S, RNE, S_ONE, B32(0), S_INF, DZ);
	T2(FSUB_S, RNE, S_INF, S_INF, S_QNAN, NV);
	T2(FADD_S, RNE, S_SNAN, S_ONE, S_QNAN, NV);
	T1(FSQRT_S, RNE, B32(0x40800000), B32(0x40000000), 0);
	T1(FSQRT_S, RNE, S_NONE, S_QNAN, NV);
	/* operands that are not NaN-boxed read as the canonical NaN */
	T2(FADD_S, RNE, UINT64_C(0x3f800000), S_ONE, S_QNAN, 0);
	T2(FADD_S, RNE, UINT64_C(0xfffffffe3f800000), S_ONE, S_QNAN, 0);
	T2(FMUL_S, RNE, S_ONE, UINT64_C(0x7fffffff7f800001), S_QNAN, 0);
	T1(FSQRT_S, RNE, D_ONE, S_QNAN, 0);
}

static void test_fma(void)
{
	/* single rounding: (1+2^-52)^2 - (1+2^-51) = 2^-104 exactly */
	T3(FMADD_D, RNE, D_ONE + 1, D_ONE + 1, D_NONE + 2,
	   UINT64_C(0x3970000000000000), 0);
	T3(FMADD_D, RNE, D_TWO, D_THREE, D_ONE, UINT64_C(0x401c000000000000),
	   0);
	T3(FMSUB_D, RNE, D_TWO, D_THREE, D_ONE, UINT64_C(0x4014000000000000),
	   0);
	T3(FNMSUB_D, RNE, D_TWO, D_THREE, D_ONE, UINT64_C(0xc014000000000000),
	   0);
	T3(FNMADD_D, RNE, D_TWO, D_THREE, D_ONE, UINT64_C(0xc01c000000000000),
	   0);
	/* inf * 0 is invalid even with a quiet NaN addend */
	T3(FMADD_D, RNE, D_INF, 0, D_QNAN, D_QNAN, NV);
	T3(FMADD_D, RNE, 0, D_NINF, D_ONE, D_QNAN, NV);
	T3(FMADD_D, RNE, D_QNAN, 0, D_ONE, D_QNAN, 0);
	T3(FMADD_D, RNE, D_ONE, D_ONE, D_SNAN, D_QNAN, NV);
	T3(FMADD_D, RNE, D_INF, D_ONE, D_NINF, D_QNAN, NV);
	T3(FMSUB_D, RNE, D_INF, D_ONE, D_INF, D_QNAN, NV);
	T3(FMADD_D, RNE, D_INF, D_ONE, D_INF, D_INF, 0);
	T3(FMADD_D, RNE, D_ONE, D_ONE, D_NINF, D_NINF, 0);
	T3(FMADD_S, RNE, S_INF, B32(0), S_QNAN, S_QNAN, NV);
	/* zeros */
	T3(FMADD_D, RNE, D_ONE, D_ONE, D_NONE, 0, 0);
	T3(FMADD_D, RDN, D_ONE, D_ONE, D_NONE, D_NZ, 0);
	T3(FMADD_D, RNE, 0, D_ONE, D_NZ, 0, 0);
	T3(FMADD_D, RNE, D_NZ, D_ONE, D_NZ, D_NZ, 0);
	T3(FNMADD_D, RNE, 0, D_ONE, 0, D_NZ, 0);
	T3(FNMSUB_D, RNE, 0, D_ONE, 0, 0, 0);
	T3(FMSUB_D, RNE, 0, D_ONE, 0, 0, 0);
	T3(FMSUB_D, RDN, 0, D_ONE, 0, D_NZ, 0);
	T3(FMADD_D, RNE, D_ONE, D_MIN, 0, D_MIN, 0);
	/* product underflows but the sum is exact */
	T3(FMADD_D, RNE, D_MIN, D_HALF, D_MIN, UINT64_C(0x0018000000000000), 0);
	/* tiny product plus zero rounds like a multiplication */
	T3(FMADD_D, RNE, D_ONE + 1, D_MIN - 1, 0, D_MIN, NX);
	T3(FMADD_D, RTZ, D_ONE + 1, D_MIN - 1, 0, D_MIN - 1, UF | NX);
	/* overflow */
	T3(FMADD_D, RNE, D_MAX, D_TWO, D_NONE, D_INF, OF | NX);
	T3(FMADD_D, RTZ, D_MAX, D_TWO, D_NONE, D_MAX, OF | NX);
	/* RMM tie: 1 * 1 + 2^-53 */
	T3(FMADD_D, RMM, D_ONE, D_ONE, D_EPS2, D_ONE + 1, NX);
	T3(FMADD_D, RNE, D_ONE, D_ONE, D_EPS2, D_ONE, NX);
	/* non-boxed single operand */
	T3(FMADD_S, RNE, S_ONE, S_ONE, UINT64_C(0x3f800000), S_QNAN, 0);
}

static void test_sign_minmax_cmp_class(void)
{
	/* sign injection is bitwise, NaNs included */
	T2(FSGNJ_D, RNE, D_SNAN, D_NZ, D_SNAN | D_NZ, 0);
	T2(FSGNJN_D, RNE, D_SNAN, 0, D_SNAN | D_NZ, 0);
	T2(FSGNJX_D, RNE, D_NONE, D_NONE, D_ONE, 0);
	T2(FSGNJ_S, RNE, S_SNAN, S_NONE, B32(0xff800001), 0);
	T2(FSGNJN_S, RNE, S_ONE, S_ONE, S_NONE, 0);
	T2(FSGNJX_S, RNE, S_NONE, S_NONE, S_ONE, 0);
	/* ... but a non-boxed single reads as the canonical NaN */
	T2(FSGNJ_S, RNE, UINT64_C(0x3f800000), S_NONE, B32(0xffc00000), 0);
	T2(FSGNJX_S, RNE, S_ONE, UINT64_C(0xbf800000), S_ONE, 0);

	T2(FMIN_D, RNE, 0, D_NZ, D_NZ, 0);
	T2(FMIN_D, RNE, D_NZ, 0, D_NZ, 0);
	T2(FMAX_D, RNE, D_NZ, 0, 0, 0);
	T2(FMAX_D, RNE, 0, D_NZ, 0, 0);
	T2(FMIN_D, RNE, D_QNAN, D_ONE, D_ONE, 0);
	T2(FMIN_D, RNE, D_ONE, UINT64_C(0xfff8000000000005), D_ONE, 0);
	T2(FMIN_D, RNE, D_SNAN, D_ONE, D_ONE, NV);
	T2(FMAX_D, RNE, D_ONE, D_SNAN, D_ONE, NV);
	T2(FMAX_D, RNE, UINT64_C(0x7ff8000000000001), D_QNAN, D_QNAN, 0);
	T2(FMAX_D, RNE, D_SNAN, D_SNAN, D_QNAN, NV);
	T2(FMIN_D, RNE, D_NINF, D_ONE, D_NINF, 0);
	T2(FMAX_D, RNE, D_NINF, D_NONE, D_NONE, 0);
	T2(FMIN_D, RNE, D_NONE, UINT64_C(0xc000000000000000),
	   UINT64_C(0xc000000000000000), 0);
	T2(FMAX_D, RNE, 1, 2, 2, 0);
	T2(FMIN_S, RNE, B32(0), B32(0x80000000), B32(0x80000000), 0);
	T2(FMAX_S, RNE, S_SNAN, S_ONE, S_ONE, NV);
	T2(FMAX_S, RNE, UINT64_C(0x3f800000), S_NONE, S_NONE, 0);

	T2(FEQ_D, RNE, 0, D_NZ, 1, 0);
	T2(FLT_D, RNE, D_NZ, 0, 0, 0);
	T2(FLE_D, RNE, 0, D_NZ, 1, 0);
	T2(FLT_D, RNE, D_NONE, D_ONE, 1, 0);
	T2(FLT_D, RNE, UINT64_C(0xc000000000000000), D_NONE, 1, 0);
	T2(FLT_D, RNE, D_NONE, UINT64_C(0xc000000000000000), 0, 0);
	T2(FLE_D, RNE, D_NINF, D_NINF, 1, 0);
	T2(FEQ_D, RNE, D_QNAN, D_ONE, 0, 0);
	T2(FEQ_D, RNE, D_QNAN, D_QNAN, 0, 0);
	T2(FEQ_D, RNE, D_SNAN, D_ONE, 0, NV);
	T2(FLT_D, RNE, D_QNAN, D_ONE, 0, NV);
	T2(FLE_D, RNE, D_ONE, D_QNAN, 0, NV);
	T2(FEQ_S, RNE, S_ONE, S_ONE, 1, 0);
	T2(FEQ_S, RNE, S_ONE, UINT64_C(0x3f800000), 0, 0);
	T2(FLE_S, RNE, S_ONE, UINT64_C(0x3f800000), 0, NV);
	T2(FLT_S, RNE, S_NONE, S_ONE, 1, 0);

	T1(FCLASS_D, RNE, D_NINF, 1u << 0, 0);
	T1(FCLASS_D, RNE, D_NONE, 1u << 1, 0);
	T1(FCLASS_D, RNE, D_NZ | 1, 1u << 2, 0);
	T1(FCLASS_D, RNE, D_NZ, 1u << 3, 0);
	T1(FCLASS_D, RNE, 0, 1u << 4, 0);
	T1(FCLASS_D, RNE, D_MIN - 1, 1u << 5, 0);
	T1(FCLASS_D, RNE, D_MAX, 1u << 6, 0);
	T1(FCLASS_D, RNE, D_INF, 1u << 7, 0);
	T1(FCLASS_D, RNE, D_SNAN, 1u << 8, 0);
	T1(FCLASS_D, RNE, D_QNAN | D_NZ, 1u << 9, 0);
	T1(FCLASS_S, RNE, B32(0xff800000), 1u << 0, 0);
	T1(FCLASS_S, RNE, S_NONE, 1u << 1, 0);
	T1(FCLASS_S, RNE, B32(0x80000001), 1u << 2, 0);
	T1(FCLASS_S, RNE, B32(0x80000000), 1u << 3, 0);
	T1(FCLASS_S, RNE, B32(0), 1u << 4, 0);
	T1(FCLASS_S, RNE, B32(0x007fffff), 1u << 5, 0);
	T1(FCLASS_S, RNE, S_MAX, 1u << 6, 0);
	T1(FCLASS_S, RNE, S_INF, 1u << 7, 0);
	T1(FCLASS_S, RNE, S_SNAN, 1u << 8, 0);
	T1(FCLASS_S, RNE, S_QNAN, 1u << 9, 0);
	T1(FCLASS_S, RNE, UINT64_C(0x00000000ff800000), 1u << 9, 0);
}

static void test_convert(void)
{
	/* fcvt.w.d around the int32 limits */
	T1(FCVT_W_D, RNE, UINT64_C(0x41dfffffffc00000), 0x7fffffff, 0);
	T1(FCVT_W_D, RNE, UINT64_C(0x41dfffffffe00000), 0x7fffffff, NV);
	T1(FCVT_W_D, RTZ, UINT64_C(0x41dfffffffe00000), 0x7fffffff, NX);
	T1(FCVT_W_D, RDN, UINT64_C(0x41dfffffffe00000), 0x7fffffff, NX);
	T1(FCVT_W_D, RMM, UINT64_C(0x41dfffffffe00000), 0x7fffffff, NV);
	T1(FCVT_W_D, RNE, UINT64_C(0xc1e0000000000000),
	   UINT64_C(0xffffffff80000000), 0);
	T1(FCVT_W_D, RNE, UINT64_C(0xc1e0000000100000),
	   UINT64_C(0xffffffff80000000), NX);
	T1(FCVT_W_D, RMM, UINT64_C(0xc1e0000000100000),
	   UINT64_C(0xffffffff80000000), NV);
	T1(FCVT_W_D, RDN, UINT64_C(0xc1e0000000100000),
	   UINT64_C(0xffffffff80000000), NV);
	T1(FCVT_W_D, RUP, UINT64_C(0xc1e0000000100000),
	   UINT64_C(0xffffffff80000000), NX);
	T1(FCVT_W_D, RNE, UINT64_C(0xc1e0000000200000),
	   UINT64_C(0xffffffff80000000), NV);
	T1(FCVT_W_D, RNE, D_QNAN, 0x7fffffff, NV);
	T1(FCVT_W_D, RNE, D_QNAN | D_NZ, 0x7fffffff, NV);
	T1(FCVT_W_D, RNE, D_INF, 0x7fffffff, NV);
	T1(FCVT_W_D, RNE, D_NINF, UINT64_C(0xffffffff80000000), NV);
	T1(FCVT_W_D, RNE, D_NZ, 0, 0);
	T1(FCVT_W_D, RNE, D_NONE, UINT64_MAX, 0);
	/* ties */
	T1(FCVT_W_D, RNE, UINT64_C(0x4004000000000000), 2, NX); /* 2.5 */
	T1(FCVT_W_D, RMM, UINT64_C(0x4004000000000000), 3, NX);
	T1(FCVT_W_D, RMM, UINT64_C(0xc004000000000000), UINT64_C(-3), NX);
	T1(FCVT_W_D, RDN, UINT64_C(0xc004000000000000), UINT64_C(-3), NX);
	T1(FCVT_W_D, RTZ, UINT64_C(0xc004000000000000), UINT64_C(-2), NX);
	T1(FCVT_W_D, RNE, UINT64_C(0x3fe0000000000000), 0, NX);
	T1(FCVT_W_D, RMM, UINT64_C(0x3fe0000000000000), 1, NX);
	T1(FCVT_W_D, RUP, 1, 1, NX);
	T1(FCVT_W_D, RDN, 1 | D_NZ, UINT64_MAX, NX);
	/* unsigned */
	T1(FCVT_WU_D, RNE, UINT64_C(0x41efffffffe00000), UINT64_MAX, 0);
	T1(FCVT_WU_D, RNE, UINT64_C(0x41f0000000000000), UINT64_MAX, NV);
	T1(FCVT_WU_D, RNE, D_HALF | D_NZ, 0, NX);
	T1(FCVT_WU_D, RMM, D_HALF | D_NZ, 0, NV);
	T1(FCVT_WU_D, RTZ, UINT64_C(0xbfeccccccccccccd), 0, NX);
	T1(FCVT_WU_D, RNE, D_NONE, 0, NV);
	T1(FCVT_WU_D, RNE, D_QNAN, UINT64_MAX, NV);
	T1(FCVT_WU_D, RNE, D_NINF, 0, NV);
	T1(FCVT_WU_D, RNE, UINT64_C(0x41e0000000000000),
	   UINT64_C(0xffffffff80000000), 0); /* 2^31, sign-extended */
	/* 64-bit */
	T1(FCVT_L_D, RNE, UINT64_C(0x43e0000000000000), INT64_MAX, NV);
	T1(FCVT_L_D, RNE, UINT64_C(0xc3e0000000000000),
	   UINT64_C(0x8000000000000000), 0);
	T1(FCVT_L_D, RNE, UINT64_C(0x43dfffffffffffff),
	   UINT64_C(0x7ffffffffffffc00), 0);
	T1(FCVT_L_D, RNE, UINT64_C(0xc3e0000000000001),
	   UINT64_C(0x8000000000000000), NV);
	T1(FCVT_L_D, RNE, D_NINF, UINT64_C(0x8000000000000000), NV);
	T1(FCVT_L_D, RNE, D_SNAN, INT64_MAX, NV);
	T1(FCVT_LU_D, RNE, UINT64_C(0x43f0000000000000), UINT64_MAX, NV);
	T1(FCVT_LU_D, RNE, UINT64_C(0x43efffffffffffff),
	   UINT64_C(0xfffffffffffff800), 0);
	T1(FCVT_LU_D, RNE, UINT64_C(0x43e0000000000000),
	   UINT64_C(0x8000000000000000), 0);
	T1(FCVT_LU_D, RNE, D_QNAN, UINT64_MAX, NV);
	T1(FCVT_LU_D, RNE, D_NONE, 0, NV);
	T1(FCVT_LU_D, RUP, UINT64_C(0xbfeccccccccccccd), 0, NX);
	/* single sources */
	T1(FCVT_W_S, RNE, B32(0x4f000000), 0x7fffffff, NV); /* 2^31 */
	T1(FCVT_W_S, RNE, B32(0xcf000000), UINT64_C(0xffffffff80000000), 0);
	T1(FCVT_WU_S, RNE, B32(0x4f7fffff), UINT64_C(0xffffffffffffff00), 0);
	T1(FCVT_L_S, RNE, B32(0x5f000000), INT64_MAX, NV);
	T1(FCVT_L_S, RNE, B32(0xdf000000), UINT64_C(0x8000000000000000), 0);
	T1(FCVT_LU_S, RNE, B32(0x5f800000), UINT64_MAX, NV);
	T1(FCVT_LU_S, RNE, S_QNAN, UINT64_MAX, NV);
	T1(FCVT_LU_S, RNE, UINT64_C(0x3f800000), UINT64_MAX, NV); /* unboxed */
	T1(FCVT_W_S, RMM, B32(0x3fc00000), 2, NX);		  /* 1.5 */

	/* integer to float */
	T1(FCVT_D_L, RNE, (UINT64_C(1) << 53) + 1, UINT64_C(0x4340000000000000),
	   NX);
	T1(FCVT_D_L, RMM, (UINT64_C(1) << 53) + 1, UINT64_C(0x4340000000000001),
	   NX);
	T1(FCVT_D_L, RUP, (UINT64_C(1) << 53) + 1, UINT64_C(0x4340000000000001),
	   NX);
	T1(FCVT_D_L, RDN, 0 - ((UINT64_C(1) << 53) + 1),
	   UINT64_C(0xc340000000000001), NX);
	T1(FCVT_D_L, RNE, UINT64_C(0x8000000000000000),
	   UINT64_C(0xc3e0000000000000), 0);
	T1(FCVT_D_L, RNE, 0, 0, 0);
	T1(FCVT_D_LU, RNE, UINT64_MAX, UINT64_C(0x43f0000000000000), NX);
	T1(FCVT_D_LU, RTZ, UINT64_MAX, UINT64_C(0x43efffffffffffff), NX);
	T1(FCVT_D_LU, RMM, UINT64_C(0x8000000000000400),
	   UINT64_C(0x43e0000000000001), NX);
	T1(FCVT_D_LU, RNE, UINT64_C(0x8000000000000400),
	   UINT64_C(0x43e0000000000000), NX);
	T1(FCVT_D_LU, RNE, UINT64_C(0x8000000000000401),
	   UINT64_C(0x43e0000000000001), NX);
	T1(FCVT_D_W, RNE, UINT64_C(0x12345678ffffffff), D_NONE, 0);
	T1(FCVT_D_WU, RNE, UINT64_C(0x12345678ffffffff),
	   UINT64_C(0x41efffffffe00000), 0);
	T1(FCVT_S_W, RNE, 16777217, B32(0x4b800000), NX);
	T1(FCVT_S_W, RMM, 16777217, B32(0x4b800001), NX);
	T1(FCVT_S_W, RNE, UINT64_C(0xffffffff80000000), B32(0xcf000000), 0);
	T1(FCVT_S_WU, RNE, 0xffffffff, B32(0x4f800000), NX);
	T1(FCVT_S_WU, RTZ, 0xffffffff, B32(0x4f7fffff), NX);
	T1(FCVT_S_L, RNE, UINT64_C(0x8000000000000000), B32(0xdf000000), 0);
	T1(FCVT_S_LU, RNE, UINT64_MAX, B32(0x5f800000), NX);
	T1(FCVT_S_LU, RDN, UINT64_MAX, B32(0x5f7fffff), NX);
	T1(FCVT_S_LU, RNE, UINT64_C(0x8000008000000000), B32(0x5f000000), NX);
	T1(FCVT_S_LU, RNE, UINT64_C(0x8000008000000001), B32(0x5f000001), NX);

	/* between formats */
	T1(FCVT_S_D, RNE, UINT64_C(0x3ff0000010000000), S_ONE, NX);
	T1(FCVT_S_D, RMM, UINT64_C(0x3ff0000010000000), S_ONE + 1, NX);
	T1(FCVT_S_D, RNE, D_MAX, S_INF, OF | NX);
	T1(FCVT_S_D, RTZ, D_MAX, S_MAX, OF | NX);
	T1(FCVT_S_D, RNE, UINT64_C(0x3690000000000000), B32(0), UF | NX);
	T1(FCVT_S_D, RMM, UINT64_C(0x3690000000000000), B32(1), UF | NX);
	T1(FCVT_S_D, RNE, UINT64_C(0x36a0000000000000), B32(1), 0);
	T1(FCVT_S_D, RNE, D_SNAN, S_QNAN, NV);
	T1(FCVT_S_D, RNE, D_QNAN | D_NZ | 5, S_QNAN, 0);
	T1(FCVT_S_D, RNE, D_NINF, B32(0xff800000), 0);
	T1(FCVT_S_D, RNE, D_NZ, B32(0x80000000), 0);
	/* just below the smallest normal single: tininess after rounding */
	T1(FCVT_S_D, RNE, UINT64_C(0x380fffffffffffff), B32(0x00800000), NX);
	T1(FCVT_S_D, RTZ, UINT64_C(0x380fffffffffffff), B32(0x007fffff),
	   UF | NX);
	T1(FCVT_D_S, RNE, S_SNAN, D_QNAN, NV);
	T1(FCVT_D_S, RNE, B32(0xffc00001), D_QNAN, 0);
	T1(FCVT_D_S, RNE, B32(1), UINT64_C(0x36a0000000000000), 0);
	T1(FCVT_D_S, RNE, B32(0x80000000), D_NZ, 0);
	T1(FCVT_D_S, RNE, S_NONE, D_NONE, 0);
	T1(FCVT_D_S, RNE, UINT64_C(0x3f800000), D_QNAN, 0); /* unboxed */
	T1(FCVT_D_S, RMM, S_INF, D_INF, 0);

	/* moves */
	T1(FMV_X_W, RNE, UINT64_C(0x1234567887654321),
	   UINT64_C(0xffffffff87654321), 0);
	T1(FMV_X_W, RNE, B32(0x7fc00000), 0x7fc00000, 0);
	T1(FMV_W_X, RNE, UINT64_C(0x123456789abcdef0), B32(0x9abcdef0), 0);
	T1(FMV_X_D, RNE, D_SNAN, D_SNAN, 0);
	T1(FMV_D_X, RNE, D_SNAN | D_NZ, D_SNAN | D_NZ, 0);
}

/* Reserved rounding modes are illegal and leave the cpu untouched. */
static void test_illegal_rm(void)
{
	static const unsigned ops[] = {
	    RV_OP_FADD_S,    RV_OP_FSQRT_D,   RV_OP_FMADD_D,  RV_OP_FNMADD_S,
	    RV_OP_FCVT_W_D,  RV_OP_FCVT_S_LU, RV_OP_FCVT_D_S, RV_OP_FCVT_D_W,
	    RV_OP_FCVT_D_WU, RV_OP_FCVT_S_D,  RV_OP_FMUL_D,   RV_OP_FDIV_S,
	};
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		for (unsigned k = 0; k < 5; k++) {
			/* rm 5, 6; DYN with frm 5, 6, 7 */
			unsigned rm = k < 2 ? 5 + k : DYN;
			unsigned frm = k < 2 ? 0 : 3 + k;
			struct rv_cpu cpu, before;
			struct rv_insn in;
			memset(&cpu, 0x5a, sizeof cpu);
			cpu.slot[RV_SLOT_X] = 0;
			cpu.fflags = 0x3;
			cpu.frm = frm;
			memset(&in, 0, sizeof in);
			in.op = (uint16_t)ops[i];
			in.cls = RV_CLASS_FP;
			in.rm = (uint8_t)rm;
			in.rd = 7;
			in.rs1 = 1;
			in.rs2 = 2;
			in.rs3 = 3;
			before = cpu;
			int rc = rv_fpu_exec(&cpu, &in);
			EXPECT(rc == -1 && !memcmp(&cpu, &before, sizeof cpu));
		}
	}
	/* operations without a rounding mode ignore frm */
	uint64_t r;
	unsigned fl;
	EXPECT(run(RV_OP_FSGNJ_D, 0, 7, D_ONE, D_NZ, 0, &r, &fl) == 0 &&
	       r == D_NONE);
	EXPECT(run(RV_OP_FMIN_S, 0, 5, S_ONE, S_NONE, 0, &r, &fl) == 0 &&
	       r == S_NONE);
	EXPECT(run(RV_OP_FEQ_D, 0, 6, D_ONE, D_ONE, 0, &r, &fl) == 0 && r == 1);
	/* a static mode ignores a bad frm */
	EXPECT(run(RV_OP_FADD_D, RNE, 7, D_ONE, D_ONE, 0, &r, &fl) == 0 &&
	       r == D_TWO);
	/* not an FP computational op */
	struct rv_cpu cpu;
	struct rv_insn in;
	memset(&cpu, 0, sizeof cpu);
	memset(&in, 0, sizeof in);
	in.op = RV_OP_ADD;
	EXPECT(rv_fpu_exec(&cpu, &in) == -1);
}

/* x0, aliasing of rd with sources, accrual of fflags. */
static void test_registers(void)
{
	struct rv_cpu cpu;
	struct rv_insn in;

	memset(&cpu, 0, sizeof cpu);
	memset(&in, 0, sizeof in);
	in.cls = RV_CLASS_FP;
	/* feq.d x0, sNaN, 1: x0 stays 0 but NV accrues */
	cpu.slot[RV_SLOT_F + 1] = D_SNAN;
	cpu.slot[RV_SLOT_F + 2] = D_ONE;
	in.op = RV_OP_FEQ_D;
	in.rd = 0;
	in.rs1 = 1;
	in.rs2 = 2;
	EXPECT(rv_fpu_exec(&cpu, &in) == 0 && cpu.slot[RV_SLOT_X] == 0 &&
	       cpu.fflags == NV);
	/* fcvt.w.d x0 */
	cpu.slot[RV_SLOT_F + 1] = D_HALF;
	in.op = RV_OP_FCVT_W_D;
	in.rm = RNE;
	EXPECT(rv_fpu_exec(&cpu, &in) == 0 && cpu.slot[RV_SLOT_X] == 0 &&
	       cpu.fflags == (NV | NX));
	/* fadd.d f1, f1, f1 and accrual */
	cpu.slot[RV_SLOT_F + 1] = D_ONE;
	in.op = RV_OP_FADD_D;
	in.rd = 1;
	in.rs1 = 1;
	in.rs2 = 1;
	EXPECT(rv_fpu_exec(&cpu, &in) == 0 &&
	       cpu.slot[RV_SLOT_F + 1] == D_TWO && cpu.fflags == (NV | NX));
	/* fmadd.s f3, f3, f3, f3 */
	cpu.slot[RV_SLOT_F + 3] = B32(0x40000000); /* 2 */
	in.op = RV_OP_FMADD_S;
	in.rd = in.rs1 = in.rs2 = in.rs3 = 3;
	EXPECT(rv_fpu_exec(&cpu, &in) == 0 &&
	       cpu.slot[RV_SLOT_F + 3] == B32(0x40c00000));
	/* fcvt.d.l f4, x4 and fmv.x.d x4, f4: separate register files */
	cpu.slot[RV_SLOT_X + 4] = 3;
	cpu.slot[RV_SLOT_F + 4] = 0;
	in.op = RV_OP_FCVT_D_L;
	in.rd = in.rs1 = 4;
	EXPECT(rv_fpu_exec(&cpu, &in) == 0 &&
	       cpu.slot[RV_SLOT_F + 4] == D_THREE &&
	       cpu.slot[RV_SLOT_X + 4] == 3);
	in.op = RV_OP_FMV_X_D;
	EXPECT(rv_fpu_exec(&cpu, &in) == 0 &&
	       cpu.slot[RV_SLOT_X + 4] == D_THREE);
	/* f0 is an ordinary register */
	in.op = RV_OP_FMV_D_X;
	in.rd = 0;
	in.rs1 = 4;
	EXPECT(rv_fpu_exec(&cpu, &in) == 0 &&
	       cpu.slot[RV_SLOT_F + 0] == D_THREE);
}

/* ---- fast paths against the soft-float reference ---- */

static const uint16_t rv_op_of[FPD_NOPS] = {
#define MAP(e, m, form, src) RV_OP_##e,
    FPD_OPS(MAP)
#undef MAP
};

static uint64_t unbox(uint64_t v)
{
	return (v >> 32) == 0xffffffff ? (uint32_t)v : RVSF_QNAN32;
}

/* The soft-float result of a rounded operation (x-register value or f
 * register bits). */
static uint64_t soft_ref(int op, uint64_t a, uint64_t b, uint64_t c, int rm,
			 unsigned *fl)
{
	const uint64_t S = UINT64_C(0x80000000), D = UINT64_C(1) << 63;
	const uint64_t box = UINT64_C(0xffffffff00000000);
	uint64_t ua = unbox(a), ub = unbox(b), uc = unbox(c);
	switch (op) {
	case FPD_FADD_S:
		return box | rvsf_add(RVSF_F32, ua, ub, rm, fl);
	case FPD_FSUB_S:
		return box | rvsf_add(RVSF_F32, ua, ub ^ S, rm, fl);
	case FPD_FMUL_S:
		return box | rvsf_mul(RVSF_F32, ua, ub, rm, fl);
	case FPD_FDIV_S:
		return box | rvsf_div(RVSF_F32, ua, ub, rm, fl);
	case FPD_FSQRT_S:
		return box | rvsf_sqrt(RVSF_F32, ua, rm, fl);
	case FPD_FMADD_S:
		return box | rvsf_fma(RVSF_F32, ua, ub, uc, rm, fl);
	case FPD_FMSUB_S:
		return box | rvsf_fma(RVSF_F32, ua, ub, uc ^ S, rm, fl);
	case FPD_FNMSUB_S:
		return box | rvsf_fma(RVSF_F32, ua ^ S, ub, uc, rm, fl);
	case FPD_FNMADD_S:
		return box | rvsf_fma(RVSF_F32, ua ^ S, ub, uc ^ S, rm, fl);
	case FPD_FADD_D:
		return rvsf_add(RVSF_F64, a, b, rm, fl);
	case FPD_FSUB_D:
		return rvsf_add(RVSF_F64, a, b ^ D, rm, fl);
	case FPD_FMUL_D:
		return rvsf_mul(RVSF_F64, a, b, rm, fl);
	case FPD_FDIV_D:
		return rvsf_div(RVSF_F64, a, b, rm, fl);
	case FPD_FSQRT_D:
		return rvsf_sqrt(RVSF_F64, a, rm, fl);
	case FPD_FMADD_D:
		return rvsf_fma(RVSF_F64, a, b, c, rm, fl);
	case FPD_FMSUB_D:
		return rvsf_fma(RVSF_F64, a, b, c ^ D, rm, fl);
	case FPD_FNMSUB_D:
		return rvsf_fma(RVSF_F64, a ^ D, b, c, rm, fl);
	case FPD_FNMADD_D:
		return rvsf_fma(RVSF_F64, a ^ D, b, c ^ D, rm, fl);
	case FPD_FCVT_W_S:
		return rvsf_to_int(RVSF_F32, ua, RVSF_W, rm, fl);
	case FPD_FCVT_WU_S:
		return rvsf_to_int(RVSF_F32, ua, RVSF_WU, rm, fl);
	case FPD_FCVT_L_S:
		return rvsf_to_int(RVSF_F32, ua, RVSF_L, rm, fl);
	case FPD_FCVT_LU_S:
		return rvsf_to_int(RVSF_F32, ua, RVSF_LU, rm, fl);
	case FPD_FCVT_W_D:
		return rvsf_to_int(RVSF_F64, a, RVSF_W, rm, fl);
	case FPD_FCVT_WU_D:
		return rvsf_to_int(RVSF_F64, a, RVSF_WU, rm, fl);
	case FPD_FCVT_L_D:
		return rvsf_to_int(RVSF_F64, a, RVSF_L, rm, fl);
	case FPD_FCVT_LU_D:
		return rvsf_to_int(RVSF_F64, a, RVSF_LU, rm, fl);
	case FPD_FCVT_S_W:
		return box | rvsf_from_int(RVSF_F32, a, RVSF_W, rm, fl);
	case FPD_FCVT_S_WU:
		return box | rvsf_from_int(RVSF_F32, a, RVSF_WU, rm, fl);
	case FPD_FCVT_S_L:
		return box | rvsf_from_int(RVSF_F32, a, RVSF_L, rm, fl);
	case FPD_FCVT_S_LU:
		return box | rvsf_from_int(RVSF_F32, a, RVSF_LU, rm, fl);
	case FPD_FCVT_D_W:
		return rvsf_from_int(RVSF_F64, a, RVSF_W, rm, fl);
	case FPD_FCVT_D_WU:
		return rvsf_from_int(RVSF_F64, a, RVSF_WU, rm, fl);
	case FPD_FCVT_D_L:
		return rvsf_from_int(RVSF_F64, a, RVSF_L, rm, fl);
	case FPD_FCVT_D_LU:
		return rvsf_from_int(RVSF_F64, a, RVSF_LU, rm, fl);
	case FPD_FCVT_S_D:
		return box | rvsf_f64_to_f32(a, rm, fl);
	case FPD_FCVT_D_S:
		return rvsf_f32_to_f64(ua, fl);
	default:
		return 0;
	}
}

static void test_fast_vs_soft(unsigned long n)
{
	uint64_t s = 12345;
	unsigned long bad = 0, done = 0;
	for (unsigned long i = 0; i < n; i++) {
		struct fpd_case c;
		fpd_gen(&s, &c, -1);
		if (!fpd_has_rm(c.op))
			continue;
		int rm = c.rmv < 5 ? c.rmv : (int)c.frm;
		uint64_t r;
		unsigned fl, sfl = 0;
		run(rv_op_of[c.op], c.rmv < 5 ? (unsigned)c.rmv : DYN, c.frm,
		    c.a, c.b, c.c, &r, &fl);
		uint64_t want = soft_ref(c.op, c.a, c.b, c.c, rm, &sfl);
		done++;
		if (r != want || fl != sfl) {
			if (bad++ < 10)
				printf("FAIL fast/soft %s rm %d a=%016" PRIx64
				       " b=%016" PRIx64 " c=%016" PRIx64
				       ": fast %016" PRIx64
				       "/%02x soft %016" PRIx64 "/%02x\n",
				       fpd_info[c.op].name, rm, c.a, c.b, c.c,
				       r, fl, want, sfl);
		}
	}
	if (bad) {
		failed++;
		printf("FAIL fast/soft: %lu of %lu differ\n", bad, done);
	} else {
		passed++;
	}
}

int main(void)
{
	test_arith();
	test_fma();
	test_sign_minmax_cmp_class();
	test_convert();
	test_illegal_rm();
	test_registers();
	test_fast_vs_soft(400000);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
