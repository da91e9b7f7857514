/*
 * Helpers the RISC-V translator calls from IR for instructions the IR has
 * no op for.  Each receives the instruction's descriptor; each returns 0 or
 * an RV_EXIT_* code with the pc slot set to the instruction.
 */
#ifndef LOUPE_TARGET_RISCV_HELPERS_H
#define LOUPE_TARGET_RISCV_HELPERS_H

struct vcpu;

int rv_helper_fp(struct vcpu *cpu, const void *insn);
int rv_helper_amo(struct vcpu *cpu, const void *insn);
int rv_helper_csr(struct vcpu *cpu, const void *insn);

#endif
