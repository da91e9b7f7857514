/* Socket calls that fail: EFAULT from bad pointers (unmapped, and far
 * outside any mapping) in every argument loupe translates, EBADF,
 * ENOTSOCK, EINVAL, EAFNOSUPPORT, EOPNOTSUPP, ENOTCONN, EISCONN, EPIPE
 * (with SIGPIPE to a handler, and with MSG_NOSIGNAL), EMSGSIZE; sendmmsg
 * stopping at a bad second message. */
#include "sys_check.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

/* far above every mapping (not just an unmapped page) */
static void *high(void)
{
    void *p = (void *)(1ul << 46);
    __asm__ volatile("" : "+r"(p));
    return p;
}
#define HIGH high()

static volatile sig_atomic_t pipes;
static void on_pipe(int sig)
{
    (void)sig;
    pipes++;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int sv[2];
    char buf[64];
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    strcpy(un.sun_path, "e.sock");
    socklen_t unlen = offsetof(struct sockaddr_un, sun_path) + 7;
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int v = 1;
    socklen_t len = sizeof v;

    printf("-- EFAULT\n");
    VAL("socketpair bad sv", socketpair(AF_UNIX, SOCK_STREAM, 0, BAD));
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    VAL("send bad buf", send(sv[0], BAD, 5, 0));
    VAL("send high buf", send(sv[0], HIGH, 5, 0));
    send(sv[0], "data!", 5, 0);
    VAL("recv bad buf", recv(sv[1], BAD, 5, 0));
    VAL("recv high buf", recv(sv[1], HIGH, 5, 0));
    VAL("recv still there", recv(sv[1], buf, 5, 0));
    int u = socket(AF_UNIX, SOCK_STREAM, 0);
    VAL("bind bad addr", bind(u, BAD, unlen));
    VAL("bind high addr", bind(u, HIGH, unlen));
    VAL("connect bad addr", connect(u, BAD, unlen));
    VAL("connect high addr", connect(u, HIGH, sizeof in));
    int d = socket(AF_INET, SOCK_DGRAM, 0);
    VAL("sendto bad addr", sendto(d, "x", 1, 0, BAD, sizeof in));
    VAL("getsockname bad addr", getsockname(sv[0], BAD, &len));
    VAL("getsockname high addr", getsockname(d, HIGH, &len));
    VAL("getsockname bad len", getsockname(sv[0], (struct sockaddr *)&un, BAD));
    VAL("getpeername bad addr", getpeername(sv[0], BAD, &len));
    VAL("setsockopt bad value", setsockopt(u, SOL_SOCKET, SO_REUSEADDR, BAD, sizeof v));
    VAL("setsockopt high value", setsockopt(u, SOL_SOCKET, SO_REUSEADDR, HIGH, sizeof v));
    len = sizeof v;
    VAL("getsockopt bad value", getsockopt(u, SOL_SOCKET, SO_TYPE, BAD, &len));
    VAL("getsockopt bad len", getsockopt(u, SOL_SOCKET, SO_TYPE, &v, BAD));
    VAL("getsockopt high len", getsockopt(u, SOL_SOCKET, SO_TYPE, &v, HIGH));
    struct sock_fprog { unsigned short len; void *filter; } prog = {1, BAD};
    VAL("SO_ATTACH_FILTER bad program", setsockopt(d, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog));
    prog.filter = HIGH;
    VAL("SO_ATTACH_FILTER high program", setsockopt(d, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog));
    VAL("SO_ATTACH_FILTER bad fprog", setsockopt(d, SOL_SOCKET, SO_ATTACH_FILTER, BAD, sizeof prog));

    VAL("sendmsg bad msghdr", sendmsg(sv[0], BAD, 0));
    VAL("recvmsg bad msghdr", recvmsg(sv[1], BAD, 0));
    struct iovec iov = {"abc", 3};
    struct msghdr m = {.msg_iov = BAD, .msg_iovlen = 1};
    VAL("sendmsg bad iovec array", sendmsg(sv[0], &m, 0));
    m.msg_iov = HIGH;
    VAL("sendmsg high iovec array", sendmsg(sv[0], &m, 0));
    struct iovec bad_iov = {BAD, 3};
    m.msg_iov = &bad_iov;
    VAL("sendmsg bad iov_base", sendmsg(sv[0], &m, 0));
    bad_iov.iov_base = HIGH;
    VAL("sendmsg high iov_base", sendmsg(sv[0], &m, 0));
    send(sv[0], "xyz", 3, 0);
    VAL("recvmsg high iov_base", recvmsg(sv[1], &m, 0));
    bad_iov.iov_base = BAD;
    VAL("recvmsg bad iov_base", recvmsg(sv[1], &m, 0));
    m.msg_iov = &iov;
    m.msg_control = BAD;
    m.msg_controllen = 24;
    VAL("sendmsg bad control", sendmsg(sv[0], &m, 0));
    m.msg_control = HIGH;
    VAL("sendmsg high control", sendmsg(sv[0], &m, 0));
    m.msg_control = NULL;
    m.msg_controllen = 0;
    m.msg_name = BAD;
    m.msg_namelen = sizeof in;
    VAL("sendmsg bad msg_name", sendmsg(d, &m, 0));
    m.msg_name = HIGH;
    VAL("sendmsg high msg_name", sendmsg(d, &m, 0));
    m.msg_name = NULL;
    m.msg_namelen = 0;
    VAL("recv the good bytes", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));

    int dp[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dp);
    VAL("sendmmsg bad vector", sendmmsg(dp[0], BAD, 2, 0));
    VAL("recvmmsg bad vector", recvmmsg(dp[1], BAD, 2, MSG_DONTWAIT, NULL));
    struct mmsghdr mm[3];
    memset(mm, 0, sizeof mm);
    struct iovec good = {"good", 4};
    mm[0].msg_hdr.msg_iov = &good;
    mm[0].msg_hdr.msg_iovlen = 1;
    mm[1].msg_hdr.msg_iov = &bad_iov;
    mm[1].msg_hdr.msg_iovlen = 1;
    mm[2] = mm[0];
    VAL("sendmmsg stops at a bad second message", sendmmsg(dp[0], mm, 3, 0));
    printf("msg_len[0]=%u\n", mm[0].msg_len);
    struct timespec ts = {0, 0};
    VAL("recvmmsg bad timeout", recvmmsg(dp[1], mm, 1, 0, BAD));
    mm[0].msg_hdr.msg_iov = &iov;
    iov.iov_base = buf;
    iov.iov_len = sizeof buf;
    VAL("recvmmsg the one sent", recvmmsg(dp[1], mm, 3, MSG_DONTWAIT, &ts));
    close(dp[0]);
    close(dp[1]);

    printf("-- EBADF\n");
    VAL("bind", bind(999, (struct sockaddr *)&un, unlen));
    VAL("listen", listen(999, 1));
    VAL("accept", accept(999, NULL, NULL));
    VAL("accept4", accept4(999, NULL, NULL, SOCK_CLOEXEC));
    VAL("connect", connect(999, (struct sockaddr *)&un, unlen));
    VAL("send", send(999, "x", 1, 0));
    VAL("recv", recv(999, buf, 1, 0));
    len = sizeof un;
    VAL("getsockname", getsockname(999, (struct sockaddr *)&un, &len));
    VAL("getpeername", getpeername(999, (struct sockaddr *)&un, &len));
    VAL("setsockopt", setsockopt(999, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    len = sizeof v;
    VAL("getsockopt", getsockopt(999, SOL_SOCKET, SO_TYPE, &v, &len));
    VAL("shutdown", shutdown(999, SHUT_RDWR));
    VAL("sendmsg", sendmsg(999, &m, 0));
    VAL("recvmsg", recvmsg(999, &m, 0));
    VAL("sendmmsg", sendmmsg(999, mm, 1, 0));
    VAL("recvmmsg", recvmmsg(999, mm, 1, 0, NULL));

    printf("-- ENOTSOCK\n");
    int f = open("file", O_CREAT | O_RDWR, 0600);
    VAL("bind", bind(f, (struct sockaddr *)&un, unlen));
    VAL("listen", listen(f, 1));
    VAL("accept", accept(f, NULL, NULL));
    VAL("connect", connect(f, (struct sockaddr *)&un, unlen));
    VAL("send", send(f, "x", 1, 0));
    VAL("recvfrom", recvfrom(f, buf, 1, 0, NULL, NULL));
    len = sizeof un;
    VAL("getsockname", getsockname(f, (struct sockaddr *)&un, &len));
    VAL("setsockopt", setsockopt(f, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    len = sizeof v;
    VAL("getsockopt", getsockopt(f, SOL_SOCKET, SO_TYPE, &v, &len));
    VAL("shutdown", shutdown(f, SHUT_RDWR));
    VAL("sendmsg", sendmsg(f, &m, 0));
    close(f);
    unlink("file");

    printf("-- others\n");
    VAL("socket unknown family", socket(12345, SOCK_STREAM, 0));
    VAL("socket unknown protocol", socket(AF_INET, SOCK_STREAM, 99));
    VAL("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, dp));
    VAL("bind addrlen 0", bind(u, (struct sockaddr *)&un, 0));
    VAL("bind addrlen too big", bind(u, (struct sockaddr *)&un, 200));
    VAL("bind wrong family", bind(u, (struct sockaddr *)&in, sizeof in));
    VAL("accept not listening", accept(u, NULL, NULL));
    VAL("listen on datagram socket", listen(d, 1));
    VAL("accept on datagram socket", accept(d, NULL, NULL));
    int t = socket(AF_INET, SOCK_STREAM, 0);
    VAL("recv unconnected tcp", recv(t, buf, 1, 0));
    VAL("send unconnected tcp", send(t, "x", 1, MSG_NOSIGNAL));
    len = sizeof in;
    VAL("getpeername unconnected", getpeername(t, (struct sockaddr *)&in, &len));
    VAL("shutdown unconnected", shutdown(t, SHUT_RDWR));
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&un, unlen);
    listen(l, 1);
    VAL("connect connected pair", connect(sv[0], (struct sockaddr *)&un, unlen));
    close(l);
    unlink("e.sock");
    struct iovec many[1025];
    for (int i = 0; i < 1025; i++) {
        many[i].iov_base = buf;
        many[i].iov_len = 1;
    }
    m.msg_iov = many;
    m.msg_iovlen = 1025;
    VAL("sendmsg 1025 iovecs", sendmsg(sv[0], &m, 0));
    m.msg_iovlen = 1024;
    VAL("sendmsg 1024 iovecs", sendmsg(sv[0], &m, 0));
    static char huge[300000];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dp);
    VAL("datagram too big", send(dp[0], huge, sizeof huge, 0));

    close(sv[1]);
    VAL("send to closed peer, MSG_NOSIGNAL", send(sv[0], "x", 1, MSG_NOSIGNAL));
    signal(SIGPIPE, on_pipe);
    VAL("send to closed peer, SIGPIPE caught", send(sv[0], "x", 1, 0));
    printf("SIGPIPE handler ran %d time(s)\n", (int)pipes);
    signal(SIGPIPE, SIG_IGN);
    VAL("send to closed peer, SIGPIPE ignored", send(sv[0], "x", 1, 0));
    printf("SIGPIPE handler ran %d time(s)\n", (int)pipes);
    return 0;
}
