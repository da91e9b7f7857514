/* The valid program that tests/badelf/gen.py corrupts: a glibc static
 * binary (several PT_LOADs, TLS, GNU_STACK, RELRO) that prints one line. */
#include <stdio.h>

int main(void)
{
    printf("base ok\n");
    return 0;
}
