/* Instruction fetch at the edge of executable memory, caught by a SIGSEGV
 * handler:
 *  - straight-line code running off the end of an RWX page into an unmapped
 *    one: the fault is at the first byte of the next page, the registers show
 *    that every instruction before it ran;
 *  - a 32-bit instruction straddling that boundary (its first half mapped);
 *  - a jump into the middle of the gap.
 * The pc and si_addr are printed relative to the page. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf jb;
static volatile unsigned long got_pc, got_addr, got_a0;
static volatile int got_sig, got_code;

static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (unsigned long)si->si_addr;
    got_pc = uc->uc_mcontext.__gregs[0];
    got_a0 = uc->uc_mcontext.__gregs[10];
    siglongjmp(jb, 1);
}

static void report(const char *what, unsigned long page)
{
    if (!got_sig) {
        printf("%-22s no signal\n", what);
        return;
    }
    printf("%-22s sig=%d code=%d pc=page%+ld addr=page%+ld a0=%lu\n", what,
           got_sig, got_code, (long)(got_pc - page), (long)(got_addr - page),
           got_a0);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    unsigned char *mem = mmap(0, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(mem + 4096, 4096);
    unsigned long next = (unsigned long)mem + 4096;
    unsigned *w = (unsigned *)(void *)mem;

    /* 1: 64 x "addi a0, a0, 1" ending exactly at the page end */
    for (int i = 0; i < 1024; i++)
        w[i] = 0x00150513; /* addi a0, a0, 1 */
    __builtin___clear_cache((char *)mem, (char *)mem + 4096);
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0)
        ((void (*)(long))(void *)(mem + 4096 - 64 * 4))(0);
    report("run off page end", next);

    /* 2: c.nop then a 32-bit addi whose second half is on the next page */
    unsigned short *h = (unsigned short *)(void *)(mem + 4096 - 8);
    h[0] = 0x0505; /* c.addi a0, 1 */
    h[1] = 0x0505;
    h[2] = 0x0505;
    h[3] = 0x0513; /* low half of addi a0, a0, 1; high half unmapped */
    __builtin___clear_cache((char *)mem, (char *)mem + 4096);
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0)
        ((void (*)(long))(void *)(mem + 4096 - 8))(100);
    report("straddling insn", next);

    /* 3: jump into the unmapped page */
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0)
        ((void (*)(long))(void *)(next + 0x100))(7);
    report("jump into gap", next);
    printf("done\n");
    return 0;
}
