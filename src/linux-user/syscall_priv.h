/*
 * What the syscall_*.c files share: the handler signature, errno
 * conversion and the checked ways to reach guest memory.
 *
 * Rules every handler follows:
 *  - a guest pointer the kernel will read or write is checked with
 *    lu_kbuf()/lu_kptr() (inside the guest space) and then translated; the
 *    host kernel reports EFAULT for unmapped guest pages itself;
 *  - a structure loupe itself reads or converts goes through
 *    guest_copy_from/guest_copy_to (EFAULT on any unmapped byte);
 *  - path strings are copied out of the guest with lu_path() before use;
 *  - host failures become guest errno values through lu_errno() only.
 */
#ifndef LOUPE_LINUX_USER_SYSCALL_PRIV_H
#define LOUPE_LINUX_USER_SYSCALL_PRIV_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vcpu.h"
#include "linux-user/abi.h"
#include "linux-user/guest_mem.h"
#include "linux-user/process.h"

/* A handler: the six argument registers a0..a5 in, the a0 result out (a
 * negative guest errno on failure). */
#define LU_SYSCALL(fn)                                                         \
	int64_t fn(struct vcpu *cpu __attribute__((unused)),                   \
		   const uint64_t *a __attribute__((unused)))

/* A named flag or value: its guest and host encodings.  Tables of these
 * drive both translation (guest <-> host) and -strace names.  A multi-bit
 * entry (O_SYNC) matches only when all its bits are set; entries are tried
 * in order, so it comes before its sub-flags. */
struct lu_flag {
	uint32_t guest;
	uint32_t host;
	const char *name;
};

/* Open flags (O_* but the access mode), syscall_fs.c. */
extern const struct lu_flag lu_open_flags[];
extern const size_t lu_open_flags_count;
uint32_t lu_open_flags_to_host(uint32_t guest);
uint32_t lu_open_flags_to_guest(uint32_t host);

/* Host errno value -> negative guest errno (syscall.c). */
int64_t lu_errno(int host_errno);
/* Guest errno (positive) -> host errno value, for messages (syscall.c). */
int lu_errno_to_host(int guest_errno);

/* Result of a host call that returns -1 and sets errno on failure. */
static inline int64_t lu_ret(long r)
{
	return r == -1 ? lu_errno(errno) : r;
}

static inline struct guest_mem *lu_mem(struct vcpu *cpu)
{
	return &cpu->proc->mem;
}

/*
 * Host pointer for a guest buffer of *len bytes the host kernel will access,
 * or NULL if addr is outside the guest space.  *len is clamped to the end of
 * the guest space and to LU_MAX_RW_COUNT, as the kernel clamps I/O counts:
 * the kernel then stops (short count or EFAULT) at the first unmapped page.
 */
static inline void *lu_kbuf(struct vcpu *cpu, uint64_t addr, uint64_t *len)
{
	struct guest_mem *m = lu_mem(cpu);
	if (addr > m->size)
		return NULL;
	if (*len > m->size - addr)
		*len = m->size - addr;
	if (*len > LU_MAX_RW_COUNT)
		*len = LU_MAX_RW_COUNT;
	return g2h(m, addr);
}

/* Host pointer for a guest object of exactly len bytes the host kernel will
 * access, or NULL if it does not lie inside the guest space. */
static inline void *lu_kptr(struct vcpu *cpu, uint64_t addr, uint64_t len)
{
	struct guest_mem *m = lu_mem(cpu);
	return guest_in_space(m, addr, len) ? g2h(m, addr) : NULL;
}

/*
 * Copy the NUL-terminated guest string at addr into buf (size bytes).
 * Returns its length, -EFAULT_LINUX if unreadable, -ENAMETOOLONG_LINUX if
 * no NUL within size bytes.
 */
int64_t lu_strcpy_from(struct vcpu *cpu, char *buf, size_t size, uint64_t addr);

/* A guest path argument, copied (LU_PATH_MAX bytes). */
static inline int64_t lu_path(struct vcpu *cpu, char buf[LU_PATH_MAX],
			      uint64_t addr)
{
	return lu_strcpy_from(cpu, buf, LU_PATH_MAX, addr);
}

/*
 * The host path for a guest path: with -L sysroot, an absolute path that
 * exists under the sysroot is looked up there (as qemu-user does);
 * otherwise the path itself.  tmp is scratch space for the result.
 */
const char *lu_host_path(struct vcpu *cpu, const char *path,
			 char tmp[LU_PATH_MAX]);

/* The host path of the guest program if path names /proc/self/exe (or
 * /proc/<pid>/exe of this process), else NULL. */
const char *lu_proc_self_exe(struct vcpu *cpu, const char *path);

/* A host file descriptor loupe itself needs (the -D log file): the guest
 * may not close or replace it. */
bool lu_fd_reserved(const struct lu_process *p, int fd);

/* A call's temporary signal mask (ppoll, pselect6): begin
 * sets it (addr 0: none) and returns 0 or -errno (-EINTR if a signal it
 * unblocks is pending); end puts the caller's mask back, after the
 * handler if the call was interrupted, and returns r. */
int64_t lu_sigmask_begin(struct vcpu *cpu, uint64_t addr, uint64_t size,
			 uint64_t *old);
int64_t lu_sigmask_end(struct vcpu *cpu, uint64_t old, int64_t r);

/* The guest's pc at the ecall, for signals the guest sends itself. */
uint64_t lu_syscall_pc(const struct vcpu *cpu);

#endif
