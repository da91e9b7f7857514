// cflags: -nostdlib -ffreestanding -static-pie -fPIE -O2 -Wl,--no-dynamic-linker
/* Raw system calls from a static PIE without libc (the cross glibc has no
 * static-pie support): the ecall ABI itself (number in a7, arguments in
 * a0..a5, result or -errno in a0), with buffers at PIE addresses. */
#define RT_SELF_RELOCATE
#include "isa_rt.h"

#define NR_openat 56
#define NR_close 57
#define NR_lseek 62
#define NR_read 63
#define NR_fstat 80
#define NR_getcwd 17
#define NR_unlinkat 35
#define NR_brk 214
#define NR_getpid 172
#define NR_gettid 178
#define NR_uname 160
#define NR_clock_gettime 113
#define AT_FDCWD (-100)

static long sc(long n, long a, long b, long c, long d)
{
    return sys_call6(n, a, b, c, d, 0, 0);
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static char buf[512];
static u64 st[16]; /* struct stat: 128 bytes */

int test_main(void)
{
    check("getpid == gettid", sc(NR_getpid, 0, 0, 0, 0) == sc(NR_gettid, 0, 0, 0, 0));
    long fd = sc(NR_openat, AT_FDCWD, (long)"pie.txt", 0102 /* O_RDWR|O_CREAT */, 0644);
    check("openat", fd >= 3);
    T(write, rt_write(fd, "static pie\n", 11));
    T(lseek, sc(NR_lseek, fd, 0, 0, 0));
    T(read, sc(NR_read, fd, (long)buf, sizeof buf, 0));
    buf[11] = 0;
    puts_(buf);
    T(fstat, sc(NR_fstat, fd, (long)st, 0, 0));
    T(st_size, st[6]);
    T(close, sc(NR_close, fd, 0, 0, 0));
    T(close_again, sc(NR_close, fd, 0, 0, 0));
    T(unlinkat, sc(NR_unlinkat, AT_FDCWD, (long)"pie.txt", 0, 0));
    T(openat_missing, sc(NR_openat, AT_FDCWD, (long)"pie.txt", 0, 0));
    T(write_bad_buffer, rt_write(1, (void *)1, 5));
    T(read_bad_fd, sc(NR_read, 99, (long)buf, 1, 0));
    T(unknown_syscall, sc(4000, 0, 0, 0, 0));
    long n = sc(NR_getcwd, (long)buf, sizeof buf, 0, 0);
    check("getcwd", n > 1 && buf[0] == '/' && buf[n - 1] == 0);
    char uts[6 * 65];
    T(uname, sc(NR_uname, (long)uts, 0, 0, 0));
    check("machine riscv64", streq(uts + 4 * 65, "riscv64"));
    u64 ts[2] = {0, 0};
    T(clock_gettime, sc(NR_clock_gettime, 1, (long)ts, 0, 0));
    check("nsec < 1e9", ts[1] < 1000000000);
    long b0 = sc(NR_brk, 0, 0, 0, 0);
    check("brk above the image", (u64)b0 > rt_load_base);
    long b1 = sc(NR_brk, b0 + 8192, 0, 0, 0);
    check("brk grows", b1 == b0 + 8192);
    ((volatile char *)b0)[8191] = 1;
    long m = sys_call6(NR_mmap, 0, 4096, 3, 0x22, -1, 0);
    check("mmap", m > 0 && (m & 4095) == 0);
    ((volatile char *)m)[0] = 1;
    T(munmap, sc(NR_munmap, m, 4096, 0, 0));
    return 7;
}
