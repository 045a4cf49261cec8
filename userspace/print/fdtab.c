// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The per-process fd tables of -y and -P (fdtab.h): processes in a hash by
 * tgid, each an array of paths indexed by fd, grown on demand.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "print/fdtab.h"
#include "print/sock.h"

struct sct_fdent {
	char *path;		/* NULL: closed or unknown */
	struct sct_sock *sock;	/* -yy: a socket's endpoints, or NULL */
	bool cloexec;
};

struct sct_fdproc {
	struct sct_idnode node;	/* first; node.id: the tgid */
	char *cwd;		/* NULL: unknown */
	struct sct_fdent *fds;
	int nfds;		/* entries of fds[] */
};
_Static_assert(offsetof(struct sct_fdproc, node) == 0, "a node found is its struct");

struct sct_fdtab {
	struct sct_idmap procs;
	char *(*canon)(const char *path);
};

struct sct_fdtab *sct_fdtab__new(void)
{
	return calloc(1, sizeof(struct sct_fdtab));
}

void sct_fdtab__set_canon(struct sct_fdtab *t, char *(*canon)(const char *path))
{
	t->canon = canon;
}

static struct sct_fdproc *sct_fdtab__find(const struct sct_fdtab *t, uint32_t tgid)
{
	return (struct sct_fdproc *)sct_idmap__find(&t->procs, tgid);
}

/* Process tgid, known or new (NULL: out of memory). */
static struct sct_fdproc *sct_fdtab__proc(struct sct_fdtab *t, uint32_t tgid)
{
	struct sct_fdproc *p = sct_fdtab__find(t, tgid);

	if (p || !(p = calloc(1, sizeof(*p))))
		return p;
	p->node.id = tgid;
	sct_idmap__link(&t->procs, &p->node);
	return p;
}

static void sct_fdtab__drop(struct sct_fdproc *p)
{
	int i;

	for (i = 0; i < p->nfds; i++) {
		free(p->fds[i].path);
		free(p->fds[i].sock);
	}
	free(p->fds);
	free(p->cwd);
	free(p);
}

void sct_fdtab__exit(struct sct_fdtab *t, uint32_t tgid)
{
	struct sct_fdproc *p = sct_fdtab__find(t, tgid);

	if (!p)
		return;
	sct_idmap__unlink(&t->procs, &p->node);
	sct_fdtab__drop(p);
}

void sct_fdtab__free(struct sct_fdtab *t)
{
	struct sct_idnode *n, *next;
	size_t i;

	if (!t)
		return;
	sct_idmap__each(&t->procs, i, n, next)
		sct_fdtab__drop((struct sct_fdproc *)n);
	free(t);
}

static struct sct_fdent *sct_fdtab__ent(const struct sct_fdtab *t, uint32_t tgid, int fd)
{
	struct sct_fdproc *p = sct_fdtab__find(t, tgid);

	return p && fd >= 0 && fd < p->nfds ? &p->fds[fd] : NULL;
}

const char *sct_fdtab__get(const struct sct_fdtab *t, uint32_t tgid, int fd)
{
	const struct sct_fdent *e = t ? sct_fdtab__ent(t, tgid, fd) : NULL;

	return e ? e->path : NULL;
}

void sct_fdtab__close(struct sct_fdtab *t, uint32_t tgid, int fd)
{
	struct sct_fdent *e = sct_fdtab__ent(t, tgid, fd);

	if (e) {
		free(e->path);
		free(e->sock);
		e->path = NULL;
		e->sock = NULL;
	}
}

void sct_fdtab__set_cloexec(struct sct_fdtab *t, uint32_t tgid, int fd, bool cloexec)
{
	struct sct_fdent *e = sct_fdtab__ent(t, tgid, fd);

	if (e)
		e->cloexec = cloexec;
}

void sct_fdtab__close_range(struct sct_fdtab *t, uint32_t tgid, int64_t first, int64_t last,
			    bool cloexec_only)
{
	struct sct_fdproc *p = sct_fdtab__find(t, tgid);
	int64_t i;

	for (i = first < 0 ? 0 : first; p && i <= last && i < p->nfds; i++) {
		if (cloexec_only)
			p->fds[i].cloexec = true;
		else
			sct_fdtab__close(t, tgid, (int)i);
	}
}

/* Entry fd of p, fds[] grown to hold it (NULL: out of memory or range). */
static struct sct_fdent *sct_fdtab__slot(struct sct_fdproc *p, int fd)
{
	struct sct_fdent *fds;
	int n = p->nfds ? p->nfds : 16;

	if (fd < 0 || fd >= SCT_FDTAB_MAX_FD)
		return NULL;
	if (fd < p->nfds)
		return &p->fds[fd];
	while (n <= fd)
		n *= 2;
	fds = realloc(p->fds, (size_t)n * sizeof(*fds));
	if (!fds)
		return NULL;
	memset(fds + p->nfds, 0, (size_t)(n - p->nfds) * sizeof(*fds));
	p->fds = fds;
	p->nfds = n;
	return &fds[fd];
}

int sct_fdtab__set(struct sct_fdtab *t, uint32_t tgid, int fd, const char *path, bool cloexec)
{
	struct sct_fdproc *p = sct_fdtab__proc(t, tgid);
	struct sct_fdent *e = p ? sct_fdtab__slot(p, fd) : NULL;
	char *copy = path ? strdup(path) : NULL;

	if (!e || (path && !copy)) {
		free(copy);
		sct_fdtab__close(t, tgid, fd);
		return fd < 0 || fd >= SCT_FDTAB_MAX_FD ? 0 : -ENOMEM;
	}
	free(e->path);
	free(e->sock);
	e->path = copy;
	e->sock = NULL;
	e->cloexec = cloexec;
	return 0;
}

const struct sct_sock *sct_fdtab__sock(const struct sct_fdtab *t, uint32_t tgid, int fd)
{
	const struct sct_fdent *e = t ? sct_fdtab__ent(t, tgid, fd) : NULL;

	return e ? e->sock : NULL;
}

int sct_fdtab__set_sock(struct sct_fdtab *t, uint32_t tgid, int fd, const struct sct_sock *sock)
{
	struct sct_fdent *e = sct_fdtab__ent(t, tgid, fd);
	struct sct_sock *copy;

	if (!e || !e->path)
		return 0;	/* only an fd known to be open */
	if (!sock) {
		free(e->sock);
		e->sock = NULL;
		return 0;
	}
	copy = e->sock ? e->sock : malloc(sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	if (copy != sock)
		*copy = *sock;
	e->sock = copy;
	return 0;
}

/* newfd of child becomes what oldfd of parent is: its path, close-on-exec bit, endpoints */
static int sct_fdtab__copy(struct sct_fdtab *t, uint32_t parent, int oldfd, uint32_t child,
			   int newfd, bool cloexec)
{
	const char *path = sct_fdtab__get(t, parent, oldfd);
	const struct sct_sock *sock = sct_fdtab__sock(t, parent, oldfd);
	char *copy = path ? strdup(path) : NULL;	/* set() may move fds[] */
	struct sct_sock s;
	int ret;

	if (path && !copy)
		return -ENOMEM;
	if (sock)
		s = *sock;
	ret = sct_fdtab__set(t, child, newfd, copy, cloexec);
	if (!ret && sock)
		ret = sct_fdtab__set_sock(t, child, newfd, &s);
	free(copy);
	return ret;
}

int sct_fdtab__dup(struct sct_fdtab *t, uint32_t tgid, int oldfd, int newfd, bool cloexec)
{
	return sct_fdtab__copy(t, tgid, oldfd, tgid, newfd, cloexec);
}

int sct_fdtab__fork(struct sct_fdtab *t, uint32_t parent, uint32_t child)
{
	struct sct_fdproc *pp = sct_fdtab__find(t, parent), *cp;
	int i;

	if (!pp || parent == child)
		return 0;
	sct_fdtab__exit(t, child);	/* a tgid used again */
	if (!(cp = sct_fdtab__proc(t, child)))
		return -ENOMEM;
	if (pp->cwd && !(cp->cwd = strdup(pp->cwd)))
		return -ENOMEM;
	for (i = pp->nfds - 1; i >= 0; i--)
		if (pp->fds[i].path && sct_fdtab__copy(t, parent, i, child, i, pp->fds[i].cloexec))
			return -ENOMEM;
	return 0;
}

void sct_fdtab__exec(struct sct_fdtab *t, uint32_t tgid)
{
	struct sct_fdproc *p = sct_fdtab__find(t, tgid);
	int i;

	for (i = 0; p && i < p->nfds; i++)
		if (p->fds[i].cloexec)
			sct_fdtab__close(t, tgid, i);
}

const char *sct_fdtab__cwd(const struct sct_fdtab *t, uint32_t tgid)
{
	const struct sct_fdproc *p = t ? sct_fdtab__find(t, tgid) : NULL;

	return p ? p->cwd : NULL;
}

int sct_fdtab__chdir(struct sct_fdtab *t, uint32_t tgid, const char *path)
{
	struct sct_fdproc *p = sct_fdtab__proc(t, tgid);
	char *copy = path ? strdup(path) : NULL;

	if (!p || (path && !copy)) {
		free(copy);
		if (p) {
			free(p->cwd);
			p->cwd = NULL;
		}
		return -ENOMEM;
	}
	free(p->cwd);
	p->cwd = copy;
	return 0;
}

void sct_fdtab__clean(char *path)
{
	char *r = path, *w = path, *seg;
	size_t n;

	while (*r) {
		while (*r == '/')
			r++;
		seg = r;
		while (*r && *r != '/')
			r++;
		n = (size_t)(r - seg);
		if (!n || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (w > path && *--w != '/')
				;	/* back to the parent; "/.." is "/" */
			continue;
		}
		*w++ = '/';
		memmove(w, seg, n);
		w += n;
	}
	if (w == path)
		*w++ = '/';
	*w = '\0';
}

char *sct_fdtab__resolve(const struct sct_fdtab *t, uint32_t tgid, int dirfd, const char *path)
{
	const char *base = NULL;
	char *full, *canon;
	size_t bl, pl = strlen(path);

	if (path[0] != '/') {
		base = dirfd == AT_FDCWD ? sct_fdtab__cwd(t, tgid) : sct_fdtab__get(t, tgid, dirfd);
		if (!base || base[0] != '/')
			return NULL;	/* unknown, or a pipe:[...] */
	}
	bl = base ? strlen(base) : 0;
	full = malloc(bl + 1 + pl + 1);
	if (!full)
		return NULL;
	memcpy(full, base ? base : "", bl);
	full[bl] = '/';
	memcpy(full + bl + 1, path, pl + 1);
	sct_fdtab__clean(full);
	if (t->canon && (canon = t->canon(full))) {
		free(full);
		return canon;
	}
	return full;
}
