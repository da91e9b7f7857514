/*
 * The TB cache: hash table on (pc, flags), an arena for TBs, and the page
 * bitmap that tells whether a guest range holds translated code.  See tb.h
 * for the invalidation design (whole-cache flush between blocks).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/tb.h"
#include "linux-user/guest_mem.h"
#include "plugin/plugin.h"

#define TB_HASH_BITS 16
#define TB_ARENA_SIZE (256u << 20)

static inline size_t tb_hash(uint64_t pc, uint32_t flags, size_t n)
{
	uint64_t h = (pc >> 1) ^ ((uint64_t)flags << 7);
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 32) & (n - 1);
}

int tb_cache_init(struct tb_cache *c, uint64_t guest_space)
{
	memset(c, 0, sizeof(*c));
	c->n_buckets = 1u << TB_HASH_BITS;
	c->buckets = calloc(c->n_buckets, sizeof(*c->buckets));
	c->arena_size = TB_ARENA_SIZE;
	/* Reserved, not committed: pages are touched only as TBs fill it. */
	c->arena = mmap(NULL, c->arena_size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	c->n_pages = guest_space / LU_PAGE_SIZE;
	c->code_pages =
	    mmap(NULL, c->n_pages / 8, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!c->buckets || c->arena == MAP_FAILED ||
	    c->code_pages == MAP_FAILED)
		return -ENOMEM;
	return 0;
}

void tb_cache_destroy(struct tb_cache *c)
{
	free(c->buckets);
	if (c->arena && c->arena != MAP_FAILED)
		munmap(c->arena, c->arena_size);
	if (c->code_pages && c->code_pages != MAP_FAILED)
		munmap(c->code_pages, c->n_pages / 8);
	code_buf_destroy(&c->code);
}

/* Lookups take no lock: tb_insert publishes a TB with a release store
 * after filling it, and TBs are freed only by a flush, while every vCPU is
 * stopped. */
struct tb *tb_lookup(struct tb_cache *c, uint64_t pc, uint32_t flags)
{
	struct tb *tb = __atomic_load_n(
	    &c->buckets[tb_hash(pc, flags, c->n_buckets)], __ATOMIC_ACQUIRE);
	for (; tb; tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE))
		if (tb->pc == pc && tb->flags == flags)
			return tb;
	return NULL;
}

void *tb_alloc(struct tb_cache *c, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (size > c->arena_size - c->arena_used)
		return NULL;
	void *p = c->arena + c->arena_used;
	c->arena_used += size;
	return p;
}

void tb_insert(struct tb_cache *c, struct tb *tb)
{
	size_t h = tb_hash(tb->pc, tb->flags, c->n_buckets);
	tb->hash_next = c->buckets[h];
	__atomic_store_n(&c->buckets[h], tb, __ATOMIC_RELEASE);
	uint64_t first = tb->pc / LU_PAGE_SIZE;
	uint64_t last = (tb->pc + (tb->size ? tb->size - 1 : 0)) / LU_PAGE_SIZE;
	for (uint64_t p = first; p <= last && p < c->n_pages; p++)
		__atomic_fetch_or(&c->code_pages[p / 8],
				  (uint8_t)(1u << (p % 8)), __ATOMIC_RELAXED);
	c->stats_translated++;
}

void tb_flush(struct tb_cache *c)
{
	memset(c->buckets, 0, c->n_buckets * sizeof(*c->buckets));
	/* Give the arena's and bitmap's pages back instead of clearing them. */
	madvise(c->arena, c->arena_size, MADV_DONTNEED);
	madvise(c->code_pages, c->n_pages / 8, MADV_DONTNEED);
	c->arena_used = 0;
	code_buf_reset(&c->code);
	c->generation++;
	__atomic_store_n(&c->flush_pending, false, __ATOMIC_RELAXED);
	c->stats_flushes++;
	plugin_flush_event();
}

void tb_invalidate_range(struct tb_cache *c, uint64_t start, uint64_t len)
{
	if (!len)
		return;
	uint64_t first = start / LU_PAGE_SIZE;
	uint64_t last = (start + len - 1) / LU_PAGE_SIZE;
	if (last >= c->n_pages)
		last = c->n_pages - 1;
	for (uint64_t p = first; p <= last; p++) {
		if (__atomic_load_n(&c->code_pages[p / 8], __ATOMIC_RELAXED) &
		    (1u << (p % 8))) {
			tb_request_flush(c);
			return;
		}
	}
}

void tb_request_flush(struct tb_cache *c)
{
	__atomic_store_n(&c->flush_pending, true, __ATOMIC_RELAXED);
}

bool tb_flush_requested(struct tb_cache *c)
{
	return __atomic_load_n(&c->flush_pending, __ATOMIC_RELAXED);
}

bool tb_cache_nearly_full(const struct tb_cache *c)
{
	/* A JIT's code arena is created by its first prepare, so only a
	 * created one is checked. */
	return c->arena_size - c->arena_used < TB_MAX_BYTES ||
	       (c->code.base && code_buf_free(&c->code) < TB_CODE_RESERVE);
}
