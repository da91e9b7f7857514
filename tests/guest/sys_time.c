/* Time system calls: clock_gettime, clock_getres, gettimeofday, nanosleep,
 * clock_nanosleep, times, getrusage, getitimer/setitimer.  (QEMU 7.2 does
 * not report EFAULT for clock_getres and nanosleep with bad pointers: not
 * tested.) */
#include "sys_check.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(void)
{
    struct timespec ts, res;
    OK("clock_gettime realtime", clock_gettime(CLOCK_REALTIME, &ts));
    YES("realtime after 2020", ts.tv_sec > 1577836800);
    YES("nsec in range", ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
    static const clockid_t clocks[] = {CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                       CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW,
                                       CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
                                       CLOCK_BOOTTIME};
    for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        char label[64];
        snprintf(label, sizeof label, "clock %d", clocks[i]);
        OK(label, clock_gettime(clocks[i], &ts));
        snprintf(label, sizeof label, "clock %d res", clocks[i]);
        OK(label, clock_getres(clocks[i], &res));
    }
    OK("clock_getres NULL", syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));
    clock_getres(CLOCK_MONOTONIC, &res);
    YES("monotonic resolution <= 1ms", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000);
    VAL("bad clock", syscall(SYS_clock_gettime, 12345, &ts));
    VAL("bad clock getres", syscall(SYS_clock_getres, 12345, &res));
    VAL("clock_gettime bad pointer", syscall(SYS_clock_gettime, CLOCK_REALTIME, BAD));

    struct timeval tv;
    struct timezone tz;
    OK("gettimeofday", gettimeofday(&tv, &tz));
    double rt = now(CLOCK_REALTIME);
    YES("gettimeofday near realtime", tv.tv_sec + tv.tv_usec * 1e-6 <= rt + 0.001 && tv.tv_sec > rt - 5);
    OK("gettimeofday NULL NULL", syscall(SYS_gettimeofday, NULL, NULL));
    VAL("gettimeofday bad tv", syscall(SYS_gettimeofday, BAD, NULL));
    VAL("gettimeofday bad tz", syscall(SYS_gettimeofday, &tv, BAD));
    YES("time() near realtime", (double)time(NULL) <= rt + 1 && (double)time(NULL) >= rt - 5);

    double t0 = now(CLOCK_MONOTONIC);
    struct timespec req = {0, 20 * 1000 * 1000}, rem = {9, 9};
    OK("nanosleep 20ms", nanosleep(&req, &rem));
    double t1 = now(CLOCK_MONOTONIC);
    YES("monotonic advanced >= 20ms", t1 - t0 >= 0.020);
    req.tv_nsec = 1000000000;
    VAL("nanosleep bad nsec", nanosleep(&req, NULL));
    req.tv_sec = -1;
    req.tv_nsec = 0;
    VAL("nanosleep negative", nanosleep(&req, NULL));

    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += 10 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    VAL("clock_nanosleep abstime", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL));
    double t2 = now(CLOCK_MONOTONIC);
    YES("reached the deadline", t2 >= ts.tv_sec + ts.tv_nsec * 1e-9);
    req.tv_sec = 0;
    req.tv_nsec = 1000000;
    VAL("clock_nanosleep relative", clock_nanosleep(CLOCK_REALTIME, 0, &req, &rem));
    VAL("clock_nanosleep bad clock (errno value)", clock_nanosleep(12345, 0, &req, NULL));
    VAL("clock_nanosleep thread cputime", clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL));
    VAL("clock_nanosleep bad pointer", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, BAD, NULL));

    /* CPU time clocks advance with work */
    double c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    volatile unsigned long x = 0;
    while (now(CLOCK_PROCESS_CPUTIME_ID) - c0 < 0.02)
        x++;
    YES("process cpu time advanced", now(CLOCK_PROCESS_CPUTIME_ID) > c0);

    struct tms t;
    clock_t ticks = times(&t);
    YES("times", ticks != (clock_t)-1);
    YES("user+system time > 0", t.tms_utime + t.tms_stime > 0);
    YES("times NULL", syscall(SYS_times, NULL) != -1);
    VAL("times bad pointer", syscall(SYS_times, BAD));

    struct rusage ru;
    OK("getrusage self", getrusage(RUSAGE_SELF, &ru));
    YES("maxrss > 0", ru.ru_maxrss > 0);
    YES("utime > 0", ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0);
    OK("getrusage children", getrusage(RUSAGE_CHILDREN, &ru));
    OK("getrusage thread", getrusage(RUSAGE_THREAD, &ru));
    VAL("getrusage bad who", getrusage(99, &ru));
    VAL("getrusage bad pointer", syscall(SYS_getrusage, RUSAGE_SELF, BAD));

    struct itimerval it = {{0, 0}, {100, 0}}, old;
    OK("setitimer virtual", setitimer(ITIMER_VIRTUAL, &it, NULL));
    OK("getitimer virtual", getitimer(ITIMER_VIRTUAL, &old));
    YES("timer armed", old.it_value.tv_sec > 90 && old.it_value.tv_sec <= 100);
    struct itimerval off = {{0, 0}, {0, 0}};
    OK("disarm", setitimer(ITIMER_VIRTUAL, &off, &old));
    YES("old value returned", old.it_value.tv_sec > 90);
    VAL("getitimer bad which", getitimer(99, &old));
    return 0;
}
