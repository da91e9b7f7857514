/* abort(): the guest kills itself with SIGABRT (status 128 + 6). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("before\n");
    fflush(stdout);
    abort();
}
