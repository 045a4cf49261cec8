// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* -e list parsing into the filter's syscall bitmaps (userspace/filter.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "decode/sysdesc.h"
#include "filter.h"
#include "syscalls.h"

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
	char err[400] = "";

	memset(&f, 0, sizeof(f));
	assert_int_equal(-EINVAL, sct_filter__add_syscalls(&f, list, err, sizeof(err)));
	assert_string_equal(golden, err);
}

static void expect_trace_error(const char *expr, const char *golden)
{
	struct sctrace_filter f;
	char err[400] = "";

	memset(&f, 0, sizeof(f));
	assert_int_equal(-EINVAL, sct_filter__set_trace(&f, expr, err, sizeof(err)));
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

/* strace: "open,,close" and "close," are lists; "", "," and "!" are not */
static void empty_lists_are_errors_empty_words_skipped(void **state)
{
	struct sctrace_filter f;
	char err[400];

	(void)state;
	expect_error("", "empty syscall name in the -e list");
	expect_error(",", "empty syscall name in the -e list");
	expect_error("trace=", "empty syscall name in the -e list");
	expect_trace_error("!", "empty syscall name in the -e list");
	expect_trace_error("t=", "empty syscall name in the -e list");
	memset(&f, 0, sizeof(f));
	assert_int_equal(0, sct_filter__add_syscalls(&f, "open,,close,", err, sizeof(err)));
	assert_int_equal(2, count_bits(&f));
}

/* Sets f from expr with sct_filter__set_trace, which must accept it. */
static void trace(struct sctrace_filter *f, const char *expr)
{
	char err[400] = "";

	memset(f, 0, sizeof(*f));
	assert_int_equal(0, sct_filter__set_trace(f, expr, err, sizeof(err)));
}

static bool has(const struct sctrace_filter *f, const char *name)
{
	int nr = sct_syscall__lookup(name);

	assert_true(nr >= 0);
	return sct_filter__has_syscall(f, (unsigned int)nr);
}

static bool has32(const struct sctrace_filter *f, const char *name)
{
	int nr = sct_syscall__lookup_abi(SCTRACE_ABI_I386, name);

	assert_true(nr >= 0);
	return sct_filter__has_syscall_abi(f, SCTRACE_ABI_I386, (unsigned int)nr);
}

/* %CLASS: the syscalls the table gives that class, and no other */
static void classes_come_from_the_table(void **state)
{
	struct sctrace_filter f;
	const struct sct_sysdesc *d;
	unsigned int nr;

	(void)state;
	trace(&f, "trace=%file");
	assert_true(has(&f, "openat"));
	assert_true(has(&f, "open"));
	assert_true(has(&f, "execve"));
	assert_false(has(&f, "read"));
	assert_false(has(&f, "close"));
	assert_true(has32(&f, "open"));	/* the i386 syscall too */
	for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++) {
		d = sct_sysdesc__by_nr(nr);
		if (d)
			assert_int_equal(!!(d->classes & SCT_CLASS_FILE), sct_filter__has_syscall(&f, nr));
	}
	trace(&f, "%desc");
	assert_true(has(&f, "read") && has(&f, "close") && has(&f, "dup2") && !has(&f, "getpid"));
	trace(&f, "%network");
	assert_true(has(&f, "socket") && has(&f, "connect") && !has(&f, "read"));
	trace(&f, "%net");
	assert_true(has(&f, "socket") && has(&f, "sendmsg") && !has(&f, "open"));
	trace(&f, "%process");
	assert_true(has(&f, "clone") && has(&f, "execve") && has(&f, "exit_group") && has(&f, "wait4"));
	assert_false(has(&f, "getpid"));	/* strace: not %process */
	trace(&f, "%memory");
	assert_true(has(&f, "mmap") && has(&f, "brk") && !has(&f, "read"));
	trace(&f, "%signal");
	assert_true(has(&f, "rt_sigaction") && has(&f, "kill") && !has(&f, "read"));
	trace(&f, "%ipc");
	assert_true(has(&f, "shmget") && has(&f, "semop") && !has(&f, "read"));
	trace(&f, "%clock");
	assert_true(has(&f, "clock_gettime") && has(&f, "adjtimex"));
	assert_false(has(&f, "read"));
	trace(&f, "%creds");
	assert_true(has(&f, "setuid") && has(&f, "getuid") && !has(&f, "read"));
	trace(&f, "file");	/* strace still takes the old word */
	assert_true(has(&f, "openat") && !has(&f, "read"));
}

static void lists_mix_classes_and_names(void **state)
{
	struct sctrace_filter f;

	(void)state;
	trace(&f, "trace=%file,read");
	assert_true(has(&f, "openat") && has(&f, "read") && !has(&f, "write"));
}

/* "!LIST": every syscall but those, in both tables */
static void bang_inverts_the_whole_list(void **state)
{
	struct sctrace_filter f;

	(void)state;
	trace(&f, "trace=!close");
	assert_false(has(&f, "close"));
	assert_false(has32(&f, "close"));
	assert_true(has(&f, "read") && has(&f, "openat"));
	assert_int_equal(SCTRACE_MAX_SYSCALLS - 1, count_bits(&f));
	trace(&f, "!write,%file");
	assert_false(has(&f, "write") || has(&f, "openat"));
	assert_true(has(&f, "read"));
	expect_trace_error("%process,!close",
			   "unknown syscall '!close' (in neither this build's x86_64 nor its i386 syscall table)");
}

static void all_and_none(void **state)
{
	struct sctrace_filter f;

	(void)state;
	trace(&f, "trace=all");
	assert_int_equal(SCTRACE_MAX_SYSCALLS, count_bits(&f));
	assert_int_equal(SCTRACE_MAX_SYSCALLS, count_bits32(&f));
	trace(&f, "none");
	assert_int_equal(0, count_bits(&f) + count_bits32(&f));
	trace(&f, "!none");
	assert_int_equal(SCTRACE_MAX_SYSCALLS, count_bits(&f));
	trace(&f, "!all");
	assert_int_equal(0, count_bits(&f) + count_bits32(&f));
}

static void regex_matches_names(void **state)
{
	struct sctrace_filter f;

	(void)state;
	trace(&f, "/^clo");
	assert_true(has(&f, "close") && has(&f, "clock_gettime") && has(&f, "clone"));
	assert_false(has(&f, "read") || has(&f, "openat"));
	trace(&f, "/^(read|write)$");
	assert_int_equal(2, count_bits(&f));
	expect_trace_error("/[", "regular expression '[': Invalid regular expression");
}

/* The last -e trace= wins, as strace; an error leaves f as it was. */
static void set_trace_replaces(void **state)
{
	struct sctrace_filter f;
	char err[400];

	(void)state;
	trace(&f, "openat");
	assert_int_equal(0, sct_filter__set_trace(&f, "t=close", err, sizeof(err)));
	assert_true(has(&f, "close") && !has(&f, "openat"));
	assert_int_equal(-EINVAL, sct_filter__set_trace(&f, "nosuch", err, sizeof(err)));
	assert_true(has(&f, "close"));
}

static void question_mark_names_may_be_unknown(void **state)
{
	struct sctrace_filter f;

	(void)state;
	trace(&f, "?nosuch,close");
	assert_int_equal(1, count_bits(&f));
	expect_trace_error("%stat",
			   "unknown class '%stat' (sctrace has %file %desc %network %net %process %memory %signal %ipc %creds %clock; not strace's %stat %lstat %fstat %%stat %statfs %fstatfs %%statfs %pure)");
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
		cmocka_unit_test(empty_lists_are_errors_empty_words_skipped),
		cmocka_unit_test(classes_come_from_the_table),
		cmocka_unit_test(lists_mix_classes_and_names),
		cmocka_unit_test(bang_inverts_the_whole_list),
		cmocka_unit_test(all_and_none),
		cmocka_unit_test(regex_matches_names),
		cmocka_unit_test(set_trace_replaces),
		cmocka_unit_test(question_mark_names_may_be_unknown),
		cmocka_unit_test(all_sets_every_number),
	};

	return cmocka_run_group_tests_name("filter", tests, NULL, NULL);
}
