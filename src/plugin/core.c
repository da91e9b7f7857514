/*
 * The plugin core: loading, per-event callback lists, vCPU events,
 * syscalls, discontinuities, and the asynchronous uninstall/reset.
 *
 * Callbacks run with the current vCPU and its register-access level set
 * (cpu->plugin_flags), which the register API enforces.  Uninstall and
 * reset only set a request: the running block finishes, the cpu loop sees
 * cpu->exit_request between blocks, and plugin_process_requests() drops the
 * plugin's callbacks, flushes the translations (so no instrumentation of it
 * survives), runs the completion callback and, for uninstall, unloads it.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpus.h"
#include "core/engine.h"
#include "core/vcpu.h"
#include "linux-user/process.h"
#include "plugin/internal.h"

struct plugin_core plugin_core;

static char **options;
static int n_options;
_Thread_local struct vcpu *plugin_current;

/* loupe is the executable, so plugin_current is in the static TLS block, at
 * one fixed offset from every thread's thread pointer (on x86-64 the
 * pointer is %fs's base, and glibc stores it at %fs:0 too). */
ptrdiff_t plugin_current_tls_offset(void)
{
#if defined(__x86_64__)
	char *tp;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	return (char *)&plugin_current - tp;
#else
	return 0; /* no backend but the interpreter needs it here */
#endif
}

void plugin_lock(void)
{
	pthread_mutex_lock(&plugin_core.lock);
}

void plugin_unlock(void)
{
	pthread_mutex_unlock(&plugin_core.lock);
}

_Noreturn void plugin_misuse(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "loupe: plugin API misuse: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void plugin_add_option(const char *spec)
{
	options = realloc(options, (size_t)(n_options + 1) * sizeof(*options));
	options[n_options++] = (char *)spec;
}

bool plugin_active(void)
{
	return plugin_core.n_plugins > 0;
}

struct plugin *plugin_by_id(qemu_plugin_id_t id)
{
	for (int i = 0; i < plugin_core.n_plugins; i++)
		if (plugin_core.plugins[i]->id == id)
			return plugin_core.plugins[i];
	return NULL;
}

void plugin_register_event(qemu_plugin_id_t id, enum plugin_event ev,
			   void (*fn)(void), void *ud)
{
	plugin_lock();
	struct plugin *p = plugin_by_id(id);
	if (!p)
		plugin_misuse("unknown plugin id %llu", (unsigned long long)id);
	if (p->uninstalling || p->resetting || plugin_core.exiting) {
		plugin_unlock();
		return;
	}
	struct plugin_event_cb *list = plugin_core.ev[ev];
	int n = plugin_core.n_ev[ev];
	for (int i = 0; i < n; i++) {
		if (list[i].p != p)
			continue;
		if (fn) { /* replace in place */
			list[i].fn = fn;
			list[i].ud = ud;
		} else {
			memmove(&list[i], &list[i + 1],
				(size_t)(n - i - 1) * sizeof(*list));
			plugin_core.n_ev[ev]--;
		}
		plugin_unlock();
		return;
	}
	if (fn) {
		if (n == plugin_core.cap_ev[ev]) {
			int cap = n ? 2 * n : 4;
			list = realloc(list, (size_t)cap * sizeof(*list));
			plugin_core.ev[ev] = list;
			plugin_core.cap_ev[ev] = cap;
		}
		list[n] = (struct plugin_event_cb){p, fn, ud};
		plugin_core.n_ev[ev]++;
	}
	plugin_unlock();
}

static void drop_plugin_events(struct plugin *p)
{
	for (int ev = 0; ev < EV_COUNT; ev++) {
		int k = 0;
		for (int i = 0; i < plugin_core.n_ev[ev]; i++)
			if (plugin_core.ev[ev][i].p != p)
				plugin_core.ev[ev][k++] = plugin_core.ev[ev][i];
		plugin_core.n_ev[ev] = k;
	}
}

/*
 * Iterate the callbacks of one event newest-first.  A copy is taken so a
 * callback may register, unregister or uninstall while we iterate.
 */
#define FOR_EACH_EVENT_CB(event, var, body)                                    \
	do {                                                                   \
		plugin_lock();                                                 \
		int n_ = plugin_core.n_ev[event];                              \
		struct plugin_event_cb copy_[n_ ? n_ : 1];                     \
		if (n_)                                                        \
			memcpy(copy_, plugin_core.ev[event],                   \
			       (size_t)n_ * sizeof(*copy_));                   \
		plugin_unlock();                                               \
		for (int i_ = n_ - 1; i_ >= 0; i_--) {                         \
			const struct plugin_event_cb *var = &copy_[i_];        \
			body                                                   \
		}                                                              \
	} while (0)

/* Run fn with cpu current at access level flags, restoring what was. */
struct cb_scope {
	struct vcpu *prev;
	int prev_flags;
};

static struct cb_scope enter(struct vcpu *cpu, int flags)
{
	struct cb_scope s = {plugin_current, cpu ? cpu->plugin_flags : 0};
	plugin_current = cpu;
	if (cpu)
		cpu->plugin_flags = flags;
	return s;
}

static void leave(struct vcpu *cpu, struct cb_scope s)
{
	if (cpu)
		cpu->plugin_flags = s.prev_flags;
	plugin_current = s.prev;
}

/* ---- loading ---- */

static _Noreturn void load_error(const char *path, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "loupe: Could not load plugin %s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Split "path,a=b,c" (or "file=path,...") into path and argv. */
static struct plugin *parse_option(const char *spec)
{
	struct plugin *p = calloc(1, sizeof(*p));
	char **parts = g_strsplit(spec, ",", -1);
	int n = (int)g_strv_length(parts);
	p->argv = calloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		char *s = parts[i];
		if (!*s)
			continue;
		if (!p->path && (i == 0 || !strncmp(s, "file=", 5))) {
			if (!strncmp(s, "file=", 5)) {
				p->path = g_strdup(s + 5);
				continue;
			}
			if (!strchr(s, '=')) {
				p->path = g_strdup(s);
				continue;
			}
		}
		if (!strncmp(s, "arg=", 4)) /* legacy form: arg=x is x=on */
			p->argv[p->argc++] = g_strdup_printf("%s=on", s + 4);
		else if (!strchr(s, '='))
			p->argv[p->argc++] = g_strdup_printf("%s=on", s);
		else
			p->argv[p->argc++] = g_strdup(s);
	}
	g_strfreev(parts);
	if (!p->path || !*p->path) {
		fprintf(stderr, "loupe: -plugin %s: no plugin file given\n",
			spec);
		exit(1);
	}
	return p;
}

#define PLUGIN_MIN_VERSION 7

void plugin_load_all(struct engine *eng, struct lu_process *proc)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&plugin_core.lock, &attr);
	pthread_mutexattr_destroy(&attr);
	plugin_core.eng = eng;
	plugin_core.proc = proc;
	/* A plugin may end the process with exit() (stoptrigger does): the
	 * atexit callbacks still run, as in QEMU. */
	if (n_options)
		atexit(plugin_atexit);

	for (int i = 0; i < n_options; i++) {
		struct plugin *p = parse_option(options[i]);
		p->dl = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
		if (!p->dl)
			load_error(p->path, "%s", dlerror());
		int (*install)(qemu_plugin_id_t, const qemu_info_t *, int,
			       char **);
		*(void **)&install = dlsym(p->dl, "qemu_plugin_install");
		if (!install)
			load_error(p->path, "no qemu_plugin_install symbol");
		int *version = dlsym(p->dl, "qemu_plugin_version");
		if (!version)
			load_error(p->path,
				   "plugin does not declare API version");
		if (*version < PLUGIN_MIN_VERSION)
			load_error(
			    p->path,
			    "plugin requires API version %d, but this "
			    "loupe supports only a minimum version of %d",
			    *version, PLUGIN_MIN_VERSION);
		if (*version > QEMU_PLUGIN_VERSION)
			load_error(p->path,
				   "plugin requires API version %d, but this "
				   "loupe supports only up to version %d",
				   *version, QEMU_PLUGIN_VERSION);
		p->id = ++plugin_core.next_id;
		plugin_core.plugins = realloc(
		    plugin_core.plugins, (size_t)(plugin_core.n_plugins + 1) *
					     sizeof(*plugin_core.plugins));
		plugin_core.plugins[plugin_core.n_plugins++] = p;
		qemu_info_t info;
		memset(&info, 0, sizeof(info));
		info.target_name = "riscv64";
		info.version.min = PLUGIN_MIN_VERSION;
		info.version.cur = QEMU_PLUGIN_VERSION;
		info.system_emulation = false;
		int rc = install(p->id, &info, p->argc, p->argv);
		if (rc)
			load_error(p->path,
				   "qemu_plugin_install returned error code %d",
				   rc);
	}
	free(options);
	options = NULL;
	n_options = 0;
}

static void unload(struct plugin *p)
{
	int k = 0;
	for (int i = 0; i < plugin_core.n_plugins; i++)
		if (plugin_core.plugins[i] != p)
			plugin_core.plugins[k++] = plugin_core.plugins[i];
	plugin_core.n_plugins = k;
	if (p->dl)
		dlclose(p->dl);
	for (int i = 0; i < p->argc; i++)
		g_free(p->argv[i]);
	free(p->argv);
	g_free(p->path);
	free(p);
}

/* ---- vCPUs ---- */

/* Called in an exclusive section: no vCPU runs while the per-vCPU arrays
 * (the scoreboards' included) grow. */
void plugin_vcpu_register(struct vcpu *cpu)
{
	plugin_lock();
	if (cpu->index >= plugin_core.cap_vcpus) {
		int cap = cpu->index * 2 + 4;
		plugin_core.vcpus = realloc(
		    plugin_core.vcpus, (size_t)cap * sizeof(struct vcpu *));
		for (int i = plugin_core.cap_vcpus; i < cap; i++)
			plugin_core.vcpus[i] = NULL;
		plugin_core.cap_vcpus = cap;
	}
	plugin_core.vcpus[cpu->index] = cpu;
	if (cpu->index + 1 > plugin_core.num_vcpus)
		__atomic_store_n(&plugin_core.num_vcpus, cpu->index + 1,
				 __ATOMIC_RELEASE);
	plugin_scoreboards_grow(plugin_core.num_vcpus);
	plugin_unlock();
}

void plugin_vcpu_unregister(struct vcpu *cpu)
{
	plugin_lock();
	if (cpu->index < plugin_core.cap_vcpus &&
	    plugin_core.vcpus[cpu->index] == cpu)
		plugin_core.vcpus[cpu->index] = NULL;
	plugin_unlock();
}

static void vcpu_event(struct vcpu *cpu, enum plugin_event ev)
{
	FOR_EACH_EVENT_CB(ev, e, {
		struct cb_scope s = enter(cpu, QEMU_PLUGIN_CB_RW_REGS);
		((qemu_plugin_vcpu_udata_cb_t)e->fn)((unsigned)cpu->index,
						     e->ud);
		leave(cpu, s);
	});
}

void plugin_vcpu_init(struct vcpu *cpu)
{
	if (plugin_active())
		vcpu_event(cpu, EV_VCPU_INIT);
}

void plugin_vcpu_exit(struct vcpu *cpu)
{
	if (plugin_active())
		vcpu_event(cpu, EV_VCPU_EXIT);
}

void plugin_atexit(void)
{
	if (!plugin_active() || plugin_core.exiting)
		return;
	/* Take every other callback away first, as QEMU's user mode does. */
	plugin_lock();
	int n = plugin_core.n_ev[EV_ATEXIT];
	struct plugin_event_cb *cbs = plugin_core.ev[EV_ATEXIT];
	plugin_core.ev[EV_ATEXIT] = NULL;
	plugin_core.n_ev[EV_ATEXIT] = plugin_core.cap_ev[EV_ATEXIT] = 0;
	for (int ev = 0; ev < EV_COUNT; ev++)
		plugin_core.n_ev[ev] = 0;
	plugin_core.exiting = true;
	plugin_unlock();
	struct vcpu *prev = plugin_current;
	plugin_current = NULL;
	for (int i = n - 1; i >= 0; i--)
		((qemu_plugin_udata_cb_t)cbs[i].fn)(cbs[i].ud);
	plugin_current = prev;
	free(cbs);
	while (plugin_core.n_plugins)
		unload(plugin_core.plugins[0]);
	for (int ev = 0; ev < EV_COUNT; ev++)
		free(plugin_core.ev[ev]);
	free(plugin_core.plugins);
	free(plugin_core.vcpus);
	plugin_gen_flush();
	memset(&plugin_core.ev, 0, sizeof(plugin_core.ev));
}

void plugin_flush_event(void)
{
	plugin_gen_flush();
	if (!plugin_active())
		return;
	FOR_EACH_EVENT_CB(EV_FLUSH, e, {
		struct vcpu *prev = plugin_current;
		plugin_current = NULL;
		((qemu_plugin_udata_cb_t)e->fn)(e->ud);
		plugin_current = prev;
	});
}

/* ---- uninstall / reset ---- */

void plugin_request(qemu_plugin_id_t id, bool uninstall,
		    qemu_plugin_udata_cb_t cb, void *ud);
void plugin_request(qemu_plugin_id_t id, bool uninstall,
		    qemu_plugin_udata_cb_t cb, void *ud)
{
	plugin_lock();
	struct plugin *p = plugin_by_id(id);
	if (!p)
		plugin_misuse("uninstall/reset of unknown plugin id %llu",
			      (unsigned long long)id);
	if (p->uninstalling || p->resetting) {
		plugin_unlock();
		return;
	}
	p->uninstalling = uninstall;
	p->resetting = !uninstall;
	p->done_cb = cb;
	p->done_ud = ud;
	__atomic_store_n(&plugin_core.requests, true, __ATOMIC_RELEASE);
	bool no_vcpu = plugin_core.num_vcpus == 0;
	plugin_unlock();
	if (no_vcpu)
		plugin_process_requests(NULL);
	else
		cpus_kick_all(&plugin_core.eng->cpus);
}

/* Runs with every vCPU stopped: translations are flushed and callbacks
 * dropped while no block runs. */
static void process_requests(void *unused)
{
	(void)unused;
	plugin_lock();
	if (!plugin_core.requests) {
		plugin_unlock();
		return;
	}
	plugin_core.requests = false;
	struct plugin *done[plugin_core.n_plugins ? plugin_core.n_plugins : 1];
	int n_done = 0;
	for (int i = 0; i < plugin_core.n_plugins; i++) {
		struct plugin *p = plugin_core.plugins[i];
		if (p->uninstalling || p->resetting) {
			drop_plugin_events(p);
			done[n_done++] = p;
		}
	}
	/* No translation may keep this plugin's instrumentation. */
	if (plugin_core.eng)
		tb_flush(&plugin_core.eng->tbs);
	plugin_unlock();
	for (int i = 0; i < n_done; i++) {
		struct plugin *p = done[i];
		bool uninstall = p->uninstalling;
		p->resetting = false;
		if (p->done_cb) {
			struct vcpu *prev = plugin_current;
			plugin_current = NULL;
			p->done_cb(p->done_ud);
			plugin_current = prev;
		}
		if (uninstall) {
			plugin_lock();
			unload(p);
			plugin_unlock();
		}
	}
}

void plugin_process_requests(struct vcpu *cpu)
{
	if (!__atomic_load_n(&plugin_core.requests, __ATOMIC_ACQUIRE))
		return;
	if (!plugin_core.eng || !cpu)
		process_requests(NULL);
	else
		cpus_run_exclusive(&plugin_core.eng->cpus, cpu,
				   process_requests, NULL);
}

/* ---- syscalls and discontinuities ---- */

void plugin_syscall_event(struct vcpu *cpu, int64_t num, const uint64_t *a)
{
	FOR_EACH_EVENT_CB(EV_SYSCALL, e, {
		struct cb_scope s = enter(cpu, QEMU_PLUGIN_CB_RW_REGS_PC);
		((qemu_plugin_vcpu_syscall_cb_t)e->fn)(
		    (unsigned)cpu->index, num, a[0], a[1], a[2], a[3], a[4],
		    a[5], 0, 0, e->ud);
		leave(cpu, s);
	});
}

bool plugin_syscall_filter(struct vcpu *cpu, int64_t num, const uint64_t *a,
			   int64_t *ret)
{
	bool taken = false;
	FOR_EACH_EVENT_CB(EV_SYSCALL_FILTER, e, {
		if (!taken) {
			struct cb_scope s =
			    enter(cpu, QEMU_PLUGIN_CB_RW_REGS_PC);
			taken = ((qemu_plugin_vcpu_syscall_filter_cb_t)e->fn)(
			    (unsigned)cpu->index, num, a[0], a[1], a[2], a[3],
			    a[4], a[5], 0, 0, ret, e->ud);
			leave(cpu, s);
		}
	});
	return taken;
}

void plugin_syscall_ret_event(struct vcpu *cpu, int64_t num, int64_t ret)
{
	FOR_EACH_EVENT_CB(EV_SYSCALL_RET, e, {
		struct cb_scope s = enter(cpu, QEMU_PLUGIN_CB_RW_REGS_PC);
		((qemu_plugin_vcpu_syscall_ret_cb_t)e->fn)((unsigned)cpu->index,
							   num, ret, e->ud);
		leave(cpu, s);
	});
}

void plugin_discon_event(struct vcpu *cpu, int type, uint64_t from, uint64_t to)
{
	enum plugin_event ev =
	    type == QEMU_PLUGIN_DISCON_INTERRUPT   ? EV_DISCON_INTERRUPT
	    : type == QEMU_PLUGIN_DISCON_EXCEPTION ? EV_DISCON_EXCEPTION
						   : EV_DISCON_HOSTCALL;
	FOR_EACH_EVENT_CB(ev, e, {
		struct cb_scope s = enter(cpu, QEMU_PLUGIN_CB_RW_REGS_PC);
		((qemu_plugin_vcpu_discon_cb_t)e->fn)(
		    (unsigned)cpu->index, (enum qemu_plugin_discon_type)type,
		    from, to, e->ud);
		leave(cpu, s);
	});
}
