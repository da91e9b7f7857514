/*
 * Test plugin: memory callbacks.  Arguments: mode=all|filter, base=ADDR
 * (the address of the guest's buffer, so addresses print as buf+N).
 *
 *   all     a callback (R_REGS, QEMU_PLUGIN_MEM_RW) on every instruction
 *           prints each access: instruction text, direction, size, sign
 *           and store flags, big-endian flag, address, the value from
 *           qemu_plugin_mem_get_value (type and value), whether
 *           get_hwaddr is NULL and whether the pc register holds the
 *           instruction's address.
 *   filter  callbacks and inline ops registered with R, W and RW on every
 *           instruction; prints how many of each ran.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static char mode[32];
static uint64_t base;
static struct qemu_plugin_register *pc_reg;
static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 in_r, in_w, in_rw;
static uint64_t n_r, n_w, n_rw, n_bad;
static GPtrArray *infos; /* per-instruction userdata, freed at exit */

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	qemu_plugin_outs(buf);
}

struct insn_info {
	uint64_t vaddr;
	char text[64];
};

static const char *const type_names[] = {"U8", "U16", "U32", "U64", "U128"};

static void mem_all(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
		    void *ud)
{
	(void)vcpu;
	const struct insn_info *ii = ud;
	qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
	unsigned shift = qemu_plugin_mem_size_shift(info);
	char val[64];
	switch (v.type) {
	case QEMU_PLUGIN_MEM_VALUE_U8:
		snprintf(val, sizeof(val), "0x%" PRIx8, v.data.u8);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U16:
		snprintf(val, sizeof(val), "0x%" PRIx16, v.data.u16);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U32:
		snprintf(val, sizeof(val), "0x%" PRIx32, v.data.u32);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U64:
		snprintf(val, sizeof(val), "0x%" PRIx64, v.data.u64);
		break;
	default:
		snprintf(val, sizeof(val), "0x%" PRIx64 ":%016" PRIx64,
			 v.data.u128.high, v.data.u128.low);
		break;
	}
	/* the pc register in a mem callback: the accessing instruction */
	GByteArray *b = g_byte_array_new();
	bool rd = qemu_plugin_read_register(pc_reg, b);
	uint64_t pc = 0;
	if (rd && b->len == 8)
		memcpy(&pc, b->data, 8);
	g_byte_array_free(b, true);
	const char *ty = (unsigned)v.type < 5 ? type_names[v.type] : "?";
	outf("%-22s %s size=%u sign=%d store=%d be=%d addr=buf+%" PRId64
	     " %s=%s hwaddr=%s pc=%s\n",
	     ii->text, qemu_plugin_mem_is_store(info) ? "W" : "R", 1u << shift,
	     qemu_plugin_mem_is_sign_extended(info),
	     qemu_plugin_mem_is_store(info),
	     qemu_plugin_mem_is_big_endian(info), (int64_t)(vaddr - base), ty,
	     val, qemu_plugin_get_hwaddr(info, vaddr) ? "set" : "NULL",
	     rd && pc == ii->vaddr ? "ok" : "WRONG");
}

static void mem_count(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
		      void *ud)
{
	(void)vcpu;
	(void)vaddr;
	uintptr_t rw = (uintptr_t)ud;
	bool st = qemu_plugin_mem_is_store(info);
	if (rw == QEMU_PLUGIN_MEM_R) {
		n_r++;
		n_bad += st;
	} else if (rw == QEMU_PLUGIN_MEM_W) {
		n_w++;
		n_bad += !st;
	} else {
		n_rw++;
	}
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	size_t n = qemu_plugin_tb_n_insns(tb);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		if (!strcmp(mode, "all")) {
			struct insn_info *ii = g_new0(struct insn_info, 1);
			g_ptr_array_add(infos, ii);
			ii->vaddr = qemu_plugin_insn_vaddr(in);
			char *d = qemu_plugin_insn_disas(in);
			snprintf(ii->text, sizeof(ii->text), "%s", d);
			g_free(d);
			for (char *p = ii->text; *p; p++)
				if (*p == '\t')
					*p = ' ';
			qemu_plugin_register_vcpu_mem_cb(
			    in, mem_all, QEMU_PLUGIN_CB_R_REGS,
			    QEMU_PLUGIN_MEM_RW, ii);
		} else {
			static const enum qemu_plugin_mem_rw rws[] = {
			    QEMU_PLUGIN_MEM_R, QEMU_PLUGIN_MEM_W,
			    QEMU_PLUGIN_MEM_RW};
			const qemu_plugin_u64 *es[] = {&in_r, &in_w, &in_rw};
			for (int k = 0; k < 3; k++) {
				qemu_plugin_register_vcpu_mem_cb(
				    in, mem_count, QEMU_PLUGIN_CB_NO_REGS,
				    rws[k], (void *)(uintptr_t)rws[k]);
				qemu_plugin_register_vcpu_mem_inline_per_vcpu(
				    in, rws[k], QEMU_PLUGIN_INLINE_ADD_U64,
				    *es[k], 1);
			}
		}
	}
}

static void vcpu_init(unsigned vcpu, void *ud)
{
	(void)vcpu;
	(void)ud;
	GArray *regs = qemu_plugin_get_registers();
	for (guint i = 0; i < regs->len; i++) {
		qemu_plugin_reg_descriptor *d =
		    &g_array_index(regs, qemu_plugin_reg_descriptor, i);
		if (!strcmp(d->name, "pc"))
			pc_reg = d->handle;
	}
	g_array_free(regs, true);
}

static void at_exit(void *ud)
{
	(void)ud;
	if (!strcmp(mode, "filter"))
		outf("filter: cb_r=%" PRIu64 " cb_w=%" PRIu64 " cb_rw=%" PRIu64
		     " wrong_direction=%" PRIu64 " inline_r=%" PRIu64
		     " inline_w=%" PRIu64 " inline_rw=%" PRIu64 "\n",
		     n_r, n_w, n_rw, n_bad, qemu_plugin_u64_sum(in_r),
		     qemu_plugin_u64_sum(in_w), qemu_plugin_u64_sum(in_rw));
	g_ptr_array_free(infos, true);
	qemu_plugin_scoreboard_free(sb);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "mode=", 5))
			snprintf(mode, sizeof(mode), "%s", argv[i] + 5);
		else if (!strncmp(argv[i], "base=", 5))
			base = strtoull(argv[i] + 5, NULL, 0);
	}
	if (strcmp(mode, "all") && strcmp(mode, "filter"))
		return 1;
	infos = g_ptr_array_new_with_free_func(g_free);
	sb = qemu_plugin_scoreboard_new(3 * sizeof(uint64_t));
	in_r = qemu_plugin_scoreboard_u64(sb);
	in_w = (qemu_plugin_u64){sb, 8};
	in_rw = (qemu_plugin_u64){sb, 16};
	qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
