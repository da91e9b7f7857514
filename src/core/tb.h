/*
 * Translation blocks and the TB cache.
 *
 * Design: a TB is the translation of straight-line guest code starting at
 * one pc: its decoded instructions (kept for -d in_asm, fault pcs and
 * plugins), its IR, and whatever the backend made of it.  TBs live in one
 * arena per process; the cache is a hash on (pc, flags) plus, per vCPU, a
 * direct-mapped jump cache.  Chaining: a TB remembers the TB each of its two
 * direct exits led to last time, so the cpu loop follows a chain without
 * hashing.
 *
 * Invalidation is a whole-cache flush: it happens on fence.i, when guest
 * code pages are unmapped or their protection changes, and when the arena is
 * full.  Flushes happen only between blocks and with every other vCPU
 * stopped (an exclusive section, core/cpus.h), so no TB is freed while it
 * runs.  Threads: lookups are lock-free, translation and insertion take
 * the engine's tb_lock, chain pointers are written and read atomically.  A page
 * bitmap of translated pages makes unrelated munmap/mprotect calls cheap.
 */
#ifndef LOUPE_CORE_TB_H
#define LOUPE_CORE_TB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/code_buf.h"
#include "ir/ir.h"
#include "target/riscv/insn.h"

struct vcpu;

struct tb {
	uint64_t pc;
	uint32_t flags;
	uint32_t n_insns;
	uint32_t n_ops;
	uint64_t size; /* guest bytes covered */
	struct rv_insn *insns;
	struct ir_op *ops;
	struct tb *chain[2]; /* where direct exit 0/1 went last time */
	struct tb *hash_next;
	void *host_code;       /* backend's translation, if it makes one */
	uint32_t host_size;    /* its bytes (for -d out_asm) */
	const void *host_aux;  /* backend's side data (the JIT's fault table) */
	uint32_t jmp_patch[2]; /* backend's patch point of direct exit n, 0 */
};

/* Upper bound of one TB's arena bytes (header, descriptors, ops). */
#define TB_MAX_BYTES (1u << 20)

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

struct tb_cache {
	struct tb **buckets;
	size_t n_buckets;
	uint8_t *arena;
	size_t arena_size, arena_used;
	uint64_t generation; /* bumped by each flush */
	bool flush_pending;
	struct code_buf code; /* host code of a JIT backend, flushed with TBs */
	uint8_t *code_pages;  /* bitmap: guest pages holding translated code */
	uint64_t n_pages;
	uint64_t stats_translated, stats_flushes;
	/* -d exec/cpu: backends return to the cpu loop at indirect jumps (so
	 * it logs each block it enters) */
	bool trace_blocks;
};

int tb_cache_init(struct tb_cache *c, uint64_t guest_space);
void tb_cache_destroy(struct tb_cache *c);
struct tb *tb_lookup(struct tb_cache *c, uint64_t pc, uint32_t flags);
/* Memory for a new TB and its arrays; NULL when the arena is full (the
 * caller flushes and retries). */
void *tb_alloc(struct tb_cache *c, size_t size);
void tb_insert(struct tb_cache *c, struct tb *tb);
/* Flush everything: only inside an exclusive section (core/cpus.h). */
void tb_flush(struct tb_cache *c);
/* Ask for a flush at the next safe point / is one asked for? */
void tb_request_flush(struct tb_cache *c);
bool tb_flush_requested(struct tb_cache *c);
/* Less than one block's worth of arena left (flush before translating). */
bool tb_cache_nearly_full(const struct tb_cache *c);
/* The guest range [start, start+len) changed: flush if it held code. */
void tb_invalidate_range(struct tb_cache *c, uint64_t start, uint64_t len);

/* A JIT needs at least this much free code space to translate a block
 * (tb_cache_nearly_full counts it, so the caller flushes first). */
#define TB_CODE_RESERVE (1u << 20)

/* A backend runs TBs (the IR interpreter, the x86-64 JIT). */
struct backend {
	const char *name;
	/* Make the backend's form of tb (host code goes to c->code); 0, or
	 * -1 when out of space (a block bigger than TB_CODE_RESERVE). */
	int (*prepare)(struct tb_cache *c, struct tb *tb);
	/* Run tb on cpu (and blocks chained to it); returns an IR_EXIT_*
	 * code with the next pc in the pc slot and cpu->cur_tb the block
	 * that exited.  Counts the instructions of each block it enters,
	 * tb included. */
	int (*exec)(struct vcpu *cpu, struct tb *tb);
	/* -d out_asm: print tb's host code (NULL: the backend makes none). */
	void (*log_host)(FILE *f, const struct tb *tb);
	/* In the host fault handler, for a fault on a guest access inside
	 * cpu->cur_tb's code: make the interrupted context resume where the
	 * backend rebuilds the guest state and leaves the block with
	 * IR_EXIT_HOSTFAULT; false when the fault is not at such an access
	 * (the handler then unwinds with cur_op as the faulting op).  NULL:
	 * the backend keeps cur_op exact itself. */
	bool (*fault_redirect)(struct vcpu *cpu, void *host_ucontext);
	/* from's direct exit n now leads to to (from->chain[n] is set): a
	 * backend that links its code directly does it here (NULL: none). */
	void (*chain)(struct tb *from, int n, struct tb *to);
};

extern const struct backend backend_interp;
extern const struct backend backend_x86;

#endif
