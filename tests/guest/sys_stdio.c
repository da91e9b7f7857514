/* What a glibc program does through stdio and friends: printf to stdout
 * and stderr, fopen/fwrite/fread/fseek/ftell/fgets, line buffering, a
 * large write, getline on an empty stdin, opendir/readdir, remove, tmpfile,
 * strerror, perror. */
#include "sys_check.h"

#include <dirent.h>
#include <stdlib.h>

int main(void)
{
    printf("hello from stdio %d %s %.3f\n", 42, "str", 2.5);
    fprintf(stderr, "to stderr\n");

    FILE *f = fopen("t.txt", "w+");
    YES("fopen", f != NULL);
    for (int i = 0; i < 1000; i++)
        fprintf(f, "line %d\n", i);
    YES("ftell", ftell(f) > 0);
    rewind(f);
    char line[64];
    fgets(line, sizeof line, f);
    printf("first: %s", line);
    fseek(f, -9, SEEK_END);
    fgets(line, sizeof line, f);
    printf("last: %s", line);
    long size = ftell(f);
    printf("size: %ld\n", size);
    fclose(f);

    f = fopen("t.txt", "r");
    char *big = malloc(size + 1);
    size_t got = fread(big, 1, size + 100, f);
    printf("fread: %zu\n", got);
    YES("feof", feof(f));
    fclose(f);

    f = fopen("t.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    f = fopen("t.txt", "r");
    fseek(f, -9, SEEK_END);
    fgets(line, sizeof line, f);
    printf("after append: %s", line);
    fclose(f);

    YES("fopen missing", fopen("missing/file", "r") == NULL && errno == ENOENT);
    printf("strerror: %s\n", strerror(ENOENT));
    errno = EACCES;
    perror("perror");

    char *buf = NULL;
    size_t cap = 0;
    YES("getline on /dev/null is EOF", getline(&buf, &cap, stdin) == -1 && feof(stdin));
    free(buf);

    /* one big write through stdout */
    char *blk = malloc(100000);
    memset(blk, 'x', 99999);
    blk[99999] = 0;
    fwrite(blk, 1, 99999, stdout);
    putchar('\n');
    free(blk);
    free(big);

    mkdir("dd", 0755);
    fclose(fopen("dd/one", "w"));
    fclose(fopen("dd/two", "w"));
    DIR *d = opendir("dd");
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n++;
    closedir(d);
    printf("entries: %d\n", n);
    VAL("remove", remove("dd/one"));
    VAL("remove dir not empty", remove("dd"));

    FILE *t = tmpfile();
    YES("tmpfile", t != NULL);
    fputs("tmp", t);
    rewind(t);
    YES("tmpfile read back", fgets(line, sizeof line, t) && !strcmp(line, "tmp"));
    fclose(t);

    char *env = getenv("LOUPE_TEST_UNSET_VARIABLE");
    YES("unset variable", env == NULL);
    fflush(stdout);
    fprintf(stderr, "stderr end\n");
    printf("exit 3\n");
    exit(3);
}
