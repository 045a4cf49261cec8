// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_dev: the module under the device: its ring_size parameter, rmmod
 * while the device may be open or mapped, insmod again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz_dev.h"

int write_str(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, v, strlen(v)) == (ssize_t)strlen(v) ? 0 : -1;
	close(fd);
	return ret;
}

/* ring_size, read at the next open: small valid sizes, and refused ones */
void op_ring_param(struct scratch *x)
{
	static const char *const v[] = {
		"65536", "65536", "131072", "262144", "1048576", "0", "3", "65535",
		"2147483648", "abc", "-65536", "0x10000", "",
	};

	note(OP_RING_PARAM, write_str(RING_PARAM, v[rnd_below(&x->s, sizeof(v) / sizeof(v[0]))]));
}

static int mod_unload(void)
{
	return syscall(SYS_delete_module, "sctrace", O_NONBLOCK);
}

int mod_load(const char *params)
{
	int fd = open(ko_path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -1;
	ret = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	return ret;
}

/*
 * rmmod while the device may be open or mapped (EBUSY then, or EAGAIN
 * while a waiter holds a reference); when it unloads, at once insmod
 * again, with small rings.
 */
void op_rmmod(struct scratch *x)
{
	int ret;

	(void)x;
	if (!ko_path)
		return;
	ret = mod_unload();
	note(OP_RMMOD, ret);
	if (ret)
		return;
	atomic_fetch_add(&reloads, 1);
	if (mod_load("ring_size=65536")) {
		printf("# insmod %s after a successful rmmod: %s\n", ko_path, strerror(errno));
		atomic_fetch_add(&reload_fail, 1);
	}
}

/* rmmod, waiting for what still holds the module (a queued waiter) */
int unload_wait(void)
{
	long long end = stress_now_ms() + 15000;
	int ret;

	while ((ret = mod_unload()) && (errno == EBUSY || errno == EAGAIN) && stress_now_ms() < end)
		usleep(100000);
	return ret ? -errno : 0;
}
