// cflags: -nostdlib -ffreestanding -static -O2
/*
 * discon: installs handlers for SIGUSR1 and SIGSEGV (raw rt_sigaction),
 * sends itself SIGUSR1 (its handler prints and returns through the signal
 * trampoline), then faults at fault_here (a load from address 0); the
 * SIGSEGV handler prints and exits 0.
 */
#include "isa_rt.h"

struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	unsigned long mask;
};

__attribute__((noinline, used)) void usr1_handler(int sig)
{
	(void)sig;
	puts_("usr1\n");
}

__attribute__((noinline, used)) void segv_handler(int sig)
{
	(void)sig;
	puts_("segv\n");
	rt_exit(0);
}

int test_main(void)
{
	struct ksigaction a = {usr1_handler, 0, 0};
	sys_call6(134, 10, (long)&a, 0, 8, 0, 0);
	a.handler = segv_handler;
	sys_call6(134, 11, (long)&a, 0, 8, 0, 0);
	puts_("start\n");
	long pid = sys_call3(172, 0, 0, 0);
	sys_call3(129, pid, 10, 0);
	puts_("after kill\n");
	__asm__ volatile(".globl fault_here\nfault_here: ld a0, 0(zero)" ::
			     : "a0", "memory");
	puts_("not reached\n");
	return 1;
}
