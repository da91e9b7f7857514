/* setsockopt/getsockopt: int options read back (SO_REUSEADDR,
 * SO_KEEPALIVE, SO_RCVBUF/SO_SNDBUF doubled by the kernel, SO_TYPE,
 * SO_ACCEPTCONN, SO_ERROR, TCP_NODELAY), struct timeval (SO_RCVTIMEO:
 * a recv on an empty socket times out), struct linger, a short optlen,
 * optlen written back, a classic BPF filter (SO_ATTACH_FILTER, whose
 * value holds a pointer) that drops or keeps datagrams. */
#include "sys_check.h"

#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

static void int_opt(int fd, int level, int name, const char *label)
{
    int v = -1;
    socklen_t len = sizeof v;
    if (getsockopt(fd, level, name, &v, &len) < 0)
        printf("%s: -1 %s\n", label, strerrorname_np(errno));
    else
        printf("%s: %d (len %u)\n", label, v, (unsigned)len);
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1, zero = 0;

    int_opt(s, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR initially");
    OK("set SO_REUSEADDR", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    int_opt(s, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR");
    OK("clear SO_REUSEADDR", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &zero, sizeof zero));
    int_opt(s, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR");
    OK("set SO_KEEPALIVE", setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one));
    int_opt(s, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE");
    int rcv = 8192, snd = 16384;
    OK("set SO_RCVBUF 8192", setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv));
    int_opt(s, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF (doubled)");
    OK("set SO_SNDBUF 16384", setsockopt(s, SOL_SOCKET, SO_SNDBUF, &snd, sizeof snd));
    int_opt(s, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF (doubled)");
    int_opt(s, SOL_SOCKET, SO_TYPE, "SO_TYPE");
    int_opt(s, SOL_SOCKET, SO_ERROR, "SO_ERROR");
    int_opt(s, SOL_SOCKET, SO_ACCEPTCONN, "SO_ACCEPTCONN");
    OK("set TCP_NODELAY", setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
    int_opt(s, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
    VAL("set SO_RCVBUF short optlen", setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, 2));
    VAL("unknown option", setsockopt(s, SOL_SOCKET, 9999, &one, sizeof one));
    VAL("get unknown option", ({ int v; socklen_t l = sizeof v; getsockopt(s, SOL_SOCKET, 9999, &v, &l); }));
    VAL("unknown level", setsockopt(s, 9999, 1, &one, sizeof one));
    long big = -1;
    socklen_t len = sizeof big;
    OK("get int option into 8 bytes", getsockopt(s, SOL_SOCKET, SO_TYPE, &big, &len));
    printf("len=%u value=%ld\n", (unsigned)len, big & 0xffffffff);
    VAL("get optlen -1", ({ int v; socklen_t l = (socklen_t)-1; getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l); }));

    struct linger lg = {1, 5}, lg2;
    OK("set SO_LINGER", setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    len = sizeof lg2;
    OK("get SO_LINGER", getsockopt(s, SOL_SOCKET, SO_LINGER, &lg2, &len));
    printf("linger len=%u onoff=%d linger=%d\n", (unsigned)len, lg2.l_onoff, lg2.l_linger);

    /* SO_RCVTIMEO: a recv with nothing to read gives up after it */
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    struct timeval tv = {0, 100000}, tv2;
    OK("set SO_RCVTIMEO 0.1s", setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    len = sizeof tv2;
    OK("get SO_RCVTIMEO", getsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv2, &len));
    printf("timeout len=%u %ld.%06ld\n", (unsigned)len, (long)tv2.tv_sec, (long)tv2.tv_usec);
    char buf[16];
    long t0 = now_ms();
    VAL("recv times out", recv(sv[1], buf, sizeof buf, 0));
    long dt = now_ms() - t0;
    YES("waited about 0.1s", dt >= 90 && dt < 5000);
    tv.tv_usec = 2000000;
    VAL("set SO_RCVTIMEO bad usec", setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    VAL("set SO_RCVTIMEO short", setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, 8));
    tv.tv_sec = 1;
    tv.tv_usec = 500000;
    OK("set SO_SNDTIMEO 1.5s", setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
    len = sizeof tv2;
    OK("get SO_SNDTIMEO", getsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv2, &len));
    printf("timeout len=%u %ld.%06ld\n", (unsigned)len, (long)tv2.tv_sec, (long)tv2.tv_usec);

    /* A classic BPF filter: "ret #0" drops every datagram, "ret #-1"
     * keeps it whole. */
    struct sock_filter drop[] = {BPF_STMT(BPF_RET | BPF_K, 0)};
    struct sock_filter keep[] = {BPF_STMT(BPF_RET | BPF_K, 0xffffffff)};
    struct sock_fprog prog = {1, drop};
    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(u2, (struct sockaddr *)&a, sizeof a);
    len = sizeof a;
    getsockname(u2, (struct sockaddr *)&a, &len);
    OK("SO_ATTACH_FILTER drop all", setsockopt(u2, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog));
    sendto(u1, "dropped", 7, 0, (struct sockaddr *)&a, sizeof a);
    struct timeval shortwait = {0, 50000};
    setsockopt(u2, SOL_SOCKET, SO_RCVTIMEO, &shortwait, sizeof shortwait);
    VAL("recv (filtered out)", recv(u2, buf, sizeof buf, 0));
    prog.filter = keep;
    OK("SO_ATTACH_FILTER keep all", setsockopt(u2, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog));
    sendto(u1, "kept", 4, 0, (struct sockaddr *)&a, sizeof a);
    VAL("recv (passes)", recv(u2, buf, sizeof buf, 0));
    VAL("SO_ATTACH_FILTER wrong optlen", setsockopt(u2, SOL_SOCKET, SO_ATTACH_FILTER, &prog, 8));
    return 0;
}
