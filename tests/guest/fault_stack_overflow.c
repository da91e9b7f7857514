/* Unbounded recursion runs off the end of the stack: SIGSEGV. */
#include <stdio.h>

static int depth(volatile char *prev, int n)
{
    volatile char frame[4096];
    frame[0] = (char)n;
    frame[4095] = prev ? prev[0] : 0;
    return depth(frame, n + 1) + frame[100];
}

int main(void)
{
    printf("before\n");
    fflush(stdout);
    return depth(0, 0);
}
