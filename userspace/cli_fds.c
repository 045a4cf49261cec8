// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * -y and -P (print/fdtab.h): the fd table the printers share, seeded from
 * /proc with what a process has open before its records start (a -p
 * process at attach, the command while it waits to exec; for -yy the
 * sockets' endpoints from /proc/PID/net), the -P paths,
 * and the calls the kernel must record for the table to follow.
 */
#define _GNU_SOURCE	/* O_CLOEXEC */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "filter.h"
#include "print/fdtab.h"
#include "print/fdtrack.h"
#include "print/sock.h"

/*
 * The live trace's canon: symlinks followed as /proc's links show them
 * (/lib/x86_64-linux-gnu -> /usr/lib/x86_64-linux-gnu), in sctrace's own
 * root and mounts. /proc's paths are left alone: /proc/self is not the
 * traced process's there.
 */
static char *sct_fds__canon(const char *path)
{
	if (!strncmp(path, "/proc/", 6) || !strcmp(path, "/proc"))
		return NULL;
	return realpath(path, NULL);
}

struct sct_fdtab *sct_fds__new(bool live)
{
	struct sct_fdtab *t = sct_fdtab__new();

	if (t && live)
		sct_fdtab__set_canon(t, sct_fds__canon);
	return t;
}

/* /proc/PID/fdinfo/FD's "flags:" has O_CLOEXEC */
static bool sct_fds__cloexec(pid_t tgid, int fd)
{
	char name[64], line[128];
	unsigned long flags = 0;
	bool found = false;
	FILE *f;

	snprintf(name, sizeof(name), "/proc/%d/fdinfo/%d", (int)tgid, fd);
	f = fopen(name, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "flags: %lo", &flags) == 1;
	fclose(f);
	return flags & O_CLOEXEC;
}

/* readlink of /proc/PID/cwd (fd < 0) or /proc/PID/fd/FD into buf: 0, or -1 */
static int sct_fds__link(pid_t tgid, int fd, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	if (fd < 0)
		snprintf(path, sizeof(path), "/proc/%d/cwd", (int)tgid);
	else
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)tgid, fd);
	n = readlink(path, buf, size - 1);
	if (n < 0 || (size_t)n >= size - 1)
		return -1;
	buf[n] = '\0';
	return 0;
}

/*
 * An end of /proc/net/{tcp,udp}{,6}: "0100007F:1F90", the address's 32-bit
 * words in hex as the kernel stores them (so read back in host order),
 * the port in hex. 0.0.0.0:0 is no end (not bound, or no peer).
 */
static bool sct_fds__net_end(const char *text, bool v6, struct sct_sock_end *e)
{
	uint32_t w[4] = { 0 };
	unsigned int port, i, n = v6 ? 4 : 1;
	char hex[9];

	for (i = 0; i < n; i++) {
		memcpy(hex, text + 8 * i, 8);
		hex[8] = '\0';
		w[i] = (uint32_t)strtoul(hex, NULL, 16);
	}
	if (text[8 * n] != ':' || sscanf(text + 8 * n + 1, "%x", &port) != 1)
		return false;
	memset(e, 0, sizeof(*e));
	memcpy(e->addr, w, 4 * n);
	e->port = (uint16_t)port;
	e->set = port || w[0] || w[1] || w[2] || w[3];
	e->addr_known = e->port_known = e->set;
	return true;
}

/* -yy: socket inode of tgid in /proc/PID/net/{tcp,udp}{,6} (its namespace's): 0, or -1 */
static int sct_fds__inet(pid_t tgid, uint64_t inode, struct sct_sock *s)
{
	static const struct { const char *file; int family, type; } tabs[] = {
		{ "tcp", AF_INET, SOCK_STREAM }, { "tcp6", AF_INET6, SOCK_STREAM },
		{ "udp", AF_INET, SOCK_DGRAM }, { "udp6", AF_INET6, SOCK_DGRAM },
	};
	char name[64], line[512], local[40], peer[40];
	unsigned long long ino;
	unsigned int st;
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
		snprintf(name, sizeof(name), "/proc/%d/net/%s", (int)tgid, tabs[i].file);
		f = fopen(name, "re");
		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, " %*u: %39s %39s %x %*s %*s %*s %*u %*u %llu", local, peer, &st,
				   &ino) != 4 || ino != inode)
				continue;
			fclose(f);
			sct_sock__init(s, (uint64_t)tabs[i].family, (uint64_t)tabs[i].type, 0);
			s->inode = inode;
			if (!sct_fds__net_end(local, tabs[i].family == AF_INET6, &s->local) ||
			    !sct_fds__net_end(peer, tabs[i].family == AF_INET6, &s->peer))
				return -1;
			s->connected = s->peer.set;
			return 0;
		}
		if (f)
			fclose(f);
	}
	return -1;
}

/* -yy: AF_UNIX socket inode of tgid in /proc/PID/net/unix (no peer's inode there): 0, or -1 */
static int sct_fds__unix(pid_t tgid, uint64_t inode, struct sct_sock *s)
{
	char name[64], line[512 + SCT_SOCK_PATH_MAX], path[SCT_SOCK_PATH_MAX + 1];
	unsigned long long ino;
	unsigned int type, st;
	int n;
	FILE *f;

	snprintf(name, sizeof(name), "/proc/%d/net/unix", (int)tgid);
	f = fopen(name, "re");
	while (f && fgets(line, sizeof(line), f)) {
		path[0] = '\0';
		n = sscanf(line, "%*s %*s %*s %*s %x %x %llu %108s", &type, &st, &ino, path);
		if (n < 3 || ino != inode)
			continue;
		fclose(f);
		if (!sct_sock__init(s, AF_UNIX, type, 0))
			return -1;
		s->inode = inode;
		s->connected = st == 3;		/* SS_CONNECTED */
		memcpy(s->path, path, sizeof(s->path));
		return 0;
	}
	if (f)
		fclose(f);
	return -1;
}

/* -yy: fd of tgid is "socket:[INODE]": its endpoints as /proc/PID/net shows them */
static void sct_fds__seed_sock(struct sct_fdtab *t, pid_t tgid, int fd, const char *link)
{
	unsigned long long inode;
	struct sct_sock s;

	if (sscanf(link, "socket:[%llu]", &inode) != 1)
		return;
	if (!sct_fds__inet(tgid, inode, &s) || !sct_fds__unix(tgid, inode, &s))
		sct_fdtab__set_sock(t, (uint32_t)tgid, fd, &s);
}

void sct_fds__seed(struct sct_fdtab *t, pid_t tgid)
{
	char dirname[64], path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int fd;

	if (!t)
		return;
	if (!sct_fds__link(tgid, -1, path, sizeof(path)))
		sct_fdtab__chdir(t, (uint32_t)tgid, path);
	snprintf(dirname, sizeof(dirname), "/proc/%d/fd", (int)tgid);
	d = opendir(dirname);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		fd = atoi(de->d_name);
		if (sct_fds__link(tgid, fd, path, sizeof(path)))
			continue;
		sct_fdtab__set(t, (uint32_t)tgid, fd, path, sct_fds__cloexec(tgid, fd));
		sct_fds__seed_sock(t, tgid, fd, path);
	}
	closedir(d);
}

void sct_fds__track(struct sctrace_filter *f)
{
	char err[128];
	const char *name;
	size_t i;

	for (i = 0; (name = sct_fdtrack__name(i)); i++)
		sct_filter__add_syscalls(f, name, err, sizeof(err));	/* all are known */
}

/* One more -P path, if there is room and it is not there yet. */
static int sct_fds__add(struct sct_cli_opts *o, const char *path)
{
	size_t i;

	for (i = 0; i < o->npaths; i++)
		if (!strcmp(o->paths[i], path))
			return 0;
	if (o->npaths == SCT_MAX_PATHS)
		return -1;
	o->paths[o->npaths] = strdup(path);
	if (!o->paths[o->npaths])
		return -1;
	o->npaths++;
	return 0;
}

int sct_fds__add_path(struct sct_cli_opts *o, const char *path)
{
	char cwd[PATH_MAX], *full = NULL, *real = realpath(path, NULL);
	int ret = sct_fds__add(o, path);

	/* as given; cleaned, from our directory; with symlinks followed */
	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) && asprintf(&full, "%s/%s", cwd, path) < 0)
		full = NULL;
	else if (path[0] == '/')
		full = strdup(path);
	if (full) {
		sct_fdtab__clean(full);
		ret |= sct_fds__add(o, full);
	}
	if (real)
		ret |= sct_fds__add(o, real);
	free(full);
	free(real);
	return ret;
}
