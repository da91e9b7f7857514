/*
 * Test plugin: guest memory from plugins, the program, and the user-mode
 * answers of the system-mode calls; with tests/plugins/guests/memrw.S.
 * Argument: patch=ADDR (the guest's patch_site label).
 *
 * In install: path_to_binary, start/end/entry_code (check.sh compares them
 * with readelf), translate_vaddr, hwaddr calls, time control.
 * In the syscall callback of each write:
 *   1st  read_memory_vaddr of the text being written; reads the code at
 *        patch_site, writes "li a0, 2" over "li a0, 1" there and reads it
 *        back: the guest then prints 2 (the translation is invalidated)
 *   3rd  overwrites the guest's buffer with "ORIGINAL": the guest prints
 *        that; failing reads/writes (unmapped, empty) return false
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t patch;
static int n_write, n_patch_trans;

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

static void hexbytes(const GByteArray *b, char *out, size_t size)
{
	size_t k = 0;
	out[0] = 0;
	for (guint i = 0; i < b->len && k + 4 < size; i++)
		k += (size_t)snprintf(out + k, size - k, "%s%02x", i ? " " : "",
				      b->data[i]);
}

static void on_syscall(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		       uint64_t a7, uint64_t a8, void *ud)
{
	(void)vcpu, (void)a1, (void)a4, (void)a5, (void)a6, (void)a7;
	(void)a8, (void)ud;
	if (num != 64)
		return;
	n_write++;
	GByteArray *b = g_byte_array_new();
	char hex[128];
	bool ok = qemu_plugin_read_memory_vaddr(a2, b, a3);
	outf("write %d: read=%d len=%u text=%.*s", n_write, ok, b->len,
	     (int)b->len, (const char *)b->data);
	if (n_write == 1) {
		ok = qemu_plugin_read_memory_vaddr(patch, b, 4);
		hexbytes(b, hex, sizeof(hex));
		outf("code before: read=%d %s\n", ok, hex);
		static const guint8 li_a0_2[4] = {0x13, 0x05, 0x20, 0x00};
		g_byte_array_set_size(b, 0);
		g_byte_array_append(b, li_a0_2, 4);
		outf("patch: %d\n", qemu_plugin_write_memory_vaddr(patch, b));
		g_byte_array_set_size(b, 0);
		ok = qemu_plugin_read_memory_vaddr(patch, b, 4);
		hexbytes(b, hex, sizeof(hex));
		outf("code after: read=%d %s\n", ok, hex);
	}
	if (n_write == 3) {
		g_byte_array_set_size(b, 0);
		g_byte_array_append(b, (const guint8 *)"ORIGINAL", 8);
		outf("overwrite: %d\n", qemu_plugin_write_memory_vaddr(a2, b));
		/* failures */
		outf("read unmapped: %d\n",
		     qemu_plugin_read_memory_vaddr(0, b, 4));
		outf("read len 0: %d\n",
		     qemu_plugin_read_memory_vaddr(a2, b, 0));
		outf("write unmapped: %d\n",
		     qemu_plugin_write_memory_vaddr(16, b));
		g_byte_array_set_size(b, 0);
		outf("write len 0: %d\n",
		     qemu_plugin_write_memory_vaddr(a2, b));
	}
	g_byte_array_free(b, true);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
		struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
		if (qemu_plugin_insn_vaddr(in) != patch)
			continue;
		char *d = qemu_plugin_insn_disas(in);
		for (char *p = d; *p; p++)
			if (*p == '\t')
				*p = ' ';
		outf("translated patch_site (%d): %s\n", ++n_patch_trans, d);
		g_free(d);
	}
}

static void at_exit(void *ud)
{
	(void)ud;
	outf("patch_site translated %d times\n", n_patch_trans);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "patch=", 6))
			patch = strtoull(argv[i] + 6, NULL, 0);
	if (!patch)
		return 1;
	const char *path = qemu_plugin_path_to_binary();
	outf("path=%s\n", path);
	g_free((void *)path);
	outf("start_code=0x%" PRIx64 " end_code=0x%" PRIx64
	     " entry_code=0x%" PRIx64 "\n",
	     qemu_plugin_start_code(), qemu_plugin_end_code(),
	     qemu_plugin_entry_code());
	uint64_t hw = 0x5555;
	bool t = qemu_plugin_translate_vaddr(qemu_plugin_entry_code(), &hw);
	outf("translate_vaddr=%d hwaddr_untouched=%d\n", t, hw == 0x5555);
	outf("get_hwaddr=%s device=%s is_io=%d phys=%" PRIu64 "\n",
	     qemu_plugin_get_hwaddr(0, qemu_plugin_entry_code()) ? "set"
								 : "NULL",
	     qemu_plugin_hwaddr_device_name(NULL),
	     qemu_plugin_hwaddr_is_io(NULL),
	     qemu_plugin_hwaddr_phys_addr(NULL));
	GByteArray *b = g_byte_array_new();
	int rr = qemu_plugin_read_memory_hwaddr(0x1000, b, 4);
	g_byte_array_append(b, (const guint8 *)"ab", 2);
	int wr = qemu_plugin_write_memory_hwaddr(0x1000, b);
	outf("read_memory_hwaddr=%d write_memory_hwaddr=%d len=%u\n", rr, wr,
	     b->len);
	g_byte_array_free(b, true);
	const void *tc = qemu_plugin_request_time_control();
	qemu_plugin_update_ns(tc, 1000);
	outf("request_time_control=%s\n", tc ? "set" : "NULL");
	qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
