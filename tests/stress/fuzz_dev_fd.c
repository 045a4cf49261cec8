// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_dev: the device's fds (open, dup, close; poll, read and write on
 * them) and the fuzzer's own syscalls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz_dev.h"

struct fd_table fds = { .lock = PTHREAD_RWLOCK_INITIALIZER };

/* ---- fds ------------------------------------------------------------------ */

/* A random fd of the table (read lock held by the caller), -1 if none. */
int fd_pick(struct scratch *x, unsigned int *gen)
{
	int i, start = rnd_below(&x->s, MAX_FDS);

	for (i = 0; i < MAX_FDS; i++) {
		int k = (start + i) % MAX_FDS;

		if (fds.fd[k] >= 0) {
			if (gen)
				*gen = fds.gen[k];
			return fds.fd[k];
		}
	}
	/* none: a bad fd, or one that is not the device */
	return rnd_one_in(&x->s, 2) ? -1 : nulldev;
}

static void fd_add(int fd, unsigned int gen)
{
	int i;

	pthread_rwlock_wrlock(&fds.lock);
	for (i = 0; i < MAX_FDS && fds.fd[i] >= 0; i++)
		;
	if (i < MAX_FDS) {
		fds.fd[i] = fd;
		fds.gen[i] = gen;
	}
	pthread_rwlock_unlock(&fds.lock);
	if (i == MAX_FDS)
		close(fd);
}

/*
 * open; when a file still holds the device (an fd, a mapping), now and
 * then everything is closed and unmapped first, so that the device goes
 * through many lives.
 */
void op_open(struct scratch *x)
{
	static const int modes[] = { O_RDWR, O_RDONLY, O_WRONLY, O_RDWR | O_NONBLOCK,
				     O_RDWR | O_CLOEXEC, O_RDWR | O_APPEND };
	int fd = open(DEV, modes[rnd_below(&x->s, 6)]);
	unsigned int gen;

	if (fd < 0 && errno == EBUSY && rnd_one_in(&x->s, 3)) {
		close_everything();
		fd = open(DEV, modes[rnd_below(&x->s, 6)]);
	}
	note(OP_OPEN, fd);
	if (fd < 0)
		return;
	pthread_rwlock_wrlock(&fds.lock);
	gen = ++fds.next_gen;
	pthread_rwlock_unlock(&fds.lock);
	fd_add(fd, gen);
}

void op_dup(struct scratch *x)
{
	unsigned int gen = 0;
	int fd;

	pthread_rwlock_rdlock(&fds.lock);
	fd = fd_pick(x, &gen);
	fd = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
	pthread_rwlock_unlock(&fds.lock);
	note(OP_DUP, fd);
	if (fd >= 0)
		fd_add(fd, gen);
}

void op_close(struct scratch *x)
{
	int k = rnd_below(&x->s, MAX_FDS), ret = 0;

	pthread_rwlock_wrlock(&fds.lock);
	if (fds.fd[k] >= 0) {
		ret = close(fds.fd[k]);
		fds.fd[k] = -1;
		note(OP_CLOSE, ret);
	}
	pthread_rwlock_unlock(&fds.lock);
}

/* ---- poll, read and write; noise ------------------------------------------ */

void op_poll(struct scratch *x)
{
	struct pollfd p = { .events = POLLIN | POLLOUT | POLLPRI };

	pthread_rwlock_rdlock(&fds.lock);
	p.fd = fd_pick(x, NULL);
	note(OP_POLL, poll(&p, 1, rnd_below(&x->s, 20)));
	pthread_rwlock_unlock(&fds.lock);
}

void op_rw(struct scratch *x)
{
	int fd;

	pthread_rwlock_rdlock(&fds.lock);
	fd = fd_pick(x, NULL);
	if (fd > 0)	/* not fd 0: a read of stdin would block */
		note(OP_RW, rnd_one_in(&x->s, 2) ? read(fd, x->rw, rnd_below(&x->s, 2 * PAGE))
						 : write(fd, x->rw, rnd_below(&x->s, 2 * PAGE)));
	pthread_rwlock_unlock(&fds.lock);
}

/* The fuzzer's own syscalls (not traced: the opener never is). */
void op_noise(struct scratch *x)
{
	int fd;

	switch (rnd_below(&x->s, 3)) {
	case 0:
		note(OP_NOISE, syscall(SYS_getppid));
		break;
	case 1:
		fd = open("/dev/zero", O_RDONLY);
		note(OP_NOISE, fd < 0 ? -1 : read(fd, x->rw, rnd_below(&x->s, 2 * PAGE)));
		if (fd >= 0)
			close(fd);
		break;
	default:
		fd = openat(AT_FDCWD, "/proc/self/stat", O_RDONLY);
		note(OP_NOISE, fd);
		if (fd >= 0)
			close(fd);
		break;
	}
}

/* fds, then mappings: the order op_fork() takes their locks in */
void close_everything(void)
{
	int i;

	pthread_rwlock_wrlock(&fds.lock);
	pthread_rwlock_wrlock(&maps.lock);
	for (i = 0; i < MAX_MAPS; i++)
		if (maps.m[i].used) {
			munmap(maps.m[i].addr, maps.m[i].len);
			maps.m[i].used = false;
		}
	for (i = 0; i < MAX_FDS; i++)
		if (fds.fd[i] >= 0) {
			close(fds.fd[i]);
			fds.fd[i] = -1;
		}
	pthread_rwlock_unlock(&maps.lock);
	pthread_rwlock_unlock(&fds.lock);
}
