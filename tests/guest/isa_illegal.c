// cflags: -nostdlib -ffreestanding -static -O2
/* An all-zero instruction word is defined illegal: with no handler the guest
 * dies of SIGILL (exit status 128 + 4 seen from the shell). */
#include "isa_rt.h"

int test_main(void)
{
    puts_("before\n");
    __asm__ volatile(".word 0");
    puts_("after (must not be reached)\n");
    return 0;
}
