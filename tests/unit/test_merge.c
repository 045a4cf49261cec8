// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Cross-CPU merge (userspace/merge.c) over scripted sources: timestamp
 * order, ties, the horizon that keeps a migrating thread in order, drain,
 * when records are consumed, and a malformed source.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "libsctrace.h"
#include "merge.h"

#define MAX_RECS 8

/*
 * A source whose record i becomes visible at the visible_at[i]-th refresh
 * (1 = the first), like a record the producer commits between two rounds.
 */
struct fake_src {
	struct sctrace_hdr recs[MAX_RECS];
	unsigned int visible_at[MAX_RECS];
	size_t n, snap, pos;
	unsigned int refreshes, consumed;
	int bad_at;		/* index that peek reports malformed, or -1 */
	char name[16];
};

static int fake_refresh(void *ctx)
{
	struct fake_src *s = ctx;

	s->refreshes++;
	while (s->snap < s->n && s->visible_at[s->snap] <= s->refreshes)
		s->snap++;
	return 0;
}

static int fake_peek(void *ctx, const struct sctrace_hdr **rec)
{
	struct fake_src *s = ctx;

	if (s->pos >= s->snap)
		return 0;
	if ((int)s->pos == s->bad_at)
		return -EBADMSG;
	*rec = &s->recs[s->pos];
	return 1;
}

static void fake_consume(void *ctx)
{
	struct fake_src *s = ctx;

	s->pos++;
	s->consumed++;
}

static const char *fake_errmsg(void *ctx)
{
	return ((struct fake_src *)ctx)->name;
}

static const struct sct_source_ops fake_ops = {
	.refresh = fake_refresh, .peek = fake_peek,
	.consume = fake_consume, .errmsg = fake_errmsg,
};

static void fake_init(struct fake_src *s, unsigned int cpu)
{
	memset(s, 0, sizeof(*s));
	s->bad_at = -1;
	snprintf(s->name, sizeof(s->name), "bad cpu %u", cpu);
}

/* Adds a record of thread tid stamped ts, visible from refresh `at` on. */
static void fake_add(struct fake_src *s, uint64_t ts, uint32_t tid, unsigned int at)
{
	s->recs[s->n] = (struct sctrace_hdr){ .len = 24, .type = SCTRACE_REC_EXIT,
					      .tid = tid, .tgid = tid, .ts_ns = ts };
	s->visible_at[s->n++] = at;
}

/* A clock that returns the scripted values, then repeats the last one. */
struct fake_clock {
	uint64_t now[8];
	unsigned int n, calls;
};

static uint64_t fake_now(void *arg)
{
	struct fake_clock *c = arg;
	unsigned int i = c->calls < c->n ? c->calls : c->n - 1;

	c->calls++;
	return c->now[i];
}

struct fixture {
	struct fake_src src[2];
	struct fake_clock clock;
	struct sct_merge *m;
};

static struct fixture fx;

static int setup(void **state)
{
	memset(&fx, 0, sizeof(fx));
	fake_init(&fx.src[0], 0);
	fake_init(&fx.src[1], 1);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	sct_merge__free(f->m);
	return 0;
}

/* The merge over src[0] (CPU 0) and src[1] (CPU 1), given in `first` order. */
static void make_merge(struct fixture *f, unsigned int first)
{
	struct sct_source s[2] = {
		{ .ops = &fake_ops, .ctx = &f->src[first], .order = first },
		{ .ops = &fake_ops, .ctx = &f->src[!first], .order = !first },
	};

	f->m = sct_merge__new(s, 2, fake_now, &f->clock);
	assert_non_null(f->m);
}

static void set_clock(struct fixture *f, unsigned int n, const uint64_t *now)
{
	memcpy(f->clock.now, now, n * sizeof(*now));
	f->clock.n = n;
}

static void expect_next(struct fixture *f, unsigned int flags, uint64_t ts, uint32_t tid)
{
	const struct sctrace_hdr *rec = NULL;

	assert_int_equal(1, sct_merge__next(f->m, &rec, flags));
	assert_non_null(rec);
	assert_int_equal(ts, rec->ts_ns);
	assert_int_equal(tid, rec->tid);
}

static void expect_none(struct fixture *f, unsigned int flags)
{
	const struct sctrace_hdr *rec = NULL;

	assert_int_equal(0, sct_merge__next(f->m, &rec, flags));
}

static void interleaved_cpus_come_out_in_ts_order(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 1000 };

	fake_add(&f->src[0], 10, 1, 1);
	fake_add(&f->src[0], 30, 1, 1);
	fake_add(&f->src[0], 50, 1, 1);
	fake_add(&f->src[1], 20, 2, 1);
	fake_add(&f->src[1], 40, 2, 1);
	fake_add(&f->src[1], 60, 2, 1);
	set_clock(f, 1, now);
	make_merge(f, 0);
	expect_next(f, 0, 10, 1);
	expect_next(f, 0, 20, 2);
	expect_next(f, 0, 30, 1);
	expect_next(f, 0, 40, 2);
	expect_next(f, 0, 50, 1);
	expect_next(f, 0, 60, 2);
	expect_none(f, 0);
}

static void equal_timestamps_lower_cpu_first(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 1000 };

	fake_add(&f->src[0], 10, 100, 1);
	fake_add(&f->src[0], 20, 100, 1);
	fake_add(&f->src[1], 10, 101, 1);
	fake_add(&f->src[1], 20, 101, 1);
	set_clock(f, 1, now);
	make_merge(f, 1);	/* CPU 1 listed first: order must still win */
	expect_next(f, 0, 10, 100);
	expect_next(f, 0, 10, 101);
	expect_next(f, 0, 20, 100);
	expect_next(f, 0, 20, 101);
	expect_none(f, 0);
}

static void record_after_horizon_waits_for_next_round(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 200, 250, 400 };

	fake_add(&f->src[0], 100, 1, 1);
	fake_add(&f->src[0], 300, 1, 1);
	set_clock(f, 3, now);
	make_merge(f, 0);
	expect_next(f, 0, 100, 1);
	assert_int_equal(1, f->clock.calls);
	/* 300 > horizon 200; the next round's horizon 250 still excludes it */
	expect_none(f, 0);
	assert_int_equal(2, f->clock.calls);
	/* horizon 400 */
	expect_next(f, 0, 300, 1);
	assert_int_equal(3, f->clock.calls);
	/* every round reads the clock before it refreshes the sources */
	assert_int_equal(3, f->src[0].refreshes);
	assert_int_equal(3, f->src[1].refreshes);
}

/*
 * Thread 7 writes A (ts 115) on CPU 0, migrates, writes B (ts 150) on
 * CPU 1. A is committed only after the reader took CPU 0's snapshot, B is
 * in CPU 1's. Without the horizon B would come out before A.
 */
static void migrated_thread_stays_in_order(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 120, 200 };

	fake_add(&f->src[0], 115, 7, 2);	/* A: visible from round 2 */
	fake_add(&f->src[1], 150, 7, 1);	/* B: visible at once */
	set_clock(f, 2, now);
	make_merge(f, 0);
	expect_none(f, 0);	/* round 1: B is past the horizon, held back */
	expect_next(f, 0, 115, 7);
	expect_next(f, 0, 150, 7);
	expect_none(f, 0);
}

static void drain_ignores_the_horizon(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 0 };

	fake_add(&f->src[0], 300, 1, 1);
	fake_add(&f->src[1], 100, 2, 1);
	fake_add(&f->src[1], 200, 2, 1);
	set_clock(f, 1, now);
	make_merge(f, 0);
	expect_none(f, 0);	/* horizon 0: everything held back */
	expect_next(f, SCTRACE_NEXT_DRAIN, 100, 2);
	expect_next(f, SCTRACE_NEXT_DRAIN, 200, 2);
	expect_next(f, SCTRACE_NEXT_DRAIN, 300, 1);
	expect_none(f, SCTRACE_NEXT_DRAIN);
	assert_int_equal(1, f->clock.calls);	/* only the round without DRAIN */
}

static void horizon_returns_when_drain_is_dropped(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 200 };

	fake_add(&f->src[0], 100, 1, 1);
	fake_add(&f->src[0], 300, 1, 1);
	set_clock(f, 1, now);
	make_merge(f, 0);
	expect_next(f, SCTRACE_NEXT_DRAIN, 100, 1);
	assert_int_equal(0, f->clock.calls);
	expect_none(f, 0);	/* a new round, horizon 200: 300 waits */
	assert_int_equal(1, f->clock.calls);
	expect_next(f, SCTRACE_NEXT_DRAIN, 300, 1);
}

/*
 * A round takes everything a source published into the merge's queue and
 * releases it at once (the producer gets its ring space back while records
 * wait for the horizon); a record handed out stays valid until the next
 * call, and later ones are still there after it.
 */
static void records_are_taken_from_the_source_each_round(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 15, 15, 1000 };
	const struct sctrace_hdr *rec = NULL;

	fake_add(&f->src[0], 10, 1, 1);
	fake_add(&f->src[0], 20, 1, 1);
	fake_add(&f->src[0], 30, 1, 3);
	set_clock(f, 3, now);
	make_merge(f, 0);
	assert_int_equal(1, sct_merge__next(f->m, &rec, 0));
	assert_int_equal(10, rec->ts_ns);
	assert_int_equal(2, f->src[0].consumed);	/* 20 waits in the queue */
	assert_int_equal(0, f->src[1].consumed);
	expect_none(f, 0);	/* 20 is past the horizon 15 */
	expect_next(f, 0, 20, 1);
	expect_next(f, 0, 30, 1);
	assert_int_equal(3, f->src[0].consumed);
	expect_none(f, 0);
}

/*
 * A queue holds at most its limit: the rest stays in the source (a ring
 * would drop and count), and nothing newer than what the full source
 * queued comes out before it, so the order holds.
 */
static void full_queue_leaves_the_rest_in_the_source(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 1000 };

	fake_add(&f->src[0], 10, 1, 1);
	fake_add(&f->src[0], 20, 1, 1);
	fake_add(&f->src[0], 30, 1, 1);
	fake_add(&f->src[0], 40, 1, 1);
	fake_add(&f->src[1], 25, 2, 1);
	fake_add(&f->src[1], 35, 2, 1);
	set_clock(f, 1, now);
	make_merge(f, 0);
	sct_merge__limit_queues(f->m, 2 * 24);
	expect_next(f, 0, 10, 1);
	assert_int_equal(2, f->src[0].consumed);	/* 30 and 40 left */
	expect_next(f, 0, 20, 1);
	expect_next(f, 0, 25, 2);	/* 35 waits: CPU 0 may hold older */
	expect_next(f, 0, 30, 1);
	expect_next(f, 0, 35, 2);
	expect_next(f, 0, 40, 1);
	expect_none(f, 0);
}

static void malformed_source_is_reported_once_others_go_on(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 1000 };
	const struct sctrace_hdr *rec;

	fake_add(&f->src[0], 10, 1, 1);
	fake_add(&f->src[0], 30, 1, 1);	/* malformed */
	fake_add(&f->src[0], 50, 1, 1);
	fake_add(&f->src[1], 20, 2, 1);
	fake_add(&f->src[1], 40, 2, 1);
	f->src[0].bad_at = 1;
	set_clock(f, 1, now);
	make_merge(f, 0);
	expect_next(f, 0, 10, 1);
	assert_int_equal(-EBADMSG, sct_merge__next(f->m, &rec, 0));
	assert_string_equal("bad cpu 0", sct_merge__errmsg(f->m));
	expect_next(f, 0, 20, 2);
	expect_next(f, 0, 40, 2);
	expect_none(f, 0);
	expect_none(f, SCTRACE_NEXT_DRAIN);
}

/* A call that finds no round running tries one; nothing there: 0. */
static void empty_sources_cost_one_round_per_call(void **state)
{
	struct fixture *f = *state;
	static const uint64_t now[] = { 1000 };

	set_clock(f, 1, now);
	make_merge(f, 0);
	expect_none(f, 0);
	assert_int_equal(1, f->clock.calls);
	assert_int_equal(1, f->src[0].refreshes);
	assert_int_equal(1, f->src[1].refreshes);
	expect_none(f, 0);
	assert_int_equal(2, f->clock.calls);
}

#define MERGE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		MERGE_TEST(interleaved_cpus_come_out_in_ts_order),
		MERGE_TEST(equal_timestamps_lower_cpu_first),
		MERGE_TEST(record_after_horizon_waits_for_next_round),
		MERGE_TEST(migrated_thread_stays_in_order),
		MERGE_TEST(drain_ignores_the_horizon),
		MERGE_TEST(horizon_returns_when_drain_is_dropped),
		MERGE_TEST(records_are_taken_from_the_source_each_round),
		MERGE_TEST(full_queue_leaves_the_rest_in_the_source),
		MERGE_TEST(malformed_source_is_reported_once_others_go_on),
		MERGE_TEST(empty_sources_cost_one_round_per_call),
	};

	return cmocka_run_group_tests_name("merge", tests, NULL, NULL);
}
