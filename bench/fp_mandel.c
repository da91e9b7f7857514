/* Single-precision / mixed benchmark: a float Mandelbrot set (escape counts
 * hashed per row) and a float 1-D diffusion stencil with int<->float
 * conversions.  Only + - * / and comparisons, so with -ffp-contract=off the
 * x86-64 and RISC-V results are bit-identical.  Prints a checksum.
 * Usage: fp_mandel [scale] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t mandel(int w, int h, int maxit)
{
	uint32_t hash = 2166136261u;
	for (int y = 0; y < h; y++) {
		float ci = -1.25f + 2.5f * (float)y / (float)h;
		for (int x = 0; x < w; x++) {
			float cr = -2.0f + 2.75f * (float)x / (float)w;
			float zr = 0, zi = 0, zr2 = 0, zi2 = 0;
			int it = 0;
			while (it < maxit && zr2 + zi2 <= 4.0f) {
				zi = 2.0f * zr * zi + ci;
				zr = zr2 - zi2 + cr;
				zr2 = zr * zr;
				zi2 = zi * zi;
				it++;
			}
			hash = (hash ^ (uint32_t)it) * 16777619u;
		}
	}
	return hash;
}

static uint32_t stencil(int n, int steps)
{
	float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	for (int i = 0; i < n; i++)
		a[i] = (float)((i * 37) % 101) * 0.01f;
	for (int s = 0; s < steps; s++) {
		b[0] = a[0];
		b[n - 1] = a[n - 1];
		for (int i = 1; i < n - 1; i++) {
			float v = 0.25f * a[i - 1] + 0.5f * a[i] + 0.25f * a[i + 1];
			int q = (int)(v * 1024.0f); /* quantize: float -> int -> float */
			b[i] = (float)q / 1024.0f + (v - (float)q / 1024.0f) * 0.999f;
		}
		float *t = a;
		a = b;
		b = t;
	}
	uint32_t h = 0;
	for (int i = 0; i < n; i++) {
		uint32_t bits;
		memcpy(&bits, &a[i], 4);
		h = h * 31 + bits;
	}
	free(a);
	free(b);
	return h;
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	int side = (int)(900 * (scale < 1 ? scale : 1));
	uint32_t m = 0;
	for (int rep = 0; rep < (int)(3 * (scale > 1 ? scale : 1)); rep++)
		m ^= mandel(side, side, 256 + rep);
	uint32_t s = stencil(4096, (int)(12000 * scale));
	printf("fp_mandel: mandel=%08x stencil=%08x\n", m, s);
	return 0;
}
