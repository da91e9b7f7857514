// cflags: -nostdlib -ffreestanding -static -O2
/* RV64A: lr/sc success and failure cases, and every AMO in .w and .d form
 * (with aq/rl variants), printing the old value returned in rd (the .w
 * results must be sign-extended) and the memory afterwards (the .w forms must
 * not touch the neighbouring word). */
#include "isa_rt.h"

static u64 mem[4] __attribute__((aligned(16)));

static const u64 MV[] = {0x0000000000000005, 0xffffffff80000000,
                         0x7fffffff7ffffffe, 0x8000000000000001};
static const u64 OV[] = {3, (u64)-1, 0x0000000180000000, 0x7fffffffffffffff};

static void hexij(const char *op, int i, int j, const char *what, u64 v)
{
    char name[40];
    int n = 0;
    while (*op)
        name[n++] = *op++;
    name[n++] = '[';
    name[n++] = (char)('0' + i);
    name[n++] = ',';
    name[n++] = (char)('0' + j);
    name[n++] = ']';
    while (*what)
        name[n++] = *what++;
    name[n] = 0;
    hex(name, v);
}

#define AMO(op)                                                               \
    for (int i = 0; i < 4; i++)                                               \
        for (int j = 0; j < 4; j++) {                                         \
            mem[0] = 0x1111111111111111;                                      \
            mem[1] = MV[i];                                                   \
            mem[2] = 0x2222222222222222;                                      \
            u64 old_;                                                         \
            __asm__ volatile(op " %0, %2, (%1)"                               \
                             : "=&r"(old_)                                    \
                             : "r"(&mem[1]), "r"(OV[j])                       \
                             : "memory");                                     \
            hexij(op, i, j, ".rd", old_);                                     \
            hexij(op, i, j, ".mem", mem[1]);                                  \
            if (mem[0] != 0x1111111111111111 || mem[2] != 0x2222222222222222) \
                hexij(op, i, j, ".CLOBBER", mem[0] ^ mem[2]);                 \
        }

/* The .w forms on the upper word of mem[1] too (address 4 mod 8). */
#define AMOW_HI(op)                                                           \
    for (int j = 0; j < 4; j++) {                                             \
        mem[1] = 0x8000000312345678;                                          \
        u64 old_;                                                             \
        __asm__ volatile(op " %0, %2, (%1)"                                   \
                         : "=&r"(old_)                                        \
                         : "r"((char *)&mem[1] + 4), "r"(OV[j])               \
                         : "memory");                                         \
        hexij(op "-hi", 0, j, ".rd", old_);                                   \
        hexij(op "-hi", 0, j, ".mem", mem[1]);                                \
    }

static void test_lrsc(void)
{
    u64 v, rc, r;

    /* lr.d / sc.d success */
    mem[0] = 0x1234;
    __asm__ volatile("lr.d %0, (%2)\n\taddi %0, %0, 1\n\tsc.d %1, %0, (%2)"
                     : "=&r"(v), "=&r"(rc) : "r"(&mem[0]) : "memory");
    T(lrsc_d_val, v);
    T(lrsc_d_rc, rc);
    T(lrsc_d_mem, mem[0]);

    /* a second sc without a new lr fails and does not write */
    __asm__ volatile("sc.d %0, %1, (%2)"
                     : "=&r"(rc) : "r"((u64)0x5555), "r"(&mem[0]) : "memory");
    T(sc_again_fails, rc != 0);
    T(sc_again_mem, mem[0]);

    /* lr.w sign-extends; sc.w succeeds */
    mem[1] = 0x00000000deadbeef;
    __asm__ volatile("lr.w %0, (%2)\n\tsc.w %1, %3, (%2)"
                     : "=&r"(v), "=&r"(rc)
                     : "r"(&mem[1]), "r"((u64)0xffffffff00000042)
                     : "memory");
    T(lrsc_w_val, v);
    T(lrsc_w_rc, rc);
    T(lrsc_w_mem, mem[1]);

    /* sc to a different address than the reservation fails */
    mem[2] = 7;
    mem[3] = 9;
    __asm__ volatile("lr.d %0, (%2)\n\tsc.d %1, %4, (%3)"
                     : "=&r"(v), "=&r"(rc)
                     : "r"(&mem[2]), "r"(&mem[3]), "r"((u64)77)
                     : "memory");
    T(sc_other_addr_fails, rc != 0);
    T(sc_other_addr_mem2, mem[2]);
    T(sc_other_addr_mem3, mem[3]);

    /* aq/rl variants */
    mem[2] = 100;
    __asm__ volatile("lr.d.aq %0, (%2)\n\taddi %0, %0, 5\n\tsc.d.rl %1, %0, (%2)"
                     : "=&r"(v), "=&r"(rc) : "r"(&mem[2]) : "memory");
    T(lrsc_aqrl_rc, rc);
    T(lrsc_aqrl_mem, mem[2]);
    mem[3] = 0xffffffff;
    __asm__ volatile("lr.w.aqrl %0, (%2)\n\tsc.w.aqrl %1, zero, (%2)"
                     : "=&r"(v), "=&r"(rc) : "r"(&mem[3]) : "memory");
    T(lrsc_w_aqrl_val, v);
    T(lrsc_w_aqrl_rc, rc);
    T(lrsc_w_aqrl_mem, mem[3]);

    /* a typical CAS retry loop: atomic increment 1000 times */
    mem[0] = 0;
    for (int i = 0; i < 1000; i++)
        __asm__ volatile("1: lr.d %0, (%1)\n\taddi %0, %0, 3\n\t"
                         "sc.d t0, %0, (%1)\n\tbnez t0, 1b"
                         : "=&r"(r) : "r"(&mem[0]) : "t0", "memory");
    T(cas_loop, mem[0]);

    /* lr into x0 still takes a reservation */
    mem[0] = 10;
    __asm__ volatile("lr.d zero, (%1)\n\tsc.d %0, %2, (%1)"
                     : "=&r"(rc) : "r"(&mem[0]), "r"((u64)11) : "memory");
    T(lr_x0_rc, rc);
    T(lr_x0_mem, mem[0]);
}

int test_main(void)
{
    test_lrsc();

    u64 r;
    /* rd == rs2 */
    mem[0] = 40;
    r = opq(2);
    __asm__ volatile("amoadd.d %0, %0, (%1)" : "+r"(r) : "r"(&mem[0]) : "memory");
    T(amoadd_rd_eq_rs2_rd, r);
    T(amoadd_rd_eq_rs2_mem, mem[0]);
    /* rd == x0 */
    __asm__ volatile("amoor.d zero, %0, (%1)" : : "r"((u64)0x100), "r"(&mem[0])
                     : "memory");
    T(amoor_x0_mem, mem[0]);

    AMO("amoswap.w") AMO("amoadd.w") AMO("amoxor.w") AMO("amoand.w")
    AMO("amoor.w") AMO("amomin.w") AMO("amomax.w") AMO("amominu.w")
    AMO("amomaxu.w")
    AMO("amoswap.d") AMO("amoadd.d") AMO("amoxor.d") AMO("amoand.d")
    AMO("amoor.d") AMO("amomin.d") AMO("amomax.d") AMO("amominu.d")
    AMO("amomaxu.d")
    AMO("amoadd.w.aq") AMO("amomax.d.rl") AMO("amominu.w.aqrl")
    AMO("amoswap.d.aqrl")
    AMOW_HI("amoswap.w") AMOW_HI("amoadd.w") AMOW_HI("amomin.w")
    AMOW_HI("amomaxu.w")
    return 0;
}
