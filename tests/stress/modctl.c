// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own answer to loading or unloading a module, without
 * kmod's rmmod, which refuses by itself when the module's refcount is
 * not zero and so never asks the kernel.
 *   modctl load KO      finit_module(KO)
 *   modctl unload NAME  delete_module(NAME, O_NONBLOCK)
 * Exit 0 on success; else prints the errno's name (EWOULDBLOCK for a
 * module in use) on stdout and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EWOULDBLOCK: return "EWOULDBLOCK";
	case EBUSY: return "EBUSY";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EPERM: return "EPERM";
	default: return strerror(e);
	}
}

int main(int argc, char **argv)
{
	long ret;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: modctl load KO | modctl unload NAME\n");
		return 2;
	}
	if (!strcmp(argv[1], "load")) {
		fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			printf("%s\n", errname(errno));
			return 1;
		}
		ret = syscall(SYS_finit_module, fd, "", 0);
	} else if (!strcmp(argv[1], "unload")) {
		ret = syscall(SYS_delete_module, argv[2], O_NONBLOCK);
	} else {
		fprintf(stderr, "modctl: load or unload, not %s\n", argv[1]);
		return 2;
	}
	if (ret) {
		printf("%s\n", errname(errno));
		return 1;
	}
	return 0;
}
