// cflags: -nostdlib -ffreestanding -static -O2
/* Every RV64I instruction, with edge cases: shifts by 0/31/32/63, sign
 * extension of the *w forms, signed/unsigned compares with negative values,
 * lui/auipc, jal/jalr link values, branches taken and not taken in both
 * directions, loads with sign/zero extension, stores of every width,
 * misaligned accesses, writes to x0.  Output: one hex line per result. */
#include "isa_rt.h"

static const u64 V[] = {
    0, 1, (u64)-1, 2, 63, 0x7fffffff, 0x80000000, 0x7fffffffffffffff,
    0x8000000000000000, 0xfedcba9876543261,
};
#define NV (int)(sizeof V / sizeof V[0])

static void hex2(const char *op, int i, int j, u64 v)
{
    char name[32];
    int n = 0;
    while (*op)
        name[n++] = *op++;
    name[n++] = '[';
    name[n++] = (char)('0' + i);
    name[n++] = ',';
    name[n++] = (char)('0' + j);
    name[n++] = ']';
    name[n] = 0;
    hex(name, v);
}

#define RR(op)                                                                \
    for (int i = 0; i < NV; i++)                                              \
        for (int j = 0; j < NV; j++)                                          \
            hex2(op, i, j, R2(op, V[i], V[j]));

#define RIMM(op, imm)                                                         \
    for (int i = 0; i < NV; i++)                                              \
        hex2(op " " #imm, i, 0, RI(op, V[i], imm));

/* A branch: 1 if taken. */
#define BR(op, a, b)                                                          \
    ({                                                                        \
        u64 r_;                                                               \
        __asm__ volatile("li %0, 1\n\t" op " %1, %2, 1f\n\tli %0, 0\n1:"      \
                         : "=&r"(r_)                                          \
                         : "r"((u64)(a)), "r"((u64)(b)));                     \
        r_;                                                                   \
    })
/* The same branch, but the target is behind the branch. */
#define BRBACK(op, a, b)                                                      \
    ({                                                                        \
        u64 r_;                                                               \
        __asm__ volatile("li %0, 0\n\t"                                       \
                         "j 2f\n"                                             \
                         "1: li %0, 1\n\t"                                    \
                         "j 3f\n"                                             \
                         "2: " op " %1, %2, 1b\n"                             \
                         "3:"                                                 \
                         : "=&r"(r_)                                          \
                         : "r"((u64)(a)), "r"((u64)(b)));                     \
        r_;                                                                   \
    })
#define BRANCH(op)                                                            \
    for (int i = 0; i < NV; i++)                                              \
        for (int j = 0; j < NV; j++) {                                        \
            hex2(op, i, j, BR(op, V[i], V[j]));                               \
            hex2(op "-back", i, j, BRBACK(op, V[i], V[j]));                   \
        }

static unsigned char buf[64] __attribute__((aligned(16)));

static void test_upper(void)
{
    u64 r;
    __asm__ volatile("lui %0, 0x12345" : "=r"(r));
    T(lui_12345, r);
    __asm__ volatile("lui %0, 0x80000" : "=r"(r));
    T(lui_80000, r);
    __asm__ volatile("lui %0, 0xfffff" : "=r"(r));
    T(lui_fffff, r);
    __asm__ volatile("lui %0, 0x7ffff" : "=r"(r));
    T(lui_7ffff, r);
    __asm__ volatile("lui %0, 1\n\taddiw %0, %0, -1" : "=r"(r));
    T(lui_addiw, r);
    __asm__ volatile("1: auipc %0, 0\n\tlla t0, 1b\n\tsub %0, %0, t0"
                     : "=r"(r) : : "t0");
    T(auipc_0, r);
    __asm__ volatile("1: auipc %0, 1\n\tlla t0, 1b\n\tsub %0, %0, t0"
                     : "=r"(r) : : "t0");
    T(auipc_1, r);
    __asm__ volatile("1: auipc %0, 0x80000\n\tlla t0, 1b\n\tsub %0, %0, t0"
                     : "=r"(r) : : "t0");
    T(auipc_80000, r);
    __asm__ volatile("1: auipc %0, 0xfffff\n\tlla t0, 1b\n\tsub %0, %0, t0"
                     : "=r"(r) : : "t0");
    T(auipc_fffff, r);
}

static void test_jumps(void)
{
    u64 r, s;
    /* jal: link = address of the jal + 4 */
    __asm__ volatile("1: jal %0, 2f\n\tnop\n\tnop\n2: lla t0, 1b\n\tsub %0, %0, t0"
                     : "=r"(r) : : "t0");
    T(jal_link, r);
    /* jal backwards */
    __asm__ volatile("j 2f\n"
                     "1: lla t0, 3f\n\tsub %0, %0, t0\n\tj 4f\n"
                     "2: nop\n3: jal %0, 1b\n4:"
                     : "=r"(r) : : "t0");
    T(jal_back_link, r);
    /* jal x0 (j) links nothing */
    __asm__ volatile("li %0, 7\n\tj 1f\n\tli %0, 9\n1:" : "=r"(r));
    T(j_skip, r);
    /* jalr with an offset and the low bit set: bit 0 is cleared */
    __asm__ volatile("lla t0, 2f\n\taddi t0, t0, -3\n"
                     "1: jalr %0, 4(t0)\n\tli %1, 1\n\tj 3f\n"
                     "2: li %1, 2\n3: lla t0, 1b\n\tsub %0, %0, t0"
                     : "=&r"(r), "=&r"(s) : : "t0");
    T(jalr_link, r);
    T(jalr_target, s);
    /* jalr with rd == rs1: the target uses the old value */
    __asm__ volatile("lla %0, 2f\n"
                     "1: jalr %0, 0(%0)\n\tli %1, 1\n\tj 3f\n"
                     "2: li %1, 2\n3: lla t0, 1b\n\tsub %0, %0, t0"
                     : "=&r"(r), "=&r"(s) : : "t0");
    T(jalr_same_link, r);
    T(jalr_same_target, s);
    /* negative jalr offset */
    __asm__ volatile("lla t0, 2f\n\taddi t0, t0, 100\n"
                     "jalr %0, -100(t0)\n\tli %1, 1\n\tj 3f\n"
                     "2: li %1, 2\n3:"
                     : "=&r"(r), "=&r"(s) : : "t0");
    T(jalr_neg_target, s);
    /* call/ret through a real function-like sequence */
    __asm__ volatile("li %0, 0\n\tjal t1, 5f\n\taddi %0, %0, 1\n\tj 6f\n"
                     "5: addi %0, %0, 10\n\tjr t1\n6:"
                     : "=&r"(r) : : "t1");
    T(call_ret, r);
}

static void test_loads(void)
{
    for (int i = 0; i < 64; i++)
        buf[i] = (unsigned char)(0x80 + i * 7);
    unsigned char *p = buf + 16;
    u64 r;
#define LD(insn, off) LDN(insn, off, off)
#define LDN(insn, off, nm)                                                    \
    __asm__ volatile(#insn " %0, " #off "(%1)" : "=r"(r) : "r"(p) : "memory");\
    T(insn##_##nm, r);
    LD(lb, 0) LD(lb, 1) LD(lb, 9) LDN(lb, -16, m16) LD(lbu, 0)
    LD(lbu, 9) LDN(lbu, -1, m1) LD(lh, 0) LD(lh, 2) LD(lh, 8)
    LDN(lh, -2, m2) LD(lhu, 0) LD(lhu, 8) LD(lw, 0) LD(lw, 4)
    LD(lw, 8) LDN(lw, -4, m4) LD(lwu, 0) LD(lwu, 4) LD(ld, 0)
    LD(ld, 8) LDN(ld, -16, m16) LD(ld, 40)
    /* misaligned (Linux emulates these; user programs may rely on it) */
    LD(lh, 1) LD(lw, 1) LD(lw, 3) LD(lwu, 2) LD(ld, 1) LD(ld, 5)
    LD(lhu, 3)
    /* load into x0 is still a load, result discarded */
    __asm__ volatile("lw zero, 0(%1)\n\tmv %0, zero" : "=r"(r) : "r"(p));
    T(lw_x0, r);
}

static void test_stores(void)
{
    u64 *q = (u64 *)buf;
    u64 r;
    for (int i = 0; i < 8; i++)
        q[i] = 0x1111111111111111ull * (u64)(i + 1);
    unsigned char *p = buf + 16;
    u64 v = 0xfedcba9876543210;
    __asm__ volatile("sb %0, 0(%1)\n\tsb %0, 9(%1)\n\tsb %0, -1(%1)"
                     : : "r"(v), "r"(p) : "memory");
    __asm__ volatile("sh %0, 2(%1)\n\tsh %0, 12(%1)\n\tsh %0, -4(%1)"
                     : : "r"(v), "r"(p) : "memory");
    __asm__ volatile("sw %0, 4(%1)\n\tsw %0, 16(%1)\n\tsw %0, -8(%1)"
                     : : "r"(v), "r"(p) : "memory");
    __asm__ volatile("sd %0, 24(%1)\n\tsd %0, -16(%1)" : : "r"(v), "r"(p)
                     : "memory");
    /* misaligned stores */
    __asm__ volatile("sh %0, 33(%1)\n\tsw %0, 37(%1)\n\tsd %0, 41(%1)"
                     : : "r"(v), "r"(p) : "memory");
    for (int i = 0; i < 8; i++) {
        __asm__ volatile("ld %0, 0(%1)" : "=r"(r) : "r"(&q[i]) : "memory");
        hex2("mem", i, 0, r);
    }
}

static void test_x0(void)
{
    u64 r;
    __asm__ volatile("li t0, 5\n\taddi zero, t0, 1\n\tadd zero, t0, t0\n\t"
                     "lui zero, 0x12345\n\tmv %0, zero"
                     : "=r"(r) : : "t0");
    T(x0_write, r);
    __asm__ volatile("addi %0, zero, -1" : "=r"(r));
    T(addi_x0_m1, r);
    __asm__ volatile("addiw %0, zero, -2048" : "=r"(r));
    T(addiw_x0_m2048, r);
}

static void test_loop(void)
{
    /* a backward-branch loop: sum 1..100 */
    u64 r;
    __asm__ volatile("li %0, 0\n\tli t0, 100\n1: add %0, %0, t0\n\t"
                     "addi t0, t0, -1\n\tbnez t0, 1b"
                     : "=&r"(r) : : "t0");
    T(loop_sum, r);
}

static void test_fence(void)
{
    u64 r = 3;
    __asm__ volatile("fence\n\tfence rw, rw\n\tfence r, r\n\tfence w, w\n\t"
                     "fence iorw, iorw\n\tfence.tso\n\taddi %0, %0, 1"
                     : "+r"(r) : : "memory");
    T(fence, r);
}

int test_main(void)
{
    test_upper();
    test_jumps();
    test_x0();
    test_loop();
    test_fence();
    test_loads();
    test_stores();

    RR("add") RR("sub") RR("sll") RR("slt") RR("sltu") RR("xor") RR("srl")
    RR("sra") RR("or") RR("and")
    RR("addw") RR("subw") RR("sllw") RR("srlw") RR("sraw")

    RIMM("addi", 0) RIMM("addi", 1) RIMM("addi", -1) RIMM("addi", 2047)
    RIMM("addi", -2048)
    RIMM("slti", 0) RIMM("slti", -1) RIMM("slti", 2047) RIMM("slti", -2048)
    RIMM("sltiu", 0) RIMM("sltiu", 1) RIMM("sltiu", -1) RIMM("sltiu", 2047)
    RIMM("xori", -1) RIMM("xori", 0x555) RIMM("xori", -2048)
    RIMM("ori", -1) RIMM("ori", 0x555) RIMM("ori", -2048)
    RIMM("andi", -1) RIMM("andi", 0x555) RIMM("andi", -2048) RIMM("andi", 0)
    RIMM("slli", 0) RIMM("slli", 1) RIMM("slli", 31) RIMM("slli", 32)
    RIMM("slli", 63)
    RIMM("srli", 0) RIMM("srli", 1) RIMM("srli", 31) RIMM("srli", 32)
    RIMM("srli", 63)
    RIMM("srai", 0) RIMM("srai", 1) RIMM("srai", 31) RIMM("srai", 32)
    RIMM("srai", 63)
    RIMM("addiw", 0) RIMM("addiw", 1) RIMM("addiw", -1) RIMM("addiw", 2047)
    RIMM("addiw", -2048)
    RIMM("slliw", 0) RIMM("slliw", 1) RIMM("slliw", 16) RIMM("slliw", 31)
    RIMM("srliw", 0) RIMM("srliw", 1) RIMM("srliw", 16) RIMM("srliw", 31)
    RIMM("sraiw", 0) RIMM("sraiw", 1) RIMM("sraiw", 16) RIMM("sraiw", 31)

    BRANCH("beq") BRANCH("bne") BRANCH("blt") BRANCH("bge") BRANCH("bltu")
    BRANCH("bgeu")
    return 0;
}
