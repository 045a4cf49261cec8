// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Processes whose end ends the trace, and -p pid lookup. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

pid_t sct_pid__tgid(pid_t pid, char *err, size_t errlen)
{
	char path[64], line[256];
	long tgid = -1;
	FILE *f;
	int e;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f) {
		e = errno == ENOENT ? ESRCH : errno;
		snprintf(err, errlen, "cannot attach to process %d: %s", (int)pid, strerror(e));
		return -e;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %ld", &tgid) == 1)
			break;
	fclose(f);
	if (tgid <= 0) {
		snprintf(err, errlen, "cannot attach to process %d: no Tgid line in %s",
			 (int)pid, path);
		return -EINVAL;
	}
	return (pid_t)tgid;
}

void sct_target__init(struct sct_target *t, pid_t tgid, bool is_child)
{
	*t = (struct sct_target){ .tgid = tgid, .is_child = is_child, .pidfd = -1 };
#ifdef SYS_pidfd_open
	t->pidfd = (int)syscall(SYS_pidfd_open, tgid, 0);
	if (t->pidfd < 0)
		t->pidfd = -1;	/* kernel before 5.3: fall back to polling */
#endif
}

/* A -p process is done once its pidfd is readable (it exited). */
static bool sct_target__exited(const struct sct_target *t)
{
	struct pollfd p = { .fd = t->pidfd, .events = POLLIN, .revents = 0 };

	if (t->pidfd < 0)
		return kill(t->tgid, 0) < 0 && errno == ESRCH;
	return poll(&p, 1, 0) > 0;
}

void sct_target__check(struct sct_target *t)
{
	if (t->done)
		return;
	if (t->is_child)
		t->done = waitpid(t->tgid, &t->wstatus, WNOHANG) == t->tgid;
	else
		t->done = sct_target__exited(t);
}

void sct_target__close(struct sct_target *t)
{
	if (t->pidfd >= 0)
		close(t->pidfd);
	t->pidfd = -1;
}
