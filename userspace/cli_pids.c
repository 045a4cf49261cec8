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

#define SCT_PF_KTHREAD	0x00200000	/* include/linux/sched.h */

/*
 * A kernel thread makes no system calls: nothing of it can be traced
 * (strace: "attach: ptrace(PTRACE_SEIZE, 2): Operation not permitted").
 * The flags are the 9th field of /proc/PID/stat, after "(comm)".
 */
static bool sct_pid__kthread(pid_t pid, char *comm, size_t commlen)
{
	char path[64], line[512], *open, *close;
	unsigned long flags = 0;
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	open = ok ? strchr(line, '(') : NULL;
	close = ok ? strrchr(line, ')') : NULL;
	if (!open || !close || sscanf(close + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return false;
	snprintf(comm, commlen, "%.*s", (int)(close - open - 1), open + 1);
	return flags & SCT_PF_KTHREAD;
}

pid_t sct_pid__tgid(pid_t pid, char *err, size_t errlen)
{
	char comm[64];

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
	if (sct_pid__kthread(pid, comm, sizeof(comm))) {
		snprintf(err, errlen, "cannot attach to process %d: it is a kernel thread (%s), which makes no system calls",
			 (int)pid, comm);
		return -EPERM;
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
