/* early: one straight-line block (blk, no branches) left early again and
 * again: two faults (a SIGSEGV handler skips the load), an ecall in the
 * middle, and the plugin's set_pc from a callback in the middle; plugin
 * callbacks of every flag kind read and write registers in between (see
 * tests/plugins/early.c).  Prints the results the register writes lead
 * to.  Without the plugin: a2=bbbc+5555... (not checked). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int faults;
unsigned long res[3];

static void handler(int sig, siginfo_t *si, void *uc_)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = uc_;
	uc->uc_mcontext.__gregs[0] += 4;
	faults++;
}

void blk(void);
__asm__(".text\n.option push\n.option norvc\n"
	".globl blk\nblk:\n"
	"  .irp r, 5,6,7,10,11,12,13,14,15,16,17,28,29,30,31\n"
	"  li x\\r, \\r * 0x1111\n"
	"  .endr\n"
	".globl r_at\nr_at:\n"
	"  addi a0, a0, 0\n"
	"  li t1, 0x100\n"
	"  ld t2, 0(t1)\n"       /* fault: skipped by the handler */
	"  addi a1, a1, 1\n"
	".globl w_at\nw_at:\n"
	"  add a2, t0, a1\n"     /* t0, a1 written by the plugin just before */
	"  li a7, 172\n"
	"  ecall\n"              /* getpid, in the middle */
	"  addi a3, a2, 1\n"
	"  ld t2, 8(t1)\n"       /* fault */
	".globl setpc_from\nsetpc_from:\n"
	"  addi a4, zero, 1\n"   /* the plugin sets the pc to setpc_to */
	"  addi a4, a4, 2\n"
	"  addi a4, a4, 4\n"
	".globl setpc_to\nsetpc_to:\n"
	"  lla t0, res\n"
	"  sd a2, 0(t0)\n"
	"  sd a3, 8(t0)\n"
	"  sd a4, 16(t0)\n"
	"  ret\n"
	".option pop\n");

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	for (int i = 0; i < 3; i++)
		blk();
	printf("a2=%lx a3=%lx a4=%lx faults=%d\n", res[0], res[1], res[2],
	       faults);
	return 0;
}
