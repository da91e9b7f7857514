/* A jump into a mapped page that is readable but not executable (it holds a
 * valid instruction): SIGSEGV at the fetch. */
#include <stdio.h>
#include <sys/mman.h>

int main(void)
{
    unsigned *p = mmap(0, 4096, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 0x00008067; /* ret */
    mprotect(p, 4096, PROT_READ);
    printf("before\n");
    fflush(stdout);
    ((void (*)(void))(void *)p)();
    printf("after (must not be reached)\n");
    return 0;
}
