/*
 * Interface between the RISC-V target and the engine: block decoding,
 * IR emission, helpers and the target's exit codes.
 */
#ifndef LOUPE_TARGET_RISCV_EXEC_H
#define LOUPE_TARGET_RISCV_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "ir/ir.h"
#include "target/riscv/insn.h"

struct guest_mem;
struct vcpu;

/* Exit codes a RISC-V block returns (pc slot = pc of the instruction,
 * except FENCEI whose pc is the next instruction). */
enum {
	RV_EXIT_ECALL = IR_EXIT_TARGET,
	RV_EXIT_EBREAK,
	RV_EXIT_ILLEGAL,
	RV_EXIT_FENCEI,
	RV_EXIT_SIGBUS, /* misaligned atomic */
	RV_EXIT_SIGSEGV,
};

#define RV_MAX_BLOCK_INSNS 64

/*
 * Decode the block starting at pc into insns (at most max).  Stops after a
 * control transfer, ecall/ebreak/fence.i, an illegal instruction, at a page
 * boundary, or at max.  Returns the number decoded; 0 when pc itself cannot
 * be fetched (not mapped executable): the caller raises SIGSEGV for
 * *fault_addr (pc, or the next page for an instruction straddling into it).
 */
int rv_decode_block(const struct guest_mem *mem, uint64_t pc,
		    struct rv_insn *insns, int max, uint64_t *fault_addr);

/*
 * Emit the IR of insns[0..n) into b.  Helper calls carry, in their
 * struct ir_call arg, the index of their instruction; the engine replaces
 * it with the address of the TB's copy of the descriptor.  pb (or NULL)
 * is the plugins' instrumentation of the block, emitted around each
 * instruction.
 */
struct plugin_block;
void rv_emit_block(struct ir_block *b, const struct rv_insn *insns, int n,
		   struct plugin_block *pb);

#endif
