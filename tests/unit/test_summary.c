// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The -c table (stats/summary.h) against golden text: strace's columns,
 * time from paired records, errors, totals, each -S order with ties by
 * syscall number, exit_group left out, calls without an exit counted
 * apart and said.
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

#include "recs.h"
#include "stats/summary.h"

#define DASHES "------ ----------- ----------- --------- --------- ----------------\n"
#define HEAD "% time     seconds  usecs/call     calls    errors syscall\n" DASHES

static void call(struct sct_summary *s, uint32_t tid, const char *name, uint64_t t0,
		 uint64_t ns, int64_t ret)
{
	struct rec r;

	rec_enter(&r, tid, name, t0, 0, 0, 0);
	assert_int_equal(0, sct_summary__record(s, rec_hdr(&r)));
	rec_exit(&r, tid, name, t0 + ns, ret);
	assert_int_equal(0, sct_summary__record(s, rec_hdr(&r)));
}

/* read 3 x 1 ms (one fails), close 1 x 3 ms, write 2 x 1 ms + 0 */
static struct sct_summary *workload(enum sct_sort sort)
{
	struct sct_summary_opts o = { .sort = sort, .histogram = false };
	struct sct_summary *s = sct_summary__new(&o);

	assert_non_null(s);
	call(s, 10, "read", 1000, 1000000, 5);
	call(s, 10, "read", 2000000, 1000000, -11);	/* EAGAIN */
	call(s, 10, "close", 4000000, 3000000, 0);
	call(s, 10, "read", 8000000, 1000000, 0);
	call(s, 10, "write", 9000000, 1000000, 1);
	call(s, 10, "write", 11000000, 1000000, -9);	/* EBADF */
	call(s, 10, "write", 12000000, 0, -9);
	return s;
}

static char *table(struct sct_summary *s)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	sct_summary__print(s, f);
	fclose(f);
	return text;
}

#define ROW_READ  " 37.50    0.003000        1000         3         1 read\n"
#define ROW_CLOSE " 37.50    0.003000        3000         1           close\n"
#define ROW_WRITE " 25.00    0.002000         666         3         2 write\n"
#define TOTAL DASHES "100.00    0.008000        1142         7         3 total\n"

static void expect_table(enum sct_sort sort, const char *golden)
{
	struct sct_summary *s = workload(sort);
	char *text = table(s);

	assert_string_equal(golden, text);
	free(text);
	sct_summary__free(s);
}

/* time: read and close tie at 3 ms: syscall number order (read 0, close 3) */
static void by_time(void **state)
{
	(void)state;
	expect_table(SCT_SORT_TIME, HEAD ROW_READ ROW_CLOSE ROW_WRITE TOTAL);
}

static void by_calls(void **state)
{
	(void)state;
	expect_table(SCT_SORT_CALLS, HEAD ROW_READ ROW_WRITE ROW_CLOSE TOTAL);
}

static void by_name(void **state)
{
	(void)state;
	expect_table(SCT_SORT_NAME, HEAD ROW_CLOSE ROW_READ ROW_WRITE TOTAL);
}

static void by_errors(void **state)
{
	(void)state;
	expect_table(SCT_SORT_ERRORS, HEAD ROW_WRITE ROW_READ ROW_CLOSE TOTAL);
}

static void by_max_and_nothing(void **state)
{
	(void)state;
	expect_table(SCT_SORT_MAX, HEAD ROW_CLOSE ROW_READ ROW_WRITE TOTAL);
	expect_table(SCT_SORT_NONE, HEAD ROW_READ ROW_WRITE ROW_CLOSE TOTAL);
	expect_table(SCT_SORT_MIN, HEAD ROW_CLOSE ROW_READ ROW_WRITE TOTAL);
}

static void sort_words(void **state)
{
	enum sct_sort s = SCT_SORT_TIME;

	(void)state;
	assert_int_equal(0, sct_summary__sort_word("count", &s));
	assert_int_equal(SCT_SORT_CALLS, s);
	assert_int_equal(0, sct_summary__sort_word("longest", &s));
	assert_int_equal(SCT_SORT_MAX, s);
	assert_int_equal(0, sct_summary__sort_word("syscall", &s));
	assert_int_equal(SCT_SORT_NAME, s);
	assert_int_equal(-1, sct_summary__sort_word("size", &s));
}

/* no calls at all: strace's empty table, 100.00 and zeros */
static void empty_table(void **state)
{
	struct sct_summary_opts o = { .sort = SCT_SORT_TIME, .histogram = false };
	struct sct_summary *s = sct_summary__new(&o);
	char *text = table(s);

	(void)state;
	assert_string_equal(HEAD DASHES "100.00    0.000000           0         0           total\n",
			    text);
	free(text);
	sct_summary__free(s);
}

/*
 * exit_group is left out silently; an entry followed by another of the
 * same thread (exit lost), a task killed in a call and one still in a
 * call at the end are counted apart and said; their time is nowhere.
 */
static void unpaired_apart(void **state)
{
	struct sct_summary_opts o = { .sort = SCT_SORT_TIME, .histogram = false };
	struct sct_summary *s = sct_summary__new(&o);
	char *text = NULL, *notes = NULL;
	size_t size = 0, nsize = 0;
	FILE *f;
	struct rec r;

	(void)state;
	rec_enter(&r, 1, "read", 100, 0, 0, 0);
	sct_summary__record(s, rec_hdr(&r));
	rec_lost(&r, 2, 150);
	sct_summary__record(s, rec_hdr(&r));
	call(s, 1, "close", 200, 1000, 0);		/* read's exit was lost */
	rec_enter(&r, 2, "wait4", 300, 0, 0, 0);
	sct_summary__record(s, rec_hdr(&r));
	rec_task_exit(&r, 2, 9, 400);			/* killed in wait4 */
	sct_summary__record(s, rec_hdr(&r));
	rec_enter(&r, 3, "pause", 500, 0, 0, 0);	/* still there at the end */
	sct_summary__record(s, rec_hdr(&r));
	rec_enter(&r, 1, "exit_group", 600, 0, 0, 0);
	sct_summary__record(s, rec_hdr(&r));
	text = table(s);
	assert_string_equal(HEAD "100.00    0.000001           1         1           close\n" DASHES
			    "100.00    0.000001           1         1           total\n", text);
	f = open_memstream(&notes, &nsize);
	sct_summary__notes(s, f);
	fclose(f);
	assert_non_null(strstr(notes, "3 calls without an exit record are not in the table: 1 whose exit was lost, 1 in which the task ended, 1 unfinished at the end"));
	assert_non_null(strstr(notes, "2 records were lost"));
	free(text);
	free(notes);
	(void)size;
	sct_summary__free(s);
}

/*
 * --summary-per-process: process 20 (forked by 10, which runs "cat" after
 * its execve) and 10, each its own table in the order of their first
 * calls, with the name of what it last executed (none known for 20: its
 * parent's name was not known at the fork), then the table of all.
 */
static void per_process(void **state)
{
	struct sct_summary_opts o = { .sort = SCT_SORT_TIME, .per_process = true };
	struct sct_summary *s = sct_summary__new(&o);
	char *text;
	struct rec r;

	(void)state;
	assert_non_null(s);
	rec_fork(&r, 10, 20, 50);
	assert_int_equal(0, sct_summary__record(s, rec_hdr(&r)));
	call(s, 20, "read", 100, 2000, 1);
	call(s, 10, "close", 200, 1000, -9);		/* EBADF */
	rec_enter(&r, 10, "execve", 3000, 0x1000, 0x2000, 0x3000);
	rec_str(&r, 0, "/usr/bin/cat", 12);
	assert_int_equal(0, sct_summary__record(s, rec_hdr(&r)));
	rec_exit(&r, 10, "execve", 6000, 0);
	assert_int_equal(0, sct_summary__record(s, rec_hdr(&r)));
	call(s, 20, "read", 7000, 2000, 1);
	text = table(s);
	assert_string_equal(
		"System call usage summary for process 20:\n" HEAD
		"100.00    0.000004           2         2           read\n" DASHES
		"100.00    0.000004           2         2           total\n"
		"\nSystem call usage summary for process 10 (cat):\n" HEAD
		" 75.00    0.000003           3         1           execve\n"
		" 25.00    0.000001           1         1         1 close\n" DASHES
		"100.00    0.000004           2         2         1 total\n"
		"\nSystem call usage summary for all processes:\n" HEAD
		" 50.00    0.000004           2         2           read\n"
		" 37.50    0.000003           3         1           execve\n"
		" 12.50    0.000001           1         1         1 close\n" DASHES
		"100.00    0.000008           2         4         1 total\n", text);
	free(text);
	sct_summary__free(s);
}

/* without --summary-per-process, the same records make the one table, no heading */
static void per_process_off(void **state)
{
	struct sct_summary_opts o = { .sort = SCT_SORT_TIME };
	struct sct_summary *s = sct_summary__new(&o);
	char *text;

	(void)state;
	call(s, 20, "read", 100, 2000, 1);
	call(s, 10, "read", 200, 2000, 1);
	text = table(s);
	assert_string_equal(HEAD "100.00    0.000004           2         2           read\n" DASHES
			    "100.00    0.000004           2         2           total\n", text);
	free(text);
	sct_summary__free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_time),
		cmocka_unit_test(by_calls),
		cmocka_unit_test(by_name),
		cmocka_unit_test(by_errors),
		cmocka_unit_test(by_max_and_nothing),
		cmocka_unit_test(sort_words),
		cmocka_unit_test(empty_table),
		cmocka_unit_test(unpaired_apart),
		cmocka_unit_test(per_process),
		cmocka_unit_test(per_process_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
