/*
 * ELF loader for riscv64 executables (ET_EXEC and static-pie ET_DYN).
 *
 * Every field read from the file is checked before it is used: sizes and
 * offsets against the file size, addresses against the guest space, so a
 * corrupt or hostile file gives one clear error and never touches loupe's
 * own memory.  Segments are loaded by mapping the union of their pages
 * anonymous read-write, reading the file bytes in, then applying each
 * page's final protection (a page shared by two segments gets both).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux-user/guest_mem.h"
#include "linux-user/loader.h"
#include "linux-user/process.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

#define MAX_PHNUM 128
/* Where a position-independent executable is placed. */
#define PIE_BASE 0x555556000ull
/* Where the dynamic loader of a dynamically linked program is placed. */
#define INTERP_BASE 0x1000000000ull

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

static int check_header(const Elf64_Ehdr *eh, size_t got, char *err, size_t n)
{
	if (got < EI_NIDENT || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return fail(err, n, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(
		    err, n,
		    "not a 64-bit ELF file (only riscv64 is supported)");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, n, "not a little-endian ELF file");
	if (got < sizeof(*eh))
		return fail(err, n, "truncated ELF header");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT ||
	    eh->e_version != EV_CURRENT)
		return fail(err, n, "unsupported ELF version");
	if (eh->e_machine != EM_RISCV)
		return fail(err, n,
			    "ELF file is for machine %u, not RISC-V (243)",
			    eh->e_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return fail(err, n, "not an executable ELF file (type %u)",
			    eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return fail(err, n, "bad program header size %u",
			    eh->e_phentsize);
	if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM)
		return fail(err, n, "bad program header count %u", eh->e_phnum);
	return 0;
}

static int read_exact(int fd, void *buf, size_t len, uint64_t off)
{
	uint8_t *p = buf;
	while (len) {
		ssize_t r = pread(fd, p, len, (off_t)off);
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static int seg_prot(uint32_t pf)
{
	return ((pf & PF_R) ? LU_PROT_READ : 0) |
	       ((pf & PF_W) ? LU_PROT_WRITE : 0) |
	       ((pf & PF_X) ? LU_PROT_EXEC : 0);
}

/*
 * Map the PT_LOAD segments.  An ET_DYN file is placed at dyn_base.  For the
 * main program (interp == NULL) the image, entry and brk are recorded; for
 * the dynamic loader only its bias and entry, in *interp.
 */
struct interp_info {
	uint64_t bias, entry;
};

static int load_segments(struct lu_process *p, int fd, uint64_t file_size,
			 const Elf64_Ehdr *eh, const Elf64_Phdr *ph,
			 uint64_t dyn_base, struct interp_info *interp,
			 char *err, size_t n)
{
	struct guest_mem *m = &p->mem;
	uint64_t lo = UINT64_MAX, hi = 0;
	int nload = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *s = &ph[i];
		if (s->p_type != PT_LOAD || s->p_memsz == 0)
			continue;
		if (s->p_filesz > s->p_memsz)
			return fail(err, n,
				    "segment %d: file size > memory size", i);
		if (s->p_offset > file_size ||
		    s->p_filesz > file_size - s->p_offset)
			return fail(err, n,
				    "segment %d lies past the end of file", i);
		if ((s->p_vaddr & (LU_PAGE_SIZE - 1)) !=
		    (s->p_offset & (LU_PAGE_SIZE - 1)))
			return fail(err, n, "segment %d is misaligned", i);
		if (s->p_vaddr >= m->size || s->p_memsz > m->size - s->p_vaddr)
			return fail(err, n,
				    "segment %d does not fit in the guest "
				    "address space",
				    i);
		if (s->p_vaddr < lo)
			lo = s->p_vaddr;
		if (s->p_vaddr + s->p_memsz > hi)
			hi = s->p_vaddr + s->p_memsz;
		nload++;
	}
	if (!nload)
		return fail(err, n, "no loadable segment");

	lo &= ~(LU_PAGE_SIZE - 1);
	hi = (hi + LU_PAGE_SIZE - 1) & ~(LU_PAGE_SIZE - 1);
	uint64_t bias = 0;
	if (eh->e_type == ET_DYN)
		bias = dyn_base - lo;
	if (lo + bias < 0x10000 || hi + bias > m->size / 2)
		return fail(err, n,
			    "segments do not fit in the guest address space");

	/* Map each segment's pages read-write (union of all), then fill. */
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *s = &ph[i];
		if (s->p_type != PT_LOAD || s->p_memsz == 0)
			continue;
		uint64_t start = (s->p_vaddr + bias) & ~(LU_PAGE_SIZE - 1);
		uint64_t end =
		    (s->p_vaddr + bias + s->p_memsz + LU_PAGE_SIZE - 1) &
		    ~(LU_PAGE_SIZE - 1);
		for (uint64_t a = start; a < end; a += LU_PAGE_SIZE) {
			if (guest_page_prot(m, a) >= 0)
				continue; /* shared with an earlier segment */
			int64_t r = guest_mmap(
			    m, a, LU_PAGE_SIZE, LU_PROT_READ | LU_PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			if (r < 0)
				return fail(err, n, "cannot map segment %d: %s",
					    i, strerror((int)-r));
		}
		if (s->p_filesz && read_exact(fd, g2h(m, s->p_vaddr + bias),
					      s->p_filesz, s->p_offset) < 0)
			return fail(err, n, "cannot read segment %d", i);
	}
	/* Final protections: pages get the union over their segments. */
	for (uint64_t a = lo + bias; a < hi + bias; a += LU_PAGE_SIZE) {
		int prot = 0;
		bool any = false;
		for (int i = 0; i < eh->e_phnum; i++) {
			const Elf64_Phdr *s = &ph[i];
			if (s->p_type != PT_LOAD || s->p_memsz == 0)
				continue;
			uint64_t start =
			    (s->p_vaddr + bias) & ~(LU_PAGE_SIZE - 1);
			uint64_t end = s->p_vaddr + bias + s->p_memsz;
			if (a >= start && a < end) {
				prot |= seg_prot(s->p_flags);
				any = true;
			}
		}
		if (any && guest_mprotect(m, a, LU_PAGE_SIZE, prot) < 0)
			return fail(err, n, "cannot protect segment pages");
	}

	int eprot = guest_page_prot(m, eh->e_entry + bias);
	if (eprot < 0 || !(eprot & LU_PROT_EXEC))
		return fail(err, n,
			    "entry point 0x%llx is not in an executable "
			    "segment",
			    (unsigned long long)(eh->e_entry + bias));
	if (interp) {
		interp->bias = bias;
		interp->entry = eh->e_entry + bias;
		return 0;
	}
	struct lu_image *im = &p->image;
	im->load_bias = bias;
	im->entry = eh->e_entry + bias;
	im->phnum = eh->e_phnum;
	im->phent = eh->e_phentsize;
	im->start_code = UINT64_MAX;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *s = &ph[i];
		if (s->p_type == PT_PHDR)
			im->phdr = s->p_vaddr + bias;
		if (s->p_type != PT_LOAD)
			continue;
		if (!im->phdr && eh->e_phoff >= s->p_offset &&
		    eh->e_phoff - s->p_offset < s->p_filesz)
			im->phdr =
			    s->p_vaddr + bias + eh->e_phoff - s->p_offset;
		uint64_t a = s->p_vaddr + bias;
		if (s->p_flags & PF_X) {
			if (a < im->start_code)
				im->start_code = a;
			if (a + s->p_filesz > im->end_code)
				im->end_code = a + s->p_filesz;
		} else {
			if (!im->start_data || a < im->start_data)
				im->start_data = a;
			if (a + s->p_filesz > im->end_data)
				im->end_data = a + s->p_filesz;
		}
	}
	if (im->start_code == UINT64_MAX)
		im->start_code = 0;
	im->start_pc = im->entry;
	im->start_brk = hi + bias;
	m->brk_start = m->brk_cur = im->start_brk;
	return 0;
}

/* Open path and read and check its ELF and program headers. */
static int open_elf(const char *path, Elf64_Ehdr *eh, Elf64_Phdr *ph,
		    uint64_t *fsize, char *err, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, n, "%s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, n, "%s",
			    S_ISDIR(st.st_mode) ? "is a directory"
						: "not a regular file");
	}
	memset(eh, 0, sizeof(*eh));
	ssize_t got = pread(fd, eh, sizeof(*eh), 0);
	if (got < 0)
		got = 0;
	int rc = check_header(eh, (size_t)got, err, n);
	*fsize = (uint64_t)st.st_size;
	if (!rc &&
	    (eh->e_phoff > *fsize ||
	     (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > *fsize - eh->e_phoff))
		rc = fail(err, n, "program headers lie past the end of file");
	if (!rc && read_exact(fd, ph, eh->e_phnum * sizeof(Elf64_Phdr),
			      eh->e_phoff) < 0)
		rc = fail(err, n, "cannot read program headers");
	if (rc) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The default sysroot for dynamic programs: Debian's riscv64 cross libc. */
#define DEFAULT_SYSROOT "/usr/riscv64-linux-gnu"

/* Load the dynamic loader named by PT_INTERP (looked up in the sysroot). */
static int load_interp(struct lu_process *p, int fd, uint64_t fsize,
		       const Elf64_Phdr *s, char *err, size_t n)
{
	char name[PATH_MAX];
	if (s->p_filesz < 2 || s->p_filesz >= sizeof(name) ||
	    s->p_offset > fsize || s->p_filesz > fsize - s->p_offset ||
	    read_exact(fd, name, s->p_filesz, s->p_offset) < 0 ||
	    name[s->p_filesz - 1] != 0 || name[0] != '/')
		return fail(err, n, "bad PT_INTERP");
	char path[PATH_MAX + 256];
	if (!p->sysroot && access(name, F_OK) != 0 &&
	    access(DEFAULT_SYSROOT, F_OK) == 0)
		p->sysroot = DEFAULT_SYSROOT;
	snprintf(path, sizeof(path), "%s%s", p->sysroot ? p->sysroot : "",
		 name);
	if (p->sysroot && access(path, F_OK) != 0)
		snprintf(path, sizeof(path), "%s", name);
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PHNUM];
	uint64_t isize;
	char ierr[200];
	int ifd = open_elf(path, &eh, ph, &isize, ierr, sizeof(ierr));
	if (ifd < 0)
		return fail(err, n, "dynamic loader %s: %s (use -L sysroot)",
			    name, ierr);
	struct interp_info ii;
	int rc = -1;
	if (eh.e_type != ET_DYN)
		fail(err, n, "dynamic loader %s is not ET_DYN", name);
	else
		rc = load_segments(p, ifd, isize, &eh, ph, INTERP_BASE, &ii,
				   ierr, sizeof(ierr));
	if (rc < 0 && eh.e_type == ET_DYN)
		fail(err, n, "dynamic loader %s: %s", name, ierr);
	close(ifd);
	if (rc < 0)
		return -1;
	p->image.interp_base = ii.bias;
	lu_symbols_load(&p->symbols, path, ii.bias);
	p->image.start_pc = ii.entry;
	return 0;
}

int lu_load_elf(struct lu_process *p, const char *path, char *err, size_t n)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PHNUM];
	uint64_t fsize;
	int fd = open_elf(path, &eh, ph, &fsize, err, n);
	if (fd < 0)
		return -1;
	int rc = load_segments(p, fd, fsize, &eh, ph, PIE_BASE, NULL, err, n);
	for (int i = 0; !rc && i < eh.e_phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			rc = load_interp(p, fd, fsize, &ph[i], err, n);
	close(fd);
	return rc;
}
