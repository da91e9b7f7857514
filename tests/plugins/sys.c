/*
 * Test plugin: system call callbacks and filters, with
 * tests/plugins/guests/sys.c.  Arguments:
 *   name=X       prefix of every line (to tell two instances apart)
 *   getpid=N     a filter answers getpid (172) with N
 *   swallow=on   a filter takes over a write whose text starts "secret"
 *                and returns its length without writing
 * Prints each syscall callback (number, arguments; for write the text,
 * read with qemu_plugin_read_memory_vaddr), each filter decision, each
 * syscall_ret, and atexit.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static char name[16] = "?";
static int64_t getpid_answer = -1;
static bool swallow;

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

/* The guest's text at addr, len bytes, with \n escaped. */
static void guest_text(uint64_t addr, uint64_t len, char *out, size_t size)
{
	GByteArray *b = g_byte_array_new();
	size_t k = 0;
	if (len > 64)
		len = 64;
	if (!qemu_plugin_read_memory_vaddr(addr, b, len)) {
		snprintf(out, size, "<unreadable>");
	} else {
		for (guint i = 0; i < b->len && k + 3 < size; i++) {
			if (b->data[i] == '\n') {
				out[k++] = '\\';
				out[k++] = 'n';
			} else {
				out[k++] = (char)b->data[i];
			}
		}
		out[k] = 0;
	}
	g_byte_array_free(b, true);
}

static void on_syscall(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		       uint64_t a7, uint64_t a8, void *ud)
{
	(void)ud;
	if (num == 64) {
		char t[80];
		guest_text(a2, a3, t, sizeof(t));
		outf("%s syscall vcpu%u write(%" PRIu64 ", \"%s\", %" PRIu64
		     ")\n",
		     name, vcpu, a1, t, a3);
	} else {
		outf("%s syscall vcpu%u %" PRId64 " (%" PRId64 ", %" PRId64
		     ", %" PRId64 ", %" PRId64 ", %" PRId64 ", %" PRId64
		     ", %" PRId64 ", %" PRId64 ")\n",
		     name, vcpu, num, a1, a2, a3, a4, a5, a6, a7, a8);
	}
}

static bool on_filter(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
		      uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		      uint64_t a7, uint64_t a8, int64_t *sysret, void *ud)
{
	(void)vcpu, (void)a1, (void)a4, (void)a5, (void)a6, (void)a7;
	(void)a8, (void)ud;
	if (num == 172 && getpid_answer >= 0) {
		*sysret = getpid_answer;
		outf("%s filter %" PRId64 " -> %" PRId64 "\n", name, num,
		     getpid_answer);
		return true;
	}
	if (num == 64 && swallow) {
		char t[80];
		guest_text(a2, a3, t, sizeof(t));
		if (!strncmp(t, "secret", 6)) {
			*sysret = (int64_t)a3;
			outf("%s filter %" PRId64 " -> swallowed, %" PRIu64
			     "\n",
			     name, num, a3);
			return true;
		}
	}
	outf("%s filter %" PRId64 " pass\n", name, num);
	return false;
}

static void on_ret(unsigned vcpu, int64_t num, int64_t ret, void *ud)
{
	(void)vcpu, (void)ud;
	if (num == 172 && getpid_answer < 0)
		outf("%s syscall_ret %" PRId64 " = %s\n", name, num,
		     ret > 0 ? "(pid)" : "(bad)");
	else
		outf("%s syscall_ret %" PRId64 " = %" PRId64 "\n", name, num,
		     ret);
}

static void at_exit(void *ud)
{
	(void)ud;
	outf("%s atexit\n", name);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		char *v = strchr(argv[i], '=');
		if (!v)
			return 1;
		v++;
		if (!strncmp(argv[i], "name=", 5))
			snprintf(name, sizeof(name), "%s", v);
		else if (!strncmp(argv[i], "getpid=", 7))
			getpid_answer = strtoll(v, NULL, 0);
		else if (!strncmp(argv[i], "swallow=", 8)) {
			if (!qemu_plugin_bool_parse("swallow", v, &swallow))
				return 1;
		}
	}
	qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
	qemu_plugin_register_vcpu_syscall_filter_cb(id, on_filter, NULL);
	qemu_plugin_register_vcpu_syscall_ret_cb(id, on_ret, NULL);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
