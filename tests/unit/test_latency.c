// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Latency maths (stats/latency.h): buckets at their edges, nearest-rank
 * percentiles exact below 64 ns and within 1/64 above, p100 the maximum,
 * funclatency's log2 slots and its histogram text.
 */
#define _GNU_SOURCE	/* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stats/latency.h"

static void bucket_edges(void **state)
{
	unsigned int b;
	uint64_t v;

	(void)state;
	assert_int_equal(0, sct_lat__bucket(0));
	assert_int_equal(63, sct_lat__bucket(63));
	assert_int_equal(64, sct_lat__bucket(64));
	assert_int_equal(127, sct_lat__bucket(127));
	assert_int_equal(128, sct_lat__bucket(128));
	assert_int_equal(128, sct_lat__bucket(129));	/* 2 ns per bucket from 128 */
	assert_int_equal(SCT_LAT_BUCKETS - 1, sct_lat__bucket(UINT64_MAX));
	assert_true(UINT64_MAX == sct_lat__bucket_high(SCT_LAT_BUCKETS - 1));
	/* every bucket's high end is in it, and the next value is in the next */
	for (b = 0; b + 1 < SCT_LAT_BUCKETS; b++) {
		v = sct_lat__bucket_high(b);
		assert_int_equal(b, sct_lat__bucket(v));
		assert_int_equal(b + 1, sct_lat__bucket(v + 1));
	}
}

static void empty(void **state)
{
	struct sct_lat l = { .n = 0 };

	(void)state;
	assert_int_equal(0, sct_lat__percentile(&l, 500));
	assert_int_equal(0, sct_lat__percentile(&l, 1000));
}

static void nearest_rank_exact_small(void **state)
{
	struct sct_lat l = { .n = 0 };
	uint64_t v;

	(void)state;
	for (v = 1; v <= 50; v++)	/* 1..50 ns: each its own bucket */
		assert_int_equal(0, sct_lat__add(&l, v));
	assert_int_equal(25, sct_lat__percentile(&l, 500));	/* rank 25 */
	assert_int_equal(45, sct_lat__percentile(&l, 900));
	assert_int_equal(50, sct_lat__percentile(&l, 990));	/* rank ceil(49.5) */
	assert_int_equal(50, sct_lat__percentile(&l, 1000));
	assert_int_equal(1, sct_lat__percentile(&l, 1));	/* rank 1 */
	assert_int_equal(50, l.n);
	assert_int_equal(1275, l.sum_ns);
	assert_int_equal(1, l.min_ns);
	sct_lat__free(&l);
}

static void large_within_a_64th(void **state)
{
	struct sct_lat l = { .n = 0 };
	uint64_t v, p;
	unsigned int i;

	(void)state;
	/* 99 calls of 1 ms, one of 1 s: p50 and p90 near 1 ms, p99 too, max 1 s */
	for (i = 0; i < 99; i++)
		sct_lat__add(&l, 1000000);
	sct_lat__add(&l, 1000000000);
	for (i = 0; i < 3; i++) {
		p = sct_lat__percentile(&l, (unsigned int[]){ 500, 900, 990 }[i]);
		assert_true(p >= 1000000 && p <= 1000000 + 1000000 / 64);
	}
	assert_int_equal(1000000000, sct_lat__percentile(&l, 1000));
	assert_int_equal(1000000000, sct_lat__percentile(&l, 999));	/* rank 100 */
	sct_lat__free(&l);
	/* one value: every percentile is it, clamped into [min, max] */
	memset(&l, 0, sizeof(l));
	v = 123456789;
	sct_lat__add(&l, v);
	assert_int_equal(v, sct_lat__percentile(&l, 500));
	sct_lat__free(&l);
}

static void log2_slots(void **state)
{
	(void)state;
	assert_int_equal(0, sct_lat__slot(0));
	assert_int_equal(0, sct_lat__slot(1));
	assert_int_equal(1, sct_lat__slot(2));
	assert_int_equal(1, sct_lat__slot(3));
	assert_int_equal(2, sct_lat__slot(4));
	assert_int_equal(9, sct_lat__slot(1023));
	assert_int_equal(10, sct_lat__slot(1024));
}

static void histogram_text(void **state)
{
	struct sct_lat l = { .n = 0 };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	unsigned int i;

	(void)state;
	for (i = 0; i < 4; i++)
		sct_lat__add(&l, 500);		/* 0 us */
	sct_lat__add(&l, 2500);			/* 2 us */
	sct_lat__add(&l, 9000);			/* 9 us: slot 3 */
	sct_lat__print_hist(f, &l);
	fclose(f);
	assert_string_equal(
		"     usecs               : count     distribution\n"
		"         0 -> 1          : 4        |****************************************|\n"
		"         2 -> 3          : 1        |**********                              |\n"
		"         4 -> 7          : 0        |                                        |\n"
		"         8 -> 15         : 1        |**********                              |\n", text);
	free(text);
	sct_lat__free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bucket_edges),
		cmocka_unit_test(empty),
		cmocka_unit_test(nearest_rank_exact_small),
		cmocka_unit_test(large_within_a_64th),
		cmocka_unit_test(log2_slots),
		cmocka_unit_test(histogram_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
