/*
 * rvdis: disassemble instruction words with loupe's RISC-V decoder and
 * disassembler, for comparison with riscv64-linux-gnu-objdump.
 *
 * Input lines: "ADDR HEX" -- the address (hex, no 0x) and the instruction
 * as objdump's hex column shows it: 4 digits for a 16-bit instruction,
 * 8 for a 32-bit one.  Output lines: "ADDR<TAB>TEXT", TEXT being what
 * rv_disasm prints.  Malformed lines are reported on stderr and make the
 * exit status 1; an empty input is fine.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target/riscv/insn.h"

int main(void)
{
	char line[256];
	unsigned long lineno = 0;
	int status = 0;
	while (fgets(line, sizeof(line), stdin)) {
		char addr[64], hexs[64], text[128];
		uint8_t bytes[4];
		struct rv_insn insn;
		size_t n;
		lineno++;
		if (sscanf(line, "%63s %63s", addr, hexs) != 2) {
			fprintf(stderr, "rvdis: line %lu: expected ADDR HEX\n",
				lineno);
			status = 1;
			continue;
		}
		n = strlen(hexs);
		if (n != 4 && n != 8) {
			fprintf(stderr, "rvdis: line %lu: bad length '%s'\n",
				lineno, hexs);
			status = 1;
			continue;
		}
		uint32_t w = (uint32_t)strtoul(hexs, NULL, 16);
		uint64_t pc = strtoull(addr, NULL, 16);
		for (int i = 0; i < 4; i++)
			bytes[i] = (uint8_t)(w >> (8 * i));
		rv_decode(pc, bytes, n / 2, &insn);
		if (insn.len != n / 2) {
			/* the length bits disagree with the digit count */
			fprintf(stderr,
				"rvdis: line %lu: '%s' is not a %zu-byte "
				"instruction\n",
				lineno, hexs, n / 2);
			status = 1;
			continue;
		}
		rv_disasm(&insn, text, sizeof(text));
		printf("%s\t%s\n", addr, text);
	}
	return status;
}
