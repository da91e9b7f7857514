/*
 * Test plugin: inspecting a translation.  For each block translated (once
 * per address) prints
 *   tb ADDR n=N checks=ok          tb_vaddr == insn_vaddr(insn 0),
 *                                  tb_get_insn(n) == NULL, instructions
 *                                  contiguous
 *   insn ADDR HEX SYMBOL TEXT      insn_vaddr, insn_data (printed as
 *                                  objdump prints the encoding: 4 or 8 hex
 *                                  digits by insn_size), insn_symbol,
 *                                  insn_disas with tabs as spaces
 * and, for any instruction where insn_haddr's bytes differ from
 * insn_data, or insn_data does not copy min(len, size) bytes, an "ERROR"
 * line.  check.sh compares the insn lines with riscv64-linux-gnu-objdump.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

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

static GHashTable *seen;

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	uint64_t va = qemu_plugin_tb_vaddr(tb);
	if (g_hash_table_contains(seen, GSIZE_TO_POINTER(va)))
		return;
	g_hash_table_add(seen, GSIZE_TO_POINTER(va));
	size_t n = qemu_plugin_tb_n_insns(tb);
	bool ok = n > 0 && qemu_plugin_tb_get_insn(tb, n) == NULL &&
		  qemu_plugin_tb_get_insn(tb, n + 100) == NULL &&
		  qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, 0)) == va;
	uint64_t next = va;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		ok = ok && qemu_plugin_insn_vaddr(in) == next;
		next += qemu_plugin_insn_size(in);
	}
	outf("tb %" PRIx64 " n=%zu checks=%s\n", va, n, ok ? "ok" : "FAILED");
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		uint64_t iva = qemu_plugin_insn_vaddr(in);
		size_t size = qemu_plugin_insn_size(in);
		uint8_t data[16], one[4] = {0xee, 0xee, 0xee, 0xee};
		memset(data, 0xee, sizeof(data));
		size_t got = qemu_plugin_insn_data(in, data, sizeof(data));
		size_t got1 = qemu_plugin_insn_data(in, one, 1);
		if (got != size || got1 != 1 || one[0] != data[0] ||
		    one[1] != 0xee || data[size] != 0xee)
			outf("ERROR %" PRIx64 ": insn_data copies %zu/%zu\n",
			     iva, got, got1);
		const void *h = qemu_plugin_insn_haddr(in);
		if (!h || memcmp(h, data, size))
			outf("ERROR %" PRIx64 ": insn_haddr bytes differ\n",
			     iva);
		uint32_t word = 0;
		for (size_t k = 0; k < size && k < 4; k++)
			word |= (uint32_t)data[k] << (8 * k);
		char *text = qemu_plugin_insn_disas(in);
		for (char *p = text; *p; p++)
			if (*p == '\t')
				*p = ' ';
		const char *sym = qemu_plugin_insn_symbol(in);
		outf("insn %" PRIx64 " %0*x %s %s\n", iva, size == 2 ? 4 : 8,
		     word, sym ? sym : "(none)", text);
		g_free(text);
	}
}

static void at_exit(void *ud)
{
	(void)ud;
	g_hash_table_destroy(seen);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info, (void)argc, (void)argv;
	seen = g_hash_table_new(NULL, NULL);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
