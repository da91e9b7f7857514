# Loads A B A C A, where A, B and C are 4 KiB apart (one set of a 4 KiB
# cache): with dcachesize=4096,dassoc=2 LRU misses 3 times (A B C), FIFO
# 4 times (A B C A: C evicts A, the oldest filled).
	.globl _start
	.type _start, @function
	.text
_start:
	lla	t0, arr
	li	t3, 4096
	add	t1, t0, t3
	add	t2, t1, t3
	ld	a0, 0(t0)		# A
	ld	a0, 0(t1)		# B
	ld	a0, 0(t0)		# A
	ld	a0, 0(t2)		# C
	ld	a0, 0(t0)		# A
	li	a7, 93
	li	a0, 0
	ecall
	.size	_start, . - _start
	.bss
	.balign 4096
arr:	.space 3 * 4096
