/*
 * qemu-plugin.h - the TCG plugin interface of loupe
 *
 * loupe loads instrumentation plugins written for QEMU's TCG plugin API.
 * This header is loupe's own text, but every name, type, enumerator
 * value, structure layout and function prototype below is that of
 * QEMU's public header at plugin API version 7 (QEMU 11.1), so that a
 * plugin built for QEMU builds against this file unchanged and the
 * resulting shared object runs in loupe with the same meaning.
 *
 * Do not "improve" a prototype here: argument order and types are ABI.
 * docs/plugin-api-notes.md records where every declaration was checked
 * and what each call means, including how user-mode emulation answers
 * the calls that only make sense for a whole simulated machine.
 *
 * A plugin is a shared object that exports two symbols:
 *
 *     QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
 *     QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
 *                                                const qemu_info_t *info,
 *                                                int argc, char **argv);
 *
 * Everything else is called by the plugin and provided by the emulator.
 * Handles passed to callbacks (blocks, instructions, memory info) are
 * valid only until that callback returns.
 */
#ifndef QEMU_QEMU_PLUGIN_H
#define QEMU_QEMU_PLUGIN_H

#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Symbol visibility                                                   */
/* ------------------------------------------------------------------ */

/*
 * QEMU_PLUGIN_EXPORT marks the two symbols a plugin defines.
 * QEMU_PLUGIN_LOCAL hides a plugin-internal symbol (building with
 * -fvisibility=hidden makes that the default).  QEMU_PLUGIN_API marks
 * the functions the emulator provides; on ELF it expands to nothing.
 * The Windows branch is kept so that portable plugin sources compile.
 */
#if defined _WIN32 || defined __CYGWIN__
#ifdef CONFIG_PLUGIN
#define QEMU_PLUGIN_EXPORT __declspec(dllimport)
#define QEMU_PLUGIN_API __declspec(dllexport)
#else
#define QEMU_PLUGIN_EXPORT __declspec(dllexport)
#define QEMU_PLUGIN_API __declspec(dllimport)
#endif
#define QEMU_PLUGIN_LOCAL
#else
#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
#define QEMU_PLUGIN_LOCAL __attribute__((visibility("hidden")))
#define QEMU_PLUGIN_API
#endif

/* ------------------------------------------------------------------ */
/* Identity and versioning                                             */
/* ------------------------------------------------------------------ */

/* Opaque number naming one loaded plugin; handed to qemu_plugin_install. */
typedef uint64_t qemu_plugin_id_t;

/*
 * The API level this header describes.  A plugin records the level it
 * was compiled against in its exported qemu_plugin_version; the loader
 * refuses a plugin whose level is outside [info->version.min,
 * info->version.cur].
 *
 * Levels so far:
 *   2  qemu_plugin_n_vcpus/n_max_vcpus removed; the *_exec_inline and
 *      mem_inline calls replaced by scoreboard based *_per_vcpu calls
 *   3  qemu_plugin_insn_data copies into a caller buffer
 *   4  qemu_plugin_read_memory_vaddr
 *   5  write_memory_vaddr, read/write_memory_hwaddr, write_register,
 *      translate_vaddr
 *   6  read/write_register return bool; set_pc; discontinuity
 *      callbacks; syscall filter callbacks
 *   7  every callback receives a void *userdata given at registration
 */
extern QEMU_PLUGIN_EXPORT int qemu_plugin_version;

#define QEMU_PLUGIN_VERSION 7

/* What the plugin learns about the emulator when it is installed. */
typedef struct qemu_info_t {
	/* guest architecture, e.g. "riscv64" */
	const char *target_name;
	/* oldest and newest API level this emulator accepts */
	struct {
		int min;
		int cur;
	} version;
	/* true for whole-machine emulation, false for user mode (loupe) */
	bool system_emulation;
	union {
		/* meaningful only when system_emulation is true */
		struct {
			int smp_vcpus; /* vCPUs at start */
			int max_vcpus; /* most vCPUs there can ever be */
		} system;
	};
} qemu_info_t;

/*
 * Defined by the plugin; called once, right after loading.  @info lives
 * only for the duration of the call; @argv (the "name=value" strings of
 * the -plugin option) lives as long as the plugin.  Return 0 to accept,
 * anything else to refuse loading.  Uninstalling from here is a bug.
 */
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv);

/* ------------------------------------------------------------------ */
/* Opaque handles                                                      */
/* ------------------------------------------------------------------ */

struct qemu_plugin_tb;	       /* a block being translated */
struct qemu_plugin_insn;       /* one instruction of such a block */
struct qemu_plugin_scoreboard; /* per-vCPU array of plugin records */
struct qemu_plugin_hwaddr;     /* physical side of one memory access */
struct qemu_plugin_register;   /* one guest register */

/*
 * A 32-bit word describing one memory access (size, signedness,
 * endianness, direction); decode it with the qemu_plugin_mem_* calls.
 */
typedef uint32_t qemu_plugin_meminfo_t;

/*
 * One uint64_t field inside each entry of a scoreboard: entry i of the
 * scoreboard, plus @offset bytes, for vCPU i.  Inline operations and
 * conditional callbacks name their counter this way.
 */
typedef struct {
	struct qemu_plugin_scoreboard *score;
	size_t offset;
} qemu_plugin_u64;

/* ------------------------------------------------------------------ */
/* Enumerations and value types                                        */
/* ------------------------------------------------------------------ */

/*
 * What a callback will do with guest registers.  The emulator only has
 * to make register state exact for callbacks that ask for it:
 * R_REGS allows qemu_plugin_read_register, RW_REGS also
 * qemu_plugin_write_register, RW_REGS_PC also qemu_plugin_set_pc.
 */
enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,	   /* 0 */
	QEMU_PLUGIN_CB_R_REGS,	   /* 1 */
	QEMU_PLUGIN_CB_RW_REGS,	   /* 2 */
	QEMU_PLUGIN_CB_RW_REGS_PC, /* 3 */
};

/* Which accesses a memory instrumentation applies to (a bit set). */
enum qemu_plugin_mem_rw {
	QEMU_PLUGIN_MEM_R = 1,
	QEMU_PLUGIN_MEM_W,  /* 2 */
	QEMU_PLUGIN_MEM_RW, /* 3 = R | W */
};

/* Width of the value carried by qemu_plugin_mem_value. */
enum qemu_plugin_mem_value_type {
	QEMU_PLUGIN_MEM_VALUE_U8,   /* 0 */
	QEMU_PLUGIN_MEM_VALUE_U16,  /* 1 */
	QEMU_PLUGIN_MEM_VALUE_U32,  /* 2 */
	QEMU_PLUGIN_MEM_VALUE_U64,  /* 3 */
	QEMU_PLUGIN_MEM_VALUE_U128, /* 4 */
};

/*
 * The data a load read or a store wrote, in host byte order, in the
 * member selected by @type.
 */
typedef struct {
	enum qemu_plugin_mem_value_type type;
	union {
		uint8_t u8;
		uint16_t u16;
		uint32_t u32;
		uint64_t u64;
		struct {
			uint64_t low;
			uint64_t high;
		} u128;
	} data;
} qemu_plugin_mem_value;

/*
 * Test applied by conditional callbacks: "entry <cond> imm", both
 * operands uint64_t, comparisons unsigned.  NEVER installs nothing,
 * ALWAYS is an unconditional callback.
 */
enum qemu_plugin_cond {
	QEMU_PLUGIN_COND_NEVER,	 /* 0 */
	QEMU_PLUGIN_COND_ALWAYS, /* 1 */
	QEMU_PLUGIN_COND_EQ,	 /* 2 */
	QEMU_PLUGIN_COND_NE,	 /* 3 */
	QEMU_PLUGIN_COND_LT,	 /* 4 */
	QEMU_PLUGIN_COND_LE,	 /* 5 */
	QEMU_PLUGIN_COND_GT,	 /* 6 */
	QEMU_PLUGIN_COND_GE,	 /* 7 */
};

/* Inline operations on a qemu_plugin_u64 of the executing vCPU. */
enum qemu_plugin_op {
	QEMU_PLUGIN_INLINE_ADD_U64,   /* 0: entry += imm */
	QEMU_PLUGIN_INLINE_STORE_U64, /* 1: entry  = imm */
};

/* Kinds of control-flow discontinuity (a bit set; ALL selects every kind). */
enum qemu_plugin_discon_type {
	QEMU_PLUGIN_DISCON_INTERRUPT = 1 << 0, /* asynchronous, from outside */
	QEMU_PLUGIN_DISCON_EXCEPTION =
	    1 << 1, /* synchronous, caused by an insn */
	QEMU_PLUGIN_DISCON_HOSTCALL = 1 << 2, /* trap served outside the vCPU */
	QEMU_PLUGIN_DISCON_ALL = -1
};

/* Outcome of the physical-address memory calls. */
enum qemu_plugin_hwaddr_operation_result {
	QEMU_PLUGIN_HWADDR_OPERATION_OK,		    /* 0 */
	QEMU_PLUGIN_HWADDR_OPERATION_ERROR,		    /* 1 */
	QEMU_PLUGIN_HWADDR_OPERATION_DEVICE_ERROR,	    /* 2 */
	QEMU_PLUGIN_HWADDR_OPERATION_ACCESS_DENIED,	    /* 3 */
	QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS,	    /* 4 */
	QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS_SPACE, /* 5 */
};

/*
 * One entry of the array qemu_plugin_get_registers returns.  The strings
 * belong to the emulator and live as long as it does; @feature may be
 * NULL; @is_readonly registers (the PC) cannot be written.
 */
typedef struct {
	struct qemu_plugin_register *handle;
	const char *name;
	const char *feature;
	bool is_readonly;
} qemu_plugin_reg_descriptor;

/* ------------------------------------------------------------------ */
/* Callback types (every one ends with the registration's userdata)   */
/* ------------------------------------------------------------------ */

/* No vCPU context: uninstall/reset completion, flush, atexit. */
typedef void (*qemu_plugin_udata_cb_t)(void *userdata);

/* vCPU events, block/instruction execution, vCPU iteration. */
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
					    void *userdata);

/* A discontinuity: control moved from @from_pc; @to_pc runs next. */
typedef void (*qemu_plugin_vcpu_discon_cb_t)(unsigned int vcpu_index,
					     enum qemu_plugin_discon_type type,
					     uint64_t from_pc, uint64_t to_pc,
					     void *userdata);

/* A block has been decoded and may now be instrumented. */
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(struct qemu_plugin_tb *tb,
					       void *userdata);

/* A memory access of an instrumented instruction has completed. */
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index,
					  qemu_plugin_meminfo_t info,
					  uint64_t vaddr, void *userdata);

/* A guest system call is about to be served: number and 8 arguments. */
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(unsigned int vcpu_index,
					      int64_t num, uint64_t a1,
					      uint64_t a2, uint64_t a3,
					      uint64_t a4, uint64_t a5,
					      uint64_t a6, uint64_t a7,
					      uint64_t a8, void *userdata);

/*
 * Same moment, but the callback may take the call over: return true
 * after storing the result in *sysret and the host never sees it.
 */
typedef bool (*qemu_plugin_vcpu_syscall_filter_cb_t)(
    unsigned int vcpu_index, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
    uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
    int64_t *sysret, void *userdata);

/* A guest system call has returned @ret, before the guest resumes. */
typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(unsigned int vcpu_index,
						  int64_t num, int64_t ret,
						  void *userdata);

/* ------------------------------------------------------------------ */
/* Plugin life cycle                                                   */
/* ------------------------------------------------------------------ */

/*
 * Ask for this plugin to be removed.  Asynchronous: callbacks may still
 * arrive until @cb(@userdata) runs, after which the plugin is unloaded.
 */
QEMU_PLUGIN_API
void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
			   void *userdata);

/*
 * Ask for every callback of this plugin to be dropped (the plugin stays
 * loaded).  Asynchronous like uninstall; @cb(@userdata) marks the end.
 */
QEMU_PLUGIN_API
void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
		       void *userdata);

/* @cb(@userdata) runs once when the guest has finished. */
QEMU_PLUGIN_API
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *userdata);

/* @cb(@userdata) runs, with all vCPUs stopped, whenever the code cache
 * is flushed and every earlier instrumentation is forgotten. */
QEMU_PLUGIN_API
void qemu_plugin_register_flush_cb(qemu_plugin_id_t id,
				   qemu_plugin_udata_cb_t cb, void *userdata);

/* ------------------------------------------------------------------ */
/* vCPU events                                                         */
/* ------------------------------------------------------------------ */

/* A vCPU (in user mode: a guest thread) starts. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id,
				       qemu_plugin_vcpu_udata_cb_t cb,
				       void *userdata);

/* A vCPU ends. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id,
				       qemu_plugin_vcpu_udata_cb_t cb,
				       void *userdata);

/* A vCPU goes idle. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id,
				       qemu_plugin_vcpu_udata_cb_t cb,
				       void *userdata);

/* An idle vCPU runs again. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id,
					 qemu_plugin_vcpu_udata_cb_t cb,
					 void *userdata);

/* Discontinuities of the kinds in @type, reported once the vCPU has
 * already been redirected (so @to_pc is the handler). */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
					 enum qemu_plugin_discon_type type,
					 qemu_plugin_vcpu_discon_cb_t cb,
					 void *userdata);

/* Call @cb(index, @userdata) once for every vCPU that exists now. */
QEMU_PLUGIN_API
void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id,
			       qemu_plugin_vcpu_udata_cb_t cb, void *userdata);

/* Number of vCPUs started so far (highest vCPU index + 1). */
QEMU_PLUGIN_API
int qemu_plugin_num_vcpus(void);

/* ------------------------------------------------------------------ */
/* Translation: inspecting a block                                     */
/* ------------------------------------------------------------------ */

/* @cb(tb, @userdata) runs for every block translated, before its code
 * exists; this is where execution instrumentation is requested. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb,
					   void *userdata);

/* Number of instructions in the block. */
QEMU_PLUGIN_API
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);

/* Guest virtual address of the block's first instruction. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);

/* Instruction @idx (0-based) of the block; NULL when out of range. */
QEMU_PLUGIN_API
struct qemu_plugin_insn *
qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);

/* Copy up to @len bytes of the instruction's encoding to @dest; return
 * how many were copied (the smaller of @len and the size). */
QEMU_PLUGIN_API
size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest,
			     size_t len);

/* Length of the instruction in bytes. */
QEMU_PLUGIN_API
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);

/* Guest virtual address of the instruction. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);

/* "Hardware" address of the instruction: a token for its physical
 * location, not a pointer the plugin should dereference. */
QEMU_PLUGIN_API
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);

/* Disassembly text of the instruction, newly allocated (g_free it). */
QEMU_PLUGIN_API
char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn);

/* Name of the guest symbol containing the instruction, or NULL. */
QEMU_PLUGIN_API
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);

/* ------------------------------------------------------------------ */
/* Execution instrumentation (only from a translation callback)        */
/* ------------------------------------------------------------------ */

/* @cb(vcpu, @userdata) each time the block starts executing. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *userdata);

/* As above, but only when "@entry[vcpu] @cond @imm" holds at that moment. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
					       qemu_plugin_vcpu_udata_cb_t cb,
					       enum qemu_plugin_cb_flags flags,
					       enum qemu_plugin_cond cond,
					       qemu_plugin_u64 entry,
					       uint64_t imm, void *userdata);

/* Apply @op with @imm to @entry of the executing vCPU each time the
 * block starts executing. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
    struct qemu_plugin_tb *tb, enum qemu_plugin_op op, qemu_plugin_u64 entry,
    uint64_t imm);

/* @cb(vcpu, @userdata) each time the instruction is about to execute. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags,
					    void *userdata);

/* As above, but only when "@entry[vcpu] @cond @imm" holds at that moment. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_cond_cb(
    struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
    enum qemu_plugin_cb_flags flags, enum qemu_plugin_cond cond,
    qemu_plugin_u64 entry, uint64_t imm, void *userdata);

/* Apply @op with @imm to @entry of the executing vCPU each time the
 * instruction is about to execute. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
    qemu_plugin_u64 entry, uint64_t imm);

/* @cb(vcpu, info, vaddr, @userdata) after each completed access of the
 * instruction whose direction is in @rw.  @flags as for exec callbacks. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
				      qemu_plugin_vcpu_mem_cb_t cb,
				      enum qemu_plugin_cb_flags flags,
				      enum qemu_plugin_mem_rw rw,
				      void *userdata);

/* Apply @op with @imm to @entry after each completed access in @rw. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_mem_rw rw,
    enum qemu_plugin_op op, qemu_plugin_u64 entry, uint64_t imm);

/* ------------------------------------------------------------------ */
/* Memory access details (inside a memory callback)                    */
/* ------------------------------------------------------------------ */

/* log2 of the access size in bytes: 0, 1, 2, 3 or 4. */
QEMU_PLUGIN_API
unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info);

/* The load sign-extends its result. */
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info);

/* The access is big-endian. */
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info);

/* The access is a store. */
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);

/* The value just loaded or stored, in host byte order. */
QEMU_PLUGIN_API
qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info);

/* Physical-side handle of the access; NULL in user-mode emulation. */
QEMU_PLUGIN_API
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info,
						  uint64_t vaddr);

/* The access went to an I/O device rather than RAM. */
QEMU_PLUGIN_API
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);

/* Physical address of the access. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);

/* Name of the device or memory region accessed; static storage. */
QEMU_PLUGIN_API
const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h);

/* ------------------------------------------------------------------ */
/* System calls (user-mode emulation)                                  */
/* ------------------------------------------------------------------ */

/* @cb before every guest system call is served. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id,
					  qemu_plugin_vcpu_syscall_cb_t cb,
					  void *userdata);

/* @cb before every guest system call; returning true (with *sysret set)
 * means the call is handled and the host does not perform it. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_filter_cb(
    qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_filter_cb_t cb,
    void *userdata);

/* @cb after every guest system call, before the guest sees the result. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_ret_cb(
    qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_ret_cb_t cb, void *userdata);

/* ------------------------------------------------------------------ */
/* Registers and program counter (current vCPU, from a callback)       */
/* ------------------------------------------------------------------ */

/* The current vCPU's registers as a GArray of qemu_plugin_reg_descriptor
 * (possibly empty).  The caller frees the array, not the strings. */
QEMU_PLUGIN_API
GArray *qemu_plugin_get_registers(void);

/* Replace the contents of @buf by the register's value (target byte
 * order).  Needs R_REGS or more in flag-taking callbacks. */
QEMU_PLUGIN_API
bool qemu_plugin_read_register(struct qemu_plugin_register *handle,
			       GByteArray *buf);

/* Set the register from the first bytes of @buf (target byte order;
 * @buf at least the register's size).  Needs RW_REGS or more. */
QEMU_PLUGIN_API
bool qemu_plugin_write_register(struct qemu_plugin_register *handle,
				GByteArray *buf);

/* Continue the current vCPU at @vaddr; never returns.  Needs
 * QEMU_PLUGIN_CB_RW_REGS_PC. */
QEMU_PLUGIN_API
__attribute__((__noreturn__)) void qemu_plugin_set_pc(uint64_t vaddr);

/* ------------------------------------------------------------------ */
/* Guest memory                                                        */
/* ------------------------------------------------------------------ */

/* Read @len (> 0) bytes at guest virtual @addr into @data, resizing it. */
QEMU_PLUGIN_API
bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data, size_t len);

/* Write all of @data at guest virtual @addr. */
QEMU_PLUGIN_API
bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data);

/* Read @len bytes at physical @addr (whole-machine emulation only). */
QEMU_PLUGIN_API
enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len);

/* Write @data at physical @addr (whole-machine emulation only). */
QEMU_PLUGIN_API
enum qemu_plugin_hwaddr_operation_result
qemu_plugin_write_memory_hwaddr(uint64_t addr, GByteArray *data);

/* Translate a virtual address of the current vCPU to a physical one
 * (whole-machine emulation only). */
QEMU_PLUGIN_API
bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr);

/* ------------------------------------------------------------------ */
/* Virtual time                                                        */
/* ------------------------------------------------------------------ */

/* Become the one plugin allowed to drive guest time; NULL if another
 * plugin already is, or the emulator cannot. */
QEMU_PLUGIN_API
const void *qemu_plugin_request_time_control(void);

/* Move guest time forward to @time nanoseconds (holder of @handle). */
QEMU_PLUGIN_API
void qemu_plugin_update_ns(const void *handle, int64_t time);

/* ------------------------------------------------------------------ */
/* Scoreboards: per-vCPU storage usable by inline operations           */
/* ------------------------------------------------------------------ */

/* New scoreboard of zeroed @element_size-byte entries, one per vCPU. */
QEMU_PLUGIN_API
struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size);

/* Release a scoreboard. */
QEMU_PLUGIN_API
void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score);

/* Address of @vcpu_index's entry; may move when vCPUs are added. */
QEMU_PLUGIN_API
void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score,
				  unsigned int vcpu_index);

/* Name the uint64_t at the start of each entry, or a member of it. */
#ifdef __cplusplus
#define qemu_plugin_scoreboard_u64(score) (qemu_plugin_u64{(score), 0})
#define qemu_plugin_scoreboard_u64_in_struct(score, type, member)              \
	(qemu_plugin_u64{(score), offsetof(type, member)})
#else
#define qemu_plugin_scoreboard_u64(score)                                      \
	(qemu_plugin_u64)                                                      \
	{                                                                      \
		score, 0                                                       \
	}
#define qemu_plugin_scoreboard_u64_in_struct(score, type, member)              \
	(qemu_plugin_u64)                                                      \
	{                                                                      \
		score, offsetof(type, member)                                  \
	}
#endif

/* entry[vcpu_index] += added */
QEMU_PLUGIN_API
void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index,
			 uint64_t added);

/* entry[vcpu_index] */
QEMU_PLUGIN_API
uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index);

/* entry[vcpu_index] = val */
QEMU_PLUGIN_API
void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index,
			 uint64_t val);

/* Sum of entry over every vCPU. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry);

/* ------------------------------------------------------------------ */
/* Output, arguments, the guest program                                */
/* ------------------------------------------------------------------ */

/* Write @string to the emulator's log when "-d plugin" is enabled. */
QEMU_PLUGIN_API
void qemu_plugin_outs(const char *string);

/* Parse @val as a boolean (on/yes/true, off/no/false) for argument
 * @name; true on success with the result in *@ret. */
QEMU_PLUGIN_API
bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret);

/* Path of the guest executable, newly allocated (g_free it); NULL in
 * whole-machine emulation. */
QEMU_PLUGIN_API
const char *qemu_plugin_path_to_binary(void);

/* Start of the guest executable's main text segment (0 if none). */
QEMU_PLUGIN_API
uint64_t qemu_plugin_start_code(void);

/* End of the guest executable's main text segment (0 if none). */
QEMU_PLUGIN_API
uint64_t qemu_plugin_end_code(void);

/* Entry address of the guest executable (0 if none). */
QEMU_PLUGIN_API
uint64_t qemu_plugin_entry_code(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QEMU_QEMU_PLUGIN_H */
