/* The F/D architectural state around the arithmetic: fflags accrue across
 * instructions until cleared (fsflags returns the old value), frcsr/fscsr
 * combine frm and fflags and ignore bits above 7, fsrm selects the mode
 * dyn instructions use, and NaN boxing through loads, stores and moves:
 * flw boxes, fsw/fsd/fld copy bits (signaling NaNs included, no flags),
 * fmv.x.w sign-extends, and single-precision operations (incl. fmv.s/fneg.s
 * /fabs.s, which are fsgnj*) read an unboxed register as the canonical NaN. */
#include <stdio.h>
#include <stdint.h>

static void show(const char *name, unsigned long v)
{
	printf("%-28s %016lx\n", name, v);
}

static unsigned long frflags(void)
{
	unsigned long v;
	__asm__ volatile("frflags %0" : "=r"(v));
	return v;
}

static unsigned long frcsr(void)
{
	unsigned long v;
	__asm__ volatile("frcsr %0" : "=r"(v));
	return v;
}

static unsigned long frrm(void)
{
	unsigned long v;
	__asm__ volatile("frrm %0" : "=r"(v));
	return v;
}

int main(void)
{
	unsigned long r, old;
	uint64_t one = 0x3ff0000000000000, zero = 0, tiny = 0x3ca0000000000000;

	/* accrual */
	__asm__ volatile("fscsr zero");
	__asm__ volatile("fmv.d.x ft0, %0\n\tfmv.d.x ft1, %1\n\t"
			 "fadd.d ft2, ft0, ft1" ::"r"(one),
			 "r"(tiny)
			 : "ft0", "ft1", "ft2");
	show("after inexact add", frflags());
	__asm__ volatile("fmv.d.x ft0, %0\n\tfmv.d.x ft1, %1\n\t"
			 "fdiv.d ft2, ft0, ft1" ::"r"(one),
			 "r"(zero)
			 : "ft0", "ft1", "ft2");
	show("after divide by zero", frflags());
	__asm__ volatile("fmv.d.x ft0, %0\n\tfadd.d ft2, ft0, ft0" ::"r"(one)
			 : "ft0", "ft2");
	show("after exact add", frflags());
	__asm__ volatile("fsflags %0, zero" : "=r"(old));
	show("fsflags old value", old);
	show("after fsflags zero", frflags());
	__asm__ volatile("csrsi fflags, 0x14");
	show("after csrsi fflags 0x14", frflags());

	/* fcsr = frm << 5 | fflags; bits above 7 ignored */
	__asm__ volatile("fscsr %0, %1" : "=r"(old) : "r"(0xfffffe6bul));
	show("fscsr old value", old);
	show("frcsr", frcsr());
	show("frrm", frrm());
	show("frflags", frflags());
	__asm__ volatile("fsrmi %0, 2" : "=r"(old));
	show("fsrmi old value", old);
	show("frcsr after fsrmi 2", frcsr());
	__asm__ volatile("fsflagsi zero, 0");

	/* fsrm selects the dyn rounding mode: 1 + 2^-53 and -(1 + 2^-53) */
	for (unsigned long m = 0; m < 5; m++) {
		uint64_t p, n;
		__asm__ volatile("fsrm %2\n\t"
				 "fmv.d.x ft0, %3\n\tfmv.d.x ft1, %4\n\t"
				 "fadd.d ft2, ft0, ft1, dyn\n\t"
				 "fneg.d ft0, ft0\n\tfneg.d ft1, ft1\n\t"
				 "fadd.d ft3, ft0, ft1\n\t"
				 "fmv.x.d %0, ft2\n\tfmv.x.d %1, ft3"
				 : "=&r"(p), "=&r"(n)
				 : "r"(m), "r"(one), "r"(tiny)
				 : "ft0", "ft1", "ft2", "ft3");
		printf("frm=%lu: %016lx %016lx\n", m, (unsigned long)p,
		       (unsigned long)n);
	}
	__asm__ volatile("fsrm zero\n\tfsflags zero");

	/* NaN boxing */
	static uint32_t w = 0x7f800001; /* a single sNaN */
	static uint64_t d = 0x7ff0000000000001;
	static uint32_t wout;
	static uint64_t dout;
	__asm__ volatile("flw ft0, %1\n\tfmv.x.d %0, ft0"
			 : "=r"(r)
			 : "m"(w)
			 : "ft0");
	show("flw boxes", r);
	__asm__ volatile("flw ft0, %1\n\tfsw ft0, %0"
			 : "=m"(wout)
			 : "m"(w)
			 : "ft0");
	show("fsw of flw", wout);
	__asm__ volatile("fld ft0, %1\n\tfsd ft0, %0"
			 : "=m"(dout)
			 : "m"(d)
			 : "ft0");
	show("fsd of fld sNaN", dout);
	__asm__ volatile("fmv.d.x ft0, %1\n\tfsw ft0, %0"
			 : "=m"(wout)
			 : "r"(0x123456789abcdef0ul)
			 : "ft0");
	show("fsw of unboxed", wout);
	show("flags after moves", frflags());
	__asm__ volatile("fmv.d.x ft0, %1\n\tfmv.x.w %0, ft0"
			 : "=r"(r)
			 : "r"(0x0000000080000001ul)
			 : "ft0");
	show("fmv.x.w sign-extends", r);
	__asm__ volatile("fmv.w.x ft0, %1\n\tfmv.x.d %0, ft0"
			 : "=r"(r)
			 : "r"(0xdeadbeef00000001ul)
			 : "ft0");
	show("fmv.w.x boxes", r);
	static const char *const names[] = {"fmv.s", "fneg.s", "fabs.s",
					    "fmv.d", "fneg.d", "fabs.d"};
	uint64_t srcs[] = {0xffffffffff800001ul, 0x00000000bf800000ul,
			   0xffff0000bf800000ul, 0xfff0000000000001ul};
	for (unsigned i = 0; i < 4; i++) {
		uint64_t res[6];
		__asm__ volatile("fmv.d.x ft0, %6\n\t"
				 "fmv.s ft1, ft0\n\tfmv.x.d %0, ft1\n\t"
				 "fneg.s ft1, ft0\n\tfmv.x.d %1, ft1\n\t"
				 "fabs.s ft1, ft0\n\tfmv.x.d %2, ft1\n\t"
				 "fmv.d ft1, ft0\n\tfmv.x.d %3, ft1\n\t"
				 "fneg.d ft1, ft0\n\tfmv.x.d %4, ft1\n\t"
				 "fabs.d ft1, ft0\n\tfmv.x.d %5, ft1"
				 : "=&r"(res[0]), "=&r"(res[1]), "=&r"(res[2]),
				   "=&r"(res[3]), "=&r"(res[4]), "=&r"(res[5])
				 : "r"(srcs[i])
				 : "ft0", "ft1");
		for (unsigned k = 0; k < 6; k++)
			printf("%s %016lx -> %016lx\n", names[k],
			       (unsigned long)srcs[i], (unsigned long)res[k]);
	}
	show("flags after sign ops", frflags());
	/* an unboxed operand in arithmetic and compares */
	__asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t"
			 "fadd.s ft2, ft0, ft1\n\tfmv.x.d %0, ft2"
			 : "=r"(r)
			 : "r"(0x000000003f800000ul), "r"(0xffffffff3f800000ul)
			 : "ft0", "ft1", "ft2");
	show("fadd.s unboxed + 1", r);
	show("flags", frflags());
	__asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t"
			 "flt.s %0, ft0, ft1"
			 : "=r"(r)
			 : "r"(0x000000003f800000ul), "r"(0xffffffff3f800000ul)
			 : "ft0", "ft1");
	show("flt.s unboxed, 1", r);
	show("flags", frflags());
	return 0;
}
