/*
 * Test plugin: life cycle, with tests/plugins/guests/life.S (four writes,
 * two fence.i, exit).  mode=M:
 *
 *   basic      install: qemu_info_t, num_vcpus, argv, bool_parse;
 *              vcpu_init (index, num_vcpus, how often); vcpu_for_each;
 *              flush callbacks (one per fence.i); vcpu_exit/idle/resume
 *              (never in user mode); atexit once, with its userdata, and
 *              re-registering replaces (the first atexit must not run)
 *   uninstall  qemu_plugin_uninstall from the second syscall callback
 *              (twice: the second request is ignored); the completion
 *              callback runs once and no callback arrives after it
 *   reset      qemu_plugin_reset from the second syscall callback; the
 *              completion callback registers new callbacks, which run,
 *              while the old ones (syscall, inline counter, atexit) do not
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static qemu_plugin_id_t self;
static char mode[32];
static int n_init, n_flush, n_exit, n_idle, n_resume, n_sys, n_done;
static bool done;
static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 insns;
static uint64_t insns_at_reset;

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

static void on_init(unsigned vcpu, void *ud)
{
	n_init++;
	outf("vcpu_init index=%u num_vcpus=%d ud=%s\n", vcpu,
	     qemu_plugin_num_vcpus(), (const char *)ud);
}

static void on_exit_cb(unsigned vcpu, void *ud)
{
	(void)vcpu, (void)ud;
	n_exit++;
}
static void on_idle(unsigned vcpu, void *ud)
{
	(void)vcpu, (void)ud;
	n_idle++;
}
static void on_resume(unsigned vcpu, void *ud)
{
	(void)vcpu, (void)ud;
	n_resume++;
}

static void on_flush(void *ud)
{
	n_flush++;
	outf("flush %d ud=%s\n", n_flush, (const char *)ud);
}

static void for_each_cb(unsigned vcpu, void *ud)
{
	outf("for_each vcpu=%u ud=%s\n", vcpu, (const char *)ud);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	(void)ud;
	if (done)
		outf("ERROR: tb_trans after completion\n");
	for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++)
		qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
		    qemu_plugin_tb_get_insn(tb, i), QEMU_PLUGIN_INLINE_ADD_U64,
		    insns, 1);
}

static void uninstall_done(void *ud)
{
	n_done++;
	done = true;
	outf("uninstall done %d ud=%s syscalls=%d\n", n_done, (const char *)ud,
	     n_sys);
}

static void atexit2(void *ud)
{
	uint64_t now = qemu_plugin_u64_sum(insns);
	outf("atexit2 ud=%s inline counter unchanged since reset: %s\n",
	     (const char *)ud, now == insns_at_reset ? "yes" : "NO");
}

static void on_syscall2(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
			uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
			uint64_t a7, uint64_t a8, void *ud)
{
	(void)vcpu, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	(void)a6, (void)a7, (void)a8;
	outf("new syscall cb %" PRId64 " ud=%s\n", num, (const char *)ud);
}

static void reset_done(void *ud)
{
	n_done++;
	done = true;
	insns_at_reset = qemu_plugin_u64_sum(insns);
	outf("reset done %d ud=%s syscalls=%d counted=%s\n", n_done,
	     (const char *)ud, n_sys, insns_at_reset > 0 ? "yes" : "no");
	qemu_plugin_register_vcpu_syscall_cb(self, on_syscall2,
					     (void *)"phase2");
	qemu_plugin_register_atexit_cb(self, atexit2, (void *)"phase2");
}

static void on_syscall(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		       uint64_t a7, uint64_t a8, void *ud)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6;
	(void)a7, (void)a8, (void)ud;
	if (done)
		outf("ERROR: syscall callback after completion\n");
	n_sys++;
	outf("syscall %" PRId64 "\n", num);
	if (!strcmp(mode, "basic") && n_sys == 1)
		qemu_plugin_vcpu_for_each(self, for_each_cb, (void *)"fe");
	if (n_sys == 2 && !strcmp(mode, "uninstall")) {
		qemu_plugin_uninstall(self, uninstall_done, (void *)"u1");
		qemu_plugin_uninstall(self, uninstall_done, (void *)"u2");
	}
	if (n_sys == 2 && !strcmp(mode, "reset")) {
		qemu_plugin_reset(self, reset_done, (void *)"r1");
		qemu_plugin_reset(self, reset_done, (void *)"r2");
	}
	(void)vcpu;
}

static void atexit_first(void *ud)
{
	(void)ud;
	outf("ERROR: replaced atexit callback ran\n");
}

static void atexit_basic(void *ud)
{
	outf("atexit ud=%s inits=%d flushes=%d exits=%d idle=%d resume=%d "
	     "num_vcpus=%d\n",
	     (const char *)ud, n_init, n_flush, n_exit, n_idle, n_resume,
	     qemu_plugin_num_vcpus());
}

static void atexit_phase1(void *ud)
{
	(void)ud;
	outf("ERROR: atexit of before the reset ran\n");
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	self = id;
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "mode=", 5))
			snprintf(mode, sizeof(mode), "%s", argv[i] + 5);
	if (!strcmp(mode, "basic")) {
		outf("install target=%s min=%d cur=%d system=%d smp=%d max=%d "
		     "num_vcpus=%d\n",
		     info->target_name, info->version.min, info->version.cur,
		     info->system_emulation, info->system.smp_vcpus,
		     info->system.max_vcpus, qemu_plugin_num_vcpus());
		for (int i = 0; i < argc; i++) {
			char *eq = strchr(argv[i], '=');
			bool v = false;
			bool ok = false;
			if (eq) {
				*eq = 0;
				ok =
				    qemu_plugin_bool_parse(argv[i], eq + 1, &v);
				*eq = '=';
			}
			outf("argv[%d]=%s bool_parse=%s\n", i, argv[i],
			     ok ? (v ? "true" : "false") : "invalid");
		}
		qemu_plugin_register_vcpu_init_cb(id, on_init, (void *)"init");
		qemu_plugin_register_vcpu_exit_cb(id, on_exit_cb, NULL);
		qemu_plugin_register_vcpu_idle_cb(id, on_idle, NULL);
		qemu_plugin_register_vcpu_resume_cb(id, on_resume, NULL);
		qemu_plugin_register_flush_cb(id, on_flush, (void *)"fl");
		qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
		qemu_plugin_register_atexit_cb(id, atexit_first, (void *)"x");
		qemu_plugin_register_atexit_cb(id, atexit_basic,
					       (void *)"second");
		return 0;
	}
	if (strcmp(mode, "uninstall") && strcmp(mode, "reset"))
		return 1;
	sb = qemu_plugin_scoreboard_new(sizeof(uint64_t));
	insns = qemu_plugin_scoreboard_u64(sb);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
	qemu_plugin_register_atexit_cb(id, atexit_phase1, NULL);
	return 0;
}
