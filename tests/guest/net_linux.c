/* Socket behaviour where qemu-riscv64 (7.2) departs from Linux, so the
 * expected output comes from Linux itself (this program built for and run
 * on x86-64 gives the same output): recvmsg with a NULL msg_name leaves
 * msg_namelen alone, a negative optlen and an empty BPF program are
 * EINVAL, SO_DETACH_FILTER and SO_GET_FILTER work (the latter counts its
 * length in instructions), an unknown socket type or type flag is
 * EINVAL. */
#include "sys_check.h"

#include <linux/filter.h>
#include <sys/socket.h>
#include <sys/uio.h>

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int sv[2];
    char buf[16];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    send(sv[0], "abc", 3, 0);
    struct iovec v = {buf, sizeof buf};
    struct msghdr m = {.msg_name = NULL, .msg_namelen = 99, .msg_iov = &v, .msg_iovlen = 1};
    VAL("recvmsg NULL name", recvmsg(sv[1], &m, 0));
    printf("msg_namelen=%u (untouched)\n", (unsigned)m.msg_namelen);

    int one = 1;
    VAL("setsockopt optlen -1", setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &one, (socklen_t)-1));

    struct sock_filter keep[] = {BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
                                 BPF_STMT(BPF_RET | BPF_K, 0xffffffff)};
    struct sock_fprog prog = {2, keep};
    OK("SO_ATTACH_FILTER", setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog));
    struct sock_filter back[4];
    memset(back, 0, sizeof back);
    socklen_t len = 0;
    VAL("SO_GET_FILTER length 0", getsockopt(sv[1], SOL_SOCKET, SO_GET_FILTER, back, &len));
    printf("instructions: %u\n", (unsigned)len);
    len = 4;
    VAL("SO_GET_FILTER", getsockopt(sv[1], SOL_SOCKET, SO_GET_FILTER, back, &len));
    printf("len=%u code[0]=%#x code[1]=%#x k[1]=%#x code[2]=%#x\n", (unsigned)len, back[0].code,
           back[1].code, back[1].k, back[2].code);
    len = 1;
    VAL("SO_GET_FILTER too short", getsockopt(sv[1], SOL_SOCKET, SO_GET_FILTER, back, &len));
    OK("SO_DETACH_FILTER", setsockopt(sv[1], SOL_SOCKET, SO_DETACH_FILTER, &one, sizeof one));
    VAL("SO_DETACH_FILTER again", setsockopt(sv[1], SOL_SOCKET, SO_DETACH_FILTER, &one, sizeof one));
    prog.len = 0;
    VAL("SO_ATTACH_FILTER empty program", setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog));

    VAL("socket unknown type", socket(AF_UNIX, 99, 0));
    VAL("socket unknown type flag", socket(AF_UNIX, SOCK_STREAM | 0x100000, 0));
    VAL("accept4 unknown flag", accept4(sv[0], NULL, NULL, 0x100000));
    return 0;
}
