// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * String-argument table (userspace/strargs.c): which arguments of which
 * syscalls are copied as strings, and how the filter gets them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "strargs.h"
#include "syscalls.h"

#define A(n)	(1u << (n))

static void path_arguments_by_position(void **state)
{
	(void)state;
	assert_int_equal(A(0), sct_strargs__mask("open"));
	assert_int_equal(A(1), sct_strargs__mask("openat"));
	assert_int_equal(A(0), sct_strargs__mask("execve"));
	assert_int_equal(A(1), sct_strargs__mask("execveat"));
	assert_int_equal(A(1), sct_strargs__mask("newfstatat"));
	assert_int_equal(A(0) | A(1), sct_strargs__mask("rename"));
	assert_int_equal(A(1) | A(3), sct_strargs__mask("renameat2"));
	assert_int_equal(A(0) | A(2), sct_strargs__mask("symlinkat"));
	assert_int_equal(A(1) | A(3), sct_strargs__mask("linkat"));
	assert_int_equal(A(0) | A(1) | A(2), sct_strargs__mask("mount"));
	assert_int_equal(A(4), sct_strargs__mask("fanotify_mark"));
	assert_int_equal(A(0) | A(1), sct_strargs__mask("getxattr"));
	assert_int_equal(A(1), sct_strargs__mask("fgetxattr"));
	assert_int_equal(A(0), sct_strargs__mask("memfd_create"));
}

static void non_string_arguments_are_left_out(void **state)
{
	(void)state;
	assert_int_equal(0, sct_strargs__mask("read"));
	assert_int_equal(0, sct_strargs__mask("write"));
	assert_int_equal(0, sct_strargs__mask("sethostname"));	/* has a length, no NUL */
	assert_int_equal(0, sct_strargs__mask("fstat"));
	assert_int_equal(0, sct_strargs__mask("no_such_syscall"));
}

static void fill_sets_strargs_by_number(void **state)
{
	struct sctrace_filter f;
	unsigned int n, nr, set = 0;

	(void)state;
	memset(&f, 0, sizeof(f));
	n = sct_strargs__fill(&f);
	assert_int_equal(A(0), f.strargs[2]);		/* open */
	assert_int_equal(A(1), f.strargs[257]);	/* openat */
	assert_int_equal(A(0), f.strargs[59]);		/* execve */
	assert_int_equal(A(1) | A(3), f.strargs[316]);	/* renameat2 */
	assert_int_equal(0, f.strargs[0]);		/* read */
	assert_int_equal(0, f.strargs[1]);		/* write */
	/*
	 * n entries resolved (6.12 headers know 78 of them, 6.1 ones 77), each to its
	 * own number with its own mask; none sets bit 6 or 7
	 */
	assert_true(n >= 70);
	for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++) {
		assert_int_equal(0, f.strargs[nr] & 0xc0);
		if (!f.strargs[nr])
			continue;
		set++;
		assert_int_equal(f.strargs[nr], sct_strargs__mask(sct_syscall__name(nr)));
	}
	assert_int_equal(n, set);
	/* the syscalls, other fields untouched */
	assert_int_equal(0, f.flags);
	assert_int_equal(0, f.syscalls[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(path_arguments_by_position),
		cmocka_unit_test(non_string_arguments_are_left_out),
		cmocka_unit_test(fill_sets_strargs_by_number),
	};

	return cmocka_run_group_tests_name("strargs", tests, NULL, NULL);
}
