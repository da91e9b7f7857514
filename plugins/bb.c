/*
 * bb: count executed blocks and instructions, per vCPU and in total.
 *
 *   loupe -plugin build/plugins/libbb.so[,inline=on][,idle=on] ./prog
 *
 * Arguments:
 *   inline=on|off  count with inline add operations on a scoreboard (on),
 *                  or with a callback at each block entry (off, default).
 *                  Both give the same numbers; inline is much faster.
 *   idle=on|off    also print the running counts of a vCPU each time it
 *                  goes idle (default off; user-mode vCPUs never idle, so
 *                  this only matters under a system emulator).
 *
 * At exit it prints one line per vCPU and a total:
 *
 *   vcpu 0: bb's: 16, insns: 60
 *   total: bb's: 16, insns: 60
 *
 * Design: one scoreboard entry {blocks, insns} per vCPU.  At translation
 * each block gets "blocks += 1" and "insns += n" (inline), or one callback
 * that does both with n passed as userdata.  Counting is per block entry,
 * so a block left early by a fault counts all of its instructions (as in
 * QEMU); blocks that end normally are exact.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct bb_counts {
	uint64_t blocks;
	uint64_t insns;
};

static struct qemu_plugin_scoreboard *counts;
static qemu_plugin_u64 blocks_u64;
static qemu_plugin_u64 insns_u64;
static bool do_inline;
static bool do_idle;

static void append_counts(GString *s, const char *who, uint64_t blocks,
			  uint64_t insns)
{
	g_string_append_printf(s, "%s: bb's: %" PRIu64 ", insns: %" PRIu64 "\n",
			       who, blocks, insns);
}

static void vcpu_idle(unsigned int vcpu_index, void *userdata)
{
	(void)userdata;
	g_autoptr(GString) s = g_string_new(NULL);
	char who[32];

	snprintf(who, sizeof(who), "vcpu %u idle", vcpu_index);
	append_counts(s, who, qemu_plugin_u64_get(blocks_u64, vcpu_index),
		      qemu_plugin_u64_get(insns_u64, vcpu_index));
	qemu_plugin_outs(s->str);
}

static void block_exec(unsigned int vcpu_index, void *userdata)
{
	struct bb_counts *c = qemu_plugin_scoreboard_find(counts, vcpu_index);

	c->blocks++;
	c->insns += (uintptr_t)userdata;
}

static void block_trans(struct qemu_plugin_tb *tb, void *userdata)
{
	(void)userdata;
	size_t n = qemu_plugin_tb_n_insns(tb);

	if (do_inline) {
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, blocks_u64, 1);
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, insns_u64, n);
	} else {
		qemu_plugin_register_vcpu_tb_exec_cb(tb, block_exec,
						     QEMU_PLUGIN_CB_NO_REGS,
						     (void *)(uintptr_t)n);
	}
}

static void plugin_exit(void *userdata)
{
	(void)userdata;
	g_autoptr(GString) s = g_string_new(NULL);
	int n = qemu_plugin_num_vcpus();

	for (int i = 0; i < n; i++) {
		char who[32];

		snprintf(who, sizeof(who), "vcpu %d", i);
		append_counts(s, who, qemu_plugin_u64_get(blocks_u64, i),
			      qemu_plugin_u64_get(insns_u64, i));
	}
	append_counts(s, "total", qemu_plugin_u64_sum(blocks_u64),
		      qemu_plugin_u64_sum(insns_u64));
	qemu_plugin_outs(s->str);
	qemu_plugin_scoreboard_free(counts);
	counts = NULL;
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);
		bool *flag = NULL;

		if (kv[0] && kv[1]) {
			if (strcmp(kv[0], "inline") == 0)
				flag = &do_inline;
			else if (strcmp(kv[0], "idle") == 0)
				flag = &do_idle;
		}
		if (!flag) {
			fprintf(stderr,
				"bb: unknown argument '%s' (expected "
				"inline=on|off, idle=on|off)\n",
				argv[i]);
			return -1;
		}
		if (!qemu_plugin_bool_parse(kv[0], kv[1], flag)) {
			fprintf(stderr, "bb: '%s': value must be on or off\n",
				argv[i]);
			return -1;
		}
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	if (parse_args(argc, argv))
		return -1;

	counts = qemu_plugin_scoreboard_new(sizeof(struct bb_counts));
	blocks_u64 = qemu_plugin_scoreboard_u64_in_struct(
	    counts, struct bb_counts, blocks);
	insns_u64 = qemu_plugin_scoreboard_u64_in_struct(
	    counts, struct bb_counts, insns);

	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans, NULL);
	if (do_idle)
		qemu_plugin_register_vcpu_idle_cb(id, vcpu_idle, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
