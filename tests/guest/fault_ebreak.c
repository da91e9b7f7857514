/* ebreak with no debugger and no handler: SIGTRAP (status 128 + 5). */
#include <stdio.h>

int main(void)
{
    printf("before\n");
    fflush(stdout);
    __asm__ volatile("ebreak");
    printf("after (must not be reached)\n");
    return 0;
}
