/*
 * The CSRs that qemu_plugin_get_registers lists in the
 * org.gnu.gdb.riscv.csr feature, and the values they read as (regs_csr.c).
 * Used by regs.c only.
 */
#ifndef LOUPE_PLUGIN_REGS_CSR_H
#define LOUPE_PLUGIN_REGS_CSR_H

#include <stdint.h>

struct vcpu;

/* gdb's 64bit-csr.xml names 175 CSRs; fflags, frm and fcsr are listed in
 * the FP feature instead. */
#define PLUGIN_N_CSRS 172

/* The name of CSR i (0 <= i < PLUGIN_N_CSRS) in list order: cycle, time,
 * instret first (their numbering predates the rest), then gdb's order. */
const char *plugin_csr_name(int i);

/* CSR i as a Linux user-mode process on an RV64GC hart would see it. */
uint64_t plugin_csr_value(const struct vcpu *cpu, int i);

#endif
