/* AF_UNIX sockets: stream and datagram socketpairs, named sockets in the
 * current directory (bind, listen, connect, accept, accept4 with
 * SOCK_NONBLOCK|SOCK_CLOEXEC), getsockname/getpeername, MSG_PEEK,
 * MSG_DONTWAIT, shutdown, sendto/recvfrom with addresses, SO_PEERCRED.
 * A forked child is the client; only the parent prints. */
#include "sys_check.h"

#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static socklen_t un_addr(struct sockaddr_un *a, const char *path)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static void show_name(const char *label, int r, const struct sockaddr_un *a,
                      socklen_t len)
{
    if (r < 0) {
        printf("%s: -1 %s\n", label, strerrorname_np(errno));
        return;
    }
    printf("%s: len=%u family=%d path=\"%s\"\n", label, (unsigned)len,
           a->sun_family, len > offsetof(struct sockaddr_un, sun_path) ? a->sun_path : "");
}

static void stream_pair(void)
{
    int sv[2];
    char buf[64];
    OK("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    VAL("send", send(sv[0], "hello world", 11, 0));
    VAL("recv peek", recv(sv[1], buf, 5, MSG_PEEK));
    printf("peeked \"%.5s\"\n", buf);
    VAL("recv", recv(sv[1], buf, sizeof buf, 0));
    printf("got \"%.11s\"\n", buf);
    VAL("recv nothing left, dontwait", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    VAL("write", write(sv[1], "back", 4));
    VAL("read", read(sv[0], buf, sizeof buf));
    OK("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
    VAL("recv after peer SHUT_WR (eof)", recv(sv[1], buf, sizeof buf, 0));
    VAL("send after SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL));
    VAL("other direction still works", send(sv[1], "y", 1, 0));
    VAL("recv it", recv(sv[0], buf, 1, 0));
    VAL("shutdown bad how", shutdown(sv[0], 7));
    struct ucred cr;
    socklen_t len = sizeof cr;
    OK("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len));
    printf("ucred len=%u pid-is-self=%d uid-is-self=%d gid-is-self=%d\n",
           (unsigned)len, cr.pid == getpid(), cr.uid == getuid(), cr.gid == getgid());
    close(sv[0]);
    close(sv[1]);
}

static void dgram_pair(void)
{
    int sv[2];
    char buf[64];
    OK("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    VAL("send 1", send(sv[0], "one", 3, 0));
    VAL("send 2", send(sv[0], "second", 6, 0));
    VAL("recv keeps boundaries", recv(sv[1], buf, sizeof buf, 0));
    VAL("recv short buffer truncates", recv(sv[1], buf, 3, 0));
    printf("got \"%.3s\"\n", buf);
    VAL("MSG_TRUNC gives the real length", (send(sv[0], "abcdefgh", 8, 0), recv(sv[1], buf, 2, MSG_TRUNC)));
    VAL("empty dgram", send(sv[0], "", 0, 0));
    VAL("recv empty dgram", recv(sv[1], buf, sizeof buf, 0));
    int t;
    socklen_t len = sizeof t;
    OK("SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &t, &len));
    printf("type dgram=%d len=%u\n", t == SOCK_DGRAM, (unsigned)len);
    close(sv[0]);
    close(sv[1]);
}

static void named_stream(void)
{
    struct sockaddr_un a, b;
    socklen_t alen = un_addr(&a, "srv.sock");
    socklen_t len;
    char buf[64];

    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    YES("socket", l >= 0);
    OK("bind", bind(l, (struct sockaddr *)&a, alen));
    VAL("bind again (in use)", bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a, alen));
    OK("listen", listen(l, 4));
    len = sizeof b;
    show_name("getsockname listener", getsockname(l, (struct sockaddr *)&b, &len), &b, len);
    len = 4; /* too short: truncated, the full length comes back */
    memset(&b, 0, sizeof b);
    OK("getsockname short", getsockname(l, (struct sockaddr *)&b, &len));
    printf("short: len=%u family=%d path0=%d\n", (unsigned)len, b.sun_family, b.sun_path[0]);
    len = sizeof b;
    VAL("getpeername listener", getpeername(l, (struct sockaddr *)&b, &len));
    int acc;
    socklen_t accept_len = sizeof b;
    VAL("accept4 bad flags", accept4(l, NULL, NULL, 0x1234));

    /* nonblocking listener: nothing pending */
    int nb = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_un c;
    socklen_t clen = un_addr(&c, "nb.sock");
    bind(nb, (struct sockaddr *)&c, clen);
    listen(nb, 1);
    VAL("accept on idle nonblocking listener", accept(nb, NULL, NULL));
    printf("SOCK_NONBLOCK set: %d\n", !!(fcntl(nb, F_GETFL) & O_NONBLOCK));
    close(nb);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un me;
        socklen_t mlen = un_addr(&me, "cli.sock");
        if (bind(s, (struct sockaddr *)&me, mlen) < 0)
            _exit(10);
        if (connect(s, (struct sockaddr *)&a, alen) < 0)
            _exit(11);
        if (send(s, "ping", 4, 0) != 4)
            _exit(12);
        char r[8];
        if (recv(s, r, sizeof r, MSG_WAITALL) != 4 || memcmp(r, "pong", 4))
            _exit(13);
        /* second connection, accepted with accept4 */
        int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(s2, (struct sockaddr *)&a, alen) < 0)
            _exit(14);
        if (send(s2, "two", 3, 0) != 3)
            _exit(15);
        if (recv(s2, r, sizeof r, 0) != 0) /* server closes */
            _exit(16);
        _exit(0);
    }
    memset(&b, 0, sizeof b);
    acc = accept(l, (struct sockaddr *)&b, &accept_len);
    YES("accept", acc >= 0);
    show_name("accept peer address", 0, &b, accept_len);
    len = sizeof b;
    show_name("getpeername", getpeername(acc, (struct sockaddr *)&b, &len), &b, len);
    len = sizeof b;
    show_name("getsockname accepted", getsockname(acc, (struct sockaddr *)&b, &len), &b, len);
    VAL("recv waitall", recv(acc, buf, 4, MSG_WAITALL));
    printf("got \"%.4s\"\n", buf);
    VAL("send", send(acc, "pong", 4, 0));
    printf("accepted: nonblock=%d cloexec=%d\n", !!(fcntl(acc, F_GETFL) & O_NONBLOCK),
           !!(fcntl(acc, F_GETFD) & FD_CLOEXEC));
    close(acc);

    acc = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    YES("accept4", acc >= 0);
    printf("accept4: nonblock=%d cloexec=%d\n", !!(fcntl(acc, F_GETFL) & O_NONBLOCK),
           !!(fcntl(acc, F_GETFD) & FD_CLOEXEC));
    struct pollfd pfd = {.fd = acc, .events = POLLIN};
    VAL("poll", poll(&pfd, 1, -1));
    VAL("recv nonblocking", recv(acc, buf, 3, 0));
    close(acc);
    int st;
    waitpid(pid, &st, 0);
    printf("client exit %d\n", WEXITSTATUS(st));

    struct sockaddr_un none;
    socklen_t nlen = un_addr(&none, "missing.sock");
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    VAL("connect to missing path", connect(s, (struct sockaddr *)&none, nlen));
    close(s);
    close(l);
    unlink("srv.sock");
    unlink("cli.sock");
    unlink("nb.sock");
}

static void named_dgram(void)
{
    struct sockaddr_un a, b, from;
    socklen_t alen = un_addr(&a, "d1.sock"), blen = un_addr(&b, "d2.sock");
    char buf[64];
    int s1 = socket(AF_UNIX, SOCK_DGRAM, 0), s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    OK("bind d1", bind(s1, (struct sockaddr *)&a, alen));
    OK("bind d2", bind(s2, (struct sockaddr *)&b, blen));
    VAL("sendto d2", sendto(s1, "to two", 6, 0, (struct sockaddr *)&b, blen));
    socklen_t flen = sizeof from;
    memset(&from, 0, sizeof from);
    int n = recvfrom(s2, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
    VAL("recvfrom", n);
    show_name("sender", 0, &from, flen);
    VAL("recvfrom NULL address", (sendto(s1, "x", 1, 0, (struct sockaddr *)&b, blen),
                                  recvfrom(s2, buf, sizeof buf, 0, NULL, NULL)));
    VAL("send unconnected", send(s1, "x", 1, 0));
    OK("connect d1 to d2", connect(s1, (struct sockaddr *)&b, blen));
    VAL("send connected", send(s1, "abc", 3, 0));
    VAL("recv", recv(s2, buf, sizeof buf, 0));
    socklen_t len = sizeof from;
    show_name("getpeername d1", getpeername(s1, (struct sockaddr *)&from, &len), &from, len);
    VAL("recvfrom dontwait empty", recvfrom(s2, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL));
    close(s1);
    close(s2);
    unlink("d1.sock");
    unlink("d2.sock");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    stream_pair();
    dgram_pair();
    named_stream();
    named_dgram();
    return 0;
}
