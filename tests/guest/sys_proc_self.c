/* /proc/self/exe names the guest program, not the emulator: readlink gives
 * its absolute path and opening it gives the RISC-V ELF file. */
#include "sys_check.h"

#include <fcntl.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    (void)argc;
    char buf[4096] = {0};
    long n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    YES("readlink /proc/self/exe", n > 0);
    YES("absolute", buf[0] == '/');
    const char *base = strrchr(buf, '/') + 1;
    printf("basename: %s\n", base);
    char *real = realpath(argv[0], NULL);
    YES("same as realpath(argv[0])", real && !strcmp(real, buf));
    free(real);
    char pidpath[64];
    snprintf(pidpath, sizeof pidpath, "/proc/%d/exe", getpid());
    char buf2[4096] = {0};
    YES("/proc/PID/exe agrees", readlink(pidpath, buf2, sizeof buf2) == n && !strcmp(buf, buf2));
    VAL("truncated to 4 bytes", readlink("/proc/self/exe", buf2, 4));
    VAL("size 0", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", buf2, 0));
    VAL("bad buffer", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", BAD, 100));

    int fd = open("/proc/self/exe", O_RDONLY);
    YES("open /proc/self/exe", fd >= 0);
    unsigned char h[20];
    VAL("read header", read(fd, h, sizeof h));
    YES("ELF magic", !memcmp(h, "\177ELF", 4));
    printf("class %d machine %d\n", h[4], h[18] | h[19] << 8);
    close(fd);
    return 0;
}
