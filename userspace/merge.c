// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Cross-CPU merge by timestamp, in rounds (see merge.h for why). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "libsctrace.h"
#include "merge.h"

struct sct_merge_src {
	struct sct_source src;
	const struct sctrace_hdr *head;	/* peeked, not consumed yet */
	bool dead;			/* returned -EBADMSG */
	bool reported;			/* ... and the caller was told */
};

struct sct_merge {
	struct sct_merge_src *srcs;
	size_t n;
	sct_clock_fn clock;
	void *clock_arg;
	sct_sync_fn sync;
	void *sync_arg;
	uint64_t horizon;
	bool in_round;
	bool drain_round;		/* started by a DRAIN call: no horizon */
	struct sct_merge_src *last;	/* handed out: consume on next call */
	const char *errmsg;
};

/*
 * hdr.ts_ns is ktime_get_mono_fast_ns() (module) or bpf_ktime_get_ns(): the
 * same clock as CLOCK_MONOTONIC, except that around a timekeeping update the
 * fast reading may lag by a few nanoseconds. The horizon is taken this much
 * earlier so that such a lag can never let a later record in.
 */
#define SCT_CLOCK_SLACK_NS	10000u

uint64_t sct_clock__monotonic(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec -
	       SCT_CLOCK_SLACK_NS;
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
	m->clock = clock;
	m->clock_arg = clock_arg;
	return m;
}

void sct_merge__set_sync(struct sct_merge *m, sct_sync_fn sync, void *arg)
{
	m->sync = sync;
	m->sync_arg = arg;
}

void sct_merge__free(struct sct_merge *m)
{
	if (!m)
		return;
	free(m->srcs);
	free(m);
}

static void sct_merge__refresh(struct sct_merge *m)
{
	struct sct_merge_src *s;
	size_t i;

	for (i = 0; i < m->n; i++) {
		s = &m->srcs[i];
		if (!s->dead && s->src.ops->refresh(s->src.ctx) < 0)
			s->dead = true;
	}
}

/* Peeks a live source's oldest record into s->head unless it has one. */
static void sct_merge__peek(struct sct_merge_src *s)
{
	int ret;

	if (s->dead || s->head)
		return;
	ret = s->src.ops->peek(s->src.ctx, &s->head);
	if (ret <= 0)
		s->head = NULL;
	if (ret < 0)
		s->dead = true;	/* reported by the next pick */
}

/* Does any live source hold a record (peeked now, kept as its head)? */
static bool sct_merge__any(struct sct_merge *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		sct_merge__peek(&m->srcs[i]);
		if (m->srcs[i].head)
			return true;
	}
	return false;
}

static void sct_merge__start_round(struct sct_merge *m, unsigned int flags)
{
	/* the horizon, the sync, then the snapshots: see merge.h */
	m->drain_round = flags & SCTRACE_NEXT_DRAIN;
	m->horizon = m->drain_round ? UINT64_MAX : m->clock(m->clock_arg);
	sct_merge__refresh(m);
	if (!m->drain_round && m->sync && m->n > 1 && sct_merge__any(m)) {
		m->sync(m->sync_arg);
		sct_merge__refresh(m);
	}
	m->in_round = true;
}

/*
 * The oldest record of the round, or NULL. Returns -EBADMSG for a source
 * found dead and not reported yet, else 0.
 */
static int sct_merge__pick(struct sct_merge *m, uint64_t horizon,
			   struct sct_merge_src **best)
{
	struct sct_merge_src *s, *b = NULL;
	size_t i;

	for (i = 0; i < m->n; i++) {
		s = &m->srcs[i];
		sct_merge__peek(s);
		if (s->dead) {
			if (s->reported)
				continue;
			s->reported = true;
			m->errmsg = s->src.ops->errmsg(s->src.ctx);
			return -EBADMSG;
		}
		if (!s->head || s->head->ts_ns > horizon)
			continue;
		if (!b || s->head->ts_ns < b->head->ts_ns ||
		    (s->head->ts_ns == b->head->ts_ns && s->src.order < b->src.order))
			b = s;
	}
	*best = b;
	return 0;
}

int sct_merge__next(struct sct_merge *m, const struct sctrace_hdr **rec,
		    unsigned int flags)
{
	bool new_round = false;
	struct sct_merge_src *best;
	uint64_t horizon;
	int ret;

	if (m->last) {
		m->last->src.ops->consume(m->last->src.ctx);
		m->last->head = NULL;
		m->last = NULL;
	}
	/* a round without horizon cannot go on once DRAIN is dropped */
	if (m->in_round && m->drain_round && !(flags & SCTRACE_NEXT_DRAIN))
		m->in_round = false;
	for (;;) {
		if (!m->in_round) {
			sct_merge__start_round(m, flags);
			new_round = true;
		}
		horizon = (flags & SCTRACE_NEXT_DRAIN) ? UINT64_MAX : m->horizon;
		ret = sct_merge__pick(m, horizon, &best);
		if (ret < 0)
			return ret;
		if (best) {
			m->last = best;
			*rec = best->head;
			return 1;
		}
		m->in_round = false;
		if (new_round)
			return 0;
	}
}

const char *sct_merge__errmsg(const struct sct_merge *m)
{
	return m->errmsg ? m->errmsg : "";
}
