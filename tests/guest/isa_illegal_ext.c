/* A glibc program that installs no handler and executes an instruction of
 * an extension loupe does not implement (V: vsetvli): SIGILL, status 132. */
#include <stdio.h>

int main(void)
{
    printf("before\n");
    fflush(stdout);
    __asm__ volatile(".insn i 0x57, 7, a0, a1, 0 /* vsetvli a0, a1, e8 */");
    printf("after (must not be reached)\n");
    return 0;
}
