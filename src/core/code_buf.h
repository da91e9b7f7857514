/*
 * The executable arena for a JIT backend's host code.
 *
 * Design: one mapping, reserved (not committed) at first use, readable,
 * writable and executable, so code is written and run in place without
 * remapping (host code is written only while translating, between blocks,
 * and x86 keeps instruction fetch coherent with stores).  The first `keep`
 * bytes are the backend's fixed stubs (entry, exit), which survive a
 * flush; everything after them is per-TB code, freed all at once with the
 * TB cache (tb_flush), which happens only between blocks, so no code runs
 * while it is freed.  One arena under 2 GiB keeps every branch between
 * TB code and the stubs within a rel32.
 */
#ifndef LOUPE_CORE_CODE_BUF_H
#define LOUPE_CORE_CODE_BUF_H

#include <stddef.h>
#include <stdint.h>

struct code_buf {
	uint8_t *base; /* NULL until code_buf_init */
	size_t size, used, keep;
};

#define CODE_BUF_SIZE (512u << 20)

/* Reserve the arena; 0 or -errno. */
int code_buf_init(struct code_buf *cb, size_t size);
void code_buf_destroy(struct code_buf *cb);
/* Drop all per-TB code (keeps the first cb->keep bytes). */
void code_buf_reset(struct code_buf *cb);
static inline size_t code_buf_free(const struct code_buf *cb)
{
	return cb->base ? cb->size - cb->used : 0;
}

#endif
