/*
 * One emulated Linux process: its address space, what the loader found, and
 * the process-wide kernel state loupe keeps for it (signal dispositions,
 * logging).  Per-thread state lives in struct vcpu.
 */
#ifndef LOUPE_LINUX_USER_PROCESS_H
#define LOUPE_LINUX_USER_PROCESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "linux-user/guest_mem.h"
#include "linux-user/symbols.h"

#define LU_NSIG 64 /* guest signals 1..64 */

/* A guest sigaction as the riscv64 kernel stores it. */
struct lu_sigaction {
	uint64_t handler; /* SIG_DFL = 0, SIG_IGN = 1, or a guest address */
	uint64_t flags;
	uint64_t mask;
};

/* What the ELF loader found, for auxv, /proc/self/exe and plugins. */
struct lu_image {
	uint64_t entry;	    /* entry point (after load bias) */
	uint64_t load_bias; /* 0 for ET_EXEC */
	uint64_t phdr;	    /* guest address of the program headers */
	uint64_t phnum, phent;
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk;
	uint64_t start_stack; /* initial sp */
	uint64_t interp_base; /* AT_BASE: 0 without a dynamic loader */
	uint64_t start_pc;    /* where execution starts (loader or entry) */
};

struct lu_process {
	struct guest_mem mem;
	struct lu_image image;
	struct lu_symbols symbols; /* of the main program */
	const char *exe_path;	   /* host path of the guest program as given */
	char *exe_realpath;	   /* absolute, for /proc/self/exe */
	const char *sysroot;	   /* -L, or NULL */
	pthread_mutex_t sig_lock;  /* sigact: threads change and read it */
	struct lu_sigaction sigact[LU_NSIG + 1];
	uint64_t sigtramp; /* guest address of the rt_sigreturn trampoline */
	/* logging: -strace / -d strace, -d unimp; log goes to -D or stderr */
	bool strace;
	bool log_unimp;
	FILE *log;
	/* syscall numbers already reported under -d unimp */
	uint8_t unimp_reported[512];
	bool exiting; /* atomic: exit_group ran (exit_status is set) */
	int exit_status;
};

#endif
