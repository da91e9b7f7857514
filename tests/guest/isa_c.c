// cflags: -nostdlib -ffreestanding -static -O2
/* Every RV64C form, written with the c.* mnemonics so the assembler must
 * emit (and fails unless it can emit) the 16-bit encoding.  Each case is a
 * small assembly function (a0, a1 in; a0 out) so the C side only prints.
 * Covers immediates at their extremes, the x8-x15 register forms, sp-relative
 * loads/stores, c.j/c.jal(r) link values (pc + 2), c.beqz/c.bnez both ways,
 * the FP loads/stores, and HINT encodings that must execute as no-ops. */
#include "isa_rt.h"

#define FN(name, body)                                                        \
    __asm__(".text\n.balign 4\n.globl " #name "\n" #name ":\n" body "\n");    \
    u64 name(u64, u64);

/* quadrant 1: arithmetic */
FN(c_addi_p, "c.addi a0, 31\n c.jr ra")
FN(c_addi_n, "c.addi a0, -32\n c.jr ra")
FN(c_addiw_0, "c.addiw a0, 0\n c.jr ra")
FN(c_addiw_n, "c.addiw a0, -1\n c.jr ra")
FN(c_addiw_p, "c.addiw a0, 31\n c.jr ra")
FN(c_li_n, "c.li a0, -32\n c.jr ra")
FN(c_li_p, "c.li a0, 31\n c.jr ra")
FN(c_lui_1, "c.lui a0, 1\n c.jr ra")
FN(c_lui_1f, "c.lui a0, 0x1f\n c.jr ra")
FN(c_lui_neg, "c.lui a0, 0xfffe0\n c.jr ra")
FN(c_lui_m1, "c.lui a0, 0xfffff\n c.jr ra")
FN(c_srli_1, "c.srli a0, 1\n c.jr ra")
FN(c_srli_63, "c.srli a0, 63\n c.jr ra")
FN(c_srli_32, "c.srli a0, 32\n c.jr ra")
FN(c_srai_1, "c.srai a0, 1\n c.jr ra")
FN(c_srai_63, "c.srai a0, 63\n c.jr ra")
FN(c_srai_32, "c.srai a0, 32\n c.jr ra")
FN(c_andi_n, "c.andi a0, -32\n c.jr ra")
FN(c_andi_p, "c.andi a0, 21\n c.jr ra")
FN(c_andi_0, "c.andi a0, 0\n c.jr ra")
FN(c_sub, "c.sub a0, a1\n c.jr ra")
FN(c_xor, "c.xor a0, a1\n c.jr ra")
FN(c_or, "c.or a0, a1\n c.jr ra")
FN(c_and, "c.and a0, a1\n c.jr ra")
FN(c_subw, "c.subw a0, a1\n c.jr ra")
FN(c_addw, "c.addw a0, a1\n c.jr ra")
/* the same on s0/s1 (x8, x9) and a5 (x15), the edges of the 3-bit field */
FN(c_sub_s0, "c.mv t0, s0\n c.mv t1, s1\n c.mv s0, a0\n c.mv s1, a1\n"
             "c.sub s0, s1\n c.mv a0, s0\n c.mv s0, t0\n c.mv s1, t1\n c.jr ra")
FN(c_addw_a5, "c.mv a5, a0\n c.addw a5, a1\n c.mv a0, a5\n c.jr ra")
FN(c_srai_s1, "c.mv t0, s1\n c.mv s1, a0\n c.srai s1, 7\n c.mv a0, s1\n"
              "c.mv s1, t0\n c.jr ra")
/* quadrant 2 */
FN(c_slli_1, "c.slli a0, 1\n c.jr ra")
FN(c_slli_63, "c.slli a0, 63\n c.jr ra")
FN(c_slli_32, "c.slli a0, 32\n c.jr ra")
FN(c_slli_t6, "c.mv t6, a0\n c.slli t6, 5\n c.mv a0, t6\n c.jr ra")
FN(c_mv, "c.mv a0, a1\n c.jr ra")
FN(c_add, "c.add a0, a1\n c.jr ra")
FN(c_add_t6, "c.mv t6, a1\n c.add t6, a0\n c.mv a0, t6\n c.jr ra")
/* c.nop and HINTs: must not change anything */
FN(c_hints, "c.nop\n"
            "c.nop 1\n"        /* HINT */
            "c.li zero, 1\n"   /* HINT */
            "c.mv zero, a0\n"  /* HINT */
            "c.add zero, a0\n" /* HINT */
            "c.slli zero, 1\n" /* HINT */
            "c.lui zero, 1\n"  /* HINT */
            "c.jr ra")
/* stack-pointer forms: save sp in t0, work on a local frame */
FN(c_addi16sp, "c.mv t0, sp\n c.addi16sp sp, -512\n c.mv a0, sp\n"
               "c.addi16sp sp, 496\n c.mv a1, sp\n c.addi16sp sp, 16\n"
               "sub a0, t0, a0\n sub a1, t0, a1\n sub a2, t0, sp\n"
               "c.mv sp, t0\n slli a1, a1, 16\n slli a2, a2, 32\n"
               "c.or a0, a1\n c.or a0, a2\n c.jr ra")
FN(c_addi4spn, "c.addi4spn a0, sp, 1020\n sub a0, a0, sp\n"
               "c.addi4spn a1, sp, 4\n sub a1, a1, sp\n c.slli a1, 16\n"
               "c.or a0, a1\n c.jr ra")
FN(c_sp_ldst, /* a0 = value; returns a mix of the loads */
    "c.addi16sp sp, -512\n"
    "c.sdsp a0, 504(sp)\n c.sdsp a0, 0(sp)\n c.swsp a0, 252(sp)\n"
    "c.swsp a0, 8(sp)\n"
    "c.ldsp a1, 504(sp)\n c.ldsp a2, 0(sp)\n c.lwsp a3, 252(sp)\n"
    "c.lwsp a4, 8(sp)\n c.ldsp a5, 248(sp)\n"
    "c.addi16sp sp, 496\n c.addi16sp sp, 16\n"
    "c.xor a1, a2\n c.add a1, a3\n c.add a1, a4\n c.add a1, a5\n"
    "c.mv a0, a1\n c.jr ra")
FN(c_ldst, /* a0 = value, a1 = 256-byte buffer */
    "c.sd a0, 248(a1)\n c.sd a0, 0(a1)\n c.sw a0, 124(a1)\n c.sw a0, 8(a1)\n"
    "c.ld a2, 248(a1)\n c.ld a3, 0(a1)\n c.lw a4, 124(a1)\n c.lw a5, 8(a1)\n"
    "c.ld a0, 120(a1)\n"
    "c.xor a2, a3\n c.add a2, a4\n c.add a2, a5\n c.add a0, a2\n c.jr ra")
FN(c_ldst_s0, /* the same with s0/s1 as base/data */
    "c.mv t0, s0\n c.mv t1, s1\n c.mv s0, a1\n c.mv s1, a0\n"
    "c.sd s1, 16(s0)\n c.lw s1, 16(s0)\n c.ld a0, 16(s0)\n c.add a0, s1\n"
    "c.mv s0, t0\n c.mv s1, t1\n c.jr ra")
FN(c_fp, /* a0 = bits, a1 = buffer */
    "c.fsd fa0, 0(a1)\n" /* save caller's fa0 (harmless) */
    "fmv.d.x fa1, a0\n c.fsd fa1, 8(a1)\n c.fld fa2, 8(a1)\n"
    "c.fsd fa2, 248(a1)\n c.fld fa3, 248(a1)\n fmv.x.d a0, fa3\n"
    "c.addi16sp sp, -512\n c.fsdsp fa3, 504(sp)\n c.fldsp fa4, 504(sp)\n"
    "c.fsdsp fa4, 0(sp)\n c.fldsp fa5, 0(sp)\n c.addi16sp sp, 496\n"
    "c.addi16sp sp, 16\n"
    "fmv.x.d a2, fa5\n c.xor a0, a2\n c.ld a2, 248(a1)\n c.add a0, a2\n"
    "c.jr ra")
/* control flow */
FN(c_j_fwd, "c.li a0, 1\n c.j 1f\n c.li a0, 2\n1: c.jr ra")
FN(c_j_back, "c.li a0, 0\n c.j 2f\n1: c.addi a0, 5\n c.jr ra\n"
             "2: c.addi a0, 1\n c.j 1b")
FN(c_beqz, /* 1 if a0 == 0, via forward branch */
    "c.mv a1, a0\n c.li a0, 1\n c.beqz a1, 1f\n c.li a0, 0\n1: c.jr ra")
FN(c_bnez, "c.mv a1, a0\n c.li a0, 1\n c.bnez a1, 1f\n c.li a0, 0\n1: c.jr ra")
FN(c_bnez_loop, /* sum a0 + (a0-1) + ... + 1 with a backward c.bnez */
    "c.mv a1, a0\n c.li a0, 0\n1: c.add a0, a1\n c.addi a1, -1\n"
    "c.bnez a1, 1b\n c.jr ra")
FN(c_beqz_back, "c.li a1, 3\n c.li a0, 0\n c.j 2f\n1: c.addi a0, 7\n"
                "c.jr ra\n2: c.li a2, 0\n c.beqz a2, 1b\n c.li a0, 9\n c.jr ra")
FN(c_jalr_link, /* link of c.jalr is its own address + 2 */
    "c.mv t2, ra\n lla t0, 2f\n1: c.jalr t0\n c.j 3f\n"
    "2: lla a0, 1b\n sub a0, ra, a0\n c.jr ra\n"
    "3: c.mv ra, t2\n c.jr ra")
FN(c_jr_target, "lla t0, 1f\n c.li a0, 1\n c.jr t0\n c.li a0, 2\n"
                "1: c.addi a0, 10\n c.jr ra")
FN(c_jalr_ra, /* c.jalr ra: target read before ra is written */
    "c.mv t2, ra\n lla ra, 2f\n1: c.jalr ra\n c.li a0, 3\n c.j 3f\n"
    "2: lla a1, 1b\n sub a0, ra, a1\n c.mv ra, t2\n c.jr ra\n"
    "3: c.mv ra, t2\n c.jr ra")
/* a mixed 16/32-bit sequence with a 32-bit instruction at a 2-mod-4 address */
FN(c_mixed, "c.nop\n addi a0, a0, 1000\n c.addi a0, 1\n"
            "addi a0, a0, 1000\n c.nop\n c.jr ra")

static const u64 V[] = {0, 1, (u64)-1, 0x7fffffff, 0x80000000,
                        0x8000000000000000, 0x123456789abcdef0};
#define NV (int)(sizeof V / sizeof V[0])
static unsigned char buf[256] __attribute__((aligned(16)));

static void hex1(const char *op, int i, u64 v)
{
    char name[40];
    int n = 0;
    while (*op)
        name[n++] = *op++;
    name[n++] = '[';
    name[n++] = (char)('0' + i);
    name[n++] = ']';
    name[n] = 0;
    hex(name, v);
}

#define U1(f)                                                                 \
    for (int i = 0; i < NV; i++)                                              \
        hex1(#f, i, f(V[i], 0));
#define U2(f)                                                                 \
    for (int i = 0; i < NV; i++)                                              \
        for (int j = 0; j < NV; j++)                                          \
            hex1(#f, i * 10 + j, f(V[i], V[j]));

int test_main(void)
{
    U1(c_addi_p) U1(c_addi_n) U1(c_addiw_0) U1(c_addiw_n) U1(c_addiw_p)
    U1(c_li_n) U1(c_li_p) U1(c_lui_1) U1(c_lui_1f) U1(c_lui_neg) U1(c_lui_m1)
    U1(c_srli_1) U1(c_srli_63) U1(c_srli_32) U1(c_srai_1) U1(c_srai_63)
    U1(c_srai_32) U1(c_andi_n) U1(c_andi_p) U1(c_andi_0)
    U2(c_sub) U2(c_xor) U2(c_or) U2(c_and) U2(c_subw) U2(c_addw)
    U2(c_sub_s0) U2(c_addw_a5) U1(c_srai_s1)
    U1(c_slli_1) U1(c_slli_63) U1(c_slli_32) U1(c_slli_t6)
    U2(c_mv) U2(c_add) U2(c_add_t6)
    U1(c_hints) T(c_addi16sp, c_addi16sp(0, 0)); T(c_addi4spn, c_addi4spn(0, 0));
    U1(c_j_fwd) U1(c_j_back) U1(c_beqz) U1(c_bnez) T(c_bnez_loop, c_bnez_loop(10, 0));
    U1(c_beqz_back) T(c_jalr_link, c_jalr_link(0, 0));
    T(c_jr_target, c_jr_target(0, 0)); T(c_jalr_ra, c_jalr_ra(0, 0));
    U1(c_mixed)
    for (int i = 0; i < NV; i++) {
        hex1("c_sp_ldst", i, c_sp_ldst(V[i], 0));
        for (int k = 0; k < 256; k++)
            buf[k] = (unsigned char)(k * 3 + 1);
        hex1("c_ldst", i, c_ldst(V[i], (u64)buf));
        hex1("c_ldst_s0", i, c_ldst_s0(V[i], (u64)buf));
        hex1("c_fp", i, c_fp(V[i], (u64)buf));
    }
    return 0;
}
