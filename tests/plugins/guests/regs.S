// cflags: -nostdlib -static
/*
 * regs: a0 counts up one instruction at a time, then is printed as a
 * digit ("5\n"); then "A\n" and "B\n" are printed; then FP state is set
 * up and the program exits with the top byte of fa1's bits (0 unless a
 * plugin wrote fa1).  Labels mark the places plugins act on.
 */
	.option norvc
	.option norelax
	.text
	.globl _start
_start:
	li	a0, 0
	addi	a0, a0, 1
	addi	a0, a0, 1
	addi	a0, a0, 1
	addi	a0, a0, 1
	addi	a0, a0, 1
	.globl mark_w
mark_w:
	addi	a0, a0, 48
	lla	a1, digit
	sb	a0, 0(a1)
	li	a0, 1
	li	a2, 2
	li	a7, 64
	ecall
	.globl skip_from
skip_from:
	lla	a1, msg_a
	li	a0, 1
	li	a2, 2
	li	a7, 64
	ecall
	.globl skip_to
skip_to:
	lla	a1, msg_b
	li	a0, 1
	li	a2, 2
	li	a7, 64
	ecall
	li	t0, 0x400921fb54442d18
	fmv.d.x	fa0, t0
	csrwi	fflags, 5
	fsrmi	3
	.globl fp_read
fp_read:
	fmv.x.d	a0, fa1
	srli	a0, a0, 56
	li	a7, 93
	ecall

	.data
digit:	.ascii "?\n"
msg_a:	.ascii "A\n"
msg_b:	.ascii "B\n"
