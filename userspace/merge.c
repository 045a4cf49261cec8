// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Cross-CPU merge by timestamp, in rounds (see merge.h for why). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libsctrace.h"
#include "merge.h"
#include "syncer.h"

/* Records taken from one source, oldest first, waiting for the horizon. */
struct sct_queue {
	uint8_t *buf;
	size_t head, tail, cap;		/* bytes */
	uint64_t newest;		/* ts_ns of the last record pushed */
};

struct sct_merge_src {
	struct sct_source src;
	struct sct_queue q;
	bool full;			/* queue at its limit, records left
					 * in the source
					 */
	bool dead;			/* returned -EBADMSG */
	bool reported;			/* ... and the caller was told */
};

struct sct_merge {
	struct sct_merge_src *srcs;
	size_t n;
	sct_clock_fn clock;
	void *clock_arg;
	struct sct_syncer *syncer;	/* NULL: the horizon is the clock */
	size_t qmax;			/* bytes a queue holds at most */
	uint64_t horizon;
	uint64_t limit;			/* the horizon, or older: see fill_all */
	bool in_round;
	bool drain_round;		/* started by a DRAIN call: no horizon */
	struct sct_merge_src *last;	/* handed out: popped on next call */
	uint64_t picked;		/* records handed out */
	const char *errmsg;
};

/*
 * hdr.ts_ns is ktime_get_mono_fast_ns() (module) or bpf_ktime_get_ns(): the
 * kernel's CLOCK_MONOTONIC, except that around a timekeeping update the
 * fast reading may lag by a few nanoseconds. The horizon is taken this much
 * earlier so that such a lag can never let a later record in.
 */
#define SCT_CLOCK_SLACK_NS	10000u

uint64_t sct_clock__monotonic(void *arg)
{
	const int64_t *timens = arg;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* a time namespace's offset is in our reading, not in the stamps */
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec -
	       (timens ? (uint64_t)*timens : 0) - SCT_CLOCK_SLACK_NS;
}

static const struct sctrace_hdr *sct_queue__head(const struct sct_queue *q)
{
	return q->head < q->tail ? (const struct sctrace_hdr *)(q->buf + q->head) : NULL;
}

static void sct_queue__pop(struct sct_queue *q)
{
	q->head += sct_queue__head(q)->len;
	if (q->head == q->tail)
		q->head = q->tail = 0;
}

/*
 * Copies rec to the tail (every source hands out records of at least a
 * header, hdr.len a multiple of 8). When the buffer is full, moves what is
 * queued to the front if the space read before it is at least as large
 * (so each byte is moved at most about once: a queue read from the front
 * while it fills at the back would otherwise be moved whole again and
 * again; nothing read, nothing to move: a queue never filled has no
 * buffer yet), else grows it. Nothing queued is handed out at that moment.
 */
static int sct_queue__push(struct sct_queue *q, const struct sctrace_hdr *rec)
{
	size_t len = rec->len, cap;
	uint8_t *buf;

	if (q->tail + len > q->cap && q->head && q->head >= q->tail - q->head) {
		memmove(q->buf, q->buf + q->head, q->tail - q->head);
		q->tail -= q->head;
		q->head = 0;
	}
	if (q->tail + len > q->cap) {
		for (cap = q->cap ? 2 * q->cap : 64 << 10; cap < q->tail + len; cap *= 2)
			;
		buf = realloc(q->buf, cap);
		if (!buf)
			return -ENOMEM;
		q->buf = buf;
		q->cap = cap;
	}
	memcpy(q->buf + q->tail, rec, len);
	q->tail += len;
	q->newest = rec->ts_ns;
	return 0;
}

struct sct_merge *sct_merge__new(const struct sct_source *srcs, size_t n,
				 sct_clock_fn clock, void *clock_arg)
{
	struct sct_merge *m = calloc(1, sizeof(*m));
	size_t i;

	if (!m)
		return NULL;
	m->srcs = calloc(n ? n : 1, sizeof(*m->srcs));
	if (!m->srcs) {
		free(m);
		return NULL;
	}
	for (i = 0; i < n; i++)
		m->srcs[i].src = srcs[i];
	m->n = n;
	m->qmax = SIZE_MAX;
	m->clock = clock;
	m->clock_arg = clock_arg;
	return m;
}

int sct_merge__set_sync(struct sct_merge *m, sct_sync_fn sync, void *arg)
{
	m->syncer = sct_syncer__new(sync, arg, m->clock, m->clock_arg);
	return m->syncer ? 0 : -errno;
}

void sct_merge__limit_queues(struct sct_merge *m, size_t bytes)
{
	m->qmax = bytes;
}

uint64_t sct_merge__syncs(const struct sct_merge *m)
{
	return m->syncer ? sct_syncer__count(m->syncer) : 0;
}

void sct_merge__free(struct sct_merge *m)
{
	size_t i;

	if (!m)
		return;
	sct_syncer__free(m->syncer);
	for (i = 0; i < m->n; i++)
		free(m->srcs[i].q.buf);
	free(m->srcs);
	free(m);
}

/*
 * Takes every record a live source has published into its queue and
 * releases it to the producer: the rings are emptied each round, whatever
 * waits for the horizon waits here.
 */
static int sct_merge__fill(const struct sct_merge *m, struct sct_merge_src *s)
{
	const struct sctrace_hdr *rec;
	int ret;

	if (s->dead)
		return 0;
	if (s->src.ops->refresh(s->src.ctx) < 0) {
		s->dead = true;
		return 0;
	}
	s->full = false;
	while ((ret = s->src.ops->peek(s->src.ctx, &rec)) > 0) {
		/* a reader slower than its producers: the rest waits in
		 * the ring, which drops and counts (it holds the record
		 * peeked, not consumed)
		 */
		if (s->q.tail - s->q.head + rec->len > m->qmax) {
			s->full = true;
			return 0;
		}
		if (sct_queue__push(&s->q, rec))
			return -ENOMEM;	/* still in the source: tried again */
		s->src.ops->consume(s->src.ctx);
	}
	if (ret < 0)
		s->dead = true;	/* reported once its queue is empty */
	return 0;
}

/*
 * Fills every queue and sets what may be handed out: up to the horizon,
 * but what a full source left in its ring is newer than what it queued.
 */
static int sct_merge__fill_all(struct sct_merge *m)
{
	size_t i;
	int ret;

	m->limit = m->horizon;
	for (i = 0; i < m->n; i++) {
		ret = sct_merge__fill(m, &m->srcs[i]);
		if (ret)
			return ret;
		if (m->srcs[i].full && m->srcs[i].q.newest < m->limit)
			m->limit = m->srcs[i].q.newest;
	}
	return 0;
}

/*
 * The horizon first, then the snapshots (merge.h). With a syncer the
 * horizon is that of the last sync completed: every record stamped before
 * it is committed, so the refresh that follows sees it.
 */
static int sct_merge__start_round(struct sct_merge *m, unsigned int flags)
{
	bool later = false;
	size_t i;
	int ret;

	m->drain_round = flags & SCTRACE_NEXT_DRAIN;
	if (m->drain_round)
		m->horizon = UINT64_MAX;
	else if (m->syncer)
		m->horizon = sct_syncer__safe(m->syncer);
	else
		m->horizon = m->clock(m->clock_arg);
	ret = sct_merge__fill_all(m);
	if (ret)
		return ret;
	m->in_round = true;
	if (m->drain_round || !m->syncer)
		return 0;
	for (i = 0; i < m->n && !later; i++)
		later = sct_queue__head(&m->srcs[i].q) &&
			m->srcs[i].q.newest > m->horizon;
	if (later)	/* the next horizon, while we hand out this one's */
		sct_syncer__request(m->syncer);
	return 0;
}

/*
 * The oldest queued record at or before the limit, or NULL. Returns
 * -EBADMSG for a dead source whose queue is empty and that was not
 * reported yet (its records before the damage come out first), else 0.
 */
static int sct_merge__pick(struct sct_merge *m, struct sct_merge_src **best)
{
	const struct sctrace_hdr *h, *bh = NULL;
	struct sct_merge_src *s, *b = NULL;
	size_t i;

	for (i = 0; i < m->n; i++) {
		s = &m->srcs[i];
		h = sct_queue__head(&s->q);
		if (!h && s->dead && !s->reported) {
			s->reported = true;
			m->errmsg = s->src.ops->errmsg(s->src.ctx);
			return -EBADMSG;
		}
		if (!h || h->ts_ns > m->limit)
			continue;
		if (!b || h->ts_ns < bh->ts_ns ||
		    (h->ts_ns == bh->ts_ns && s->src.order < b->src.order)) {
			b = s;
			bh = h;
		}
	}
	*best = b;
	return 0;
}

/* The oldest ts_ns queued, UINT64_MAX when the queues are empty. */
static uint64_t sct_merge__oldest(const struct sct_merge *m)
{
	const struct sctrace_hdr *h;
	uint64_t oldest = UINT64_MAX;
	size_t i;

	for (i = 0; i < m->n; i++) {
		h = sct_queue__head(&m->srcs[i].q);
		if (h && h->ts_ns < oldest)
			oldest = h->ts_ns;
	}
	return oldest;
}

/*
 * A sync asked for when a record was queued starts after it was stamped
 * (but for the clock's slack): the one running then, and that one, are
 * enough. A record stamped in the future (a clock gone wrong) waits for a
 * later call instead of blocking this one.
 */
#define SCT_MERGE_MAX_WAITS	3

/*
 * Waits for the next sync to complete, emptying the rings into the queues
 * every few milliseconds meanwhile: a grace period is longer than a busy
 * ring lasts.
 */
#define SCT_MERGE_FILL_MS	2
/* ... and every this many records handed out */
#define SCT_MERGE_FILL_EVERY	4096

static int sct_merge__wait_sync(struct sct_merge *m)
{
	uint64_t seen = sct_syncer__count(m->syncer);
	int ret;

	while (!sct_syncer__wait(m->syncer, seen, SCT_MERGE_FILL_MS)) {
		ret = sct_merge__fill_all(m);
		if (ret)
			return ret;
	}
	return 0;
}

int sct_merge__next(struct sct_merge *m, const struct sctrace_hdr **rec,
		    unsigned int flags)
{
	unsigned int waits = 0;
	bool new_round = false;
	struct sct_merge_src *best;
	int ret;

	if (m->last) {
		sct_queue__pop(&m->last->q);
		m->last = NULL;
	}
	/* a round without horizon cannot go on once DRAIN is dropped */
	if (m->in_round && m->drain_round && !(flags & SCTRACE_NEXT_DRAIN))
		m->in_round = false;
	for (;;) {
		if (!m->in_round) {
			ret = sct_merge__start_round(m, flags);
			if (ret)
				return ret;
			new_round = true;
		}
		ret = sct_merge__pick(m, &best);
		if (ret < 0)
			return ret;
		if (best) {
			/* a long round empties the rings now and then too */
			if (++m->picked % SCT_MERGE_FILL_EVERY == 0) {
				ret = sct_merge__fill_all(m);
				if (ret)
					return ret;
			}
			m->last = best;
			*rec = sct_queue__head(&best->q);
			return 1;
		}
		m->in_round = false;
		/*
		 * Records wait past the horizon and there is nothing else to
		 * hand out: wait for a sync (at most two grace periods), then
		 * a new round. Without a syncer they wait for a later call.
		 */
		if (m->syncer && !(flags & SCTRACE_NEXT_DRAIN) &&
		    sct_merge__oldest(m) != UINT64_MAX && waits < SCT_MERGE_MAX_WAITS) {
			waits++;
			ret = sct_merge__wait_sync(m);
			if (ret)
				return ret;
			continue;
		}
		if (new_round)
			return 0;
	}
}

const char *sct_merge__errmsg(const struct sct_merge *m)
{
	return m->errmsg ? m->errmsg : "";
}
