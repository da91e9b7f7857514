/*
 * syscall: per system call statistics, and an strace-like trace.
 *
 *   loupe -plugin build/plugins/libsyscall.so[,print=on] ./prog
 *
 * Arguments:
 *   print=on|off  print each system call as it returns, with its
 *                 arguments and result (default off):
 *       vcpu 0: openat(-100, 0x51e08, 0, 0) = -2 ENOENT (No such file...)
 *       vcpu 0: openat(-100, 0x51e20, 0, 0) = 3
 *       vcpu 0: exit_group(3) = ?
 *                 Arguments and results in [-4096, 65535] print in
 *                 decimal, others in hex.  The argument count comes from
 *                 a table of the common calls; unknown ones show all six.
 *                 Calls that never return (exit, exit_group) print when
 *                 they are made, with "= ?"; so does rt_sigreturn, whose
 *                 "result" is the restored a0, not an outcome.
 *
 * At exit it prints a table sorted by syscall number:
 *
 *   syscall                    num        calls       errors
 *   write                       64            2            0
 *   ...
 *   total                                    9            1
 *
 * "errors" counts results in [-4095, -1] (a negated errno; never for
 * rt_sigreturn).  Names are
 * the riscv64 (asm-generic) Linux names; numbers without one print as
 * syscall_N.
 *
 * Design: statistics live in one hash table under a lock (system calls
 * are rare next to instructions).  For print=on each vCPU keeps the
 * pending call in its scoreboard entry: the syscall callback records it,
 * the syscall_ret callback prints it with the result.
 */
#define _GNU_SOURCE /* strerrorname_np, strerrordesc_np (glibc >= 2.32) */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define NR_EXIT 93
#define NR_EXIT_GROUP 94
#define NR_RT_SIGRETURN 139

struct syscall_info {
	const char *name;
	int nargs; /* -1: unknown, print all six */
};

/* riscv64 Linux system calls (asm-generic numbering). */
static const struct syscall_info syscall_table[] = {
    [0] = {"io_setup", -1},
    [1] = {"io_destroy", -1},
    [2] = {"io_submit", -1},
    [3] = {"io_cancel", -1},
    [4] = {"io_getevents", -1},
    [5] = {"setxattr", -1},
    [6] = {"lsetxattr", -1},
    [7] = {"fsetxattr", -1},
    [8] = {"getxattr", -1},
    [9] = {"lgetxattr", -1},
    [10] = {"fgetxattr", -1},
    [11] = {"listxattr", -1},
    [12] = {"llistxattr", -1},
    [13] = {"flistxattr", -1},
    [14] = {"removexattr", -1},
    [15] = {"lremovexattr", -1},
    [16] = {"fremovexattr", -1},
    [17] = {"getcwd", 2},
    [18] = {"lookup_dcookie", -1},
    [19] = {"eventfd2", 2},
    [20] = {"epoll_create1", 1},
    [21] = {"epoll_ctl", 4},
    [22] = {"epoll_pwait", 6},
    [23] = {"dup", 1},
    [24] = {"dup3", 3},
    [25] = {"fcntl", 3},
    [26] = {"inotify_init1", 1},
    [27] = {"inotify_add_watch", 3},
    [28] = {"inotify_rm_watch", 2},
    [29] = {"ioctl", 3},
    [30] = {"ioprio_set", -1},
    [31] = {"ioprio_get", -1},
    [32] = {"flock", 2},
    [33] = {"mknodat", 4},
    [34] = {"mkdirat", 3},
    [35] = {"unlinkat", 3},
    [36] = {"symlinkat", 3},
    [37] = {"linkat", 5},
    [39] = {"umount2", 2},
    [40] = {"mount", 5},
    [41] = {"pivot_root", 2},
    [42] = {"nfsservctl", -1},
    [43] = {"statfs", 2},
    [44] = {"fstatfs", 2},
    [45] = {"truncate", 2},
    [46] = {"ftruncate", 2},
    [47] = {"fallocate", 4},
    [48] = {"faccessat", 3},
    [49] = {"chdir", 1},
    [50] = {"fchdir", 1},
    [51] = {"chroot", 1},
    [52] = {"fchmod", 2},
    [53] = {"fchmodat", 3},
    [54] = {"fchownat", 5},
    [55] = {"fchown", 3},
    [56] = {"openat", 4},
    [57] = {"close", 1},
    [58] = {"vhangup", 0},
    [59] = {"pipe2", 2},
    [60] = {"quotactl", 4},
    [61] = {"getdents64", 3},
    [62] = {"lseek", 3},
    [63] = {"read", 3},
    [64] = {"write", 3},
    [65] = {"readv", 3},
    [66] = {"writev", 3},
    [67] = {"pread64", 4},
    [68] = {"pwrite64", 4},
    [69] = {"preadv", 4},
    [70] = {"pwritev", 4},
    [71] = {"sendfile", 4},
    [72] = {"pselect6", 6},
    [73] = {"ppoll", 5},
    [74] = {"signalfd4", 4},
    [75] = {"vmsplice", 4},
    [76] = {"splice", 6},
    [77] = {"tee", 4},
    [78] = {"readlinkat", 4},
    [79] = {"newfstatat", 4},
    [80] = {"fstat", 2},
    [81] = {"sync", 0},
    [82] = {"fsync", 1},
    [83] = {"fdatasync", 1},
    [84] = {"sync_file_range", 4},
    [85] = {"timerfd_create", 2},
    [86] = {"timerfd_settime", 4},
    [87] = {"timerfd_gettime", 2},
    [88] = {"utimensat", 4},
    [89] = {"acct", 1},
    [90] = {"capget", 2},
    [91] = {"capset", 2},
    [92] = {"personality", 1},
    [93] = {"exit", 1},
    [94] = {"exit_group", 1},
    [95] = {"waitid", 5},
    [96] = {"set_tid_address", 1},
    [97] = {"unshare", 1},
    [98] = {"futex", 6},
    [99] = {"set_robust_list", 2},
    [100] = {"get_robust_list", 3},
    [101] = {"nanosleep", 2},
    [102] = {"getitimer", 2},
    [103] = {"setitimer", 3},
    [104] = {"kexec_load", -1},
    [105] = {"init_module", -1},
    [106] = {"delete_module", -1},
    [107] = {"timer_create", 3},
    [108] = {"timer_gettime", -1},
    [109] = {"timer_getoverrun", -1},
    [110] = {"timer_settime", 4},
    [111] = {"timer_delete", 1},
    [112] = {"clock_settime", 2},
    [113] = {"clock_gettime", 2},
    [114] = {"clock_getres", 2},
    [115] = {"clock_nanosleep", 4},
    [116] = {"syslog", -1},
    [117] = {"ptrace", 4},
    [118] = {"sched_setparam", 2},
    [119] = {"sched_setscheduler", 3},
    [120] = {"sched_getscheduler", 1},
    [121] = {"sched_getparam", 2},
    [122] = {"sched_setaffinity", 3},
    [123] = {"sched_getaffinity", 3},
    [124] = {"sched_yield", 0},
    [125] = {"sched_get_priority_max", 1},
    [126] = {"sched_get_priority_min", 1},
    [127] = {"sched_rr_get_interval", -1},
    [128] = {"restart_syscall", -1},
    [129] = {"kill", 2},
    [130] = {"tkill", 2},
    [131] = {"tgkill", 3},
    [132] = {"sigaltstack", 2},
    [133] = {"rt_sigsuspend", 2},
    [134] = {"rt_sigaction", 4},
    [135] = {"rt_sigprocmask", 4},
    [136] = {"rt_sigpending", 2},
    [137] = {"rt_sigtimedwait", 4},
    [138] = {"rt_sigqueueinfo", 3},
    [139] = {"rt_sigreturn", 0},
    [140] = {"setpriority", 3},
    [141] = {"getpriority", 2},
    [142] = {"reboot", -1},
    [143] = {"setregid", 2},
    [144] = {"setgid", 1},
    [145] = {"setreuid", 2},
    [146] = {"setuid", 1},
    [147] = {"setresuid", 3},
    [148] = {"getresuid", 3},
    [149] = {"setresgid", 3},
    [150] = {"getresgid", 3},
    [151] = {"setfsuid", -1},
    [152] = {"setfsgid", -1},
    [153] = {"times", 1},
    [154] = {"setpgid", 2},
    [155] = {"getpgid", 1},
    [156] = {"getsid", 1},
    [157] = {"setsid", 0},
    [158] = {"getgroups", 2},
    [159] = {"setgroups", 2},
    [160] = {"uname", 1},
    [161] = {"sethostname", 2},
    [162] = {"setdomainname", 2},
    [163] = {"getrlimit", -1},
    [164] = {"setrlimit", -1},
    [165] = {"getrusage", 2},
    [166] = {"umask", 1},
    [167] = {"prctl", 5},
    [168] = {"getcpu", 3},
    [169] = {"gettimeofday", 2},
    [170] = {"settimeofday", 2},
    [171] = {"adjtimex", 1},
    [172] = {"getpid", 0},
    [173] = {"getppid", 0},
    [174] = {"getuid", 0},
    [175] = {"geteuid", 0},
    [176] = {"getgid", 0},
    [177] = {"getegid", 0},
    [178] = {"gettid", 0},
    [179] = {"sysinfo", 1},
    [180] = {"mq_open", -1},
    [181] = {"mq_unlink", -1},
    [182] = {"mq_timedsend", -1},
    [183] = {"mq_timedreceive", -1},
    [184] = {"mq_notify", -1},
    [185] = {"mq_getsetattr", -1},
    [186] = {"msgget", -1},
    [187] = {"msgctl", -1},
    [188] = {"msgrcv", -1},
    [189] = {"msgsnd", -1},
    [190] = {"semget", -1},
    [191] = {"semctl", -1},
    [192] = {"semtimedop", -1},
    [193] = {"semop", -1},
    [194] = {"shmget", -1},
    [195] = {"shmctl", -1},
    [196] = {"shmat", -1},
    [197] = {"shmdt", -1},
    [198] = {"socket", 3},
    [199] = {"socketpair", 4},
    [200] = {"bind", 3},
    [201] = {"listen", 2},
    [202] = {"accept", 3},
    [203] = {"connect", 3},
    [204] = {"getsockname", 3},
    [205] = {"getpeername", 3},
    [206] = {"sendto", 6},
    [207] = {"recvfrom", 6},
    [208] = {"setsockopt", 5},
    [209] = {"getsockopt", 5},
    [210] = {"shutdown", 2},
    [211] = {"sendmsg", 3},
    [212] = {"recvmsg", 3},
    [213] = {"readahead", -1},
    [214] = {"brk", 1},
    [215] = {"munmap", 2},
    [216] = {"mremap", 5},
    [217] = {"add_key", -1},
    [218] = {"request_key", -1},
    [219] = {"keyctl", -1},
    [220] = {"clone", 5},
    [221] = {"execve", 3},
    [222] = {"mmap", 6},
    [223] = {"fadvise64", -1},
    [224] = {"swapon", -1},
    [225] = {"swapoff", -1},
    [226] = {"mprotect", 3},
    [227] = {"msync", 3},
    [228] = {"mlock", 2},
    [229] = {"munlock", 2},
    [230] = {"mlockall", 1},
    [231] = {"munlockall", 0},
    [232] = {"mincore", 3},
    [233] = {"madvise", 3},
    [234] = {"remap_file_pages", -1},
    [235] = {"mbind", -1},
    [236] = {"get_mempolicy", -1},
    [237] = {"set_mempolicy", 3},
    [238] = {"migrate_pages", -1},
    [239] = {"move_pages", -1},
    [240] = {"rt_tgsigqueueinfo", 4},
    [241] = {"perf_event_open", -1},
    [242] = {"accept4", 4},
    [243] = {"recvmmsg", -1},
    [258] = {"riscv_hwprobe", 5},
    [259] = {"riscv_flush_icache", 3},
    [260] = {"wait4", 4},
    [261] = {"prlimit64", 4},
    [262] = {"fanotify_init", -1},
    [263] = {"fanotify_mark", -1},
    [264] = {"name_to_handle_at", -1},
    [265] = {"open_by_handle_at", -1},
    [266] = {"clock_adjtime", 2},
    [267] = {"syncfs", 1},
    [268] = {"setns", 2},
    [269] = {"sendmmsg", -1},
    [270] = {"process_vm_readv", 6},
    [271] = {"process_vm_writev", 6},
    [272] = {"kcmp", 5},
    [273] = {"finit_module", -1},
    [274] = {"sched_setattr", -1},
    [275] = {"sched_getattr", -1},
    [276] = {"renameat2", 5},
    [277] = {"seccomp", -1},
    [278] = {"getrandom", 3},
    [279] = {"memfd_create", 2},
    [280] = {"bpf", -1},
    [281] = {"execveat", 5},
    [282] = {"userfaultfd", -1},
    [283] = {"membarrier", 3},
    [284] = {"mlock2", -1},
    [285] = {"copy_file_range", 6},
    [286] = {"preadv2", -1},
    [287] = {"pwritev2", -1},
    [288] = {"pkey_mprotect", -1},
    [289] = {"pkey_alloc", -1},
    [290] = {"pkey_free", -1},
    [291] = {"statx", 5},
    [292] = {"io_pgetevents", -1},
    [293] = {"rseq", 4},
    [294] = {"kexec_file_load", -1},
    [424] = {"pidfd_send_signal", 4},
    [425] = {"io_uring_setup", -1},
    [426] = {"io_uring_enter", -1},
    [427] = {"io_uring_register", -1},
    [428] = {"open_tree", -1},
    [429] = {"move_mount", -1},
    [430] = {"fsopen", -1},
    [431] = {"fsconfig", -1},
    [432] = {"fsmount", -1},
    [433] = {"fspick", -1},
    [434] = {"pidfd_open", 2},
    [435] = {"clone3", 2},
    [436] = {"close_range", 3},
    [437] = {"openat2", 4},
    [438] = {"pidfd_getfd", -1},
    [439] = {"faccessat2", 4},
    [440] = {"process_madvise", -1},
    [441] = {"epoll_pwait2", -1},
    [442] = {"mount_setattr", -1},
    [443] = {"quotactl_fd", -1},
    [444] = {"landlock_create_ruleset", -1},
    [445] = {"landlock_add_rule", -1},
    [446] = {"landlock_restrict_self", -1},
    [447] = {"memfd_secret", -1},
    [448] = {"process_mrelease", -1},
    [449] = {"futex_waitv", -1},
    [450] = {"set_mempolicy_home_node", -1},
    [451] = {"cachestat", -1},
    [452] = {"fchmodat2", -1},
    [453] = {"map_shadow_stack", -1},
    [454] = {"futex_wake", -1},
    [455] = {"futex_wait", -1},
    [456] = {"futex_requeue", -1},
    [457] = {"statmount", -1},
    [458] = {"listmount", -1},
    [459] = {"lsm_get_self_attr", -1},
    [460] = {"lsm_set_self_attr", -1},
    [461] = {"lsm_list_modules", -1},
    [462] = {"mseal", -1},
    [463] = {"setxattrat", -1},
    [464] = {"getxattrat", -1},
    [465] = {"listxattrat", -1},
    [466] = {"removexattrat", -1},
};

struct syscall_stats {
	int64_t num;
	uint64_t calls;
	uint64_t errors;
};

/* The call a vCPU is in, for print=on. */
struct pending_call {
	uint64_t active;
	int64_t num;
	uint64_t args[6];
};

static bool do_print;
static GHashTable *stats; /* int64_t num -> struct syscall_stats */
static GMutex lock;	  /* guards stats */
static struct qemu_plugin_scoreboard *pending;

static const struct syscall_info *syscall_lookup(int64_t num)
{
	if (num >= 0 && num < (int64_t)G_N_ELEMENTS(syscall_table) &&
	    syscall_table[num].name)
		return &syscall_table[num];
	return NULL;
}

static void append_name(GString *s, int64_t num)
{
	const struct syscall_info *si = syscall_lookup(num);

	if (si)
		g_string_append(s, si->name);
	else
		g_string_append_printf(s, "syscall_%" PRId64, num);
}

static void append_value(GString *s, uint64_t v)
{
	int64_t sv = (int64_t)v;

	if (sv >= -4096 && sv <= 65535)
		g_string_append_printf(s, "%" PRId64, sv);
	else
		g_string_append_printf(s, "0x%" PRIx64, v);
}

static bool is_error(int64_t ret)
{
	return ret < 0 && ret >= -4095;
}

/* "vcpu N: name(args) = " and the result, or "?" when ret is NULL. */
static void print_call(unsigned int vcpu_index, const struct pending_call *c,
		       const int64_t *ret)
{
	g_autoptr(GString) s = g_string_new(NULL);
	const struct syscall_info *si = syscall_lookup(c->num);
	int nargs = si && si->nargs >= 0 ? si->nargs : 6;

	g_string_append_printf(s, "vcpu %u: ", vcpu_index);
	append_name(s, c->num);
	g_string_append_c(s, '(');
	for (int i = 0; i < nargs; i++) {
		if (i)
			g_string_append(s, ", ");
		append_value(s, c->args[i]);
	}
	g_string_append(s, ") = ");
	if (!ret) {
		g_string_append_c(s, '?');
	} else {
		append_value(s, (uint64_t)*ret);
		if (is_error(*ret)) {
			int e = (int)-*ret;
			const char *name = strerrorname_np(e);
			const char *desc = strerrordesc_np(e);

			if (name)
				g_string_append_printf(s, " %s (%s)", name,
						       desc ? desc : "?");
			else
				g_string_append_printf(s, " (errno %d)", e);
		}
	}
	g_string_append_c(s, '\n');
	qemu_plugin_outs(s->str);
}

static struct syscall_stats *stats_get__locked(int64_t num)
{
	struct syscall_stats *st = g_hash_table_lookup(stats, &num);

	if (!st) {
		st = g_new0(struct syscall_stats, 1);
		st->num = num;
		g_hash_table_insert(stats, &st->num, st);
	}
	return st;
}

static void vcpu_syscall(unsigned int vcpu_index, int64_t num, uint64_t a1,
			 uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
			 uint64_t a6, uint64_t a7, uint64_t a8, void *userdata)
{
	(void)a7;
	(void)a8;
	(void)userdata;
	struct pending_call *c;

	g_mutex_lock(&lock);
	stats_get__locked(num)->calls++;
	g_mutex_unlock(&lock);

	if (!do_print)
		return;
	c = qemu_plugin_scoreboard_find(pending, vcpu_index);
	if (c->active) /* the previous call never returned */
		print_call(vcpu_index, c, NULL);
	c->active = 1;
	c->num = num;
	c->args[0] = a1;
	c->args[1] = a2;
	c->args[2] = a3;
	c->args[3] = a4;
	c->args[4] = a5;
	c->args[5] = a6;
	if (num == NR_EXIT || num == NR_EXIT_GROUP) {
		print_call(vcpu_index, c, NULL);
		c->active = 0;
	}
}

static void vcpu_syscall_ret(unsigned int vcpu_index, int64_t num, int64_t ret,
			     void *userdata)
{
	(void)userdata;
	struct pending_call *c;

	/* rt_sigreturn restores the interrupted context: its "result" is
	 * whatever a0 was (QEMU passes its internal -QEMU_ESIGRETURN). */
	bool no_result = num == NR_RT_SIGRETURN;

	if (!no_result && is_error(ret)) {
		g_mutex_lock(&lock);
		stats_get__locked(num)->errors++;
		g_mutex_unlock(&lock);
	}
	if (!do_print)
		return;
	c = qemu_plugin_scoreboard_find(pending, vcpu_index);
	if (!c->active || c->num != num) {
		/* A return we did not see the start of: no arguments. */
		g_autoptr(GString) s = g_string_new(NULL);

		if (c->active)
			print_call(vcpu_index, c, NULL);
		c->active = 0;
		g_string_append_printf(s, "vcpu %u: ", vcpu_index);
		append_name(s, num);
		g_string_append(s, "(...) = ");
		if (no_result)
			g_string_append_c(s, '?');
		else
			append_value(s, (uint64_t)ret);
		g_string_append_c(s, '\n');
		qemu_plugin_outs(s->str);
		return;
	}
	print_call(vcpu_index, c, no_result ? NULL : &ret);
	c->active = 0;
}

static gint stats_cmp(gconstpointer a, gconstpointer b)
{
	const struct syscall_stats *x = *(struct syscall_stats *const *)a;
	const struct syscall_stats *y = *(struct syscall_stats *const *)b;

	return x->num < y->num ? -1 : x->num > y->num;
}

static void plugin_exit(void *userdata)
{
	(void)userdata;
	g_autoptr(GString) s = g_string_new(NULL);
	g_autoptr(GPtrArray) list = g_ptr_array_new();
	GHashTableIter it;
	gpointer value;
	uint64_t calls = 0, errors = 0;

	if (do_print) {
		/* Calls still blocked when the process ended. */
		for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
			struct pending_call *c =
			    qemu_plugin_scoreboard_find(pending, i);

			if (c->active)
				print_call(i, c, NULL);
			c->active = 0;
		}
	}

	g_hash_table_iter_init(&it, stats);
	while (g_hash_table_iter_next(&it, NULL, &value))
		g_ptr_array_add(list, value);
	g_ptr_array_sort(list, stats_cmp);

	g_string_append_printf(s, "%-24s %5s %12s %12s\n", "syscall", "num",
			       "calls", "errors");
	for (guint i = 0; i < list->len; i++) {
		const struct syscall_stats *st = g_ptr_array_index(list, i);
		g_autoptr(GString) name = g_string_new(NULL);

		append_name(name, st->num);
		g_string_append_printf(
		    s, "%-24s %5" PRId64 " %12" PRIu64 " %12" PRIu64 "\n",
		    name->str, st->num, st->calls, st->errors);
		calls += st->calls;
		errors += st->errors;
	}
	g_string_append_printf(s, "%-24s %5s %12" PRIu64 " %12" PRIu64 "\n",
			       "total", "", calls, errors);
	qemu_plugin_outs(s->str);

	g_hash_table_destroy(stats);
	stats = NULL;
	qemu_plugin_scoreboard_free(pending);
	pending = NULL;
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);

		if (!kv[0] || !kv[1] || strcmp(kv[0], "print") != 0) {
			fprintf(stderr,
				"syscall: unknown argument '%s' (expected "
				"print=on|off)\n",
				argv[i]);
			return -1;
		}
		if (!qemu_plugin_bool_parse(kv[0], kv[1], &do_print)) {
			fprintf(stderr,
				"syscall: '%s': value must be on or off\n",
				argv[i]);
			return -1;
		}
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	if (parse_args(argc, argv))
		return -1;

	stats =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
	pending = qemu_plugin_scoreboard_new(sizeof(struct pending_call));

	qemu_plugin_register_vcpu_syscall_cb(id, vcpu_syscall, NULL);
	qemu_plugin_register_vcpu_syscall_ret_cb(id, vcpu_syscall_ret, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
