// SPDX-License-Identifier: GPL-2.0
/* Helpers for the sctrace selftests, see sct_helpers.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "items.h"
#include "sct_helpers.h"

#define RING_SIZE_PARAM "/sys/module/sctrace/parameters/ring_size"

int wl_spawn(struct wl *w, wl_fn fn, void *arg)
{
	int p[2];
	char c;

	memset(w, 0, sizeof(*w));
	if (pipe2(p, O_CLOEXEC))
		return -errno;
	w->pid = fork();
	if (w->pid < 0)
		return -errno;
	if (w->pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(99);
		fn(arg);
		_exit(0);
	}
	close(p[0]);
	w->go_fd = p[1];
	return 0;
}

void wl_bad_lseeks(void *arg)
{
	long i;

	for (i = 0; i < (long)arg; i++)
		syscall(SYS_lseek, SCT_BAD_FD, 1000 + i, SEEK_SET);
}

int wl_go(struct wl *w)
{
	int ret = write(w->go_fd, "g", 1) == 1 ? 0 : -errno;

	close(w->go_fd);
	w->go_fd = -1;
	return ret;
}

int wl_wait(struct wl *w)
{
	if (!w->reaped && waitpid(w->pid, &w->status, 0) == w->pid)
		w->reaped = true;
	return w->status;
}

bool wl_done(struct wl *w)
{
	if (!w->reaped && waitpid(w->pid, &w->status, WNOHANG) == w->pid)
		w->reaped = true;
	return w->reaped;
}

void recs_free(struct recs *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int recs_push(struct recs *r, const struct sctrace_hdr *h)
{
	struct sctrace_hdr *copy;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 1024;
		void *v = realloc(r->v, cap * sizeof(*r->v));

		if (!v)
			return -ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	copy = malloc(h->len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, h, h->len);
	r->v[r->n++] = copy;
	return 0;
}

static int drain(struct sctrace *t, struct recs *out, unsigned int flags)
{
	const struct sctrace_hdr *h;
	int ret;

	while ((ret = sctrace_next(t, &h, flags)) > 0) {
		ret = recs_push(out, h);
		if (ret)
			return ret;
	}
	return ret;
}

int recs_take(struct sctrace *t, struct recs *out, unsigned int flags)
{
	return drain(t, out, flags);
}

int collect(struct sctrace *t, struct wl *w, int nw, struct recs *out,
	    int deadline_ms)
{
	long long end = now_ms() + deadline_ms;
	int i, done, ret;

	for (;;) {
		ret = sctrace_poll(t, 50);
		if (ret < 0 && ret != -EINTR)
			return ret;
		ret = drain(t, out, 0);
		if (ret < 0)
			return ret;
		for (done = 0, i = 0; i < nw; i++)
			done += wl_done(&w[i]);
		if (done == nw)
			break;
		if (now_ms() > end) {
			for (i = 0; i < nw; i++)
				kill(w[i].pid, SIGKILL);
			return -ETIMEDOUT;
		}
	}
	ret = sctrace_stop(t);
	if (ret)
		return ret;
	return drain(t, out, SCTRACE_NEXT_DRAIN);
}

void filter_for(struct sctrace_filter *f, const pid_t *tgids, int n,
		unsigned int flags)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->size = sizeof(*f);
	f->flags = flags;
	f->ntgids = n;
	for (i = 0; i < n; i++)
		f->tgids[i] = tgids[i];
	memset(f->syscalls, 0xff, sizeof(f->syscalls));
	f->strargs[257] = 1u << 1;	/* openat(dirfd, path, ...) */
}

void filter_only_syscall(struct sctrace_filter *f, unsigned int nr)
{
	memset(f->syscalls, 0, sizeof(f->syscalls));
	f->syscalls[nr / 64] = 1ull << (nr % 64);
}

enum sctrace_backend test_backend(void)
{
	const char *b = getenv("SCTRACE_TEST_BACKEND");

	if (b && !strcmp(b, "bpf"))
		return SCTRACE_BACKEND_BPF;
	return SCTRACE_BACKEND_KMOD;
}

struct sctrace *test_open(char *err, size_t errlen)
{
	struct sctrace_open_opts o = {
		.sz = sizeof(o),
		.backend = test_backend(),
	};

	return sctrace_open(&o, err, errlen);
}

struct sctrace *test_open_ring(unsigned long ring_size, long *saved,
			       char *err, size_t errlen)
{
	struct sctrace_open_opts o = {
		.sz = sizeof(o),
		.backend = test_backend(),
		.ring_size = ring_size,
	};
	long old;
	int ret;

	*saved = 0;
	if (o.backend == SCTRACE_BACKEND_KMOD) {
		o.ring_size = 0;	/* the module has its parameter */
		old = ring_size_get();
		ret = old < 0 ? (int)old : ring_size_set((long)ring_size);
		if (ret) {
			snprintf(err, errlen, "module parameter ring_size: %s", strerror(-ret));
			return NULL;
		}
		*saved = old;
	}
	return sctrace_open(&o, err, errlen);
}

void test_ring_restore(long saved)
{
	if (saved > 0)
		ring_size_set(saved);
}

size_t count_recs(const struct recs *r, pid_t tid, unsigned int type, long nr)
{
	const struct sctrace_sys_enter *e;
	size_t i, n = 0;

	for (i = 0; i < r->n; i++) {
		if ((tid && (pid_t)r->v[i]->tid != tid) || r->v[i]->type != type)
			continue;
		/* enter and exit both carry nr right after the header */
		e = (const struct sctrace_sys_enter *)r->v[i];
		if (nr >= 0 && (type == SCTRACE_REC_SYS_ENTER ||
				type == SCTRACE_REC_SYS_EXIT) && e->nr != nr)
			continue;
		n++;
	}
	return n;
}

const struct sctrace_hdr *nth_rec(const struct recs *r, pid_t tid, unsigned int type,
				  long nr, size_t k)
{
	const struct sctrace_sys_enter *e;
	size_t i;

	for (i = 0; i < r->n; i++) {
		if ((tid && (pid_t)r->v[i]->tid != tid) || r->v[i]->type != type)
			continue;
		e = (const struct sctrace_sys_enter *)r->v[i];
		if (nr >= 0 && e->nr != nr)
			continue;
		if (!k--)
			return r->v[i];
	}
	return NULL;
}

const struct sctrace_item *rec_item(const struct sctrace_hdr *h, unsigned int arg, bool retry)
{
	struct sct_items items;

	if (!h || arg >= SCTRACE_MAX_ARGS || sct_items__walk(h, &items, NULL, 0))
		return NULL;
	return retry ? items.retry[arg] : items.arg[arg];
}

long ring_size_get(void)
{
	FILE *f = fopen(RING_SIZE_PARAM, "r");
	long v = -1;

	if (!f)
		return -errno;
	if (fscanf(f, "%ld", &v) != 1)
		v = -EINVAL;
	fclose(f);
	return v;
}

int ring_size_set(long bytes)
{
	FILE *f = fopen(RING_SIZE_PARAM, "w");
	int ret = 0;

	if (!f)
		return -errno;
	if (fprintf(f, "%ld\n", bytes) < 0)
		ret = -EIO;
	if (fclose(f))
		ret = -errno;
	return ret;
}

int ncpus_online(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}
