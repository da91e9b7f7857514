/* A load from an address that was mapped and then unmapped: SIGSEGV, no
 * handler, so the guest dies with signal 11 (status 139 from the shell). */
#include <stdio.h>
#include <sys/mman.h>

int main(void)
{
    volatile int *p = mmap(0, 4096, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    munmap((void *)p, 4096);
    printf("before\n");
    fflush(stdout);
    int v = p[1];
    printf("after (must not be reached) %d\n", v);
    return 0;
}
