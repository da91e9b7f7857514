/*
 * The guest address space: one reserved host region, guest address a at
 * host address base + a.
 *
 * Design: at start loupe reserves LU_GUEST_SPACE bytes of host address space
 * with PROT_NONE; guest mappings are host mappings at fixed places inside it,
 * with the guest's protections, so the host MMU enforces guest permissions
 * and an access to unmapped guest memory faults on the host (turned into a
 * guest SIGSEGV by the fault handler).  A list of mappings (VMAs) records
 * what the guest mapped, for mmap placement, execute permission (the host
 * keeps code pages readable so the translator can read them) and for
 * validating pointers the emulator itself dereferences.
 *
 * Invariants: every guest address below `size` is inside the reservation;
 * the emulator never dereferences a guest pointer it has not checked with
 * guest_range_ok() or copies through guest_copy_*(); the kernel may be given
 * unchecked guest pointers (translated with g2h after a bounds check),
 * because it reports EFAULT itself for PROT_NONE pages.
 */
#ifndef LOUPE_LINUX_USER_GUEST_MEM_H
#define LOUPE_LINUX_USER_GUEST_MEM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LU_PAGE_SIZE 4096ull
#define LU_GUEST_SPACE (1ull << 38) /* 256 GiB of guest virtual space */

/* Guest protection bits (same values as PROT_* on Linux). */
#define LU_PROT_READ 1
#define LU_PROT_WRITE 2
#define LU_PROT_EXEC 4

struct guest_vma {
	uint64_t start, end; /* [start, end), page aligned */
	int prot;	     /* LU_PROT_* as the guest asked */
	int flags;	     /* MAP_* flags of the mapping */
};

struct guest_mem {
	pthread_mutex_t lock;	/* guards the VMA list and the break */
	uint8_t *base;		/* host address of guest address 0 */
	uint64_t size;		/* guest addresses are < size */
	struct guest_vma *vmas; /* sorted, non-overlapping */
	size_t n_vmas, cap_vmas;
	uint64_t mmap_top;	     /* next mmap without a hint goes below */
	uint64_t brk_start, brk_cur; /* program break */
	/* Called when a range that may hold translated code is unmapped or
	 * loses write/exec protection, so translations of it are dropped. */
	void (*code_changed)(void *opaque, uint64_t start, uint64_t len);
	void *code_changed_opaque;
};

/* Reserve the guest space.  Returns 0 or -errno. */
int guest_mem_init(struct guest_mem *m);
void guest_mem_destroy(struct guest_mem *m);
/* Hold the lock across fork; the child gets a fresh lock. */
void guest_mem_lock_fork(struct guest_mem *m);
void guest_mem_unlock_fork(struct guest_mem *m, bool child);

static inline void *g2h(const struct guest_mem *m, uint64_t addr)
{
	return m->base + addr;
}

/* True if [addr, addr+len) lies within the guest space (no overflow). */
static inline bool guest_in_space(const struct guest_mem *m, uint64_t addr,
				  uint64_t len)
{
	return addr <= m->size && len <= m->size - addr;
}

/* True if every page of [addr, addr+len) is mapped with all of prot. */
bool guest_range_ok(const struct guest_mem *m, uint64_t addr, uint64_t len,
		    int prot);

/* Copies with checks; return 0 or -EFAULT. */
int guest_copy_from(const struct guest_mem *m, void *dst, uint64_t src,
		    size_t len);
int guest_copy_to(const struct guest_mem *m, uint64_t dst, const void *src,
		  size_t len);
/* Host pointer to the NUL-terminated guest string at addr (at most max
 * bytes incl. NUL), or NULL if it is not all readable. */
const char *guest_str(const struct guest_mem *m, uint64_t addr, size_t max);

/* Linux mmap family on the guest space.  Return a guest address / 0 on
 * success, or -errno.  Flags and prot are the Linux values. */
int64_t guest_mmap(struct guest_mem *m, uint64_t addr, uint64_t len, int prot,
		   int flags, int fd, int64_t off);
int64_t guest_munmap(struct guest_mem *m, uint64_t addr, uint64_t len);
int64_t guest_mprotect(struct guest_mem *m, uint64_t addr, uint64_t len,
		       int prot);
int64_t guest_mremap(struct guest_mem *m, uint64_t old_addr, uint64_t old_len,
		     uint64_t new_len, int flags, uint64_t new_addr);
int64_t guest_madvise(struct guest_mem *m, uint64_t addr, uint64_t len,
		      int advice);
/* brk(addr): returns the new (or unchanged) break, as Linux does. */
uint64_t guest_brk(struct guest_mem *m, uint64_t addr);

/* Protection of the page holding addr, or -1 if unmapped. */
int guest_page_prot(const struct guest_mem *m, uint64_t addr);

#endif
