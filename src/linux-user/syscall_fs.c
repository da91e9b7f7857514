/*
 * File and file-descriptor system calls of the riscv64 guest.
 *
 * Design: guest fds are host fds (loupe keeps no fd table); the only fd the
 * guest may not close or replace is the one lu_fd_reserved() names (the -D
 * log).  Paths are copied out of the guest (lu_path), /proc/self/exe is
 * answered with the guest program instead of loupe, and with -L an absolute
 * path that exists under the sysroot is looked up there.  Buffers the kernel
 * fills or reads are passed by host address after a guest-space check; the
 * kernel reports EFAULT for unmapped guest pages.  Structures whose layout
 * differs (struct stat, struct flock) are converted field by field; the
 * rest (statx, dirent64, termios, winsize, iovec contents) have the same
 * layout on riscv64 and x86-64 and are copied as bytes.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "linux-user/syscall_priv.h"

/* ---- open flags: guest <-> host, in one table ---- */

/* The host's kernel value of O_LARGEFILE; x86-64 glibc defines it as 0. */
#define HOST_O_LARGEFILE 0100000

const struct lu_flag lu_open_flags[] = {
    {O_CREAT_LINUX, O_CREAT, "O_CREAT"},
    {O_EXCL_LINUX, O_EXCL, "O_EXCL"},
    {O_NOCTTY_LINUX, O_NOCTTY, "O_NOCTTY"},
    {O_TRUNC_LINUX, O_TRUNC, "O_TRUNC"},
    {O_APPEND_LINUX, O_APPEND, "O_APPEND"},
    {O_NONBLOCK_LINUX, O_NONBLOCK, "O_NONBLOCK"},
    {O_SYNC_BIT_LINUX | O_DSYNC_LINUX, O_SYNC, "O_SYNC"},
    {O_DSYNC_LINUX, O_DSYNC, "O_DSYNC"},
    {O_ASYNC_LINUX, O_ASYNC, "O_ASYNC"},
    {O_DIRECT_LINUX, O_DIRECT, "O_DIRECT"},
    {O_LARGEFILE_LINUX, HOST_O_LARGEFILE, "O_LARGEFILE"},
    {O_TMPFILE_BIT_LINUX | O_DIRECTORY_LINUX, O_TMPFILE, "O_TMPFILE"},
    {O_DIRECTORY_LINUX, O_DIRECTORY, "O_DIRECTORY"},
    {O_NOFOLLOW_LINUX, O_NOFOLLOW, "O_NOFOLLOW"},
    {O_NOATIME_LINUX, O_NOATIME, "O_NOATIME"},
    {O_CLOEXEC_LINUX, O_CLOEXEC, "O_CLOEXEC"},
    {O_PATH_LINUX, O_PATH, "O_PATH"},
};
const size_t lu_open_flags_count =
    sizeof lu_open_flags / sizeof lu_open_flags[0];

/* Bits no entry names pass through unchanged, so the kernel judges them
 * as it would for a native program. */
static uint32_t map_flags(uint32_t v, bool to_host)
{
	uint32_t out = v & O_ACCMODE_LINUX; /* same encoding both sides */
	v &= ~(uint32_t)O_ACCMODE_LINUX;
	for (size_t i = 0; i < lu_open_flags_count; i++) {
		const struct lu_flag *f = &lu_open_flags[i];
		uint32_t from = to_host ? f->guest : f->host;
		uint32_t to = to_host ? f->host : f->guest;
		if (from && (v & from) == from) {
			out |= to;
			v &= ~from;
		}
	}
	return out | v;
}

uint32_t lu_open_flags_to_host(uint32_t guest)
{
	return map_flags(guest, true);
}

uint32_t lu_open_flags_to_guest(uint32_t host)
{
	return map_flags(host, false);
}

/* ---- /proc/self ---- */

/* True if path names /proc/self/<entry> of this process. */
static bool is_proc_self(const char *path, const char *entry)
{
	const char *rest;
	if (!strncmp(path, "/proc/self/", 11)) {
		rest = path + 11;
	} else if (!strncmp(path, "/proc/thread-self/", 18)) {
		rest = path + 18;
	} else if (!strncmp(path, "/proc/", 6)) {
		char *end;
		long pid = strtol(path + 6, &end, 10);
		if (end == path + 6 || *end != '/' || pid != getpid())
			return false;
		rest = end + 1;
	} else {
		return false;
	}
	return !strcmp(rest, entry);
}

static const char *exe_path(struct vcpu *cpu)
{
	struct lu_process *p = cpu->proc;
	return p->exe_realpath ? p->exe_realpath : p->exe_path;
}

const char *lu_proc_self_exe(struct vcpu *cpu, const char *path)
{
	return is_proc_self(path, "exe") ? exe_path(cpu) : NULL;
}

/* ---- open, close, dup ---- */

LU_SYSCALL(sys_openat)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	const char *host = lu_host_path(cpu, path, tmp);
	if (is_proc_self(path, "exe") && exe_path(cpu))
		host = exe_path(cpu);
	return lu_ret(syscall(SYS_openat, (int)a[0], host,
			      lu_open_flags_to_host((uint32_t)a[2]),
			      (mode_t)a[3]));
}

LU_SYSCALL(sys_close)
{
	int fd = (int)a[0];
	if (lu_fd_reserved(cpu->proc, fd))
		return -EBADF_LINUX;
	return lu_ret(close(fd));
}

LU_SYSCALL(sys_close_range)
{
	unsigned first = (unsigned)a[0], last = (unsigned)a[1];
	unsigned flags = (unsigned)a[2];
	if (first > last)
		return -EINVAL_LINUX;
	if (flags &
	    ~(unsigned)(CLOSE_RANGE_UNSHARE_LINUX | CLOSE_RANGE_CLOEXEC_LINUX))
		return -EINVAL_LINUX;
	unsigned hflags =
	    (flags & CLOSE_RANGE_UNSHARE_LINUX ? CLOSE_RANGE_UNSHARE : 0) |
	    (flags & CLOSE_RANGE_CLOEXEC_LINUX ? CLOSE_RANGE_CLOEXEC : 0);
	/* Close around the fd loupe keeps. */
	int keep = cpu->proc->log ? fileno(cpu->proc->log) : -1;
	if (lu_fd_reserved(cpu->proc, keep) && (unsigned)keep >= first &&
	    (unsigned)keep <= last) {
		if ((unsigned)keep > first &&
		    syscall(SYS_close_range, first, (unsigned)keep - 1,
			    hflags) == -1)
			return lu_errno(errno);
		if ((unsigned)keep == last)
			return 0;
		first = (unsigned)keep + 1;
	}
	return lu_ret(syscall(SYS_close_range, first, last, hflags));
}

LU_SYSCALL(sys_dup)
{
	return lu_ret(dup((int)a[0]));
}

LU_SYSCALL(sys_dup3)
{
	int newfd = (int)a[1];
	if (lu_fd_reserved(cpu->proc, newfd))
		return -EBADF_LINUX;
	return lu_ret(syscall(SYS_dup3, (int)a[0], newfd,
			      lu_open_flags_to_host((uint32_t)a[2])));
}

LU_SYSCALL(sys_pipe2)
{
	int fds[2];
	if (pipe2(fds, (int)lu_open_flags_to_host((uint32_t)a[1])) == -1)
		return lu_errno(errno);
	int32_t g[2] = {fds[0], fds[1]};
	if (guest_copy_to(lu_mem(cpu), a[0], g, sizeof g)) {
		close(fds[0]);
		close(fds[1]);
		return -EFAULT_LINUX;
	}
	return 0;
}

LU_SYSCALL(sys_eventfd2)
{
	return lu_ret(syscall(SYS_eventfd2, (unsigned)a[0],
			      (int)lu_open_flags_to_host((uint32_t)a[1])));
}

LU_SYSCALL(sys_memfd_create)
{
	char name[256];
	int64_t r = lu_strcpy_from(cpu, name, sizeof name, a[0]);
	if (r == -ENAMETOOLONG_LINUX)
		return -EINVAL_LINUX;
	if (r < 0)
		return r;
	/* MFD_* flags are the same on every architecture. */
	return lu_ret(syscall(SYS_memfd_create, name, (unsigned)a[1]));
}

/* ---- read, write ---- */

LU_SYSCALL(sys_read)
{
	uint64_t len = a[2];
	void *buf = lu_kbuf(cpu, a[1], &len);
	if (!buf)
		return -EFAULT_LINUX;
	return lu_ret(read((int)a[0], buf, len));
}

LU_SYSCALL(sys_write)
{
	uint64_t len = a[2];
	void *buf = lu_kbuf(cpu, a[1], &len);
	if (!buf)
		return -EFAULT_LINUX;
	return lu_ret(write((int)a[0], buf, len));
}

LU_SYSCALL(sys_pread64)
{
	uint64_t len = a[2];
	void *buf = lu_kbuf(cpu, a[1], &len);
	if (!buf)
		return -EFAULT_LINUX;
	return lu_ret(pread((int)a[0], buf, len, (off_t)a[3]));
}

LU_SYSCALL(sys_pwrite64)
{
	uint64_t len = a[2];
	void *buf = lu_kbuf(cpu, a[1], &len);
	if (!buf)
		return -EFAULT_LINUX;
	return lu_ret(pwrite((int)a[0], buf, len, (off_t)a[3]));
}

/*
 * Host iovecs for a guest iovec array.  Returns the array (malloc'd if
 * *heap) or NULL with *err set.  The kernel's checks come first: more than
 * IOV_MAX entries or a negative length is EINVAL.
 */
static struct iovec *iov_get(struct vcpu *cpu, uint64_t addr, uint64_t cnt,
			     struct iovec *small, size_t nsmall, int64_t *err)
{
	if ((int32_t)cnt < 0 || cnt > LU_IOV_MAX) {
		*err = -EINVAL_LINUX;
		return NULL;
	}
	struct lu_iovec *g = calloc(cnt ? cnt : 1, sizeof *g);
	struct iovec *h = cnt <= nsmall ? small : calloc(cnt, sizeof *h);
	if (!g || !h) {
		free(g);
		if (h != small)
			free(h);
		*err = -ENOMEM_LINUX;
		return NULL;
	}
	if (guest_copy_from(lu_mem(cpu), g, addr, cnt * sizeof *g)) {
		*err = -EFAULT_LINUX;
		goto fail;
	}
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t len = g[i].iov_len;
		if ((int64_t)len < 0) {
			*err = -EINVAL_LINUX;
			goto fail;
		}
		if (!len) {
			h[i].iov_base = NULL;
			h[i].iov_len = 0;
			continue;
		}
		void *p = lu_kbuf(cpu, g[i].iov_base, &len);
		if (!p) {
			*err = -EFAULT_LINUX;
			goto fail;
		}
		h[i].iov_base = p;
		h[i].iov_len = len;
	}
	free(g);
	return h;
fail:
	free(g);
	if (h != small)
		free(h);
	return NULL;
}

static void iov_put(struct iovec *h, struct iovec *small)
{
	if (h != small)
		free(h);
}

/* readv, writev, preadv, pwritev (the 64-bit kernel takes the whole
 * offset in the low argument). */
static int64_t do_iov(struct vcpu *cpu, const uint64_t *a, long nr,
		      bool with_off)
{
	struct iovec small[16];
	int64_t err = 0;
	struct iovec *iov = iov_get(cpu, a[1], a[2], small, 16, &err);
	if (!iov)
		return err;
	long r = with_off ? syscall(nr, (int)a[0], iov, (int)a[2], a[3], 0L)
			  : syscall(nr, (int)a[0], iov, (int)a[2]);
	int e = errno;
	iov_put(iov, small);
	return r == -1 ? lu_errno(e) : r;
}

LU_SYSCALL(sys_readv)
{
	return do_iov(cpu, a, SYS_readv, false);
}

LU_SYSCALL(sys_writev)
{
	return do_iov(cpu, a, SYS_writev, false);
}

LU_SYSCALL(sys_preadv)
{
	return do_iov(cpu, a, SYS_preadv, true);
}

LU_SYSCALL(sys_pwritev)
{
	return do_iov(cpu, a, SYS_pwritev, true);
}

LU_SYSCALL(sys_lseek)
{
	/* SEEK_* values are the same on every architecture. */
	return lu_ret(lseek((int)a[0], (off_t)a[1], (int)a[2]));
}

LU_SYSCALL(sys_sendfile)
{
	off_t *off = NULL;
	if (a[2] && !(off = lu_kptr(cpu, a[2], sizeof *off)))
		return -EFAULT_LINUX;
	uint64_t len = a[3];
	if (len > LU_MAX_RW_COUNT)
		len = LU_MAX_RW_COUNT;
	return lu_ret(sendfile((int)a[0], (int)a[1], off, len));
}

/* ---- poll, select ---- */

LU_SYSCALL(sys_ppoll)
{
	uint64_t nfds = (uint32_t)a[1];
	struct pollfd *fds = NULL;
	if (nfds > 1u << 20)
		return -EINVAL_LINUX;
	_Static_assert(sizeof(struct pollfd) == sizeof(struct lu_pollfd),
		       "pollfd layout");
	if (nfds && !(fds = lu_kptr(cpu, a[0], nfds * sizeof *fds)))
		return -EFAULT_LINUX;
	struct timespec *ts = NULL;
	if (a[2] && !(ts = lu_kptr(cpu, a[2], sizeof *ts)))
		return -EFAULT_LINUX;
	uint64_t old;
	int64_t r = lu_sigmask_begin(cpu, a[3], a[4], &old);
	if (r == 0)
		r = lu_ret(syscall(SYS_ppoll, fds, nfds, ts, NULL, 8));
	return lu_sigmask_end(cpu, old, r);
}

LU_SYSCALL(sys_pselect6)
{
	int nfds = (int)a[0];
	if (nfds < 0)
		return -EINVAL_LINUX;
	uint64_t bytes = ((uint64_t)nfds + 63) / 64 * 8;
	void *set[3] = {NULL, NULL, NULL};
	for (int i = 0; i < 3; i++)
		if (a[1 + i] && !(set[i] = lu_kptr(cpu, a[1 + i], bytes)))
			return -EFAULT_LINUX;
	struct timespec *ts = NULL;
	if (a[4] && !(ts = lu_kptr(cpu, a[4], sizeof *ts)))
		return -EFAULT_LINUX;
	/* The sixth argument points at {sigset pointer, its size}. */
	uint64_t sig[2] = {0, 0};
	if (a[5] && guest_copy_from(lu_mem(cpu), sig, a[5], sizeof sig))
		return -EFAULT_LINUX;
	uint64_t old;
	int64_t r = lu_sigmask_begin(cpu, sig[0], sig[1], &old);
	if (r == 0)
		r = lu_ret(syscall(SYS_pselect6, nfds, set[0], set[1], set[2],
				   ts, NULL));
	return lu_sigmask_end(cpu, old, r);
}

/* ---- stat ---- */

static void stat_to_guest(struct lu_stat *g, const struct stat *h)
{
	memset(g, 0, sizeof *g);
	g->st_dev = h->st_dev;
	g->st_ino = h->st_ino;
	g->st_mode = h->st_mode;
	g->st_nlink = (uint32_t)h->st_nlink;
	g->st_uid = h->st_uid;
	g->st_gid = h->st_gid;
	g->st_rdev = h->st_rdev;
	g->st_size = h->st_size;
	g->st_blksize = (int32_t)h->st_blksize;
	g->st_blocks = h->st_blocks;
	g->st_atime_sec = h->st_atim.tv_sec;
	g->st_atime_nsec = (uint64_t)h->st_atim.tv_nsec;
	g->st_mtime_sec = h->st_mtim.tv_sec;
	g->st_mtime_nsec = (uint64_t)h->st_mtim.tv_nsec;
	g->st_ctime_sec = h->st_ctim.tv_sec;
	g->st_ctime_nsec = (uint64_t)h->st_ctim.tv_nsec;
}

static int64_t put_stat(struct vcpu *cpu, uint64_t addr, const struct stat *h)
{
	struct lu_stat g;
	stat_to_guest(&g, h);
	return guest_copy_to(lu_mem(cpu), addr, &g, sizeof g) ? -EFAULT_LINUX
							      : 0;
}

LU_SYSCALL(sys_fstat)
{
	struct stat st;
	if (fstat((int)a[0], &st) == -1)
		return lu_errno(errno);
	return put_stat(cpu, a[1], &st);
}

LU_SYSCALL(sys_newfstatat)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	struct stat st;
	if (syscall(SYS_newfstatat, (int)a[0], lu_host_path(cpu, path, tmp),
		    &st, (int)a[3]) == -1)
		return lu_errno(errno);
	return put_stat(cpu, a[2], &st);
}

LU_SYSCALL(sys_statx)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	struct statx stx;
	_Static_assert(sizeof stx == sizeof(struct lu_statx), "statx layout");
	if (syscall(SYS_statx, (int)a[0], lu_host_path(cpu, path, tmp),
		    (int)a[2], (unsigned)a[3], &stx) == -1)
		return lu_errno(errno);
	return guest_copy_to(lu_mem(cpu), a[4], &stx, sizeof stx)
		   ? -EFAULT_LINUX
		   : 0;
}

static int64_t put_statfs(struct vcpu *cpu, uint64_t addr,
			  const struct statfs *h)
{
	struct lu_statfs g;
	memset(&g, 0, sizeof g);
	g.f_type = h->f_type;
	g.f_bsize = h->f_bsize;
	g.f_blocks = h->f_blocks;
	g.f_bfree = h->f_bfree;
	g.f_bavail = h->f_bavail;
	g.f_files = h->f_files;
	g.f_ffree = h->f_ffree;
	memcpy(g.f_fsid, &h->f_fsid, sizeof g.f_fsid);
	g.f_namelen = h->f_namelen;
	g.f_frsize = h->f_frsize;
	g.f_flags = h->f_flags;
	return guest_copy_to(lu_mem(cpu), addr, &g, sizeof g) ? -EFAULT_LINUX
							      : 0;
}

LU_SYSCALL(sys_statfs)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[0]);
	if (r < 0)
		return r;
	struct statfs sf;
	if (statfs(lu_host_path(cpu, path, tmp), &sf) == -1)
		return lu_errno(errno);
	return put_statfs(cpu, a[1], &sf);
}

LU_SYSCALL(sys_fstatfs)
{
	struct statfs sf;
	if (fstatfs((int)a[0], &sf) == -1)
		return lu_errno(errno);
	return put_statfs(cpu, a[1], &sf);
}

LU_SYSCALL(sys_getdents64)
{
	/* struct linux_dirent64 has the same layout everywhere. */
	uint64_t len = a[2];
	void *buf = lu_kbuf(cpu, a[1], &len);
	if (!buf)
		return -EFAULT_LINUX;
	if (len > (1u << 30))
		len = 1u << 30;
	return lu_ret(syscall(SYS_getdents64, (int)a[0], buf, (unsigned)len));
}

LU_SYSCALL(sys_readlinkat)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int bufsiz = (int)a[3];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	if (bufsiz <= 0)
		return -EINVAL_LINUX;
	if (is_proc_self(path, "exe") && exe_path(cpu)) {
		const char *exe = exe_path(cpu);
		size_t n = strlen(exe);
		if (n > (size_t)bufsiz)
			n = (size_t)bufsiz;
		if (guest_copy_to(lu_mem(cpu), a[2], exe, n))
			return -EFAULT_LINUX;
		return (int64_t)n;
	}
	uint64_t len = (uint64_t)bufsiz;
	void *buf = lu_kbuf(cpu, a[2], &len);
	if (!buf)
		return -EFAULT_LINUX;
	return lu_ret(
	    readlinkat((int)a[0], lu_host_path(cpu, path, tmp), buf, len));
}

/* ---- fcntl, ioctl ---- */

static int64_t fcntl_lock(struct vcpu *cpu, int fd, int cmd, uint64_t addr)
{
	struct lu_flock g;
	if (guest_copy_from(lu_mem(cpu), &g, addr, sizeof g))
		return -EFAULT_LINUX;
	/* F_RDLCK/F_WRLCK/F_UNLCK and SEEK_* are the same everywhere. */
	struct flock h = {.l_type = g.l_type,
			  .l_whence = g.l_whence,
			  .l_start = g.l_start,
			  .l_len = g.l_len,
			  .l_pid = g.l_pid};
	if (fcntl(fd, cmd, &h) == -1)
		return lu_errno(errno);
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		g.l_type = h.l_type;
		g.l_whence = h.l_whence;
		g.l_start = h.l_start;
		g.l_len = h.l_len;
		g.l_pid = h.l_pid;
		if (guest_copy_to(lu_mem(cpu), addr, &g, sizeof g))
			return -EFAULT_LINUX;
	}
	return 0;
}

LU_SYSCALL(sys_fcntl)
{
	int fd = (int)a[0];
	int arg = (int)a[2];
	switch ((int)a[1]) {
	case F_DUPFD_LINUX:
		return lu_ret(fcntl(fd, F_DUPFD, arg));
	case F_DUPFD_CLOEXEC_LINUX:
		return lu_ret(fcntl(fd, F_DUPFD_CLOEXEC, arg));
	case F_GETFD_LINUX: {
		int r = fcntl(fd, F_GETFD);
		if (r == -1)
			return lu_errno(errno);
		return r & FD_CLOEXEC ? FD_CLOEXEC_LINUX : 0;
	}
	case F_SETFD_LINUX:
		return lu_ret(fcntl(fd, F_SETFD,
				    arg & FD_CLOEXEC_LINUX ? FD_CLOEXEC : 0));
	case F_GETFL_LINUX: {
		int r = fcntl(fd, F_GETFL);
		if (r == -1)
			return lu_errno(errno);
		return lu_open_flags_to_guest((uint32_t)r);
	}
	case F_SETFL_LINUX:
		return lu_ret(
		    fcntl(fd, F_SETFL, lu_open_flags_to_host((uint32_t)arg)));
	case F_GETLK_LINUX:
		return fcntl_lock(cpu, fd, F_GETLK, a[2]);
	case F_SETLK_LINUX:
		return fcntl_lock(cpu, fd, F_SETLK, a[2]);
	case F_SETLKW_LINUX:
		return fcntl_lock(cpu, fd, F_SETLKW, a[2]);
	case F_OFD_GETLK_LINUX:
		return fcntl_lock(cpu, fd, F_OFD_GETLK, a[2]);
	case F_OFD_SETLK_LINUX:
		return fcntl_lock(cpu, fd, F_OFD_SETLK, a[2]);
	case F_OFD_SETLKW_LINUX:
		return fcntl_lock(cpu, fd, F_OFD_SETLKW, a[2]);
	case F_GETOWN_EX_LINUX:
	case F_SETOWN_EX_LINUX: {
		struct f_owner_ex *o = lu_kptr(cpu, a[2], sizeof *o);
		_Static_assert(sizeof *o == sizeof(struct lu_f_owner_ex),
			       "f_owner_ex layout");
		if (!o)
			return -EFAULT_LINUX;
		return lu_ret(fcntl(
		    fd,
		    (int)a[1] == F_GETOWN_EX_LINUX ? F_GETOWN_EX : F_SETOWN_EX,
		    o));
	}
	/* Integer argument, same meaning everywhere. */
	case F_SETOWN_LINUX:
		return lu_ret(fcntl(fd, F_SETOWN, arg));
	case F_GETOWN_LINUX:
		return lu_ret(fcntl(fd, F_GETOWN));
	case F_SETSIG_LINUX:
		return lu_ret(fcntl(fd, F_SETSIG, arg));
	case F_GETSIG_LINUX:
		return lu_ret(fcntl(fd, F_GETSIG));
	case F_SETLEASE_LINUX:
		return lu_ret(fcntl(fd, F_SETLEASE, arg));
	case F_GETLEASE_LINUX:
		return lu_ret(fcntl(fd, F_GETLEASE));
	case F_SETPIPE_SZ_LINUX:
		return lu_ret(fcntl(fd, F_SETPIPE_SZ, arg));
	case F_GETPIPE_SZ_LINUX:
		return lu_ret(fcntl(fd, F_GETPIPE_SZ));
	case F_ADD_SEALS_LINUX:
		return lu_ret(fcntl(fd, F_ADD_SEALS, arg));
	case F_GET_SEALS_LINUX:
		return lu_ret(fcntl(fd, F_GET_SEALS));
	default:
		return -EINVAL_LINUX;
	}
}

/* ioctl with an int the kernel reads (in) or writes (out) at a guest
 * pointer. */
static int64_t ioctl_int(struct vcpu *cpu, int fd, unsigned long req,
			 uint64_t addr, bool out)
{
	int v = 0;
	if (!out && guest_copy_from(lu_mem(cpu), &v, addr, sizeof v))
		return -EFAULT_LINUX;
	if (ioctl(fd, req, &v) == -1)
		return lu_errno(errno);
	if (out && guest_copy_to(lu_mem(cpu), addr, &v, sizeof v))
		return -EFAULT_LINUX;
	return 0;
}

/* ioctl with a structure of len bytes, the same layout on the host. */
static int64_t ioctl_struct(struct vcpu *cpu, int fd, unsigned long req,
			    uint64_t addr, size_t len, bool out)
{
	uint8_t buf[64];
	if (len > sizeof buf)
		return -EINVAL_LINUX;
	if (!out && guest_copy_from(lu_mem(cpu), buf, addr, len))
		return -EFAULT_LINUX;
	if (ioctl(fd, req, buf) == -1)
		return lu_errno(errno);
	if (out && guest_copy_to(lu_mem(cpu), addr, buf, len))
		return -EFAULT_LINUX;
	return 0;
}

LU_SYSCALL(sys_ioctl)
{
	int fd = (int)a[0];
	uint64_t arg = a[2];
	/* The kernel's struct termios and struct winsize are the asm-generic
	 * ones on both riscv64 and x86-64; requests are the generic
	 * numbers. */
	switch ((uint32_t)a[1]) {
	case TCGETS_LINUX:
		return ioctl_struct(cpu, fd, TCGETS, arg,
				    sizeof(struct lu_termios), true);
	case TCSETS_LINUX:
		return ioctl_struct(cpu, fd, TCSETS, arg,
				    sizeof(struct lu_termios), false);
	case TCSETSW_LINUX:
		return ioctl_struct(cpu, fd, TCSETSW, arg,
				    sizeof(struct lu_termios), false);
	case TCSETSF_LINUX:
		return ioctl_struct(cpu, fd, TCSETSF, arg,
				    sizeof(struct lu_termios), false);
	case TIOCGWINSZ_LINUX:
		return ioctl_struct(cpu, fd, TIOCGWINSZ, arg,
				    sizeof(struct lu_winsize), true);
	case TIOCSWINSZ_LINUX:
		return ioctl_struct(cpu, fd, TIOCSWINSZ, arg,
				    sizeof(struct lu_winsize), false);
	case TIOCGPGRP_LINUX:
		return ioctl_int(cpu, fd, TIOCGPGRP, arg, true);
	case TIOCSPGRP_LINUX:
		return ioctl_int(cpu, fd, TIOCSPGRP, arg, false);
	case TIOCGSID_LINUX:
		return ioctl_int(cpu, fd, TIOCGSID, arg, true);
	case TIOCOUTQ_LINUX:
		return ioctl_int(cpu, fd, TIOCOUTQ, arg, true);
	case FIONREAD_LINUX:
		return ioctl_int(cpu, fd, FIONREAD, arg, true);
	case FIONBIO_LINUX:
		return ioctl_int(cpu, fd, FIONBIO, arg, false);
	case FIOASYNC_LINUX:
		return ioctl_int(cpu, fd, FIOASYNC, arg, false);
	case TIOCGPTN_LINUX:
		return ioctl_int(cpu, fd, TIOCGPTN, arg, true);
	case TIOCSPTLCK_LINUX:
		return ioctl_int(cpu, fd, TIOCSPTLCK, arg, false);
	case TIOCGPTLCK_LINUX:
		return ioctl_int(cpu, fd, TIOCGPTLCK, arg, true);
	case TIOCGPTPEER_LINUX:
		return lu_ret(ioctl(fd, TIOCGPTPEER,
				    (int)lu_open_flags_to_host((uint32_t)arg)));
	case TIOCSCTTY_LINUX:
		return lu_ret(ioctl(fd, TIOCSCTTY, (int)arg));
	case TIOCNOTTY_LINUX:
		return lu_ret(ioctl(fd, TIOCNOTTY));
	case TCSBRK_LINUX:
		return lu_ret(ioctl(fd, TCSBRK, (int)arg));
	case TCXONC_LINUX:
		return lu_ret(ioctl(fd, TCXONC, (int)arg));
	case TCFLSH_LINUX:
		return lu_ret(ioctl(fd, TCFLSH, (int)arg));
	case FIOCLEX_LINUX:
		return lu_ret(ioctl(fd, FIOCLEX));
	case FIONCLEX_LINUX:
		return lu_ret(ioctl(fd, FIONCLEX));
	default:
		/* Unknown requests fail as an unknown ioctl does, but on a
		 * bad fd the kernel says EBADF first. */
		if (fcntl(fd, F_GETFD) == -1)
			return lu_errno(errno);
		return -ENOTTY_LINUX;
	}
}

LU_SYSCALL(sys_flock)
{
	return lu_ret(flock((int)a[0], (int)a[1]));
}

/* ---- names in the file system ---- */

LU_SYSCALL(sys_faccessat)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	return lu_ret(syscall(SYS_faccessat, (int)a[0],
			      lu_host_path(cpu, path, tmp), (int)a[2]));
}

LU_SYSCALL(sys_faccessat2)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	return lu_ret(syscall(SYS_faccessat2, (int)a[0],
			      lu_host_path(cpu, path, tmp), (int)a[2],
			      (int)a[3]));
}

LU_SYSCALL(sys_mkdirat)
{
	char path[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	return lu_ret(mkdirat((int)a[0], path, (mode_t)a[2]));
}

LU_SYSCALL(sys_unlinkat)
{
	char path[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	return lu_ret(unlinkat((int)a[0], path, (int)a[2]));
}

LU_SYSCALL(sys_symlinkat)
{
	char target[LU_PATH_MAX], path[LU_PATH_MAX];
	int64_t r = lu_path(cpu, target, a[0]);
	if (r < 0)
		return r;
	if ((r = lu_path(cpu, path, a[2])) < 0)
		return r;
	return lu_ret(symlinkat(target, (int)a[1], path));
}

LU_SYSCALL(sys_linkat)
{
	char from[LU_PATH_MAX], to[LU_PATH_MAX];
	int64_t r = lu_path(cpu, from, a[1]);
	if (r < 0)
		return r;
	if ((r = lu_path(cpu, to, a[3])) < 0)
		return r;
	return lu_ret(linkat((int)a[0], from, (int)a[2], to, (int)a[4]));
}

LU_SYSCALL(sys_renameat2)
{
	char from[LU_PATH_MAX], to[LU_PATH_MAX];
	int64_t r = lu_path(cpu, from, a[1]);
	if (r < 0)
		return r;
	if ((r = lu_path(cpu, to, a[3])) < 0)
		return r;
	return lu_ret(syscall(SYS_renameat2, (int)a[0], from, (int)a[2], to,
			      (unsigned)a[4]));
}

LU_SYSCALL(sys_truncate)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[0]);
	if (r < 0)
		return r;
	return lu_ret(truncate(lu_host_path(cpu, path, tmp), (off_t)a[1]));
}

LU_SYSCALL(sys_ftruncate)
{
	return lu_ret(ftruncate((int)a[0], (off_t)a[1]));
}

LU_SYSCALL(sys_fallocate)
{
	return lu_ret(
	    fallocate((int)a[0], (int)a[1], (off_t)a[2], (off_t)a[3]));
}

LU_SYSCALL(sys_sync)
{
	sync();
	return 0;
}

LU_SYSCALL(sys_fsync)
{
	return lu_ret(fsync((int)a[0]));
}

LU_SYSCALL(sys_fdatasync)
{
	return lu_ret(fdatasync((int)a[0]));
}

LU_SYSCALL(sys_fchmod)
{
	return lu_ret(fchmod((int)a[0], (mode_t)a[1]));
}

LU_SYSCALL(sys_fchmodat)
{
	char path[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	return lu_ret(syscall(SYS_fchmodat, (int)a[0], path, (mode_t)a[2]));
}

LU_SYSCALL(sys_fchown)
{
	return lu_ret(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2]));
}

LU_SYSCALL(sys_fchownat)
{
	char path[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[1]);
	if (r < 0)
		return r;
	return lu_ret(
	    fchownat((int)a[0], path, (uid_t)a[2], (gid_t)a[3], (int)a[4]));
}

LU_SYSCALL(sys_utimensat)
{
	char path[LU_PATH_MAX];
	const char *p = NULL;
	if (a[1]) { /* NULL names dirfd itself (futimens) */
		int64_t r = lu_path(cpu, path, a[1]);
		if (r < 0)
			return r;
		p = path;
	}
	struct timespec *ts = NULL;
	if (a[2] && !(ts = lu_kptr(cpu, a[2], 2 * sizeof *ts)))
		return -EFAULT_LINUX;
	return lu_ret(syscall(SYS_utimensat, (int)a[0], p, ts, (int)a[3]));
}

/* ---- working directory, umask ---- */

LU_SYSCALL(sys_getcwd)
{
	char buf[LU_PATH_MAX];
	long n = syscall(SYS_getcwd, buf, sizeof buf);
	if (n == -1)
		return lu_errno(errno);
	if ((uint64_t)n > a[1])
		return -ERANGE_LINUX;
	if (guest_copy_to(lu_mem(cpu), a[0], buf, (size_t)n))
		return -EFAULT_LINUX;
	return n;
}

LU_SYSCALL(sys_chdir)
{
	char path[LU_PATH_MAX], tmp[LU_PATH_MAX];
	int64_t r = lu_path(cpu, path, a[0]);
	if (r < 0)
		return r;
	return lu_ret(chdir(lu_host_path(cpu, path, tmp)));
}

LU_SYSCALL(sys_fchdir)
{
	return lu_ret(fchdir((int)a[0]));
}

LU_SYSCALL(sys_umask)
{
	return umask((mode_t)a[0] & 0777);
}
