/* Atomics need natural alignment (Linux does not emulate misaligned AMOs or
 * LR/SC): each of these raises SIGBUS with si_code BUS_ADRALN, si_addr the
 * misaligned address and the pc at the instruction; memory is unchanged.
 * (A misaligned sc with no reservation is left out: QEMU 7.2 fails it
 * without a signal, hardware checks alignment first; either is allowed.) */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile unsigned long got_pc;

static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    got_pc = uc->uc_mcontext.__gregs[0];
    siglongjmp(jb, 1);
}

#define CASE(name, insn)                                                      \
    void name(void *p);                                                       \
    void name##_at(void);                                                     \
    __asm__(".text\n.globl " #name "\n" #name ":\n  li a1, 5\n"               \
            ".globl " #name "_at\n" #name "_at:\n  " insn "\n  ret\n");
CASE(amoadd_w_2, "amoadd.w a2, a1, (a0)")
CASE(amoswap_d_4, "amoswap.d a2, a1, (a0)")
CASE(amomax_d_1, "amomax.d a2, a1, (a0)")
CASE(lr_w_2, "lr.w a2, (a0)")
CASE(lr_d_4, "lr.d a2, (a0)")

static unsigned long buf[4] __attribute__((aligned(16)));

static void run(const char *name, void (*fn)(void *), void (*at)(void), int off)
{
    char *p = (char *)buf + 8 + off;
    buf[0] = buf[1] = buf[2] = 0x1111111111111111;
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0)
        fn(p);
    if (!got_sig)
        printf("%-12s no signal\n", name);
    else
        printf("%-12s sig=%d code=%d addr=%s pc=%s mem=%s\n", name, got_sig,
               got_code, got_addr == p ? "ok" : "WRONG",
               got_pc == (unsigned long)at ? "ok" : "WRONG",
               buf[1] == 0x1111111111111111 && buf[2] == 0x1111111111111111
                   ? "unchanged" : "CHANGED");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    run("amoadd.w+2", amoadd_w_2, amoadd_w_2_at, 2);
    run("amoswap.d+4", amoswap_d_4, amoswap_d_4_at, 4);
    run("amomax.d+1", amomax_d_1, amomax_d_1_at, 1);
    run("lr.w+2", lr_w_2, lr_w_2_at, 2);
    run("lr.d+4", lr_d_4, lr_d_4_at, 4);
    return 0;
}
