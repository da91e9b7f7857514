// cflags: -nostdlib -ffreestanding -static -O2
/* The user-level CSRs: fflags, frm, fcsr through every csrr* form (register
 * and immediate, with x0 as source/destination), the views they share, FP
 * operations that raise flags, frm steering dynamic rounding, and the
 * counters cycle/time/instret (only checked to be nonzero and monotonic,
 * their values are not printed). */
#include "isa_rt.h"

#define CSRR(csr) ({ u64 v_; __asm__ volatile("csrr %0, " csr : "=r"(v_)); v_; })
#define CSRRW(csr, x) ({ u64 v_; __asm__ volatile("csrrw %0, " csr ", %1" : "=r"(v_) : "r"((u64)(x))); v_; })
#define CSRRS(csr, x) ({ u64 v_; __asm__ volatile("csrrs %0, " csr ", %1" : "=r"(v_) : "r"((u64)(x))); v_; })
#define CSRRC(csr, x) ({ u64 v_; __asm__ volatile("csrrc %0, " csr ", %1" : "=r"(v_) : "r"((u64)(x))); v_; })
#define CSRRWI(csr, i) ({ u64 v_; __asm__ volatile("csrrwi %0, " csr ", %1" : "=r"(v_) : "i"(i)); v_; })
#define CSRRSI(csr, i) ({ u64 v_; __asm__ volatile("csrrsi %0, " csr ", %1" : "=r"(v_) : "i"(i)); v_; })
#define CSRRCI(csr, i) ({ u64 v_; __asm__ volatile("csrrci %0, " csr ", %1" : "=r"(v_) : "i"(i)); v_; })

static void show(const char *what)
{
    puts_(what);
    puts_(":\n");
    T(  fcsr, CSRR("fcsr"));
    T(  frm, CSRR("frm"));
    T(  fflags, CSRR("fflags"));
}

static u64 cvt_l_dyn(u64 bits)
{
    u64 r;
    __asm__ volatile("fmv.d.x ft0, %1\n\tfcvt.l.d %0, ft0, dyn"
                     : "=r"(r) : "r"(bits) : "ft0");
    return r;
}

int test_main(void)
{
    show("initial");
    T(csrrw_fcsr_old, CSRRW("fcsr", 0xff));
    show("fcsr=0xff");
    T(csrrw_fcsr_old2, CSRRW("fcsr", 0xffffffffffffffff));
    show("fcsr=~0 (upper bits ignored)");
    T(csrrw_fflags_old, CSRRW("fflags", 0x3));
    show("fflags=3");
    T(csrrw_frm_old, CSRRW("frm", 0x2));
    show("frm=2");
    T(csrrs_fflags_old, CSRRS("fflags", 0x14));
    show("fflags|=0x14");
    T(csrrc_fflags_old, CSRRC("fflags", 0x5));
    show("fflags&=~5");
    T(csrrs_x0_old, CSRRS("fcsr", 0)); /* read only */
    T(csrrc_x0_old, CSRRC("fcsr", 0));
    show("after x0 reads");
    T(csrrwi_old, CSRRWI("fcsr", 31));
    show("csrrwi fcsr,31");
    T(csrrci_old, CSRRCI("fcsr", 0x11));
    show("csrrci fcsr,0x11");
    T(csrrsi_old, CSRRSI("frm", 5));
    show("csrrsi frm,5");
    T(csrrsi0_old, CSRRSI("frm", 0));
    T(csrrci0_old, CSRRCI("frm", 0));
    T(csrrwi_frm_old, CSRRWI("frm", 1));
    show("csrrwi frm,1");
    T(csrrwi_fflags_old, CSRRWI("fflags", 0));
    show("csrrwi fflags,0");
    /* csrw with rd = x0 */
    __asm__ volatile("csrw fcsr, %0" : : "r"((u64)0xe3));
    show("csrw fcsr,0xe3");
    __asm__ volatile("csrwi fflags, 0\n\tcsrwi frm, 0");
    show("cleared");
    /* pseudo-instructions */
    u64 r;
    __asm__ volatile("fsflags %0, %1" : "=r"(r) : "r"((u64)0x1f));
    T(fsflags_old, r);
    __asm__ volatile("frflags %0" : "=r"(r));
    T(frflags, r);
    __asm__ volatile("fsrm %0, %1" : "=r"(r) : "r"((u64)3));
    T(fsrm_old, r);
    __asm__ volatile("frrm %0" : "=r"(r));
    T(frrm, r);
    __asm__ volatile("fscsr %0, %1" : "=r"(r) : "r"((u64)0));
    T(fscsr_old, r);
    __asm__ volatile("frcsr %0" : "=r"(r));
    T(frcsr, r);

    /* FP operations accumulate flags */
    u64 one = 0x3ff0000000000000, zero = 0, three = 0x4008000000000000;
    __asm__ volatile("fmv.d.x ft0, %0\n\tfmv.d.x ft1, %1\n\tfdiv.d ft2, ft0, ft1"
                     : : "r"(one), "r"(zero) : "ft0", "ft1", "ft2");
    show("1/0 (DZ)");
    __asm__ volatile("fmv.d.x ft0, %0\n\tfdiv.d ft2, ft0, ft0"
                     : : "r"(zero) : "ft0", "ft2");
    show("0/0 (+NV)");
    CSRRWI("fflags", 0);
    __asm__ volatile("fmv.d.x ft0, %0\n\tfmv.d.x ft1, %1\n\tfdiv.d ft2, ft0, ft1"
                     : : "r"(one), "r"(three) : "ft0", "ft1", "ft2");
    show("1/3 (NX)");
    CSRRWI("fflags", 0);
    __asm__ volatile("fmv.d.x ft0, %0\n\tfmul.d ft2, ft0, ft0"
                     : : "r"((u64)0x7fe0000000000000) : "ft0", "ft2");
    show("max*max (OF|NX)");
    CSRRWI("fflags", 0);
    __asm__ volatile("fmv.d.x ft0, %0\n\tfmul.d ft2, ft0, ft0"
                     : : "r"((u64)0x0010000000000000) : "ft0", "ft2");
    show("min*min (UF|NX)");
    CSRRWI("fflags", 0);
    /* an exact operation leaves the flags alone */
    __asm__ volatile("fmv.d.x ft0, %0\n\tfadd.d ft2, ft0, ft0"
                     : : "r"(one) : "ft0", "ft2");
    show("1+1 (none)");

    /* frm steers the dynamic rounding mode */
    static const u64 vals[] = {0x4004000000000000 /* 2.5 */,
                               0xc004000000000000 /* -2.5 */,
                               0x3ff8000000000000 /* 1.5 */,
                               0xbfe0000000000000 /* -0.5 */};
    for (int rm = 0; rm <= 4; rm++) {
        __asm__ volatile("fsrm %0" : : "r"((u64)rm));
        for (int k = 0; k < 4; k++) {
            char name[] = "fcvt.l.d dyn rm=? v=?";
            name[16] = (char)('0' + rm);
            name[20] = (char)('0' + k);
            hex(name, cvt_l_dyn(vals[k]));
        }
    }
    __asm__ volatile("fsrm zero");
    show("final");

    /* counters: nonzero and monotonic */
    u64 c1, c2, t1, t2, i1, i2;
    __asm__ volatile("rdcycle %0" : "=r"(c1));
    __asm__ volatile("rdtime %0" : "=r"(t1));
    __asm__ volatile("rdinstret %0" : "=r"(i1));
    volatile u64 sink = 0;
    for (int k = 0; k < 100000; k++)
        sink += (u64)k;
    __asm__ volatile("rdcycle %0" : "=r"(c2));
    __asm__ volatile("rdtime %0" : "=r"(t2));
    __asm__ volatile("rdinstret %0" : "=r"(i2));
    check("cycle nonzero", c1 != 0);
    check("cycle monotonic", c2 > c1);
    check("time nonzero", t1 != 0);
    check("time monotonic", t2 >= t1);
    check("instret nonzero", i1 != 0);
    check("instret monotonic", i2 > i1);
    __asm__ volatile("csrr %0, cycle" : "=r"(c1));
    __asm__ volatile("csrr %0, cycle" : "=r"(c2));
    check("csrr cycle monotonic", c2 >= c1);
    return 0;
}
