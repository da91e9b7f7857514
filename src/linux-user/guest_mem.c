/*
 * The guest address space: reservation, the VMA list, checked access, and
 * the mmap family (see guest_mem.h for the design).
 *
 * Host mappings mirror guest mappings at base + address.  The host
 * protection is the guest's minus PROT_EXEC (loupe never runs guest code
 * natively) plus PROT_READ where the guest asked for PROT_EXEC (the
 * translator reads code).  Unmapping puts the PROT_NONE reservation back,
 * so the range stays loupe's.
 */
#include "linux-user/guest_mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE_MASK (LU_PAGE_SIZE - 1)

static uint64_t page_up(uint64_t v)
{
	return (v + PAGE_MASK) & ~PAGE_MASK;
}

static int host_prot(int prot)
{
	int h = prot & (PROT_READ | PROT_WRITE);
	if (prot & LU_PROT_EXEC)
		h |= PROT_READ;
	return h;
}

/* Threads map and unmap while others check pointers: one recursive lock
 * (the mmap family calls itself) guards the VMA list and the break. */
static void mem_lock(const struct guest_mem *m)
{
	pthread_mutex_lock((pthread_mutex_t *)&m->lock);
}

static void mem_unlock(const struct guest_mem *m)
{
	pthread_mutex_unlock((pthread_mutex_t *)&m->lock);
}

static void guest_mem_lock_init(struct guest_mem *m)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m->lock, &attr);
	pthread_mutexattr_destroy(&attr);
}

void guest_mem_lock_fork(struct guest_mem *m)
{
	mem_lock(m);
}

void guest_mem_unlock_fork(struct guest_mem *m, bool child)
{
	if (child)
		guest_mem_lock_init(m); /* the owner's id changed */
	else
		mem_unlock(m);
}

int guest_mem_init(struct guest_mem *m)
{
	memset(m, 0, sizeof(*m));
	guest_mem_lock_init(m);
	m->size = LU_GUEST_SPACE;
	void *p = mmap(NULL, m->size, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	m->base = p;
	m->mmap_top = m->size;
	return 0;
}

void guest_mem_destroy(struct guest_mem *m)
{
	if (m->base)
		munmap(m->base, m->size);
	free(m->vmas);
	memset(m, 0, sizeof(*m));
}

/* Index of the first VMA whose end is above addr. */
static size_t vma_find(const struct guest_mem *m, uint64_t addr)
{
	size_t lo = 0, hi = m->n_vmas;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->vmas[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int guest_page_prot_locked(const struct guest_mem *m, uint64_t addr)
{
	size_t i = vma_find(m, addr);
	if (i < m->n_vmas && m->vmas[i].start <= addr)
		return m->vmas[i].prot;
	return -1;
}

static bool guest_range_ok_locked(const struct guest_mem *m, uint64_t addr,
				  uint64_t len, int prot)
{
	if (!guest_in_space(m, addr, len))
		return false;
	if (len == 0)
		return true;
	uint64_t end = addr + len;
	size_t i = vma_find(m, addr);
	while (addr < end) {
		if (i >= m->n_vmas || m->vmas[i].start > addr ||
		    (m->vmas[i].prot & prot) != prot)
			return false;
		addr = m->vmas[i].end;
		i++;
	}
	return true;
}

int guest_copy_from(const struct guest_mem *m, void *dst, uint64_t src,
		    size_t len)
{
	if (!guest_range_ok(m, src, len, LU_PROT_READ))
		return -EFAULT;
	memcpy(dst, g2h(m, src), len);
	return 0;
}

int guest_copy_to(const struct guest_mem *m, uint64_t dst, const void *src,
		  size_t len)
{
	if (!guest_range_ok(m, dst, len, LU_PROT_WRITE))
		return -EFAULT;
	memcpy(g2h(m, dst), src, len);
	return 0;
}

const char *guest_str(const struct guest_mem *m, uint64_t addr, size_t max)
{
	uint64_t a = addr;
	while (max) {
		if (!guest_range_ok(m, a, 1, LU_PROT_READ))
			return NULL;
		/* Scan to the end of this page at most. */
		uint64_t n = LU_PAGE_SIZE - (a & PAGE_MASK);
		if (n > max)
			n = max;
		const char *p = g2h(m, a);
		if (memchr(p, 0, n))
			return g2h(m, addr);
		a += n;
		max -= n;
	}
	return NULL;
}

/* Remove [start, end) from the VMA list (splitting VMAs as needed). */
static int vma_remove(struct guest_mem *m, uint64_t start, uint64_t end)
{
	/* Worst case one VMA splits in two. */
	if (m->n_vmas + 1 > m->cap_vmas) {
		size_t cap = m->cap_vmas ? m->cap_vmas * 2 : 64;
		struct guest_vma *v = realloc(m->vmas, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		m->vmas = v;
		m->cap_vmas = cap;
	}
	size_t i = vma_find(m, start);
	while (i < m->n_vmas && m->vmas[i].start < end) {
		struct guest_vma *v = &m->vmas[i];
		if (v->start < start && v->end > end) {
			memmove(v + 1, v, (m->n_vmas - i) * sizeof(*v));
			m->n_vmas++;
			v[0].end = start;
			v[1].start = end;
			return 0;
		}
		if (v->start < start) {
			v->end = start;
			i++;
		} else if (v->end > end) {
			v->start = end;
			i++;
		} else {
			memmove(v, v + 1, (m->n_vmas - i - 1) * sizeof(*v));
			m->n_vmas--;
		}
	}
	return 0;
}

static int vma_add(struct guest_mem *m, uint64_t start, uint64_t end, int prot,
		   int flags)
{
	int rc = vma_remove(m, start, end);
	if (rc)
		return rc;
	if (m->n_vmas + 1 > m->cap_vmas) {
		size_t cap = m->cap_vmas * 2;
		struct guest_vma *v = realloc(m->vmas, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		m->vmas = v;
		m->cap_vmas = cap;
	}
	size_t i = vma_find(m, start);
	memmove(&m->vmas[i + 1], &m->vmas[i],
		(m->n_vmas - i) * sizeof(m->vmas[0]));
	m->vmas[i] = (struct guest_vma){start, end, prot, flags};
	m->n_vmas++;
	return 0;
}

static bool range_free(const struct guest_mem *m, uint64_t start, uint64_t end)
{
	size_t i = vma_find(m, start);
	return i >= m->n_vmas || m->vmas[i].start >= end;
}

/* Highest free range of len bytes below top, or 0. */
static uint64_t find_free(const struct guest_mem *m, uint64_t len, uint64_t top)
{
	uint64_t end = top;
	for (size_t i = m->n_vmas; i-- > 0;) {
		const struct guest_vma *v = &m->vmas[i];
		if (v->start >= end)
			continue;
		if (v->end <= end && end - v->end >= len)
			return end - len;
		if (v->start < end)
			end = v->start;
	}
	if (end >= len + LU_PAGE_SIZE * 16)
		return end - len;
	return 0;
}

static void code_changed(struct guest_mem *m, uint64_t start, uint64_t len)
{
	if (m->code_changed)
		m->code_changed(m->code_changed_opaque, start, len);
}

static void reserve(struct guest_mem *m, uint64_t start, uint64_t len)
{
	mmap(g2h(m, start), len, PROT_NONE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
}

static int64_t guest_mmap_locked(struct guest_mem *m, uint64_t addr,
				 uint64_t len, int prot, int flags, int fd,
				 int64_t off)
{
	if (len == 0 || (off & (int64_t)PAGE_MASK))
		return -EINVAL;
	int type = flags & MAP_TYPE;
	if (type != MAP_PRIVATE && type != MAP_SHARED &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	uint64_t plen = page_up(len);
	if (plen < len || plen > m->size)
		return -ENOMEM;
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	if (fixed) {
		if (addr & PAGE_MASK)
			return -EINVAL;
		if (!guest_in_space(m, addr, plen))
			return -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
		    !range_free(m, addr, addr + plen))
			return -EEXIST;
	} else {
		addr &= ~PAGE_MASK;
		if (!addr || !guest_in_space(m, addr, plen) ||
		    !range_free(m, addr, addr + plen))
			addr = find_free(m, plen, m->mmap_top);
		if (!addr)
			return -ENOMEM;
	}
	int hflags =
	    (flags & ~(MAP_FIXED_NOREPLACE | MAP_GROWSDOWN | MAP_HUGETLB)) |
	    MAP_FIXED;
	void *p = mmap(g2h(m, addr), plen, host_prot(prot), hflags, fd, off);
	if (p == MAP_FAILED) {
		int e = errno;
		return -e;
	}
	if (fixed)
		code_changed(m, addr, plen);
	if (vma_add(m, addr, addr + plen, prot, flags) < 0)
		return -ENOMEM;
	return (int64_t)addr;
}

static int64_t guest_munmap_locked(struct guest_mem *m, uint64_t addr,
				   uint64_t len)
{
	if ((addr & PAGE_MASK) || len == 0)
		return -EINVAL;
	uint64_t plen = page_up(len);
	if (plen < len || !guest_in_space(m, addr, plen))
		return -EINVAL;
	reserve(m, addr, plen);
	code_changed(m, addr, plen);
	return vma_remove(m, addr, addr + plen);
}

static int64_t guest_mprotect_locked(struct guest_mem *m, uint64_t addr,
				     uint64_t len, int prot)
{
	if (addr & PAGE_MASK)
		return -EINVAL;
	if (prot & ~(LU_PROT_READ | LU_PROT_WRITE | LU_PROT_EXEC))
		return -EINVAL;
	uint64_t plen = page_up(len);
	if (plen < len || !guest_in_space(m, addr, plen))
		return -ENOMEM;
	if (len == 0)
		return 0;
	/* Linux: ENOMEM if any page of the range is unmapped. */
	if (!guest_range_ok_locked(m, addr, plen, 0))
		return -ENOMEM;
	if (mprotect(g2h(m, addr), plen, host_prot(prot)) < 0)
		return -errno;
	code_changed(m, addr, plen);
	/* Re-add each covered piece with the new protection. */
	uint64_t a = addr, end = addr + plen;
	while (a < end) {
		size_t i = vma_find(m, a);
		struct guest_vma v = m->vmas[i];
		uint64_t e = v.end < end ? v.end : end;
		if (vma_add(m, a, e, prot, v.flags) < 0)
			return -ENOMEM;
		a = e;
	}
	return 0;
}

static int64_t guest_mremap_locked(struct guest_mem *m, uint64_t old_addr,
				   uint64_t old_len, uint64_t new_len,
				   int flags, uint64_t new_addr)
{
	if ((old_addr & PAGE_MASK) || new_len == 0 ||
	    (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	uint64_t olen = page_up(old_len), nlen = page_up(new_len);
	if (olen < old_len || nlen < new_len || nlen > m->size ||
	    !guest_in_space(m, old_addr, olen))
		return -EINVAL;
	if (olen == 0 || !guest_range_ok_locked(m, old_addr, olen, 0))
		return -EFAULT;
	size_t vi = vma_find(m, old_addr);
	struct guest_vma v = m->vmas[vi];
	if (!(flags & MREMAP_FIXED)) {
		if (nlen <= olen) {
			if (nlen < olen)
				guest_munmap_locked(m, old_addr + nlen,
						    olen - nlen);
			return (int64_t)old_addr;
		}
		/* Grow in place when the pages after are free. */
		if (guest_in_space(m, old_addr, nlen) &&
		    range_free(m, old_addr + olen, old_addr + nlen) &&
		    (v.flags & MAP_ANONYMOUS) && v.end >= old_addr + olen) {
			int64_t r = guest_mmap_locked(
			    m, old_addr + olen, nlen - olen, v.prot,
			    v.flags | MAP_FIXED, -1, 0);
			if (r < 0)
				return r;
			return (int64_t)old_addr;
		}
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
		new_addr = find_free(m, nlen, m->mmap_top);
		if (!new_addr)
			return -ENOMEM;
	} else {
		if ((new_addr & PAGE_MASK) ||
		    !guest_in_space(m, new_addr, nlen))
			return -EINVAL;
		if (new_addr < old_addr + olen && old_addr < new_addr + nlen)
			return -EINVAL;
	}
	void *p = mremap(g2h(m, old_addr), olen, nlen,
			 MREMAP_MAYMOVE | MREMAP_FIXED, g2h(m, new_addr));
	if (p == MAP_FAILED)
		return -errno;
	reserve(m, old_addr, olen);
	code_changed(m, old_addr, olen);
	code_changed(m, new_addr, nlen);
	vma_remove(m, old_addr, old_addr + olen);
	if (vma_add(m, new_addr, new_addr + nlen, v.prot, v.flags) < 0)
		return -ENOMEM;
	return (int64_t)new_addr;
}

static int64_t guest_madvise_locked(struct guest_mem *m, uint64_t addr,
				    uint64_t len, int advice)
{
	if (addr & PAGE_MASK)
		return -EINVAL;
	uint64_t plen = page_up(len);
	if (plen < len || !guest_in_space(m, addr, plen))
		return -ENOMEM;
	if (len == 0)
		return 0;
	/* Only advice that is safe on the host copy (DONTNEED zeroes
	 * private anonymous pages, which the guest may rely on). */
	switch (advice) {
	case MADV_DONTNEED:
		if (!guest_range_ok_locked(m, addr, plen, 0))
			return -ENOMEM;
		if (madvise(g2h(m, addr), plen, advice) < 0)
			return -errno;
		return 0;
	default:
		return 0;
	}
}

static uint64_t guest_brk_locked(struct guest_mem *m, uint64_t addr)
{
	if (addr == 0 || addr < m->brk_start)
		return m->brk_cur;
	uint64_t old_top = page_up(m->brk_cur);
	uint64_t new_top = page_up(addr);
	if (new_top < addr ||
	    !guest_in_space(m, m->brk_start, new_top - m->brk_start))
		return m->brk_cur;
	if (new_top > old_top) {
		if (!range_free(m, old_top, new_top))
			return m->brk_cur;
		int64_t r = guest_mmap_locked(
		    m, old_top, new_top - old_top, LU_PROT_READ | LU_PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (r < 0)
			return m->brk_cur;
	} else if (new_top < old_top) {
		guest_munmap_locked(m, new_top, old_top - new_top);
	}
	m->brk_cur = addr;
	return addr;
}

/* ---- the public entry points take the lock ---- */

int guest_page_prot(const struct guest_mem *m, uint64_t addr)
{
	mem_lock(m);
	int r = guest_page_prot_locked(m, addr);
	mem_unlock(m);
	return r;
}

bool guest_range_ok(const struct guest_mem *m, uint64_t addr, uint64_t len,
		    int prot)
{
	mem_lock(m);
	bool r = guest_range_ok_locked(m, addr, len, prot);
	mem_unlock(m);
	return r;
}

int64_t guest_mmap(struct guest_mem *m, uint64_t addr, uint64_t len, int prot,
		   int flags, int fd, int64_t off)
{
	mem_lock(m);
	int64_t r = guest_mmap_locked(m, addr, len, prot, flags, fd, off);
	mem_unlock(m);
	return r;
}

int64_t guest_munmap(struct guest_mem *m, uint64_t addr, uint64_t len)
{
	mem_lock(m);
	int64_t r = guest_munmap_locked(m, addr, len);
	mem_unlock(m);
	return r;
}

int64_t guest_mprotect(struct guest_mem *m, uint64_t addr, uint64_t len,
		       int prot)
{
	mem_lock(m);
	int64_t r = guest_mprotect_locked(m, addr, len, prot);
	mem_unlock(m);
	return r;
}

int64_t guest_mremap(struct guest_mem *m, uint64_t old_addr, uint64_t old_len,
		     uint64_t new_len, int flags, uint64_t new_addr)
{
	mem_lock(m);
	int64_t r =
	    guest_mremap_locked(m, old_addr, old_len, new_len, flags, new_addr);
	mem_unlock(m);
	return r;
}

int64_t guest_madvise(struct guest_mem *m, uint64_t addr, uint64_t len,
		      int advice)
{
	mem_lock(m);
	int64_t r = guest_madvise_locked(m, addr, len, advice);
	mem_unlock(m);
	return r;
}

uint64_t guest_brk(struct guest_mem *m, uint64_t addr)
{
	mem_lock(m);
	uint64_t r = guest_brk_locked(m, addr);
	mem_unlock(m);
	return r;
}
