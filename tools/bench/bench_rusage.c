// SPDX-License-Identifier: MIT
/*
 * sysbench rusage: run a command and print the CPU time it used itself
 * (wait4's rusage, which also holds the children it reaped: give the
 * command no children, e.g. "sctrace -p PID" rather than "sctrace -- CMD").
 * Prints to stderr, after the command's own output:
 *
 *   sysbench-rusage: user_ns=U sys_ns=S status=N
 *
 * Usage: sysbench rusage -- COMMAND [ARGS...]
 * Exit status: the command's (128 + signal if killed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000u + (uint64_t)tv.tv_usec * 1000u;
}

int bench_rusage_main(int argc, char **argv)
{
	struct rusage ru;
	int status, a = 1;
	pid_t pid;

	if (a < argc && !strcmp(argv[a], "--"))
		a++;
	if (a >= argc) {
		fprintf(stderr, "usage: sysbench rusage -- COMMAND [ARGS...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "sysbench rusage: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execvp(argv[a], &argv[a]);
		fprintf(stderr, "sysbench rusage: cannot run %s: %s\n", argv[a], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "sysbench rusage: wait4: %s\n", strerror(errno));
			return 1;
		}
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(stderr, "sysbench-rusage: user_ns=%llu sys_ns=%llu status=%d\n",
		(unsigned long long)tv_ns(ru.ru_utime), (unsigned long long)tv_ns(ru.ru_stime),
		status);
	return status;
}
