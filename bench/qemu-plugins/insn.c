/*
 * insn (QEMU 7.2, plugin API v1): count executed instructions, the QEMU
 * side of build/plugins/libinsn.so in the plugin benchmarks.
 *
 *   qemu-riscv64 -plugin build/bench/qemu-plugins/libinsn.so[,inline=on] ./prog
 *
 * inline=on    one inline add per instruction (v1's
 *              qemu_plugin_register_vcpu_insn_exec_inline on one shared
 *              counter: v1 has no per-vCPU scoreboards)
 * inline=off   (default) a callback before every instruction, which, like
 *              libinsn's, adds to its vCPU's total and size bucket
 * At exit "insns: N" goes to qemu_plugin_outs (seen with -d plugin).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../tests/qemu-v1/qemu-plugin-v1.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 64
#define MAX_SIZE 16

static struct {
	uint64_t total;
	uint64_t by_size[MAX_SIZE + 1];
} counts[MAX_VCPUS];
static uint64_t inline_count;
static bool do_inline;

static void insn_exec(unsigned int vcpu, void *udata)
{
	counts[vcpu % MAX_VCPUS].total++;
	counts[vcpu % MAX_VCPUS].by_size[(uintptr_t)udata]++;
}

static void block_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		if (do_inline) {
			qemu_plugin_register_vcpu_insn_exec_inline(
				insn, QEMU_PLUGIN_INLINE_ADD_U64, &inline_count, 1);
		} else {
			size_t sz = qemu_plugin_insn_size(insn);
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS,
				(void *)(uintptr_t)(sz < MAX_SIZE ? sz : MAX_SIZE));
		}
	}
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	uint64_t total = inline_count;
	char line[64];

	(void)id;
	(void)udata;
	for (int i = 0; i < MAX_VCPUS; i++)
		total += counts[i].total;
	snprintf(line, sizeof(line), "insns: %" PRIu64 "\n", total);
	qemu_plugin_outs(line);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		if (strncmp(argv[i], "inline=", 7) != 0 ||
		    !qemu_plugin_bool_parse("inline", argv[i] + 7, &do_inline)) {
			fprintf(stderr, "insn: bad argument '%s'\n", argv[i]);
			return -1;
		}
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
