/* exit(42) after flushing stdout through atexit handlers. */
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit handler ran\n"); }

int main(void)
{
    atexit(bye);
    printf("exiting with 42\n");
    exit(42);
}
