/*
 * bb (QEMU 7.2, plugin API v1): count executed blocks and instructions,
 * the QEMU side of build/plugins/libbb.so in the plugin benchmarks
 * (bench/plugins.sh).
 *
 *   qemu-riscv64 -plugin build/bench/qemu-plugins/libbb.so[,inline=on] ./prog
 *
 * inline=on    two inline adds per block entry (blocks += 1, insns += n) on
 *              shared counters (v1 has no per-vCPU scoreboards)
 * inline=off   (default) one callback per block entry that does both, per
 *              vCPU, as libbb's does
 * At exit "bb's: B, insns: N" goes to qemu_plugin_outs (seen with -d plugin).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../tests/qemu-v1/qemu-plugin-v1.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 64

static struct {
	uint64_t blocks, insns;
} counts[MAX_VCPUS];
static uint64_t inline_blocks, inline_insns;
static bool do_inline;

static void block_exec(unsigned int vcpu, void *udata)
{
	counts[vcpu % MAX_VCPUS].blocks++;
	counts[vcpu % MAX_VCPUS].insns += (uintptr_t)udata;
}

static void block_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	if (do_inline) {
		qemu_plugin_register_vcpu_tb_exec_inline(
			tb, QEMU_PLUGIN_INLINE_ADD_U64, &inline_blocks, 1);
		qemu_plugin_register_vcpu_tb_exec_inline(
			tb, QEMU_PLUGIN_INLINE_ADD_U64, &inline_insns, n);
	} else {
		qemu_plugin_register_vcpu_tb_exec_cb(tb, block_exec,
						     QEMU_PLUGIN_CB_NO_REGS,
						     (void *)(uintptr_t)n);
	}
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	uint64_t b = inline_blocks, n = inline_insns;
	char line[96];

	(void)id;
	(void)udata;
	for (int i = 0; i < MAX_VCPUS; i++) {
		b += counts[i].blocks;
		n += counts[i].insns;
	}
	snprintf(line, sizeof(line), "bb's: %" PRIu64 ", insns: %" PRIu64 "\n",
		 b, n);
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
			fprintf(stderr, "bb: bad argument '%s'\n", argv[i]);
			return -1;
		}
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
