# A few instructions with known effects, for checking execlog by hand.
# Build: riscv64-linux-gnu-gcc -nostdlib -static -o tiny tiny.S
# Expected execlog output: tiny.execlog (checked by hand).
	.globl _start
	.type _start, @function
	.text
_start:
	li	a0, 5
	addi	a1, a0, 3		# a1 = 8
	lla	t0, buf
	sd	a1, 0(t0)		# store 8 bytes: 8
	ld	a2, 0(t0)		# load 8 bytes: a2 = 8
	sw	a0, 8(t0)		# store 4 bytes: 5
	lbu	a3, 8(t0)		# load 1 byte: a3 = 5
	li	a5, -2
	sh	a5, 12(t0)		# store 2 bytes: 0xfffe
	lh	a6, 12(t0)		# load 2 bytes, sign-extended: a6 = -2
	amoadd.d a4, a0, (t0)		# load 8 then store 13: a4 = 8
	beqz	a4, 1f			# not taken
	addi	a4, a4, 1		# a4 = 9
1:	li	a7, 93
	li	a0, 0
	ecall
	.size	_start, . - _start
	.data
	.balign 16
buf:	.dword 0, 0
