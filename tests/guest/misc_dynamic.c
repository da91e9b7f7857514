// cflags: -dynamic -lm
/* A dynamically linked program: loupe loads the dynamic loader named by
 * PT_INTERP from the cross sysroot, which then maps libc and libm. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char *s = malloc(64);
	strcpy(s, "dynamic");
	printf("%s argc=%d sqrt(2)=%.12f\n", s, argc, sqrt(2.0 + argc - 1));
	free(s);
	return 7;
}
