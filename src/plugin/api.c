/*
 * The exported plugin API (include/qemu-plugin.h and loupe-plugin.h): a thin
 * layer over the plugin core.  Handles passed to plugins are opaque; every
 * entry point checks what it is given, and misuse that upstream asserts on
 * ends loupe with one line (plugin_misuse) instead of a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <loupe-plugin.h>
#include <qemu-plugin.h>

#include "core/engine.h"
#include "core/vcpu.h"
#include "linux-user/process.h"
#include "linux-user/symbols.h"
#include "plugin/internal.h"
#include "target/riscv/cpu.h"

#define MI_SIGN 0x10u
#define MI_BE 0x20u
#define MI_STORE 0x40u

/* ---- life cycle and events ---- */

void plugin_request(qemu_plugin_id_t id, bool uninstall,
		    qemu_plugin_udata_cb_t cb, void *ud);

void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
			   void *userdata)
{
	plugin_request(id, true, cb, userdata);
}

void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
		       void *userdata)
{
	plugin_request(id, false, cb, userdata);
}

#define EVENT_REGISTER(fname, ev, cbtype)                                      \
	void fname(qemu_plugin_id_t id, cbtype cb, void *userdata)             \
	{                                                                      \
		plugin_register_event(id, ev, (void (*)(void))cb, userdata);   \
	}

EVENT_REGISTER(qemu_plugin_register_atexit_cb, EV_ATEXIT,
	       qemu_plugin_udata_cb_t)
EVENT_REGISTER(qemu_plugin_register_flush_cb, EV_FLUSH, qemu_plugin_udata_cb_t)
EVENT_REGISTER(qemu_plugin_register_vcpu_init_cb, EV_VCPU_INIT,
	       qemu_plugin_vcpu_udata_cb_t)
EVENT_REGISTER(qemu_plugin_register_vcpu_exit_cb, EV_VCPU_EXIT,
	       qemu_plugin_vcpu_udata_cb_t)
EVENT_REGISTER(qemu_plugin_register_vcpu_idle_cb, EV_VCPU_IDLE,
	       qemu_plugin_vcpu_udata_cb_t)
EVENT_REGISTER(qemu_plugin_register_vcpu_resume_cb, EV_VCPU_RESUME,
	       qemu_plugin_vcpu_udata_cb_t)
EVENT_REGISTER(qemu_plugin_register_vcpu_tb_trans_cb, EV_TB_TRANS,
	       qemu_plugin_vcpu_tb_trans_cb_t)
EVENT_REGISTER(qemu_plugin_register_vcpu_syscall_cb, EV_SYSCALL,
	       qemu_plugin_vcpu_syscall_cb_t)
EVENT_REGISTER(qemu_plugin_register_vcpu_syscall_filter_cb, EV_SYSCALL_FILTER,
	       qemu_plugin_vcpu_syscall_filter_cb_t)
EVENT_REGISTER(qemu_plugin_register_vcpu_syscall_ret_cb, EV_SYSCALL_RET,
	       qemu_plugin_vcpu_syscall_ret_cb_t)

void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
					 enum qemu_plugin_discon_type type,
					 qemu_plugin_vcpu_discon_cb_t cb,
					 void *userdata)
{
	void (*fn)(void) = (void (*)(void))cb;
	if (type & QEMU_PLUGIN_DISCON_INTERRUPT)
		plugin_register_event(id, EV_DISCON_INTERRUPT, fn, userdata);
	if (type & QEMU_PLUGIN_DISCON_EXCEPTION)
		plugin_register_event(id, EV_DISCON_EXCEPTION, fn, userdata);
	if (type & QEMU_PLUGIN_DISCON_HOSTCALL)
		plugin_register_event(id, EV_DISCON_HOSTCALL, fn, userdata);
}

void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id,
			       qemu_plugin_vcpu_udata_cb_t cb, void *userdata)
{
	if (!plugin_by_id(id))
		plugin_misuse("qemu_plugin_vcpu_for_each: unknown plugin id");
	/* The live vCPUs now; cb may register or start threads. */
	plugin_lock();
	int n = plugin_core.num_vcpus, k = 0;
	unsigned live[n ? n : 1];
	for (int i = 0; i < n; i++)
		if (plugin_core.vcpus[i])
			live[k++] = (unsigned)i;
	plugin_unlock();
	for (int i = 0; i < k; i++)
		cb(live[i], userdata);
}

int qemu_plugin_num_vcpus(void)
{
	return __atomic_load_n(&plugin_core.num_vcpus, __ATOMIC_ACQUIRE);
}

/* ---- translation-time inspection ---- */

static void check_tb(const struct qemu_plugin_tb *tb, const char *fn)
{
	/* compared, not dereferenced: a stale handle may point to freed
	 * memory */
	if (!tb || tb != plugin_trans_tb)
		plugin_misuse("%s: block handle used outside its translation "
			      "callback",
			      fn);
}

static void check_insn(const struct qemu_plugin_insn *insn, const char *fn)
{
	if (!insn)
		plugin_misuse("%s: NULL instruction handle", fn);
	const struct qemu_plugin_tb *tb = plugin_trans_tb;
	uintptr_t p = (uintptr_t)insn, first = tb ? (uintptr_t)tb->insns : 0;
	if (!tb || p < first || p >= first + (uintptr_t)tb->n * sizeof(*insn) ||
	    (p - first) % sizeof(*insn))
		plugin_misuse("%s: instruction handle used outside its "
			      "translation callback",
			      fn);
}

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb)
{
	check_tb(tb, __func__);
	return (size_t)tb->n;
}

uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb)
{
	check_tb(tb, __func__);
	return tb->vaddr;
}

struct qemu_plugin_insn *
qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx)
{
	check_tb(tb, __func__);
	if (idx >= (size_t)tb->n)
		return NULL;
	return &tb->insns[idx];
}

size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest,
			     size_t len)
{
	check_insn(insn, __func__);
	uint8_t bytes[4];
	size_t n = insn->d->len;
	for (size_t i = 0; i < n; i++)
		bytes[i] = (uint8_t)(insn->d->raw >> (8 * i));
	if (len > n)
		len = n;
	memcpy(dest, bytes, len);
	return len;
}

size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn)
{
	check_insn(insn, __func__);
	return insn->d->len;
}

uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn)
{
	check_insn(insn, __func__);
	return insn->d->pc;
}

void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn)
{
	check_insn(insn, __func__);
	return g2h(&plugin_core.proc->mem, insn->d->pc);
}

char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn)
{
	check_insn(insn, __func__);
	char buf[128];
	rv_disasm(insn->d, buf, sizeof(buf));
	return g_strdup(buf);
}

const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn)
{
	check_insn(insn, __func__);
	return lu_symbols_lookup(&plugin_core.proc->symbols, insn->d->pc);
}

int loupe_plugin_present(void)
{
	return 1;
}

const char *loupe_plugin_insn_class(const struct qemu_plugin_insn *insn)
{
	check_insn(insn, __func__);
	return rv_class_name(insn->d->cls);
}

const char *loupe_plugin_insn_mnemonic(const struct qemu_plugin_insn *insn)
{
	check_insn(insn, __func__);
	return rv_op_name(insn->d->op);
}

/* ---- execution instrumentation ---- */

static void check_flags(enum qemu_plugin_cb_flags flags, const char *fn)
{
	if ((unsigned)flags > QEMU_PLUGIN_CB_RW_REGS_PC)
		plugin_misuse("%s: bad callback flags %d", fn, (int)flags);
}

static void check_entry(qemu_plugin_u64 e, const char *fn)
{
	if (!e.score)
		plugin_misuse("%s: NULL scoreboard", fn);
}

static void push_cb(struct dcb_vec *v, qemu_plugin_vcpu_udata_cb_t cb,
		    enum qemu_plugin_cb_flags flags, void *ud, const char *fn)
{
	check_flags(flags, fn);
	if (!cb)
		return;
	struct dcb d = {.kind = DCB_CB,
			.flags = (uint8_t)flags,
			.fn = (void (*)(void))cb,
			.ud = ud};
	dcb_push(v, &d);
}

static void push_cond(struct dcb_vec *v, qemu_plugin_vcpu_udata_cb_t cb,
		      enum qemu_plugin_cb_flags flags,
		      enum qemu_plugin_cond cond, qemu_plugin_u64 entry,
		      uint64_t imm, void *ud, const char *fn)
{
	check_flags(flags, fn);
	if ((unsigned)cond > QEMU_PLUGIN_COND_GE)
		plugin_misuse("%s: bad condition %d", fn, (int)cond);
	if (cond == QEMU_PLUGIN_COND_NEVER || !cb)
		return;
	if (cond == QEMU_PLUGIN_COND_ALWAYS) {
		push_cb(v, cb, flags, ud, fn);
		return;
	}
	check_entry(entry, fn);
	struct dcb d = {.kind = DCB_COND,
			.flags = (uint8_t)flags,
			.cond = (uint8_t)cond,
			.fn = (void (*)(void))cb,
			.ud = ud,
			.entry = entry,
			.imm = imm};
	dcb_push(v, &d);
}

static void push_inline(struct dcb_vec *v, int kind, enum qemu_plugin_op op,
			qemu_plugin_u64 entry, uint64_t imm, int rw,
			const char *fn)
{
	if ((unsigned)op > QEMU_PLUGIN_INLINE_STORE_U64)
		plugin_misuse("%s: bad inline op %d", fn, (int)op);
	check_entry(entry, fn);
	struct dcb d = {.kind = (uint8_t)kind,
			.op = (uint8_t)op,
			.rw = (uint8_t)rw,
			.entry = entry,
			.imm = imm};
	dcb_push(v, &d);
}

void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *userdata)
{
	check_tb(tb, __func__);
	push_cb(&tb->exec, cb, flags, userdata, __func__);
}

void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
					       qemu_plugin_vcpu_udata_cb_t cb,
					       enum qemu_plugin_cb_flags flags,
					       enum qemu_plugin_cond cond,
					       qemu_plugin_u64 entry,
					       uint64_t imm, void *userdata)
{
	check_tb(tb, __func__);
	push_cond(&tb->exec, cb, flags, cond, entry, imm, userdata, __func__);
}

void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
    struct qemu_plugin_tb *tb, enum qemu_plugin_op op, qemu_plugin_u64 entry,
    uint64_t imm)
{
	check_tb(tb, __func__);
	push_inline(&tb->exec, DCB_INLINE, op, entry, imm, 0, __func__);
}

void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags,
					    void *userdata)
{
	check_insn(insn, __func__);
	push_cb(&insn->exec, cb, flags, userdata, __func__);
}

void qemu_plugin_register_vcpu_insn_exec_cond_cb(
    struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
    enum qemu_plugin_cb_flags flags, enum qemu_plugin_cond cond,
    qemu_plugin_u64 entry, uint64_t imm, void *userdata)
{
	check_insn(insn, __func__);
	push_cond(&insn->exec, cb, flags, cond, entry, imm, userdata, __func__);
}

void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
    qemu_plugin_u64 entry, uint64_t imm)
{
	check_insn(insn, __func__);
	push_inline(&insn->exec, DCB_INLINE, op, entry, imm, 0, __func__);
}

static void check_rw(enum qemu_plugin_mem_rw rw, const char *fn)
{
	if ((unsigned)rw < QEMU_PLUGIN_MEM_R ||
	    (unsigned)rw > QEMU_PLUGIN_MEM_RW)
		plugin_misuse("%s: bad memory direction %d", fn, (int)rw);
}

void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
				      qemu_plugin_vcpu_mem_cb_t cb,
				      enum qemu_plugin_cb_flags flags,
				      enum qemu_plugin_mem_rw rw,
				      void *userdata)
{
	check_insn(insn, __func__);
	check_flags(flags, __func__);
	check_rw(rw, __func__);
	if (!cb)
		return;
	struct dcb d = {.kind = DCB_MEM_CB,
			.flags = (uint8_t)flags,
			.rw = (uint8_t)rw,
			.fn = (void (*)(void))cb,
			.ud = userdata};
	dcb_push(&insn->mem, &d);
}

void qemu_plugin_register_vcpu_mem_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_mem_rw rw,
    enum qemu_plugin_op op, qemu_plugin_u64 entry, uint64_t imm)
{
	check_insn(insn, __func__);
	check_rw(rw, __func__);
	push_inline(&insn->mem, DCB_MEM_INLINE, op, entry, imm, (int)rw,
		    __func__);
}

/* ---- memory access details ---- */

unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info)
{
	return info & 0xf;
}

bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info)
{
	return info & MI_SIGN;
}

bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info)
{
	return info & MI_BE;
}

bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info)
{
	return info & MI_STORE;
}

qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info)
{
	struct vcpu *cpu = plugin_current_vcpu();
	if (!cpu)
		plugin_misuse("qemu_plugin_mem_get_value outside a memory "
			      "callback");
	uint64_t v = cpu->plugin_mem_value;
	qemu_plugin_mem_value r;
	memset(&r, 0, sizeof(r));
	switch (info & 0xf) {
	case 0:
		r.type = QEMU_PLUGIN_MEM_VALUE_U8;
		r.data.u8 = (uint8_t)v;
		break;
	case 1:
		r.type = QEMU_PLUGIN_MEM_VALUE_U16;
		r.data.u16 = (uint16_t)v;
		break;
	case 2:
		r.type = QEMU_PLUGIN_MEM_VALUE_U32;
		r.data.u32 = (uint32_t)v;
		break;
	case 3:
		r.type = QEMU_PLUGIN_MEM_VALUE_U64;
		r.data.u64 = v;
		break;
	default: /* no 128-bit access exists in RV64GC */
		r.type = QEMU_PLUGIN_MEM_VALUE_U128;
		r.data.u128.low = v;
		break;
	}
	return r;
}

/* User mode has no physical addresses: the answers QEMU's user mode gives. */
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info,
						  uint64_t vaddr)
{
	(void)info;
	(void)vaddr;
	return NULL;
}

bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr)
{
	(void)haddr;
	return false;
}

uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr)
{
	(void)haddr;
	return 0;
}

const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h)
{
	(void)h;
	return "Invalid";
}

enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len)
{
	(void)addr;
	(void)data;
	(void)len;
	return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
}

enum qemu_plugin_hwaddr_operation_result
qemu_plugin_write_memory_hwaddr(uint64_t addr, GByteArray *data)
{
	(void)addr;
	(void)data;
	return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
}

bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr)
{
	(void)vaddr;
	(void)hwaddr;
	return false;
}

const void *qemu_plugin_request_time_control(void)
{
	return NULL;
}

void qemu_plugin_update_ns(const void *handle, int64_t time)
{
	(void)handle;
	(void)time;
}

/* ---- guest memory ---- */

bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data, size_t len)
{
	struct guest_mem *m = &plugin_core.proc->mem;
	if (!data || len == 0 || !guest_range_ok(m, addr, len, LU_PROT_READ))
		return false;
	g_byte_array_set_size(data, (guint)len);
	memcpy(data->data, g2h(m, addr), len);
	return true;
}

bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data)
{
	struct guest_mem *m = &plugin_core.proc->mem;
	if (!data || data->len == 0 || !guest_range_ok(m, addr, data->len, 0))
		return false;
	/* Like a debugger's write: read-only pages (code) may be patched. */
	uint64_t first = addr & ~(LU_PAGE_SIZE - 1);
	uint64_t last = (addr + data->len - 1) & ~(LU_PAGE_SIZE - 1);
	for (uint64_t a = first; a <= last; a += LU_PAGE_SIZE) {
		int prot = guest_page_prot(m, a);
		if (!(prot & LU_PROT_WRITE))
			mprotect(g2h(m, a), LU_PAGE_SIZE,
				 PROT_READ | PROT_WRITE);
		uint64_t lo = a > addr ? a : addr;
		uint64_t hi = a + LU_PAGE_SIZE < addr + data->len
				  ? a + LU_PAGE_SIZE
				  : addr + data->len;
		memcpy(g2h(m, lo), data->data + (lo - addr), hi - lo);
		if (!(prot & LU_PROT_WRITE))
			mprotect(g2h(m, a), LU_PAGE_SIZE,
				 (prot & LU_PROT_READ) || (prot & LU_PROT_EXEC)
				     ? PROT_READ
				     : PROT_NONE);
	}
	if (plugin_core.eng)
		tb_invalidate_range(&plugin_core.eng->tbs, addr, data->len);
	return true;
}

/* ---- scoreboards ---- */

struct qemu_plugin_scoreboard {
	size_t elem;
	size_t cap; /* entries allocated (one per vCPU) */
	char *data;
	struct qemu_plugin_scoreboard *next, *prev;
};

static struct qemu_plugin_scoreboard *scoreboards;

static void sb_resize(struct qemu_plugin_scoreboard *s, size_t cap)
{
	char *d = realloc(s->data, cap * s->elem);
	if (!d) {
		fprintf(stderr, "loupe: out of memory\n");
		abort();
	}
	memset(d + s->cap * s->elem, 0, (cap - s->cap) * s->elem);
	s->data = d;
	s->cap = cap;
}

struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size)
{
	if (element_size == 0)
		plugin_misuse("qemu_plugin_scoreboard_new: element size 0");
	struct qemu_plugin_scoreboard *s = calloc(1, sizeof(*s));
	s->elem = element_size;
	size_t cap = 16;
	while (cap < (size_t)plugin_core.num_vcpus)
		cap *= 2;
	sb_resize(s, cap);
	plugin_lock();
	s->next = scoreboards;
	if (scoreboards)
		scoreboards->prev = s;
	scoreboards = s;
	plugin_unlock();
	return s;
}

void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *s)
{
	if (!s)
		return;
	plugin_lock();
	if (s->prev)
		s->prev->next = s->next;
	else
		scoreboards = s->next;
	if (s->next)
		s->next->prev = s->prev;
	plugin_unlock();
	free(s->data);
	free(s);
}

void plugin_scoreboards_grow(int n_vcpus)
{
	for (struct qemu_plugin_scoreboard *s = scoreboards; s; s = s->next) {
		if ((size_t)n_vcpus <= s->cap)
			continue;
		size_t cap = s->cap;
		while (cap < (size_t)n_vcpus)
			cap *= 2;
		sb_resize(s, cap);
	}
}

char *const *plugin_scoreboard_data(const struct qemu_plugin_scoreboard *s)
{
	return &s->data;
}

size_t plugin_scoreboard_elem(const struct qemu_plugin_scoreboard *s)
{
	return s->elem;
}

void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *s,
				  unsigned int vcpu_index)
{
	if (!s)
		plugin_misuse("qemu_plugin_scoreboard_find: NULL scoreboard");
	if (vcpu_index >= s->cap)
		plugin_misuse("qemu_plugin_scoreboard_find: vCPU %u does not "
			      "exist",
			      vcpu_index);
	return s->data + (size_t)vcpu_index * s->elem;
}

static uint64_t *u64_ptr(qemu_plugin_u64 e, unsigned int vcpu)
{
	if (e.score && e.offset + sizeof(uint64_t) > e.score->elem)
		plugin_misuse("qemu_plugin_u64: offset %zu outside an entry "
			      "of %zu bytes",
			      e.offset, e.score->elem);
	return (uint64_t *)((char *)qemu_plugin_scoreboard_find(e.score, vcpu) +
			    e.offset);
}

void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index,
			 uint64_t added)
{
	*u64_ptr(entry, vcpu_index) += added;
}

uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index)
{
	return *u64_ptr(entry, vcpu_index);
}

void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index,
			 uint64_t val)
{
	*u64_ptr(entry, vcpu_index) = val;
}

uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry)
{
	uint64_t sum = 0;
	for (int i = 0; i < plugin_core.num_vcpus; i++)
		sum += *u64_ptr(entry, (unsigned)i);
	return sum;
}

/* ---- output, arguments, the program ---- */

void qemu_plugin_outs(const char *string)
{
	struct engine *eng = plugin_core.eng;
	if (!string || !eng || !(eng->log & LOG_PLUGIN))
		return;
	/* stderr is unbuffered; a -D file is flushed at exit (also when the
	 * guest dies by a signal), so no flush per call. */
	fputs(string, eng->logf);
}

bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret)
{
	if (!name || !val || !ret)
		return false;
	if (!strcmp(val, "on") || !strcmp(val, "yes") || !strcmp(val, "true") ||
	    !strcmp(val, "y")) {
		*ret = true;
		return true;
	}
	if (!strcmp(val, "off") || !strcmp(val, "no") ||
	    !strcmp(val, "false") || !strcmp(val, "n")) {
		*ret = false;
		return true;
	}
	return false;
}

const char *qemu_plugin_path_to_binary(void)
{
	return g_strdup(plugin_core.proc->exe_path);
}

uint64_t qemu_plugin_start_code(void)
{
	return plugin_core.proc->image.start_code;
}

uint64_t qemu_plugin_end_code(void)
{
	return plugin_core.proc->image.end_code;
}

uint64_t qemu_plugin_entry_code(void)
{
	return plugin_core.proc->image.entry;
}
