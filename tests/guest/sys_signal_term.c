/* A signal the guest sends itself with the default action ends it: the
 * output written so far is there and the status is 128 + SIGTERM. */
#include "sys_check.h"

#include <signal.h>

int main(void)
{
    printf("before\n");
    fflush(stdout);
    kill(getpid(), SIGTERM);
    printf("not reached\n");
    return 0;
}
