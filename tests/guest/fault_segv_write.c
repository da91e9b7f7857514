/* A store into the program's own (read-only, executable) text: SIGSEGV. */
#include <stdio.h>

int main(void)
{
    volatile unsigned *text = (volatile unsigned *)(void *)main;
    printf("before %s\n", text[0] ? "nonzero" : "zero");
    fflush(stdout);
    text[0] = 0x13;
    printf("after (must not be reached)\n");
    return 0;
}
