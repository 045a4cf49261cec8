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
#include "sctrace_abi.h"
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

static void syscall_names_follow_the_i386_table(void **state)
{
	(void)state;
	assert_string_equal("restart_syscall", sct_syscall__name_abi(SCTRACE_ABI_I386, 0));
	assert_string_equal("open", sct_syscall__name_abi(SCTRACE_ABI_I386, 5));
	assert_string_equal("execve", sct_syscall__name_abi(SCTRACE_ABI_I386, 11));
	assert_string_equal("socketcall", sct_syscall__name_abi(SCTRACE_ABI_I386, 102));
	assert_string_equal("stat64", sct_syscall__name_abi(SCTRACE_ABI_I386, 195));
	assert_string_equal("openat", sct_syscall__name_abi(SCTRACE_ABI_I386, 295));
	assert_string_equal("pidfd_open", sct_syscall__name_abi(SCTRACE_ABI_I386, 434));
	assert_null(sct_syscall__name_abi(SCTRACE_ABI_I386, 222));	/* hole */
	assert_null(sct_syscall__name_abi(SCTRACE_ABI_I386, 512));
	assert_null(sct_syscall__name_abi(2, 0));			/* no such ABI */
	/* the x86-64 table through the same call */
	assert_string_equal("fstat", sct_syscall__name_abi(SCTRACE_ABI_X86_64, 5));
}

static void syscall_lookup_by_name_per_abi(void **state)
{
	(void)state;
	assert_int_equal(5, sct_syscall__lookup_abi(SCTRACE_ABI_I386, "open"));
	assert_int_equal(2, sct_syscall__lookup_abi(SCTRACE_ABI_X86_64, "open"));
	assert_int_equal(195, sct_syscall__lookup_abi(SCTRACE_ABI_I386, "stat64"));
	assert_int_equal(-ENOENT, sct_syscall__lookup_abi(SCTRACE_ABI_X86_64, "stat64"));
	assert_int_equal(-ENOENT, sct_syscall__lookup_abi(SCTRACE_ABI_I386, "newfstatat"));
	assert_int_equal(-ENOENT, sct_syscall__lookup_abi(SCTRACE_ABI_I386, "syscalls"));
	assert_int_equal(-ENOENT, sct_syscall__lookup_abi(2, "open"));
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
		cmocka_unit_test(syscall_names_follow_the_i386_table),
		cmocka_unit_test(syscall_lookup_by_name_per_abi),
		cmocka_unit_test(errno_names_uapi_and_kernel_internal),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
