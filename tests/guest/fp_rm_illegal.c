/* Reserved rounding modes: an F/D instruction with rm = 5 or 6 in its
 * encoding, or rm = dyn while frm holds 5, 6 or 7, is illegal (SIGILL) and
 * changes neither its destination nor fflags; instructions without a
 * rounding mode (sign injection, min/max, compares, moves) and static modes
 * still work while frm is invalid.  Exact conversions (fcvt.d.s, fcvt.d.w)
 * follow the same rule.  The SIGILL handler skips the instruction by
 * advancing the pc in the signal frame. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int trapped;

/* Skip the illegal instruction (all tested ones are 4 bytes): the
 * registers come back from the signal frame as they were at the trap. */
static void on_sigill(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	(void)sig;
	(void)si;
	uc->uc_mcontext.__gregs[REG_PC] += 4;
	trapped = 1;
}

/* Run text with ft0 = 1.0, ft1 = 2.0, ft3 = a marker, a5 = 7 and fflags =
 * NX; print whether it trapped, ft3 and a5 afterwards, and fflags. */
#define T(name, text)                                                          \
	do {                                                                   \
		unsigned long f3, a5v, fl;                                     \
		trapped = 0;                                                   \
		__asm__ volatile("li t0, 0x3ff0000000000000\n\t"               \
				 "fmv.d.x ft0, t0\n\t"                         \
				 "li t0, 0x4000000000000000\n\t"               \
				 "fmv.d.x ft1, t0\n\t"                         \
				 "li t0, 0x1234567812345678\n\t"               \
				 "fmv.d.x ft3, t0\n\t"                         \
				 "li a5, 7\n\t"                                \
				 "csrwi fflags, 1\n\t" text "\n\t"             \
				 "fmv.x.d %0, ft3\n\t"                         \
				 "mv %1, a5\n\t"                               \
				 "frflags %2"                                  \
				 : "=r"(f3), "=r"(a5v), "=r"(fl)               \
				 :                                             \
				 : "t0", "a5", "ft0", "ft1", "ft3", "memory"); \
		printf("%-24s %s ft3=%016lx a5=%lx fflags=%lx\n", name,        \
		       trapped ? "SIGILL" : "ok    ", f3, a5v, fl);            \
	} while (0)

static void set_frm(unsigned long v)
{
	__asm__ volatile("fsrm %0" : : "r"(v));
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigill;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGILL, &sa, NULL);

	/* .insn r 0x53 (OP-FP), funct3 = rm, funct7, rd, rs1, rs2 */
	T("fadd.d rm=5", ".insn r 0x53, 5, 0x01, ft3, ft0, ft1");
	T("fadd.d rm=6", ".insn r 0x53, 6, 0x01, ft3, ft0, ft1");
	T("fadd.s rm=5", ".insn r 0x53, 5, 0x00, ft3, ft0, ft1");
	T("fmul.d rm=6", ".insn r 0x53, 6, 0x09, ft3, ft0, ft1");
	T("fdiv.s rm=5", ".insn r 0x53, 5, 0x0c, ft3, ft0, ft1");
	T("fsqrt.d rm=5", ".insn r 0x53, 5, 0x2d, ft3, ft0, f0");
	T("fcvt.s.d rm=6", ".insn r 0x53, 6, 0x20, ft3, ft0, f1");
	T("fcvt.d.s rm=5", ".insn r 0x53, 5, 0x21, ft3, ft0, f0");
	T("fcvt.w.d rm=5", ".insn r 0x53, 5, 0x61, a5, ft0, x0");
	T("fcvt.lu.s rm=6", ".insn r 0x53, 6, 0x60, a5, ft0, x3");
	T("fcvt.d.w rm=5", ".insn r 0x53, 5, 0x69, ft3, a5, x0");
	T("fcvt.s.lu rm=6", ".insn r 0x53, 6, 0x68, ft3, a5, x3");
	T("fmadd.d rm=5", ".insn r4 0x43, 5, 1, ft3, ft0, ft1, ft1");
	T("fnmadd.s rm=6", ".insn r4 0x4f, 6, 0, ft3, ft0, ft1, ft1");
	T("fadd.d rm=1 (rtz)", ".insn r 0x53, 1, 0x01, ft3, ft0, ft1");

	for (unsigned long frm = 4; frm <= 7; frm++) {
		printf("frm=%lu\n", frm);
		set_frm(frm);
		T("fadd.d dyn", "fadd.d ft3, ft0, ft1, dyn");
		T("fsub.s dyn", "fsub.s ft3, ft0, ft1, dyn");
		T("fsqrt.s dyn", "fsqrt.s ft3, ft0, dyn");
		T("fmsub.d dyn", "fmsub.d ft3, ft0, ft1, ft0, dyn");
		T("fcvt.w.d dyn", "fcvt.w.d a5, ft0, dyn");
		T("fcvt.s.l dyn", "fcvt.s.l ft3, a5, dyn");
		T("fcvt.d.s dyn", ".insn r 0x53, 7, 0x21, ft3, ft0, f0");
		T("fcvt.d.wu dyn", ".insn r 0x53, 7, 0x69, ft3, a5, x1");
		T("fadd.d rne", "fadd.d ft3, ft0, ft1, rne");
		T("fsgnjn.d", "fsgnjn.d ft3, ft0, ft1");
		T("fmax.s", "fmax.s ft3, ft0, ft1");
		T("flt.d", "flt.d a5, ft0, ft1");
		T("fclass.d", "fclass.d a5, ft1");
		T("fmv.x.w", "fmv.x.w a5, ft1");
	}
	return 0;
}
