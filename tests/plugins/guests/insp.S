// cflags: -nostdlib -static -march=rv64gc_zba_zbb_zbs
/*
 * insp: a mix of 2- and 4-byte instructions over three functions, for
 * the translation-inspection test (text compared with objdump).
 */
	.option norelax
	.text
	.globl _start
	.type _start, @function
_start:
	call	func_a
	call	func_b
	li	a0, 0
	li	a7, 93
	ecall
	.size _start, .-_start

	.globl func_a
	.type func_a, @function
func_a:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	li	a0, 5
	addi	a1, a0, 100
	mv	a2, a0
	slli	a3, a2, 3
	lui	a4, 0x12345
	auipc	a5, 0
	beqz	a0, 1f
	mul	a6, a0, a1
	divu	a7, a1, a0
1:	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret
	.size func_a, .-func_a

	.globl func_b
	.type func_b, @function
func_b:
	lla	t0, data
	amoadd.w	t1, a0, (t0)
	lr.d	t2, (t0)
	fcvt.d.l	fa0, a0
	fadd.d	fa1, fa0, fa0
	fsd	fa1, 8(t0)
	csrr	t3, fflags
	sh1add	t4, a0, a1
	andn	t5, a0, a1
	bseti	t6, a0, 40
	sext.b	a0, a0
	bltu	a0, a1, 2f
	nop
2:	jr	ra
	.size func_b, .-func_b

	.data
	.balign 16
data:	.quad 0, 0
