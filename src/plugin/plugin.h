/*
 * The plugin layer as the engine sees it.
 *
 * Design (after QEMU's plugin core): plugins are shared objects loaded at
 * start; each registers per-event callbacks (vCPU init, block translation,
 * syscalls, ...) and, from its translation callback, per-block and
 * per-instruction instrumentation.  Translation is two-pass: pass 1 hands
 * the decoded block to the plugins (plugin_translate), pass 2 emits the
 * instrumentation they asked for as IR ops around the guest instructions
 * (plugin_gen_*), so every backend runs it.  With no plugin listening,
 * none of this runs and no op is emitted.
 *
 * Only opaque handles cross into plugins.  The API entry points have no
 * context argument (it is QEMU's ABI), so the process's plugin state is one
 * file-scope object in core.c, guarded by a recursive lock; per-vCPU state
 * (current callback flags, the access being reported) lives in struct vcpu.
 */
#ifndef LOUPE_PLUGIN_PLUGIN_H
#define LOUPE_PLUGIN_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir/ir.h"
#include "target/riscv/insn.h"

struct vcpu;
struct engine;
struct lu_process;

/* -plugin option text, in command-line order. */
void plugin_add_option(const char *spec);
/* Load and install every -plugin; on failure print one line and exit 1. */
void plugin_load_all(struct engine *eng, struct lu_process *proc);
bool plugin_active(void);

/* vCPU life and process exit.  register/unregister run in an exclusive
 * section (core/cpus.h); init and exit run the callbacks on the vCPU's
 * own thread. */
void plugin_vcpu_register(struct vcpu *cpu);
void plugin_vcpu_unregister(struct vcpu *cpu);
void plugin_vcpu_init(struct vcpu *cpu);
void plugin_vcpu_exit(struct vcpu *cpu);
void plugin_atexit(void);

/* Called by the cpu loop between blocks when cpu->exit_request is set:
 * carries out pending uninstall/reset requests with every vCPU stopped. */
void plugin_process_requests(struct vcpu *cpu);

/* Translation cache flushed (all translations gone). */
void plugin_flush_event(void);

/* System calls: returns true if a filter took the call over (*ret set). */
void plugin_syscall_event(struct vcpu *cpu, int64_t num, const uint64_t *a);
bool plugin_syscall_filter(struct vcpu *cpu, int64_t num, const uint64_t *a,
			   int64_t *ret);
void plugin_syscall_ret_event(struct vcpu *cpu, int64_t num, int64_t ret);

/* Control left the straight line: type is a QEMU_PLUGIN_DISCON_* bit. */
void plugin_discon_event(struct vcpu *cpu, int type, uint64_t from,
			 uint64_t to);

/*
 * Pass 1 and 2.  plugin_translate() runs the tb_trans callbacks on the
 * decoded block and returns the instrumentation they registered (NULL if
 * none); the target's emitter then calls plugin_gen_tb_start() once,
 * plugin_gen_insn_start() before each instruction and plugin_gen_mem()
 * after each memory access, and plugin_gen_end() when done.
 */
struct plugin_block;
struct plugin_block *plugin_translate(struct vcpu *cpu, struct rv_insn *insns,
				      int n);
void plugin_gen_tb_start(struct plugin_block *pb, struct ir_block *b);
void plugin_gen_insn_start(struct plugin_block *pb, struct ir_block *b,
			   int idx);
/* Does instruction idx have memory instrumentation?  (The emitter then
 * keeps the address in a temporary.) */
bool plugin_gen_wants_mem(const struct plugin_block *pb, int idx);
/*
 * After a memory access of instruction idx: address in slot addr, value in
 * slot val (size_shift, sign, store describe it).  For accesses done by a
 * helper (atomics), use plugin_gen_mem_log, which reports what the helper
 * recorded in cpu->mem_log.
 */
void plugin_gen_mem(struct plugin_block *pb, struct ir_block *b, int idx,
		    unsigned addr, unsigned val, unsigned size_shift, bool sign,
		    bool store);
void plugin_gen_mem_log(struct plugin_block *pb, struct ir_block *b, int idx);
void plugin_gen_end(struct plugin_block *pb);

/* Free instrumentation records of flushed translations. */
void plugin_gen_flush(void);

/* Run the records of a PLUGIN_CB / PLUGIN_MEM op (interpreter). */
void plugin_run_cbs(struct vcpu *cpu, const void *list);
void plugin_run_mem(struct vcpu *cpu, const void *list, uint64_t vaddr,
		    uint64_t value);
void plugin_run_mem_log(struct vcpu *cpu, const void *list);

/* An inline op record (PLUGIN_INLINE). */
struct plugin_inline {
	struct qemu_plugin_scoreboard *score;
	size_t offset;
	uint64_t imm;
	int op; /* QEMU_PLUGIN_INLINE_* */
};
uint64_t *plugin_inline_entry(const struct plugin_inline *in,
			      unsigned vcpu_index);
/* For backends that emit inline ops in place: where the scoreboard keeps
 * its data pointer (which changes when it grows, with every vCPU stopped)
 * and the size of one vCPU's entry. */
char *const *plugin_scoreboard_data(const struct qemu_plugin_scoreboard *s);
size_t plugin_scoreboard_elem(const struct qemu_plugin_scoreboard *s);

#endif
