// cflags: -nostdlib -static
/* Process entry state, in pure assembly (no C, no libc): at _start the
 * stack pointer is 16-byte aligned and points at argc, argv[0] follows, and
 * every other integer register is zero (Linux clears them; a0 would be the
 * rtld_fini pointer of a dynamic program).  fcsr is zero too.  Prints one
 * line per check and exits with status 0 if all hold, 1 otherwise. */
    .section .rodata
msg_regs:  .ascii "registers zero at entry"
    .set msg_regs_len, . - msg_regs
msg_align: .ascii "sp 16-byte aligned"
    .set msg_align_len, . - msg_align
msg_argc:  .ascii "argc is 1"
    .set msg_argc_len, . - msg_argc
msg_argv:  .ascii "argv[0] set, argv[1] null"
    .set msg_argv_len, . - msg_argv
msg_fcsr:  .ascii "fcsr zero"
    .set msg_fcsr_len, . - msg_fcsr
s_ok:      .ascii " ok\n"
s_failed:  .ascii " FAILED\n"

    .text
    .globl _start
_start:
    /* OR every register but sp into s11 (x27), which starts out holding
     * its own entry value */
    or   s11, s11, x1
    or   s11, s11, x3
    or   s11, s11, x4
    or   s11, s11, x5
    or   s11, s11, x6
    or   s11, s11, x7
    or   s11, s11, x8
    or   s11, s11, x9
    or   s11, s11, x10
    or   s11, s11, x11
    or   s11, s11, x12
    or   s11, s11, x13
    or   s11, s11, x14
    or   s11, s11, x15
    or   s11, s11, x16
    or   s11, s11, x17
    or   s11, s11, x18
    or   s11, s11, x19
    or   s11, s11, x20
    or   s11, s11, x21
    or   s11, s11, x22
    or   s11, s11, x23
    or   s11, s11, x24
    or   s11, s11, x25
    or   s11, s11, x26
    or   s11, s11, x28
    or   s11, s11, x29
    or   s11, s11, x30
    or   s11, s11, x31
    li   s10, 0          /* failure count */

    la   a1, msg_regs
    li   a2, msg_regs_len
    seqz a0, s11
    call report

    andi t0, sp, 15
    la   a1, msg_align
    li   a2, msg_align_len
    seqz a0, t0
    call report

    ld   t0, 0(sp)       /* argc == 1 */
    addi t0, t0, -1
    la   a1, msg_argc
    li   a2, msg_argc_len
    seqz a0, t0
    call report

    ld   t0, 8(sp)       /* argv[0] non-null, argv[1] null */
    ld   t1, 16(sp)
    snez t0, t0
    seqz t1, t1
    and  a0, t0, t1
    la   a1, msg_argv
    li   a2, msg_argv_len
    call report

    frcsr t0
    la   a1, msg_fcsr
    li   a2, msg_fcsr_len
    seqz a0, t0
    call report

    snez a0, s10
    li   a7, 94          /* exit_group */
    ecall

/* report(a0 = ok, a1 = msg, a2 = len): write msg, then " ok\n" or " FAILED\n" */
report:
    mv   t2, a0
    li   a0, 1
    li   a7, 64          /* write */
    ecall
    li   a0, 1
    la   a1, s_ok
    li   a2, 4
    bnez t2, 1f
    la   a1, s_failed
    li   a2, 8
    addi s10, s10, 1
1:  li   a7, 64
    ecall
    ret

