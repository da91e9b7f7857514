/* Double-precision benchmark: the classic n-body simulation (Jovian planets,
 * symplectic integrator), followed by a dense 160x160 matrix multiply.  Uses
 * only + - * / and sqrt, so with -ffp-contract=off the x86-64 and RISC-V
 * results are bit-identical.  Prints a checksum.  Usage: fp_nbody [scale] */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body {
	double x[3], v[3], mass;
};

static struct body bodies[5] = {
	{{0, 0, 0}, {0, 0, 0}, SOLAR_MASS},
	{{4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01},
	 {1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
	  -6.90460016972063023e-05 * DAYS_PER_YEAR},
	 9.54791938424326609e-04 * SOLAR_MASS},
	{{8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01},
	 {-2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
	  2.30417297573763929e-05 * DAYS_PER_YEAR},
	 2.85885980666130812e-04 * SOLAR_MASS},
	{{1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01},
	 {2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
	  -2.96589568540237556e-05 * DAYS_PER_YEAR},
	 4.36624404335156298e-05 * SOLAR_MASS},
	{{1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01},
	 {2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
	  -9.51592254519715870e-05 * DAYS_PER_YEAR},
	 5.15138902046611451e-05 * SOLAR_MASS},
};

static void advance(int n, double dt)
{
	for (int i = 0; i < n; i++) {
		struct body *a = &bodies[i];
		for (int j = i + 1; j < n; j++) {
			struct body *b = &bodies[j];
			double d[3], d2 = 0;
			for (int k = 0; k < 3; k++) {
				d[k] = a->x[k] - b->x[k];
				d2 += d[k] * d[k];
			}
			double mag = dt / (d2 * sqrt(d2));
			for (int k = 0; k < 3; k++) {
				a->v[k] -= d[k] * b->mass * mag;
				b->v[k] += d[k] * a->mass * mag;
			}
		}
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			bodies[i].x[k] += dt * bodies[i].v[k];
}

static double energy(int n)
{
	double e = 0;
	for (int i = 0; i < n; i++) {
		struct body *a = &bodies[i];
		e += 0.5 * a->mass *
		     (a->v[0] * a->v[0] + a->v[1] * a->v[1] + a->v[2] * a->v[2]);
		for (int j = i + 1; j < n; j++) {
			double d2 = 0;
			for (int k = 0; k < 3; k++) {
				double d = a->x[k] - bodies[j].x[k];
				d2 += d * d;
			}
			e -= a->mass * bodies[j].mass / sqrt(d2);
		}
	}
	return e;
}

enum { M = 160 };
static double ma[M][M], mb[M][M], mc[M][M];

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	double p[3] = {0, 0, 0};
	for (int i = 0; i < 5; i++)
		for (int k = 0; k < 3; k++)
			p[k] += bodies[i].v[k] * bodies[i].mass;
	for (int k = 0; k < 3; k++)
		bodies[0].v[k] = -p[k] / SOLAR_MASS;
	double e0 = energy(5);
	long steps = (long)(9000000 * scale);
	for (long s = 0; s < steps; s++)
		advance(5, 0.01);
	double e1 = energy(5);

	for (int i = 0; i < M; i++)
		for (int j = 0; j < M; j++) {
			ma[i][j] = (double)((i * 7 + j * 3) % 17) / 7.0 - 1.0;
			mb[i][j] = (double)((i * 5 + j * 11) % 13) / 3.0 + 0.25;
		}
	int reps = (int)(10 * scale);
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < M; i++)
			for (int j = 0; j < M; j++) {
				double acc = 0;
				for (int k = 0; k < M; k++)
					acc += ma[i][k] * mb[k][j];
				mc[i][j] = acc;
			}
		for (int i = 0; i < M; i++)
			for (int j = 0; j < M; j++)
				ma[i][j] = mc[i][j] / (1.0 + fabs(mc[i][j]));
	}
	double tr = 0;
	for (int i = 0; i < M; i++)
		tr += ma[i][i] * (i + 1);
	uint64_t bits;
	memcpy(&bits, &tr, 8);
	printf("fp_nbody: e0=%.9f e1=%.9f trace=%.12f (%016llx)\n", e0, e1, tr,
	       (unsigned long long)bits);
	return 0;
}
