// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Generated syscall and errno name tables, through userspace/syscalls.c
 * and userspace/errnames.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "errnames.h"
#include "syscalls.h"

static void syscall_names_follow_the_x86_64_table(void **state)
{
	(void)state;
	assert_string_equal("read", sct_syscall__name(0));
	assert_string_equal("execve", sct_syscall__name(59));
	assert_string_equal("openat", sct_syscall__name(257));
	assert_string_equal("pidfd_open", sct_syscall__name(434));
	assert_null(sct_syscall__name(400));	/* hole in the table */
	assert_null(sct_syscall__name(511));
	assert_null(sct_syscall__name(512));	/* beyond the ABI */
}

static void syscall_lookup_by_name(void **state)
{
	(void)state;
	assert_int_equal(0, sct_syscall__lookup("read"));
	assert_int_equal(257, sct_syscall__lookup("openat"));
	assert_int_equal(-ENOENT, sct_syscall__lookup("syscalls"));	/* __NR_syscalls is a count */
	assert_int_equal(-ENOENT, sct_syscall__lookup("nope"));
	assert_int_equal(-ENOENT, sct_syscall__lookup(""));
}

static void errno_names_uapi_and_kernel_internal(void **state)
{
	(void)state;
	assert_null(sct_errno__name(0));
	assert_string_equal("EPERM", sct_errno__name(1));
	assert_string_equal("ENOENT", sct_errno__name(2));
	assert_string_equal("EAGAIN", sct_errno__name(11));	/* not EWOULDBLOCK */
	assert_string_equal("EDEADLK", sct_errno__name(35));	/* not EDEADLOCK */
	assert_string_equal("EHWPOISON", sct_errno__name(133));
	assert_null(sct_errno__name(511));
	assert_string_equal("ERESTARTSYS", sct_errno__name(512));
	assert_null(sct_errno__name(520));	/* unused in the kernel */
	assert_string_equal("ERECALLCONFLICT", sct_errno__name(530));
	assert_null(sct_errno__name(531));
	assert_null(sct_errno__name(4095));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syscall_names_follow_the_x86_64_table),
		cmocka_unit_test(syscall_lookup_by_name),
		cmocka_unit_test(errno_names_uapi_and_kernel_internal),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
