/*
 * Symbols of the guest program (from its ELF .symtab), for -d in_asm and
 * the plugin API.  A missing or corrupt symbol table just means no names.
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
	char *strings;
};

/* Read the function and object symbols of the ELF file at path, adding
 * bias to their addresses.  Returns the number read (0 on any problem). */
size_t lu_symbols_load(struct lu_symbols *s, const char *path, uint64_t bias);
/* Name of the function symbol containing addr, or NULL. */
const char *lu_symbols_lookup(const struct lu_symbols *s, uint64_t addr);
void lu_symbols_free(struct lu_symbols *s);

#endif
