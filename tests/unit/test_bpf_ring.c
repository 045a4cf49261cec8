// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * BPF ring buffer consumer (userspace/bpf_ring.c) over rings laid out as
 * the kernel maps a BPF_MAP_TYPE_RINGBUF (bpf_ring_mem.c): framing, BUSY
 * and DISCARD records, wrap-around, validation, consumer position.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bpf_ring.h"
#include "bpf_ring_mem.h"
#include "ring_mem.h"

#define RING_SIZE	4096u

struct fixture {
	struct bpf_ring_mem mem;
	struct sct_ring ring;
};

static int setup_at(void **state, uint64_t start)
{
	static struct fixture f;

	if (bpf_ring_mem__init(&f.mem, RING_SIZE, start))
		return -1;
	sct_bpf_ring__init(&f.ring, f.mem.cons, f.mem.prod_map, f.mem.page, RING_SIZE, 2);
	*state = &f;
	return 0;
}

static int setup(void **state)
{
	return setup_at(state, 0);
}

/* 24 bytes before the end: the next record straddles it */
static int setup_near_end(void **state)
{
	return setup_at(state, 3 * RING_SIZE - 24);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	bpf_ring_mem__fini(&f->mem);
	return 0;
}

static uint64_t cons_pos(struct fixture *f)
{
	return __atomic_load_n(f->mem.cons, __ATOMIC_ACQUIRE);
}

static int peek(struct fixture *f, const struct sctrace_hdr **rec)
{
	struct sct_source src = sct_bpf_ring__source(&f->ring);

	return src.ops->peek(src.ctx, rec);
}

static void empty_ring_has_nothing(void **state)
{
	struct fixture *f = *state;
	const struct sctrace_hdr *rec = NULL;

	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(0, peek(f, &rec));
	assert_null(rec);
}

static void records_come_out_in_order_behind_their_headers(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x1 = rec_sys_exit(100, 2, 7, 257, 3);
	struct sctrace_task_exit x2 = rec_task_exit(200, 2, 7, 0, SCTRACE_EXIT_GROUP_DEAD);
	const struct sctrace_hdr *rec;

	bpf_ring_mem__put(&f->mem, &x1, sizeof(x1));
	bpf_ring_mem__put(&f->mem, &x2, sizeof(x2));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(1, peek(f, &rec));
	assert_ptr_equal(f->mem.data + 8, (const uint8_t *)rec);
	assert_int_equal(100, rec->ts_ns);
	sct_ring__consume(&f->ring);
	assert_int_equal(8 + sizeof(x1), cons_pos(f));
	assert_int_equal(1, peek(f, &rec));
	assert_int_equal(SCTRACE_REC_EXIT, rec->type);
	sct_ring__consume(&f->ring);
	assert_int_equal(0, peek(f, &rec));
	assert_int_equal(16 + sizeof(x1) + sizeof(x2), cons_pos(f));
}

static void busy_record_holds_back_it_and_what_follows(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x1 = rec_sys_exit(100, 2, 7, 1, 1);
	struct sctrace_sys_exit x2 = rec_sys_exit(200, 2, 8, 1, 2);
	const struct sctrace_hdr *rec;
	void *busy;

	busy = bpf_ring_mem__reserve(&f->mem, sizeof(x1));
	bpf_ring_mem__put(&f->mem, &x2, sizeof(x2));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(0, peek(f, &rec));
	assert_int_equal(0, cons_pos(f));
	memcpy(busy, &x1, sizeof(x1));
	bpf_ring_mem__commit(busy, false);
	assert_int_equal(1, peek(f, &rec));
	assert_int_equal(100, rec->ts_ns);
	sct_ring__consume(&f->ring);
	assert_int_equal(1, peek(f, &rec));
	assert_int_equal(200, rec->ts_ns);
}

static void discarded_record_is_skipped_and_released(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x = rec_sys_exit(300, 2, 7, 1, 1);
	const struct sctrace_hdr *rec;
	void *gone;

	gone = bpf_ring_mem__reserve(&f->mem, 100);
	bpf_ring_mem__commit(gone, true);
	bpf_ring_mem__put(&f->mem, &x, sizeof(x));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(1, peek(f, &rec));
	assert_int_equal(300, rec->ts_ns);
	/* 8 + 100 rounded up to 8 */
	assert_int_equal(112, cons_pos(f));
}

static void record_straddling_the_end_reads_contiguously(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x = rec_sys_exit(400, 2, 7, 1, -2);
	const struct sctrace_hdr *rec;

	bpf_ring_mem__put(&f->mem, &x, sizeof(x));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(1, peek(f, &rec));
	assert_ptr_equal(f->mem.data + RING_SIZE - 16, (const uint8_t *)rec);
	assert_memory_equal(&x, rec, sizeof(x));
	sct_ring__consume(&f->ring);
	assert_int_equal(3 * RING_SIZE - 24 + 8 + sizeof(x), cons_pos(f));
}

static void expect_bad(struct fixture *f, const char *why)
{
	const struct sctrace_hdr *rec = NULL;

	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(-EBADMSG, peek(f, &rec));
	assert_null(rec);
	assert_non_null(strstr(sct_ring__errmsg(&f->ring), why));
	assert_non_null(strstr(sct_ring__errmsg(&f->ring), "CPU 2 ring"));
	assert_int_equal(-EBADMSG, peek(f, &rec));
	sct_ring__consume(&f->ring);
	assert_int_equal(0, cons_pos(f));
}

static void length_unlike_the_records_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x = rec_sys_exit(100, 2, 7, 1, 1);
	uint8_t buf[48] = { 0 };

	memcpy(buf, &x, sizeof(x));
	bpf_ring_mem__put(&f->mem, buf, sizeof(buf));
	expect_bad(f, "record length 40 but BPF record length 48");
}

static void sample_shorter_than_a_header_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[16] = { 0 };

	bpf_ring_mem__put(&f->mem, buf, sizeof(buf));
	expect_bad(f, "shorter than a record header");
}

static void unknown_type_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x = rec_sys_exit(100, 2, 7, 1, 1);

	x.hdr.type = 9;
	bpf_ring_mem__put(&f->mem, &x, sizeof(x));
	expect_bad(f, "unknown record type 9");
}

static void length_beyond_published_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x = rec_sys_exit(100, 2, 7, 1, 1);

	bpf_ring_mem__put(&f->mem, &x, sizeof(x));
	*(uint32_t *)f->mem.data = 2000;
	expect_bad(f, "BPF record length 2000 exceeds the 48 bytes published");
}

static void producer_more_than_a_ring_ahead_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	const struct sctrace_hdr *rec;

	__atomic_store_n(f->mem.prod_pos, RING_SIZE + 8, __ATOMIC_RELEASE);
	assert_int_equal(-EBADMSG, sct_ring__refresh(&f->ring));
	assert_int_equal(-EBADMSG, peek(f, &rec));
	assert_non_null(strstr(sct_ring__errmsg(&f->ring), "not within one ring"));
}

#define RING_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		RING_TEST(empty_ring_has_nothing),
		RING_TEST(records_come_out_in_order_behind_their_headers),
		RING_TEST(busy_record_holds_back_it_and_what_follows),
		RING_TEST(discarded_record_is_skipped_and_released),
		cmocka_unit_test_setup_teardown(record_straddling_the_end_reads_contiguously,
						setup_near_end, teardown),
		RING_TEST(length_unlike_the_records_is_ebadmsg),
		RING_TEST(sample_shorter_than_a_header_is_ebadmsg),
		RING_TEST(unknown_type_is_ebadmsg),
		RING_TEST(length_beyond_published_is_ebadmsg),
		RING_TEST(producer_more_than_a_ring_ahead_is_ebadmsg),
	};

	return cmocka_run_group_tests_name("bpf_ring", tests, NULL, NULL);
}
