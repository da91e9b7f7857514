/*
 * execlog - one line per executed guest instruction
 *
 *   loupe -d plugin -plugin build/plugins/libexeclog.so[,ARG=VALUE...] PROG
 *
 * Each line shows the vCPU, the pc, the raw encoding and the disassembly of
 * an instruction, then the memory accesses it made (direction, size,
 * address, value) and the registers it changed (name=value):
 *
 *   0, 0x10604, 0x00a13423, "sd a0,8(sp)", store[8] 0x40007ffdd8 =
 * 0x0000000000000001 0, 0x10608, 0x00100513, "li a0,1", a0=0x0000000000000001
 *
 * Arguments (see docs/plugins-b.md):
 *   ifilter=STR     log only instructions whose disassembly contains STR
 *                   (repeatable)
 *   afilter=ADDR    log only the instruction at ADDR (repeatable); with
 *                   both kinds of filter an instruction matching either
 *                   is logged
 *   reg=GLOB        track the registers whose name matches GLOB (repeatable,
 *                   '*' and '?' wildcards); default: the integer registers
 *                   of the pc's register group, without the pc and zero
 *   regs=on|off     report register changes at all (default on)
 *
 * Design.  A line cannot be printed when its instruction starts: its memory
 * accesses (memory callbacks, which run after each access) and its register
 * results are known only once it has finished.  So each vCPU keeps one
 * pending line.  The callback before a logged instruction opens the line
 * and snapshots the tracked registers; the memory callbacks append to it;
 * the next callback on that vCPU (the next logged instruction, or a
 * "closer") reads the registers again, appends those that differ from the
 * snapshot, and prints the line.  Closers are conditional callbacks
 * (scoreboard entry "pending" != 0) placed at the start of every block and
 * after each logged instruction whose successor in the block is not
 * logged, so they cost almost nothing when no line is pending.  Pending
 * lines are printed when a vCPU exits and at the end of the run (without
 * register changes there: registers cannot be read at exit).
 *
 * Because a line is closed by the next instruction that runs on the vCPU,
 * anything that happens between two instructions without being an
 * instruction is attributed to the earlier one: the result of a system
 * call (a0 after ecall, as expected) but also the register changes of a
 * signal delivery (sp, a0, ra... appear on the instruction that was
 * interrupted or that faulted).
 *
 * Per-vCPU state lives behind a scoreboard entry and is only touched from
 * its own vCPU's thread (and at exit, when no vCPU runs).  Instruction
 * descriptions are shared, created at translation time under a lock and
 * kept (one per distinct address and encoding) until exit.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* One guest instruction as translated: what every line of it shows. */
typedef struct {
	uint64_t vaddr;
	uint32_t opcode; /* encoding, little-endian bytes as an integer */
	unsigned size;	 /* bytes: 2 or 4 on RISC-V */
	char *disas;
} Insn;

/* One tracked register of one vCPU. */
typedef struct {
	struct qemu_plugin_register *handle;
	const char *name; /* owned by the emulator */
	GByteArray *val;  /* value before the pending instruction */
} Reg;

typedef struct {
	bool ready;	 /* register list set up */
	GString *line;	 /* the pending line */
	GArray *regs;	 /* Reg */
	GByteArray *tmp; /* scratch for a fresh read */
} VCPU;

/* Scoreboard entry; "pending" is at offset 0 for the conditional closers. */
typedef struct {
	uint64_t pending;
	VCPU *cpu;
} Slot;

typedef struct {
	/* arguments */
	GPtrArray *ifilters;  /* char * (argv, not owned) */
	GArray *afilters;     /* uint64_t */
	GPtrArray *reg_globs; /* char * (argv, not owned) */
	bool track_regs;

	struct qemu_plugin_scoreboard *sb;
	qemu_plugin_u64 pending;
	enum qemu_plugin_cb_flags flags; /* R_REGS when tracking registers */

	GMutex lock;		  /* guards insns/insn_by_addr/warned */
	GPtrArray *insns;	  /* every Insn ever created (owned) */
	GHashTable *insn_by_addr; /* vaddr -> latest Insn at that address */
	bool warned;		  /* about reg= globs matching nothing */
} Execlog;

static Execlog state;

/* ------------------------------------------------------------------ */
/* Per-vCPU state                                                      */
/* ------------------------------------------------------------------ */

static bool reg_wanted(const qemu_plugin_reg_descriptor *d,
		       const char *core_feature)
{
	if (state.reg_globs->len > 0) {
		for (guint i = 0; i < state.reg_globs->len; i++) {
			if (g_pattern_match_simple(
				g_ptr_array_index(state.reg_globs, i),
				d->name)) {
				return true;
			}
		}
		return false;
	}
	/* Default: the general registers, i.e. the pc's group, minus the pc
	 * and the hard-wired zero register. */
	if (d->is_readonly || strcmp(d->name, "zero") == 0) {
		return false;
	}
	if (core_feature == NULL) {
		return true;
	}
	return d->feature != NULL && strcmp(d->feature, core_feature) == 0;
}

/* Build the list of tracked registers; needs a vCPU context. */
static void vcpu_setup_regs(VCPU *cpu)
{
	cpu->ready = true;
	if (!state.track_regs) {
		return;
	}
	GArray *all = qemu_plugin_get_registers();
	if (all == NULL) {
		return;
	}
	/* The general registers are the group of the pc. */
	const char *core_feature = NULL;
	for (guint i = 0; i < all->len; i++) {
		qemu_plugin_reg_descriptor *d =
		    &g_array_index(all, qemu_plugin_reg_descriptor, i);
		if (d->name != NULL && d->feature != NULL &&
		    (strcmp(d->name, "pc") == 0 ||
		     (core_feature == NULL && d->is_readonly))) {
			core_feature = d->feature;
		}
	}
	for (guint i = 0; i < all->len; i++) {
		qemu_plugin_reg_descriptor *d =
		    &g_array_index(all, qemu_plugin_reg_descriptor, i);
		if (d->handle == NULL || d->name == NULL ||
		    !reg_wanted(d, core_feature)) {
			continue;
		}
		Reg r = {.handle = d->handle,
			 .name = d->name,
			 .val = g_byte_array_new()};
		g_array_append_val(cpu->regs, r);
	}
	g_array_free(all, TRUE);

	if (cpu->regs->len == 0 && state.reg_globs->len > 0) {
		g_mutex_lock(&state.lock);
		if (!state.warned) {
			state.warned = true;
			fprintf(stderr,
				"execlog: no register matches the reg= "
				"arguments; register changes are not shown\n");
		}
		g_mutex_unlock(&state.lock);
	}
}

static Slot *slot_of(unsigned int vcpu)
{
	return qemu_plugin_scoreboard_find(state.sb, vcpu);
}

/* The vCPU's state, created on first use.  Its own thread only. */
static VCPU *vcpu_get(unsigned int vcpu)
{
	Slot *s = slot_of(vcpu);
	if (s->cpu == NULL) {
		VCPU *cpu = g_new0(VCPU, 1);
		cpu->line = g_string_new(NULL);
		cpu->regs = g_array_new(FALSE, FALSE, sizeof(Reg));
		cpu->tmp = g_byte_array_new();
		s->cpu = cpu;
	}
	if (!s->cpu->ready) {
		vcpu_setup_regs(s->cpu);
	}
	return s->cpu;
}

static void vcpu_free(VCPU *cpu)
{
	for (guint i = 0; i < cpu->regs->len; i++) {
		g_byte_array_free(g_array_index(cpu->regs, Reg, i).val, TRUE);
	}
	g_array_free(cpu->regs, TRUE);
	g_byte_array_free(cpu->tmp, TRUE);
	g_string_free(cpu->line, TRUE);
	g_free(cpu);
}

/* ------------------------------------------------------------------ */
/* Lines                                                               */
/* ------------------------------------------------------------------ */

static const char hexdigits[] = "0123456789abcdef";

/* Append @v as exactly @digits lowercase hex digits (no prefix). */
static void append_hex(GString *s, uint64_t v, int digits)
{
	char buf[16];
	for (int i = digits - 1; i >= 0; i--) {
		buf[i] = hexdigits[v & 0xf];
		v >>= 4;
	}
	g_string_append_len(s, buf, digits);
}

/* Append ", NAME=0x<the little-endian bytes, most significant first>". */
static void append_reg(GString *s, const char *name, const GByteArray *v)
{
	g_string_append(s, ", ");
	g_string_append(s, name);
	g_string_append(s, "=0x");
	for (guint i = v->len; i > 0; i--) {
		uint8_t b = v->data[i - 1];
		g_string_append_c(s, hexdigits[b >> 4]);
		g_string_append_c(s, hexdigits[b & 0xf]);
	}
}

/*
 * Read every tracked register.  With @report, append those that differ
 * from the stored value to the pending line.  Either way the stored values
 * become the current ones.
 */
static void snapshot_regs(VCPU *cpu, bool report)
{
	for (guint i = 0; i < cpu->regs->len; i++) {
		Reg *r = &g_array_index(cpu->regs, Reg, i);
		g_byte_array_set_size(cpu->tmp, 0);
		if (!qemu_plugin_read_register(r->handle, cpu->tmp)) {
			continue;
		}
		if (report &&
		    (cpu->tmp->len != r->val->len ||
		     memcmp(cpu->tmp->data, r->val->data, r->val->len) != 0)) {
			append_reg(cpu->line, r->name, cpu->tmp);
		}
		GByteArray *t = r->val;
		r->val = cpu->tmp;
		cpu->tmp = t;
	}
}

static void emit_line(VCPU *cpu)
{
	g_string_append_c(cpu->line, '\n');
	qemu_plugin_outs(cpu->line->str);
	g_string_truncate(cpu->line, 0);
}

/*
 * Finish the pending line, if any.  With @can_read the registers are read
 * (and afterwards hold the values before whatever comes next).  Returns
 * whether the registers were read.
 */
static bool close_pending(unsigned int vcpu, VCPU *cpu, bool can_read)
{
	Slot *s = slot_of(vcpu);
	if (s->pending == 0) {
		return false;
	}
	s->pending = 0;
	bool read = false;
	if (can_read && cpu->regs->len > 0) {
		snapshot_regs(cpu, true);
		read = true;
	}
	emit_line(cpu);
	return read;
}

/* ------------------------------------------------------------------ */
/* Execution callbacks                                                 */
/* ------------------------------------------------------------------ */

/* Before a logged instruction: close the previous line, open this one. */
static void insn_exec(unsigned int vcpu, void *udata)
{
	const Insn *insn = udata;
	VCPU *cpu = vcpu_get(vcpu);

	if (!close_pending(vcpu, cpu, true) && cpu->regs->len > 0) {
		snapshot_regs(cpu, false);
	}
	g_string_append_printf(
	    cpu->line, "%u, 0x%" PRIx64 ", 0x%0*" PRIx32 ", \"%s\"", vcpu,
	    insn->vaddr, (int)insn->size * 2, insn->opcode, insn->disas);
	slot_of(vcpu)->pending = 1;
}

/* Conditional on pending != 0: the logged instruction before has finished. */
static void closer_exec(unsigned int vcpu, void *udata)
{
	(void)udata;
	VCPU *cpu = vcpu_get(vcpu);
	close_pending(vcpu, cpu, true);
}

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
		       uint64_t vaddr, void *udata)
{
	(void)udata;
	Slot *s = slot_of(vcpu);
	if (s->pending == 0 || s->cpu == NULL) {
		return;
	}
	GString *line = s->cpu->line;
	unsigned bytes = 1u << qemu_plugin_mem_size_shift(info);
	qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);

	g_string_append_printf(
	    line, ", %s[%u] 0x%" PRIx64 " = 0x",
	    qemu_plugin_mem_is_store(info) ? "store" : "load", bytes, vaddr);
	switch (v.type) {
	case QEMU_PLUGIN_MEM_VALUE_U8:
		append_hex(line, v.data.u8, 2);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U16:
		append_hex(line, v.data.u16, 4);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U32:
		append_hex(line, v.data.u32, 8);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U64:
		append_hex(line, v.data.u64, 16);
		break;
	case QEMU_PLUGIN_MEM_VALUE_U128:
		append_hex(line, v.data.u128.high, 16);
		append_hex(line, v.data.u128.low, 16);
		break;
	default:
		g_string_append_c(line, '?');
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Translation                                                         */
/* ------------------------------------------------------------------ */

/* The shared description of @insn, created on first sight.  Locked. */
static Insn *insn_lookup__locked(struct qemu_plugin_insn *insn)
{
	uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
	uint8_t bytes[4] = {0};
	size_t size = qemu_plugin_insn_size(insn);
	size_t got = qemu_plugin_insn_data(insn, bytes, sizeof(bytes));
	uint32_t opcode = 0;
	for (size_t i = got; i > 0; i--) {
		opcode = (opcode << 8) | bytes[i - 1];
	}

	Insn *d = g_hash_table_lookup(state.insn_by_addr, &vaddr);
	if (d != NULL && d->opcode == opcode && d->size == size) {
		return d;
	}
	d = g_new0(Insn, 1);
	d->vaddr = vaddr;
	d->opcode = opcode;
	d->size = size > 4 ? 4 : (unsigned)size;
	d->disas = qemu_plugin_insn_disas(insn);
	if (d->disas == NULL) {
		d->disas = g_strdup("?");
	}
	g_ptr_array_add(state.insns, d);
	g_hash_table_replace(state.insn_by_addr, &d->vaddr, d);
	return d;
}

static bool insn_selected(const Insn *d)
{
	if (state.ifilters->len == 0 && state.afilters->len == 0) {
		return true;
	}
	for (guint i = 0; i < state.afilters->len; i++) {
		if (g_array_index(state.afilters, uint64_t, i) == d->vaddr) {
			return true;
		}
	}
	for (guint i = 0; i < state.ifilters->len; i++) {
		if (strstr(d->disas, g_ptr_array_index(state.ifilters, i)) !=
		    NULL) {
			return true;
		}
	}
	return false;
}

static void register_closer_tb(struct qemu_plugin_tb *tb)
{
	qemu_plugin_register_vcpu_tb_exec_cond_cb(tb, closer_exec, state.flags,
						  QEMU_PLUGIN_COND_NE,
						  state.pending, 0, NULL);
}

static void register_closer_insn(struct qemu_plugin_insn *insn)
{
	qemu_plugin_register_vcpu_insn_exec_cond_cb(
	    insn, closer_exec, state.flags, QEMU_PLUGIN_COND_NE, state.pending,
	    0, NULL);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
	(void)udata;
	size_t n = qemu_plugin_tb_n_insns(tb);
	if (n == 0) {
		return;
	}
	Insn **descs = g_new(Insn *, n);
	bool *logged = g_new(bool, n);

	g_mutex_lock(&state.lock);
	for (size_t i = 0; i < n; i++) {
		descs[i] = insn_lookup__locked(qemu_plugin_tb_get_insn(tb, i));
		logged[i] = insn_selected(descs[i]);
	}
	g_mutex_unlock(&state.lock);

	/* A line left pending by an earlier block is closed at block entry. */
	if (!logged[0]) {
		register_closer_tb(tb);
	}
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		if (logged[i]) {
			qemu_plugin_register_vcpu_insn_exec_cb(
			    insn, insn_exec, state.flags, descs[i]);
			qemu_plugin_register_vcpu_mem_cb(
			    insn, mem_access, QEMU_PLUGIN_CB_NO_REGS,
			    QEMU_PLUGIN_MEM_RW, NULL);
		} else if (i > 0 && logged[i - 1]) {
			register_closer_insn(insn);
		}
	}
	g_free(logged);
	g_free(descs);
}

/* ------------------------------------------------------------------ */
/* vCPU life and exit                                                  */
/* ------------------------------------------------------------------ */

static void vcpu_init(unsigned int vcpu, void *udata)
{
	(void)udata;
	Slot *s = slot_of(vcpu);
	if (s->cpu != NULL) {
		/* A reused vCPU index: drop what the old thread left behind. */
		if (s->pending) {
			s->pending = 0;
			emit_line(s->cpu);
		}
		vcpu_free(s->cpu);
		s->cpu = NULL;
	}
	vcpu_get(vcpu);
}

static void vcpu_exit(unsigned int vcpu, void *udata)
{
	(void)udata;
	Slot *s = slot_of(vcpu);
	if (s->cpu != NULL) {
		close_pending(vcpu, s->cpu, true);
	}
}

static void plugin_exit(void *udata)
{
	(void)udata;
	int n = qemu_plugin_num_vcpus();
	for (int i = 0; i < n; i++) {
		Slot *s = slot_of(i);
		if (s->cpu != NULL) {
			close_pending(i, s->cpu, false);
			vcpu_free(s->cpu);
			s->cpu = NULL;
		}
	}
	qemu_plugin_scoreboard_free(state.sb);
	g_hash_table_destroy(state.insn_by_addr);
	for (guint i = 0; i < state.insns->len; i++) {
		Insn *d = g_ptr_array_index(state.insns, i);
		g_free(d->disas);
		g_free(d);
	}
	g_ptr_array_free(state.insns, TRUE);
	g_ptr_array_free(state.ifilters, TRUE);
	g_array_free(state.afilters, TRUE);
	g_ptr_array_free(state.reg_globs, TRUE);
	g_mutex_clear(&state.lock);
}

/* ------------------------------------------------------------------ */
/* Installation                                                        */
/* ------------------------------------------------------------------ */

static void free_args(void)
{
	g_ptr_array_free(state.ifilters, TRUE);
	g_array_free(state.afilters, TRUE);
	g_ptr_array_free(state.reg_globs, TRUE);
}

static bool parse_addr(const char *s, uint64_t *out)
{
	char *end = NULL;
	if (*s == '\0' || *s == '-') {
		return false;
	}
	errno = 0;
	guint64 v = g_ascii_strtoull(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0') {
		return false;
	}
	*out = v;
	return true;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	state.ifilters = g_ptr_array_new();
	state.afilters = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	state.reg_globs = g_ptr_array_new();
	state.track_regs = true;

	for (int i = 0; i < argc; i++) {
		const char *opt = argv[i];
		const char *eq = strchr(opt, '=');
		if (eq == NULL) {
			fprintf(stderr,
				"execlog: argument '%s' is not NAME=VALUE\n",
				opt);
			free_args();
			return -1;
		}
		g_autofree char *name = g_strndup(opt, eq - opt);
		const char *val = eq + 1;
		if (strcmp(name, "ifilter") == 0) {
			if (*val == '\0') {
				fprintf(stderr,
					"execlog: ifilter= needs a string\n");
				free_args();
				return -1;
			}
			g_ptr_array_add(state.ifilters, (char *)val);
		} else if (strcmp(name, "afilter") == 0) {
			uint64_t a;
			if (!parse_addr(val, &a)) {
				fprintf(
				    stderr,
				    "execlog: afilter=%s is not an address\n",
				    val);
				free_args();
				return -1;
			}
			g_array_append_val(state.afilters, a);
		} else if (strcmp(name, "reg") == 0) {
			if (*val == '\0') {
				fprintf(stderr, "execlog: reg= needs a "
						"register name or glob\n");
				free_args();
				return -1;
			}
			g_ptr_array_add(state.reg_globs, (char *)val);
		} else if (strcmp(name, "regs") == 0) {
			if (!qemu_plugin_bool_parse(name, val,
						    &state.track_regs)) {
				fprintf(
				    stderr,
				    "execlog: regs=%s: expected on or off\n",
				    val);
				free_args();
				return -1;
			}
		} else {
			fprintf(
			    stderr,
			    "execlog: unknown argument '%s' (known: ifilter, "
			    "afilter, reg, regs)\n",
			    opt);
			free_args();
			return -1;
		}
	}

	state.flags =
	    state.track_regs ? QEMU_PLUGIN_CB_R_REGS : QEMU_PLUGIN_CB_NO_REGS;
	state.sb = qemu_plugin_scoreboard_new(sizeof(Slot));
	state.pending =
	    qemu_plugin_scoreboard_u64_in_struct(state.sb, Slot, pending);
	g_mutex_init(&state.lock);
	state.insns = g_ptr_array_new();
	state.insn_by_addr = g_hash_table_new(g_int64_hash, g_int64_equal);

	qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
	qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit, NULL);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
