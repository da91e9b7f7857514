/*
 * Guest registers for plugins: the list (names and features as gdb's
 * riscv64 target description has them), reads and writes of the exact
 * values, and set_pc.
 *
 * The list, by register number (stable: plugins may index it):
 *   0..31    x0..x31 as zero ra sp ... t6 (x8 is fp), 8 bytes,
 *            org.gnu.gdb.riscv.cpu
 *   32       pc, read-only (set_pc moves it), org.gnu.gdb.riscv.cpu
 *   33..64   f0..f31 as ft0 ... ft11, 8 bytes, org.gnu.gdb.riscv.fpu
 *   65..67   fflags, frm, fcsr, 4 bytes (gdb's 64bit-fpu.xml has them 32
 *            bits wide), org.gnu.gdb.riscv.fpu; gdb's CSR feature names
 *            them too, but gdb reads them from the FP feature when there
 *            is one, so they are listed once, here
 *   68..239  the CSRs of org.gnu.gdb.riscv.csr, 8 bytes, read-only:
 *            cycle, time, instret, then the rest of gdb's 64bit-csr.xml in
 *            its order (regs_csr.c has the list and the values)
 *   240      priv, org.gnu.gdb.riscv.virtual, 8 bytes (bitsize 64 in the
 *            riscv-64bit-virtual.xml that QEMU's gdbstub sends), read-only:
 *            the privilege level, always 0 (U): the guest runs in user mode
 *
 * Exactness comes from the engine: guest registers live in the vCPU's slot
 * array at every instruction boundary, and callbacks that may read
 * registers get the pc slot set to their instruction.  The access level of
 * the running callback (cpu->plugin_flags) is enforced as upstream
 * documents: reads need R_REGS, writes RW_REGS, set_pc RW_REGS or
 * RW_REGS_PC (upstream treats the two alike for exec callbacks).
 */
#include <setjmp.h>
#include <string.h>

#include "core/vcpu.h"
#include "plugin/internal.h"
#include "plugin/regs_csr.h"
#include "target/riscv/cpu.h"
#include "target/riscv/insn.h"

enum reg_kind {
	REG_X,
	REG_PC,
	REG_F,
	REG_FFLAGS,
	REG_FRM,
	REG_FCSR,
	REG_CSR,
	REG_PRIV
};

struct reg_desc {
	const char *name;
	const char *feature;
	uint8_t kind, size;
	uint16_t num; /* x, f or CSR index */
	bool readonly;
};

#define N_REGS (32 + 1 + 32 + 3 + PLUGIN_N_CSRS + 1)
static struct reg_desc regs[N_REGS];
static pthread_once_t regs_once = PTHREAD_ONCE_INIT;

static int n_init;

static void add_reg(const char *name, const char *feature, enum reg_kind kind,
		    int num, int size, bool readonly)
{
	regs[n_init++] = (struct reg_desc){.name = name,
					   .feature = feature,
					   .kind = (uint8_t)kind,
					   .size = (uint8_t)size,
					   .num = (uint16_t)num,
					   .readonly = readonly};
}

static void init_regs(void)
{
	static const char *const cpu = "org.gnu.gdb.riscv.cpu";
	static const char *const fpu = "org.gnu.gdb.riscv.fpu";
	static const char *const csr = "org.gnu.gdb.riscv.csr";
	static const char *const virt = "org.gnu.gdb.riscv.virtual";
	for (int i = 0; i < 32; i++)
		add_reg(i == 8 ? "fp" : rv_xreg_name((unsigned)i), cpu, REG_X,
			i, 8, false);
	add_reg("pc", cpu, REG_PC, 0, 8, true);
	for (int i = 0; i < 32; i++)
		add_reg(rv_freg_name((unsigned)i), fpu, REG_F, i, 8, false);
	add_reg("fflags", fpu, REG_FFLAGS, 0, 4, false);
	add_reg("frm", fpu, REG_FRM, 0, 4, false);
	add_reg("fcsr", fpu, REG_FCSR, 0, 4, false);
	for (int i = 0; i < PLUGIN_N_CSRS; i++)
		add_reg(plugin_csr_name(i), csr, REG_CSR, i, 8, true);
	add_reg("priv", virt, REG_PRIV, 0, 8, true);
}

GArray *qemu_plugin_get_registers(void)
{
	pthread_once(&regs_once, init_regs);
	GArray *a =
	    g_array_new(true, false, sizeof(qemu_plugin_reg_descriptor));
	for (int i = 0; i < N_REGS; i++) {
		qemu_plugin_reg_descriptor d = {
		    .handle = (struct qemu_plugin_register *)(uintptr_t)(i + 1),
		    .name = regs[i].name,
		    .feature = regs[i].feature,
		    .is_readonly = regs[i].readonly,
		};
		g_array_append_val(a, d);
	}
	return a;
}

static const struct reg_desc *lookup(struct qemu_plugin_register *h,
				     const char *fn)
{
	pthread_once(&regs_once, init_regs);
	uintptr_t i = (uintptr_t)h;
	if (i < 1 || i > N_REGS)
		plugin_misuse("%s: not a register handle", fn);
	return &regs[i - 1];
}

static struct vcpu *need_vcpu(int min_flags, const char *fn)
{
	struct vcpu *cpu = plugin_current_vcpu();
	if (!cpu)
		plugin_misuse("%s: no vCPU context (registers are available "
			      "only in vCPU callbacks)",
			      fn);
	return cpu->plugin_flags >= min_flags ? cpu : NULL;
}

bool qemu_plugin_read_register(struct qemu_plugin_register *handle,
			       GByteArray *buf)
{
	const struct reg_desc *r = lookup(handle, __func__);
	struct vcpu *cpu = need_vcpu(QEMU_PLUGIN_CB_R_REGS, __func__);
	if (!cpu || !buf)
		return false;
	const struct rv_cpu *env = &cpu->env;
	uint64_t v = 0;
	switch (r->kind) {
	case REG_X:
		v = env->slot[RV_SLOT_X + r->num];
		break;
	case REG_PC:
		v = env->slot[RV_SLOT_PC];
		break;
	case REG_F:
		v = env->slot[RV_SLOT_F + r->num];
		break;
	case REG_FFLAGS:
		v = env->fflags;
		break;
	case REG_FRM:
		v = env->frm;
		break;
	case REG_FCSR:
		v = env->frm << 5 | env->fflags;
		break;
	case REG_CSR:
		v = plugin_csr_value(cpu, r->num);
		break;
	case REG_PRIV:
		v = 0; /* user mode */
		break;
	}
	uint8_t bytes[8];
	for (int i = 0; i < 8; i++)
		bytes[i] = (uint8_t)(v >> (8 * i));
	g_byte_array_append(buf, bytes, r->size);
	return true;
}

bool qemu_plugin_write_register(struct qemu_plugin_register *handle,
				GByteArray *buf)
{
	const struct reg_desc *r = lookup(handle, __func__);
	struct vcpu *cpu = need_vcpu(QEMU_PLUGIN_CB_RW_REGS, __func__);
	if (!cpu || !buf || buf->len == 0 || r->readonly)
		return false;
	uint64_t v = 0;
	for (unsigned i = 0; i < r->size && i < buf->len; i++)
		v |= (uint64_t)buf->data[i] << (8 * i);
	struct rv_cpu *env = &cpu->env;
	switch (r->kind) {
	case REG_X:
		if (r->num) /* x0 stays zero */
			env->slot[RV_SLOT_X + r->num] = v;
		break;
	case REG_F:
		env->slot[RV_SLOT_F + r->num] = v;
		break;
	case REG_FFLAGS:
		env->fflags = v & 0x1f;
		break;
	case REG_FRM:
		env->frm = v & 7;
		break;
	case REG_FCSR:
		env->fflags = v & 0x1f;
		env->frm = (v >> 5) & 7;
		break;
	default:
		return false;
	}
	return true;
}

void qemu_plugin_set_pc(uint64_t vaddr)
{
	struct vcpu *cpu = plugin_current_vcpu();
	if (!cpu || cpu->plugin_flags < QEMU_PLUGIN_CB_RW_REGS ||
	    cpu->in_translation)
		plugin_misuse("qemu_plugin_set_pc needs a callback registered "
			      "with QEMU_PLUGIN_CB_RW_REGS_PC");
	cpu->env.slot[RV_SLOT_PC] = vaddr;
	cpu->plugin_flags = QEMU_PLUGIN_CB_NO_REGS;
	plugin_set_current(NULL);
	/* Leave the callback and whatever was running; the cpu loop resumes
	 * at the new pc. */
	siglongjmp(cpu->fault_jmp, 2);
}
