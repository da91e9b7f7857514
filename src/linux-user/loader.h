/* Loading a guest program: ELF segments and the initial stack. */
#ifndef LOUPE_LINUX_USER_LOADER_H
#define LOUPE_LINUX_USER_LOADER_H

#include <stddef.h>
#include <stdint.h>

struct lu_process;

/*
 * Map the ELF executable at path into p->mem and fill p->image.  On error
 * writes a one-line reason (without the "loupe: path: " prefix) to err and
 * returns -1.
 */
int lu_load_elf(struct lu_process *p, const char *path, char *err,
		size_t err_size);

/*
 * Build the initial stack (argv, envp, auxv) below the top of the guest
 * space with stack_size bytes mapped; sets p->image.start_stack and
 * p->mem.mmap_top.  Returns 0, or -1 with a reason in err.
 */
int lu_setup_stack(struct lu_process *p, uint64_t stack_size,
		   const char *execfn, int argc, char **argv, char **envp,
		   char *err, size_t err_size);

#endif
