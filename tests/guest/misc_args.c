/* Arguments from misc_args.args (one per line): empty strings, spaces,
 * quotes and non-ASCII bytes arrive unchanged; the environment pointer and
 * auxv follow argv on the initial stack. */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d] len=%zu \"", i, strlen(argv[i]));
        for (const unsigned char *p = (const unsigned char *)argv[i]; *p; p++)
            printf(*p >= 32 && *p < 127 ? "%c" : "\\x%02x", *p);
        printf("\"\n");
    }
    printf("envp follows argv: %s\n", envp == argv + argc + 1 ? "yes" : "no");
    printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
    printf("AT_ENTRY nonzero: %s\n", getauxval(AT_ENTRY) ? "yes" : "no");
    printf("AT_PHDR nonzero: %s\n", getauxval(AT_PHDR) ? "yes" : "no");
    printf("AT_RANDOM nonzero: %s\n", getauxval(AT_RANDOM) ? "yes" : "no");
    return argc;
}
