/*
 * Socket system calls of the riscv64 guest.
 *
 * Design: guest sockets are host sockets (guest fds are host fds).  riscv64
 * and x86-64 share the generic Linux socket ABI: the same socket types and
 * SOCK_NONBLOCK/SOCK_CLOEXEC values, address families, sockaddr layouts,
 * SOL_SOCKET option numbers, MSG_* flags, and struct msghdr, iovec,
 * cmsghdr and mmsghdr with 64-bit pointers and size_t.  So the calls pass
 * through once guest pointers are host pointers:
 *  - buffers, sockaddrs and option values the kernel reads or writes are
 *    checked to lie inside the guest space and translated (the kernel
 *    reports EFAULT for unmapped guest pages itself); the kernel writes at
 *    most sizeof(struct sockaddr_storage) bytes of an address;
 *  - in/out lengths (socklen_t *) are read by loupe into a host variable,
 *    given to the kernel, and written back after the call, so the bound
 *    checked is the bound the kernel uses;
 *  - a struct msghdr (and each of an mmsghdr array) is read from the guest
 *    and rebuilt on the host with host pointers for msg_name, the iovec
 *    array, every iov_base and msg_control; after a receive the fields the
 *    kernel updates (msg_namelen, msg_controllen, msg_flags, msg_len) are
 *    copied back.  Guest memory never holds a host pointer.  Control
 *    messages (SCM_RIGHTS fds, SCM_CREDENTIALS, timestamps) have the same
 *    layout and go through as bytes;
 *  - option values go through as bytes (struct timeval for SO_RCVTIMEO and
 *    SO_SNDTIMEO, struct ucred for SO_PEERCRED and struct linger are the
 *    same on both), except the classic BPF programs of SO_ATTACH_FILTER,
 *    SO_ATTACH_REUSEPORT_CBPF and PACKET_FANOUT_DATA, whose filter pointer
 *    is translated; options whose value holds a pointer loupe does not
 *    translate (netfilter table replacement, XDP_UMEM_REG,
 *    TCP_ZEROCOPY_RECEIVE) fail with ENOPROTOOPT.
 */
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/syscall_priv.h"

_Static_assert(sizeof(struct sockaddr_storage) == LU_SOCKADDR_MAX,
	       "sockaddr_storage");
_Static_assert(sizeof(struct iovec) == sizeof(struct lu_iovec), "iovec");
_Static_assert(sizeof(struct cmsghdr) == 16 && CMSG_ALIGN(1) == 8,
	       "cmsghdr layout");
_Static_assert(sizeof(struct timeval) == sizeof(struct lu_timeval),
	       "SO_RCVTIMEO/SO_SNDTIMEO value");
_Static_assert(sizeof(struct timespec) == sizeof(struct lu_timespec),
	       "recvmmsg timeout");
_Static_assert(sizeof(struct ucred) == 12 && sizeof(struct linger) == 8,
	       "SO_PEERCRED, SO_LINGER values");
_Static_assert(sizeof(struct sock_filter) == 8, "struct sock_filter");
_Static_assert(SOL_SOCKET == SOL_SOCKET_LINUX &&
		   SO_ATTACH_FILTER == SO_ATTACH_FILTER_LINUX &&
		   SO_RCVTIMEO == 20 && SO_SNDTIMEO == 21 &&
		   SO_PEERCRED == 17 && SCM_RIGHTS == 1,
	       "generic SOL_SOCKET numbers on the host");
_Static_assert(MSG_PEEK == 2 && MSG_TRUNC == 0x20 && MSG_DONTWAIT == 0x40 &&
		   MSG_WAITALL == 0x100 && MSG_NOSIGNAL == 0x4000 &&
		   MSG_WAITFORONE == 0x10000 && MSG_CMSG_CLOEXEC == 0x40000000,
	       "MSG_* flags pass through");

static uint64_t min_u64(uint64_t x, uint64_t y)
{
	return x < y ? x : y;
}

/* Socket type (or accept4 flags): SOCK_NONBLOCK and SOCK_CLOEXEC to the
 * host's; the type and unknown bits pass through for the kernel to judge. */
static int sock_flags_to_host(uint32_t g)
{
	uint32_t h = g & ~(uint32_t)(SOCK_NONBLOCK_LINUX | SOCK_CLOEXEC_LINUX);
	if (g & SOCK_NONBLOCK_LINUX)
		h |= SOCK_NONBLOCK;
	if (g & SOCK_CLOEXEC_LINUX)
		h |= SOCK_CLOEXEC;
	return (int)h;
}

/* ---- addresses ---- */

/*
 * Host pointer for a sockaddr of len bytes the kernel reads (bind,
 * connect, sendto).  NULL stays NULL; a length the kernel refuses before
 * reading (negative, over sizeof(struct sockaddr_storage)) or 0 needs no
 * bytes, but the pointer stays non-NULL (sendto treats NULL as "no
 * address").
 */
static int64_t sa_in(struct vcpu *cpu, uint64_t addr, int32_t len, void **out)
{
	*out = NULL;
	if (!addr)
		return 0;
	uint64_t n = len > 0 && len <= LU_SOCKADDR_MAX ? (uint64_t)len : 0;
	*out = lu_kptr(cpu, addr, n);
	if (!*out && !n)
		*out = lu_mem(cpu)->base; /* not read by the kernel */
	return *out ? 0 : -EFAULT_LINUX;
}

/* A sockaddr the kernel writes, with its in/out length (accept,
 * getsockname, getpeername, recvfrom). */
struct sa_out {
	void *addr;    /* host pointer for the kernel, or NULL */
	socklen_t len; /* the length the kernel reads and updates */
	uint64_t glen; /* guest address of the length, 0: none */
};

/* optional: a NULL address means "no address" and the length pointer is
 * not used (accept, recvfrom). */
static int64_t sa_out_get(struct vcpu *cpu, uint64_t addr, uint64_t lenp,
			  bool optional, struct sa_out *o)
{
	o->addr = NULL;
	o->len = 0;
	o->glen = 0;
	if (!addr && optional)
		return 0;
	uint32_t len;
	if (guest_copy_from(lu_mem(cpu), &len, lenp, sizeof len))
		return -EFAULT_LINUX;
	if ((int32_t)len < 0)
		return -EINVAL_LINUX;
	o->len = len;
	o->glen = lenp;
	if (addr) {
		/* The kernel writes min(len, its address length) bytes. */
		o->addr = lu_kptr(cpu, addr, min_u64(len, LU_SOCKADDR_MAX));
		if (!o->addr)
			return -EFAULT_LINUX;
	}
	return 0;
}

static int64_t sa_out_put(struct vcpu *cpu, const struct sa_out *o)
{
	uint32_t len = o->len;
	if (o->glen && guest_copy_to(lu_mem(cpu), o->glen, &len, sizeof len))
		return -EFAULT_LINUX;
	return 0;
}

/* ---- socket, socketpair, bind, listen, connect, shutdown ---- */

LU_SYSCALL(sys_socket)
{
	return lu_ret(
	    socket((int)a[0], sock_flags_to_host((uint32_t)a[1]), (int)a[2]));
}

LU_SYSCALL(sys_socketpair)
{
	int sv[2];
	if (socketpair((int)a[0], sock_flags_to_host((uint32_t)a[1]), (int)a[2],
		       sv) == -1)
		return lu_errno(errno);
	int32_t g[2] = {sv[0], sv[1]};
	if (guest_copy_to(lu_mem(cpu), a[3], g, sizeof g)) {
		close(sv[0]);
		close(sv[1]);
		return -EFAULT_LINUX;
	}
	return 0;
}

LU_SYSCALL(sys_bind)
{
	void *sa;
	int64_t r = sa_in(cpu, a[1], (int32_t)a[2], &sa);
	if (r)
		return r;
	return lu_ret(bind((int)a[0], sa, (socklen_t)a[2]));
}

LU_SYSCALL(sys_connect)
{
	void *sa;
	int64_t r = sa_in(cpu, a[1], (int32_t)a[2], &sa);
	if (r)
		return r;
	return lu_ret(connect((int)a[0], sa, (socklen_t)a[2]));
}

LU_SYSCALL(sys_listen)
{
	return lu_ret(listen((int)a[0], (int)a[1]));
}

LU_SYSCALL(sys_shutdown)
{
	/* SHUT_RD/WR/RDWR are 0/1/2 everywhere. */
	return lu_ret(shutdown((int)a[0], (int)a[1]));
}

/* ---- accept, names ---- */

static int64_t do_accept(struct vcpu *cpu, const uint64_t *a, int flags)
{
	struct sa_out o;
	int64_t r = sa_out_get(cpu, a[1], a[2], true, &o);
	if (r)
		return r;
	int fd = accept4((int)a[0], o.addr, o.glen ? &o.len : NULL, flags);
	if (fd == -1)
		return lu_errno(errno);
	if (sa_out_put(cpu, &o)) {
		close(fd);
		return -EFAULT_LINUX;
	}
	return fd;
}

LU_SYSCALL(sys_accept)
{
	return do_accept(cpu, a, 0);
}

LU_SYSCALL(sys_accept4)
{
	return do_accept(cpu, a, sock_flags_to_host((uint32_t)a[3]));
}

static int64_t do_getname(struct vcpu *cpu, const uint64_t *a, bool peer)
{
	struct sa_out o;
	int64_t r = sa_out_get(cpu, a[1], a[2], false, &o);
	if (r)
		return r;
	int fd = (int)a[0];
	if ((peer ? getpeername(fd, o.addr, &o.len)
		  : getsockname(fd, o.addr, &o.len)) == -1)
		return lu_errno(errno);
	return sa_out_put(cpu, &o);
}

LU_SYSCALL(sys_getsockname)
{
	return do_getname(cpu, a, false);
}

LU_SYSCALL(sys_getpeername)
{
	return do_getname(cpu, a, true);
}

/* ---- sendto, recvfrom ---- */

LU_SYSCALL(sys_sendto)
{
	uint64_t len = a[2];
	void *buf = lu_kbuf(cpu, a[1], &len);
	if (!buf)
		return -EFAULT_LINUX;
	void *sa;
	int64_t r = sa_in(cpu, a[4], (int32_t)a[5], &sa);
	if (r)
		return r;
	return lu_ret(
	    sendto((int)a[0], buf, len, (int)a[3], sa, (socklen_t)a[5]));
}

LU_SYSCALL(sys_recvfrom)
{
	uint64_t len = a[2];
	void *buf = lu_kbuf(cpu, a[1], &len);
	if (!buf)
		return -EFAULT_LINUX;
	struct sa_out o;
	int64_t r = sa_out_get(cpu, a[4], a[5], true, &o);
	if (r)
		return r;
	ssize_t n = recvfrom((int)a[0], buf, len, (int)a[3], o.addr,
			     o.glen ? &o.len : NULL);
	if (n == -1)
		return lu_errno(errno);
	if (sa_out_put(cpu, &o))
		return -EFAULT_LINUX;
	return n;
}

/* ---- socket options ---- */

/* Options whose value holds a pointer loupe does not translate: the kernel
 * would take a guest address for a host one. */
static bool opt_refused(int level, int name, bool set)
{
	switch (level) {
	case IPPROTO_IP_LINUX:
		if (set)
			return name == IPT_SO_SET_REPLACE_LINUX ||
			       name == ARPT_SO_SET_REPLACE_LINUX ||
			       name == EBT_SO_SET_ENTRIES_LINUX ||
			       name == EBT_SO_SET_COUNTERS_LINUX;
		return name == EBT_SO_GET_ENTRIES_LINUX ||
		       name == EBT_SO_GET_INIT_ENTRIES_LINUX;
	case IPPROTO_IPV6_LINUX:
		return set && name == IP6T_SO_SET_REPLACE_LINUX;
	case IPPROTO_TCP_LINUX:
		return !set && name == TCP_ZEROCOPY_RECEIVE_LINUX;
	case SOL_XDP_LINUX:
		return set && name == XDP_UMEM_REG_LINUX;
	default:
		return false;
	}
}

/* Options whose value is a struct sock_fprog (classic BPF program). */
static bool opt_is_fprog(int level, int name)
{
	return (level == SOL_SOCKET_LINUX &&
		(name == SO_ATTACH_FILTER_LINUX ||
		 name == SO_ATTACH_REUSEPORT_CBPF_LINUX)) ||
	       (level == SOL_PACKET_LINUX && name == PACKET_FANOUT_DATA_LINUX);
}

static int64_t set_fprog(struct vcpu *cpu, int fd, int level, int name,
			 uint64_t addr)
{
	struct lu_sock_fprog g;
	if (guest_copy_from(lu_mem(cpu), &g, addr, sizeof g))
		return -EFAULT_LINUX;
	struct sock_fprog h = {.len = g.len, .filter = NULL};
	if (g.filter) {
		h.filter =
		    lu_kptr(cpu, g.filter,
			    (uint64_t)g.len * sizeof(struct sock_filter));
		if (!h.filter)
			return -EFAULT_LINUX;
	}
	return lu_ret(setsockopt(fd, level, name, &h, sizeof h));
}

LU_SYSCALL(sys_setsockopt)
{
	int fd = (int)a[0], level = (int)a[1], name = (int)a[2];
	int32_t len = (int32_t)a[4];
	if (opt_refused(level, name, true)) {
		if (fcntl(fd, F_GETFD) == -1)
			return lu_errno(errno);
		return -ENOPROTOOPT_LINUX;
	}
	if (opt_is_fprog(level, name) && a[3] &&
	    len == (int32_t)sizeof(struct lu_sock_fprog))
		return set_fprog(cpu, fd, level, name, a[3]);
	void *val = NULL;
	if (a[3] && !(val = lu_kptr(cpu, a[3], len > 0 ? (uint64_t)len : 0)))
		return -EFAULT_LINUX;
	return lu_ret(setsockopt(fd, level, name, val, (socklen_t)len));
}

LU_SYSCALL(sys_getsockopt)
{
	int fd = (int)a[0], level = (int)a[1], name = (int)a[2];
	if (opt_refused(level, name, false)) {
		if (fcntl(fd, F_GETFD) == -1)
			return lu_errno(errno);
		return -ENOPROTOOPT_LINUX;
	}
	uint32_t glen;
	if (guest_copy_from(lu_mem(cpu), &glen, a[4], sizeof glen))
		return -EFAULT_LINUX;
	socklen_t len = glen;
	void *val = NULL;
	if (a[3]) {
		/* The kernel writes at most len bytes, but SO_GET_FILTER
		 * counts its length in filter instructions. */
		uint64_t n = (int32_t)glen > 0 ? glen : 0;
		if (level == SOL_SOCKET_LINUX && name == SO_ATTACH_FILTER_LINUX)
			n *= sizeof(struct sock_filter);
		if (!(val = lu_kptr(cpu, a[3], n)))
			return -EFAULT_LINUX;
	}
	if (getsockopt(fd, level, name, val, &len) == -1)
		return lu_errno(errno);
	glen = len;
	if (guest_copy_to(lu_mem(cpu), a[4], &glen, sizeof glen))
		return -EFAULT_LINUX;
	return 0;
}

/* ---- sendmsg, recvmsg ---- */

/*
 * Build in h the host msghdr for the guest's g: host pointers for the name,
 * the iovecs (in small when they fit, else malloc'd: free with msg_free)
 * and the control buffer.  The kernel's own checks on these come in its
 * order: a negative name length is the kernel's EINVAL, more than
 * UIO_MAXIOV iovecs EMSGSIZE, a negative iov_len EINVAL, a control buffer
 * over INT_MAX to send ENOBUFS.
 */
static int64_t msg_get(struct vcpu *cpu, const struct lu_msghdr *g,
		       struct msghdr *h, struct iovec *small, size_t nsmall,
		       bool send)
{
	memset(h, 0, sizeof *h);
	h->msg_flags = (int)g->msg_flags;
	h->msg_namelen = (socklen_t)g->msg_namelen;
	if (g->msg_name) {
		/* Read or written: at most sizeof(sockaddr_storage) bytes. */
		uint64_t n =
		    g->msg_namelen > 0
			? min_u64((uint64_t)g->msg_namelen, LU_SOCKADDR_MAX)
			: 0;
		if (!(h->msg_name = lu_kptr(cpu, g->msg_name, n)))
			return -EFAULT_LINUX;
	}

	uint64_t cnt = g->msg_iovlen;
	if (cnt > LU_IOV_MAX)
		return -EMSGSIZE_LINUX;
	if (cnt) {
		struct lu_iovec gv[64];
		struct iovec *v =
		    cnt <= nsmall ? small : malloc(cnt * sizeof *v);
		if (!v)
			return -ENOMEM_LINUX;
		h->msg_iov = v;
		h->msg_iovlen = cnt;
		for (uint64_t i = 0; i < cnt; i += 64) {
			uint64_t k = min_u64(cnt - i, 64);
			if (guest_copy_from(lu_mem(cpu), gv,
					    g->msg_iov + i * sizeof *gv,
					    k * sizeof *gv))
				return -EFAULT_LINUX;
			for (uint64_t j = 0; j < k; j++) {
				uint64_t len = gv[j].iov_len;
				v[i + j].iov_base = NULL;
				v[i + j].iov_len = 0;
				if ((int64_t)len < 0)
					return -EINVAL_LINUX;
				if (!len)
					continue;
				void *p = lu_kbuf(cpu, gv[j].iov_base, &len);
				if (!p)
					return -EFAULT_LINUX;
				v[i + j].iov_base = p;
				v[i + j].iov_len = len;
			}
		}
	}

	uint64_t clen = g->msg_controllen;
	h->msg_controllen = clen;
	if (send && clen > INT_MAX)
		return -ENOBUFS_LINUX;
	if (g->msg_control) {
		/* A send reads all of it; a receive writes what fits. */
		h->msg_control = send ? lu_kptr(cpu, g->msg_control, clen)
				      : lu_kbuf(cpu, g->msg_control, &clen);
		if (!h->msg_control)
			return -EFAULT_LINUX;
		h->msg_controllen = clen;
	}
	return 0;
}

static void msg_free(struct msghdr *h, struct iovec *small)
{
	if (h->msg_iov && h->msg_iov != small)
		free(h->msg_iov);
	h->msg_iov = NULL;
}

/* After a receive: the fields of the guest msghdr at addr the kernel
 * updates, in its order. */
static int64_t msg_put(struct vcpu *cpu, uint64_t addr,
		       const struct lu_msghdr *g, const struct msghdr *h)
{
	struct guest_mem *m = lu_mem(cpu);
	int32_t namelen = (int32_t)h->msg_namelen;
	uint32_t flags = (uint32_t)h->msg_flags;
	uint64_t clen = h->msg_controllen;
	if (g->msg_name &&
	    guest_copy_to(m, addr + offsetof(struct lu_msghdr, msg_namelen),
			  &namelen, sizeof namelen))
		return -EFAULT_LINUX;
	if (guest_copy_to(m, addr + offsetof(struct lu_msghdr, msg_flags),
			  &flags, sizeof flags) ||
	    guest_copy_to(m, addr + offsetof(struct lu_msghdr, msg_controllen),
			  &clen, sizeof clen))
		return -EFAULT_LINUX;
	return 0;
}

static int64_t do_msg(struct vcpu *cpu, const uint64_t *a, bool send)
{
	struct lu_msghdr g;
	if (guest_copy_from(lu_mem(cpu), &g, a[1], sizeof g))
		return -EFAULT_LINUX;
	struct msghdr h;
	struct iovec small[16];
	int64_t r = msg_get(cpu, &g, &h, small, 16, send);
	if (r == 0) {
		ssize_t n = send ? sendmsg((int)a[0], &h, (int)a[2])
				 : recvmsg((int)a[0], &h, (int)a[2]);
		r = n == -1 ? lu_errno(errno) : n;
		if (n >= 0 && !send && msg_put(cpu, a[1], &g, &h))
			r = -EFAULT_LINUX;
	}
	msg_free(&h, small);
	return r;
}

LU_SYSCALL(sys_sendmsg)
{
	return do_msg(cpu, a, true);
}

LU_SYSCALL(sys_recvmsg)
{
	return do_msg(cpu, a, false);
}

/* ---- sendmmsg, recvmmsg ---- */

/*
 * The kernel handles the messages one by one and, when message k > 0
 * fails, returns k.  Here the guest's entries are read and rebuilt first:
 * the first entry that cannot be (unreadable, bad pointer, too many
 * iovecs) ends the array for the host call, or is the error if it is the
 * first.  After the call each done entry gets msg_len (and, received, the
 * msghdr fields); a failed copy ends the count there, as in the kernel.
 */
static int64_t do_mmsg(struct vcpu *cpu, const uint64_t *a, bool send)
{
	struct guest_mem *m = lu_mem(cpu);
	uint64_t vec = a[1];
	unsigned vlen = (unsigned)a[2];
	int flags = (int)a[3];
	if (vlen > LU_IOV_MAX)
		vlen = LU_IOV_MAX;

	struct timespec *ts = NULL;
	if (!send && a[4] && !(ts = lu_kptr(cpu, a[4], sizeof *ts)))
		return -EFAULT_LINUX;
	if (vlen == 0)
		return lu_ret(
		    send
			? syscall(SYS_sendmmsg, (int)a[0], NULL, 0, flags)
			: syscall(SYS_recvmmsg, (int)a[0], NULL, 0, flags, ts));

	struct lu_mmsghdr *g = calloc(vlen, sizeof *g);
	struct mmsghdr *h = calloc(vlen, sizeof *h);
	if (!g || !h) {
		free(g);
		free(h);
		return -ENOMEM_LINUX;
	}
	unsigned k = 0;
	int64_t r = 0;
	for (; k < vlen; k++) {
		if (guest_copy_from(m, &g[k], vec + k * sizeof *g, sizeof *g)) {
			r = -EFAULT_LINUX;
			break;
		}
		r = msg_get(cpu, &g[k].msg_hdr, &h[k].msg_hdr, NULL, 0, send);
		if (r) {
			msg_free(&h[k].msg_hdr, NULL);
			break;
		}
	}
	if (k > 0) {
		long n =
		    send ? syscall(SYS_sendmmsg, (int)a[0], h, k, flags)
			 : syscall(SYS_recvmmsg, (int)a[0], h, k, flags, ts);
		r = n == -1 ? lu_errno(errno) : n;
		for (long i = 0; i < n; i++) {
			uint64_t ga = vec + (uint64_t)i * sizeof *g;
			uint32_t len = h[i].msg_len;
			if (guest_copy_to(
				m, ga + offsetof(struct lu_mmsghdr, msg_len),
				&len, sizeof len) ||
			    (!send &&
			     msg_put(cpu, ga, &g[i].msg_hdr, &h[i].msg_hdr))) {
				r = i ? i : -EFAULT_LINUX;
				break;
			}
		}
	}
	for (unsigned i = 0; i < k; i++)
		msg_free(&h[i].msg_hdr, NULL);
	free(g);
	free(h);
	return r;
}

LU_SYSCALL(sys_sendmmsg)
{
	return do_mmsg(cpu, a, true);
}

LU_SYSCALL(sys_recvmmsg)
{
	return do_mmsg(cpu, a, false);
}
