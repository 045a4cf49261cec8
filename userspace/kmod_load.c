// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* `modprobe sctrace` for AUTO (see sct_kmod__modprobe() in backend.h). */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"

extern char **environ;

/* Runs modprobe -q sctrace, output discarded: its exit status, or -errno. */
static int sct_kmod__run_modprobe(void)
{
	char *argv[] = { "modprobe", "-q", SCTRACE_DEVICE_NAME, NULL };
	posix_spawn_file_actions_t fa;
	int err, status;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa))
		return -ENOMEM;
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = posix_spawnp(&pid, "modprobe", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return -err;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool sct_kmod__supported(void)
{
	return !access("/proc/modules", F_OK);
}

int sct_kmod__modprobe(char *why, size_t whylen)
{
	struct utsname u;
	int ret;

	if (!sct_kmod__supported()) {
		snprintf(why, whylen, "kernel has no module support");
		return -ENOTSUP;
	}
	if (uname(&u))
		strcpy(u.release, "(unknown)");
	if (geteuid()) {
		snprintf(why, whylen, "module not loaded, and only root may load it");
		return -EPERM;
	}
	ret = sct_kmod__run_modprobe();
	if (ret == 0)
		return 0;
	if (ret < 0)
		snprintf(why, whylen, "module not loaded, cannot run modprobe: %s; apt-get install kmod",
			 strerror(-ret));
	else
		snprintf(why, whylen, "module not built for kernel %s: install sctrace-dkms, or make dkms",
			 u.release);
	return ret < 0 ? ret : -ENOENT;
}
