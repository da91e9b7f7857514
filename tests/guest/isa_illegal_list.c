/* A list of reserved or unsupported encodings, each executed under a SIGILL
 * handler: every one must raise SIGILL with si_code ILL_ILLOPC, si_addr and
 * the saved pc pointing at the instruction itself, and the program must be
 * able to continue (siglongjmp) afterwards.  Only encodings that are illegal
 * for RV64GC + Zba/Zbb/Zbs in user mode (and in QEMU 7.2) are listed. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#define CASE(name, body)                                                      \
    __asm__(".text\n.balign 4\n.globl " #name "\n" #name ":\n" body           \
            "\n\tret\n");                                                     \
    void name(void);

/* each case starts with the faulting instruction unless noted */
CASE(ill_zero32, ".word 0x00000000")
CASE(ill_ones32, ".word 0xffffffff")
CASE(ill_c_addi4spn0, ".hword 0x0004\n\tnop")     /* c.addi4spn a1, sp, 0 */
CASE(ill_c_lui0, ".hword 0x6501\n\tnop")          /* c.lui a0, 0 */
CASE(ill_c_addi16sp0, ".hword 0x6101\n\tnop")     /* c.addi16sp sp, 0 */
CASE(ill_c_jr0, ".hword 0x8002\n\tnop")           /* c.jr x0 */
CASE(ill_c_lwsp0, ".hword 0x4002\n\tnop")         /* c.lwsp x0 */
CASE(ill_c_ldsp0, ".hword 0x6002\n\tnop")         /* c.ldsp x0 */
CASE(ill_custom0, ".word 0x0000000b")
CASE(ill_custom1, ".word 0x0000002b")
CASE(ill_long48, ".hword 0x001f\n\t.hword 0\n\t.hword 0\n\tnop")
CASE(ill_csr_mstatus, ".word 0x30002573")         /* csrr a0, mstatus */
CASE(ill_csr_write_cycle, ".word 0xc0051073")     /* csrw cycle, a0 */
CASE(ill_mret, ".word 0x30200073")
CASE(ill_sret, ".word 0x10200073")
CASE(ill_fadd_rm5, ".word 0x02005053")            /* fadd.d ft0,ft0,ft0,rm=5 */
CASE(ill_fadd_rm6, ".word 0x02006053")
CASE(ill_slliw_32, ".word 0x0205151b")            /* slliw a0, a0, 32 */
CASE(ill_srliw_32, ".word 0x0205551b")
CASE(ill_load_f7, ".word 0x00017503")             /* ld-like funct3=7 */
CASE(ill_store_f4, ".word 0x00a14023")            /* store funct3=4 */
CASE(ill_amo_bad, ".word 0x2805352f")             /* AMO funct5=00101 */
CASE(ill_rev8_rv32, ".word 0x69855513")           /* rev8 (RV32 form) */
CASE(ill_branch_f2, ".word 0x00002063")           /* branch funct3=2 */
CASE(ill_op_f7, ".word 0x04000533")               /* OP funct7=0000010 */
/* other extensions (neither loupe nor QEMU 7.2's default cpu has them) and
 * privileged instructions */
CASE(ill_vsetvli, ".insn i 0x57, 7, a0, a1, 0")    /* V */
CASE(ill_fadd_h, ".insn r 0x53, 0, 2, f0, f1, f2") /* Zfh */
CASE(ill_pack, ".insn r 0x33, 4, 4, a0, a1, a2")   /* Zbkb */
CASE(ill_czero_eqz, ".insn r 0x33, 5, 7, a0, a1, a2") /* Zicond */
CASE(ill_aes64ds, ".insn r 0x33, 0, 0x1d, a0, a1, a2") /* Zknd */
CASE(ill_cbo_zero, ".insn i 0x0f, 2, x0, a0, 4")   /* Zicboz */
CASE(ill_hlv_b, ".insn r 0x73, 4, 0x30, a0, a1, x0") /* H */
CASE(ill_sfence_vma, ".word 0x12000073")
CASE(ill_csr_vl, "csrr a0, 0xc20")
CASE(ill_csr_seed, "csrr a0, 0x015")
/* dynamic rounding with an invalid frm: the fadd.d is the faulting insn */
CASE(ill_frm5_dyn, "csrwi frm, 5\n\t.globl ill_frm5_dyn_at\nill_frm5_dyn_at:\n\t"
                   "fadd.d ft0, ft0, ft0, dyn")
void ill_frm5_dyn_at(void);

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr, *volatile got_pc;

static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    got_pc = (void *)uc->uc_mcontext.__gregs[0];
    siglongjmp(jb, 1);
}

static void run(const char *name, void (*fn)(void), void (*at)(void))
{
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0)
        fn();
    __asm__ volatile("csrwi frm, 0");
    if (!got_sig) {
        printf("%-22s executed (no signal)\n", name);
        return;
    }
    printf("%-22s sig=%d code=%d addr=%s pc=%s\n", name, got_sig, got_code,
           got_addr == (void *)at ? "ok" : "WRONG",
           got_pc == (void *)at ? "ok" : "WRONG");
}

#define RUN(n) run(#n, n, n)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);

    RUN(ill_zero32);
    RUN(ill_ones32);
    RUN(ill_c_addi4spn0);
    RUN(ill_c_lui0);
    RUN(ill_c_addi16sp0);
    RUN(ill_c_jr0);
    RUN(ill_c_lwsp0);
    RUN(ill_c_ldsp0);
    RUN(ill_custom0);
    RUN(ill_custom1);
    RUN(ill_long48);
    RUN(ill_csr_mstatus);
    RUN(ill_csr_write_cycle);
    RUN(ill_mret);
    RUN(ill_sret);
    RUN(ill_fadd_rm5);
    RUN(ill_fadd_rm6);
    RUN(ill_slliw_32);
    RUN(ill_srliw_32);
    RUN(ill_load_f7);
    RUN(ill_store_f4);
    RUN(ill_amo_bad);
    RUN(ill_rev8_rv32);
    RUN(ill_branch_f2);
    RUN(ill_op_f7);
    RUN(ill_vsetvli);
    RUN(ill_fadd_h);
    RUN(ill_pack);
    RUN(ill_czero_eqz);
    RUN(ill_aes64ds);
    RUN(ill_cbo_zero);
    RUN(ill_hlv_b);
    RUN(ill_sfence_vma);
    RUN(ill_csr_vl);
    RUN(ill_csr_seed);
    run("ill_frm5_dyn", ill_frm5_dyn, ill_frm5_dyn_at);
    printf("done\n");
    return 0;
}
