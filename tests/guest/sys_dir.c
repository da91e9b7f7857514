/* Names in the file system: mkdirat, unlinkat, renameat2, getdents64,
 * faccessat, faccessat2, symlinkat, readlinkat, linkat, fchmod, fchmodat,
 * fchownat, utimensat, statfs, fstatfs, getcwd, chdir, fchdir, umask. */
#include "sys_check.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>

static void touch(const char *name)
{
    int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0 || write(fd, "x", 1) != 1)
        printf("touch %s failed\n", name);
    close(fd);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List a directory with the raw getdents64, names sorted. */
static void list(const char *path)
{
    char buf[256]; /* small: several getdents64 calls */
    char *names[64];
    int n = 0;
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    for (;;) {
        long r = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (r <= 0) {
            if (r < 0)
                printf("getdents64: %s\n", strerrorname_np(errno));
            break;
        }
        for (long off = 0; off < r;) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            if (n < 64)
                names[n++] = strdup(d->d_name);
            off += d->d_reclen;
        }
    }
    close(fd);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    struct stat st;
    char buf[4096], cwd[4096];

    VAL("umask", umask(022));
    VAL("umask again", umask(022));
    OK("mkdir", mkdir("d", 0755));
    VAL("mkdir existing", mkdir("d", 0755));
    VAL("mkdir missing parent", mkdir("no/such", 0755));
    VAL("mkdir bad path", syscall(SYS_mkdirat, AT_FDCWD, BAD, 0755));
    stat("d", &st);
    printf("dir mode: %o\n", st.st_mode & 07777);
    touch("d/f1");
    touch("d/f2");
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "d/long_file_name_%02d", i);
        touch(name);
    }
    list("d");
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    int ffd = open("d/f1", O_RDONLY);
    VAL("getdents64 on file", syscall(SYS_getdents64, ffd, buf, sizeof buf));
    close(ffd);
    VAL("getdents64 bad fd", syscall(SYS_getdents64, 999, buf, sizeof buf));
    VAL("getdents64 tiny buffer", syscall(SYS_getdents64, dfd, buf, 8));
    /* last on this fd: qemu reads the directory before checking */
    VAL("getdents64 bad buffer", syscall(SYS_getdents64, dfd, BAD, 4096));

    /* unlink and rename */
    VAL("rmdir non-empty", unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
    VAL("unlink dir", unlink("d"));
    VAL("unlink missing", unlink("d/nope"));
    OK("renameat", renameat(dfd, "f1", dfd, "g1"));
    VAL("rename missing", rename("d/f1", "d/h1"));
    VAL("renameat2 noreplace", syscall(SYS_renameat2, dfd, "g1", dfd, "f2", 1));
    OK("renameat2 exchange", syscall(SYS_renameat2, dfd, "g1", dfd, "f2", 2));
    OK("renameat2 plain", syscall(SYS_renameat2, AT_FDCWD, "d/g1", AT_FDCWD, "d/f1", 0));
    VAL("rename bad path", syscall(SYS_renameat2, AT_FDCWD, BAD, AT_FDCWD, "x", 0));
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "long_file_name_%02d", i);
        unlinkat(dfd, name, 0);
    }
    list("d");
    OK("unlinkat", unlinkat(dfd, "f1", 0));
    OK("unlink", unlink("d/f2"));
    list("d");
    OK("rmdir", rmdir("d"));
    VAL("rmdir again", rmdir("d"));
    close(dfd);

    /* access */
    touch("a");
    OK("access R_OK", access("a", R_OK | W_OK));
    VAL("access missing", access("missing", F_OK));
    VAL("access bad mode", syscall(SYS_faccessat, AT_FDCWD, "a", 0100));
    OK("faccessat2 eaccess", syscall(SYS_faccessat2, AT_FDCWD, "a", R_OK, AT_EACCESS));
    VAL("faccessat2 bad flags", syscall(SYS_faccessat2, AT_FDCWD, "a", R_OK, 0x1));
    VAL("access bad path", syscall(SYS_faccessat, AT_FDCWD, BAD, F_OK));

    /* links */
    OK("symlink", symlink("./a", "l"));
    VAL("symlink existing", symlink("./a", "l"));
    memset(buf, 0, sizeof buf);
    VAL("readlink", readlink("l", buf, sizeof buf));
    printf("target: %s\n", buf);
    VAL("readlink short buffer", readlink("l", buf, 0 + 1));
    VAL("readlink zero size", syscall(SYS_readlinkat, AT_FDCWD, "l", buf, 0));
    VAL("readlink regular file", readlink("a", buf, sizeof buf));
    VAL("readlink bad buffer", syscall(SYS_readlinkat, AT_FDCWD, "l", BAD, 100));
    OK("lstat", lstat("l", &st));
    YES("lstat sees a link", S_ISLNK(st.st_mode));
    OK("stat through link", stat("l", &st));
    YES("stat sees a file", S_ISREG(st.st_mode));
    OK("link", link("a", "h"));
    stat("a", &st);
    VAL("nlink", st.st_nlink);
    OK("linkat follow", linkat(AT_FDCWD, "l", AT_FDCWD, "h2", AT_SYMLINK_FOLLOW));
    lstat("h2", &st);
    YES("h2 is a file", S_ISREG(st.st_mode));

    /* modes, owners, times */
    int fd = open("a", O_RDWR);
    OK("fchmod", fchmod(fd, 0600));
    fstat(fd, &st);
    printf("mode: %o\n", st.st_mode & 07777);
    OK("fchmodat", fchmodat(AT_FDCWD, "a", 0640, 0));
    fstat(fd, &st);
    printf("mode: %o\n", st.st_mode & 07777);
    OK("fchown to self", fchown(fd, getuid(), getgid()));
    OK("fchownat to self", fchownat(AT_FDCWD, "a", -1, -1, 0));
    struct timespec ts[2] = {{1000, 0}, {2000, 500}};
    OK("utimensat", utimensat(AT_FDCWD, "a", ts, 0));
    stat("a", &st);
    printf("atime %ld mtime %ld.%ld\n", (long)st.st_atim.tv_sec,
           (long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    struct timespec ts2[2] = {{3000, 0}, {4000, 0}};
    OK("futimens", futimens(fd, ts2));
    fstat(fd, &st);
    printf("atime %ld mtime %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
    VAL("utimensat bad times", syscall(SYS_utimensat, AT_FDCWD, "a", BAD, 0));
    struct timespec badts[2] = {{0, 2000000000}, {0, 0}};
    VAL("utimensat bad nsec", utimensat(AT_FDCWD, "a", badts, 0));

    /* statfs */
    struct statfs sf;
    OK("statfs", statfs(".", &sf));
    YES("bsize > 0", sf.f_bsize > 0);
    OK("fstatfs", fstatfs(fd, &sf));
    VAL("statfs missing", statfs("missing", &sf));
    VAL("statfs bad buffer", syscall(SYS_statfs, ".", BAD));
    close(fd);

    /* working directory */
    YES("getcwd returns length + 1", syscall(SYS_getcwd, cwd, sizeof cwd) == (long)strlen(getcwd(cwd, sizeof cwd)) + 1);
    YES("cwd is absolute", cwd[0] == '/');
    VAL("getcwd small", syscall(SYS_getcwd, buf, 1));
    VAL("getcwd bad buffer", syscall(SYS_getcwd, BAD, sizeof buf));
    mkdir("sub", 0755);
    OK("chdir", chdir("sub"));
    getcwd(buf, sizeof buf);
    YES("cwd is cwd/sub", strlen(buf) == strlen(cwd) + 4 && !strncmp(buf, cwd, strlen(cwd)) && !strcmp(buf + strlen(cwd), "/sub"));
    OK("chdir ..", chdir(".."));
    int sfd = open("sub", O_RDONLY | O_DIRECTORY);
    OK("fchdir", fchdir(sfd));
    getcwd(buf, sizeof buf);
    YES("fchdir went to sub", !strcmp(buf + strlen(cwd), "/sub"));
    touch("inner");
    OK("chdir back", chdir(cwd));
    OK("stat sub/inner", stat("sub/inner", &st));
    VAL("chdir missing", chdir("missing"));
    VAL("chdir file", chdir("a"));
    VAL("fchdir bad fd", fchdir(999));
    VAL("fchdir on file", fchdir(open("a", O_RDONLY)));
    VAL("chdir bad path", syscall(SYS_chdir, BAD));
    return 0;
}
