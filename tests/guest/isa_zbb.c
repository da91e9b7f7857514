// cflags: -nostdlib -ffreestanding -static -O2 -march=rv64gc_zba_zbb_zbs
/* Every Zbb instruction over a table of edge values: counts of zero and
 * all-ones inputs, rotates by 0/31/32/63 and by amounts with junk upper bits,
 * signed/unsigned min/max, the sign/zero extensions, orc.b and rev8. */
#include "isa_bitmanip.h"

int test_main(void)
{
    RR("andn") RR("orn") RR("xnor")
    R1ALL("clz") R1ALL("clzw") R1ALL("ctz") R1ALL("cpop")
    /* ctzw of a value whose low word is 0 but upper word is not is in
     * isa_zbb_ctzw.c: QEMU 7.2 gets it wrong */
    for (int i = 0; i < NV; i++)
        if ((u32)V[i] != 0 || V[i] == 0)
            hexn("ctzw", i, -1, R1("ctzw", V[i]));
    R1ALL("cpopw")
    RR("max") RR("maxu") RR("min") RR("minu")
    R1ALL("sext.b") R1ALL("sext.h") R1ALL("zext.h")
    RR("rol") RR("rolw") RR("ror") RR("rorw")
    RIMM("rori", 0) RIMM("rori", 1) RIMM("rori", 31) RIMM("rori", 32)
    RIMM("rori", 63)
    RIMM("roriw", 0) RIMM("roriw", 1) RIMM("roriw", 16) RIMM("roriw", 31)
    R1ALL("orc.b") R1ALL("rev8")
    return 0;
}
