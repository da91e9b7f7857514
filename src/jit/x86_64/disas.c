/*
 * -d out_asm: the host code of a TB as text.  With capstone (found by
 * pkg-config at build time, LOUPE_HAVE_CAPSTONE) it is disassembled in
 * Intel syntax, one instruction a line with its address, as
 * QEMU's out_asm prints; without it, a hex dump of 16 bytes a line.
 */
#include <inttypes.h>
#include <stdio.h>

#include "jit/x86_64/jit.h"

#ifdef LOUPE_HAVE_CAPSTONE
#include <capstone/capstone.h>

void x64_disas(FILE *f, const uint8_t *code, size_t size)
{
	csh h;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) {
		fprintf(f, "  (capstone unavailable)\n");
		return;
	}
	cs_insn *insn;
	size_t n =
	    cs_disasm(h, code, size, (uint64_t)(uintptr_t)code, 0, &insn);
	size_t done = 0;
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "0x%016" PRIx64 ":  %-6s %s\n", insn[i].address,
			insn[i].mnemonic, insn[i].op_str);
		done += insn[i].size;
	}
	if (n)
		cs_free(insn, n);
	cs_close(&h);
	if (done < size)
		fprintf(f, "  (%zu bytes not disassembled)\n", size - done);
}
#else
void x64_disas(FILE *f, const uint8_t *code, size_t size)
{
	for (size_t i = 0; i < size; i += 16) {
		fprintf(f, "0x%016" PRIxPTR ": ", (uintptr_t)(code + i));
		for (size_t j = i; j < size && j < i + 16; j++)
			fprintf(f, " %02x", code[j]);
		fprintf(f, "\n");
	}
}
#endif
