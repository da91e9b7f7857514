// cflags: -nostdlib -ffreestanding -static -O2 -march=rv64gc_zba_zbb_zbs
/* Every Zba instruction over a table of edge values (the .uw forms must
 * ignore the upper half of rs1). */
#include "isa_bitmanip.h"

int test_main(void)
{
    RR("add.uw") RR("sh1add") RR("sh2add") RR("sh3add") RR("sh1add.uw")
    RR("sh2add.uw") RR("sh3add.uw")
    RIMM("slli.uw", 0) RIMM("slli.uw", 1) RIMM("slli.uw", 31)
    RIMM("slli.uw", 32) RIMM("slli.uw", 63)
    R1ALL("zext.w")
    return 0;
}
