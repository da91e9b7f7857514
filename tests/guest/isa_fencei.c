// cflags: -nostdlib -ffreestanding -static -O2
/* Self-modifying code made visible by fence.i: generate code into an RWX
 * mapping (and into an RW mapping flipped to RX with mprotect), run it,
 * rewrite it, fence.i, run it again: the new code must run.  Also a block
 * that patches its own next instruction, and overwriting 32-bit code with
 * 16-bit code and back. */
#include "isa_rt.h"

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20

static void *mmap_(u64 len, int prot)
{
    return (void *)sys_call6(NR_mmap, 0, (long)len, prot,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}
static long mprotect_(void *p, u64 len, int prot)
{
    return sys_call3(NR_mprotect, p, len, prot);
}

static u32 li_a0(int imm) { return ((u32)(imm & 0xfff) << 20) | 0x513; }
#define RET 0x00008067u
#define ADD_A0_A0_A1 0x00b50533u
static unsigned short c_li_a0(int imm)
{
    return (unsigned short)(0x4501 | ((imm & 31) << 2) | (((imm >> 5) & 1) << 12));
}
#define C_JR_RA 0x8082

typedef u64 (*fn_t)(u64, u64);

static inline void fence_i(void) { __asm__ volatile("fence.i" ::: "memory"); }

int test_main(void)
{
    u32 *code = mmap_(8192, PROT_READ | PROT_WRITE | PROT_EXEC);
    if ((long)code < 0 && (long)code > -4096) {
        puts_("mmap rwx failed\n");
        return 1;
    }
    fn_t f = (fn_t)(void *)code;

    code[0] = li_a0(1);
    code[1] = RET;
    fence_i();
    T(rwx_first, f(0, 0));
    code[0] = li_a0(2);
    fence_i();
    T(rwx_second, f(0, 0));

    /* many rewrites of the same code */
    u64 sum = 0;
    for (int i = 0; i < 200; i++) {
        code[0] = li_a0(i);
        fence_i();
        sum += f(0, 0);
    }
    T(rwx_loop_sum, sum);

    /* change the second instruction of a longer block */
    code[0] = 0x00150513; /* addi a0, a0, 1 */
    code[1] = 0x00150513;
    code[2] = 0x00150513;
    code[3] = RET;
    fence_i();
    T(block_before, f(10, 0));
    code[2] = ADD_A0_A0_A1;
    fence_i();
    T(block_after, f(10, 100));

    /* 32-bit code replaced by 16-bit code and back */
    unsigned short *h = (unsigned short *)code;
    h[0] = c_li_a0(-5);
    h[1] = C_JR_RA;
    fence_i();
    T(rvc_patch, f(0, 0));
    code[0] = li_a0(-6);
    code[1] = RET;
    fence_i();
    T(rvc_unpatch, f(0, 0));

    /* code in the second page, reached by a jump from the first */
    code[0] = 0x0000106f; /* jal x0, +4096 */
    code[1024] = li_a0(77);
    code[1025] = RET;
    fence_i();
    T(cross_page, f(0, 0));
    code[1024] = li_a0(78);
    fence_i();
    T(cross_page2, f(0, 0));

    /* a block that patches the instruction right after its own fence.i:
     *   0: sw a1, 12(a0)   (a0 = code address, a1 = new instruction)
     *   4: fence.i
     *   8: li a0, 0        (executes the old a0 = 0 ... harmless)
     *  12: li a0, 1        <- patched to li a0, 99
     *  16: ret                                                         */
    code[0] = 0x00b52623; /* sw a1, 12(a0) */
    code[1] = 0x0000100f; /* fence.i */
    code[2] = 0x00000013; /* nop */
    code[3] = li_a0(1);
    code[4] = RET;
    fence_i();
    T(self_patch, f((u64)code, li_a0(99)));
    T(self_patch_again, f((u64)code, li_a0(98)));

    /* W^X style: RW -> write -> RX -> run -> RW -> rewrite -> RX -> run */
    u32 *wx = mmap_(4096, PROT_READ | PROT_WRITE);
    wx[0] = li_a0(0x123);
    wx[1] = RET;
    mprotect_(wx, 4096, PROT_READ | PROT_EXEC);
    fence_i();
    T(wx_first, ((fn_t)(void *)wx)(0, 0));
    mprotect_(wx, 4096, PROT_READ | PROT_WRITE);
    wx[0] = li_a0(0x456);
    mprotect_(wx, 4096, PROT_READ | PROT_EXEC);
    fence_i();
    T(wx_second, ((fn_t)(void *)wx)(0, 0));

    /* unmap and map again at the same place with new code */
    sys_call3(NR_munmap, wx, 4096, 0);
    u32 *again = (u32 *)sys_call6(NR_mmap, (long)wx, 4096,
                                  PROT_READ | PROT_WRITE | PROT_EXEC,
                                  MAP_PRIVATE | MAP_ANONYMOUS | 0x10 /*FIXED*/,
                                  -1, 0);
    T(remap_same_addr, again == wx);
    again[0] = li_a0(0x789);
    again[1] = RET;
    fence_i();
    T(remap_run, ((fn_t)(void *)again)(0, 0));
    return 0;
}
