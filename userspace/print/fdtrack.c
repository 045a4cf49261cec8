// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The calls that change what fds name (fdtrack.h), each by what it does:
 * a table by syscall name, an action and where its arguments are.
 */
#define _GNU_SOURCE	/* F_DUPFD_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>	/* FIOCLEX */
#include <stdlib.h>
#include <string.h>

#include "print/fdtrack.h"
#include "print/sock.h"

enum sct_fdact {
	SCT_FD_OPEN,		/* ret names arg .path against arg .dir (or AT_FDCWD) */
	SCT_FD_NEW,		/* ret names .name */
	SCT_FD_PAIR,		/* the int[2] at arg .path name .name */
	SCT_FD_MEMFD,		/* ret names "/memfd:NAME (deleted)" */
	SCT_FD_SIGNALFD,	/* a new fd (.name) when arg 0 is -1 */
	SCT_FD_DUP,		/* ret is a copy of arg 0 */
	SCT_FD_DUP2,		/* arg 1 (ret) is a copy of arg 0 */
	SCT_FD_FCNTL,		/* F_DUPFD*: ret a copy; F_SETFD: FD_CLOEXEC */
	SCT_FD_IOCTL,		/* FIOCLEX, FIONCLEX: close-on-exec */
	SCT_FD_CLOSE,
	SCT_FD_CLOSE_RANGE,
	SCT_FD_CHDIR,
	SCT_FD_FCHDIR,
	SCT_FD_EXEC,
	SCT_FD_SOCKET,		/* ret names .name; -yy: a socket of arguments 0, 1, 2 */
	SCT_FD_ACCEPT,		/* ret names .name; -yy: arg 0's local end, the peer at arg .path */
	SCT_FD_LOCAL,		/* -yy: arg 0's local end is the sockaddr at arg .path */
	SCT_FD_PEER,		/* -yy: arg 0's peer is the sockaddr at arg .path */
};

#define SCT_NOARG	-1

static const struct sct_fdcall {
	const char *name;
	enum sct_fdact act;
	int dir, path;		/* OPEN: argument indexes (dir SCT_NOARG: AT_FDCWD); sockets: the sockaddr */
	int flags;		/* argument with the close-on-exec bit, or SCT_NOARG */
	unsigned int cloexec;	/* that bit (O_CLOEXEC, or the call's own) */
	const char *name_;	/* NEW, PAIR, SIGNALFD: what /proc names it */
} sct_fdcalls[] = {
	{ "open", SCT_FD_OPEN, SCT_NOARG, 0, 1, O_CLOEXEC, NULL },
	{ "openat", SCT_FD_OPEN, 0, 1, 2, O_CLOEXEC, NULL },
	{ "openat2", SCT_FD_OPEN, 0, 1, SCT_NOARG, 0, NULL },	/* flags in open_how */
	{ "creat", SCT_FD_OPEN, SCT_NOARG, 0, SCT_NOARG, 0, NULL },
	{ "dup", SCT_FD_DUP, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
	{ "dup2", SCT_FD_DUP2, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
	{ "dup3", SCT_FD_DUP2, SCT_NOARG, SCT_NOARG, 2, O_CLOEXEC, NULL },
	{ "fcntl", SCT_FD_FCNTL, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
	{ "ioctl", SCT_FD_IOCTL, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
	{ "close", SCT_FD_CLOSE, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
	{ "close_range", SCT_FD_CLOSE_RANGE, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
	{ "pipe", SCT_FD_PAIR, SCT_NOARG, 0, SCT_NOARG, 0, "pipe:[?]" },
	{ "pipe2", SCT_FD_PAIR, SCT_NOARG, 0, 1, O_CLOEXEC, "pipe:[?]" },
	{ "socketpair", SCT_FD_PAIR, SCT_NOARG, 3, 1, O_CLOEXEC, "socket:[?]" },
	{ "socket", SCT_FD_SOCKET, SCT_NOARG, SCT_NOARG, 1, O_CLOEXEC, "socket:[?]" },
	{ "accept", SCT_FD_ACCEPT, SCT_NOARG, 1, SCT_NOARG, 0, "socket:[?]" },
	{ "accept4", SCT_FD_ACCEPT, SCT_NOARG, 1, 3, O_CLOEXEC, "socket:[?]" },
	{ "bind", SCT_FD_LOCAL, SCT_NOARG, 1, SCT_NOARG, 0, NULL },
	{ "getsockname", SCT_FD_LOCAL, SCT_NOARG, 1, SCT_NOARG, 0, NULL },
	{ "connect", SCT_FD_PEER, SCT_NOARG, 1, SCT_NOARG, 0, NULL },
	{ "getpeername", SCT_FD_PEER, SCT_NOARG, 1, SCT_NOARG, 0, NULL },
	{ "eventfd", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, "anon_inode:[eventfd]" },
	{ "eventfd2", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, 1, O_CLOEXEC, "anon_inode:[eventfd]" },
	{ "epoll_create", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, "anon_inode:[eventpoll]" },
	{ "epoll_create1", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, 0, O_CLOEXEC, "anon_inode:[eventpoll]" },
	{ "timerfd_create", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, 1, O_CLOEXEC, "anon_inode:[timerfd]" },
	{ "inotify_init", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, "anon_inode:inotify" },
	{ "inotify_init1", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, 0, O_CLOEXEC, "anon_inode:inotify" },
	{ "pidfd_open", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, "anon_inode:[pidfd]" },
	{ "userfaultfd", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, 0, O_CLOEXEC, "anon_inode:[userfaultfd]" },
	{ "perf_event_open", SCT_FD_NEW, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, "anon_inode:[perf_event]" },
	{ "memfd_create", SCT_FD_MEMFD, SCT_NOARG, 0, 1, 1 /* MFD_CLOEXEC */, NULL },
	{ "signalfd", SCT_FD_SIGNALFD, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, "anon_inode:[signalfd]" },
	{ "signalfd4", SCT_FD_SIGNALFD, SCT_NOARG, SCT_NOARG, 3, O_CLOEXEC, "anon_inode:[signalfd]" },
	{ "chdir", SCT_FD_CHDIR, SCT_NOARG, 0, SCT_NOARG, 0, NULL },
	{ "fchdir", SCT_FD_FCHDIR, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
	{ "execve", SCT_FD_EXEC, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
	{ "execveat", SCT_FD_EXEC, SCT_NOARG, SCT_NOARG, SCT_NOARG, 0, NULL },
};

const char *sct_fdtrack__name(size_t i)
{
	return i < sizeof(sct_fdcalls) / sizeof(sct_fdcalls[0]) ? sct_fdcalls[i].name : NULL;
}

static const struct sct_fdcall *sct_fdtrack__find(const struct sct_call *c)
{
	size_t i;

	for (i = 0; c->d && i < sizeof(sct_fdcalls) / sizeof(sct_fdcalls[0]); i++)
		if (!strcmp(c->d->name, sct_fdcalls[i].name))
			return &sct_fdcalls[i];
	return NULL;
}

/* The whole string argument i as copied (entry, or read again at exit), malloc'ed, or NULL. */
static char *sct_fdtrack__str(const struct sct_call *c, const struct sct_items *out, unsigned int i)
{
	const struct sctrace_item *it = c->in.arg[i];
	const uint8_t *d;
	size_t len;

	if ((!it || (it->flags & SCTRACE_ITEM_FAULT)) && out && out->retry[i])
		it = out->retry[i];
	if (!it || sct_item__kind(it) != SCTRACE_CAP_STR ||
	    (it->flags & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_TRUNC | SCTRACE_ITEM_NULL)))
		return NULL;
	d = sct_item__data(it);
	len = it->len;
	if (len && !d[len - 1])
		len--;
	return strndup((const char *)d, len);
}

/* fds of an int[2] the call wrote (argument i), or -1 */
static int sct_fdtrack__pair(const struct sct_items *out, unsigned int i, int fds[2])
{
	const struct sctrace_item *it = out ? out->arg[i] : NULL;

	if (!it || sct_item__kind(it) != SCTRACE_CAP_BUF || it->len < 8 ||
	    (it->flags & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL)))
		return -1;
	memcpy(fds, sct_item__data(it), 2 * sizeof(int));
	return 0;
}

static bool sct_fdtrack__cloexec(const struct sct_fdcall *f, const struct sct_call *c)
{
	const struct sctrace_item *it;
	uint64_t how = 0;

	if (!strcmp(f->name, "openat2")) {	/* struct open_how: flags first */
		it = c->in.arg[2];
		if (it && sct_item__kind(it) == SCTRACE_CAP_BUF && it->len >= 8)
			memcpy(&how, sct_item__data(it), sizeof(how));
		return how & O_CLOEXEC;
	}
	return f->flags != SCT_NOARG && (c->e->args[f->flags] & f->cloexec);
}

/* ret names path of open f's call */
static void sct_fdtrack__open(struct sct_fdtab *t, uint32_t tgid, const struct sct_fdcall *f,
			      const struct sct_call *c, const struct sct_items *out, int fd)
{
	char *path = sct_fdtrack__str(c, out, (unsigned int)f->path), *full = NULL;
	int dir = f->dir == SCT_NOARG ? AT_FDCWD : (int)c->e->args[f->dir];

	if (path)
		full = sct_fdtab__resolve(t, tgid, dir, path);
	sct_fdtab__set(t, tgid, fd, full, sct_fdtrack__cloexec(f, c));
	free(path);
	free(full);
}

static bool sct_fdtrack__fcntl(struct sct_fdtab *t, uint32_t tgid, const struct sct_call *c, int ret)
{
	int fd = (int)c->e->args[0];

	switch ((int)c->e->args[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		sct_fdtab__dup(t, tgid, fd, ret, (int)c->e->args[1] == F_DUPFD_CLOEXEC);
		return true;
	case F_SETFD:
		sct_fdtab__set_cloexec(t, tgid, fd, c->e->args[2] & FD_CLOEXEC);
		break;
	}
	return false;
}

/* memfd_create("xx") names "/memfd:xx (deleted)" */
static void sct_fdtrack__memfd(struct sct_fdtab *t, uint32_t tgid, const struct sct_fdcall *f,
			       const struct sct_call *c, const struct sct_items *out, int fd)
{
	char *name = sct_fdtrack__str(c, out, 0), *path = NULL;

	if (name && asprintf(&path, "/memfd:%s (deleted)", name) < 0)
		path = NULL;
	sct_fdtab__set(t, tgid, fd, path, sct_fdtrack__cloexec(f, c));
	free(name);
	free(path);
}

static void sct_fdtrack__chdir(struct sct_fdtab *t, uint32_t tgid, const struct sct_call *c,
			       const struct sct_items *out)
{
	char *path = sct_fdtrack__str(c, out, 0), *full = NULL;

	if (path)
		full = sct_fdtab__resolve(t, tgid, AT_FDCWD, path);
	sct_fdtab__chdir(t, tgid, full);
	free(path);
	free(full);
}

/* The sockaddr bytes of argument i: in the entry record (it), else the exit's; NULL if not whole */
static const struct sctrace_item *sct_fdtrack__sockaddr(const struct sct_call *c,
							 const struct sct_items *out, int i)
{
	const struct sctrace_item *it = c->in.arg[i] ? c->in.arg[i] : out ? out->arg[i] : NULL;

	if (!it || sct_item__kind(it) != SCTRACE_CAP_BUF ||
	    (it->flags & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL | SCTRACE_ITEM_TRUNC)))
		return NULL;
	return it;
}

/* A new socket fd of socket(): -yy's endpoints start unknown */
static void sct_fdtrack__socket(struct sct_fdtab *t, uint32_t tgid, const struct sct_call *c, int fd)
{
	const __u64 *a = c->e->args;
	struct sct_sock s;

	if (sct_sock__init(&s, a[0], a[1], a[2]))
		sct_fdtab__set_sock(t, tgid, fd, &s);
}

/* socketpair's two fds: connected to each other (inodes unknown) */
static void sct_fdtrack__socketpair(struct sct_fdtab *t, uint32_t tgid, const struct sct_call *c,
				    const int fds[2])
{
	const __u64 *a = c->e->args;
	struct sct_sock s;

	if (!sct_sock__init(&s, a[0], a[1], a[2]))
		return;
	s.connected = true;
	sct_fdtab__set_sock(t, tgid, fds[0], &s);
	sct_fdtab__set_sock(t, tgid, fds[1], &s);
}

/*
 * -yy: what bind, getsockname (the local end), connect, getpeername (the
 * peer) tell of socket arg 0; accept's new socket fd: its listener's
 * kind and local end (its address unknown when the listener took the
 * wildcard one: the one the peer reached), the peer the call wrote
 * (AF_UNIX: the listener's path, the peer unnamed).
 */
static void sct_fdtrack__sockend(struct sct_fdtab *t, uint32_t tgid, const struct sct_fdcall *f,
				 const struct sct_call *c, const struct sct_items *out, int fd)
{
	const struct sct_sock *old = sct_fdtab__sock(t, tgid, (int)c->e->args[0]);
	const struct sctrace_item *it = sct_fdtrack__sockaddr(c, out, f->path);
	struct sct_sock s;

	if (!old)
		return;
	s = *old;
	if (f->act == SCT_FD_ACCEPT) {
		s.inode = 0;
		s.peer_inode = 0;
		memset(&s.peer, 0, sizeof(s.peer));
		if (sct_sock__is_any(&s, &s.local))
			s.local.addr_known = false;
	}
	s.connected |= f->act != SCT_FD_LOCAL;
	if (it)
		sct_sock__set_end(&s, f->act == SCT_FD_LOCAL, sct_item__data(it), it->len);
	sct_fdtab__set_sock(t, tgid, fd, &s);
}

bool sct_fdtrack__call(struct sct_fdtab *t, uint32_t tgid, const struct sct_call *c,
		       const struct sct_items *out, int64_t ret)
{
	const struct sct_fdcall *f = sct_fdtrack__find(c);
	const __u64 *a = c->e->args;
	int fds[2];

	/* a nonblocking connect in progress has its peer */
	if (t && f && f->act == SCT_FD_PEER && !strcmp(f->name, "connect") && ret == -EINPROGRESS)
		ret = 0;
	if (!t || !f || ret < 0 || ret > INT32_MAX)
		return false;
	switch (f->act) {
	case SCT_FD_SOCKET:
		sct_fdtab__set(t, tgid, (int)ret, f->name_, sct_fdtrack__cloexec(f, c));
		sct_fdtrack__socket(t, tgid, c, (int)ret);
		return true;
	case SCT_FD_ACCEPT:
		sct_fdtab__set(t, tgid, (int)ret, f->name_, sct_fdtrack__cloexec(f, c));
		sct_fdtrack__sockend(t, tgid, f, c, out, (int)ret);
		return true;
	case SCT_FD_LOCAL:
	case SCT_FD_PEER:
		sct_fdtrack__sockend(t, tgid, f, c, out, (int)c->e->args[0]);
		break;
	case SCT_FD_OPEN:
		sct_fdtrack__open(t, tgid, f, c, out, (int)ret);
		return true;
	case SCT_FD_NEW:
		sct_fdtab__set(t, tgid, (int)ret, f->name_, sct_fdtrack__cloexec(f, c));
		return true;
	case SCT_FD_SIGNALFD:
		if ((int)a[0] == -1)
			sct_fdtab__set(t, tgid, (int)ret, f->name_, sct_fdtrack__cloexec(f, c));
		return true;
	case SCT_FD_PAIR:
		if (!sct_fdtrack__pair(out, (unsigned int)f->path, fds)) {
			sct_fdtab__set(t, tgid, fds[0], f->name_, sct_fdtrack__cloexec(f, c));
			sct_fdtab__set(t, tgid, fds[1], f->name_, sct_fdtrack__cloexec(f, c));
			if (!strcmp(f->name, "socketpair"))
				sct_fdtrack__socketpair(t, tgid, c, fds);
		}
		return false;
	case SCT_FD_MEMFD:
		sct_fdtrack__memfd(t, tgid, f, c, out, (int)ret);
		return true;
	case SCT_FD_DUP:
		sct_fdtab__dup(t, tgid, (int)a[0], (int)ret, false);
		return true;
	case SCT_FD_DUP2:
		if ((int)a[0] != (int)a[1])
			sct_fdtab__dup(t, tgid, (int)a[0], (int)ret, sct_fdtrack__cloexec(f, c));
		return true;
	case SCT_FD_FCNTL:
		return sct_fdtrack__fcntl(t, tgid, c, (int)ret);
	case SCT_FD_IOCTL:
		if ((uint32_t)a[1] == FIOCLEX || (uint32_t)a[1] == FIONCLEX)
			sct_fdtab__set_cloexec(t, tgid, (int)a[0], (uint32_t)a[1] == FIOCLEX);
		break;
	case SCT_FD_CLOSE:
		sct_fdtab__close(t, tgid, (int)a[0]);
		break;
	case SCT_FD_CLOSE_RANGE:	/* CLOSE_RANGE_CLOEXEC: 4 */
		sct_fdtab__close_range(t, tgid, (int64_t)(uint32_t)a[0], (int64_t)(uint32_t)a[1],
				       a[2] & 4);
		break;
	case SCT_FD_CHDIR:
		sct_fdtrack__chdir(t, tgid, c, out);
		break;
	case SCT_FD_FCHDIR:
		sct_fdtab__chdir(t, tgid, sct_fdtab__get(t, tgid, (int)a[0]));
		break;
	case SCT_FD_EXEC:
		sct_fdtab__exec(t, tgid);
		break;
	}
	return false;
}

static bool sct_fdtrack__listed(const char *path, char *const *paths, size_t n)
{
	size_t i;

	for (i = 0; path && i < n; i++)
		if (!strcmp(path, paths[i]))
			return true;
	return false;
}

bool sct_fdtrack__touches(const struct sct_fdtab *t, uint32_t tgid, const struct sct_call *c,
			  const struct sct_items *out, char *const *paths, size_t n)
{
	unsigned int i, nargs = c->d ? c->d->nargs : 0;
	int dir = AT_FDCWD;
	char *path, *full;
	bool hit = false;

	for (i = 0; i < nargs && !hit; i++) {
		switch (c->d->args[i].kind) {
		case SCT_A_DIRFD:
			dir = (int)c->e->args[i];
			/* fall through */
		case SCT_A_FD:
			hit = (int)c->e->args[i] != AT_FDCWD &&
			      sct_fdtrack__listed(sct_fdtab__get(t, tgid, (int)c->e->args[i]), paths, n);
			break;
		case SCT_A_PATH:
			path = sct_fdtrack__str(c, out, i);
			if (!path)
				break;
			full = path[0] == '/' ? NULL : sct_fdtab__resolve(t, tgid, dir, path);
			hit = sct_fdtrack__listed(path, paths, n) || sct_fdtrack__listed(full, paths, n);
			free(path);
			free(full);
			break;
		}
	}
	return hit;
}
