/*
 * Guest symbol table.  Everything read from the file is bounds-checked;
 * on any inconsistency the table is simply left empty.
 */
#include "linux-user/symbols.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_addr(const void *a, const void *b)
{
	const struct lu_symbol *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void *read_at(int fd, uint64_t off, uint64_t len, uint64_t fsize)
{
	if (off > fsize || len > fsize - off || len > (64u << 20) || !len)
		return NULL;
	void *p = malloc(len);
	if (p && pread(fd, p, len, (off_t)off) != (ssize_t)len) {
		free(p);
		return NULL;
	}
	return p;
}

/* Read the first table of type `type` (SHT_SYMTAB or SHT_DYNSYM). */
static size_t load_table(struct lu_symbols *s, int fd, uint64_t fsize,
			 const Elf64_Ehdr *eh, const Elf64_Shdr *sh,
			 unsigned type, uint64_t bias)
{
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != type || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_entsize != sizeof(Elf64_Sym))
			continue;
		const Elf64_Shdr *ss = &sh[sh[i].sh_link];
		Elf64_Sym *syms =
		    read_at(fd, sh[i].sh_offset, sh[i].sh_size, fsize);
		char *str = ss->sh_size
				? read_at(fd, ss->sh_offset, ss->sh_size, fsize)
				: NULL;
		size_t n = sh[i].sh_size / sizeof(Elf64_Sym), added = 0;
		struct lu_symbol *grown =
		    syms && str
			? realloc(s->syms, (s->n + n + 1) * sizeof(*s->syms))
			: NULL;
		char **strs = grown ? realloc(s->strings, (s->n_strings + 1) *
							      sizeof(char *))
				    : NULL;
		if (!grown || !strs) {
			if (grown)
				s->syms = grown;
			free(syms);
			free(str);
			return 0;
		}
		s->syms = grown;
		s->strings = strs;
		str[ss->sh_size - 1] = 0;
		for (size_t k = 0; k < n; k++) {
			unsigned t = ELF64_ST_TYPE(syms[k].st_info);
			if (t != STT_FUNC || syms[k].st_shndx == SHN_UNDEF ||
			    syms[k].st_name >= ss->sh_size ||
			    !str[syms[k].st_name])
				continue;
			s->syms[s->n++] = (struct lu_symbol){
			    syms[k].st_value + bias, syms[k].st_size,
			    str + syms[k].st_name};
			added++;
		}
		s->strings[s->n_strings++] = str;
		free(syms);
		qsort(s->syms, s->n, sizeof(*s->syms), by_addr);
		return added;
	}
	return 0;
}

size_t lu_symbols_load_fd(struct lu_symbols *s, int fd, uint64_t bias)
{
	struct stat st;
	Elf64_Ehdr eh;
	size_t added = 0;
	if (fstat(fd, &st) < 0 || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0)
		return 0;
	uint64_t fsize = (uint64_t)st.st_size;
	Elf64_Shdr *sh =
	    read_at(fd, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(*sh), fsize);
	if (sh) {
		added = load_table(s, fd, fsize, &eh, sh, SHT_SYMTAB, bias);
		if (!added) /* stripped: the dynamic symbols still name */
			added =
			    load_table(s, fd, fsize, &eh, sh, SHT_DYNSYM, bias);
	}
	free(sh);
	return added;
}

size_t lu_symbols_load(struct lu_symbols *s, const char *path, uint64_t bias)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t n = lu_symbols_load_fd(s, fd, bias);
	close(fd);
	return n;
}

void lu_symbols_note_mapping(struct lu_symbols *s, int fd, uint64_t addr,
			     uint64_t off)
{
	Elf64_Ehdr eh;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_type != ET_DYN ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > 64)
		return;
	Elf64_Phdr ph[64];
	size_t len = (size_t)eh.e_phnum * sizeof(Elf64_Phdr);
	if (pread(fd, ph, len, (off_t)eh.e_phoff) != (ssize_t)len)
		return;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_X) ||
		    (ph[i].p_offset & ~0xfffull) != off)
			continue;
		uint64_t bias = addr - (ph[i].p_vaddr & ~0xfffull);
		/* Once per mapping address (ld.so may remap). */
		for (size_t k = 0; k < s->n; k++)
			if (s->syms[k].addr >= addr &&
			    s->syms[k].addr < addr + ph[i].p_memsz)
				return;
		lu_symbols_load_fd(s, fd, bias);
		return;
	}
}

const char *lu_symbols_lookup(const struct lu_symbols *s, uint64_t addr)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) { /* first symbol above addr */
		size_t mid = (lo + hi) / 2;
		if (s->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Prefer the closest preceding symbol that covers addr. */
	for (size_t i = lo; i-- > 0;) {
		const struct lu_symbol *y = &s->syms[i];
		if (addr < y->addr + (y->size ? y->size : 1))
			return y->name;
		if (lo - i > 8)
			break;
	}
	return NULL;
}

void lu_symbols_free(struct lu_symbols *s)
{
	free(s->syms);
	for (size_t i = 0; i < s->n_strings; i++)
		free(s->strings[i]);
	free(s->strings);
	memset(s, 0, sizeof(*s));
}
