/* fork (clone without CLONE_VM) and vfork: the child runs the guest from
 * the same point with its own copy of memory; the parent waits for it. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int counter = 10;

int main(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		counter += 5;
		printf("child: counter=%d ppid-is-parent=%d\n", counter,
		       getppid() > 1);
		fflush(stdout);
		_exit(33);
	}
	int status = 0;
	if (waitpid(pid, &status, 0) != pid)
		return 2;
	printf("parent: child exited=%d code=%d counter=%d\n",
	       WIFEXITED(status), WEXITSTATUS(status), counter);
	pid = vfork();
	if (pid == 0)
		_exit(7);
	waitpid(pid, &status, 0);
	printf("vfork child code=%d\n", WEXITSTATUS(status));
	return 0;
}
