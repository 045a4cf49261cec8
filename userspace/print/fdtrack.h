/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * What calls do to the fd tables of -y and -P (fdtab.h), from their
 * records: open/openat/openat2/creat name an fd by its resolved path,
 * dup/dup2/dup3/fcntl(F_DUPFD*) copy, close/close_range remove, pipe,
 * socket, eventfd... give the names /proc would show (pipe:[?] and
 * socket:[?] where only the inode, which the records lack, is missing),
 * socket, socketpair, accept, accept4, bind, connect, getsockname and
 * getpeername what -yy shows of a socket (print/sock.h),
 * chdir/fchdir move the working directory, execve closes O_CLOEXEC fds.
 */
#ifndef SCT_PR_FDTRACK_H
#define SCT_PR_FDTRACK_H

#include <stdbool.h>
#include <stddef.h>

#include "print/call.h"
#include "print/fdtab.h"

/*
 * c's call returned ret (out: its exit items, or NULL) in process tgid:
 * t is updated. True when ret is an fd strace prints with its path.
 */
bool sct_fdtrack__call(struct sct_fdtab *t, uint32_t tgid, const struct sct_call *c,
		       const struct sct_items *out, int64_t ret);
/*
 * -P: c's call names one of paths[0..n): a path argument equal to one (as
 * given, or resolved against the tracked directory), or an fd argument
 * whose tracked path is one.
 */
bool sct_fdtrack__touches(const struct sct_fdtab *t, uint32_t tgid, const struct sct_call *c,
			  const struct sct_items *out, char *const *paths, size_t n);

/* The name of the i-th syscall that changes fds (NULL after the last): the kernel must record them all. */
const char *sct_fdtrack__name(size_t i);

#endif /* SCT_PR_FDTRACK_H */
