/*
 * mem (QEMU 7.2, plugin API v1): count guest memory accesses with a
 * callback after each one, the QEMU side of
 * build/plugins/libmem.so,inline=off,callback=on in the plugin benchmarks.
 * The callback does what libmem's does: per vCPU, reads and writes, bytes
 * each way, sign-extended loads, a histogram of access sizes.
 *
 *   qemu-riscv64 -plugin build/bench/qemu-plugins/libmem.so ./prog
 *
 * At exit "accesses: N, reads: R, writes: W" goes to qemu_plugin_outs.
 */
#include <inttypes.h>
#include <stdio.h>

#include "../../tests/qemu-v1/qemu-plugin-v1.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 64
#define N_SHIFTS 5

static struct {
	uint64_t reads, writes, bytes_read, bytes_written, sign_extended;
	uint64_t by_shift[N_SHIFTS];
} counts[MAX_VCPUS];

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
		       uint64_t vaddr, void *udata)
{
	unsigned int shift = qemu_plugin_mem_size_shift(info);
	__typeof__(&counts[0]) c = &counts[vcpu % MAX_VCPUS];

	(void)vaddr;
	(void)udata;
	if (qemu_plugin_mem_is_store(info)) {
		c->writes++;
		c->bytes_written += 1ull << shift;
	} else {
		c->reads++;
		c->bytes_read += 1ull << shift;
		c->sign_extended += qemu_plugin_mem_is_sign_extended(info);
	}
	c->by_shift[shift < N_SHIFTS ? shift : N_SHIFTS - 1]++;
}

static void block_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (size_t i = 0; i < n; i++)
		qemu_plugin_register_vcpu_mem_cb(qemu_plugin_tb_get_insn(tb, i),
						 mem_access, QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, NULL);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	uint64_t r = 0, w = 0;
	char line[128];

	(void)id;
	(void)udata;
	for (int i = 0; i < MAX_VCPUS; i++) {
		r += counts[i].reads;
		w += counts[i].writes;
	}
	snprintf(line, sizeof(line),
		 "accesses: %" PRIu64 ", reads: %" PRIu64 ", writes: %" PRIu64 "\n",
		 r + w, r, w);
	qemu_plugin_outs(line);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	if (argc > 0) {
		fprintf(stderr, "mem: takes no arguments (got '%s')\n", argv[0]);
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
