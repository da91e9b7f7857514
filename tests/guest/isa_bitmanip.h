/* Shared value table and printing loops for isa_zba.c, isa_zbb.c, isa_zbs.c. */
#include "isa_rt.h"

static const u64 V[] = {
    0,
    1,
    (u64)-1,
    0x3f,
    0x20,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x7fffffffffffffff,
    0x8000000000000000,
    0x0123456789abcdef,
    0xfedcba9876543261,
    0x00ff0080ff000100,
};
#define NV (int)(sizeof V / sizeof V[0])

static void hexn(const char *op, int i, int j, u64 v)
{
    char name[40];
    int n = 0;
    while (*op)
        name[n++] = *op++;
    name[n++] = '[';
    name[n++] = (char)('a' + i);
    if (j >= 0) {
        name[n++] = ',';
        name[n++] = (char)('a' + j);
    }
    name[n++] = ']';
    name[n] = 0;
    hex(name, v);
}

#define RR(op)                                                                \
    for (int i = 0; i < NV; i++)                                              \
        for (int j = 0; j < NV; j++)                                          \
            hexn(op, i, j, R2(op, V[i], V[j]));
#define R1ALL(op)                                                             \
    for (int i = 0; i < NV; i++)                                              \
        hexn(op, i, -1, R1(op, V[i]));
#define RIMM(op, imm)                                                         \
    for (int i = 0; i < NV; i++)                                              \
        hexn(op " " #imm, i, -1, RI(op, V[i], imm));
