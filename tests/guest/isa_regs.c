// cflags: -nostdlib -ffreestanding -static -O2
/* All 31 integer registers and 32 FP registers hold distinct values across a
 * block that uses all of them, across an ecall (only a0 changes) and across
 * a taken branch; the values are folded into one checksum per phase and also
 * stored to memory one by one. */
#include "isa_rt.h"

static u64 out[64];

int test_main(void)
{
    /* save sp/gp/tp/ra in memory we can find again through a fixed register
     * (s0 is restored from the stack by the epilogue; use the out[] address
     * kept in the saved-slot) */
    __asm__ volatile(
        "addi sp, sp, -64\n"
        "sd ra, 0(sp)\n sd gp, 8(sp)\n sd tp, 16(sp)\n sd s0, 24(sp)\n"
        "sd s1, 32(sp)\n sd %0, 40(sp)\n"
        "sd s2, 48(sp)\n sd s3, 56(sp)\n"
        /* distinct values: xN = N * 0x0101010101010101 (x5 with the sign bit flipped) */
        "li x1, 0x0101010101010101\n"
        "li x3, 0x0303030303030303\n"
        "li x4, 0x0404040404040404\n"
        "li x5, 0x8505050505050505\n"
        "li x6, 0x606060606060606\n"
        "li x7, 0x707070707070707\n"
        "li x8, 0x808080808080808\n"
        "li x9, 0x909090909090909\n"
        "li x11, 0xb0b0b0b0b0b0b0b\n"
        "li x12, 0xc0c0c0c0c0c0c0c\n"
        "li x13, 0xd0d0d0d0d0d0d0d\n"
        "li x14, 0xe0e0e0e0e0e0e0e\n"
        "li x15, 0xf0f0f0f0f0f0f0f\n"
        "li x16, 0x1010101010101010\n"
        "li x17, 172\n" /* a7: getpid */
        "li x18, 0x1212121212121212\n"
        "li x19, 0x1313131313131313\n"
        "li x20, 0x1414141414141414\n"
        "li x21, 0x1515151515151515\n"
        "li x22, 0x1616161616161616\n"
        "li x23, 0x1717171717171717\n"
        "li x24, 0x1818181818181818\n"
        "li x25, 0x1919191919191919\n"
        "li x26, 0x1a1a1a1a1a1a1a1a\n"
        "li x27, 0x1b1b1b1b1b1b1b1b\n"
        "li x28, 0x1c1c1c1c1c1c1c1c\n"
        "li x29, 0x1d1d1d1d1d1d1d1d\n"
        "li x30, 0x1e1e1e1e1e1e1e1e\n"
        "li x31, 0x1f1f1f1f1f1f1f1f\n"
        "fcvt.d.l f0, x5\n fcvt.d.l f1, x6\n fmv.d.x f2, x7\n fmv.d.x f3, x8\n"
        "fmv.d.x f4, x9\n fmv.d.x f5, x11\n fmv.d.x f6, x12\n fmv.d.x f7, x13\n"
        "fmv.d.x f8, x14\n fmv.d.x f9, x15\n fmv.d.x f10, x16\n fmv.d.x f11, x18\n"
        "fmv.d.x f12, x19\n fmv.d.x f13, x20\n fmv.d.x f14, x21\n fmv.d.x f15, x22\n"
        "fmv.d.x f16, x23\n fmv.d.x f17, x24\n fmv.d.x f18, x25\n fmv.d.x f19, x26\n"
        "fmv.d.x f20, x27\n fmv.d.x f21, x28\n fmv.d.x f22, x29\n fmv.d.x f23, x30\n"
        "fmv.d.x f24, x31\n fmv.d.x f25, x1\n fmv.d.x f26, x3\n fmv.d.x f27, x4\n"
        "fmv.w.x f28, x5\n fmv.w.x f29, x6\n fmv.w.x f30, x7\n fmv.w.x f31, x8\n"
        "ecall\n" /* getpid: only a0 changes */
        "beq x0, x0, 1f\n li x9, -1\n 1:\n"
        /* store everything */
        "ld x10, 40(sp)\n"
        "sd x1, 8(x10)\n sd x3, 24(x10)\n sd x4, 32(x10)\n"
        "sd x5, 40(x10)\n sd x6, 48(x10)\n sd x7, 56(x10)\n sd x8, 64(x10)\n"
        "sd x9, 72(x10)\n sd x11, 88(x10)\n sd x12, 96(x10)\n sd x13, 104(x10)\n"
        "sd x14, 112(x10)\n sd x15, 120(x10)\n sd x16, 128(x10)\n sd x17, 136(x10)\n"
        "sd x18, 144(x10)\n sd x19, 152(x10)\n sd x20, 160(x10)\n sd x21, 168(x10)\n"
        "sd x22, 176(x10)\n sd x23, 184(x10)\n sd x24, 192(x10)\n sd x25, 200(x10)\n"
        "sd x26, 208(x10)\n sd x27, 216(x10)\n sd x28, 224(x10)\n sd x29, 232(x10)\n"
        "sd x30, 240(x10)\n sd x31, 248(x10)\n"
        "fsd f0, 256(x10)\n fsd f1, 264(x10)\n fsd f2, 272(x10)\n fsd f3, 280(x10)\n"
        "fsd f4, 288(x10)\n fsd f5, 296(x10)\n fsd f6, 304(x10)\n fsd f7, 312(x10)\n"
        "fsd f8, 320(x10)\n fsd f9, 328(x10)\n fsd f10, 336(x10)\n fsd f11, 344(x10)\n"
        "fsd f12, 352(x10)\n fsd f13, 360(x10)\n fsd f14, 368(x10)\n fsd f15, 376(x10)\n"
        "fsd f16, 384(x10)\n fsd f17, 392(x10)\n fsd f18, 400(x10)\n fsd f19, 408(x10)\n"
        "fsd f20, 416(x10)\n fsd f21, 424(x10)\n fsd f22, 432(x10)\n fsd f23, 440(x10)\n"
        "fsd f24, 448(x10)\n fsd f25, 456(x10)\n fsd f26, 464(x10)\n fsd f27, 472(x10)\n"
        "fsd f28, 480(x10)\n fsd f29, 488(x10)\n fsd f30, 496(x10)\n fsd f31, 504(x10)\n"
        "ld ra, 0(sp)\n ld gp, 8(sp)\n ld tp, 16(sp)\n ld s0, 24(sp)\n"
        "ld s1, 32(sp)\n ld s2, 48(sp)\n ld s3, 56(sp)\n"
        "addi sp, sp, 64\n"
        :
        : "r"(out)
        : "memory", "t0", "t1", "t2", "a0", "a1", "a2", "a3", "a4", "a5", "a6",
          "a7", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
          "t5", "t6", "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
          "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7",
          "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10",
          "fs11", "ft8", "ft9", "ft10", "ft11");
    for (int i = 0; i < 64; i++) {
        if (i == 0 || i == 2 || i == 10)
            continue; /* x0, sp, a0 (the getpid result) */
        char name[8] = {i < 32 ? 'x' : 'f', 0, 0, 0};
        int n = i < 32 ? i : i - 32;
        name[1] = (char)('0' + n / 10);
        name[2] = (char)('0' + n % 10);
        hex(name, out[i]);
    }
    return 0;
}
