// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The traced command: forked, stopped before exec so that the filter can
 * name its pid, resumed once capture runs.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static void __attribute__((noreturn)) sct_child__exec(char **command)
{
	/* the parent's stop handlers are not the command's business */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	raise(SIGSTOP);
	execvp(command[0], command);
	fprintf(stderr, "sctrace: cannot run %s: %s\n", command[0], strerror(errno));
	_exit(127);
}

pid_t sct_child__spawn(char **command, char *err, size_t errlen)
{
	int wstatus, e;
	pid_t pid, w;

	fflush(NULL);	/* nothing buffered gets written twice */
	pid = fork();
	if (pid < 0) {
		e = errno;
		snprintf(err, errlen, "cannot fork to run %s: %s", command[0], strerror(e));
		return -e;
	}
	if (pid == 0)
		sct_child__exec(command);
	do
		w = waitpid(pid, &wstatus, WUNTRACED);
	while (w < 0 && errno == EINTR);
	if (w < 0) {
		e = errno;
		snprintf(err, errlen, "cannot wait for the child running %s: %s",
			 command[0], strerror(e));
		sct_child__kill(pid);
		return -e;
	}
	if (!WIFSTOPPED(wstatus)) {
		snprintf(err, errlen, "the child for %s ended before it could be traced (wait status 0x%x)",
			 command[0], wstatus);
		return -ECHILD;
	}
	return pid;
}

int sct_child__resume(pid_t pid)
{
	return kill(pid, SIGCONT) < 0 ? -errno : 0;
}

void sct_child__kill(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int sct_child__exit_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return SCT_EXIT_ERROR;
}
