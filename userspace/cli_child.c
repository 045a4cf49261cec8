// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The traced command: forked, stopped before exec so that the filter can
 * name its pid, resumed once capture runs.
 */
#define _GNU_SOURCE	/* strchrnul */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/*
 * The file execvp() would run for name (searched in $PATH when it has no
 * slash), found before anything is traced: the trace starts with the
 * command's own execve, not with ours failing through $PATH. 0, or
 * -errno with err set: ENOENT, or EACCES when only files that cannot be
 * run were found (as execvp).
 */
int sct_child__find(const char *name, char *path, size_t len, char *err, size_t errlen)
{
	const char *dirs = getenv("PATH"), *d, *end;
	struct stat st;
	int e = ENOENT;
	size_t n;

	if (!dirs)
		dirs = "/bin:/usr/bin";	/* glibc's execvp default */
	for (d = strchr(name, '/') ? "" : dirs; d; d = *end ? end + 1 : NULL) {
		end = strchrnul(d, ':');
		n = (size_t)(end - d);
		if (strchr(name, '/'))
			snprintf(path, len, "%s", name);
		else
			snprintf(path, len, "%.*s%s%s", (int)n, d, n ? "/" : "", name);
		if (stat(path, &st) < 0) {
			if (errno != ENOENT && errno != ENOTDIR)
				e = errno;
			continue;
		}
		if (S_ISREG(st.st_mode) && !access(path, X_OK))
			return 0;
		e = EACCES;
		if (strchr(name, '/'))
			break;
	}
	snprintf(err, errlen, "cannot run %s: %s%s", name, strerror(e),
		 strchr(name, '/') || e != ENOENT ? "" : " (not found in $PATH)");
	return -e;
}

static void __attribute__((noreturn)) sct_child__exec(const char *path, char **command,
							const struct sct_user *user)
{
	char err[256];

	/* the parent's stop handlers are not the command's business */
	sct_cli__default_signals();
	if (user && sct_user__become(user, err, sizeof(err)) < 0) {
		fprintf(stderr, "sctrace: %s\n", err);
		_exit(126);	/* found but cannot be run as asked */
	}
	raise(SIGSTOP);
	execv(path, command);
	fprintf(stderr, "sctrace: cannot run %s: %s\n", path, strerror(errno));
	_exit(127);
}

pid_t sct_child__spawn(const char *path, char **command, char *err, size_t errlen)
{
	return sct_child__spawn_as(path, command, NULL, err, errlen);
}

pid_t sct_child__spawn_as(const char *path, char **command, const struct sct_user *user,
			  char *err, size_t errlen)
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
		sct_child__exec(path, command, user);
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

int sct_child__kill(pid_t pid)
{
	int wstatus = SIGKILL;

	kill(pid, SIGKILL);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	return wstatus;
}

int sct_child__exit_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return SCT_EXIT_ERROR;
}
