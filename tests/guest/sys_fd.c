/* Descriptor system calls: dup, dup3, fcntl, pipe2, ioctl, close_range,
 * ppoll, pselect6, eventfd2, memfd_create, sendfile, flock. */
#include "sys_check.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <termios.h>

int main(void)
{
    char buf[64];
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "0123456789", 10);

    /* dup, dup2, dup3 */
    int d = dup(fd);
    YES("dup gives a new fd", d > fd);
    VAL("dup shares offset", lseek(d, 0, SEEK_CUR));
    VAL("dup bad fd", dup(999));
    OK("dup2", dup2(fd, 20));
    VAL("dup2 result", dup2(fd, 20));
    VAL("dup3 same fd", dup3(fd, fd, 0));
    VAL("dup3 bad flags", dup3(fd, 21, O_NONBLOCK));
    VAL("dup3 cloexec", dup3(fd, 21, O_CLOEXEC));
    VAL("cloexec on 21", fcntl(21, F_GETFD));
    VAL("no cloexec on 20", fcntl(20, F_GETFD));
    VAL("dup3 bad old fd", dup3(999, 22, 0));

    /* fcntl */
    VAL("F_DUPFD min 30", fcntl(fd, F_DUPFD, 30));
    VAL("F_DUPFD_CLOEXEC min 30", fcntl(fd, F_DUPFD_CLOEXEC, 30));
    VAL("its cloexec", fcntl(31, F_GETFD));
    OK("F_SETFD", fcntl(30, F_SETFD, FD_CLOEXEC));
    VAL("F_GETFD", fcntl(30, F_GETFD));
    int fl = fcntl(fd, F_GETFL);
    printf("F_GETFL accmode=%d append=%d nonblock=%d\n", fl & O_ACCMODE,
           !!(fl & O_APPEND), !!(fl & O_NONBLOCK));
    OK("F_SETFL", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
    fl = fcntl(fd, F_GETFL);
    printf("F_GETFL accmode=%d append=%d nonblock=%d\n", fl & O_ACCMODE,
           !!(fl & O_APPEND), !!(fl & O_NONBLOCK));
    VAL("F_GETFL shared by dup", !!(fcntl(d, F_GETFL) & O_APPEND));
    VAL("fcntl bad cmd", fcntl(fd, 12345));
    VAL("fcntl bad fd", fcntl(999, F_GETFD));
    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5};
    OK("F_SETLK", fcntl(fd, F_SETLK, &lk));
    lk.l_type = F_RDLCK;
    OK("F_GETLK", fcntl(fd, F_GETLK, &lk));
    YES("own lock does not conflict", lk.l_type == F_UNLCK);
    VAL("F_SETLK bad pointer", fcntl(fd, F_SETLK, BAD));
    lk.l_type = 99;
    VAL("F_SETLK bad type", fcntl(fd, F_SETLK, &lk));
    OK("flock", flock(fd, LOCK_EX));
    OK("flock unlock", flock(fd, LOCK_UN));
    VAL("flock bad fd", flock(999, LOCK_EX));

    /* close_range */
    VAL("close_range bad order", syscall(SYS_close_range, 10, 5, 0));
    VAL("close_range bad flags", syscall(SYS_close_range, 20, 31, 0x100));
    OK("close_range cloexec", syscall(SYS_close_range, 20, 20, 4));
    VAL("cloexec set on 20", fcntl(20, F_GETFD));
    OK("close_range", syscall(SYS_close_range, 20, 40, 0));
    VAL("20 closed", fcntl(20, F_GETFD));
    VAL("31 closed", fcntl(31, F_GETFD));
    OK("close_range empty", syscall(SYS_close_range, 50, ~0u, 0));

    /* pipes */
    int p[2];
    OK("pipe2", pipe2(p, O_CLOEXEC));
    VAL("pipe cloexec", fcntl(p[0], F_GETFD));
    VAL("pipe2 bad flags", pipe2(p, 0x1));
    VAL("pipe2 bad pointer", syscall(SYS_pipe2, BAD, 0));
    VAL("write pipe", write(p[1], "abcdefg", 7));
    int n = -1;
    OK("FIONREAD", ioctl(p[0], FIONREAD, &n));
    VAL("bytes in pipe", n);
    VAL("FIONREAD bad pointer", ioctl(p[0], FIONREAD, BAD));
    struct pollfd pf[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
    VAL("poll", poll(pf, 2, 1000));
    printf("revents %d %d\n", pf[0].revents, pf[1].revents);
    VAL("poll bad array", syscall(SYS_ppoll, BAD, 1, NULL, NULL, 8));
    struct timespec zero = {0, 0};
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    FD_SET(0, &rs); /* /dev/null: always readable */
    VAL("select", select(p[0] + 1, &rs, NULL, NULL, NULL));
    YES("pipe readable", FD_ISSET(p[0], &rs));
    VAL("pselect bad set", syscall(SYS_pselect6, 4, BAD, NULL, NULL, &zero, NULL));
    VAL("pselect bad nfds", syscall(SYS_pselect6, -1, NULL, NULL, NULL, &zero, NULL));
    memset(buf, 0, sizeof buf);
    VAL("read pipe", read(p[0], buf, sizeof buf));
    printf("pipe data: %s\n", buf);
    OK("F_SETFL nonblock", fcntl(p[0], F_SETFL, O_NONBLOCK));
    VAL("read empty nonblocking pipe", read(p[0], buf, 1));
    VAL("poll timeout", poll(pf, 1, 10));
    int nb = 1;
    OK("FIONBIO", ioctl(p[1], FIONBIO, &nb));
    YES("FIONBIO sets O_NONBLOCK", fcntl(p[1], F_GETFL) & O_NONBLOCK);
    OK("FIONCLEX", ioctl(p[1], FIONCLEX));
    VAL("cloexec cleared", fcntl(p[1], F_GETFD));
    OK("FIOCLEX", ioctl(p[1], FIOCLEX));
    VAL("cloexec set", fcntl(p[1], F_GETFD));

    /* terminal ioctls on things that are not terminals */
    struct termios t;
    struct winsize ws;
    VAL("TCGETS on pipe", ioctl(p[0], TCGETS, &t));
    VAL("TCGETS on file", tcgetattr(fd, &t));
    VAL("TIOCGWINSZ on /dev/null", ioctl(0, TIOCGWINSZ, &ws));
    VAL("isatty(0)", isatty(0));
    VAL("TCGETS bad fd", ioctl(999, TCGETS, &t));
    VAL("TIOCGWINSZ bad fd", ioctl(999, TIOCGWINSZ, &ws));
    close(p[0]);
    close(p[1]);

    /* eventfd, memfd, sendfile */
    int e = eventfd(0, EFD_CLOEXEC);
    YES("eventfd", e >= 0);
    uint64_t v = 5;
    VAL("eventfd write", write(e, &v, 8));
    v = 2;
    write(e, &v, 8);
    v = 0;
    VAL("eventfd read", read(e, &v, 8));
    VAL("eventfd value", v);
    close(e);
    int m = memfd_create("loupe-test", MFD_CLOEXEC);
    YES("memfd_create", m >= 0);
    VAL("memfd write", write(m, "memfd!", 6));
    VAL("memfd bad name", syscall(SYS_memfd_create, BAD, 0));
    VAL("memfd bad flags", syscall(SYS_memfd_create, "x", 0x1000));
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    VAL("memfd long name", syscall(SYS_memfd_create, longname, 0));
    int q[2];
    pipe(q);
    off_t off = 2;
    VAL("sendfile", sendfile(q[1], m, &off, 3));
    VAL("sendfile offset", off);
    memset(buf, 0, sizeof buf);
    read(q[0], buf, sizeof buf);
    printf("sendfile data: %s\n", buf);
    VAL("sendfile bad offset", syscall(SYS_sendfile, q[1], m, BAD, 3));
    close(m);
    close(fd);
    return 0;
}
