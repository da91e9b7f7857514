/* Branchy benchmark: a small register-machine bytecode interpreter (switch
 * dispatch: indirect jumps, unpredictable branches) running Collatz chains,
 * then quicksort and an unbalanced binary search tree over pseudo-random keys.
 * Prints a checksum.  Usage: br_interp [scale] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum op { LI, MOV, ADD, ADDI, MULI, SHRI, ANDI, JZ, JNZ, JEQ, JLT, JMP, HALT };
struct insn {
	uint8_t op, a, b, c; /* registers */
	int32_t imm;         /* immediate or jump target */
};

static uint64_t run(const struct insn *code, uint64_t *r)
{
	uint64_t executed = 0;
	for (const struct insn *pc = code;; executed++) {
		const struct insn *i = pc++;
		switch (i->op) {
		case LI: r[i->a] = (uint64_t)(int64_t)i->imm; break;
		case MOV: r[i->a] = r[i->b]; break;
		case ADD: r[i->a] = r[i->b] + r[i->c]; break;
		case ADDI: r[i->a] = r[i->b] + (uint64_t)(int64_t)i->imm; break;
		case MULI: r[i->a] = r[i->b] * (uint64_t)(int64_t)i->imm; break;
		case SHRI: r[i->a] = r[i->b] >> i->imm; break;
		case ANDI: r[i->a] = r[i->b] & (uint64_t)(int64_t)i->imm; break;
		case JZ: if (!r[i->a]) pc = code + i->imm; break;
		case JNZ: if (r[i->a]) pc = code + i->imm; break;
		case JEQ: if (r[i->a] == r[i->b]) pc = code + i->imm; break;
		case JLT: if (r[i->a] < r[i->b]) pc = code + i->imm; break;
		case JMP: pc = code + i->imm; break;
		case HALT: return executed;
		}
	}
}

/* r0 = limit, r1 = n, r2 = x, r3 = steps total, r4 = tmp, r5 = 1 */
static const struct insn collatz[] = {
	/* 0 */ {LI, 1, 0, 0, 1},
	/* 1 */ {LI, 3, 0, 0, 0},
	/* 2 */ {LI, 5, 0, 0, 1},
	/* 3 */ {MOV, 2, 1, 0, 0},   /* outer: x = n */
	/* 4 */ {JEQ, 2, 5, 0, 13},  /* inner: x == 1 -> next n */
	/* 5 */ {ANDI, 4, 2, 0, 1},
	/* 6 */ {JNZ, 4, 0, 0, 9},
	/* 7 */ {SHRI, 2, 2, 0, 1},  /* even: x >>= 1 */
	/* 8 */ {JMP, 0, 0, 0, 11},
	/* 9 */ {MULI, 2, 2, 0, 3},  /* odd: x = 3x + 1 */
	/* 10 */ {ADDI, 2, 2, 0, 1},
	/* 11 */ {ADDI, 3, 3, 0, 1}, /* steps++ */
	/* 12 */ {JMP, 0, 0, 0, 4},
	/* 13 */ {ADDI, 1, 1, 0, 1}, /* n++ */
	/* 14 */ {JLT, 1, 0, 0, 3},
	/* 15 */ {HALT, 0, 0, 0, 0},
};

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint32_t rnd(void)
{
	rng ^= rng >> 12, rng ^= rng << 25, rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

static void quicksort(uint32_t *a, long lo, long hi)
{
	while (lo < hi) {
		uint32_t p = a[lo + (hi - lo) / 2];
		long i = lo, j = hi;
		while (i <= j) {
			while (a[i] < p) i++;
			while (a[j] > p) j--;
			if (i <= j) {
				uint32_t t = a[i];
				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (j - lo < hi - i) {
			quicksort(a, lo, j);
			lo = i;
		} else {
			quicksort(a, i, hi);
			hi = j;
		}
	}
}

struct node {
	uint32_t key, count;
	struct node *l, *r;
};

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	uint64_t r[8] = {0};
	r[0] = (uint64_t)(250000 * scale);
	uint64_t executed = run(collatz, r);
	uint64_t check = r[3] * 1000003 + executed;

	long n = (long)(800000 * scale);
	uint32_t *a = malloc(n * sizeof *a);
	for (long i = 0; i < n; i++)
		a[i] = rnd() % 1000000;
	quicksort(a, 0, n - 1);
	for (long i = 0; i < n; i += 1000)
		check = check * 31 + a[i];

	long m = (long)(200000 * scale);
	struct node *pool = malloc(m * sizeof *pool), *root = 0;
	long used = 0;
	for (long i = 0; i < m * 2; i++) {
		uint32_t k = rnd() % (uint32_t)(m * 4);
		struct node **pp = &root;
		while (*pp && (*pp)->key != k)
			pp = k < (*pp)->key ? &(*pp)->l : &(*pp)->r;
		if (*pp)
			(*pp)->count++;
		else if (used < m) {
			struct node *nd = &pool[used++];
			nd->key = k, nd->count = 1, nd->l = nd->r = 0;
			*pp = nd;
		}
	}
	for (long i = 0; i < used; i += 7)
		check = check * 7 + pool[i].count + pool[i].key;
	free(pool);
	free(a);
	printf("br_interp: steps=%llu check=%016llx\n", (unsigned long long)r[3],
	       (unsigned long long)check);
	return 0;
}
