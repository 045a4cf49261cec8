// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* The process tree from /proc, see proc_tree.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc_tree.h"

/* "pid (comm) state ppid ...": comm may hold anything, ')' included. */
static int sct_proc__ppid(int dirfd, const char *name, uint32_t *ppid)
{
	char path[32], buf[512], *p;
	unsigned int v;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "%s/stat", name);
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return len < 0 ? -errno : -ESRCH;
	buf[len] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %u", &v) != 1)
		return -EINVAL;
	*ppid = v;
	return 0;
}

static uint32_t sct_proc__pid(const char *name)
{
	char *end;
	unsigned long v = strtoul(name, &end, 10);

	return *name >= '1' && *name <= '9' && !*end && v <= UINT32_MAX ? (uint32_t)v : 0;
}

int sct_proc__list(const char *proc, struct sct_proc_ent **ents, size_t *n)
{
	struct sct_proc_ent *v = NULL, *nv;
	size_t len = 0, cap = 0;
	struct dirent *d;
	uint32_t pid, ppid;
	DIR *dir;
	int ret = 0;

	dir = opendir(proc);
	if (!dir)
		return -errno;
	while (!ret && (errno = 0, d = readdir(dir))) {
		pid = sct_proc__pid(d->d_name);
		if (!pid)
			continue;
		ret = sct_proc__ppid(dirfd(dir), d->d_name, &ppid);
		if (ret == -ENOENT || ret == -ESRCH) {
			ret = 0;	/* it ended meanwhile */
			continue;
		}
		if (ret)
			break;
		if (len == cap) {
			cap = cap ? 2 * cap : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				ret = -ENOMEM;
				break;
			}
			v = nv;
		}
		v[len++] = (struct sct_proc_ent){ .pid = pid, .ppid = ppid };
	}
	if (!ret && errno)
		ret = -errno;
	closedir(dir);
	if (ret) {
		free(v);
		return ret;
	}
	*ents = v;
	*n = len;
	return 0;
}

static bool sct_proc__has(const __u64 *map, uint32_t nbits, uint32_t pid)
{
	return pid < nbits && (__atomic_load_n(&map[pid / 64], __ATOMIC_RELAXED) >> (pid % 64)) & 1;
}

/* Sets pid's bit; true if it was clear. */
static bool sct_proc__add(__u64 *map, uint32_t pid)
{
	__u64 bit = 1ULL << (pid % 64);

	return !(__atomic_fetch_or(&map[pid / 64], bit, __ATOMIC_SEQ_CST) & bit);
}

bool sct_proc__add_children(__u64 *map, uint32_t nbits, const struct sct_proc_ent *ents,
			    size_t n, uint32_t skip)
{
	bool added = false, more;
	size_t i;

	do {	/* a child may come before its parent in ents */
		more = false;
		for (i = 0; i < n; i++)
			if (ents[i].pid < nbits && ents[i].ppid != skip &&
			    sct_proc__has(map, nbits, ents[i].ppid) &&
			    sct_proc__add(map, ents[i].pid))
				more = added = true;
	} while (more);
	return added;
}

int sct_proc__is_own(const char *proc)
{
	char path[256], link[32];
	ssize_t len;

	snprintf(path, sizeof(path), "%s/self", proc);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		return errno == ENOENT ? 0 : -errno;	/* no pid in that namespace */
	link[len] = '\0';
	return sct_proc__pid(link) == (uint32_t)getpid();
}
