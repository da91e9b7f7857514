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
	if (off > fsize || len > fsize - off || len > (64u << 20))
		return NULL;
	void *p = malloc(len ? len : 1);
	if (p && pread(fd, p, len, (off_t)off) != (ssize_t)len) {
		free(p);
		return NULL;
	}
	return p;
}

size_t lu_symbols_load(struct lu_symbols *s, const char *path, uint64_t bias)
{
	memset(s, 0, sizeof(*s));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	Elf64_Ehdr eh;
	Elf64_Shdr *sh = NULL;
	Elf64_Sym *syms = NULL;
	char *str = NULL;
	if (fstat(fd, &st) < 0 || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0)
		goto out;
	uint64_t fsize = (uint64_t)st.st_size;
	sh = read_at(fd, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(*sh),
		     fsize);
	if (!sh)
		goto out;
	for (unsigned i = 0; i < eh.e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh.e_shnum ||
		    sh[i].sh_entsize != sizeof(Elf64_Sym))
			continue;
		const Elf64_Shdr *ss = &sh[sh[i].sh_link];
		syms = read_at(fd, sh[i].sh_offset, sh[i].sh_size, fsize);
		str = read_at(fd, ss->sh_offset, ss->sh_size + 1, fsize + 1);
		if (!syms || !str || ss->sh_size == 0)
			goto out;
		str[ss->sh_size] = 0;
		size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
		s->syms = calloc(n ? n : 1, sizeof(*s->syms));
		if (!s->syms)
			goto out;
		for (size_t k = 0; k < n; k++) {
			unsigned type = ELF64_ST_TYPE(syms[k].st_info);
			if (type != STT_FUNC || syms[k].st_shndx == SHN_UNDEF ||
			    syms[k].st_name >= ss->sh_size ||
			    !str[syms[k].st_name])
				continue;
			s->syms[s->n++] = (struct lu_symbol){
			    syms[k].st_value + bias, syms[k].st_size,
			    str + syms[k].st_name};
		}
		qsort(s->syms, s->n, sizeof(*s->syms), by_addr);
		s->strings = str;
		str = NULL;
		break;
	}
out:
	free(sh);
	free(syms);
	free(str);
	close(fd);
	return s->n;
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
	free(s->strings);
	memset(s, 0, sizeof(*s));
}
