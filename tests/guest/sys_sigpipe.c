/* Writing to a pipe with no reader and SIGPIPE at its default action ends
 * the program by SIGPIPE (status 128 + 13). */
#include "sys_check.h"

int main(void)
{
    int p[2];
    pipe(p);
    close(p[0]);
    printf("writing\n");
    fflush(stdout);
    write(p[1], "x", 1);
    printf("not reached\n");
    return 0;
}
