// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * libsctrace public functions: check arguments, pick the backend, dispatch
 * to it, and read records through the cross-CPU merge.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "capplan.h"

int sct_fail(struct sctrace *t, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->errmsg, sizeof(t->errmsg), fmt, ap);
	va_end(ap);
	return -err;
}

#define SCT_OPTS_HAS(o, field) \
	((o)->sz >= offsetof(struct sctrace_open_opts, field) + sizeof((o)->field))

/* Options of an older (smaller) or newer (larger, zero tail) caller. */
static int sct_opts__copy(struct sctrace *t, const struct sctrace_open_opts *in,
			  struct sctrace_open_opts *out)
{
	size_t i;

	*out = (struct sctrace_open_opts){ .sz = sizeof(*out) };
	if (!in)
		return 0;
	if (in->sz < sizeof(in->sz))
		return sct_fail(t, EINVAL, "sctrace_open: opts->sz is %zu, set it to sizeof(struct sctrace_open_opts)",
				in->sz);
	for (i = sizeof(*out); i < in->sz; i++)
		if (((const char *)in)[i])
			return sct_fail(t, EINVAL, "sctrace_open: opts has non-zero fields unknown to this library");
	if (SCT_OPTS_HAS(in, backend))
		out->backend = in->backend;
	if (SCT_OPTS_HAS(in, device))
		out->device = in->device;
	if (SCT_OPTS_HAS(in, ring_size))
		out->ring_size = in->ring_size;
	return 0;
}

static void sct_sync(void *arg)
{
	struct sctrace *t = arg;

	t->ops->sync(t);
}

/*
 * The offset of our time namespace's CLOCK_MONOTONIC (ns), which the
 * kernel's stamps do not have: 0 without time namespaces.
 */
static int64_t sct_timens_offset(void)
{
	FILE *f = fopen("/proc/self/timens_offsets", "re");
	long long sec, nsec;
	int64_t off = 0;
	char clk[32];

	if (!f)
		return 0;
	while (fscanf(f, "%31s %lld %lld", clk, &sec, &nsec) == 3)
		if (!strcmp(clk, "monotonic") || !strcmp(clk, "1"))
			off = (int64_t)sec * 1000000000 + nsec;
	fclose(f);
	return off;
}

static int sct_open__backend(struct sctrace *t, const struct sctrace_open_opts *opts)
{
	struct sctrace_open_opts o;
	int ret;

	ret = sct_opts__copy(t, opts, &o);
	if (!ret)
		ret = sct_backend__open(t, &o);
	if (ret)
		return ret;
	t->timens = sct_timens_offset();
	t->merge = sct_merge__new(t->sources, t->nsources, sct_clock__monotonic, &t->timens);
	if (!t->merge)
		return sct_fail(t, ENOMEM, "cannot allocate the record merge: %s", strerror(ENOMEM));
	/*
	 * Records wait for the horizon one or two grace periods (16 ms each
	 * measured here, busy or not): at ~9M records/s on one CPU that is
	 * ~11 MB. Four rings' worth per CPU; a reader slower than the probes
	 * leaves the backlog in the rings, which drop and count.
	 */
	sct_merge__limit_queues(t->merge, 4 * t->info.ring_size);
	if (t->ops->sync && t->nsources > 1 && sct_merge__set_sync(t->merge, sct_sync, t))
		return sct_fail(t, errno, "cannot start the reader's sync thread: %s", strerror(errno));
	return 0;
}

struct sctrace *sctrace_open(const struct sctrace_open_opts *opts,
			     char *err, size_t errlen)
{
	struct sctrace *t = calloc(1, sizeof(*t));
	int ret;

	if (!t) {
		if (err && errlen)
			snprintf(err, errlen, "cannot allocate the sctrace handle: %s", strerror(ENOMEM));
		errno = ENOMEM;
		return NULL;
	}
	ret = sct_open__backend(t, opts);
	if (!ret)
		return t;
	if (err && errlen)
		snprintf(err, errlen, "%s", t->errmsg);
	sctrace_close(t);
	errno = -ret;
	return NULL;
}

void sctrace_close(struct sctrace *t)
{
	if (!t)
		return;
	sct_merge__free(t->merge);
	if (t->ops && t->priv)
		t->ops->close(t);
	free(t);
}

const char *sctrace_backend_name(const struct sctrace *t)
{
	return t->ops->name;
}

const char *sctrace_backend_reason(const struct sctrace *t)
{
	return t->reason;
}

const char *sctrace_errmsg(const struct sctrace *t)
{
	return t->errmsg;
}

const struct sctrace_info *sctrace_get_info(const struct sctrace *t)
{
	return &t->info;
}

int sctrace_set_filter(struct sctrace *t, const struct sctrace_filter *f)
{
	int ret;

	if (!f)
		return sct_fail(t, EINVAL, "sctrace_set_filter: no filter given");
	ret = t->ops->set_filter(t, f);
	if (!ret)
		t->childless = false;	/* said of the filter before */
	return ret;
}

int sctrace_set_childless(struct sctrace *t, bool childless)
{
	t->childless = childless;	/* read by the next start */
	return 0;
}

int sctrace_set_wait(struct sctrace *t, bool wait)
{
	if (wait && strcmp(sctrace_backend_name(t), "kmod"))
		return sct_fail(t, EOPNOTSUPP, "the eBPF backend cannot make traced threads wait for the reader (a probe cannot sleep)");
	if (wait && t->info.api_minor < 3)
		return sct_fail(t, EOPNOTSUPP, "the loaded module (API 1.%u) cannot make traced threads wait for the reader: load this sctrace's module",
				(unsigned int)t->info.api_minor);
	t->wait = wait;	/* read by the next start */
	return 0;
}

bool sctrace_get_wait(const struct sctrace *t)
{
	return t->wait;
}

int sctrace_set_snaplen(struct sctrace *t, uint32_t snaplen)
{
	if (snaplen > t->info.max_snaplen)
		return sct_fail(t, EINVAL, "snaplen %u is larger than the maximum %u",
				snaplen, t->info.max_snaplen);
	return t->ops->set_snaplen(t, snaplen);
}

int sctrace_set_capture(struct sctrace *t, const struct sctrace_cap_item *items, size_t n)
{
	char why[160];
	int ret;

	if (n && !items)
		return sct_fail(t, EINVAL, "sctrace_set_capture: %zu items but no array", n);
	ret = sct_capplan__check(items, n, why, sizeof(why));
	if (ret)
		return sct_fail(t, -ret, "invalid capture plan: %s", why);
	return t->ops->set_capture(t, items, n);
}

int sctrace_start(struct sctrace *t, uint64_t watermark)
{
	return t->ops->start(t, watermark);
}

int sctrace_stop(struct sctrace *t)
{
	return t->ops->stop(t);
}

int sctrace_get_counters(struct sctrace *t, struct sctrace_counters *c)
{
	if (!c)
		return sct_fail(t, EINVAL, "sctrace_get_counters: no counters struct given");
	return t->ops->counters(t, c);
}

int sctrace_reset_counters(struct sctrace *t)
{
	return t->ops->reset(t);
}

int sctrace_fd(const struct sctrace *t)
{
	return t->ops->fd(t);
}

int sctrace_poll(struct sctrace *t, int timeout_ms)
{
	struct pollfd pfd = { .fd = sctrace_fd(t), .events = POLLIN, .revents = 0 };
	int n = poll(&pfd, 1, timeout_ms);

	if (n < 0)
		return errno == EINTR ? -EINTR :
		       sct_fail(t, errno, "poll on the %s backend: %s", t->ops->name, strerror(errno));
	return n > 0;
}

int sctrace_next(struct sctrace *t, const struct sctrace_hdr **rec,
		 unsigned int flags)
{
	int ret;

	if (flags & ~SCTRACE_NEXT_DRAIN)
		return sct_fail(t, EINVAL, "sctrace_next: unknown flags 0x%x", flags);
	ret = sct_merge__next(t->merge, rec, flags);
	if (ret == -EBADMSG)
		return sct_fail(t, EBADMSG, "%s: this ring is no longer read",
				sct_merge__errmsg(t->merge));
	if (ret < 0)
		return sct_fail(t, -ret, "cannot keep the records waiting for the time order: %s",
				strerror(-ret));
	return ret;
}
