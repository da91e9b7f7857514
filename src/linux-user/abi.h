/*
 * The Linux ABI of the riscv64 guest: constants and structure layouts as the
 * guest's kernel defines them (riscv64 uses the asm-generic numbering and
 * layouts).  Constants carry a _LINUX suffix, structures an lu_ prefix.
 *
 * Design: nothing here depends on the host.  The system call layer converts
 * between these and the host's values in one place each (errno in
 * syscall.c:lu_errno, open flags in syscall_fs.c, struct stat field by
 * field); where a host structure happens to have the same layout the
 * _Static_asserts in the handlers say so, so a host with a different ABI
 * fails to build instead of corrupting guest memory.
 */
#ifndef LOUPE_LINUX_USER_ABI_H
#define LOUPE_LINUX_USER_ABI_H

#include <stdint.h>

/* ---- errno: name and guest number, asm-generic/errno{-base}.h ---- */
/* clang-format off */
#define LU_ERRNO_LIST(X)                                                       \
	X(EPERM, 1) X(ENOENT, 2) X(ESRCH, 3) X(EINTR, 4) X(EIO, 5)             \
	X(ENXIO, 6) X(E2BIG, 7) X(ENOEXEC, 8) X(EBADF, 9) X(ECHILD, 10)        \
	X(EAGAIN, 11) X(ENOMEM, 12) X(EACCES, 13) X(EFAULT, 14)                \
	X(ENOTBLK, 15) X(EBUSY, 16) X(EEXIST, 17) X(EXDEV, 18) X(ENODEV, 19)   \
	X(ENOTDIR, 20) X(EISDIR, 21) X(EINVAL, 22) X(ENFILE, 23)               \
	X(EMFILE, 24) X(ENOTTY, 25) X(ETXTBSY, 26) X(EFBIG, 27)                \
	X(ENOSPC, 28) X(ESPIPE, 29) X(EROFS, 30) X(EMLINK, 31) X(EPIPE, 32)    \
	X(EDOM, 33) X(ERANGE, 34) X(EDEADLK, 35) X(ENAMETOOLONG, 36)           \
	X(ENOLCK, 37) X(ENOSYS, 38) X(ENOTEMPTY, 39) X(ELOOP, 40)              \
	X(ENOMSG, 42) X(EIDRM, 43) X(ECHRNG, 44) X(EL2NSYNC, 45)               \
	X(EL3HLT, 46) X(EL3RST, 47) X(ELNRNG, 48) X(EUNATCH, 49)               \
	X(ENOCSI, 50) X(EL2HLT, 51) X(EBADE, 52) X(EBADR, 53) X(EXFULL, 54)    \
	X(ENOANO, 55) X(EBADRQC, 56) X(EBADSLT, 57) X(EBFONT, 59)              \
	X(ENOSTR, 60) X(ENODATA, 61) X(ETIME, 62) X(ENOSR, 63)                 \
	X(ENONET, 64) X(ENOPKG, 65) X(EREMOTE, 66) X(ENOLINK, 67)              \
	X(EADV, 68) X(ESRMNT, 69) X(ECOMM, 70) X(EPROTO, 71)                   \
	X(EMULTIHOP, 72) X(EDOTDOT, 73) X(EBADMSG, 74) X(EOVERFLOW, 75)        \
	X(ENOTUNIQ, 76) X(EBADFD, 77) X(EREMCHG, 78) X(ELIBACC, 79)            \
	X(ELIBBAD, 80) X(ELIBSCN, 81) X(ELIBMAX, 82) X(ELIBEXEC, 83)           \
	X(EILSEQ, 84) X(ERESTART, 85) X(ESTRPIPE, 86) X(EUSERS, 87)            \
	X(ENOTSOCK, 88) X(EDESTADDRREQ, 89) X(EMSGSIZE, 90)                    \
	X(EPROTOTYPE, 91) X(ENOPROTOOPT, 92) X(EPROTONOSUPPORT, 93)            \
	X(ESOCKTNOSUPPORT, 94) X(EOPNOTSUPP, 95) X(EPFNOSUPPORT, 96)           \
	X(EAFNOSUPPORT, 97) X(EADDRINUSE, 98) X(EADDRNOTAVAIL, 99)             \
	X(ENETDOWN, 100) X(ENETUNREACH, 101) X(ENETRESET, 102)                 \
	X(ECONNABORTED, 103) X(ECONNRESET, 104) X(ENOBUFS, 105)                \
	X(EISCONN, 106) X(ENOTCONN, 107) X(ESHUTDOWN, 108)                     \
	X(ETOOMANYREFS, 109) X(ETIMEDOUT, 110) X(ECONNREFUSED, 111)            \
	X(EHOSTDOWN, 112) X(EHOSTUNREACH, 113) X(EALREADY, 114)                \
	X(EINPROGRESS, 115) X(ESTALE, 116) X(EUCLEAN, 117) X(ENOTNAM, 118)     \
	X(ENAVAIL, 119) X(EISNAM, 120) X(EREMOTEIO, 121) X(EDQUOT, 122)        \
	X(ENOMEDIUM, 123) X(EMEDIUMTYPE, 124) X(ECANCELED, 125)                \
	X(ENOKEY, 126) X(EKEYEXPIRED, 127) X(EKEYREVOKED, 128)                 \
	X(EKEYREJECTED, 129) X(EOWNERDEAD, 130) X(ENOTRECOVERABLE, 131)        \
	X(ERFKILL, 132) X(EHWPOISON, 133)
/* clang-format on */

#define LU_ERRNO_ENUM_(name, num) name##_LINUX = num,
enum { LU_ERRNO_LIST(LU_ERRNO_ENUM_) };
#undef LU_ERRNO_ENUM_

/* ---- files: asm-generic/fcntl.h, linux/fcntl.h ---- */
#define O_ACCMODE_LINUX 00000003
#define O_RDONLY_LINUX 00000000
#define O_WRONLY_LINUX 00000001
#define O_RDWR_LINUX 00000002
#define O_CREAT_LINUX 00000100
#define O_EXCL_LINUX 00000200
#define O_NOCTTY_LINUX 00000400
#define O_TRUNC_LINUX 00001000
#define O_APPEND_LINUX 00002000
#define O_NONBLOCK_LINUX 00004000
#define O_DSYNC_LINUX 00010000
#define O_ASYNC_LINUX 00020000
#define O_DIRECT_LINUX 00040000
#define O_LARGEFILE_LINUX 00100000
#define O_DIRECTORY_LINUX 00200000
#define O_NOFOLLOW_LINUX 00400000
#define O_NOATIME_LINUX 01000000
#define O_CLOEXEC_LINUX 02000000
#define O_SYNC_BIT_LINUX 04000000 /* __O_SYNC; O_SYNC = it | O_DSYNC */
#define O_PATH_LINUX 010000000
#define O_TMPFILE_BIT_LINUX                                                    \
	020000000 /* __O_TMPFILE; O_TMPFILE adds O_DIRECTORY */

#define AT_FDCWD_LINUX (-100)
/* The AT_* flags and RENAME_* flags are the same on every Linux
 * architecture (include/uapi/linux/fcntl.h); handlers pass them on. */
#define AT_SYMLINK_NOFOLLOW_LINUX 0x100
#define AT_EACCESS_LINUX 0x200
#define AT_REMOVEDIR_LINUX 0x200
#define AT_SYMLINK_FOLLOW_LINUX 0x400
#define AT_NO_AUTOMOUNT_LINUX 0x800
#define AT_EMPTY_PATH_LINUX 0x1000

#define F_DUPFD_LINUX 0
#define F_GETFD_LINUX 1
#define F_SETFD_LINUX 2
#define F_GETFL_LINUX 3
#define F_SETFL_LINUX 4
#define F_GETLK_LINUX 5
#define F_SETLK_LINUX 6
#define F_SETLKW_LINUX 7
#define F_SETOWN_LINUX 8
#define F_GETOWN_LINUX 9
#define F_SETSIG_LINUX 10
#define F_GETSIG_LINUX 11
#define F_SETOWN_EX_LINUX 15
#define F_GETOWN_EX_LINUX 16
#define F_OFD_GETLK_LINUX 36
#define F_OFD_SETLK_LINUX 37
#define F_OFD_SETLKW_LINUX 38
#define F_SETLEASE_LINUX 1024
#define F_GETLEASE_LINUX 1025
#define F_DUPFD_CLOEXEC_LINUX 1030
#define F_SETPIPE_SZ_LINUX 1031
#define F_GETPIPE_SZ_LINUX 1032
#define F_ADD_SEALS_LINUX 1033
#define F_GET_SEALS_LINUX 1034
#define FD_CLOEXEC_LINUX 1

#define SEEK_SET_LINUX 0
#define SEEK_CUR_LINUX 1
#define SEEK_END_LINUX 2
#define SEEK_DATA_LINUX 3
#define SEEK_HOLE_LINUX 4

#define CLOSE_RANGE_UNSHARE_LINUX 2
#define CLOSE_RANGE_CLOEXEC_LINUX 4

#define LU_PATH_MAX 4096
#define LU_IOV_MAX 1024
#define LU_MAX_RW_COUNT 0x7ffff000ull /* INT_MAX & PAGE_MASK */

/* ---- ioctl: asm-generic/ioctls.h ---- */
#define TCGETS_LINUX 0x5401
#define TCSETS_LINUX 0x5402
#define TCSETSW_LINUX 0x5403
#define TCSETSF_LINUX 0x5404
#define TCSBRK_LINUX 0x5409
#define TCXONC_LINUX 0x540A
#define TCFLSH_LINUX 0x540B
#define TIOCGPGRP_LINUX 0x540F
#define TIOCSPGRP_LINUX 0x5410
#define TIOCOUTQ_LINUX 0x5411
#define TIOCGWINSZ_LINUX 0x5413
#define TIOCSWINSZ_LINUX 0x5414
#define FIONREAD_LINUX 0x541B
#define FIONBIO_LINUX 0x5421
#define TIOCGSID_LINUX 0x5429
#define FIONCLEX_LINUX 0x5450
#define FIOCLEX_LINUX 0x5451
#define FIOASYNC_LINUX 0x5452
#define TIOCSCTTY_LINUX 0x540E
#define TIOCNOTTY_LINUX 0x5422
#define TIOCGPTN_LINUX 0x80045430u   /* _IOR('T', 0x30, unsigned int) */
#define TIOCSPTLCK_LINUX 0x40045431u /* _IOW('T', 0x31, int) */
#define TIOCGPTLCK_LINUX 0x80045439u /* _IOR('T', 0x39, int) */
#define TIOCGPTPEER_LINUX 0x5441     /* _IO('T', 0x41) */

/* ---- memory: asm-generic/mman-common.h (values guest_mmap takes) ---- */
#define PROT_READ_LINUX 0x1
#define PROT_WRITE_LINUX 0x2
#define PROT_EXEC_LINUX 0x4
#define PROT_GROWSDOWN_LINUX 0x01000000
#define PROT_GROWSUP_LINUX 0x02000000
#define MAP_SHARED_LINUX 0x01
#define MAP_PRIVATE_LINUX 0x02
#define MAP_SHARED_VALIDATE_LINUX 0x03
#define MAP_TYPE_LINUX 0x0f
#define MAP_FIXED_LINUX 0x10
#define MAP_ANONYMOUS_LINUX 0x20
#define MAP_GROWSDOWN_LINUX 0x0100
#define MAP_DENYWRITE_LINUX 0x0800
#define MAP_EXECUTABLE_LINUX 0x1000
#define MAP_LOCKED_LINUX 0x2000
#define MAP_NORESERVE_LINUX 0x4000
#define MAP_POPULATE_LINUX 0x8000
#define MAP_NONBLOCK_LINUX 0x10000
#define MAP_STACK_LINUX 0x20000
#define MAP_HUGETLB_LINUX 0x40000
#define MAP_SYNC_LINUX 0x80000
#define MAP_FIXED_NOREPLACE_LINUX 0x100000
#define MREMAP_MAYMOVE_LINUX 1
#define MREMAP_FIXED_LINUX 2
#define MREMAP_DONTUNMAP_LINUX 4
#define MS_ASYNC_LINUX 1
#define MS_INVALIDATE_LINUX 2
#define MS_SYNC_LINUX 4

/* ---- signals: asm-generic/signal.h ---- */
#define SIG_DFL_LINUX 0
#define SIG_IGN_LINUX 1
#define SIG_BLOCK_LINUX 0
#define SIG_UNBLOCK_LINUX 1
#define SIG_SETMASK_LINUX 2
#define SA_NOCLDSTOP_LINUX 0x00000001
#define SA_NOCLDWAIT_LINUX 0x00000002
#define SA_SIGINFO_LINUX 0x00000004
#define SA_UNSUPPORTED_LINUX 0x00000400
#define SA_EXPOSE_TAGBITS_LINUX 0x00000800
#define SA_ONSTACK_LINUX 0x08000000
#define SA_RESTART_LINUX 0x10000000
#define SA_NODEFER_LINUX 0x40000000
#define SA_RESETHAND_LINUX 0x80000000u
#define SS_ONSTACK_LINUX 1
#define SS_DISABLE_LINUX 2
#define SS_AUTODISARM_LINUX (1u << 31)
#define MINSIGSTKSZ_LINUX 2048
#define LU_SIGSET_SIZE 8 /* bytes of a kernel sigset_t */

#define SIGHUP_LINUX 1
#define SIGINT_LINUX 2
#define SIGQUIT_LINUX 3
#define SIGILL_LINUX 4
#define SIGTRAP_LINUX 5
#define SIGABRT_LINUX 6
#define SIGBUS_LINUX 7
#define SIGFPE_LINUX 8
#define SIGKILL_LINUX 9
#define SIGUSR1_LINUX 10
#define SIGSEGV_LINUX 11
#define SIGUSR2_LINUX 12
#define SIGPIPE_LINUX 13
#define SIGALRM_LINUX 14
#define SIGTERM_LINUX 15
#define SIGSTKFLT_LINUX 16
#define SIGCHLD_LINUX 17
#define SIGCONT_LINUX 18
#define SIGSTOP_LINUX 19
#define SIGTSTP_LINUX 20
#define SIGTTIN_LINUX 21
#define SIGTTOU_LINUX 22
#define SIGURG_LINUX 23
#define SIGXCPU_LINUX 24
#define SIGXFSZ_LINUX 25
#define SIGVTALRM_LINUX 26
#define SIGPROF_LINUX 27
#define SIGWINCH_LINUX 28
#define SIGIO_LINUX 29
#define SIGPWR_LINUX 30
#define SIGSYS_LINUX 31
#define SIGRTMIN_LINUX 32

/* ---- time ---- */
#define CLOCK_REALTIME_LINUX 0
#define CLOCK_MONOTONIC_LINUX 1
#define CLOCK_PROCESS_CPUTIME_ID_LINUX 2
#define CLOCK_THREAD_CPUTIME_ID_LINUX 3
#define CLOCK_MONOTONIC_RAW_LINUX 4
#define CLOCK_REALTIME_COARSE_LINUX 5
#define CLOCK_MONOTONIC_COARSE_LINUX 6
#define CLOCK_BOOTTIME_LINUX 7
#define CLOCK_REALTIME_ALARM_LINUX 8
#define CLOCK_BOOTTIME_ALARM_LINUX 9
#define CLOCK_TAI_LINUX 11
#define TIMER_ABSTIME_LINUX 1

/* ---- resources, process ---- */
#define RLIMIT_CPU_LINUX 0
#define RLIMIT_FSIZE_LINUX 1
#define RLIMIT_DATA_LINUX 2
#define RLIMIT_STACK_LINUX 3
#define RLIMIT_CORE_LINUX 4
#define RLIMIT_RSS_LINUX 5
#define RLIMIT_NPROC_LINUX 6
#define RLIMIT_NOFILE_LINUX 7
#define RLIMIT_MEMLOCK_LINUX 8
#define RLIMIT_AS_LINUX 9
#define RLIMIT_LOCKS_LINUX 10
#define RLIMIT_SIGPENDING_LINUX 11
#define RLIMIT_MSGQUEUE_LINUX 12
#define RLIMIT_NICE_LINUX 13
#define RLIMIT_RTPRIO_LINUX 14
#define RLIMIT_RTTIME_LINUX 15
#define RLIM_NLIMITS_LINUX 16
#define RLIM_INFINITY_LINUX (~0ull)
#define RUSAGE_SELF_LINUX 0
#define RUSAGE_CHILDREN_LINUX (-1)
#define RUSAGE_THREAD_LINUX 1

#define PR_SET_PDEATHSIG_LINUX 1
#define PR_GET_PDEATHSIG_LINUX 2
#define PR_GET_DUMPABLE_LINUX 3
#define PR_SET_DUMPABLE_LINUX 4
#define PR_GET_KEEPCAPS_LINUX 7
#define PR_SET_KEEPCAPS_LINUX 8
#define PR_GET_TIMING_LINUX 13
#define PR_SET_NAME_LINUX 15
#define PR_GET_NAME_LINUX 16
#define PR_GET_SECCOMP_LINUX 21
#define PR_SET_SECCOMP_LINUX 22
#define PR_CAPBSET_READ_LINUX 23
#define PR_GET_TIMERSLACK_LINUX 30
#define PR_SET_TIMERSLACK_LINUX 29
#define PR_SET_CHILD_SUBREAPER_LINUX 36
#define PR_GET_CHILD_SUBREAPER_LINUX 37
#define PR_SET_NO_NEW_PRIVS_LINUX 38
#define PR_GET_NO_NEW_PRIVS_LINUX 39
#define PR_GET_TID_ADDRESS_LINUX 40
#define PR_SET_THP_DISABLE_LINUX 41
#define PR_GET_THP_DISABLE_LINUX 42
#define LU_TASK_COMM_LEN 16

#define GRND_NONBLOCK_LINUX 1
#define GRND_RANDOM_LINUX 2
#define GRND_INSECURE_LINUX 4

#define FUTEX_WAIT_LINUX 0
#define FUTEX_WAKE_LINUX 1
#define FUTEX_REQUEUE_LINUX 3
#define FUTEX_CMP_REQUEUE_LINUX 4
#define FUTEX_WAKE_OP_LINUX 5
#define FUTEX_LOCK_PI_LINUX 6
#define FUTEX_UNLOCK_PI_LINUX 7
#define FUTEX_TRYLOCK_PI_LINUX 8
#define FUTEX_WAIT_BITSET_LINUX 9
#define FUTEX_WAKE_BITSET_LINUX 10
#define FUTEX_PRIVATE_FLAG_LINUX 128
#define FUTEX_CLOCK_REALTIME_LINUX 256
#define FUTEX_CMD_MASK_LINUX                                                   \
	(~(FUTEX_PRIVATE_FLAG_LINUX | FUTEX_CLOCK_REALTIME_LINUX))

/* ---- structures (riscv64: LP64, asm-generic layouts) ---- */
struct lu_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct lu_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct lu_timezone {
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
};

/* asm-generic/stat.h */
struct lu_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t pad2;
	int64_t st_blocks;
	int64_t st_atime_sec;
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	uint32_t unused4;
	uint32_t unused5;
};
_Static_assert(sizeof(struct lu_stat) == 128, "riscv64 struct stat");

struct lu_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

/* linux/stat.h: the same on every architecture */
struct lu_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct lu_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major;
	uint32_t stx_rdev_minor;
	uint32_t stx_dev_major;
	uint32_t stx_dev_minor;
	uint64_t spare2[14];
};
_Static_assert(sizeof(struct lu_statx) == 256, "struct statx");

/* asm-generic/statfs.h, 64-bit */
struct lu_statfs {
	int64_t f_type;
	int64_t f_bsize;
	uint64_t f_blocks;
	uint64_t f_bfree;
	uint64_t f_bavail;
	uint64_t f_files;
	uint64_t f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;
	int64_t f_spare[4];
};
_Static_assert(sizeof(struct lu_statfs) == 120, "riscv64 struct statfs");

/* linux_dirent64 header; d_name follows */
struct lu_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
};

struct lu_iovec {
	uint64_t iov_base;
	uint64_t iov_len;
};

/* asm-generic/fcntl.h struct flock on 64-bit */
struct lu_flock {
	int16_t l_type;
	int16_t l_whence;
	int32_t pad0;
	int64_t l_start;
	int64_t l_len;
	int32_t l_pid;
	int32_t pad1;
};
_Static_assert(sizeof(struct lu_flock) == 32, "riscv64 struct flock");

struct lu_f_owner_ex {
	int32_t type;
	int32_t pid;
};

/* asm-generic/termbits.h: the kernel's struct termios (not glibc's) */
#define LU_NCCS 19
struct lu_termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[LU_NCCS];
};
_Static_assert(sizeof(struct lu_termios) == 36, "kernel struct termios");

struct lu_winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};

struct lu_pollfd {
	int32_t fd;
	int16_t events;
	int16_t revents;
};

#define LU_UTS_LEN 65
struct lu_utsname {
	char sysname[LU_UTS_LEN];
	char nodename[LU_UTS_LEN];
	char release[LU_UTS_LEN];
	char version[LU_UTS_LEN];
	char machine[LU_UTS_LEN];
	char domainname[LU_UTS_LEN];
};

struct lu_sysinfo {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram;
	uint64_t freeram;
	uint64_t sharedram;
	uint64_t bufferram;
	uint64_t totalswap;
	uint64_t freeswap;
	uint16_t procs;
	uint16_t pad;
	uint32_t pad2;
	uint64_t totalhigh;
	uint64_t freehigh;
	uint32_t mem_unit;
	uint32_t pad3;
};
_Static_assert(sizeof(struct lu_sysinfo) == 112, "riscv64 struct sysinfo");

struct lu_rusage {
	struct lu_timeval ru_utime;
	struct lu_timeval ru_stime;
	int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt,
	    ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals,
	    ru_nvcsw, ru_nivcsw;
};
_Static_assert(sizeof(struct lu_rusage) == 144, "struct rusage");

struct lu_tms {
	int64_t tms_utime;
	int64_t tms_stime;
	int64_t tms_cutime;
	int64_t tms_cstime;
};

struct lu_rlimit {
	uint64_t rlim_cur;
	uint64_t rlim_max;
};

/* stack_t for sigaltstack */
struct lu_stack {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
};
_Static_assert(sizeof(struct lu_stack) == 24, "riscv64 stack_t");

/* The guest's struct sigaction is struct lu_sigaction in process.h:
 * handler, flags, mask (riscv has no sa_restorer). */

#define LU_ROBUST_LIST_HEAD_SIZE 24

/* ==== sockets (syscall_net.c) ====
 * riscv64 and x86-64 both use the generic Linux socket ABI
 * (asm-generic/socket.h, linux/socket.h): SOL_SOCKET option numbers, MSG_*
 * flags, sockaddr layouts, struct msghdr/iovec/cmsghdr/mmsghdr with 64-bit
 * pointers and size_t.  Only what the handlers need by name is here. */
#define SOCK_NONBLOCK_LINUX O_NONBLOCK_LINUX
#define SOCK_CLOEXEC_LINUX O_CLOEXEC_LINUX
#define LU_SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage) */

#define SOL_SOCKET_LINUX 1
#define SO_ATTACH_FILTER_LINUX 26 /* getsockopt: SO_GET_FILTER */
#define SO_ATTACH_REUSEPORT_CBPF_LINUX 51
#define SOL_PACKET_LINUX 263
#define PACKET_FANOUT_DATA_LINUX 22
#define SOL_XDP_LINUX 283
#define XDP_UMEM_REG_LINUX 4
#define IPPROTO_IP_LINUX 0
#define IPPROTO_TCP_LINUX 6
#define IPPROTO_IPV6_LINUX 41
#define TCP_ZEROCOPY_RECEIVE_LINUX 35
/* netfilter table replacement (level IPPROTO_IP / IPPROTO_IPV6) */
#define IPT_SO_SET_REPLACE_LINUX 64
#define IP6T_SO_SET_REPLACE_LINUX 64
#define ARPT_SO_SET_REPLACE_LINUX 96
#define EBT_SO_SET_ENTRIES_LINUX 128
#define EBT_SO_SET_COUNTERS_LINUX 129
#define EBT_SO_GET_ENTRIES_LINUX 129
#define EBT_SO_GET_INIT_ENTRIES_LINUX 131

/* struct user_msghdr */
struct lu_msghdr {
	uint64_t msg_name;
	int32_t msg_namelen;
	int32_t pad0;
	uint64_t msg_iov;
	uint64_t msg_iovlen;
	uint64_t msg_control;
	uint64_t msg_controllen;
	uint32_t msg_flags;
	uint32_t pad1;
};
_Static_assert(sizeof(struct lu_msghdr) == 56, "struct msghdr");

struct lu_mmsghdr {
	struct lu_msghdr msg_hdr;
	uint32_t msg_len;
	uint32_t pad;
};
_Static_assert(sizeof(struct lu_mmsghdr) == 64, "struct mmsghdr");

/* linux/filter.h: a classic BPF program (its filter is a pointer) */
struct lu_sock_fprog {
	uint16_t len;
	uint16_t pad[3];
	uint64_t filter;
};
_Static_assert(sizeof(struct lu_sock_fprog) == 16, "struct sock_fprog");

#endif
