/* Shared by the jit_fault_* tests: a SIGSEGV/SIGBUS/SIGILL handler that
 * prints the whole register file from the ucontext (x1..x31, f0..f31,
 * fcsr), si_signo/si_code/si_addr and the pc, then skips the faulting
 * instruction (2 or 4 bytes, from its low bits) and returns, so the block
 * that faulted goes on from the next instruction.
 *
 * The f registers and fcsr are those live at handler entry (saved by the
 * assembly stub handler_entry before any C runs): the emulator must have
 * written the block's FP state back before delivering the signal.  (They
 * are not read from uc_mcontext.__fpregs: loupe writes them there in the
 * Q layout, 16 bytes a register, where Linux and qemu-riscv64 write the
 * D layout; see the commit message.)
 *
 * The blocks under test (assembly in each test) set nearly every register
 * to a distinct value right before each fault, so a register the emulator
 * kept in a host register and did not write back (or wrote back stale)
 * shows up as a wrong value in the handler's dump, and one the handler
 * changed in the ucontext and the emulator did not reload shows up after
 * sigreturn.  Addresses are printed relative to the test's symbols (and sp
 * relative to the sp at block entry), so the output depends only on the
 * program's logic: the expected files come from qemu-riscv64.
 *
 * si_addr and si_code are printed only for addresses below 2^38: for the
 * far ones qemu-riscv64 reports si_addr 0 (or SEGV_ACCERR, from its own
 * PROT_NONE reservation), where Linux would give the address; loupe does.
 *
 * Handler actions, chosen by the fault address (si_addr):
 *   MOD_ADDR   also change registers in the ucontext (mod_regs below)
 *   JUMP_ADDR  also set the pc to jump_to (instead of skipping)
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#define MOD_ADDR 0x240
#define JUMP_ADDR 0x280

/* Set by each block's prologue (assembly): sp, gp, tp at block entry. */
uint64_t blk_sp, blk_gp, blk_tp;
/* The block's code, for pc offsets; the read-only page. */
extern char blk_start[], blk_end[], ro_page[];
/* JUMP_ADDR: where the handler sends the pc. */
extern char jump_to[];
static int n_faults;

static const char *const xname[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

static void print_addr(const char *what, uint64_t a)
{
	if (a >= (uint64_t)blk_start && a < (uint64_t)blk_end)
		printf("%s=blk+%#lx", what, (unsigned long)(a - (uint64_t)blk_start));
	else if (a >= (uint64_t)ro_page && a < (uint64_t)ro_page + 4096)
		printf("%s=ro_page+%#lx", what, (unsigned long)(a - (uint64_t)ro_page));
	else
		printf("%s=%#lx", what, (unsigned long)a);
}

/* x[0..31] (x[0] = pc or 0), f[0..31], fcsr */
static void print_regs(const uint64_t *x, const uint64_t *f, uint32_t fcsr)
{
	int col = 0;
	for (int r = 1; r < 32; r++) {
		if (r == 2)
			printf(" sp=entry%+ld", (long)(x[2] - blk_sp));
		else if (r == 3)
			printf(" gp=%s", x[3] == blk_gp ? "same" : "CHANGED");
		else if (r == 4)
			printf(" tp=%s", x[4] == blk_tp ? "same" : "CHANGED");
		else
			printf(" %s=%016lx", xname[r], (unsigned long)x[r]);
		if (++col == 4) {
			printf("\n");
			col = 0;
		}
	}
	printf("\n");
	for (int r = 0; r < 32; r++)
		printf(" f%d=%016lx%s", r, (unsigned long)f[r],
		       r % 4 == 3 ? "\n" : "");
	printf(" fcsr=%#x\n", fcsr);
}

/* What the handler writes into the ucontext at MOD_ADDR: every register
 * but sp/gp/tp (and zero) gets a new value. */
static void mod_regs(ucontext_t *uc)
{
	for (int r = 1; r < 32; r++)
		if (r < 2 || r > 4)
			uc->uc_mcontext.__gregs[r] =
			    0xc0de000000000000ull + (uint64_t)r * 0x10001;
}

/* f0..f31 and fcsr at handler entry (handler_entry stores them). */
uint64_t live_f[33];

void handler(int sig, siginfo_t *si, void *uc_);
void handler_entry(int sig, siginfo_t *si, void *uc_);
__asm__(".text\n"
	".globl handler_entry\n"
	"handler_entry:\n"
	"  lla t0, live_f\n"
	"  .irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,"
	"22,23,24,25,26,27,28,29,30,31\n"
	"  fsd f\\r, 8*\\r(t0)\n"
	"  .endr\n"
	"  frcsr t1\n"
	"  sd t1, 256(t0)\n"
	"  tail handler\n");

void handler(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;
	uint64_t *g = (uint64_t *)uc->uc_mcontext.__gregs;
	uint64_t pc = g[0];
	n_faults++;
	uint64_t addr = (uint64_t)si->si_addr;
	printf("fault %d: sig=%d ", n_faults, sig);
	if (addr == 0 || addr >= 1ull << 38) {
		printf("addr=far");
	} else {
		printf("code=%d ", si->si_code);
		print_addr("addr", addr);
	}
	print_addr(" pc", pc);
	printf("\n");
	uint64_t x[32];
	memcpy(x, g, sizeof(x));
	print_regs(x, live_f, (uint32_t)live_f[32]);
	fflush(stdout);
	uint16_t lo;
	memcpy(&lo, (const void *)pc, 2);
	uint64_t next = pc + ((lo & 3) == 3 ? 4 : 2);
	if (sig != SIGILL && (uint64_t)si->si_addr == MOD_ADDR) {
		mod_regs(uc);
		printf("  handler changed the registers\n");
	}
	if (sig != SIGILL && (uint64_t)si->si_addr == JUMP_ADDR) {
		next = (uint64_t)jump_to;
		printf("  handler sets pc to jump_to\n");
	}
	g[0] = next;
}

/* Called by a block's epilogue with its dump area: x[32] (x[2] = sp),
 * f[32], fcsr. */
void report(const uint64_t *frame, long tag)
{
	printf("block %ld end:\n", tag);
	print_regs(frame, frame + 32, (uint32_t)frame[64]);
	fflush(stdout);
}

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler_entry;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
}

/* Assembly helpers (GNU as macros) for the blocks, as a string.
 *   PRO        prologue: frame, callee-saved registers, blk_sp/gp/tp
 *   SETF       f0..f31 := distinct values (via t0), fcsr := 0
 *   SETX k     every x register but sp/gp/tp := a distinct value made of k
 *   DUMP tag   x1..x31, f0..f31, fcsr to the frame, call report(frame, tag)
 *   EPI        restore and return
 * The frame: [0,256) x dump, [256,512) f dump, 512 fcsr, 520.. ra and
 * s0-s11, 624.. fs0-fs11; 720 bytes. */
#define JF_MACROS                                                              \
	".macro PRO\n"                                                         \
	"  addi sp, sp, -720\n"                                                \
	"  sd ra, 520(sp)\n"                                                   \
	"  .irp r, 8,9,18,19,20,21,22,23,24,25,26,27\n"                        \
	"  sd x\\r, 528+8*(\\r-8)(sp)\n"                                       \
	"  .endr\n"                                                            \
	"  .irp r, 8,9,18,19,20,21,22,23,24,25,26,27\n"                        \
	"  fsd f\\r, 624+8*(\\r-8)(sp)\n"                                      \
	"  .endr\n"                                                            \
	"  lla t0, blk_sp\n"                                                   \
	"  sd sp, 0(t0)\n"                                                     \
	"  lla t0, blk_gp\n"                                                   \
	"  sd gp, 0(t0)\n"                                                     \
	"  lla t0, blk_tp\n"                                                   \
	"  sd tp, 0(t0)\n"                                                     \
	".endm\n"                                                              \
	".macro EPI\n"                                                         \
	"  ld ra, 520(sp)\n"                                                   \
	"  .irp r, 8,9,18,19,20,21,22,23,24,25,26,27\n"                        \
	"  ld x\\r, 528+8*(\\r-8)(sp)\n"                                       \
	"  .endr\n"                                                            \
	"  .irp r, 8,9,18,19,20,21,22,23,24,25,26,27\n"                        \
	"  fld f\\r, 624+8*(\\r-8)(sp)\n"                                      \
	"  .endr\n"                                                            \
	"  addi sp, sp, 720\n"                                                 \
	"  ret\n"                                                              \
	".endm\n"                                                              \
	".macro SETF\n"                                                        \
	"  fscsr zero\n"                                                       \
	"  .irp r, 0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30\n"               \
	"  li t0, 3*\\r+1\n"                                                   \
	"  fcvt.d.l f\\r, t0\n"                                                \
	"  .endr\n"                                                            \
	"  .irp r, 1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31\n"               \
	"  li t0, 0x4000000000000000 + (\\r << 40) + \\r\n"                    \
	"  fmv.d.x f\\r, t0\n"                                                 \
	"  .endr\n"                                                            \
	".endm\n"                                                              \
	".macro SETX k\n"                                                      \
	"  .irp r, 1,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,"  \
	"25,26,27,28,29,30,31\n"                                               \
	"  li x\\r, (\\k << 56) + (\\r << 40) + (\\r * 0x01010101)\n"          \
	"  .endr\n"                                                            \
	".endm\n"                                                              \
	".macro DUMP tag\n"                                                    \
	"  .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23," \
	"24,25,26,27,28,29,30,31\n"                                            \
	"  sd x\\r, 8*\\r(sp)\n"                                               \
	"  .endr\n"                                                            \
	"  sd sp, 16(sp)\n"                                                    \
	"  .irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,"   \
	"22,23,24,25,26,27,28,29,30,31\n"                                      \
	"  fsd f\\r, 256+8*\\r(sp)\n"                                          \
	"  .endr\n"                                                            \
	"  frcsr t0\n"                                                         \
	"  sd t0, 512(sp)\n"                                                   \
	"  mv a0, sp\n"                                                        \
	"  li a1, \\tag\n"                                                     \
	"  call report\n"                                                      \
	".endm\n"
