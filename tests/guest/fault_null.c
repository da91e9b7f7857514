/* Reading through a null pointer: SIGSEGV. */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    volatile long *p = (volatile long *)(long)(argc - 1); /* 0, opaque */
    printf("before\n");
    fflush(stdout);
    long v = *p;
    printf("after (must not be reached) %ld\n", v);
    return 0;
}
