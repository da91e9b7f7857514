// cflags: -nostdlib -ffreestanding -static -O2 -march=rv64gc_zba_zbb_zbs
/* Every Zbs instruction: the register forms use only the low 6 bits of rs2,
 * the immediate forms go up to bit 63. */
#include "isa_bitmanip.h"

int test_main(void)
{
    RR("bclr") RR("bext") RR("binv") RR("bset")
    RIMM("bclri", 0) RIMM("bclri", 31) RIMM("bclri", 32) RIMM("bclri", 63)
    RIMM("bexti", 0) RIMM("bexti", 31) RIMM("bexti", 32) RIMM("bexti", 63)
    RIMM("binvi", 0) RIMM("binvi", 31) RIMM("binvi", 32) RIMM("binvi", 63)
    RIMM("bseti", 0) RIMM("bseti", 31) RIMM("bseti", 32) RIMM("bseti", 63)
    return 0;
}
