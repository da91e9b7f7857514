/* Process and identity system calls: getpid, gettid, getppid, get[e]uid,
 * get[e]gid, getresuid, getresgid, getgroups, getpgid, getsid,
 * set_tid_address, prlimit64, getrlimit, setrlimit, uname, sysinfo,
 * getrandom, sched_yield, sched_getaffinity, sched_getscheduler,
 * sched_getparam, getpriority, getcpu, prctl, rseq, and an unknown number. */
#include "sys_check.h"

#include <sched.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

int main(void)
{
    pid_t pid = getpid();
    YES("getpid > 0", pid > 0);
    YES("gettid == getpid (one thread)", gettid() == pid);
    YES("raw gettid", syscall(SYS_gettid) == pid);
    YES("getppid differs", getppid() > 0 && getppid() != pid);
    YES("set_tid_address returns the tid", syscall(SYS_set_tid_address, NULL) == pid);
    uid_t r, e, s;
    OK("getresuid", getresuid(&r, &e, &s));
    YES("uids agree", r == getuid() && e == geteuid());
    gid_t gr, ge, gs;
    OK("getresgid", getresgid(&gr, &ge, &gs));
    YES("gids agree", gr == getgid() && ge == getegid());
    VAL("getresuid bad pointer", syscall(SYS_getresuid, BAD, &e, &s));
    int ng = getgroups(0, NULL);
    YES("getgroups count", ng >= 0);
    gid_t groups[256];
    YES("getgroups list", getgroups(256, groups) == ng);
    VAL("getgroups negative", getgroups(-1, groups));
    YES("getpgid(0) == getpgrp()", getpgid(0) == getpgrp());
    /* A container may run us in session 0, so only require a valid id. */
    YES("getsid(0) == getsid(getpid())",
        getsid(0) >= 0 && getsid(0) == getsid(getpid()));
    VAL("getpgid missing", getpgid(0x3fffffff));

    /* limits */
    struct rlimit rl, rl2;
    OK("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl));
    YES("soft <= hard", rl.rlim_cur <= rl.rlim_max);
    rl2 = rl;
    rl2.rlim_cur = 64;
    OK("setrlimit NOFILE", setrlimit(RLIMIT_NOFILE, &rl2));
    getrlimit(RLIMIT_NOFILE, &rl2);
    VAL("new soft limit", rl2.rlim_cur);
    VAL("open above the limit", dup2(0, 100));
    OK("restore", setrlimit(RLIMIT_NOFILE, &rl));
    struct rlimit old;
    OK("prlimit64 get", prlimit(0, RLIMIT_STACK, NULL, &old));
    YES("stack limit set", old.rlim_cur > 0);
    OK("prlimit64 own pid", prlimit(pid, RLIMIT_CORE, NULL, &old));
    rl2.rlim_cur = 10;
    rl2.rlim_max = 5;
    VAL("setrlimit cur > max", setrlimit(RLIMIT_CORE, &rl2));
    VAL("getrlimit bad resource", getrlimit(99, &rl));
    VAL("getrlimit bad pointer", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, BAD));
    VAL("setrlimit bad pointer", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, BAD, NULL));

    /* system */
    struct utsname u;
    OK("uname", uname(&u));
    printf("sysname %s machine %s\n", u.sysname, u.machine);
    YES("release set", u.release[0] != 0);
    VAL("uname bad pointer", syscall(SYS_uname, BAD));
    struct sysinfo si;
    OK("sysinfo", sysinfo(&si));
    YES("totalram > 0", si.totalram > 0 && si.mem_unit >= 1);
    YES("uptime > 0", si.uptime > 0);
    VAL("sysinfo bad pointer", syscall(SYS_sysinfo, BAD));

    unsigned char rnd[64] = {0};
    VAL("getrandom", getrandom(rnd, sizeof rnd, 0));
    int nz = 0;
    for (int i = 0; i < 64; i++)
        nz += rnd[i] != 0;
    YES("random bytes not all zero", nz > 0);
    VAL("getrandom nonblock", getrandom(rnd, 16, GRND_NONBLOCK));
    VAL("getrandom bad flags", getrandom(rnd, 16, 0x100));
    VAL("getrandom bad pointer", syscall(SYS_getrandom, BAD, 16, 0));
    VAL("getrandom zero length", getrandom(rnd, 0, 0));

    /* scheduling */
    OK("sched_yield", sched_yield());
    cpu_set_t set;
    CPU_ZERO(&set);
    OK("sched_getaffinity", sched_getaffinity(0, sizeof set, &set));
    YES("at least one cpu", CPU_COUNT(&set) >= 1);
    YES("raw returns size", syscall(SYS_sched_getaffinity, 0, sizeof set, &set) > 0);
    VAL("sched_getaffinity odd size", syscall(SYS_sched_getaffinity, 0, 3, &set));
    VAL("sched_getaffinity bad pointer", syscall(SYS_sched_getaffinity, 0, sizeof set, BAD));
    OK("sched_setaffinity same", sched_setaffinity(0, sizeof set, &set));
    VAL("sched_getscheduler", sched_getscheduler(0));
    struct sched_param sp;
    OK("sched_getparam", sched_getparam(0, &sp));
    VAL("priority", sp.sched_priority);
    VAL("priority max other", sched_get_priority_max(SCHED_OTHER));
    VAL("priority max fifo", sched_get_priority_max(SCHED_FIFO));
    errno = 0;
    int prio = getpriority(PRIO_PROCESS, 0);
    YES("getpriority", errno == 0 && prio >= -20 && prio <= 19);
    OK("setpriority same", setpriority(PRIO_PROCESS, 0, prio));
    unsigned cpu = 9999, node = 9999;
    OK("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
    YES("cpu in set", cpu < 9999 && node < 9999);

    /* prctl */
    OK("PR_SET_NAME", prctl(PR_SET_NAME, "sys-proc-test-long-name"));
    char name[32] = {0};
    OK("PR_GET_NAME", prctl(PR_GET_NAME, name));
    printf("name: %s\n", name);
    VAL("PR_SET_NAME bad pointer", prctl(PR_SET_NAME, BAD));
    int dump = prctl(PR_GET_DUMPABLE);
    YES("PR_GET_DUMPABLE", dump >= 0 && dump <= 2);
    int sig = -1;
    OK("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &sig));
    VAL("pdeathsig", sig);
    VAL("prctl bad option", prctl(12345));

    /* not provided */
    VAL("rseq", syscall(SYS_rseq, NULL, 0, 0, 0));
    VAL("syscall 999", syscall(999));
    VAL("syscall 5000", syscall(5000));
    return 0;
}
