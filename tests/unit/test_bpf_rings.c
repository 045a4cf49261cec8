// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The eBPF backend's rings (userspace/bpf_rings.c over ring.c), laid out in
 * memory as the probe's maps are (sctrace_abi.h): segment geometry, records
 * that cross a segment's end into its slack, laps around every segment,
 * a length that would run past a segment's mapping, each CPU's own ring,
 * and the doorbell drained before each snapshot.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bpf_rings.h"
#include "ring_mem.h"

#define NCPUS		2
#define RING		(8ULL << 20)	/* four 2 MiB segments */

struct fixture {
	struct sct_bpf_geom g;
	uint8_t *ctrl;			/* NCPUS control values */
	uint8_t *data;			/* NCPUS * nseg segment values */
	__u64 bell_cons, bell_prod;	/* the doorbell's positions */
	struct sct_bpf_bell bell;
	struct sct_bpf_src src[NCPUS];
	uint64_t prod[NCPUS];		/* the producer's positions */
};

static struct sctrace_ctrl *ctrl_of(struct fixture *f, uint32_t cpu)
{
	return (struct sctrace_ctrl *)(f->ctrl + cpu * SCTRACE_BPF_CTRL_VALUE);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	uint32_t cpu;

	if (!f)
		return -1;
	f->g = sct_bpf_geom(NCPUS, RING);
	f->ctrl = calloc(NCPUS, SCTRACE_BPF_CTRL_VALUE);
	f->data = calloc((size_t)NCPUS * f->g.nseg, f->g.seg_value);
	if (!f->ctrl || !f->data)
		return -1;
	f->bell.cons = &f->bell_cons;
	f->bell.prod = &f->bell_prod;
	for (cpu = 0; cpu < NCPUS; cpu++)
		sct_bpf_src__init(&f->src[cpu], &f->g, cpu, ctrl_of(f, cpu), f->data, &f->bell);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->ctrl);
	free(f->data);
	free(f);
	return 0;
}

/* Moves both positions of CPU cpu to pos, as after a reader stopped there. */
static void start_at(struct fixture *f, uint32_t cpu, uint64_t pos)
{
	ctrl_of(f, cpu)->prod_pos = pos;
	ctrl_of(f, cpu)->cons_pos = pos;
	f->prod[cpu] = pos;
	sct_bpf_src__init(&f->src[cpu], &f->g, cpu, ctrl_of(f, cpu), f->data, &f->bell);
}

/* As sct_reserve() and sct_commit() in the probe: in place, then published. */
static void put(struct fixture *f, uint32_t cpu, const void *rec, size_t len)
{
	uint64_t p = f->prod[cpu];
	uint64_t seg = (p / f->g.seg_size) % f->g.nseg;
	uint8_t *at = f->data + ((size_t)cpu * f->g.nseg + seg) * f->g.seg_value +
		      (p % f->g.seg_size);

	memcpy(at, rec, len);
	f->prod[cpu] = p + len;
	__atomic_store_n(&ctrl_of(f, cpu)->prod_pos, f->prod[cpu], __ATOMIC_RELEASE);
}

static int read_one(struct fixture *f, uint32_t cpu, const struct sctrace_hdr **rec)
{
	struct sct_source s = sct_bpf_src__source(&f->src[cpu]);
	int ret = s.ops->refresh(s.ctx);

	return ret ? ret : s.ops->peek(s.ctx, rec);
}

static void consume(struct fixture *f, uint32_t cpu)
{
	struct sct_source s = sct_bpf_src__source(&f->src[cpu]);

	s.ops->consume(s.ctx);
}

static void geometry_splits_large_rings_in_segments(void **state)
{
	struct sct_bpf_geom small = sct_bpf_geom(4, 64 << 10);
	struct sct_bpf_geom big = sct_bpf_geom(4, 1ULL << 30);
	struct fixture *f = *state;

	(void)f;
	assert_int_equal(1, small.nseg);
	assert_int_equal(64 << 10, small.seg_size);
	assert_int_equal((64 << 10) + SCTRACE_BPF_SEG_SLACK, small.seg_value);
	assert_int_equal(512, big.nseg);
	assert_int_equal(SCTRACE_BPF_SEG_MAX, big.seg_size);
	/* a map value is at most 4 MiB; the largest record fits the slack */
	assert_true(big.seg_value <= 4u << 20);
	assert_true(SCTRACE_MAX_RECORD <= SCTRACE_BPF_SEG_SLACK);
	assert_int_equal(0, big.seg_value % 4096);
}

/* Each record crossing a segment end is read whole, laps after laps. */
static void records_cross_every_segment_end(void **state)
{
	struct fixture *f = *state;
	const struct sctrace_hdr *rec;
	uint64_t ts, crossed = 0;
	struct sctrace_task_exit x;	/* 32 bytes: 2 MiB is no multiple of 40 */
	struct sctrace_sys_exit s;

	start_at(f, 1, 3 * RING - 24);
	for (ts = 1; f->prod[1] < 5 * RING; ts++) {
		uint64_t off = f->prod[1] % f->g.seg_size;

		if (off + (ts % 3 ? sizeof(s) : sizeof(x)) > f->g.seg_size)
			crossed++;
		if (ts % 3) {
			s = rec_sys_exit(ts, 1, 7, (uint32_t)ts, (int64_t)ts);
			put(f, 1, &s, sizeof(s));
		} else {
			x = rec_task_exit(ts, 1, 7, (int32_t)ts, 0);
			put(f, 1, &x, sizeof(x));
		}
		assert_int_equal(1, read_one(f, 1, &rec));
		assert_int_equal(ts, rec->ts_ns);
		if (ts % 3)
			assert_int_equal((int64_t)ts, ((const struct sctrace_sys_exit *)rec)->ret);
		else
			assert_int_equal((int32_t)ts, ((const struct sctrace_task_exit *)rec)->code);
		consume(f, 1);
		assert_int_equal(f->prod[1], ctrl_of(f, 1)->cons_pos);
	}
	/* two laps of four segments: most segment ends were crossed */
	assert_true(crossed >= 4);
	assert_int_equal(0, read_one(f, 1, &rec));
}

/* What CPU 0 writes is read from CPU 0's ring only. */
static void each_cpu_reads_its_own_ring(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit a = rec_sys_exit(10, 0, 7, 1, 1);
	struct sctrace_sys_exit b = rec_sys_exit(20, 1, 8, 2, 2);
	const struct sctrace_hdr *rec;

	put(f, 0, &a, sizeof(a));
	assert_int_equal(0, read_one(f, 1, &rec));
	put(f, 1, &b, sizeof(b));
	assert_int_equal(1, read_one(f, 0, &rec));
	assert_int_equal(10, rec->ts_ns);
	assert_int_equal(1, read_one(f, 1, &rec));
	assert_int_equal(20, rec->ts_ns);
	assert_int_equal(1, sct_bpf_src__source(&f->src[1]).order);
}

/* A length the ring would allow but the segment's mapping cannot hold. */
static void length_past_the_segment_mapping_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit s = rec_sys_exit(1, 0, 7, 1, 1);
	const struct sctrace_hdr *rec;
	static uint8_t big[SCTRACE_BPF_SEG_SLACK + 64];
	struct sct_source src = sct_bpf_src__source(&f->src[0]);

	start_at(f, 0, RING - 8);
	s.hdr.len = sizeof(big);
	memcpy(big, &s, sizeof(s));
	/* published: the bytes exist in the ring's accounting */
	f->prod[0] += sizeof(big);
	__atomic_store_n(&ctrl_of(f, 0)->prod_pos, f->prod[0], __ATOMIC_RELEASE);
	memcpy(f->data + (f->g.nseg - 1) * f->g.seg_value + f->g.seg_size - 8, &s, sizeof(s.hdr));
	assert_int_equal(-EBADMSG, read_one(f, 0, &rec));
	assert_non_null(strstr(src.ops->errmsg(src.ctx), "runs past the end of its segment"));
	/* dead for good */
	assert_int_equal(-EBADMSG, read_one(f, 0, &rec));
}

/* Each refresh consumes the doorbells first, whatever the ring holds. */
static void refresh_drains_the_doorbell(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit s = rec_sys_exit(1, 0, 7, 1, 1);
	const struct sctrace_hdr *rec;

	f->bell_prod = 48;
	assert_int_equal(0, read_one(f, 0, &rec));
	assert_int_equal(48, f->bell_cons);
	f->bell_prod = 64;
	put(f, 1, &s, sizeof(s));
	assert_int_equal(1, read_one(f, 1, &rec));
	assert_int_equal(64, f->bell_cons);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(geometry_splits_large_rings_in_segments),
		T(records_cross_every_segment_end),
		T(each_cpu_reads_its_own_ring),
		T(length_past_the_segment_mapping_is_ebadmsg),
		T(refresh_drains_the_doorbell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
