// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Ring consumer (userspace/ring.c) over rings laid out as the module lays
 * them out (ring_mem.c): order, visibility, wrap-around, validation, the
 * copy handed out (what the ring says afterwards does not matter), and
 * when cons_pos is published (in batches, never past a held record).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "items.h"
#include "record.h"
#include "ring.h"
#include "ring_mem.h"

#define RING_SIZE	4096u
#define BATCH		(RING_SIZE / 16)	/* cons_pos published every BATCH bytes */
#define BIG_RING	(64u << 10)		/* holds more than the largest record */

struct fixture {
	struct ring_mem mem;
	struct sct_ring ring;
};

static int setup_at(void **state, size_t size, uint64_t start)
{
	static struct fixture f;

	if (ring_mem__init(&f.mem, size, start))
		return -1;
	sct_ring__init(&f.ring, f.mem.ctrl, f.mem.data, size, 3);
	*state = &f;
	return 0;
}

static int setup(void **state)
{
	return setup_at(state, RING_SIZE, 0);
}

/* 16 bytes before the end: the next record straddles it */
static int setup_near_end(void **state)
{
	return setup_at(state, RING_SIZE, 5 * RING_SIZE - 16);
}

static int setup_big(void **state)
{
	return setup_at(state, BIG_RING, 0);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	ring_mem__fini(&f->mem);
	return 0;
}

static uint64_t cons_pos(struct fixture *f)
{
	return __atomic_load_n(&f->mem.ctrl->cons_pos, __ATOMIC_ACQUIRE);
}

static void empty_ring_has_nothing(void **state)
{
	struct fixture *f = *state;
	const struct sctrace_hdr *rec = NULL;

	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(0, sct_ring__peek(&f->ring, &rec));
	assert_null(rec);
	assert_int_equal(0, cons_pos(f));
}

static void records_come_out_in_order(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x1 = rec_sys_exit(100, 3, 7, 257, 3);
	struct sctrace_task_exit x2 = rec_task_exit(200, 3, 7, 0, SCTRACE_EXIT_GROUP_DEAD);
	struct sctrace_sys_exit x3 = rec_sys_exit(300, 3, 8, 0, -2);
	const struct sctrace_hdr *rec;

	ring_mem__put(&f->mem, &x1, sizeof(x1));
	ring_mem__put(&f->mem, &x2, sizeof(x2));
	ring_mem__put(&f->mem, &x3, sizeof(x3));
	assert_int_equal(0, sct_ring__refresh(&f->ring));

	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(100, rec->ts_ns);
	assert_int_equal(3, ((const struct sctrace_sys_exit *)rec)->ret);
	sct_ring__consume(&f->ring);
	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(SCTRACE_REC_EXIT, rec->type);
	assert_int_equal(200, rec->ts_ns);
	sct_ring__consume(&f->ring);
	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(300, rec->ts_ns);
	assert_int_equal(-2, ((const struct sctrace_sys_exit *)rec)->ret);
	sct_ring__consume(&f->ring);
	assert_int_equal(0, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(sizeof(x1) + sizeof(x2) + sizeof(x3), cons_pos(f));
}

static void unpublished_record_is_invisible_until_refresh(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x = rec_sys_exit(100, 3, 7, 1, 5);
	const struct sctrace_hdr *rec;

	ring_mem__write(&f->mem, &x, sizeof(x));	/* written, not published */
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(0, sct_ring__peek(&f->ring, &rec));
	ring_mem__publish(&f->mem);
	/* published after the snapshot: still not seen */
	assert_int_equal(0, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(100, rec->ts_ns);
}

static void full_ring_is_read_whole(void **state)
{
	struct fixture *f = *state;
	const unsigned int n = RING_SIZE / sizeof(struct sctrace_task_exit);
	struct sctrace_task_exit x;
	const struct sctrace_hdr *rec;
	unsigned int i;

	for (i = 0; i < n; i++) {
		x = rec_task_exit(1000 + i, 3, 9, (int32_t)i << 8, 0);
		ring_mem__put(&f->mem, &x, sizeof(x));
	}
	assert_int_equal(RING_SIZE, f->mem.ctrl->prod_pos - cons_pos(f));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	for (i = 0; i < n; i++) {
		assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
		assert_int_equal(1000 + i, rec->ts_ns);
		assert_int_equal((int32_t)i << 8, ((const struct sctrace_task_exit *)rec)->code);
		sct_ring__consume(&f->ring);
	}
	assert_int_equal(0, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(RING_SIZE, cons_pos(f));
}

/* An enter record with one string; returns its length. */
static uint32_t build_enter(uint64_t *buf, const char *s)
{
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)buf;
	struct sctrace_item *str = (struct sctrace_item *)(e + 1);
	size_t n = strlen(s);
	uint32_t len = (uint32_t)(sizeof(*e) + SCTRACE_ITEM_SIZE(n) + 7) & ~7u;
	unsigned int i;

	memset(buf, 0, len);
	e->hdr = (struct sctrace_hdr){ .len = len, .type = SCTRACE_REC_SYS_ENTER, .cpu = 3,
				       .tid = 7, .tgid = 7, .ts_ns = 500 };
	e->nr = 2;
	e->nitem = 1;
	for (i = 0; i < SCTRACE_MAX_ARGS; i++)
		e->args[i] = 0x1111111111111111ULL * (i + 1);
	*str = (struct sctrace_item){ .len = (uint16_t)n, .arg = 0, .flags = 0 };
	memcpy(str + 1, s, n);
	return len;
}

static void record_straddling_the_end_reads_contiguously(void **state)
{
	struct fixture *f = *state;
	const char *path = "/a/path/long/enough/to/cross/the/end";
	uint64_t buf[32];
	uint32_t len = build_enter(buf, path);
	const struct sctrace_sys_enter *e;
	const struct sctrace_hdr *rec;
	const struct sctrace_item *str;

	ring_mem__put(&f->mem, buf, len);
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	/* a copy of the bytes from 16 before the end of the first mapping on */
	assert_false((const uint8_t *)rec >= f->mem.data &&
		     (const uint8_t *)rec < f->mem.data + 2 * RING_SIZE);
	assert_int_equal(0, memcmp(buf, rec, len));
	e = (const struct sctrace_sys_enter *)rec;
	assert_int_equal(0x6666666666666666ULL, e->args[5]);
	str = (const struct sctrace_item *)(e + 1);
	assert_int_equal(strlen(path), str->len);
	assert_memory_equal(path, str + 1, str->len);
	sct_ring__consume(&f->ring);
	assert_int_equal(5 * RING_SIZE - 16 + len, cons_pos(f));
	assert_int_equal(0, sct_ring__peek(&f->ring, &rec));
}

static void put_raw_hdr(struct fixture *f, uint32_t len, uint16_t type)
{
	uint64_t buf[16] = { 0 };
	struct sctrace_hdr *h = (struct sctrace_hdr *)buf;

	*h = (struct sctrace_hdr){ .len = len, .type = type, .cpu = 3, .tid = 1, .tgid = 1,
				   .ts_ns = 1 };
	ring_mem__put(&f->mem, buf, sizeof(buf));	/* publishes 128 bytes */
}

static void expect_bad(struct fixture *f, const char *why)
{
	const struct sctrace_hdr *rec = NULL;

	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(-EBADMSG, sct_ring__peek(&f->ring, &rec));
	assert_null(rec);
	assert_non_null(strstr(sct_ring__errmsg(&f->ring), why));
	assert_non_null(strstr(sct_ring__errmsg(&f->ring), "CPU 3 ring"));
	/* dead for good: nothing is read, cons_pos never moves */
	assert_int_equal(-EBADMSG, sct_ring__refresh(&f->ring));
	assert_int_equal(-EBADMSG, sct_ring__peek(&f->ring, &rec));
	sct_ring__consume(&f->ring);
	assert_int_equal(0, cons_pos(f));
}

static void zero_length_is_ebadmsg(void **state)
{
	put_raw_hdr(*state, 0, SCTRACE_REC_SYS_EXIT);
	expect_bad(*state, "bad record length 0");
}

static void unaligned_length_is_ebadmsg(void **state)
{
	put_raw_hdr(*state, 44, SCTRACE_REC_SYS_EXIT);
	expect_bad(*state, "bad record length 44");
}

static void length_beyond_published_is_ebadmsg(void **state)
{
	put_raw_hdr(*state, 136, SCTRACE_REC_SYS_EXIT);
	expect_bad(*state, "exceeds the 128 bytes published");
}

static void length_beyond_ring_is_ebadmsg(void **state)
{
	put_raw_hdr(*state, 2 * RING_SIZE, SCTRACE_REC_SYS_EXIT);
	expect_bad(*state, "record length 8192");
}

/*
 * A consumer position that is not 8-byte aligned (another holder of the
 * control page wrote it): the ring is dead before any header is read at
 * an unaligned address (UBSan stopped fuzz_ring on that read).
 */
static void unaligned_cons_pos_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	const struct sctrace_hdr *rec = NULL;

	f->mem.ctrl->cons_pos = 4;
	f->mem.ctrl->prod_pos = 4 + 128;
	sct_ring__init(&f->ring, f->mem.ctrl, f->mem.data, RING_SIZE, 3);
	assert_int_equal(-EBADMSG, sct_ring__refresh(&f->ring));
	assert_int_equal(-EBADMSG, sct_ring__peek(&f->ring, &rec));
	assert_null(rec);
	assert_non_null(strstr(sct_ring__errmsg(&f->ring),
			       "CPU 3 ring, position 4: consumer position is not a multiple of 8"));
	assert_int_equal(4, cons_pos(f));
}

static void unknown_type_is_ebadmsg(void **state)
{
	put_raw_hdr(*state, 40, SCTRACE_REC_TYPE_MAX + 1);
	expect_bad(*state, "unknown record type 7");
}

static void type_zero_is_ebadmsg(void **state)
{
	put_raw_hdr(*state, 40, 0);
	expect_bad(*state, "unknown record type 0");
}

static void record_shorter_than_its_type_is_ebadmsg(void **state)
{
	put_raw_hdr(*state, 32, SCTRACE_REC_SYS_ENTER);
	expect_bad(*state, "type 1 is 32 bytes, less than 80");
}

static void producer_more_than_a_ring_ahead_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	const struct sctrace_hdr *rec;

	__atomic_store_n(&f->mem.ctrl->prod_pos, RING_SIZE + 8, __ATOMIC_RELEASE);
	assert_int_equal(-EBADMSG, sct_ring__refresh(&f->ring));
	assert_int_equal(-EBADMSG, sct_ring__peek(&f->ring, &rec));
	assert_non_null(strstr(sct_ring__errmsg(&f->ring), "not within one ring"));
}

static void producer_going_backwards_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x = rec_sys_exit(100, 3, 7, 1, 5);
	const struct sctrace_hdr *rec;

	ring_mem__put(&f->mem, &x, sizeof(x));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	sct_ring__consume(&f->ring);
	__atomic_store_n(&f->mem.ctrl->prod_pos, 8, __ATOMIC_RELEASE);
	assert_int_equal(-EBADMSG, sct_ring__refresh(&f->ring));
}

static void cons_pos_never_passes_a_held_record(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit x1 = rec_sys_exit(100, 3, 7, 1, 5);
	struct sctrace_sys_exit x2 = rec_sys_exit(200, 3, 7, 1, 6);
	const struct sctrace_hdr *rec, *again;

	ring_mem__put(&f->mem, &x1, sizeof(x1));
	ring_mem__put(&f->mem, &x2, sizeof(x2));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	/* in use by the caller: a peek again is the same copy */
	assert_int_equal(1, sct_ring__peek(&f->ring, &again));
	assert_ptr_equal(rec, again);
	assert_int_equal(100, again->ts_ns);
	/* a refresh publishes all that was consumed: nothing yet */
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(0, cons_pos(f));
	sct_ring__consume(&f->ring);
	/* a second consume without a peek releases nothing more */
	sct_ring__consume(&f->ring);
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(sizeof(x1), cons_pos(f));
	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(200, rec->ts_ns);
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(sizeof(x1), cons_pos(f));
	sct_ring__consume(&f->ring);
	assert_int_equal(sizeof(x1) + sizeof(x2), cons_pos(f));
}

/* Reads and consumes one record; returns cons_pos afterwards. */
static uint64_t consume_one(struct fixture *f)
{
	const struct sctrace_hdr *rec;

	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	sct_ring__consume(&f->ring);
	return cons_pos(f);
}

static void cons_pos_is_published_once_a_batch(void **state)
{
	struct fixture *f = *state;
	const uint64_t x = sizeof(struct sctrace_sys_exit);	/* 40: 7 make a batch */
	struct sctrace_sys_exit e;
	const struct sctrace_hdr *rec;
	unsigned int i;

	for (i = 0; i < 20; i++) {
		e = rec_sys_exit(i, 3, 7, 1, i);
		ring_mem__put(&f->mem, &e, sizeof(e));
	}
	assert_true(7 * x >= BATCH && 6 * x < BATCH);
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	for (i = 1; i <= 6; i++)
		assert_int_equal(0, consume_one(f));
	assert_int_equal(7 * x, consume_one(f));
	for (i = 8; i <= 13; i++)
		assert_int_equal(7 * x, consume_one(f));
	assert_int_equal(14 * x, consume_one(f));
	for (i = 15; i <= 19; i++)
		assert_int_equal(14 * x, consume_one(f));
	/* the last of the snapshot: all of it, before peek says empty */
	assert_int_equal(20 * x, consume_one(f));
	assert_int_equal(0, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(20 * x, cons_pos(f));
}

static void cons_pos_is_published_by_refresh(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit e;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		e = rec_sys_exit(i, 3, 7, 1, i);
		ring_mem__put(&f->mem, &e, sizeof(e));
	}
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(0, consume_one(f));
	assert_int_equal(0, consume_one(f));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(2 * sizeof(e), cons_pos(f));
}

/* A snapshot that ends before the ring does: its end is published. */
static void cons_pos_is_published_at_the_end_of_a_snapshot(void **state)
{
	struct fixture *f = *state;
	struct sctrace_sys_exit e1 = rec_sys_exit(1, 3, 7, 1, 1);
	struct sctrace_sys_exit e2 = rec_sys_exit(2, 3, 7, 1, 2);
	const struct sctrace_hdr *rec;

	ring_mem__put(&f->mem, &e1, sizeof(e1));
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	ring_mem__put(&f->mem, &e2, sizeof(e2));	/* after the snapshot */
	assert_int_equal(sizeof(e1), consume_one(f));
	assert_int_equal(0, sct_ring__peek(&f->ring, &rec));
	assert_int_equal(sizeof(e1), cons_pos(f));
}

/* An enter record whose bytes in the ring change after peek. */
static void ring_changing_after_peek_changes_nothing(void **state)
{
	struct fixture *f = *state;
	const char *path = "/etc/hostname";
	uint64_t buf[32];
	uint32_t len = build_enter(buf, path);
	uint8_t *in_ring = f->mem.data;
	struct sctrace_sys_enter *lie = (struct sctrace_sys_enter *)in_ring;
	const struct sctrace_hdr *rec, *again;
	struct sct_items items;

	ring_mem__put(&f->mem, buf, len);
	assert_int_equal(0, sct_ring__refresh(&f->ring));
	assert_int_equal(1, sct_ring__peek(&f->ring, &rec));
	/* the walk would run ~390 KB past the record if it read the ring */
	lie->hdr.len = 0xfffffff8u;
	lie->nitem = SCTRACE_MAX_ARGS;
	((struct sctrace_item *)(lie + 1))->len = 0xffff;
	memset(in_ring + sizeof(*lie) + sizeof(struct sctrace_item), 'X', strlen(path));
	assert_int_equal(len, rec->len);
	assert_int_equal(0, sct_items__walk(rec, &items, NULL, 0));
	assert_non_null(items.arg[0]);
	assert_int_equal(strlen(path), items.arg[0]->len);
	assert_memory_equal(path, items.arg[0] + 1, strlen(path));
	assert_int_equal(1, sct_ring__peek(&f->ring, &again));
	assert_ptr_equal(rec, again);
	assert_memory_equal(buf, again, len);
	sct_ring__consume(&f->ring);
	assert_int_equal(len, cons_pos(f));
}

/* Within the ring and what was published, but no record is that long. */
static void length_beyond_the_largest_record_is_ebadmsg(void **state)
{
	struct fixture *f = *state;
	static uint64_t buf[(SCTRACE_MAX_RECORD + 8) / 8];
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)buf;

	e->hdr = (struct sctrace_hdr){ .len = sizeof(buf), .type = SCTRACE_REC_SYS_ENTER,
				       .cpu = 3, .tid = 1, .tgid = 1, .ts_ns = 1 };
	ring_mem__put(&f->mem, buf, sizeof(buf));
	expect_bad(f, "longer than the largest record");
}

static void source_adapter_orders_by_cpu(void **state)
{
	struct fixture *f = *state;
	struct sct_source s = sct_ring__source(&f->ring);
	const struct sctrace_hdr *rec;
	struct sctrace_sys_exit x = rec_sys_exit(100, 3, 7, 1, 5);

	assert_int_equal(3, s.order);
	assert_ptr_equal(&f->ring, s.ctx);
	ring_mem__put(&f->mem, &x, sizeof(x));
	assert_int_equal(0, s.ops->refresh(s.ctx));
	assert_int_equal(1, s.ops->peek(s.ctx, &rec));
	s.ops->consume(s.ctx);
	assert_int_equal(sizeof(x), cons_pos(f));
}

#define RING_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		RING_TEST(empty_ring_has_nothing),
		RING_TEST(records_come_out_in_order),
		RING_TEST(unpublished_record_is_invisible_until_refresh),
		RING_TEST(full_ring_is_read_whole),
		cmocka_unit_test_setup_teardown(record_straddling_the_end_reads_contiguously,
						setup_near_end, teardown),
		RING_TEST(zero_length_is_ebadmsg),
		RING_TEST(unaligned_length_is_ebadmsg),
		RING_TEST(length_beyond_published_is_ebadmsg),
		RING_TEST(length_beyond_ring_is_ebadmsg),
		RING_TEST(unaligned_cons_pos_is_ebadmsg),
		RING_TEST(unknown_type_is_ebadmsg),
		RING_TEST(type_zero_is_ebadmsg),
		RING_TEST(record_shorter_than_its_type_is_ebadmsg),
		RING_TEST(producer_more_than_a_ring_ahead_is_ebadmsg),
		RING_TEST(producer_going_backwards_is_ebadmsg),
		RING_TEST(cons_pos_never_passes_a_held_record),
		RING_TEST(cons_pos_is_published_once_a_batch),
		RING_TEST(cons_pos_is_published_by_refresh),
		RING_TEST(cons_pos_is_published_at_the_end_of_a_snapshot),
		RING_TEST(ring_changing_after_peek_changes_nothing),
		cmocka_unit_test_setup_teardown(length_beyond_the_largest_record_is_ebadmsg,
						setup_big, teardown),
		RING_TEST(source_adapter_orders_by_cpu),
	};

	return cmocka_run_group_tests_name("ring", tests, NULL, NULL);
}
