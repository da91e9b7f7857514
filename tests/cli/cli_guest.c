/* The guest program the command-line tests run:
 *   cli_guest env VAR...    print "VAR=value" or "VAR unset" for each VAR
 *   cli_guest args ARG...   print each argument on its own line
 *   cli_guest argv0         print argv[0]
 *   cli_guest compute       some deterministic work (sorting, printf of doubles)
 *   cli_guest cat           copy stdin to stdout
 *   cli_guest exit N        exit with status N
 *   cli_guest stack N       use N KiB of stack (recursion), print "ok"
 *   cli_guest mask          print the blocked signals (1..31) */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static long burn(int kib)
{
    volatile char buf[1024];
    buf[0] = (char)kib;
    return kib <= 1 ? buf[0] : burn(kib - 1) + buf[0];
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "cli_guest: no mode\n");
        return 2;
    }
    const char *mode = argv[1];
    if (!strcmp(mode, "env")) {
        for (int i = 2; i < argc; i++) {
            const char *v = getenv(argv[i]);
            if (v)
                printf("%s=%s\n", argv[i], v);
            else
                printf("%s unset\n", argv[i]);
        }
    } else if (!strcmp(mode, "args")) {
        for (int i = 2; i < argc; i++)
            printf("[%s]\n", argv[i]);
    } else if (!strcmp(mode, "mask")) {
        sigset_t m;
        sigprocmask(SIG_BLOCK, NULL, &m);
        printf("blocked:");
        for (int sig = 1; sig < 32; sig++)
            if (sigismember(&m, sig))
                printf(" %d", sig);
        printf("\n");
    } else if (!strcmp(mode, "argv0")) {
        printf("%s\n", argv[0]);
    } else if (!strcmp(mode, "compute")) {
        long v[1000];
        unsigned long s = 12345;
        for (int i = 0; i < 1000; i++) {
            s = s * 6364136223846793005ul + 1442695040888963407ul;
            v[i] = (long)(s >> 33) - (1l << 30);
        }
        qsort(v, 1000, sizeof v[0], cmp);
        double acc = 0;
        for (int i = 0; i < 1000; i++)
            acc += (double)v[i] / (i + 1);
        printf("min=%ld max=%ld acc=%.10g\n", v[0], v[999], acc);
    } else if (!strcmp(mode, "cat")) {
        int c;
        while ((c = getchar()) != EOF)
            putchar(c);
    } else if (!strcmp(mode, "exit")) {
        return argc > 2 ? atoi(argv[2]) : 0;
    } else if (!strcmp(mode, "stack")) {
        int kib = argc > 2 ? atoi(argv[2]) : 1;
        printf("%s\n", burn(kib) ? "ok" : "zero");
    } else {
        fprintf(stderr, "cli_guest: unknown mode %s\n", mode);
        return 2;
    }
    return 0;
}
