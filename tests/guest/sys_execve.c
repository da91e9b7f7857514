// cflags: -pthread
/* execve.  The program re-executes itself in "child" mode, which prints
 * what the new image sees; the parent forks for each case and prints the
 * child's status.  Cases: argv (argv[0] chosen by the caller) and envp
 * pass through; /proc/self/exe names the program; O_CLOEXEC descriptors
 * close and others stay; a #! script whose interpreter is this riscv64
 * program; a #! script for the host's /bin/sh; exec from a process with a
 * second thread; ENOENT, EACCES, EFAULT.
 *
 * No .out from qemu-riscv64: without binfmt_misc its execve hands the
 * riscv64 program to the host kernel (ENOEXEC), so qemu cannot run this
 * test (NAME.noqemu); the expected output is what Linux on RISC-V
 * prints. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char self[4096];

/* Paths differ between machines and runs: print their last part. */
static const char *base(const char *s)
{
	const char *slash = strrchr(s, '/');
	return slash ? slash + 1 : s;
}

static int child(int argc, char **argv)
{
	printf("  child argc=%d argv0=%s", argc, base(argv[0]));
	for (int i = 2; i < argc; i++)
		printf(" [%s]", base(argv[i]));
	const char *v = getenv("EXEC_TEST");
	printf(" env=%s", v ? v : "(none)");
	int fd_keep = 5, fd_close = 6;
	printf(" fd5=%s fd6=%s\n",
	       fcntl(fd_keep, F_GETFD) >= 0 ? "open" : "closed",
	       fcntl(fd_close, F_GETFD) >= 0 ? "open" : "closed");
	return 5;
}

static void run(const char *what, const char *file, char **argv, char **envp)
{
	printf("%s:\n", what);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execve(file, argv, envp);
		printf("  execve failed: %s\n", strerror(errno));
		fflush(stdout);
		_exit(1);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("  status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void write_script(const char *path, const char *text, int mode)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return child(argc, argv);
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = 0;
	if (argc > 1 && !strcmp(argv[1], "threaded")) {
		pthread_t t;
		pthread_create(&t, NULL, sleeper, NULL);
		char *av[] = {"from-thread-process", "child", NULL};
		execv(self, av);
		return 1;
	}

	/* fd 5 stays across exec, fd 6 has O_CLOEXEC */
	dup2(open("/dev/null", O_RDONLY), 5);
	int c = open("/dev/null", O_RDONLY | O_CLOEXEC);
	dup3(c, 6, O_CLOEXEC);

	char *env[] = {"EXEC_TEST=yes", NULL};
	char *av1[] = {"my-name", "child", "a b", "", "c", NULL};
	run("argv and envp", self, av1, env);
	char *av2[] = {"via-proc", "child", NULL};
	run("/proc/self/exe", "/proc/self/exe", av2, NULL);

	char dir[] = "/tmp/loupe-execve-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char script[4200], text[4400];
	snprintf(script, sizeof(script), "%s/riscv-script", dir);
	snprintf(text, sizeof(text), "#!%s child \nignored\n", self);
	write_script(script, text, 0755);
	char *av3[] = {"ignored-argv0", "x", NULL};
	run("#! with a riscv64 interpreter", script, av3, env);

	snprintf(script, sizeof(script), "%s/sh-script", dir);
	write_script(script, "#!/bin/sh\necho \"  sh got $1\"\nexit 7\n", 0755);
	char *av4[] = {"sh-script", "hello", NULL};
	run("#! /bin/sh", script, av4, env);

	char *av5[] = {"threaded", "threaded", NULL};
	run("exec with two threads", self, av5, env);

	snprintf(script, sizeof(script), "%s/not-executable", dir);
	write_script(script, "#!/bin/sh\n", 0644);
	run("not executable", script, av4, env);
	unlink(script);
	run("missing", "/nonexistent/program", av4, env);
	run("bad argv", self, (char **)16, env);

	snprintf(script, sizeof(script), "%s/riscv-script", dir);
	unlink(script);
	snprintf(script, sizeof(script), "%s/sh-script", dir);
	unlink(script);
	rmdir(dir);
	return 0;
}
