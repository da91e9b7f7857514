// cflags: -nostdlib -ffreestanding -static-pie -fPIE -O2 -Wl,--no-dynamic-linker
/* A static PIE (ET_DYN, no PT_INTERP): the loader must pick a load base and
 * start it at base + e_entry; the program applies its own R_RISCV_RELATIVE
 * relocations (the cross glibc here has no rcrt1.o, so this uses the tiny
 * runtime).  Data pointers, function pointers and a relocated table must
 * then all work.  Addresses are compared, never printed. */
#define RT_SELF_RELOCATE
#include "isa_rt.h"

static u64 add(u64 a, u64 b) { return a + b; }
static u64 sub(u64 a, u64 b) { return a - b; }
static u64 (*const ops[])(u64, u64) = {add, sub};
static const char *const names[] = {"add", "sub"};
static u64 counter = 5;
static u64 *pcounter = &counter;

int test_main(void)
{
    for (int i = 0; i < 2; i++) {
        puts_(names[i]);
        hex("(7,3)", ops[i](opq(7), 3));
    }
    *pcounter += 1;
    T(counter, counter);
    check("load base is page aligned", (rt_load_base & 4095) == 0);
    check("load base is nonzero", rt_load_base != 0);
    check("table points into the image",
          (u64)(void *)ops[0] > rt_load_base && (u64)names[1] > rt_load_base);
    return 0;
}
