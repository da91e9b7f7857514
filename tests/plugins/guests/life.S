// cflags: -nostdlib -static
/*
 * life: four writes ("one", "two", "three", "four"), a fence.i after the
 * second and after the third, then exit(0).  All instructions are 4 bytes;
 * blocks (a block ends after ecall and after fence.i): 6 insns (write 1),
 * 6 (write 2), 1 (fence.i), 6 (write 3), 1 (fence.i), 6 (write 4),
 * 3 (exit): 29 instructions, 7 blocks.
 */
	.option norvc
	.option norelax
	.macro	WRITE msg, len
	li	a0, 1
	lla	a1, \msg
	li	a2, \len
	li	a7, 64
	ecall
	.endm
	.text
	.globl _start
_start:
	WRITE	m1, 4
	WRITE	m2, 4
	fence.i
	WRITE	m3, 6
	fence.i
	WRITE	m4, 5
	li	a0, 0
	li	a7, 94
	ecall

	.data
m1:	.ascii "one\n"
m2:	.ascii "two\n"
m3:	.ascii "three\n"
m4:	.ascii "four\n"
