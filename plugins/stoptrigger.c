/*
 * stoptrigger: end the guest after a number of instructions, or when it
 * reaches an address, with a chosen exit status.
 *
 *   loupe -plugin build/plugins/libstoptrigger.so,icount=N[:CODE]
 *         [,addr=A[:CODE]]...[,exit_code=CODE] ./prog
 *
 * Arguments (at least one trigger is required):
 *   icount=N[:CODE]  stop when a vCPU has executed N instructions: the
 *                    process exits just before that vCPU's instruction
 *                    N+1 would run (N=0 stops before the first one).
 *                    Counting is per vCPU.
 *   addr=A[:CODE]    repeatable.  Stop just before the instruction at
 *                    guest address A executes (A must be the address of
 *                    an instruction; 0x prefix for hex).
 *   exit_code=CODE   the exit status for triggers given without :CODE
 *                    (default 0).
 *   CODE is 0..255.
 *
 * When a trigger fires the plugin prints one line and calls exit(CODE)
 * from the callback (as QEMU's stoptrigger does):
 *
 *   stoptrigger: icount 10 reached on vcpu 0 before 0x10114, exiting
 *   with code 0
 *   stoptrigger: address 0x10118 reached on vcpu 0, exiting with code 42
 *
 * (each message is one line).
 *
 * The guest's unflushed stdio buffers are lost, as with any exit the
 * guest did not ask for; the plugins' atexit reports still run.  If no
 * trigger fires the plugin prints nothing.  When an instruction is both an
 * address trigger and the icount limit, the address trigger wins.
 *
 * Design: icount is an inline add before every instruction, preceded by a
 * conditional callback "count == N" (so the callback sees the count of
 * instructions already executed); addresses get a plain callback on the
 * matching instructions only.  Neither reads registers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define CODE_UNSET (-1)

struct addr_trigger {
	uint64_t addr;
	int code;
};

static GHashTable *addr_triggers; /* uint64_t addr -> struct addr_trigger */
static bool have_icount;
static uint64_t icount_limit;
static int icount_code = CODE_UNSET;
static int default_code;
static struct qemu_plugin_scoreboard *icount_sb;
static qemu_plugin_u64 icount_u64;
static GMutex exit_lock; /* taken by the firing trigger, never released */

static _Noreturn void stop_guest(int code, const char *msg)
{
	/* A second vCPU firing at the same time waits here forever. */
	g_mutex_lock(&exit_lock);
	qemu_plugin_outs(msg);
	exit(code);
}

static void icount_reached(unsigned int vcpu_index, void *userdata)
{
	char msg[160];

	snprintf(msg, sizeof(msg),
		 "stoptrigger: icount %" PRIu64 " reached on vcpu %u before "
		 "0x%" PRIx64 ", exiting with code %d\n",
		 icount_limit, vcpu_index, (uint64_t)(uintptr_t)userdata,
		 icount_code);
	stop_guest(icount_code, msg);
}

static void addr_reached(unsigned int vcpu_index, void *userdata)
{
	const struct addr_trigger *t = userdata;
	char msg[160];

	snprintf(msg, sizeof(msg),
		 "stoptrigger: address 0x%" PRIx64 " reached on vcpu %u, "
		 "exiting with code %d\n",
		 t->addr, vcpu_index, t->code);
	stop_guest(t->code, msg);
}

static void block_trans(struct qemu_plugin_tb *tb, void *userdata)
{
	(void)userdata;
	size_t n = qemu_plugin_tb_n_insns(tb);

	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
		struct addr_trigger *t;

		/* addr_triggers is read-only after install: no lock. */
		t = g_hash_table_lookup(addr_triggers, &vaddr);
		if (t)
			qemu_plugin_register_vcpu_insn_exec_cb(
			    insn, addr_reached, QEMU_PLUGIN_CB_NO_REGS, t);
		if (have_icount) {
			/* The test must run before this instruction's add. */
			qemu_plugin_register_vcpu_insn_exec_cond_cb(
			    insn, icount_reached, QEMU_PLUGIN_CB_NO_REGS,
			    QEMU_PLUGIN_COND_EQ, icount_u64, icount_limit,
			    (void *)(uintptr_t)vaddr);
			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    insn, QEMU_PLUGIN_INLINE_ADD_U64, icount_u64, 1);
		}
	}
}

static void plugin_exit(void *userdata)
{
	(void)userdata;
	g_hash_table_destroy(addr_triggers);
	addr_triggers = NULL;
	if (icount_sb)
		qemu_plugin_scoreboard_free(icount_sb);
	icount_sb = NULL;
}

static bool parse_u64(const char *text, uint64_t *out)
{
	char *end;

	if (!text[0] || text[0] == '-')
		return false;
	*out = g_ascii_strtoull(text, &end, 0);
	return *end == '\0';
}

static bool parse_code(const char *text, int *out)
{
	uint64_t v;

	if (!parse_u64(text, &v) || v > 255)
		return false;
	*out = (int)v;
	return true;
}

/* "VALUE" or "VALUE:CODE" */
static bool parse_value_code(const char *text, uint64_t *value, int *code)
{
	g_auto(GStrv) parts = g_strsplit(text, ":", 2);

	*code = CODE_UNSET;
	if (!parts[0] || !parse_u64(parts[0], value))
		return false;
	return !parts[1] || parse_code(parts[1], code);
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);
		const char *key = kv[0] && kv[1] ? kv[0] : "";
		uint64_t value;
		int code;

		if (strcmp(key, "icount") == 0) {
			if (have_icount) {
				fprintf(stderr, "stoptrigger: icount given "
						"twice\n");
				return -1;
			}
			if (!parse_value_code(kv[1], &value, &code)) {
				fprintf(stderr,
					"stoptrigger: '%s': expected "
					"icount=N or icount=N:CODE (CODE "
					"0..255)\n",
					argv[i]);
				return -1;
			}
			have_icount = true;
			icount_limit = value;
			icount_code = code;
		} else if (strcmp(key, "addr") == 0) {
			struct addr_trigger *t;

			if (!parse_value_code(kv[1], &value, &code)) {
				fprintf(stderr,
					"stoptrigger: '%s': expected "
					"addr=A or addr=A:CODE (CODE "
					"0..255)\n",
					argv[i]);
				return -1;
			}
			if (g_hash_table_contains(addr_triggers, &value)) {
				fprintf(stderr,
					"stoptrigger: address 0x%" PRIx64
					" given twice\n",
					value);
				return -1;
			}
			t = g_new0(struct addr_trigger, 1);
			t->addr = value;
			t->code = code;
			g_hash_table_insert(addr_triggers, &t->addr, t);
		} else if (strcmp(key, "exit_code") == 0) {
			if (!parse_code(kv[1], &default_code)) {
				fprintf(stderr,
					"stoptrigger: '%s': exit_code must "
					"be 0..255\n",
					argv[i]);
				return -1;
			}
		} else {
			fprintf(stderr,
				"stoptrigger: unknown argument '%s' "
				"(expected icount=N[:CODE], "
				"addr=A[:CODE], exit_code=CODE)\n",
				argv[i]);
			return -1;
		}
	}
	if (!have_icount && g_hash_table_size(addr_triggers) == 0) {
		fprintf(stderr, "stoptrigger: no trigger given (icount=N or "
				"addr=A)\n");
		return -1;
	}
	return 0;
}

static void resolve_code(gpointer key, gpointer value, gpointer userdata)
{
	(void)key;
	(void)userdata;
	struct addr_trigger *t = value;

	if (t->code == CODE_UNSET)
		t->code = default_code;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	addr_triggers =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
	if (parse_args(argc, argv)) {
		g_hash_table_destroy(addr_triggers);
		addr_triggers = NULL;
		return -1;
	}
	/* exit_code may come after the triggers it applies to. */
	if (icount_code == CODE_UNSET)
		icount_code = default_code;
	g_hash_table_foreach(addr_triggers, resolve_code, NULL);

	if (have_icount) {
		icount_sb = qemu_plugin_scoreboard_new(sizeof(uint64_t));
		icount_u64 = qemu_plugin_scoreboard_u64(icount_sb);
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
