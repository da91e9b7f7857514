# Loads REPS times over NLINES addresses STRIDE bytes apart (one ld each),
# and nothing else touches data memory: a known pattern for plugins/cache.c.
#   riscv64-linux-gnu-gcc -nostdlib -static -DNLINES=128 -DSTRIDE=64 -DREPS=4 stride.S
#ifndef NLINES
#define NLINES 128
#endif
#ifndef STRIDE
#define STRIDE 64
#endif
#ifndef REPS
#define REPS 4
#endif
	.globl _start
	.type _start, @function
	.text
_start:
	lla	t0, arr
	li	t3, REPS
	li	t4, STRIDE
1:	mv	t1, t0
	li	t2, NLINES
2:	ld	a0, 0(t1)
	add	t1, t1, t4
	addi	t2, t2, -1
	bnez	t2, 2b
	addi	t3, t3, -1
	bnez	t3, 1b
	li	a7, 93
	li	a0, 0
	ecall
	.size	_start, . - _start
	.bss
	.balign 4096
arr:	.space NLINES * STRIDE
