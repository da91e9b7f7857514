/*
 * The executable arena for JIT code (see code_buf.h for the design).
 */
#include "core/code_buf.h"

#include <errno.h>
#include <sys/mman.h>

int code_buf_init(struct code_buf *cb, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	cb->base = p;
	cb->size = size;
	cb->used = 0;
	cb->keep = 0;
	return 0;
}

void code_buf_destroy(struct code_buf *cb)
{
	if (cb->base)
		munmap(cb->base, cb->size);
	cb->base = NULL;
	cb->size = cb->used = cb->keep = 0;
}

void code_buf_reset(struct code_buf *cb)
{
	if (!cb->base)
		return;
	/* Give the pages of dropped code back; the stubs stay. */
	size_t page = 4096;
	size_t from = (cb->keep + page - 1) & ~(page - 1);
	if (from < cb->size)
		madvise(cb->base + from, cb->size - from, MADV_DONTNEED);
	cb->used = cb->keep;
}
