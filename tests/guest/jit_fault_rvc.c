/* jit_fault_regs with compressed instructions: the faulting accesses are
 * c.ld/c.lw/c.sd/c.sw/c.fld/c.fsd, the illegal one is c.unimp (2 bytes:
 * the handler skips 2), mixed with 4-byte ones in the same block, so the
 * pc the handler sees (and the side table that would map a host pc back
 * to a guest instruction) must account for 2-byte steps.  One fault makes
 * the handler rewrite the x registers, one makes it send the pc elsewhere
 * (jump_to, in the middle of another block's code).  Expected output:
 * qemu-riscv64. */
#include "jit_fault.h"

void blk_rvc(void);

__asm__(JF_MACROS
	".section .rodata\n"
	".balign 4096\n"
	".globl ro_page\n"
	"ro_page: .fill 4096, 1, 0xa5\n"
	".text\n"
	".option push\n"
	".option rvc\n"
	".balign 4\n"
	".globl blk_start\n"
	"blk_start:\n"
	".globl blk_rvc\n"
	"blk_rvc:\n"
	"  PRO\n"
	"  SETF\n"
	"  SETX 0x44\n"
	"  c.addi a0, 1\n"
	"  c.add a1, a2\n"
	"  c.mv a3, a4\n"
	"  fmul.d f9, f10, f11\n"
	"  li s1, 0x180\n"
	"  c.ld a5, 0(s1)\n"          /* 1: a5 unchanged */
	"  c.addi a5, 7\n"
	"  c.slli a2, 3\n"
	"  c.sw a0, 4(s1)\n"          /* 2 */
	"  c.sub a4, a1\n"
	"  c.fld f8, 8(s1)\n"         /* 3: f8 unchanged */
	"  fadd.d f8, f8, f9\n"
	"  c.fsd f9, 16(s1)\n"        /* 4 */
	"  c.unimp\n"                 /* 5: 2-byte illegal */
	"  c.addi a0, -2\n"
	"  lla s0, ro_page\n"
	"  c.sd a1, 24(s0)\n"         /* 6: read-only page */
	"  c.and a2, a3\n"
	"  li s1, 0xdead00000000000\n"
	"  c.lw a3, 0(s1)\n"          /* 7: huge address */
	"  c.xor a3, a4\n"
	"  li s1, 0x240\n"            /* MOD_ADDR */
	"  c.lw a4, 0(s1)\n"          /* 8: the handler changes registers */
	"  c.add a4, a5\n"            /* new a4 + new a5 */
	"  c.mv s0, a0\n"
	"  addi t0, t0, 1\n"
	"  li s1, 0x1c0\n"
	"  c.sd a4, 0(s1)\n"          /* 9: shows them */
	"  SETX 0x55\n"
	"  li s1, 0x280\n"            /* JUMP_ADDR */
	"  c.ld a0, 0(s1)\n"          /* 10: the handler sets pc = jump_to */
	"  c.li a1, 1\n"              /* skipped */
	"  c.li a2, 2\n"              /* skipped */
	"  c.li a3, 3\n"              /* skipped */
	".globl jump_to\n"
	"jump_to:\n"
	"  c.addi a4, 4\n"
	"  li s1, 0x1c8\n"
	"  c.ld a5, 0(s1)\n"          /* 11: a1-a3 not set, a4 + 4 */
	"  c.j 1f\n"
	"1:\n"
	"  c.lw s0, 0(s1)\n"          /* 12: first of a block */
	"  c.bnez s1, 2f\n"
	"2:\n"
	"  c.unimp\n"                 /* 13: first of a block */
	"  c.addi a5, 1\n"
	"  DUMP 1\n"
	"  EPI\n"
	".globl blk_end\n"
	"blk_end:\n"
	".option pop\n");

int main(void)
{
	install();
	blk_rvc();
	printf("%d faults\n", n_faults);
	return 0;
}
