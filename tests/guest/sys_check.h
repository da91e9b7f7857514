/* sys_check.h -- helpers for the sys_* guest tests of the system call layer.
 *
 * Every line a test prints must be the same under qemu-riscv64 and loupe
 * and from run to run: results are printed as values only when those are
 * deterministic (sizes, counts, errno names), otherwise as relations.
 *
 *   VAL(label, expr)   "label: N" or "label: -1 ENAME" (errno name)
 *   OK(label, expr)    "label: ok" when expr >= 0, else "label: -1 ENAME"
 *   YES(label, cond)   "label: yes" / "label: no"
 *   BAD                a pointer no guest mapping covers (EFAULT)
 */
#ifndef SYS_CHECK_H
#define SYS_CHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* (void *)1, hidden from the compiler's buffer-size warnings */
static inline void *sys_bad(void)
{
    void *p = (void *)1;
    __asm__ volatile("" : "+r"(p));
    return p;
}
#define BAD sys_bad()

static inline void sys_show(const char *label, long r, int e, int value)
{
    if (r < 0 && r >= -4095)
        printf("%s: -1 %s\n", label, strerrorname_np(e) ? strerrorname_np(e) : "?");
    else if (value)
        printf("%s: %ld\n", label, r);
    else
        printf("%s: ok\n", label);
}

#define VAL(label, expr)                                                      \
    do {                                                                      \
        errno = 0;                                                            \
        long r_ = (long)(expr);                                               \
        sys_show(label, r_, errno, 1);                                        \
    } while (0)
#define OK(label, expr)                                                       \
    do {                                                                      \
        errno = 0;                                                            \
        long r_ = (long)(expr);                                               \
        sys_show(label, r_, errno, 0);                                        \
    } while (0)
#define YES(label, cond) printf("%s: %s\n", label, (cond) ? "yes" : "no")

#endif
