// cflags: -nostdlib -ffreestanding -static -O2
/* Every RV64M instruction over a table of edge values: division and
 * remainder by zero, INT_MIN / -1 overflow (64- and 32-bit), the high-half
 * multiplies with every sign combination, sign extension of the *w forms
 * (including upper bits of the sources that must be ignored). */
#include "isa_rt.h"

static const u64 V[] = {
    0,
    1,
    (u64)-1,
    3,
    (u64)-3,
    7,
    0x7fffffff,
    0x80000000,
    0xffffffff80000000,
    0x7fffffffffffffff,
    0x8000000000000000,
    0x123456789abcdef1,
    0xffffffff00000003, /* 32-bit 3 with junk upper half */
    0x00000001fffffffd, /* 32-bit -3 with junk upper half */
};
#define NV (int)(sizeof V / sizeof V[0])

static void hex2(const char *op, int i, int j, u64 v)
{
    char name[32];
    int n = 0;
    while (*op)
        name[n++] = *op++;
    name[n++] = '[';
    name[n++] = (char)('a' + i);
    name[n++] = ',';
    name[n++] = (char)('a' + j);
    name[n++] = ']';
    name[n] = 0;
    hex(name, v);
}

#define RR(op)                                                                \
    for (int i = 0; i < NV; i++)                                              \
        for (int j = 0; j < NV; j++)                                          \
            hex2(op, i, j, R2(op, V[i], V[j]));

int test_main(void)
{
    u64 r;
    /* rd == rs1 == rs2 */
    r = opq(0x100000001);
    __asm__ volatile("mul %0, %0, %0" : "+r"(r));
    T(mul_same, r);
    r = opq(-7);
    __asm__ volatile("div %0, %0, %0" : "+r"(r));
    T(div_same, r);
    /* the result register is written even when rd is also a source and the
     * operation divides by zero */
    r = opq(5);
    __asm__ volatile("divu %0, %0, zero" : "+r"(r));
    T(divu_zero_same, r);
    r = opq(5);
    __asm__ volatile("remw %0, %0, zero" : "+r"(r));
    T(remw_zero_same, r);

    RR("mul") RR("mulh") RR("mulhsu") RR("mulhu") RR("div") RR("divu")
    RR("rem") RR("remu") RR("mulw") RR("divw") RR("divuw") RR("remw")
    RR("remuw")
    return 0;
}
