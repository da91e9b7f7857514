/*
 * loupe's extensions to the QEMU plugin API (include/qemu-plugin.h).
 *
 * A plugin that uses them still loads in loupe only; plugins that want to
 * run under QEMU too should test for loupe at install time
 * (info->target_name is "riscv64" in both; loupe_plugin_present() exists
 * only in loupe, so take its address through a weak declaration).
 */
#ifndef LOUPE_PLUGIN_H
#define LOUPE_PLUGIN_H

#include <qemu-plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Always returns 1 in loupe. */
QEMU_PLUGIN_API int loupe_plugin_present(void);

/*
 * The class of an instruction as loupe's decoder sees it: one of "alu",
 * "mul", "div", "branch", "jump", "load", "store", "atomic", "fp",
 * "fload", "fstore", "csr", "fence", "system", "illegal".  Static string.
 */
QEMU_PLUGIN_API const char *
loupe_plugin_insn_class(const struct qemu_plugin_insn *insn);

/* The canonical mnemonic of the instruction (no aliases), e.g. "addi". */
QEMU_PLUGIN_API const char *
loupe_plugin_insn_mnemonic(const struct qemu_plugin_insn *insn);

#ifdef __cplusplus
}
#endif

#endif
