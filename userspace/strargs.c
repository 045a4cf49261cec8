// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * String arguments by syscall, x86_64 argument order, following strace's
 * decoders (the arguments its src/ files print with printpath() or
 * printstr()).
 * Left out on purpose: strings with a length instead of a NUL
 * (sethostname, setdomainname, kexec_file_load's cmdline), string arrays
 * (execve's argv/envp), buffers the kernel writes (readlink's buf), and
 * arguments whose type depends on another one (mount's data, fsconfig's
 * value, prctl, keyctl).
 */
#include <string.h>

#include "strargs.h"
#include "syscalls.h"

#define A(n)	(1u << (n))

struct sct_strarg {
	const char *name;
	uint8_t mask;
};

static const struct sct_strarg sct_strargs[] = {
	/* open and create */
	{ "open", A(0) },		{ "openat", A(1) },
	{ "openat2", A(1) },		{ "creat", A(0) },
	{ "mknod", A(0) },		{ "mknodat", A(1) },
	{ "mkdir", A(0) },		{ "mkdirat", A(1) },
	{ "memfd_create", A(0) },	/* a name, not a path */
	/* exec */
	{ "execve", A(0) },		{ "execveat", A(1) },
	{ "uselib", A(0) },
	/* stat and access */
	{ "stat", A(0) },		{ "lstat", A(0) },
	{ "newfstatat", A(1) },		{ "statx", A(1) },
	{ "statfs", A(0) },
	{ "access", A(0) },		{ "faccessat", A(1) },
	{ "faccessat2", A(1) },
	{ "readlink", A(0) },		{ "readlinkat", A(1) },
	/* remove, rename, link */
	{ "unlink", A(0) },		{ "unlinkat", A(1) },
	{ "rmdir", A(0) },
	{ "rename", A(0) | A(1) },	{ "renameat", A(1) | A(3) },
	{ "renameat2", A(1) | A(3) },
	{ "link", A(0) | A(1) },	{ "linkat", A(1) | A(3) },
	{ "symlink", A(0) | A(1) },	{ "symlinkat", A(0) | A(2) },
	/* attributes */
	{ "chmod", A(0) },		{ "fchmodat", A(1) },
	{ "fchmodat2", A(1) },
	{ "chown", A(0) },		{ "lchown", A(0) },
	{ "fchownat", A(1) },
	{ "truncate", A(0) },
	{ "utime", A(0) },		{ "utimes", A(0) },
	{ "utimensat", A(1) },		{ "futimesat", A(1) },
	/* extended attributes: path and attribute name */
	{ "setxattr", A(0) | A(1) },	{ "lsetxattr", A(0) | A(1) },
	{ "fsetxattr", A(1) },
	{ "getxattr", A(0) | A(1) },	{ "lgetxattr", A(0) | A(1) },
	{ "fgetxattr", A(1) },
	{ "listxattr", A(0) },		{ "llistxattr", A(0) },
	{ "removexattr", A(0) | A(1) },	{ "lremovexattr", A(0) | A(1) },
	{ "fremovexattr", A(1) },
	{ "setxattrat", A(1) | A(3) },	{ "getxattrat", A(1) | A(3) },
	{ "listxattrat", A(1) },	{ "removexattrat", A(1) | A(3) },
	/* working directory and root */
	{ "chdir", A(0) },		{ "chroot", A(0) },
	{ "pivot_root", A(0) | A(1) },
	/* mounts: source, target, fstype; fd-based mount API paths */
	{ "mount", A(0) | A(1) | A(2) },	{ "umount2", A(0) },
	{ "open_tree", A(1) },		{ "move_mount", A(1) | A(3) },
	{ "fsopen", A(0) },		{ "fspick", A(1) },
	{ "mount_setattr", A(1) },
	/* swap, accounting, quota */
	{ "swapon", A(0) },		{ "swapoff", A(0) },
	{ "acct", A(0) },		{ "quotactl", A(1) },
	/* watches and handles */
	{ "inotify_add_watch", A(1) },	{ "fanotify_mark", A(4) },
	{ "name_to_handle_at", A(1) },
	/* names: modules, message queues, keys */
	{ "init_module", A(2) },	{ "finit_module", A(1) },
	{ "delete_module", A(0) },
	{ "mq_open", A(0) },		{ "mq_unlink", A(0) },
	{ "add_key", A(0) | A(1) },	{ "request_key", A(0) | A(1) | A(2) },
};

uint8_t sct_strargs__mask(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(sct_strargs) / sizeof(sct_strargs[0]); i++)
		if (!strcmp(sct_strargs[i].name, name))
			return sct_strargs[i].mask;
	return 0;
}

unsigned int sct_strargs__fill(struct sctrace_filter *f)
{
	unsigned int n = 0;
	size_t i;
	int nr;

	for (i = 0; i < sizeof(sct_strargs) / sizeof(sct_strargs[0]); i++) {
		nr = sct_syscall__lookup(sct_strargs[i].name);
		if (nr < 0)
			continue;
		f->strargs[nr] = sct_strargs[i].mask;
		n++;
	}
	return n;
}
