/* A jump to an address that is not mapped: SIGSEGV at the fetch. */
#include <stdio.h>
#include <sys/mman.h>

int main(void)
{
    void *p = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p, 4096);
    printf("before\n");
    fflush(stdout);
    ((void (*)(void))p)();
    printf("after (must not be reached)\n");
    return 0;
}
