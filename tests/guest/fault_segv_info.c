/* Faults caught by a SIGSEGV/SIGBUS handler: the signal, si_code
 * (SEGV_MAPERR for unmapped, SEGV_ACCERR for a permission fault), si_addr
 * (the data address, or the target for a fetch fault), the saved pc (the
 * faulting instruction itself), and precise register state: instructions of
 * the same block before the fault have taken effect, the faulting one and the
 * ones after it have not. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile unsigned long got_pc, got_a0, got_a1, got_a2, got_ra;

static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    got_pc = uc->uc_mcontext.__gregs[0];
    got_ra = uc->uc_mcontext.__gregs[1];
    got_a0 = uc->uc_mcontext.__gregs[10];
    got_a1 = uc->uc_mcontext.__gregs[11];
    got_a2 = uc->uc_mcontext.__gregs[12];
    siglongjmp(jb, 1);
}

/* a0 = address to load from.  a1/a2 are set around the load. */
void load_seq(void *p);
void load_at(void);
__asm__(".text\n.globl load_seq\nload_seq:\n"
        "  li a1, 111\n"
        "  addi a2, a1, 1\n"
        ".globl load_at\nload_at:\n"
        "  ld a0, 8(a0)\n"
        "  li a1, 222\n"
        "  li a2, 333\n"
        "  ret\n");
void store_seq(void *p);
void store_at(void);
__asm__(".text\n.globl store_seq\nstore_seq:\n"
        "  li a1, 444\n"
        "  li a2, 9\n"
        ".globl store_at\nstore_at:\n"
        "  sw a1, -4(a0)\n"
        "  li a1, 555\n"
        "  ret\n");
void amo_seq(void *p);
void amo_at(void);
__asm__(".text\n.globl amo_seq\namo_seq:\n"
        "  li a1, 1\n"
        "  li a2, 7\n"
        ".globl amo_at\namo_at:\n"
        "  amoadd.d a2, a1, (a0)\n"
        "  li a1, 2\n"
        "  ret\n");

int main(void);

static void report(const char *name, void *want_addr, unsigned long want_pc)
{
    int regs = strncmp(name, "exec", 4) != 0;
    if (!got_sig) {
        printf("%-16s no signal\n", name);
        return;
    }
    printf("%-16s sig=%d code=%d addr=%s pc=%s", name, got_sig, got_code,
           got_addr == want_addr ? "ok" : "WRONG",
           got_pc == want_pc ? "ok" : "WRONG");
    if (regs)
        printf(" a1=%lu a2=%lu", got_a1, got_a2);
    else /* a fetch fault: the pc is the target, ra the caller */
        printf(" ra=%s", got_ra >= (unsigned long)main &&
                                 got_ra < (unsigned long)main + 4096
                             ? "in main" : "elsewhere");
    printf("\n");
}

#define TRY(stmt)                                                             \
    do {                                                                      \
        got_sig = 0;                                                          \
        got_a1 = got_a2 = 0;                                                  \
        if (sigsetjmp(jb, 1) == 0) {                                          \
            stmt;                                                             \
        }                                                                     \
    } while (0)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    /* Unmap last: a later mmap may reuse the hole (Linux does). */
    char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *unmapped = mmap(0, 8192, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(unmapped, 8192);

    TRY(load_seq(unmapped));
    report("load unmapped", unmapped + 8, (unsigned long)load_at);
    TRY(load_seq(none));
    report("load prot_none", none + 8, (unsigned long)load_at);
    TRY(store_seq(unmapped + 4096));
    report("store unmapped", unmapped + 4092, (unsigned long)store_at);
    TRY(store_seq(ro + 4));
    report("store readonly", ro, (unsigned long)store_at);
    TRY(store_seq((char *)(void *)main + 4));
    report("store text", (char *)(void *)main, (unsigned long)store_at);
    TRY(amo_seq(ro));
    report("amo readonly", ro, (unsigned long)amo_at);
    TRY(((void (*)(void))(void *)unmapped)());
    report("exec unmapped", unmapped, (unsigned long)unmapped);
    TRY(((void (*)(void))(void *)ro)());
    report("exec noexec", ro, (unsigned long)ro);
    /* the handler can be entered again after all of the above */
    TRY(load_seq(0));
    report("load null+8", (void *)8, (unsigned long)load_at);
    printf("done\n");
    return 0;
}
