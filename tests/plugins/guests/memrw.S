// cflags: -nostdlib -static
/*
 * memrw: prints a digit twice, from the same code ("li a0, 1" at
 * patch_site: "1\n1\n" unless a plugin patches that instruction between
 * the two runs), then "original\n" from writable data, then exits 0.
 */
	.option norvc
	.option norelax
	.text
	.globl _start
_start:
	li	s0, 2
again:
	.globl patch_site
patch_site:
	li	a0, 1
	addi	a0, a0, 48
	lla	a1, digit
	sb	a0, 0(a1)
	li	a0, 1
	li	a2, 2
	li	a7, 64
	ecall
	addi	s0, s0, -1
	bnez	s0, again
	li	a0, 1
	lla	a1, msg
	li	a2, 9
	li	a7, 64
	ecall
	li	a0, 0
	li	a7, 94
	ecall

	.data
digit:	.ascii "?\n"
msg:	.ascii "original\n"
