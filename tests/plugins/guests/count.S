// cflags: -nostdlib -static
/*
 * count: a program whose instruction and block counts are known by hand
 * (see docs/testing-plugins.md).  All instructions are 4 bytes (norvc) and
 * no linker relaxation, so the layout is exactly what is written here.
 *
 * Blocks as loupe forms them (a block ends after a branch/jump/ecall/
 * fence.i, after 64 instructions, or at a page boundary):
 *   _start          7 insns  (li, li, and the first loop iteration)   x1
 *   loop            5 insns                                           x999
 *   straight       64 insns  (64 of the 99 addi)                      x1
 *   straight+256   36 insns  (35 addi + j)                            x1
 *   cross           2 insns  (ends at the page boundary)              x1
 *   cross+8         5 insns  (2 addi, li, li, ecall)                  x1
 * Executed: 7 + 5*999 + 64 + 36 + 2 + 5 = 5109 instructions,
 *           1 + 999 + 4 = 1004 blocks, 6 distinct blocks.
 */
	.option norvc
	.option norelax
	.text
	.globl _start
_start:
	li	t0, 1000
	li	t1, 0
	.globl loop
loop:
	addi	t1, t1, 1
	addi	t2, t2, 3
	xor	t3, t1, t2
	addi	t0, t0, -1
	bnez	t0, loop
	.globl straight
straight:
	.rept 99
	addi	s2, s2, 1
	.endr
	j	cross
	/* zeros up to 8 bytes before the next page boundary (never run) */
	.p2align 12, 0
	.skip 4088, 0
	.globl cross
cross:
	addi	s1, s1, 1
	addi	s1, s1, 1
	/* page boundary here */
	addi	s1, s1, 1
	addi	s1, s1, 1
	li	a0, 0
	li	a7, 93
	.globl exit_ecall
exit_ecall:
	ecall
