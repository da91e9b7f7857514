/*
 * The CSR feature of the plugin register list: every CSR that gdb's own
 * riscv 64-bit target description (gdb/features/riscv/64bit-csr.xml,
 * feature org.gnu.gdb.riscv.csr) names, in its order, and what each reads
 * as.
 *
 * Duplicates: gdb's CSR feature also names fflags, frm and fcsr.  gdb takes
 * them from the FP feature when a target has one (its 64bit-fpu.xml names
 * them, 32 bits wide), and so does regs.c, so they are not listed here
 * again: a name appears once in the whole list.
 *
 * Order: cycle, time and instret come first because they were the only
 * CSRs of earlier versions of the list and keep their register numbers;
 * the rest follow in gdb's order.  gdb's list is the one binutils
 * generates for RV64 (no RV32-only *h halves, no odd pmpcfg); it still
 * names the old draft hypervisor CSRs (hstatus .. hip) and the privileged
 * spec 1.9 base-and-bound ones (mbase .. mhcounteren), and so does this
 * list.
 *
 * Values are what the CSRs mean for a Linux user-mode process on an RV64GC
 * hart, which is all loupe runs.  Every CSR here is read-only for plugins,
 * as a user-mode program can write none of them (the FP CSRs, which it can
 * write, are writable in regs.c's FP feature).
 *
 *   cycle, instret, mcycle, minstret   the vCPU's retired-instruction
 *                                      count (mcycle and minstret are what
 *                                      cycle and instret shadow); the
 *                                      engine adds a block's instructions
 *                                      as the block starts
 *   time                               the same count, as before (the
 *                                      guest's rdtime reads a host clock
 *                                      instead)
 *   misa      MXL = 2 (64-bit) and the letters I M A F D C (RV64GC), B
 *             (Zba + Zbb + Zbs, which loupe implements), S and U (the
 *             modes of a hart that runs Linux)
 *   mhartid   the vCPU index (0 for the main thread)
 *   mstatus   FS = 3 (Dirty: loupe does not track whether FP state was
 *             written, and Dirty is always a correct answer), UXL = SXL =
 *             2 (64-bit), and SD, which the hardware sets whenever FS is
 *             Dirty; all else 0 (MPP = 0 and SPP = 0: user mode)
 *   sstatus   the same restricted to sstatus's fields (no SXL)
 *   all other CSRs: 0.  Counters and event selectors 3..31 are not
 *   implemented (they read as zero), the vendor/arch/impl ids are 0 ("not
 *   implemented"), satp is 0 (loupe translates no addresses), and trap,
 *   interrupt, PMP, trigger and debug state is not visible from user mode.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/vcpu.h"
#include "plugin/regs_csr.h"

enum csr_value {
	V_ZERO,
	V_COUNT,   /* retired instructions */
	V_SSTATUS, /* sstatus */
	V_MSTATUS, /* mstatus */
	V_MISA,
	V_HARTID,
};

/* One CSR, or with n > 0 the n CSRs NAME<first> .. NAME<first + n - 1>. */
struct csr_run {
	const char *name;
	uint8_t first, n;
	uint8_t value; /* enum csr_value */
};

static const struct csr_run runs[] = {
    /* earlier versions of the list had these three only */
    {"cycle", 0, 0, V_COUNT},
    {"time", 0, 0, V_COUNT},
    {"instret", 0, 0, V_COUNT},
    /* user (N extension; gdb's fflags, frm, fcsr are in the FP feature,
     * its cycle, time, instret above) */
    {"ustatus", 0, 0, V_ZERO},
    {"uie", 0, 0, V_ZERO},
    {"utvec", 0, 0, V_ZERO},
    {"uscratch", 0, 0, V_ZERO},
    {"uepc", 0, 0, V_ZERO},
    {"ucause", 0, 0, V_ZERO},
    {"utval", 0, 0, V_ZERO},
    {"uip", 0, 0, V_ZERO},
    {"hpmcounter", 3, 29, V_ZERO},
    /* supervisor */
    {"sstatus", 0, 0, V_SSTATUS},
    {"sedeleg", 0, 0, V_ZERO},
    {"sideleg", 0, 0, V_ZERO},
    {"sie", 0, 0, V_ZERO},
    {"stvec", 0, 0, V_ZERO},
    {"scounteren", 0, 0, V_ZERO},
    {"sscratch", 0, 0, V_ZERO},
    {"sepc", 0, 0, V_ZERO},
    {"scause", 0, 0, V_ZERO},
    {"stval", 0, 0, V_ZERO},
    {"sip", 0, 0, V_ZERO},
    {"satp", 0, 0, V_ZERO},
    /* machine */
    {"mvendorid", 0, 0, V_ZERO},
    {"marchid", 0, 0, V_ZERO},
    {"mimpid", 0, 0, V_ZERO},
    {"mhartid", 0, 0, V_HARTID},
    {"mstatus", 0, 0, V_MSTATUS},
    {"misa", 0, 0, V_MISA},
    {"medeleg", 0, 0, V_ZERO},
    {"mideleg", 0, 0, V_ZERO},
    {"mie", 0, 0, V_ZERO},
    {"mtvec", 0, 0, V_ZERO},
    {"mcounteren", 0, 0, V_ZERO},
    {"mscratch", 0, 0, V_ZERO},
    {"mepc", 0, 0, V_ZERO},
    {"mcause", 0, 0, V_ZERO},
    {"mtval", 0, 0, V_ZERO},
    {"mip", 0, 0, V_ZERO},
    /* physical memory protection (RV64: even pmpcfg only) */
    {"pmpcfg0", 0, 0, V_ZERO},
    {"pmpcfg2", 0, 0, V_ZERO},
    {"pmpaddr", 0, 16, V_ZERO},
    /* machine counters and event selectors */
    {"mcycle", 0, 0, V_COUNT},
    {"minstret", 0, 0, V_COUNT},
    {"mhpmcounter", 3, 29, V_ZERO},
    {"mhpmevent", 3, 29, V_ZERO},
    /* trigger and debug */
    {"tselect", 0, 0, V_ZERO},
    {"tdata1", 0, 0, V_ZERO},
    {"tdata2", 0, 0, V_ZERO},
    {"tdata3", 0, 0, V_ZERO},
    {"dcsr", 0, 0, V_ZERO},
    {"dpc", 0, 0, V_ZERO},
    {"dscratch", 0, 0, V_ZERO},
    /* draft hypervisor (privileged spec 1.9) */
    {"hstatus", 0, 0, V_ZERO},
    {"hedeleg", 0, 0, V_ZERO},
    {"hideleg", 0, 0, V_ZERO},
    {"hie", 0, 0, V_ZERO},
    {"htvec", 0, 0, V_ZERO},
    {"hscratch", 0, 0, V_ZERO},
    {"hepc", 0, 0, V_ZERO},
    {"hcause", 0, 0, V_ZERO},
    {"hbadaddr", 0, 0, V_ZERO},
    {"hip", 0, 0, V_ZERO},
    /* base and bound, counter enables (privileged spec 1.9) */
    {"mbase", 0, 0, V_ZERO},
    {"mbound", 0, 0, V_ZERO},
    {"mibase", 0, 0, V_ZERO},
    {"mibound", 0, 0, V_ZERO},
    {"mdbase", 0, 0, V_ZERO},
    {"mdbound", 0, 0, V_ZERO},
    {"mucounteren", 0, 0, V_ZERO},
    {"mscounteren", 0, 0, V_ZERO},
    {"mhcounteren", 0, 0, V_ZERO},
};

#define STATUS_FS_DIRTY (UINT64_C(3) << 13)
#define STATUS_UXL_64 (UINT64_C(2) << 32)
#define MSTATUS_SXL_64 (UINT64_C(2) << 34)
#define STATUS_SD (UINT64_C(1) << 63)
#define MISA_MXL_64 (UINT64_C(2) << 62)
#define MISA_EXT(c) (UINT64_C(1) << ((c) - 'A'))

static const char *names[PLUGIN_N_CSRS];
static uint8_t values[PLUGIN_N_CSRS];
static char run_names[PLUGIN_N_CSRS][16]; /* the NAME<i> of runs */
static pthread_once_t csr_once = PTHREAD_ONCE_INIT;

static void init_csrs(void)
{
	int k = 0;
	for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
		const struct csr_run *c = &runs[r];
		for (int j = 0; j < (c->n ? c->n : 1); j++) {
			if (k == PLUGIN_N_CSRS)
				abort(); /* PLUGIN_N_CSRS is wrong */
			values[k] = c->value;
			if (c->n) {
				snprintf(run_names[k], sizeof(run_names[k]),
					 "%s%d", c->name, c->first + j);
				names[k] = run_names[k];
			} else {
				names[k] = c->name;
			}
			k++;
		}
	}
	if (k != PLUGIN_N_CSRS)
		abort();
}

const char *plugin_csr_name(int i)
{
	pthread_once(&csr_once, init_csrs);
	return names[i];
}

uint64_t plugin_csr_value(const struct vcpu *cpu, int i)
{
	pthread_once(&csr_once, init_csrs);
	switch (values[i]) {
	case V_COUNT:
		return cpu->insn_count;
	case V_SSTATUS:
		return STATUS_SD | STATUS_UXL_64 | STATUS_FS_DIRTY;
	case V_MSTATUS:
		return STATUS_SD | MSTATUS_SXL_64 | STATUS_UXL_64 |
		       STATUS_FS_DIRTY;
	case V_MISA:
		return MISA_MXL_64 | MISA_EXT('I') | MISA_EXT('M') |
		       MISA_EXT('A') | MISA_EXT('F') | MISA_EXT('D') |
		       MISA_EXT('C') | MISA_EXT('B') | MISA_EXT('S') |
		       MISA_EXT('U');
	case V_HARTID:
		return (uint64_t)cpu->index;
	default:
		return 0;
	}
}
