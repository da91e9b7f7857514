/* maxrss: run a command and report its peak resident set size.
 *
 *   maxrss [-o FILE] COMMAND [ARG...]
 *
 * Runs COMMAND (found on PATH) with its standard streams untouched, waits
 * for it with wait4 and writes ru_maxrss (KiB, as Linux reports it: the
 * largest resident set of the process; the command's own children are not
 * included) as one decimal line to FILE (appended), or to stderr without
 * -o.  Exits with the command's status (128 + signal if it was killed).
 * A native helper of bench/run.sh (built there; /usr/bin/time may not be
 * installed). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *out = NULL;
	int i = 1;
	if (i + 1 < argc && strcmp(argv[i], "-o") == 0) {
		out = argv[i + 1];
		i += 2;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: maxrss [-o FILE] COMMAND [ARG...]\n");
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("maxrss: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[i], argv + i);
		fprintf(stderr, "maxrss: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("maxrss: wait4");
			return 2;
		}
	}
	FILE *f = out ? fopen(out, "a") : stderr;
	if (!f) {
		fprintf(stderr, "maxrss: %s: %s\n", out, strerror(errno));
		return 2;
	}
	fprintf(f, "%ld\n", ru.ru_maxrss);
	if (out)
		fclose(f);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
