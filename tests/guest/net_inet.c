/* AF_INET on 127.0.0.1 with port 0 (the kernel picks the port,
 * getsockname tells it): TCP servers with forked clients (a large transfer,
 * an echo dialogue), getsockname/getpeername, UDP
 * sendto/recvfrom with the sender's address, connect to a closed port
 * (ECONNREFUSED), a nonblocking connect, SO_REUSEADDR.  Ports are never
 * printed, only compared.  Every wait is a blocking call whose result does
 * not depend on timing, so the instruction count is the same from run to
 * run (tests/qemu-agree compares it with qemu's). */
#include "sys_check.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>

static struct sockaddr_in loopback(unsigned short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* A listening TCP socket on 127.0.0.1:0; *port gets the port. */
static int tcp_listener(unsigned short *port)
{
    int l = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = loopback(0);
    if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 8) < 0)
        return -1;
    socklen_t len = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return l;
}

#define BIG (256 * 1024)

static void tcp_fork(void)
{
    unsigned short port;
    int l = tcp_listener(&port);
    YES("listener", l >= 0);
    YES("kernel picked a port", port != 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = loopback(port);
        if (connect(s, (struct sockaddr *)&a, sizeof a) < 0)
            _exit(1);
        char *big = malloc(BIG);
        for (int i = 0; i < BIG; i++)
            big[i] = (char)(i * 7 + i / 256);
        size_t done = 0;
        while (done < BIG) {
            ssize_t n = send(s, big + done, BIG - done, 0);
            if (n <= 0)
                _exit(2);
            done += n;
        }
        shutdown(s, SHUT_WR);
        char r[16];
        ssize_t n = recv(s, r, 8, MSG_WAITALL);
        if (n != 8 || memcmp(r, "received", 8))
            _exit(3);
        _exit(0);
    }
    struct sockaddr_in peer;
    socklen_t plen = sizeof peer;
    int c = accept(l, (struct sockaddr *)&peer, &plen);
    YES("accept", c >= 0);
    printf("peer: len=%u family=%d addr=%s\n", (unsigned)plen, peer.sin_family,
           inet_ntoa(peer.sin_addr));
    struct sockaddr_in me, them;
    socklen_t mlen = sizeof me, tlen = sizeof them;
    OK("getsockname", getsockname(c, (struct sockaddr *)&me, &mlen));
    OK("getpeername", getpeername(c, (struct sockaddr *)&them, &tlen));
    YES("local port is the listener's", ntohs(me.sin_port) == port);
    YES("peer port matches accept", them.sin_port == peer.sin_port);
    int nodelay = 1;
    OK("TCP_NODELAY", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay));
    char *buf = malloc(BIG);
    ssize_t got = recv(c, buf, BIG, MSG_WAITALL);
    VAL("then end of stream", recv(c, buf, 1, 0));
    int good = got == BIG;
    for (int i = 0; good && i < BIG; i++)
        good = buf[i] == (char)(i * 7 + i / 256);
    printf("received %zd bytes, intact: %d\n", got, good);
    VAL("send", send(c, "received", 8, 0));
    int st;
    waitpid(pid, &st, 0);
    printf("client exit %d\n", WEXITSTATUS(st));
    free(buf);
    close(c);
    close(l);
}

static void tcp_echo(void)
{
    unsigned short port;
    int l = tcp_listener(&port);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_in a = loopback(port);
        if (connect(s, (struct sockaddr *)&a, sizeof a) < 0)
            _exit(1);
        char r[32];
        for (int i = 0; i < 100; i++) {
            char m[16];
            int n = snprintf(m, sizeof m, "msg %d", i);
            if (send(s, m, n, 0) != n)
                _exit(2);
            if (recv(s, r, n, MSG_WAITALL) != n || memcmp(r, m, n))
                _exit(3);
        }
        _exit(0);
    }
    int c = accept4(l, NULL, NULL, SOCK_CLOEXEC);
    YES("echo: accept4", c >= 0);
    char buf[64];
    int echoed = 0, calls = 0;
    ssize_t n;
    /* the client waits for each echo before it sends again: one message
     * per recv */
    while ((n = recv(c, buf, sizeof buf, 0)) > 0) {
        send(c, buf, n, 0);
        echoed += n;
        calls++;
    }
    int st;
    waitpid(pid, &st, 0);
    printf("echo: %d bytes in %d messages, client exit %d\n", echoed, calls, WEXITSTATUS(st));
    close(c);
    close(l);
}

static void udp(void)
{
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in la = loopback(0), lb = loopback(0), from;
    OK("udp bind a", bind(a, (struct sockaddr *)&la, sizeof la));
    OK("udp bind b", bind(b, (struct sockaddr *)&lb, sizeof lb));
    socklen_t len = sizeof la;
    getsockname(a, (struct sockaddr *)&la, &len);
    len = sizeof lb;
    getsockname(b, (struct sockaddr *)&lb, &len);
    VAL("sendto", sendto(a, "udp datagram", 12, 0, (struct sockaddr *)&lb, sizeof lb));
    char buf[64];
    socklen_t flen = sizeof from;
    VAL("recvfrom", recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
    printf("from: len=%u addr=%s port-is-a=%d\n", (unsigned)flen, inet_ntoa(from.sin_addr),
           from.sin_port == la.sin_port);
    flen = 2; /* too short: truncated, full length back */
    sendto(a, "x", 1, 0, (struct sockaddr *)&lb, sizeof lb);
    memset(&from, 0, sizeof from);
    VAL("recvfrom short address", recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
    printf("from: len=%u family=%d port=%d\n", (unsigned)flen, from.sin_family, from.sin_port);
    VAL("sendto bad addrlen", sendto(a, "x", 1, 0, (struct sockaddr *)&lb, 3));
    VAL("sendto addrlen -1", sendto(a, "x", 1, 0, (struct sockaddr *)&lb, (socklen_t)-1));
    VAL("sendto addrlen 129", sendto(a, "x", 1, 0, (struct sockaddr *)&lb, 129));
    VAL("send without a peer", send(a, "x", 1, 0));
    OK("connect udp", connect(a, (struct sockaddr *)&lb, sizeof lb));
    VAL("send connected", send(a, "hi", 2, 0));
    VAL("recv", recv(b, buf, sizeof buf, 0));
    close(a);
    close(b);
}

static void refused(void)
{
    unsigned short port;
    int l = tcp_listener(&port);
    close(l); /* nothing listens there now */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = loopback(port);
    VAL("connect to a closed port", connect(s, (struct sockaddr *)&a, sizeof a));
    close(s);

    s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(s, (struct sockaddr *)&a, sizeof a);
    int e = errno;
    printf("nonblocking connect to a closed port: %s\n",
           r == 0 ? "ok" : (e == EINPROGRESS || e == ECONNREFUSED) ? "refused or in progress" : strerrorname_np(e));
    struct pollfd p = {.fd = s, .events = POLLOUT};
    poll(&p, 1, 5000);
    int err = 0;
    socklen_t len = sizeof err;
    OK("SO_ERROR", getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len));
    printf("pending error: %s\n",
           r < 0 && e == ECONNREFUSED ? "ECONNREFUSED" : err ? strerrorname_np(err) : "0");
    close(s);

    /* a nonblocking connect that succeeds */
    l = tcp_listener(&port);
    a = loopback(port);
    s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    r = connect(s, (struct sockaddr *)&a, sizeof a);
    e = errno;
    printf("nonblocking connect: %s\n", r == 0 || e == EINPROGRESS ? "ok or in progress" : strerrorname_np(e));
    p.fd = s;
    p.events = POLLOUT;
    VAL("poll writable", poll(&p, 1, 5000));
    len = sizeof err;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
    printf("SO_ERROR=%d\n", err);
    r = connect(s, (struct sockaddr *)&a, sizeof a);
    YES("connect again: 0 or EISCONN", r == 0 || errno == EISCONN);
    close(s);
    close(l);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    tcp_fork();
    tcp_echo();
    udp();
    refused();
    return 0;
}
