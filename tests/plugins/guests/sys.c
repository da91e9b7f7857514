// cflags: -nostdlib -ffreestanding -static -O2
/*
 * sys: a few system calls whose arguments and results plugins check:
 * write(1, "hello\n", 6), getpid (a filter may answer 4242), a write of
 * "secret\n" (a filter may swallow it and return 7), an unknown system
 * call 500 with six arguments (-ENOSYS), and exit_group(3).
 */
#include "isa_rt.h"

static void put_dec(const char *name, long v)
{
	char buf[64];
	int n = 0;
	while (*name)
		buf[n++] = *name++;
	buf[n++] = '=';
	if (v < 0) {
		buf[n++] = '-';
		v = -v;
	}
	char tmp[24];
	int k = 0;
	do {
		tmp[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k)
		buf[n++] = tmp[--k];
	buf[n++] = '\n';
	rt_write(1, buf, (unsigned long)n);
}

int test_main(void)
{
	rt_write(1, "hello\n", 6);
	long pid = sys_call3(172, 0, 0, 0);
	if (pid == 4242 || pid == 4343)
		put_dec("pid", pid);
	else
		puts_(pid > 0 ? "pid=real\n" : "pid=bad\n");
	long r = rt_write(1, "secret\n", 7);
	put_dec("write", r);
	put_dec("nosys", sys_call6(500, 11, 22, 33, 44, 55, 66));
	return 3;
}
