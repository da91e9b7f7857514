/* File I/O system calls: openat, read, write, pread64, pwrite64, readv,
 * writev, preadv, pwritev, lseek, fstat, newfstatat, statx, ftruncate,
 * truncate, fsync, fdatasync, close; with their EBADF, ENOENT, EEXIST,
 * ENOTDIR, EINVAL and EFAULT paths. */
#include "sys_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>

int main(void)
{
    char buf[64];
    struct stat st, st2;

    umask(022);
    int fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0666);
    YES("open creates fd >= 3", fd >= 3);
    VAL("write", write(fd, "hello world\n", 12));
    VAL("lseek cur", lseek(fd, 0, SEEK_CUR));
    VAL("lseek set", lseek(fd, 0, SEEK_SET));
    memset(buf, 0, sizeof buf);
    VAL("read", read(fd, buf, sizeof buf));
    printf("data: %s", buf);
    VAL("read at eof", read(fd, buf, sizeof buf));
    memset(buf, 0, sizeof buf);
    VAL("pread", pread(fd, buf, 5, 6));
    printf("pread data: %s\n", buf);
    VAL("pwrite", pwrite(fd, "WORLD", 5, 6));
    VAL("offset unchanged by pread/pwrite", lseek(fd, 0, SEEK_CUR));
    VAL("lseek end", lseek(fd, 0, SEEK_END));
    VAL("lseek end-4", lseek(fd, -4, SEEK_END));
    VAL("lseek bad whence", lseek(fd, 0, 99));
    VAL("lseek negative", lseek(fd, -100, SEEK_SET));

    /* readv / writev / preadv / pwritev */
    struct iovec iov[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
    VAL("lseek set", lseek(fd, 0, SEEK_SET));
    VAL("writev", writev(fd, iov, 3));
    char p1[3] = {0}, p2[5] = {0};
    struct iovec riov[2] = {{p1, 2}, {p2, 4}};
    VAL("preadv", preadv(fd, riov, 2, 0));
    printf("preadv data: %s|%s\n", p1, p2);
    struct iovec wiov[1] = {{"XY", 2}};
    VAL("pwritev", pwritev(fd, wiov, 1, 10));
    VAL("lseek set", lseek(fd, 0, SEEK_SET));
    char r1[4] = {0}, r2[20] = {0};
    struct iovec rv[2] = {{r1, 3}, {r2, 19}};
    VAL("readv", readv(fd, rv, 2));
    printf("readv data: %s|%s\n", r1, r2);
    VAL("readv bad count", syscall(SYS_readv, fd, rv, -1));
    VAL("readv too many", syscall(SYS_readv, fd, rv, 1025));
    VAL("readv bad array", readv(fd, BAD, 2));
    struct iovec bad[1] = {{BAD, 4}};
    VAL("lseek set", lseek(fd, 0, SEEK_SET));
    VAL("readv bad buffer", readv(fd, bad, 1));
    VAL("writev bad buffer", writev(fd, bad, 1));

    /* fstat, stat, lstat, statx */
    OK("fstat", fstat(fd, &st));
    YES("regular", S_ISREG(st.st_mode));
    printf("mode: %o size: %ld nlink: %ld\n", st.st_mode & 07777,
           (long)st.st_size, (long)st.st_nlink);
    OK("stat", stat("a.txt", &st2));
    YES("same inode", st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    YES("blksize > 0", st.st_blksize > 0);
    YES("mtime set", st.st_mtim.tv_sec > 1000000000);
    struct statx sx;
    OK("statx", statx(AT_FDCWD, "a.txt", 0, STATX_BASIC_STATS, &sx));
    YES("statx size and inode", sx.stx_size == 12 && sx.stx_ino == st.st_ino &&
                                    (sx.stx_mask & STATX_SIZE));
    OK("statx empty path", statx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &sx));
    VAL("statx size", sx.stx_size);
    VAL("stat missing", stat("missing", &st2));
    VAL("stat bad path", syscall(SYS_newfstatat, AT_FDCWD, BAD, &st2, 0));
    VAL("stat bad buffer", syscall(SYS_newfstatat, AT_FDCWD, "a.txt", BAD, 0));
    VAL("fstat bad buffer", syscall(SYS_fstat, fd, BAD));
    VAL("statx bad buffer", syscall(SYS_statx, AT_FDCWD, "a.txt", 0, 0x7ff, BAD));
    VAL("stat empty path", stat("", &st2));

    /* truncation and sync */
    OK("ftruncate", ftruncate(fd, 5));
    fstat(fd, &st);
    VAL("size after ftruncate", st.st_size);
    OK("truncate", truncate("a.txt", 3));
    fstat(fd, &st);
    VAL("size after truncate", st.st_size);
    VAL("ftruncate negative", ftruncate(fd, -1));
    OK("fsync", fsync(fd));
    OK("fdatasync", fdatasync(fd));

    /* O_APPEND, O_EXCL, O_DIRECTORY, O_CLOEXEC */
    int fa = open("a.txt", O_WRONLY | O_APPEND);
    VAL("append write", write(fa, "zz", 2));
    fstat(fa, &st);
    VAL("size after append", st.st_size);
    close(fa);
    VAL("open excl existing", open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0600));
    VAL("open directory on file", open("a.txt", O_RDONLY | O_DIRECTORY));
    VAL("open missing", open("missing/x", O_RDONLY));
    VAL("open bad path", syscall(SYS_openat, AT_FDCWD, BAD, O_RDONLY, 0));
    VAL("open bad dirfd", openat(1000, "a.txt", O_RDONLY));
    int fc = open("a.txt", O_RDONLY | O_CLOEXEC);
    VAL("cloexec flag", fcntl(fc, F_GETFD));
    close(fc);

    /* bad buffers and descriptors */
    VAL("read bad buffer", read(fd, BAD, 10));
    VAL("write bad buffer", write(fd, BAD, 10));
    VAL("write zero bytes", write(fd, buf, 0));
    OK("close", close(fd));
    VAL("close again", close(fd));
    VAL("read closed", read(fd, buf, 1));
    VAL("write closed", write(fd, buf, 1));
    VAL("fstat closed", fstat(fd, &st));
    VAL("lseek closed", lseek(fd, 0, SEEK_SET));
    VAL("write -1", write(-1, buf, 1));
    int ro = open("a.txt", O_RDONLY);
    VAL("write read-only fd", write(ro, "x", 1));
    close(ro);
    return 0;
}
