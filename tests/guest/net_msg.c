/* sendmsg/recvmsg: gather and scatter iovecs, msg_name on datagrams,
 * msg_flags (MSG_TRUNC), SCM_RIGHTS passing a file descriptor (the
 * receiver reads the file through it), SCM_CREDENTIALS, MSG_CMSG_CLOEXEC,
 * a too small control buffer (MSG_CTRUNC); sendmmsg/recvmmsg with a
 * timeout and MSG_WAITFORONE. */
#include "sys_check.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

static void iovecs(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    char a[] = "Hello, ", b[] = "scattered ", c[] = "world";
    struct iovec out[3] = {{a, 7}, {b, 10}, {c, 5}};
    struct msghdr m = {.msg_iov = out, .msg_iovlen = 3};
    VAL("sendmsg 3 iovecs", sendmsg(sv[0], &m, 0));
    char x[4], y[8], z[32];
    memset(z, 0, sizeof z);
    struct iovec in[3] = {{x, 4}, {y, 8}, {z, sizeof z}};
    struct msghdr r = {.msg_iov = in, .msg_iovlen = 3, .msg_flags = 12345};
    VAL("recvmsg 3 iovecs", recvmsg(sv[1], &r, 0));
    printf("x=\"%.4s\" y=\"%.8s\" z=\"%s\" flags=%d\n", x, y, z, r.msg_flags);
    struct msghdr e = {0};
    VAL("sendmsg no iovecs", sendmsg(sv[0], &e, 0));
    struct iovec zero[2] = {{NULL, 0}, {a, 3}};
    struct msghdr m2 = {.msg_iov = zero, .msg_iovlen = 2};
    VAL("sendmsg zero-length iovec first", sendmsg(sv[0], &m2, 0));
    VAL("read it", read(sv[1], z, sizeof z));
    close(sv[0]);
    close(sv[1]);
}

static void dgram_names(void)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX}, b = {.sun_family = AF_UNIX}, from;
    strcpy(a.sun_path, "ma.sock");
    strcpy(b.sun_path, "mb.sock");
    socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 8;
    int s1 = socket(AF_UNIX, SOCK_DGRAM, 0), s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    bind(s1, (struct sockaddr *)&a, alen);
    bind(s2, (struct sockaddr *)&b, alen);
    char data[] = "datagram payload";
    struct iovec v = {data, 16};
    struct msghdr m = {.msg_name = &b, .msg_namelen = alen, .msg_iov = &v, .msg_iovlen = 1};
    VAL("sendmsg with msg_name", sendmsg(s1, &m, 0));
    char buf[8];
    struct iovec rv = {buf, sizeof buf};
    memset(&from, 0, sizeof from);
    struct msghdr r = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &rv, .msg_iovlen = 1};
    VAL("recvmsg into short buffer", recvmsg(s2, &r, 0));
    printf("namelen=%u from=\"%s\" flags: trunc=%d others=%#x buf=\"%.8s\"\n",
           (unsigned)r.msg_namelen, from.sun_path, !!(r.msg_flags & MSG_TRUNC),
           r.msg_flags & ~MSG_TRUNC, buf);
    sendmsg(s1, &m, 0);
    r.msg_namelen = 3; /* a short name buffer: truncated, full length back */
    memset(&from, 0, sizeof from);
    VAL("recvmsg MSG_TRUNC flag", recvmsg(s2, &r, MSG_TRUNC));
    printf("namelen=%u family=%d path0=%d\n", (unsigned)r.msg_namelen, from.sun_family,
           from.sun_path[0]);
    sendmsg(s1, &m, 0);
    r.msg_name = NULL;
    r.msg_namelen = 99;
    VAL("recvmsg NULL name", recvmsg(s2, &r, 0));
    /* msg_namelen is left alone by Linux here, qemu-riscv64 clears it:
     * not printed. */
    close(s1);
    close(s2);
    unlink("ma.sock");
    unlink("mb.sock");
}

static int send_fd(int sock, int fd)
{
    char byte = 'F';
    struct iovec v = {&byte, 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = {.msg_iov = &v, .msg_iovlen = 1, .msg_control = u.buf,
                       .msg_controllen = sizeof u.buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    return sendmsg(sock, &m, 0);
}

static int recv_fd(int sock, int flags, size_t space, int *ctrunc)
{
    char byte = 0;
    struct iovec v = {&byte, 1};
    union {
        char buf[CMSG_SPACE(sizeof(int)) + 64];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = {.msg_iov = &v, .msg_iovlen = 1, .msg_control = u.buf,
                       .msg_controllen = space};
    int n = recvmsg(sock, &m, flags);
    if (n < 0)
        return -1;
    *ctrunc = !!(m.msg_flags & MSG_CTRUNC);
    printf("  byte=%c controllen=%u ctrunc=%d\n", byte, (unsigned)m.msg_controllen,
           *ctrunc);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (!c)
        return -2;
    printf("  cmsg level=%d type=%d len=%u\n", c->cmsg_level, c->cmsg_type,
           (unsigned)c->cmsg_len);
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

static void rights(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int f = open("passed.txt", O_CREAT | O_RDWR | O_TRUNC, 0600);
    write(f, "contents of the passed file", 27);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        /* the child opens its own file and passes it to the parent */
        int g = open("passed.txt", O_RDONLY);
        if (send_fd(sv[0], g) != 1)
            _exit(1);
        close(g);
        if (send_fd(sv[0], 0) != 1) /* stdin, for MSG_CMSG_CLOEXEC */
            _exit(2);
        if (send_fd(sv[0], 1) != 1) /* for a too small buffer */
            _exit(3);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child exit %d\n", WEXITSTATUS(st));
    int ctrunc;
    printf("recvmsg SCM_RIGHTS:\n");
    int g = recv_fd(sv[1], 0, CMSG_SPACE(sizeof(int)), &ctrunc);
    YES("got a new fd", g >= 0 && g != f);
    char buf[64] = {0};
    VAL("pread through it", pread(g, buf, sizeof buf - 1, 0));
    printf("\"%s\"\n", buf);
    printf("cloexec=%d\n", !!(fcntl(g, F_GETFD) & FD_CLOEXEC));
    printf("recvmsg SCM_RIGHTS with MSG_CMSG_CLOEXEC:\n");
    int h = recv_fd(sv[1], MSG_CMSG_CLOEXEC, CMSG_SPACE(sizeof(int)) + 64, &ctrunc);
    YES("got a new fd", h >= 0);
    printf("cloexec=%d\n", !!(fcntl(h, F_GETFD) & FD_CLOEXEC));
    printf("recvmsg SCM_RIGHTS, control buffer too small:\n");
    int k = recv_fd(sv[1], 0, 8, &ctrunc);
    printf("result: %s\n", k == -2 ? "no cmsg" : "?");
    close(g);
    close(h);
    close(f);
    close(sv[0]);
    close(sv[1]);
    unlink("passed.txt");
}

static void creds(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    int one = 1;
    OK("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one));
    send(sv[0], "c", 1, 0);
    char byte;
    struct iovec v = {&byte, 1};
    union {
        char buf[CMSG_SPACE(sizeof(struct ucred))];
        struct cmsghdr align;
    } u;
    struct msghdr m = {.msg_iov = &v, .msg_iovlen = 1, .msg_control = u.buf,
                       .msg_controllen = sizeof u.buf};
    VAL("recvmsg with credentials", recvmsg(sv[1], &m, 0));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (c) {
        struct ucred cr;
        memcpy(&cr, CMSG_DATA(c), sizeof cr);
        printf("cmsg type=%d len=%u pid-is-self=%d uid-is-self=%d\n", c->cmsg_type,
               (unsigned)c->cmsg_len, cr.pid == getpid(), cr.uid == getuid());
    }
    close(sv[0]);
    close(sv[1]);
}

static void mmsg(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    char *words[] = {"alpha", "bravo!", "charlie", "d"};
    struct mmsghdr out[4];
    struct iovec ov[4][2];
    memset(out, 0, sizeof out);
    for (int i = 0; i < 4; i++) {
        ov[i][0].iov_base = "#";
        ov[i][0].iov_len = 1;
        ov[i][1].iov_base = words[i];
        ov[i][1].iov_len = strlen(words[i]);
        out[i].msg_hdr.msg_iov = ov[i];
        out[i].msg_hdr.msg_iovlen = 2;
        out[i].msg_len = 777;
    }
    VAL("sendmmsg 4", sendmmsg(sv[0], out, 4, 0));
    for (int i = 0; i < 4; i++)
        printf("  msg_len[%d]=%u\n", i, out[i].msg_len);

    struct mmsghdr in[6];
    char bufs[6][16];
    struct iovec iv[6];
    memset(in, 0, sizeof in);
    memset(bufs, 0, sizeof bufs);
    for (int i = 0; i < 6; i++) {
        iv[i].iov_base = bufs[i];
        iv[i].iov_len = i == 2 ? 4 : sizeof bufs[i];
        in[i].msg_hdr.msg_iov = &iv[i];
        in[i].msg_hdr.msg_iovlen = 1;
        in[i].msg_len = 999;
    }
    VAL("recvmmsg 3 of 4", recvmmsg(sv[1], in, 3, 0, NULL));
    for (int i = 0; i < 4; i++)
        printf("  [%d] len=%u flags=%#x \"%s\"\n", i, in[i].msg_len, in[i].msg_hdr.msg_flags,
               bufs[i]);
    struct timespec ts = {0, 50 * 1000 * 1000};
    VAL("recvmmsg rest, MSG_WAITFORONE", recvmmsg(sv[1], in + 3, 3, MSG_WAITFORONE, &ts));
    printf("  [3] len=%u \"%s\"\n", in[3].msg_len, bufs[3]);
    VAL("recvmmsg nothing, dontwait", recvmmsg(sv[1], in, 2, MSG_DONTWAIT, NULL));
    ts.tv_sec = 0;
    ts.tv_nsec = 20 * 1000 * 1000;
    VAL("recvmmsg nothing, timeout", recvmmsg(sv[1], in, 2, MSG_DONTWAIT, &ts));
    VAL("sendmmsg vlen 0", sendmmsg(sv[0], out, 0, 0));
    close(sv[0]);
    close(sv[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    iovecs();
    dgram_names();
    rights();
    creds();
    mmsg();
    return 0;
}
