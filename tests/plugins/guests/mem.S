// cflags: -nostdlib -static
/*
 * mem: every memory access width and form of RV64GC, each once, on a
 * buffer with known contents (values chosen with the top bit set, so a
 * sign-extended value would show).  Expected callbacks: 24 reads, 17
 * writes (tests/plugins/expected/mem.txt lists each one).
 */
	.option norvc
	.option norelax
	.text
	.globl _start
_start:
	lla	s0, buf
	/* stores, every width */
	li	t0, 0x81
	sb	t0, 0(s0)
	li	t0, 0x8382
	sh	t0, 2(s0)
	li	t0, 0x87868584
	sw	t0, 4(s0)
	li	t0, 0x8f8e8d8c8b8a8988
	sd	t0, 8(s0)
	/* loads, signed and unsigned */
	lb	a0, 0(s0)
	lbu	a0, 0(s0)
	lh	a0, 2(s0)
	lhu	a0, 2(s0)
	lw	a0, 4(s0)
	lwu	a0, 4(s0)
	ld	a0, 8(s0)
	/* floating point */
	flw	fa0, 4(s0)
	fsw	fa0, 16(s0)
	fld	fa1, 8(s0)
	fsd	fa1, 24(s0)
	/* compressed forms */
	.option push
	.option rvc
	c.lw	a0, 4(s0)
	c.ld	a1, 8(s0)
	c.sw	a0, 32(s0)
	c.sd	a1, 40(s0)
	c.fld	fa2, 8(s0)
	c.fsd	fa2, 48(s0)
	c.mv	sp, s0
	c.lwsp	a2, 4(sp)
	c.ldsp	a3, 8(sp)
	c.swsp	a2, 56(sp)
	c.sdsp	a3, 64(sp)
	c.fldsp	fa3, 8(sp)
	c.fsdsp	fa3, 72(sp)
	.option pop
	/* a load into x0 still accesses memory */
	lb	zero, 0(s0)
	/* rd == rs1: the address is the one before the load */
	mv	a4, s0
	ld	a4, 8(a4)
	/* atomics: read (old value) then write (new value) */
	addi	a5, s0, 80
	li	t1, 5
	amoadd.w	a0, t1, (a5)
	addi	a5, s0, 88
	li	t1, -2
	amoswap.d	a0, t1, (a5)
	li	t1, 7
	amominu.d	a0, t1, (a5)
	addi	a5, s0, 96
	lr.d	a0, (a5)
	addi	a0, a0, 1
	sc.d	a1, a0, (a5)
	addi	a5, s0, 104
	lr.w	a0, (a5)
	addi	a0, a0, 1
	sc.w	a1, a0, (a5)
	/* exit(a1): 0 when the last sc succeeded */
	mv	a0, a1
	li	a7, 93
	ecall

	.data
	.balign 16
	.globl buf
buf:
	.zero 80
	.word 0xfffffff0, 0		/* +80: amoadd.w */
	.quad 0x8000000000000001	/* +88: amoswap.d, amominu.d */
	.quad 0xfffffffffffffffe	/* +96: lr.d/sc.d */
	.word 0x80000000, 0		/* +104: lr.w/sc.w */
