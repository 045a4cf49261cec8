// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The ring consumer (userspace/ring.c) against a ring whose bytes change
 * under it, as they can when a forked process kept the mapping or (eBPF)
 * anyone holding the map fd writes it: a second thread keeps rewriting
 * lengths, types, string counts and string lengths of published records
 * while the reader peeks, prints every record it is handed out
 * (format.c) and writes it to a capture (capfile_write.c).
 *
 * Whatever the ring says, the reader must stay inside the record it
 * checked: the ring is on the heap and this test is built with
 * AddressSanitizer (userspace/build.mk), so a read past it stops the test;
 * and a record handed out must be exactly the bytes that were checked,
 * unchanged while the caller holds it, its string items inside it.
 *
 * Seeded: the seed is printed, SCT_RACE_SEED=<seed> repeats its
 * mutations (not the interleaving of the two threads). Bounded by
 * RACE_EPISODES and RACE_NS, whichever comes first.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "capfile.h"
#include "format.h"
#include "items.h"
#include "record.h"
#include "ring.h"
#include "ring_mem.h"

#define RING_SIZE	(32u << 10)	/* so that a lying string length runs past it */
#define RACE_RECORDS	16		/* published per episode */
#define RACE_EPISODES	200000
#define RACE_NS		1500000000ull
#define RACE_SNAPLEN	200		/* RACE_RECORDS of the longest fit the ring */
#define RACE_HEAD_START	1		/* changes made before the reader starts */

_Static_assert(RACE_RECORDS * (sizeof(struct sctrace_sys_enter) +
			      SCTRACE_MAX_ARGS * SCTRACE_ITEM_SIZE(RACE_SNAPLEN)) <= RING_SIZE,
	       "an episode's records may not fit the ring");

enum { RUN, PARK, QUIT };

struct race {
	struct ring_mem mem;
	struct sct_ring ring;
	pthread_t mutator;
	int phase;			/* RUN, PARK, QUIT: reader -> mutator */
	int parked;			/* mutator -> reader: not writing */
	uint64_t mutations;		/* mutator -> reader: changes made */
	/* this episode's records, as published (read by the mutator) */
	unsigned int nrec;
	uint64_t pos[RACE_RECORDS];
	uint32_t len[RACE_RECORDS];
	uint16_t item[RACE_RECORDS][SCTRACE_MAX_ARGS];	/* string item offsets */
	unsigned int nitem[RACE_RECORDS];
	uint64_t mseed;			/* the mutator's PRNG state */
	FILE *out;			/* /dev/null */
	int capfd;			/* /dev/null */
	struct sct_capw *capw;
	uint64_t handed_out, enters, dead, changed;
};

/* xorshift64*: small, and the same sequence for the same seed */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static uint32_t rnd_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)((rnd(s) >> 32) % n);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint8_t *at(struct race *r, uint64_t pos)
{
	return r->mem.data + (pos & (RING_SIZE - 1));
}

/* A field of n (1, 2 or 4) bytes, read or written in one access. */
static uint32_t peek_n(const uint8_t *p, size_t n)
{
	if (n == 4)
		return __atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED);
	if (n == 2)
		return __atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED);
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void poke_n(uint8_t *p, size_t n, uint32_t v)
{
	if (n == 4)
		__atomic_store_n((uint32_t *)p, v, __ATOMIC_RELAXED);
	else if (n == 2)
		__atomic_store_n((uint16_t *)p, (uint16_t)v, __ATOMIC_RELAXED);
	else
		__atomic_store_n(p, (uint8_t)v, __ATOMIC_RELAXED);
}

/* A length that lies: the ring's size, far more, a little more, garbage. */
static uint32_t bad_len(uint64_t *s, uint32_t len)
{
	switch (rnd_below(s, 5)) {
	case 0: return 0xfffffff8u;
	case 1: return RING_SIZE;
	case 2: return len + 8 * (1 + rnd_below(s, 64));
	case 3: return (uint32_t)rnd(s) & ~7u;
	}
	return (uint32_t)rnd(s);
}

/*
 * Where a field of n bytes at offset off of record i is, or the last n
 * bytes of the record when it is shorter (only published bytes change).
 */
static uint8_t *field(struct race *r, unsigned int i, size_t off, size_t n)
{
	return at(r, r->pos[i]) + (off + n <= r->len[i] ? off : r->len[i] - n);
}

/* The offset of one of record i's string items, or where a first would be. */
static size_t some_item(struct race *r, unsigned int i, uint64_t *s)
{
	if (!r->nitem[i])
		return sizeof(struct sctrace_sys_enter);
	return r->item[i][rnd_below(s, r->nitem[i])];
}

/*
 * One change to record i, undone a moment later, so that a reader may see
 * it valid at one read and lying at the next. (Changes left in place would
 * pile up while the reader waits for a CPU, and every ring would be
 * garbage by the time it is read.)
 */
static void mutate_once(struct race *r, uint64_t *s)
{
	unsigned int i = rnd_below(s, r->nrec), spin;
	uint32_t len = r->len[i], v, old;
	size_t off, n;
	uint8_t *p;

	switch (rnd_below(s, 6)) {
	case 0:		/* hdr.len */
		off = offsetof(struct sctrace_hdr, len);
		n = 4;
		v = bad_len(s, len);
		break;
	case 1:		/* hdr.type */
		off = offsetof(struct sctrace_hdr, type);
		n = 2;
		v = rnd_below(s, 3) ? rnd_below(s, 6) : (uint32_t)rnd(s);
		break;
	case 2:		/* nitem, as if this were an enter record */
		off = offsetof(struct sctrace_sys_enter, nitem);
		n = 2;
		v = rnd_below(s, 2) ? SCTRACE_MAX_ARGS : (uint32_t)rnd(s);
		break;
	case 3:		/* a string item's len */
		off = some_item(r, i, s) + offsetof(struct sctrace_item, len);
		n = 2;
		v = rnd_below(s, 2) ? 0xffff : (uint32_t)rnd(s);
		break;
	case 4:		/* a string item's arg */
		off = some_item(r, i, s) + offsetof(struct sctrace_item, arg);
		n = 1;
		v = rnd_below(s, 8);
		break;
	default:	/* any 4 bytes of the record */
		off = 4 * rnd_below(s, len / 4);
		n = 4;
		v = (uint32_t)rnd(s);
		break;
	}
	p = field(r, i, off, n);
	old = peek_n(p, n);
	poke_n(p, n, v);
	for (spin = rnd_below(s, 64); spin; spin--)
		__asm__ volatile("" ::: "memory");
	poke_n(p, n, old);
}

static void *mutator(void *arg)
{
	struct race *r = arg;
	int phase;

	for (;;) {
		phase = __atomic_load_n(&r->phase, __ATOMIC_ACQUIRE);
		if (phase == QUIT)
			return NULL;
		if (phase == PARK) {
			__atomic_store_n(&r->parked, 1, __ATOMIC_RELEASE);
			sched_yield();
			continue;
		}
		mutate_once(r, &r->mseed);
		__atomic_fetch_add(&r->mutations, 1, __ATOMIC_RELEASE);
	}
}

/* Lets the mutator run; returns once it made RACE_HEAD_START changes. */
static void unpark(struct race *r)
{
	uint64_t from = __atomic_load_n(&r->mutations, __ATOMIC_RELAXED);

	__atomic_store_n(&r->phase, RUN, __ATOMIC_RELEASE);
	while (__atomic_load_n(&r->mutations, __ATOMIC_ACQUIRE) - from < RACE_HEAD_START)
		sched_yield();
}

/* Returns once the mutator is not writing (and will not until RUN). */
static void park(struct race *r)
{
	__atomic_store_n(&r->parked, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->phase, PARK, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&r->parked, __ATOMIC_ACQUIRE))
		sched_yield();
}

/*
 * A valid record of a random type (enter records with 0..6 strings, their
 * offsets in item[], their number in *nitem).
 */
static uint32_t build_record(uint64_t *s, uint64_t *buf, uint64_t ts,
			     uint16_t item_off[SCTRACE_MAX_ARGS], unsigned int *nitem)
{
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)buf;
	struct sctrace_hdr *h = (struct sctrace_hdr *)buf;
	struct sctrace_item *item;
	unsigned int type = 1 + rnd_below(s, SCTRACE_REC_TYPE_MAX), a, i;
	size_t len = sct_record__min_len(type), n;

	memset(buf, 0, SCTRACE_MAX_RECORD);
	*nitem = 0;
	if (type == SCTRACE_REC_SYS_ENTER) {
		e->nr = rnd_below(s, 512);
		for (a = 0; a < SCTRACE_MAX_ARGS; a++)
			e->args[a] = rnd(s);
		for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
			if (rnd_below(s, 2))
				continue;
			item_off[(*nitem)++] = (uint16_t)len;
			item = (struct sctrace_item *)((uint8_t *)buf + len);
			n = rnd_below(s, RACE_SNAPLEN + 1);
			*item = (struct sctrace_item){ .len = (uint16_t)n, .arg = (uint8_t)a,
						      .flags = 0 };
			for (i = 0; i < n; i++)
				((char *)(item + 1))[i] = (char)(' ' + rnd_below(s, 95));
			len += SCTRACE_ITEM_SIZE(n);
			e->nitem++;
		}
		len = (len + 7) & ~(size_t)7;
	} else {
		for (i = sizeof(*h) / 8; i < len / 8; i++)
			buf[i] = rnd(s);
	}
	*h = (struct sctrace_hdr){ .len = (uint32_t)len, .type = (uint16_t)type, .cpu = 0,
				   .tid = 7, .tgid = 7, .ts_ns = ts };
	return (uint32_t)len;
}

/* A fresh ring at a random position, RACE_RECORDS records published. */
static void publish_episode(struct race *r, uint64_t *s)
{
	static uint64_t buf[SCTRACE_MAX_RECORD / 8];
	uint64_t start = (rnd(s) & 0xffffffffffull) * 8;
	unsigned int i;

	r->mem.ctrl->prod_pos = start;
	r->mem.ctrl->cons_pos = start;
	r->mem.prod = start;
	for (i = 0; i < RACE_RECORDS; i++) {
		r->pos[i] = r->mem.prod;
		r->len[i] = build_record(s, buf, start + i, r->item[i], &r->nitem[i]);
		ring_mem__write(&r->mem, buf, r->len[i]);
	}
	r->nrec = RACE_RECORDS;
	ring_mem__publish(&r->mem);
	sct_ring__init(&r->ring, r->mem.ctrl, r->mem.data, RING_SIZE, 0);
}

/*
 * What a caller does with a record, then what it may rely on: the length
 * peek checked is the record's, the string walk stays inside it, and the
 * bytes did not change while it was held.
 */
static void use_record(struct race *r, const struct sctrace_hdr *rec)
{
	static uint64_t snap[SCTRACE_MAX_RECORD / 8];
	const uint8_t *base = (const uint8_t *)rec;
	const struct sctrace_item *it;
	struct sct_items items;
	uint32_t len = r->ring.cur_len;	/* what peek checked */
	unsigned int a;

	assert_in_range(len, sizeof(struct sctrace_hdr), SCTRACE_MAX_RECORD);
	memcpy(snap, rec, len);
	sct_format__record(r->out, rec);	/* a malformed one is fine: in bounds */
	assert_int_equal(0, sct_capw__record(r->capw, rec));
	assert_int_equal(len, rec->len);
	if (rec->type == SCTRACE_REC_SYS_ENTER) {
		r->enters++;
		if (sct_items__walk(rec, &items, NULL, 0) == 0) {
			for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
				it = items.arg[a];
				if (!it)
					continue;
				assert_true((const uint8_t *)it >= base + sizeof(struct sctrace_sys_enter));
				assert_true((const uint8_t *)it + SCTRACE_ITEM_SIZE(it->len) <= base + len);
			}
		}
	}
	assert_memory_equal(snap, rec, len);
	r->handed_out++;
}

/* Reads the episode's ring until it is empty or found malformed. */
static void read_episode(struct race *r)
{
	const struct sctrace_hdr *rec;
	int ret;

	assert_int_equal(0, sct_ring__refresh(&r->ring));
	for (;;) {
		ret = sct_ring__peek(&r->ring, &rec);
		if (ret == 0)
			return;
		if (ret < 0) {
			assert_int_equal(-EBADMSG, ret);
			r->dead++;
			if (strstr(sct_ring__errmsg(&r->ring), "changed while it was read"))
				r->changed++;
			return;
		}
		use_record(r, rec);
		sct_ring__consume(&r->ring);
	}
}

static uint64_t race_seed(void)
{
	const char *env = getenv("SCT_RACE_SEED");

	if (env && *env)
		return strtoull(env, NULL, 0);
	return now_ns() ^ ((uint64_t)getpid() << 32);
}

static int setup(void **state)
{
	static struct race r;
	struct sct_cap_meta meta = { .backend = "test", .snaplen = RACE_SNAPLEN, .nr_cpus = 1,
				     .ring_size = RING_SIZE, .max_tgids = SCTRACE_MAX_TGIDS };
	char err[256];

	if (ring_mem__init_heap(&r.mem, RING_SIZE, 0))
		return -1;
	r.out = fopen("/dev/null", "w");
	r.capfd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (!r.out || r.capfd < 0)
		return -1;
	r.capw = sct_capw__open(r.capfd, "/dev/null", &meta, err, sizeof(err));
	if (!r.capw)
		return -1;
	r.phase = PARK;
	if (pthread_create(&r.mutator, NULL, mutator, &r))
		return -1;
	*state = &r;
	return 0;
}

static int teardown(void **state)
{
	struct race *r = *state;

	__atomic_store_n(&r->phase, QUIT, __ATOMIC_RELEASE);
	pthread_join(r->mutator, NULL);
	sct_capw__free(r->capw);
	close(r->capfd);
	fclose(r->out);
	ring_mem__fini(&r->mem);
	return 0;
}

static void reader_stays_inside_records_that_change(void **state)
{
	struct race *r = *state;
	uint64_t seed = race_seed(), s, t0 = now_ns();
	unsigned int ep;

	print_message("# seed 0x%" PRIx64 " (SCT_RACE_SEED=0x%" PRIx64 " repeats it)\n",
		      seed, seed);
	s = seed | 1;
	r->mseed = (seed ^ 0x9e3779b97f4a7c15ULL) | 1;
	for (ep = 0; ep < RACE_EPISODES && now_ns() - t0 < RACE_NS; ep++) {
		park(r);
		publish_episode(r, &s);
		unpark(r);
		read_episode(r);
	}
	park(r);
	print_message("# %u episodes, %" PRIu64 " changes, %" PRIu64 " records handed out (%" PRIu64
		      " enter), %" PRIu64 " rings found malformed (%" PRIu64
		      " caught changing during the copy)\n",
		      ep, r->mutations, r->handed_out, r->enters, r->dead, r->changed);
	/* both ways out were taken, or the test tested little */
	assert_true(r->handed_out > 0);
	assert_true(r->dead > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reader_stays_inside_records_that_change,
						setup, teardown),
	};

	return cmocka_run_group_tests_name("ring_race", tests, NULL, NULL);
}
