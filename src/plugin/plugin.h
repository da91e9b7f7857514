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

/*
 * Instrumentation ops (src/ir/ops.h) and their records.  Pass 2 emits one
 * op per registered item, in registration order: PLUGIN_INLINE for an
 * inline op, PLUGIN_CALL for a callback (plain or conditional),
 * PLUGIN_MEM_CALL for a memory callback (after the access, only for the
 * directions it asked for; mem inline ops likewise become PLUGIN_INLINE
 * ops there).  Accesses done by a helper (atomics) are reported by one
 * PLUGIN_MEM_LOG op whose record is the instruction's whole memory array,
 * because only the helper knows at run time whether it read, wrote or both.
 * Records live until the translation cache is flushed (plugin_gen_flush).
 *
 * The numeric values in the records are QEMU's (include/qemu-plugin.h; gen.c
 * asserts them), so a backend need not include that header:
 *   flags  QEMU_PLUGIN_CB_NO_REGS 0, R_REGS 1, RW_REGS 2, RW_REGS_PC 3
 *   cond   QEMU_PLUGIN_COND_ALWAYS 1 (a plain callback), EQ 2, NE 3, LT 4,
 *          LE 5, GT 6, GE 7: "entry cond imm", compared as uint64_t.
 *          COND_NEVER (0) is never emitted: registering it does nothing,
 *          and registering COND_ALWAYS registers a plain callback, as
 *          upstream.
 *   op     QEMU_PLUGIN_INLINE_ADD_U64 0 (entry += imm), STORE_U64 1
 *          (entry = imm)
 */

/* A PLUGIN_CALL op's record: one vCPU callback. */
struct plugin_call {
	/* qemu_plugin_vcpu_udata_cb_t */
	void (*fn)(unsigned int vcpu_index, void *userdata);
	void *ud;
	/* Guest pc of the instruction (of the block's first, for a block
	 * callback): the pc slot holds it while a callback whose flags are
	 * not NO_REGS runs. */
	uint64_t pc;
	/* Conditional callbacks (cond != ALWAYS): call only if the vCPU's
	 * entry (a uint64_t at data + vcpu_index * elem + offset, see
	 * plugin_scoreboard_data) compares true with imm.  score is NULL and
	 * offset and imm are 0 for plain callbacks. */
	struct qemu_plugin_scoreboard *score;
	size_t offset;
	uint64_t imm;
	uint8_t flags; /* QEMU_PLUGIN_CB_* */
	uint8_t cond;  /* QEMU_PLUGIN_COND_* */
};

/* A PLUGIN_MEM_CALL op's record: one memory callback; the op's slot a holds
 * the access's guest address, slot b its value (the loaded value as the
 * load extended it, or the register stored, unmasked). */
struct plugin_mem_call {
	/* qemu_plugin_vcpu_mem_cb_t */
	void (*fn)(unsigned int vcpu_index, uint32_t info, uint64_t vaddr,
		   void *userdata);
	void *ud;
	uint64_t pc;   /* as struct plugin_call's */
	uint32_t info; /* qemu_plugin_meminfo_t of this access */
	uint8_t flags; /* QEMU_PLUGIN_CB_* */
};

/* A PLUGIN_INLINE op's record: one inline op on the running vCPU's entry. */
struct plugin_inline {
	struct qemu_plugin_scoreboard *score;
	size_t offset;
	uint64_t imm;
	int op; /* QEMU_PLUGIN_INLINE_* */
};

/*
 * Run-time side of the ops, for the interpreter and as a backend's
 * fallback.  plugin_run_call tests the condition, then calls the callback;
 * plugin_run_mem_call calls a memory callback for an access at vaddr whose
 * value is value (masked here to the access size); plugin_run_mem_log
 * reports what a helper recorded in cpu->mem_log to a PLUGIN_MEM_LOG op's
 * records.  Set cpu->cur_op to the op first, as before any call op.
 */
void plugin_run_call(struct vcpu *cpu, const struct plugin_call *c);
void plugin_run_mem_call(struct vcpu *cpu, const struct plugin_mem_call *c,
			 uint64_t vaddr, uint64_t value);
void plugin_run_mem_log(struct vcpu *cpu, const void *list);

/*
 * Calling a callback directly from generated code.  Equivalent to
 * plugin_run_call(cpu, c) (cpu in a register, c's fields constants) is:
 *
 *   1. cpu->cur_op = the op (a fault or qemu_plugin_set_pc inside the
 *      callback is attributed to its instruction, as for every call op).
 *   2. Conditional (c->cond != 1): e = *(uint64_t *)(*data + cpu->index *
 *      elem + c->offset) with data = plugin_scoreboard_data(c->score), elem
 *      = plugin_scoreboard_elem(c->score), loaded now (see below); skip all
 *      that follows unless e cond c->imm (unsigned).
 *   3. If c->flags != NO_REGS: every guest register slot (x, f, and
 *      cpu->env.fflags/frm if cached) holds its value at the instruction's
 *      boundary, and cpu->env.slot[RV_SLOT_PC] = c->pc.  A NO_REGS callback
 *      cannot see registers (the register API refuses it), so cached guest
 *      registers may stay in host registers across it (saved as the ABI
 *      requires: the callee clobbers the caller-saved ones).
 *   4. plugin_current = cpu: the thread-local at %fs:off with off =
 *      plugin_current_tls_offset(), e.g. mov %rbx, %fs:off.
 *   5. If c->flags != NO_REGS: cpu->plugin_flags = c->flags (an int).
 *   6. Call c->fn((unsigned)cpu->index, c->ud) (edi, rsi; SysV ABI, stack
 *      16-byte aligned).
 *   7. Restore: cpu->plugin_flags = NO_REGS (0) if step 5 ran, then
 *      plugin_current = NULL (mov $0, %fs:off).  plugin_run_call saves and
 *      restores whatever was there; in generated code that is always NULL
 *      and NO_REGS, because guest code never runs inside a callback, and
 *      every path out of a callback (including qemu_plugin_set_pc) leaves
 *      both so.
 *   8. After a RW_REGS or RW_REGS_PC callback any guest register slot may
 *      have changed (qemu_plugin_write_register): reload cached registers.
 *      Any callback may have written guest memory.  Scoreboard data
 *      pointers do not move during a callback.
 *
 * A RW_REGS callback may not return: qemu_plugin_set_pc resets
 * plugin_current and plugin_flags itself and siglongjmps to the cpu loop
 * (cpu->fault_jmp), abandoning the generated code's frame, which then
 * resumes at the new pc.  So nothing may be pending across such a call
 * that only code after it would complete (e.g. a guest register held only
 * in a host register: step 3 already excludes that).
 *
 * A memory callback (PLUGIN_MEM_CALL, record m, vaddr and value from slots
 * a and b) is the same with, between steps 3 and 6,
 * cpu->plugin_mem_info = m->info (uint32_t) and cpu->plugin_mem_value =
 * value masked to the access: value & ((1 << (8 << s)) - 1) for s =
 * m->info & 0xf below 3 (qemu_plugin_mem_get_value reads it), and the call
 * m->fn((unsigned)cpu->index, m->info, vaddr, m->ud) (edi, esi, rdx, rcx).
 * Neither field needs restoring: only memory callbacks read them.
 */
ptrdiff_t plugin_current_tls_offset(void);

uint64_t *plugin_inline_entry(const struct plugin_inline *in,
			      unsigned vcpu_index);
/*
 * For backends that emit inline ops (and condition tests) in place: where
 * the scoreboard keeps its data pointer, and the size of one vCPU's entry.
 *
 * The data pointer moves when the scoreboard grows: a vCPU (thread) whose
 * index does not fit is registered (plugin_vcpu_register, api.c's
 * plugin_scoreboards_grow realloc()s the data, doubling it; a scoreboard
 * starts with 16 entries or enough for the vCPUs then).  That happens in an
 * exclusive section, with every other vCPU parked between blocks or in a
 * host system call, never inside generated code; a vCPU re-checks
 * exit_request at every chained or indirect jump, so it cannot run into the
 * next block across a grow either.  So generated code must load the data
 * pointer afresh (through this address) at least once per block entry, and
 * may keep it in a register for the rest of the block, callbacks included
 * (no callback can add a vCPU).  elem, offset and the address returned
 * here never change.  A scoreboard freed (qemu_plugin_scoreboard_free)
 * while translations still use it is the plugin's bug, as upstream.
 */
char *const *plugin_scoreboard_data(const struct qemu_plugin_scoreboard *s);
size_t plugin_scoreboard_elem(const struct qemu_plugin_scoreboard *s);

#endif
