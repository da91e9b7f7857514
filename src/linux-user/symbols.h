/*
 * Function symbols of the guest's code (from ELF .symtab/.dynsym), for
 * -d in_asm and the plugin API: the main program, the dynamic loader, and
 * each shared object the guest maps executable.  A missing or corrupt
 * symbol table just means no names.
 */
#ifndef LOUPE_LINUX_USER_SYMBOLS_H
#define LOUPE_LINUX_USER_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct lu_symbol {
	uint64_t addr, size;
	const char *name;
};

struct lu_symbols {
	struct lu_symbol *syms; /* sorted by addr */
	size_t n;
	char **strings; /* string tables of the files read */
	size_t n_strings;
};

/* Add the function symbols of the ELF file at path (or open fd if path is
 * NULL), with bias added to their addresses.  Returns the number added. */
size_t lu_symbols_load(struct lu_symbols *s, const char *path, uint64_t bias);
size_t lu_symbols_load_fd(struct lu_symbols *s, int fd, uint64_t bias);
/* The guest mapped file fd at addr from file offset off with PROT_EXEC:
 * add its symbols (bias from its program headers). */
void lu_symbols_note_mapping(struct lu_symbols *s, int fd, uint64_t addr,
			     uint64_t off);
/* Name of the function symbol containing addr, or NULL. */
const char *lu_symbols_lookup(const struct lu_symbols *s, uint64_t addr);
void lu_symbols_free(struct lu_symbols *s);

#endif
