/*
 * Memory system calls of the riscv64 guest: thin wrappers over the guest
 * address space (guest_mem.h), which owns placement, protections and the
 * VMA list.  Calls that only inspect or advise on guest pages (msync,
 * mlock, mincore) go to the host kernel after a check that the whole range
 * is mapped guest memory, so the guest never reaches loupe's own pages.
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/syscall_priv.h"

LU_SYSCALL(sys_brk)
{
	return (int64_t)guest_brk(lu_mem(cpu), a[0]);
}

LU_SYSCALL(sys_mmap)
{
	int64_t r = guest_mmap(lu_mem(cpu), a[0], a[1], (int)a[2], (int)a[3],
			       (int)a[4], (int64_t)a[5]);
	/* Code of a shared object (or the like): its symbols name it. */
	if (r >= 0 && (a[2] & PROT_EXEC) && !(a[3] & MAP_ANONYMOUS))
		lu_symbols_note_mapping(&cpu->proc->symbols, (int)a[4],
					(uint64_t)r, a[5]);
	return r;
}

LU_SYSCALL(sys_munmap)
{
	return guest_munmap(lu_mem(cpu), a[0], a[1]);
}

LU_SYSCALL(sys_mprotect)
{
	return guest_mprotect(lu_mem(cpu), a[0], a[1], (int)a[2]);
}

LU_SYSCALL(sys_mremap)
{
	return guest_mremap(lu_mem(cpu), a[0], a[1], a[2], (int)a[3], a[4]);
}

LU_SYSCALL(sys_madvise)
{
	return guest_madvise(lu_mem(cpu), a[0], a[1], (int)a[2]);
}

/* Page-aligned [addr, addr+len) rounded up, all mapped guest memory: the
 * host address of addr, or NULL (the kernel's ENOMEM or EINVAL in *err). */
static void *mapped_range(struct vcpu *cpu, uint64_t addr, uint64_t *len,
			  int64_t *err)
{
	struct guest_mem *m = lu_mem(cpu);
	if (addr & (LU_PAGE_SIZE - 1)) {
		*err = -EINVAL_LINUX;
		return NULL;
	}
	uint64_t n = (*len + LU_PAGE_SIZE - 1) & ~(LU_PAGE_SIZE - 1);
	if (n < *len || !guest_in_space(m, addr, n) ||
	    (n && !guest_range_ok(m, addr, n, 0))) {
		*err = -ENOMEM_LINUX;
		return NULL;
	}
	*len = n;
	return g2h(m, addr);
}

LU_SYSCALL(sys_msync)
{
	int flags = (int)a[2];
	if (flags & ~(MS_ASYNC_LINUX | MS_INVALIDATE_LINUX | MS_SYNC_LINUX) ||
	    ((flags & MS_ASYNC_LINUX) && (flags & MS_SYNC_LINUX)))
		return -EINVAL_LINUX;
	int64_t err = 0;
	uint64_t len = a[1];
	void *p = mapped_range(cpu, a[0], &len, &err);
	if (!p)
		return err;
	int hflags = (flags & MS_ASYNC_LINUX ? MS_ASYNC : 0) |
		     (flags & MS_SYNC_LINUX ? MS_SYNC : 0) |
		     (flags & MS_INVALIDATE_LINUX ? MS_INVALIDATE : 0);
	return lu_ret(msync(p, len, hflags));
}

static int64_t lock_range(struct vcpu *cpu, const uint64_t *a, bool lock)
{
	/* mlock takes any address; the range is widened to pages. */
	uint64_t off = a[0] & (LU_PAGE_SIZE - 1);
	uint64_t len = a[1] + off;
	int64_t err = 0;
	if (len < a[1])
		return -ENOMEM_LINUX;
	void *p = mapped_range(cpu, a[0] - off, &len, &err);
	if (!p)
		return err;
	return lu_ret(lock ? mlock(p, len) : munlock(p, len));
}

LU_SYSCALL(sys_mlock)
{
	return lock_range(cpu, a, true);
}

LU_SYSCALL(sys_munlock)
{
	return lock_range(cpu, a, false);
}

/* Locking all of loupe (and its guest reservation) is not what the guest
 * asked for; accept the flags the kernel accepts and do nothing. */
LU_SYSCALL(sys_mlockall)
{
	int flags = (int)a[0];
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL_LINUX;
	return 0;
}

LU_SYSCALL(sys_munlockall)
{
	return 0;
}

LU_SYSCALL(sys_mincore)
{
	int64_t err = 0;
	uint64_t len = a[1];
	void *p = mapped_range(cpu, a[0], &len, &err);
	if (!p)
		return err;
	unsigned char *vec = lu_kptr(cpu, a[2], len / LU_PAGE_SIZE);
	if (!vec)
		return -EFAULT_LINUX;
	return lu_ret(mincore(p, len, vec));
}

/* riscv_flush_icache(start, end, flags): drop translations of the range,
 * as fence.i does. */
LU_SYSCALL(sys_riscv_flush_icache)
{
	struct guest_mem *m = lu_mem(cpu);
	if (a[2] & ~1ull) /* SYS_RISCV_FLUSH_ICACHE_LOCAL */
		return -EINVAL_LINUX;
	if (m->code_changed && a[1] > a[0])
		m->code_changed(m->code_changed_opaque, a[0], a[1] - a[0]);
	return 0;
}

LU_SYSCALL(sys_membarrier)
{
	/* Guest threads are host threads: the host's barrier is theirs. */
	return lu_ret(
	    syscall(SYS_membarrier, (int)a[0], (unsigned)a[1], (int)a[2]));
}
