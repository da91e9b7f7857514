/*
 * Test plugin: several vCPUs at once, with tests/plugins/guests/mt.c (W
 * worker threads alive together, each running mt_loop twice and making
 * system call 500 between two barriers; see the guest).  Everything is
 * counted per vCPU in one scoreboard of struct vc with plain (non-atomic)
 * adds; one line per vCPU gives the raw numbers, and
 * tests/plugins/check.sh computes what they must be (with the bb plugin as
 * the independent count; docs/testing-plugins.md, section 11).
 *
 * Every instruction gets, in this order: inline inl += 1, inline
 * phase += 1, a conditional callback when phase == every (it counts a
 * fire and sets phase to 0, so fires = floor(inl / every)), an exec
 * callback (cb += 1, and the count of the host thread it runs on), and
 * for instructions of mt_loop inline loop += 1.
 *
 * mode=M:
 *   count      also: vcpu_init/vcpu_exit (host thread ids; each callback
 *              checks that it runs on the thread whose vcpu_init got its
 *              vCPU index); num_vcpus and vcpu_for_each in the syscall-500
 *              callbacks (all vCPUs alive) and at exit.  Registration from
 *              callbacks on worker threads: vCPU 3's vcpu_init registers a
 *              HOSTCALL discon callback; each syscall-500 callback a
 *              syscall_ret callback (userdata: its vCPU; it must see that
 *              very call return); each worker's first mt_loop instruction
 *              callback a syscall filter (which must see every worker's
 *              exit, 93), vCPU 2's also an atexit callback replacing the
 *              one of install.  Scoreboards made in callbacks: in vCPU 0's
 *              vcpu_init (u64_add of every exec callback; it must grow with
 *              the vCPUs) and in vCPU 1's syscall-500 callback (mt_loop
 *              exec callbacks from then on).
 *   reset      each worker, k mt_loop instructions after its syscall 500,
 *              asks for qemu_plugin_reset from its instruction callback;
 *              the completion callback snapshots the counts and registers
 *              fresh ones (tb_trans into the phase-2 counters, vcpu_exit,
 *              atexit).  Old callbacks after it are errors.
 *   uninstall  the same with qemu_plugin_uninstall; the completion callback
 *              prints the snapshot.  With pin=on the plugin keeps itself
 *              loaded (an extra dlopen reference), so a callback that still
 *              ran after the uninstall would count instead of crashing; a
 *              destructor writes "after_done=N done=N" to report=FILE.
 *
 * Other arguments: every=N (default 997), k=K (default 3000).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MT_MAGIC 0x4d54 /* the guest's second argument of syscall 500 */

/* One vCPU's counters; [0] before a reset, [1] after. */
struct vc {
	uint64_t inl[2], phase[2], fires[2], cb[2], loop[2];
	uint64_t cbloop; /* exec callbacks of mt_loop instructions */
	uint64_t armed;	 /* cbloop at syscall 500, plus 1 (0: not yet) */
	uint64_t init, init_tid, exits[2], exit_thread_ok, exit_inl, tlmatch;
	uint64_t mismatch; /* callbacks on a thread of another vCPU */
	uint64_t sys500, who500, nv500, fe500, ret500, ret500v, ret500ud;
	uint64_t disc500;
	uint64_t filt93, last_sys;
	uint64_t snap_inl, snap_cb, snap_fires, snap_loop;
};

enum { COUNT, RESET, UNINSTALL };

static qemu_plugin_id_t self;
static int mode = COUNT;
static const char *mode_name = "count";
static uint64_t every = 997, k_req = 3000;
static bool pinned;
static char report[4096];
static struct qemu_plugin_scoreboard *sb;
/* Scoreboards created from callbacks (count mode): sb_init in vCPU 0's
 * vcpu_init (it counts every exec callback from then on, with u64_add, and
 * must grow with the vCPUs), sb_500 in the first syscall-500 callback, on
 * vCPU 1's thread (it counts mt_loop exec callbacks from then on). */
static struct qemu_plugin_scoreboard *sb_init, *sb_500;
static qemu_plugin_u64 e_inl[2], e_phase[2], e_loop[2];
static int done, n_done, n_requests, errors, install_tid;

/*
 * Per host thread: the vCPU whose vcpu_init ran on this thread and the
 * exec callbacks this thread ran, through thread-specific data (a
 * pthread key, not __thread: dynamic TLS in a dlopen'ed library trips
 * GCC 12's LeakSanitizer, whose __tls_get_addr interceptor may misread a
 * block's bounds and crash at exit).  The slots are static, so nothing is
 * freed at thread exit (the plugin may be unloaded by then).
 */
#define MAX_VCPUS 128
struct tl {
	int64_t vcpu;
	uint64_t insns;
};
static struct tl tl_slots[MAX_VCPUS];
static pthread_key_t tl_key;

/* This thread's slot if it is vCPU v's, else NULL. */
static struct tl *tl_of(unsigned v)
{
	struct tl *t = pthread_getspecific(tl_key);
	return t && t->vcpu == (int64_t)v ? t : NULL;
}

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	qemu_plugin_outs(buf);
}

static struct vc *vc(unsigned v)
{
	return qemu_plugin_scoreboard_find(sb, v);
}

static bool is_done(void)
{
	return __atomic_load_n(&done, __ATOMIC_ACQUIRE);
}

/* A callback of the first phase (every callback in uninstall mode) that
 * runs after the completion callback. */
static void check_old(void)
{
	if (is_done())
		__atomic_fetch_add(&errors, 1, __ATOMIC_RELAXED);
}

/* ---- per instruction ---- */

static void on_cond(unsigned v, void *ud)
{
	int ph = (int)(uintptr_t)ud;
	if (ph == 0)
		check_old();
	struct vc *c = vc(v);
	c->fires[ph]++;
	c->phase[ph] = 0;
}

static void register_from_insn(unsigned v);
static void request(unsigned v);

static void on_insn(unsigned v, void *ud)
{
	uintptr_t u = (uintptr_t)ud;
	int ph = (int)(u >> 1);
	if (ph == 0)
		check_old();
	struct vc *c = vc(v);
	c->cb[ph]++;
	struct tl *t = tl_of(v);
	if (t)
		t->insns++;
	else
		c->mismatch++;
	struct qemu_plugin_scoreboard *s =
	    __atomic_load_n(&sb_init, __ATOMIC_ACQUIRE);
	if (s)
		qemu_plugin_u64_add(qemu_plugin_scoreboard_u64(s), v, 1);
	if (!(u & 1))
		return;
	s = __atomic_load_n(&sb_500, __ATOMIC_ACQUIRE);
	if (s)
		qemu_plugin_u64_add(qemu_plugin_scoreboard_u64(s), v, 1);
	c->cbloop++;
	if (ph != 0 || v == 0)
		return;
	if (mode == COUNT && c->cbloop == 1)
		register_from_insn(v);
	else if (mode != COUNT && c->armed &&
		 c->cbloop - (c->armed - 1) == k_req)
		request(v);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
	uintptr_t ph = (uintptr_t)ud;
	if (ph == 0)
		check_old();
	size_t n = qemu_plugin_tb_n_insns(tb);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		const char *sym = qemu_plugin_insn_symbol(insn);
		bool loop = sym && !strcmp(sym, "mt_loop");
		qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
		    insn, QEMU_PLUGIN_INLINE_ADD_U64, e_inl[ph], 1);
		qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
		    insn, QEMU_PLUGIN_INLINE_ADD_U64, e_phase[ph], 1);
		qemu_plugin_register_vcpu_insn_exec_cond_cb(
		    insn, on_cond, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_EQ,
		    e_phase[ph], every, (void *)ph);
		qemu_plugin_register_vcpu_insn_exec_cb(
		    insn, on_insn, QEMU_PLUGIN_CB_NO_REGS,
		    (void *)(ph << 1 | (loop ? 1 : 0)));
		if (loop)
			qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
			    insn, QEMU_PLUGIN_INLINE_ADD_U64, e_loop[ph], 1);
	}
}

/* ---- vCPUs ---- */

static void on_discon(unsigned v, enum qemu_plugin_discon_type type,
		      uint64_t from, uint64_t to, void *ud)
{
	(void)type, (void)from, (void)to, (void)ud;
	struct vc *c = vc(v);
	if (!tl_of(v))
		c->mismatch++;
	if (c->last_sys == 500)
		c->disc500++;
	c->last_sys = 0;
}

static void on_init(unsigned v, void *ud)
{
	(void)ud;
	check_old();
	struct vc *c = vc(v);
	c->init++;
	c->init_tid = (uint64_t)gettid();
	if (v < MAX_VCPUS) {
		tl_slots[v].vcpu = v;
		pthread_setspecific(tl_key, &tl_slots[v]);
	}
	if (mode == COUNT && v == 0)
		__atomic_store_n(&sb_init,
				 qemu_plugin_scoreboard_new(sizeof(uint64_t)),
				 __ATOMIC_RELEASE);
	/* Registration from a vcpu_init callback on a worker's thread. */
	if (mode == COUNT && v == 3)
		qemu_plugin_register_vcpu_discon_cb(
		    self, QEMU_PLUGIN_DISCON_HOSTCALL, on_discon, NULL);
}

static void on_exit_cb(unsigned v, void *ud)
{
	int ph = (int)(uintptr_t)ud;
	if (ph == 0)
		check_old();
	struct vc *c = vc(v);
	c->exits[ph]++;
	c->exit_thread_ok = (uint64_t)gettid() == c->init_tid;
	c->exit_inl = c->inl[0] + c->inl[1];
	struct tl *t = tl_of(v);
	c->tlmatch = t && t->insns == c->cb[0] + c->cb[1];
}

/* ---- system calls ---- */

static void for_each_cb(unsigned v, void *ud)
{
	*(uint64_t *)ud |= 1ull << v;
}

static void on_ret(unsigned v, int64_t num, int64_t ret, void *ud)
{
	struct vc *c = vc(v);
	if (!tl_of(v))
		c->mismatch++;
	if (num == 500) {
		c->ret500++;
		c->ret500v = (uint64_t)ret;
		c->ret500ud = (uintptr_t)ud; /* the latest registration's */
	}
}

static bool on_filter(unsigned v, int64_t num, uint64_t a1, uint64_t a2,
		      uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		      uint64_t a7, uint64_t a8, int64_t *sysret, void *ud)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6;
	(void)a7, (void)a8, (void)sysret, (void)ud;
	struct vc *c = vc(v);
	if (!tl_of(v))
		c->mismatch++;
	if (num == 93)
		c->filt93++;
	return false;
}

static void atexit_report(void *ud);

/* Registration from an instruction callback, in the middle of a block, on
 * a worker's thread: every worker its filter, at about the same time (the
 * second and later replace the first with the same function), and vCPU 2
 * an atexit callback in place of the one of install (new userdata). */
static void register_from_insn(unsigned v)
{
	qemu_plugin_register_vcpu_syscall_filter_cb(self, on_filter,
						    (void *)(uintptr_t)v);
	if (v == 2)
		qemu_plugin_register_atexit_cb(self, atexit_report,
					       (void *)"insn_vcpu2");
}

static void on_syscall(unsigned v, int64_t num, uint64_t a1, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		       uint64_t a7, uint64_t a8, void *ud)
{
	(void)a3, (void)a4, (void)a5, (void)a6, (void)a7, (void)a8, (void)ud;
	check_old();
	struct vc *c = vc(v);
	if (!tl_of(v))
		c->mismatch++;
	c->last_sys = (uint64_t)num;
	if (num == 94 && v == 0)
		c->tlmatch = tl_of(0) && tl_of(0)->insns == c->cb[0];
	if (num != 500 || a2 != MT_MAGIC)
		return;
	c->sys500++;
	c->who500 = a1 + 1; /* worker k runs on vCPU k + 1 */
	c->nv500 = (uint64_t)qemu_plugin_num_vcpus();
	uint64_t mask = 0;
	qemu_plugin_vcpu_for_each(self, for_each_cb, &mask);
	c->fe500 = mask;
	if (mode == COUNT && v == 1) /* the first syscall 500 */
		__atomic_store_n(&sb_500,
				 qemu_plugin_scoreboard_new(sizeof(uint64_t)),
				 __ATOMIC_RELEASE);
	if (mode == COUNT) /* it must see this very call return */
		qemu_plugin_register_vcpu_syscall_ret_cb(self, on_ret,
							 (void *)(uintptr_t)v);
	else
		c->armed = c->cbloop + 1;
}

/* ---- exit, reset, uninstall ---- */

/* The fields printed for each vCPU, all as signed decimal numbers. */
#define FIELD(name, member)                                                    \
	{                                                                      \
		name, offsetof(struct vc, member)                              \
	}
static const struct {
	const char *name;
	size_t off;
} fields[] = {
    FIELD("init", init),
    FIELD("init_tid", init_tid),
    FIELD("exit1", exits[0]),
    FIELD("exit2", exits[1]),
    FIELD("exit_thread_ok", exit_thread_ok),
    FIELD("exit_inl", exit_inl),
    FIELD("tlmatch", tlmatch),
    FIELD("mismatch", mismatch),
    FIELD("inl1", inl[0]),
    FIELD("cb1", cb[0]),
    FIELD("fires1", fires[0]),
    FIELD("loop1", loop[0]),
    FIELD("inl2", inl[1]),
    FIELD("cb2", cb[1]),
    FIELD("fires2", fires[1]),
    FIELD("loop2", loop[1]),
    FIELD("snap_inl", snap_inl),
    FIELD("snap_cb", snap_cb),
    FIELD("snap_fires", snap_fires),
    FIELD("snap_loop", snap_loop),
    FIELD("sys500", sys500),
    FIELD("who500", who500),
    FIELD("nv500", nv500),
    FIELD("fe500", fe500),
    FIELD("ret500", ret500),
    FIELD("ret500v", ret500v),
    FIELD("ret500ud", ret500ud),
    FIELD("disc500", disc500),
    FIELD("filt93", filt93),
};

static void print_vcpus(void)
{
	int n = qemu_plugin_num_vcpus();
	for (int v = 0; v < n; v++) {
		const char *c = (const char *)vc((unsigned)v);
		char line[2048];
		size_t len =
		    (size_t)snprintf(line, sizeof(line), "mt vcpu %d", v);
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]);
		     i++) {
			int64_t x;
			memcpy(&x, c + fields[i].off, sizeof(x));
			len +=
			    (size_t)snprintf(line + len, sizeof(line) - len,
					     " %s=%" PRId64, fields[i].name, x);
		}
		uint64_t in_init = 0, in_500 = 0;
		if (sb_init)
			in_init = qemu_plugin_u64_get(
			    qemu_plugin_scoreboard_u64(sb_init), (unsigned)v);
		if (sb_500)
			in_500 = qemu_plugin_u64_get(
			    qemu_plugin_scoreboard_u64(sb_500), (unsigned)v);
		snprintf(line + len, sizeof(line) - len,
			 " sb_init=%" PRIu64 " sb_500=%" PRIu64 "\n", in_init,
			 in_500);
		qemu_plugin_outs(line);
	}
}

static void atexit_report(void *ud)
{
	uint64_t mask = 0;
	qemu_plugin_vcpu_for_each(self, for_each_cb, &mask);
	outf("mt atexit mode=%s ud=%s pid=%d install_tid=%d num_vcpus=%d "
	     "foreach=0x%" PRIx64 " done=%d requests=%d errors=%d\n",
	     mode_name, (const char *)ud, (int)getpid(), install_tid,
	     qemu_plugin_num_vcpus(), mask, n_done,
	     __atomic_load_n(&n_requests, __ATOMIC_RELAXED),
	     __atomic_load_n(&errors, __ATOMIC_RELAXED));
	print_vcpus();
	qemu_plugin_scoreboard_free(sb_init);
	qemu_plugin_scoreboard_free(sb_500);
	qemu_plugin_scoreboard_free(sb);
	sb_init = sb_500 = sb = NULL;
	pthread_key_delete(tl_key);
}

static void atexit_old(void *ud)
{
	(void)ud;
	__atomic_fetch_add(&errors, 1, __ATOMIC_RELAXED);
	outf("mt ERROR: atexit of before the %s ran\n", mode_name);
}

static void snapshot(void)
{
	int n = qemu_plugin_num_vcpus();
	for (int v = 0; v < n; v++) {
		struct vc *c = vc((unsigned)v);
		c->snap_inl = c->inl[0];
		c->snap_cb = c->cb[0];
		c->snap_fires = c->fires[0];
		c->snap_loop = c->loop[0];
	}
}

/* Runs with every vCPU stopped. */
static void reset_done(void *ud)
{
	n_done++;
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	snapshot();
	outf("mt reset done n=%d first_by=vcpu%u requests=%d\n", n_done,
	     (unsigned)(uintptr_t)ud,
	     __atomic_load_n(&n_requests, __ATOMIC_RELAXED));
	qemu_plugin_register_vcpu_tb_trans_cb(self, tb_trans, (void *)1);
	qemu_plugin_register_vcpu_exit_cb(self, on_exit_cb, (void *)1);
	qemu_plugin_register_atexit_cb(self, atexit_report, (void *)"reset");
}

static void uninstall_done(void *ud)
{
	n_done++;
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	snapshot();
	print_vcpus();
	outf("mt uninstall done n=%d first_by=vcpu%u requests=%d pid=%d\n",
	     n_done, (unsigned)(uintptr_t)ud,
	     __atomic_load_n(&n_requests, __ATOMIC_RELAXED), (int)getpid());
}

static void request(unsigned v)
{
	__atomic_fetch_add(&n_requests, 1, __ATOMIC_RELAXED);
	void *ud = (void *)(uintptr_t)v;
	if (mode == RESET)
		qemu_plugin_reset(self, reset_done, ud);
	else
		qemu_plugin_uninstall(self, uninstall_done, ud);
}

__attribute__((destructor)) static void write_report(void)
{
	if (!pinned || !report[0])
		return;
	FILE *f = fopen(report, "w");
	if (!f)
		return;
	fprintf(f, "after_done=%d done=%d\n",
		__atomic_load_n(&errors, __ATOMIC_RELAXED), n_done);
	fclose(f);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	self = id;
	install_tid = (int)gettid();
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "mode=count")) {
			mode = COUNT;
		} else if (!strcmp(a, "mode=reset")) {
			mode = RESET;
		} else if (!strcmp(a, "mode=uninstall")) {
			mode = UNINSTALL;
		} else if (!strncmp(a, "every=", 6)) {
			every = strtoull(a + 6, NULL, 0);
		} else if (!strncmp(a, "k=", 2)) {
			k_req = strtoull(a + 2, NULL, 0);
		} else if (!strcmp(a, "pin=on")) {
			pinned = true;
		} else if (!strncmp(a, "report=", 7)) {
			snprintf(report, sizeof(report), "%s", a + 7);
		} else {
			fprintf(stderr, "mt: unknown argument %s\n", a);
			return 1;
		}
	}
	mode_name = mode == COUNT   ? "count"
		    : mode == RESET ? "reset"
				    : "uninstall";
	if (every == 0 || k_req == 0)
		return 1;
	if (pinned) {
		Dl_info dli;
		if (!dladdr((void *)write_report, &dli) ||
		    !dlopen(dli.dli_fname,
			    RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE))
			return 2;
	}
	if (pthread_key_create(&tl_key, NULL))
		return 3;
	sb = qemu_plugin_scoreboard_new(sizeof(struct vc));
	e_inl[0] = qemu_plugin_scoreboard_u64_in_struct(sb, struct vc, inl[0]);
	e_inl[1] = qemu_plugin_scoreboard_u64_in_struct(sb, struct vc, inl[1]);
	e_phase[0] =
	    qemu_plugin_scoreboard_u64_in_struct(sb, struct vc, phase[0]);
	e_phase[1] =
	    qemu_plugin_scoreboard_u64_in_struct(sb, struct vc, phase[1]);
	e_loop[0] =
	    qemu_plugin_scoreboard_u64_in_struct(sb, struct vc, loop[0]);
	e_loop[1] =
	    qemu_plugin_scoreboard_u64_in_struct(sb, struct vc, loop[1]);
	qemu_plugin_register_vcpu_init_cb(id, on_init, NULL);
	qemu_plugin_register_vcpu_exit_cb(id, on_exit_cb, (void *)0);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, (void *)0);
	qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
	if (mode == COUNT)
		qemu_plugin_register_atexit_cb(id, atexit_report,
					       (void *)"install");
	else
		qemu_plugin_register_atexit_cb(id, atexit_old, NULL);
	return 0;
}
