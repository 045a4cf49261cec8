/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * -y, -P: what each traced process's file descriptors name, as far as the
 * record stream tells (fdtrack.c feeds it from the calls; the CLI seeds
 * it from /proc at attach). One table per process (threads share it; a
 * fork copies it), a path per fd and its close-on-exec bit (and for a
 * socket, with -yy, its endpoints), and the process's working directory. Nothing here looks at the live system
 * except through the canon hook the caller may set.
 */
#ifndef SCT_FDTAB_H
#define SCT_FDTAB_H

#include <stdbool.h>
#include <stdint.h>

#define SCT_FDTAB_MAX_FD	(1 << 20)	/* larger fds are not tracked */

struct sct_fdtab;

struct sct_fdtab *sct_fdtab__new(void);
void sct_fdtab__free(struct sct_fdtab *t);
/*
 * canon: an absolute path made canonical (symlinks followed: realpath),
 * malloc'ed, or NULL to keep the lexical one. NULL (the default): paths
 * are only joined and cleaned lexically.
 */
void sct_fdtab__set_canon(struct sct_fdtab *t, char *(*canon)(const char *path));

/* What fd of process tgid names, or NULL when unknown. */
const char *sct_fdtab__get(const struct sct_fdtab *t, uint32_t tgid, int fd);
/* fd of tgid now names path (copied); 0 or -ENOMEM (the fd is then unknown). */
int sct_fdtab__set(struct sct_fdtab *t, uint32_t tgid, int fd, const char *path, bool cloexec);
void sct_fdtab__close(struct sct_fdtab *t, uint32_t tgid, int fd);
struct sct_sock;
/* -yy: the endpoints of socket fd of tgid (print/sock.h), or NULL when not known. */
const struct sct_sock *sct_fdtab__sock(const struct sct_fdtab *t, uint32_t tgid, int fd);
/*
 * fd of tgid (open, its path set) is the socket sock (copied; NULL: not
 * known as one); set() forgets it. 0, or -ENOMEM.
 */
int sct_fdtab__set_sock(struct sct_fdtab *t, uint32_t tgid, int fd, const struct sct_sock *sock);
void sct_fdtab__set_cloexec(struct sct_fdtab *t, uint32_t tgid, int fd, bool cloexec);
/* fds first..last closed, or (cloexec_only) marked close-on-exec */
void sct_fdtab__close_range(struct sct_fdtab *t, uint32_t tgid, int64_t first, int64_t last,
			    bool cloexec_only);
/* newfd becomes a copy of oldfd (unknown if oldfd is). */
int sct_fdtab__dup(struct sct_fdtab *t, uint32_t tgid, int oldfd, int newfd, bool cloexec);
/* A new process: a copy of its parent's fds and directory. */
int sct_fdtab__fork(struct sct_fdtab *t, uint32_t parent, uint32_t child);
/* A successful execve: the close-on-exec fds are closed. */
void sct_fdtab__exec(struct sct_fdtab *t, uint32_t tgid);
/* The process ended: forgotten. */
void sct_fdtab__exit(struct sct_fdtab *t, uint32_t tgid);

/* The working directory of tgid, or NULL when unknown. */
const char *sct_fdtab__cwd(const struct sct_fdtab *t, uint32_t tgid);
/* path: absolute, or NULL (unknown from now on). 0 or -ENOMEM. */
int sct_fdtab__chdir(struct sct_fdtab *t, uint32_t tgid, const char *path);
/*
 * path as the kernel resolves it for tgid: as it is if absolute, else
 * against fd dirfd's path (AT_FDCWD: the working directory); "." and
 * ".." and repeated '/' removed, then canon if set. malloc'ed, or NULL
 * when the base is unknown (or out of memory).
 */
char *sct_fdtab__resolve(const struct sct_fdtab *t, uint32_t tgid, int dirfd, const char *path);
/* "/a/./b/../c//" -> "/a/c" in place (absolute paths only). */
void sct_fdtab__clean(char *path);

#endif /* SCT_FDTAB_H */
