/*
 * The initial process stack as the Linux kernel builds it for riscv64:
 * from the top down, the strings (execfn, argv, envp), 16 random bytes,
 * then, 16-byte aligned at sp: argc, argv[], NULL, envp[], NULL, auxv
 * pairs ending in AT_NULL.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "linux-user/guest_mem.h"
#include "linux-user/loader.h"
#include "linux-user/process.h"

/* ISA letters the guest may use: rv64imafdc ('a' + bit). */
#define RV_HWCAP                                                               \
	((1u << ('i' - 'a')) | (1u << ('m' - 'a')) | (1u << ('a' - 'a')) |     \
	 (1u << ('f' - 'a')) | (1u << ('d' - 'a')) | (1u << ('c' - 'a')))

struct stack_writer {
	struct guest_mem *m;
	uint64_t sp, bottom;
	bool overflow;
};

static uint64_t push_bytes(struct stack_writer *w, const void *data, size_t len)
{
	if (w->sp - w->bottom < len) {
		w->overflow = true;
		return 0;
	}
	w->sp -= len;
	memcpy(g2h(w->m, w->sp), data, len);
	return w->sp;
}

static uint64_t push_str(struct stack_writer *w, const char *s)
{
	return push_bytes(w, s, strlen(s) + 1);
}

int lu_setup_stack(struct lu_process *p, uint64_t stack_size,
		   const char *execfn, int argc, char **argv, char **envp,
		   char *err, size_t err_size)
{
	struct guest_mem *m = &p->mem;
	uint64_t top = m->size - LU_PAGE_SIZE; /* a guard page above */
	stack_size = (stack_size + LU_PAGE_SIZE - 1) & ~(LU_PAGE_SIZE - 1);
	if (stack_size < 64 * 1024 || stack_size > m->size / 4) {
		snprintf(err, err_size, "bad stack size");
		return -1;
	}
	uint64_t bottom = top - stack_size;
	int64_t r =
	    guest_mmap(m, bottom, stack_size, LU_PROT_READ | LU_PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (r < 0) {
		snprintf(err, err_size, "cannot map the stack");
		return -1;
	}
	/* mmap without a hint goes below the stack and a guard gap. */
	m->mmap_top = bottom - 16 * LU_PAGE_SIZE;

	int envc = 0;
	while (envp[envc])
		envc++;
	struct stack_writer w = {m, top, bottom, false};
	uint64_t execfn_addr = push_str(&w, execfn);
	uint64_t *argv_addr = calloc((size_t)argc + 1, sizeof(uint64_t));
	uint64_t *envp_addr = calloc((size_t)envc + 1, sizeof(uint64_t));
	if (!argv_addr || !envp_addr) {
		free(argv_addr);
		free(envp_addr);
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	for (int i = envc - 1; i >= 0; i--)
		envp_addr[i] = push_str(&w, envp[i]);
	for (int i = argc - 1; i >= 0; i--)
		argv_addr[i] = push_str(&w, argv[i]);
	uint8_t rnd[16];
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		memset(rnd, 0x5a, sizeof(rnd));
	uint64_t random_addr = push_bytes(&w, rnd, sizeof(rnd));

	const struct lu_image *im = &p->image;
	uint64_t auxv[][2] = {
	    {AT_PHDR, im->phdr},
	    {AT_PHENT, im->phent},
	    {AT_PHNUM, im->phnum},
	    {AT_PAGESZ, LU_PAGE_SIZE},
	    {AT_BASE, im->interp_base},
	    {AT_FLAGS, 0},
	    {AT_ENTRY, im->entry},
	    {AT_UID, (uint64_t)getuid()},
	    {AT_EUID, (uint64_t)geteuid()},
	    {AT_GID, (uint64_t)getgid()},
	    {AT_EGID, (uint64_t)getegid()},
	    {AT_HWCAP, RV_HWCAP},
	    {AT_CLKTCK, (uint64_t)sysconf(_SC_CLK_TCK)},
	    {AT_SECURE, 0},
	    {AT_RANDOM, random_addr},
	    {AT_EXECFN, execfn_addr},
	    {AT_NULL, 0},
	};
	size_t n_auxv = sizeof(auxv) / sizeof(auxv[0]);
	size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + 2 * n_auxv;
	uint64_t sp = (w.sp - words * 8) & ~15ull;
	if (w.overflow || sp < bottom) {
		free(argv_addr);
		free(envp_addr);
		snprintf(err, err_size,
			 "arguments and environment do not fit in the stack");
		return -1;
	}
	uint64_t *out = g2h(m, sp);
	size_t k = 0;
	out[k++] = (uint64_t)argc;
	for (int i = 0; i < argc; i++)
		out[k++] = argv_addr[i];
	out[k++] = 0;
	for (int i = 0; i < envc; i++)
		out[k++] = envp_addr[i];
	out[k++] = 0;
	for (size_t i = 0; i < n_auxv; i++) {
		out[k++] = auxv[i][0];
		out[k++] = auxv[i][1];
	}
	free(argv_addr);
	free(envp_addr);
	p->image.start_stack = sp;
	return 0;
}
