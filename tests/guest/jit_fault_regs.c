/* Faults in the middle of long blocks with every register live: each
 * block sets x1..x31 (but sp/gp/tp) and f0..f31 to distinct values, mixes
 * in integer and F/D ops (fflags accrue), then faults: a load from the
 * null page, a store outside any mapping above 2^38, a load from
 * 0xdead00000000000, a store to a read-only page, an AMO and FP loads and
 * stores on unmapped addresses, an illegal instruction; at the first
 * instruction of a block, in the middle, and right before the branch that
 * ends a block; with registers changed between faults.  The handler
 * (jit_fault.h) prints every register from the ucontext and skips the
 * instruction; at MOD_ADDR it also rewrites the x registers in the
 * ucontext and the code after the fault must compute with the new values
 * (the next fault's dump and the final dump show them).  A faulting load's
 * destination must keep its old value.  Expected output: qemu-riscv64.
 * cflags: (defaults; the blocks use .option norvc) */
#include "jit_fault.h"

void blk_main(void);
void blk_loop(void);

__asm__(JF_MACROS
	".section .rodata\n"
	".balign 4096\n"
	".globl ro_page\n"
	"ro_page: .fill 4096, 1, 0x5a\n"
	".text\n"
	".option push\n"
	".option norvc\n"
	".balign 4\n"
	".globl blk_start\n"
	"blk_start:\n"
	/* ---- one long block, faults at many places ---- */
	".globl blk_main\n"
	"blk_main:\n"
	"  PRO\n"
	"  SETF\n"
	"  SETX 0x11\n"
	"  fdiv.d f30, f2, f6\n"      /* 7/19: inexact */
	"  fadd.d f31, f4, f8\n"
	"  add a0, a1, a2\n"
	"  xor t1, t2, t3\n"
	"  mul s3, s4, s5\n"
	"  li s10, 0x100\n"
	"  ld a5, 8(s10)\n"           /* 1: null page load; a5 unchanged */
	"  addi a5, a5, 3\n"
	"  sub t4, t4, a0\n"
	"  fmul.d f10, f11, f12\n"
	"  li s11, 1 << 38\n"
	"  sw a6, 16(s11)\n"          /* 2: store above 2^38 */
	"  slli a6, a6, 1\n"
	"  srai s2, s3, 7\n"
	"  fsub.d f13, f14, f16\n"
	"  li s10, 0xdead00000000000\n"
	"  lbu a7, 0(s10)\n"          /* 3: huge address */
	"  addi a7, a7, -1\n"
	"  or t5, t6, ra\n"
	"  lla s9, ro_page\n"
	"  sd a4, 8(s9)\n"            /* 4: store to a read-only page */
	"  addi a4, a4, 100\n"
	"  divu s8, s7, s6\n"
	"  unimp\n"                   /* 5: illegal instruction */
	"  addiw s7, s7, 5\n"
	"  fsqrt.d f20, f18\n"        /* inexact */
	"  li s10, 0x300\n"
	"  fld f21, 0(s10)\n"         /* 6: FP load; f21 unchanged */
	"  fsd f22, 8(s10)\n"         /* 7: FP store */
	"  amoadd.d a3, a2, (s10)\n"  /* 8: AMO; a3 unchanged */
	"  ld s10, 16(s10)\n"         /* 9: rd == base: unchanged */
	"  li s0, 0x7ff0000000000000\n"
	"  flw f23, -8(s0)\n"         /* 10: far above the guest space */
	"  li s10, " "0x240" "\n"     /* MOD_ADDR */
	"  lhu t0, 0(s10)\n"          /* 11: the handler changes registers */
	"  add a0, a0, t0\n"          /* computes with the new t0, a0 */
	"  add a1, a1, s1\n"
	"  fadd.d f1, f1, f2\n"
	"  fmv.x.d t1, f3\n"
	"  frcsr t2\n"
	"  li s10, 0x108\n"
	"  sb a0, 0(s10)\n"           /* 12: shows the results */
	"  SETX 0x22\n"
	"  li s10, 0x110\n"
	"  ld t3, 0(s10)\n"           /* 13: last instruction before a branch */
	"  j 1f\n"
	"1:\n"
	"  ld t4, 0(s10)\n"           /* 14: first instruction of a block */
	"  addi t4, t4, 1\n"
	"  beq zero, zero, 2f\n"
	"2:\n"
	"  unimp\n"                   /* 15: illegal, first of a block */
	"  addi t5, t5, 1\n"
	"  DUMP 1\n"
	"  EPI\n"
	/* ---- a loop whose body faults: the same block runs again and
	 * again from its start after each fault, and from the instruction
	 * after the fault; registers differ each time ---- */
	".globl blk_loop\n"
	"blk_loop:\n"
	"  PRO\n"
	"  SETF\n"
	"  SETX 0x33\n"
	"  li s11, 4\n"
	"3:\n"
	"  addi a0, a0, 1\n"
	"  add a1, a1, a0\n"
	"  mul a2, a1, a0\n"
	"  fadd.d f5, f5, f7\n"
	"  xori t0, s11, 0x155\n"
	"  slli t0, t0, 4\n"          /* an unmapped address that changes */
	"  sd a2, 0(t0)\n"            /* fault each iteration */
	"  addi s11, s11, -1\n"
	"  add a3, a3, a2\n"
	"  bnez s11, 3b\n"
	"  DUMP 2\n"
	"  EPI\n"
	".globl blk_end\n"
	"blk_end:\n"
	".option pop\n"
	/* jump_to is unused here (no JUMP_ADDR fault) */
	".globl jump_to\n"
	"jump_to: ret\n");

int main(void)
{
	install();
	blk_main();
	blk_loop();
	printf("%d faults\n", n_faults);
	return 0;
}
