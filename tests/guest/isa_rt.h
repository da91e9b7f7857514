/* isa_rt.h -- a tiny freestanding runtime for the ISA guest tests.
 *
 * The isa_* tests are built with `-nostdlib -ffreestanding` so that they
 * depend on nothing but two system calls (write and exit_group; isa_fencei
 * also uses mmap/munmap): an ISA bug then shows up as a wrong line of hex
 * output, not as a glibc start-up crash.  A test defines `int test_main(void)`;
 * its return value is the exit status.
 *
 * Output helpers (all write to stdout, unbuffered):
 *   puts_(s)           a string
 *   hex(name, v)       "name=0123456789abcdef\n"
 *   T(name, expr)      hex(#name, expr) with the value forced through a register
 *
 * Inline-asm helpers for one-instruction tests:
 *   R2(op, a, b)       "op rd, rs1, rs2" on 64-bit values, returns rd
 *   R1(op, a)          "op rd, rs1"
 *   RI(op, a, imm)     "op rd, rs1, imm"
 */
#ifndef ISA_RT_H
#define ISA_RT_H

typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;

static inline long sys_call6(long n, long a, long b, long c, long d, long e,
                             long f)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    register long a4 __asm__("a4") = e;
    register long a5 __asm__("a5") = f;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall"
                     : "+r"(a0)
                     : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
                     : "memory");
    return a0;
}
#define sys_call3(n, a, b, c) sys_call6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

#define NR_write 64
#define NR_exit_group 94
#define NR_munmap 215
#define NR_mmap 222
#define NR_mprotect 226

static inline void rt_exit(int code)
{
    sys_call3(NR_exit_group, code, 0, 0);
    for (;;)
        ;
}

static inline long rt_write(int fd, const void *p, unsigned long n)
{
    return sys_call3(NR_write, fd, p, n);
}

static unsigned long rt_strlen(const char *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    return n;
}

static void puts_(const char *s) { rt_write(1, s, rt_strlen(s)); }

static void hex(const char *name, u64 v)
{
    char buf[128];
    unsigned long n = 0;
    while (*name && n < 100)
        buf[n++] = *name++;
    buf[n++] = '=';
    for (int i = 60; i >= 0; i -= 4)
        buf[n++] = "0123456789abcdef"[(v >> i) & 15];
    buf[n++] = '\n';
    rt_write(1, buf, n);
}

/* Print a failure line (used for properties that must not be printed because
 * their values differ between runs, e.g. rdcycle). */
static void check(const char *name, int ok)
{
    puts_(name);
    puts_(ok ? " ok\n" : " FAILED\n");
}

/* An opaque copy: the compiler cannot constant-fold through it. */
static inline u64 opq(u64 v)
{
    __asm__ volatile("" : "+r"(v));
    return v;
}

#define T(name, expr) hex(#name, (u64)(expr))

#define R2(op, a, b)                                                          \
    ({                                                                        \
        u64 r_, a_ = (u64)(a), b_ = (u64)(b);                                 \
        __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"(a_), "r"(b_));     \
        r_;                                                                   \
    })
#define R1(op, a)                                                             \
    ({                                                                        \
        u64 r_, a_ = (u64)(a);                                                \
        __asm__ volatile(op " %0, %1" : "=r"(r_) : "r"(a_));                  \
        r_;                                                                   \
    })
#define RI(op, a, imm)                                                        \
    ({                                                                        \
        u64 r_, a_ = (u64)(a);                                                \
        __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"(a_), "i"(imm));    \
        r_;                                                                   \
    })

/* gcc may emit calls to these even in freestanding code. */
void *memset(void *d, int c, unsigned long n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}
void *memcpy(void *d, const void *s, unsigned long n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

int test_main(void);

#ifdef RT_SELF_RELOCATE
/* For -static-pie builds: apply our own R_RISCV_RELATIVE relocations before
 * anything touches a pointer in data.  Only pc-relative addressing is used
 * until the loop is done. */
typedef struct {
    long d_tag;
    u64 d_val;
} rt_dyn;
typedef struct {
    u64 r_offset, r_info;
    i64 r_addend;
} rt_rela;
extern rt_dyn _DYNAMIC[] __attribute__((visibility("hidden")));
extern const char __ehdr_start[] __attribute__((visibility("hidden")));
static u64 rt_load_base;
static void rt_self_relocate(void)
{
    u64 base = (u64)__ehdr_start; /* link address 0: this is the bias */
    rt_rela *rela = 0;
    u64 relasz = 0;
    for (rt_dyn *d = _DYNAMIC; d->d_tag; d++) {
        if (d->d_tag == 7) /* DT_RELA */
            rela = (rt_rela *)(base + d->d_val);
        else if (d->d_tag == 8) /* DT_RELASZ */
            relasz = d->d_val;
    }
    for (u64 i = 0; rela && i < relasz / sizeof(rt_rela); i++)
        if ((rela[i].r_info & 0xffffffff) == 3) /* R_RISCV_RELATIVE */
            *(u64 *)(base + rela[i].r_offset) = base + (u64)rela[i].r_addend;
    rt_load_base = base;
}
#endif

void rt_start_c(void)
{
#ifdef RT_SELF_RELOCATE
    rt_self_relocate();
#endif
    rt_exit(test_main());
}

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "  .option push\n"
        "  .option norelax\n"
        "  lla gp, __global_pointer$\n"
        "  .option pop\n"
        "  andi sp, sp, -16\n"
        "  call rt_start_c\n");

#endif
