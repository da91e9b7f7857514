/* Hello world through glibc stdio, plus argc and argv (basename of argv[0]
 * only, since the path differs between machines; envp is not printed because
 * the environment differs too). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("Hello, world!\n");
    const char *base = strrchr(argv[0], '/');
    printf("argc=%d argv0=%s\n", argc, base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=\"%s\"\n", i, argv[i]);
    printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    return 0;
}
