/*
 * State shared by the plugin layer's files (core.c, api.c, gen.c,
 * regs.c).  Not part of the engine's interface: see plugin.h.
 */
#ifndef LOUPE_PLUGIN_INTERNAL_H
#define LOUPE_PLUGIN_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <qemu-plugin.h>

#include "plugin/plugin.h"

struct vcpu;

enum plugin_event {
	EV_VCPU_INIT,
	EV_VCPU_EXIT,
	EV_VCPU_IDLE,
	EV_VCPU_RESUME,
	EV_TB_TRANS,
	EV_SYSCALL,
	EV_SYSCALL_FILTER,
	EV_SYSCALL_RET,
	EV_FLUSH,
	EV_ATEXIT,
	EV_DISCON_INTERRUPT,
	EV_DISCON_EXCEPTION,
	EV_DISCON_HOSTCALL,
	EV_COUNT
};

struct plugin {
	qemu_plugin_id_t id;
	char *path;
	void *dl;
	int argc;
	char **argv;
	bool uninstalling; /* requested; completes between blocks */
	bool resetting;
	qemu_plugin_udata_cb_t done_cb;
	void *done_ud;
};

/* One per-event callback of one plugin.  Lists keep first-registration
 * order and run newest first, as upstream's head-inserted lists do. */
struct plugin_event_cb {
	struct plugin *p;
	void (*fn)(void);
	void *ud;
};

struct plugin_core {
	pthread_mutex_t lock; /* recursive: callbacks may register */
	struct plugin **plugins;
	int n_plugins;
	struct plugin_event_cb *ev[EV_COUNT];
	int n_ev[EV_COUNT], cap_ev[EV_COUNT];
	struct engine *eng;
	struct lu_process *proc;
	struct vcpu **vcpus;
	int num_vcpus, cap_vcpus;
	bool requests; /* an uninstall/reset is pending */
	bool exiting;  /* atexit has begun: no more callbacks */
	uint64_t next_id;
};

extern struct plugin_core plugin_core;

/* The vCPU whose callback is running on this thread (NULL outside), and
 * the register-access level of that callback (QEMU_PLUGIN_CB_*). */
extern _Thread_local struct vcpu *plugin_current;
/* Inline: runs around every callback. */
static inline struct vcpu *plugin_current_vcpu(void)
{
	return plugin_current;
}
static inline void plugin_set_current(struct vcpu *cpu)
{
	plugin_current = cpu;
}

struct plugin *plugin_by_id(qemu_plugin_id_t id);
void plugin_register_event(qemu_plugin_id_t id, enum plugin_event ev,
			   void (*fn)(void), void *ud);
/* API misuse by a plugin: one line on stderr and exit 1. */
_Noreturn void plugin_misuse(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

void plugin_lock(void);
void plugin_unlock(void);

/* Scoreboards (api.c) grow with the vCPUs. */
void plugin_scoreboards_grow(int n_vcpus);

#endif

/* ---- translation-time handles (valid during tb_trans only) ---- */

enum dcb_kind { DCB_CB, DCB_COND, DCB_INLINE, DCB_MEM_CB, DCB_MEM_INLINE };

/* One registered instrumentation item, in registration order. */
struct dcb {
	uint8_t kind;  /* enum dcb_kind */
	uint8_t flags; /* QEMU_PLUGIN_CB_* */
	uint8_t rw;    /* QEMU_PLUGIN_MEM_* (mem kinds) */
	uint8_t cond;  /* QEMU_PLUGIN_COND_* (DCB_COND) */
	uint8_t op;    /* QEMU_PLUGIN_INLINE_* (inline kinds) */
	void (*fn)(void);
	void *ud;
	qemu_plugin_u64 entry;
	uint64_t imm;
};

struct dcb_vec {
	struct dcb *v;
	int n, cap;
};

struct qemu_plugin_insn {
	const struct rv_insn *d;
	struct qemu_plugin_tb *tb;
	struct dcb_vec exec, mem;
};

struct qemu_plugin_tb {
	struct vcpu *cpu;
	uint64_t vaddr;
	int n;
	struct qemu_plugin_insn *insns;
	struct dcb_vec exec;
	bool in_trans; /* handles may be used only while true */
};

/* The block whose tb_trans callbacks run on this thread (NULL outside).
 * Handles are checked against it without dereferencing them, so a handle
 * kept past its callback is caught, not read after being freed. */
extern _Thread_local struct qemu_plugin_tb *plugin_trans_tb;

void dcb_push(struct dcb_vec *vec, const struct dcb *d);
