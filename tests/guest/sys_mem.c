/* Memory system calls: brk, mmap, munmap, mprotect, mremap, madvise, msync,
 * mincore, mlock, munlock; anonymous and file mappings, and their EINVAL,
 * ENOMEM and EBADF paths.  (QEMU 7.2 accepts any madvise advice and gives
 * ENOMEM for mremap to size 0, where Linux says EINVAL: not tested.) */
#include "sys_check.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096

int main(void)
{
    /* brk */
    char *b0 = sbrk(0);
    YES("sbrk(0) works", b0 != (char *)-1);
    char *b1 = sbrk(3 * PG);
    YES("sbrk returns old break", b1 == b0);
    YES("break moved", (char *)sbrk(0) == b0 + 3 * PG);
    memset(b0, 0x5a, 3 * PG);
    YES("new heap writable", b0[3 * PG - 1] == 0x5a);
    long cur = syscall(SYS_brk, 0);
    YES("brk(0) is the break", (char *)cur == b0 + 3 * PG);
    YES("brk below start fails (unchanged)", syscall(SYS_brk, 4096) == cur);
    YES("brk shrink", syscall(SYS_brk, cur - PG) == cur - PG);
    YES("brk grow again", syscall(SYS_brk, cur) == cur);
    YES("grown heap is zero", b0[3 * PG - 1] == 0);

    /* anonymous mmap */
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    YES("mmap anon", p != MAP_FAILED);
    YES("page aligned", ((uintptr_t)p & (PG - 1)) == 0);
    YES("zero filled", p[0] == 0 && p[4 * PG - 1] == 0);
    strcpy(p, "mapped");
    strcpy(p + 3 * PG, "last page");
    VAL("mmap length 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    VAL("mmap no type", (long)mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0));
    VAL("mmap unaligned offset", (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 0, 1));
    VAL("mmap bad fd", (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 999, 0));
    VAL("mmap fixed unaligned", (long)mmap(p + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    VAL("mmap huge", (long)mmap(NULL, (size_t)1 << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));

    /* MAP_FIXED over the middle */
    char *f = mmap(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    YES("MAP_FIXED at the address", f == p + PG);
    YES("others kept", !strcmp(p, "mapped") && !strcmp(p + 3 * PG, "last page"));

    /* mprotect */
    OK("mprotect read-only", mprotect(p + 2 * PG, PG, PROT_READ));
    OK("mprotect back", mprotect(p + 2 * PG, PG, PROT_READ | PROT_WRITE));
    p[2 * PG] = 1;
    VAL("mprotect unaligned", mprotect(p + 1, PG, PROT_READ));
    VAL("mprotect bad prot", mprotect(p, PG, 0x100));

    /* madvise */
    OK("madvise dontneed", madvise(p, PG, MADV_DONTNEED));
    YES("dontneed zeroes private anon", p[0] == 0);
    OK("madvise willneed", madvise(p, PG, MADV_WILLNEED));
    VAL("madvise unaligned", madvise(p + 1, PG, MADV_NORMAL));

    /* mincore, mlock, msync */
    unsigned char vec[4];
    OK("mincore", mincore(p, 4 * PG, vec));
    YES("touched page resident", vec[3] & 1);
    VAL("mincore unaligned", mincore(p + 1, PG, vec));
    VAL("mincore bad vector", mincore(p, PG, BAD));
    OK("mlock", mlock(p, PG));
    OK("munlock", munlock(p, PG));
    OK("msync", msync(p, PG, MS_SYNC));
    VAL("msync bad flags", msync(p, PG, MS_SYNC | MS_ASYNC));
    VAL("msync unaligned", msync(p + 1, PG, MS_SYNC));

    /* mremap */
    char *r = mremap(p, 4 * PG, 8 * PG, MREMAP_MAYMOVE);
    YES("mremap grow", r != MAP_FAILED);
    YES("content moved", !strcmp(r + 3 * PG, "last page"));
    r[8 * PG - 1] = 7;
    char *s = mremap(r, 8 * PG, 2 * PG, 0);
    YES("mremap shrink in place", s == r);
    VAL("mremap bad flags", (long)mremap(r, 2 * PG, 4 * PG, 0x80));
    VAL("mremap unaligned", (long)mremap(r + 1, PG, 2 * PG, MREMAP_MAYMOVE));

    /* munmap */
    OK("munmap", munmap(r, 2 * PG));
    OK("munmap again", munmap(r, 2 * PG));
    VAL("munmap unaligned", munmap(r + 1, PG));
    VAL("munmap zero length", munmap(r, 0));

    /* file mappings */
    int fd = open("m", O_CREAT | O_RDWR | O_TRUNC, 0644);
    char data[2 * PG];
    for (int i = 0; i < 2 * PG; i++)
        data[i] = 'a' + i % 26;
    write(fd, data, sizeof data);
    char *fm = mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, fd, PG);
    YES("file mmap", fm != MAP_FAILED);
    YES("file content at offset", fm[0] == data[PG] && fm[PG - 1] == data[2 * PG - 1]);
    munmap(fm, 2 * PG);
    char *sm = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    YES("shared mmap", sm != MAP_FAILED);
    memcpy(sm, "SHARED", 6);
    OK("msync shared", msync(sm, PG, MS_SYNC));
    char back[7] = {0};
    pread(fd, back, 6, 0);
    printf("file sees: %s\n", back);
    pwrite(fd, "written", 7, 100);
    YES("mapping sees write", !memcmp(sm + 100, "written", 7));
    munmap(sm, PG);
    int ro = open("m", O_RDONLY);
    VAL("shared writable on read-only fd", (long)mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
    char *pm = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    YES("private writable on read-only fd", pm != MAP_FAILED);
    pm[0] = 'Z';
    pread(ro, back, 1, 0);
    YES("private write not in file", back[0] == 'S');
    munmap(pm, PG);
    close(ro);
    close(fd);
    return 0;
}
