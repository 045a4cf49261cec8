// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* -e list parsing into the filter's syscall bitmaps (userspace/filter.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "filter.h"

static unsigned int count_words(const __u64 *w)
{
	unsigned int i, n = 0;

	for (i = 0; i < SCTRACE_MAX_SYSCALLS / 64; i++)
		n += (unsigned int)__builtin_popcountll(w[i]);
	return n;
}

static unsigned int count_bits(const struct sctrace_filter *f)
{
	return count_words(f->syscalls);
}

static unsigned int count_bits32(const struct sctrace_filter *f)
{
	return count_words(f->syscalls32);
}

static void names_set_exactly_their_bits(void **state)
{
	struct sctrace_filter f;
	char err[160] = "";

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(0, sct_filter__add_syscalls(&f, "open,close,execve", err, sizeof(err)));
	assert_int_equal(3, count_bits(&f));
	assert_true(sct_filter__has_syscall(&f, 2));
	assert_true(sct_filter__has_syscall(&f, 3));
	assert_true(sct_filter__has_syscall(&f, 59));
	assert_int_equal((1ULL << 2) | (1ULL << 3) | (1ULL << 59), f.syscalls[0]);
	assert_string_equal("", err);
	/* and the i386 syscalls of the same names: open 5, close 6, execve 11 */
	assert_int_equal(3, count_bits32(&f));
	assert_int_equal((1ULL << 5) | (1ULL << 6) | (1ULL << 11), f.syscalls32[0]);
	assert_true(sct_filter__has_syscall_abi(&f, SCTRACE_ABI_I386, 11));
	assert_false(sct_filter__has_syscall_abi(&f, SCTRACE_ABI_I386, 59));
}

static void names_only_one_table_has_set_that_table(void **state)
{
	struct sctrace_filter f;
	char err[160];

	(void)state;
	memset(&f, 0, sizeof(f));
	/* stat64 (195) is i386 only, newfstatat (262) x86-64 only */
	assert_int_equal(0, sct_filter__add_syscalls(&f, "stat64,newfstatat", err, sizeof(err)));
	assert_int_equal(1, count_bits(&f));
	assert_true(sct_filter__has_syscall(&f, 262));
	assert_int_equal(1, count_bits32(&f));
	assert_true(sct_filter__has_syscall_abi(&f, SCTRACE_ABI_I386, 195));
}

static void numbers_and_trace_prefix_are_accepted(void **state)
{
	struct sctrace_filter f;
	char err[160];

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(0, sct_filter__add_syscalls(&f, "trace=0,511,openat", err, sizeof(err)));
	assert_int_equal(3, count_bits(&f));
	assert_true(sct_filter__has_syscall(&f, 0));
	assert_true(sct_filter__has_syscall(&f, 511));
	assert_true(sct_filter__has_syscall(&f, 257));
	assert_int_equal(1ULL << 63, f.syscalls[7]);
	/* numbers are x86-64 ones; their names set i386 too: read 3, openat 295 */
	assert_int_equal(2, count_bits32(&f));
	assert_true(sct_filter__has_syscall_abi(&f, SCTRACE_ABI_I386, 3));
	assert_true(sct_filter__has_syscall_abi(&f, SCTRACE_ABI_I386, 295));
}

static void lists_accumulate(void **state)
{
	struct sctrace_filter f;
	char err[160];

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(0, sct_filter__add_syscalls(&f, "read", err, sizeof(err)));
	assert_int_equal(0, sct_filter__add_syscalls(&f, "write,read", err, sizeof(err)));
	assert_int_equal(2, count_bits(&f));
}

static void expect_error(const char *list, const char *golden)
{
	struct sctrace_filter f;
	char err[160] = "";

	memset(&f, 0, sizeof(f));
	assert_int_equal(-EINVAL, sct_filter__add_syscalls(&f, list, err, sizeof(err)));
	assert_string_equal(golden, err);
}

static void unknown_name_is_an_error_naming_it(void **state)
{
	(void)state;
	expect_error("open,opne,close",
		     "unknown syscall 'opne' (in neither this build's x86_64 nor its i386 syscall table)");
	expect_error("OPEN",
		     "unknown syscall 'OPEN' (in neither this build's x86_64 nor its i386 syscall table)");
}

static void bad_numbers_are_errors(void **state)
{
	(void)state;
	expect_error("512", "syscall number '512' is not in 0..511");
	expect_error("12abc", "syscall number '12abc' is not in 0..511");
	expect_error("99999999999999999999999", "syscall number '99999999999999999999999' is not in 0..511");
}

static void empty_words_are_errors(void **state)
{
	(void)state;
	expect_error("", "empty syscall name in the -e list");
	expect_error("open,,close", "empty syscall name in the -e list");
	expect_error("open,", "empty syscall name in the -e list");
	expect_error("trace=", "empty syscall name in the -e list");
}

static void all_sets_every_number(void **state)
{
	struct sctrace_filter f;

	(void)state;
	memset(&f, 0, sizeof(f));
	sct_filter__add_all_syscalls(&f);
	assert_int_equal(SCTRACE_MAX_SYSCALLS, count_bits(&f));
	assert_int_equal(SCTRACE_MAX_SYSCALLS, count_bits32(&f));
	assert_false(sct_filter__has_syscall(&f, SCTRACE_MAX_SYSCALLS));
	assert_false(sct_filter__has_syscall_abi(&f, SCTRACE_ABI_I386, SCTRACE_MAX_SYSCALLS));
	/* nothing else: the filter's other fields stay as they were */
	assert_int_equal(0, f.flags);
	assert_int_equal(0, f.ntgids);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_set_exactly_their_bits),
		cmocka_unit_test(names_only_one_table_has_set_that_table),
		cmocka_unit_test(numbers_and_trace_prefix_are_accepted),
		cmocka_unit_test(lists_accumulate),
		cmocka_unit_test(unknown_name_is_an_error_naming_it),
		cmocka_unit_test(bad_numbers_are_errors),
		cmocka_unit_test(empty_words_are_errors),
		cmocka_unit_test(all_sets_every_number),
	};

	return cmocka_run_group_tests_name("filter", tests, NULL, NULL);
}
