// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Capture file writer (see capfile.h): records are copied as they are into
 * a large buffer, which goes to the file in one write() when it is full.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capfile.h"

#define SCT_CAPW_BUF	(1u << 20)

struct sct_capw {
	int fd;
	const char *name;
	uint8_t *buf;		/* SCT_CAPW_BUF bytes after the struct */
	size_t used;
	uint64_t records;
	int err;		/* first error, sticky */
	char errmsg[256];
};

static int sct_capw__fail(struct sct_capw *w, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->errmsg, sizeof(w->errmsg), fmt, ap);
	va_end(ap);
	w->err = -err;
	return w->err;
}

static uint64_t sct_clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The wall clock, and the monotonic clock halfway through reading it. */
static void sct_capw__anchor(struct sct_cap_header *h)
{
	uint64_t before = sct_clock_ns(CLOCK_MONOTONIC);

	h->realtime_ns = sct_clock_ns(CLOCK_REALTIME);
	h->monotonic_ns = before + (sct_clock_ns(CLOCK_MONOTONIC) - before) / 2;
}

static void sct_capw__header(struct sct_cap_header *h, const struct sct_cap_meta *m)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, SCT_CAP_MAGIC, sizeof(h->magic));
	h->byte_order = SCT_CAP_BYTE_ORDER;
	h->version = SCT_CAP_VERSION;
	h->header_size = sizeof(*h);
	h->api_major = SCTRACE_API_VERSION_MAJOR;
	h->api_minor = SCTRACE_API_VERSION_MINOR;
	h->schema_version = SCTRACE_SCHEMA_VERSION;
	strncpy(h->backend, m->backend, sizeof(h->backend) - 1);
	h->snaplen = m->snaplen;
	h->nr_cpus = m->nr_cpus;
	h->ring_size = m->ring_size;
	h->max_tgids = m->max_tgids;
	sct_capw__anchor(h);
}

static int sct_capw__write(struct sct_capw *w, const void *p, size_t n)
{
	const uint8_t *b = p;
	ssize_t done;

	while (n) {
		done = write(w->fd, b, n);
		if (done < 0 && errno == EINTR)
			continue;
		if (done < 0)
			return sct_capw__fail(w, errno, "cannot write %s: %s", w->name,
					      strerror(errno));
		b += done;
		n -= (size_t)done;
	}
	return 0;
}

static int sct_capw__flush(struct sct_capw *w)
{
	int ret = sct_capw__write(w, w->buf, w->used);

	w->used = 0;
	return ret;
}

static int sct_capw__append(struct sct_capw *w, const void *p, size_t n)
{
	if (w->err)
		return w->err;
	if (n > SCT_CAPW_BUF - w->used && sct_capw__flush(w) < 0)
		return w->err;
	if (n > SCT_CAPW_BUF)
		return sct_capw__write(w, p, n);
	memcpy(w->buf + w->used, p, n);
	w->used += n;
	return 0;
}

struct sct_capw *sct_capw__open(int fd, const char *name, const struct sct_cap_meta *m,
				char *err, size_t errlen)
{
	struct sct_capw *w = calloc(1, sizeof(*w) + SCT_CAPW_BUF);
	struct sct_cap_header h;

	if (!w) {
		snprintf(err, errlen, "cannot write %s: %s", name, strerror(errno));
		return NULL;
	}
	w->buf = (uint8_t *)(w + 1);
	w->fd = fd;
	w->name = name;
	sct_capw__header(&h, m);
	sct_capw__append(w, &h, sizeof(h));
	return w;
}

int sct_capw__record(struct sct_capw *w, const struct sctrace_hdr *rec)
{
	int ret = sct_capw__append(w, rec, rec->len);

	if (!ret)
		w->records++;
	return ret;
}

int sct_capw__finish(struct sct_capw *w, const struct sctrace_counters *c)
{
	struct sct_cap_trailer tr;

	memset(&tr, 0, sizeof(tr));
	tr.hdr.len = sizeof(tr);
	tr.hdr.type = SCT_CAP_REC_TRAILER;
	tr.hdr.ts_ns = sct_clock_ns(CLOCK_MONOTONIC);
	tr.records = w->records;
	tr.counters = *c;
	if (sct_capw__append(w, &tr, sizeof(tr)) < 0)
		return w->err;
	return sct_capw__flush(w);
}

const char *sct_capw__errmsg(const struct sct_capw *w)
{
	return w->errmsg;
}

void sct_capw__free(struct sct_capw *w)
{
	free(w);
}
