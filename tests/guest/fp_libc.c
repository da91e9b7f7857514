// cflags: -lm
/* Floating point as compiled C uses it: glibc printf/strtod of doubles
 * (heavy F/D use inside glibc), libm (sqrt, fma, exp, log, sin, pow), casts
 * between float, double and integers, and <fenv.h>: fesetround in every
 * mode with rint/lrint/nearbyint and fetestexcept after operations that
 * raise each flag. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double vd[] = {0.1,	  1.0 / 3,  2.5,  -2.5,
			       1e308,	  4.9e-324, -0.0, 123456789.987654321,
			       0x1p-1022, 3.5};

static void flags(const char *what)
{
	int f = fetestexcept(FE_ALL_EXCEPT);
	printf("%-22s%s%s%s%s%s\n", what, f & FE_INEXACT ? " NX" : "",
	       f & FE_UNDERFLOW ? " UF" : "", f & FE_OVERFLOW ? " OF" : "",
	       f & FE_DIVBYZERO ? " DZ" : "", f & FE_INVALID ? " NV" : "");
	feclearexcept(FE_ALL_EXCEPT);
}

int main(void)
{
	unsigned n = sizeof vd / sizeof vd[0];
	for (unsigned i = 0; i < n; i++) {
		double x = vd[i];
		float f = (float)x;
		printf("%-24.17g %a %.6e %g %.9g %ld\n", x, x, x, (double)f,
		       (double)f, (long)x);
	}
	const char *strs[] = {"0.1",
			      "1e-320",
			      "1.7976931348623157e308",
			      "2.4703282292062327e-324",
			      "-nan",
			      "inf",
			      "0x1.fffffffffffffp1023",
			      "3.14159265358979323846"};
	for (unsigned i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		double x = strtod(strs[i], NULL);
		float f = strtof(strs[i], NULL);
		printf("strtod(%s) = %a, strtof = %a\n", strs[i], x, (double)f);
	}
	for (unsigned i = 1; i < 6; i++) {
		double x = vd[i - 1] * 7.25 + (double)i;
		printf("sqrt %a exp %a log %a sin %a pow %a fma %a\n", sqrt(x),
		       exp(x / 100), log(x), sin(x), pow(x, 1.5),
		       fma(x, x, -x * x));
	}

	static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD,
				    FE_UPWARD};
	static const char *const names[] = {"nearest", "zero", "down", "up"};
	for (unsigned m = 0; m < 4; m++) {
		fesetround(modes[m]);
		printf("%-8s", names[m]);
		for (unsigned i = 0; i < n; i++)
			printf(" %ld", lrint(vd[i] > 1e18 ? 1e18 : vd[i]));
		volatile double one = 1.0, three = 3.0;
		printf(" 1/3=%a -1/3=%a nearbyint(-2.5)=%g\n", one / three,
		       -one / three, nearbyint(vd[3]));
	}
	fesetround(FE_TONEAREST);

	feclearexcept(FE_ALL_EXCEPT);
	volatile double z = 0.0, big = DBL_MAX, small = DBL_MIN, r;
	r = 1.0 / 3.0 + vd[0];
	flags("1/3 + 0.1");
	r = 1.0 / z;
	flags("1/0");
	r = z / z;
	flags("0/0");
	r = big * 2;
	flags("max * 2");
	r = small / 3;
	flags("min / 3");
	r = sqrt(-vd[2]);
	flags("sqrt(-2.5)");
	volatile long l = (long)big;
	flags("(long)max");
	volatile int iv = (int)vd[7];
	flags("(int)123456789.98");
	(void)r;
	(void)l;
	(void)iv;
	return 0;
}
