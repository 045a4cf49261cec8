// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The capture plan of the syscall table (userspace/decode/plan.c): the
 * whole plan passes the one check both backends use (capplan.c, i.e.
 * driver/sct_plan.h), exact items for a few syscalls of each sort, i386
 * strings only, and what the hand-made string table of the past knew.
 * Giving it to a backend (plan_set.c), with sctrace_set_capture() and
 * sctrace_set_filter() replaced (--wrap, build.mk): an API 1.1 module
 * gets the strings through the filter.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "capplan.h"
#include "decode/plan.h"
#include "libsctrace.h"
#include "syscalls.h"

#define A(n)	(1u << (n))

static struct sctrace_cap_item items[SCTRACE_CAP_MAX_ITEMS];
static size_t nitems;

static void build(unsigned int flags)
{
	int n = sct_plan__build(flags, items, SCTRACE_CAP_MAX_ITEMS);

	assert_true(n > 0 && n <= SCTRACE_CAP_MAX_ITEMS);
	nitems = (size_t)n;
}

static int x86_64(const char *name)
{
	int nr = sct_syscall__lookup_abi(SCTRACE_ABI_X86_64, name);

	assert_true(nr >= 0);
	return nr;
}

/* The items of syscall nr of abi in phase when, in order. */
static size_t find(unsigned int abi, int nr, unsigned int when,
		   const struct sctrace_cap_item **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < nitems; i++)
		if (items[i].abi == abi && items[i].nr == nr && items[i].when == when) {
			if (n < max)
				out[n] = &items[i];
			n++;
		}
	return n;
}

static void expect_item(const struct sctrace_cap_item *it, unsigned int arg, unsigned int kind,
			unsigned int len_src, unsigned int len_arg, unsigned int size,
			unsigned int flags)
{
	assert_int_equal(arg, it->arg);
	assert_int_equal(kind, it->kind);
	assert_int_equal(len_src, it->len_src);
	assert_int_equal(len_arg, it->len_arg);
	assert_int_equal(size, it->size);
	assert_int_equal(flags, it->flags);
	assert_int_equal(0, it->reserved);
}

static void whole_plan_passes_the_backends_check(void **state)
{
	unsigned int flags[] = { 0, SCT_PLAN_ENVP };
	char why[160] = "";
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		build(flags[i]);
		assert_int_equal(0, sct_capplan__check(items, nitems, why, sizeof(why)));
		assert_string_equal("", why);
	}
	/* both ABIs are in it */
	for (i = 0; i < nitems && items[i].abi != SCTRACE_ABI_I386; i++)
		;
	assert_true(i < nitems);
}

static void counting_needs_no_array(void **state)
{
	(void)state;
	build(0);
	assert_int_equal(nitems, sct_plan__build(0, NULL, 0));
	/* as snprintf: the count, only max written */
	memset(items, 0xee, sizeof(items));
	assert_int_equal(nitems, sct_plan__build(0, items, 2));
	assert_int_equal(0xeeee, items[2].nr);
	assert_int_equal(-EINVAL, sct_plan__build(0x80, items, SCTRACE_CAP_MAX_ITEMS));
}

#define ENTER	SCTRACE_CAP_ENTER
#define EXIT	SCTRACE_CAP_EXIT
#define STR	SCTRACE_CAP_STR
#define BUF	SCTRACE_CAP_BUF
#define NONE	SCTRACE_LEN_NONE
#define ARG	SCTRACE_LEN_ARG
#define RET	SCTRACE_LEN_RET
#define PATH	(SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY)

/*
 * Syscall name has count items in phase when; item i of them is this one.
 * NOTHING(name, when): no item.
 */
struct spot {
	const char *name;
	unsigned int when, count, i;
	unsigned int arg, kind, len_src, len_arg, size, flags;
};

#define NOTHING(n, w)	{ .name = (n), .when = (w) }

static const struct spot spots[] = {
	/* read: the bytes read, as many as it returned */
	NOTHING("read", ENTER), { "read", EXIT, 1, 0, 1, BUF, RET, 0, 1, 0 },
	/* write: the bytes, as many as argument 2 says */
	{ "write", ENTER, 1, 0, 1, BUF, ARG, 2, 1, 0 },
	/* openat: a path, read again at exit if it faulted */
	{ "openat", ENTER, 1, 0, 1, STR, NONE, 0, 0, PATH }, NOTHING("openat", EXIT),
	/* fstat: a struct stat out */
	{ "fstat", EXIT, 1, 0, 1, BUF, NONE, 0, 144, 0 },
	/* accept4: the address, as long as *addrlen says; addrlen in and out */
	{ "accept4", ENTER, 1, 0, 2, BUF, NONE, 0, 4, 0 },
	{ "accept4", EXIT, 2, 0, 1, BUF, SCTRACE_LEN_ARGPTR, 2, 1, 0 },
	{ "accept4", EXIT, 2, 1, 2, BUF, NONE, 0, 4, 0 },
	/* poll: nfds pollfds, in and out */
	{ "poll", ENTER, 1, 0, 0, BUF, ARG, 1, 8, 0 }, { "poll", EXIT, 1, 0, 0, BUF, ARG, 1, 8, 0 },
	/* readv: iovecs and bytes at exit */
	{ "readv", EXIT, 1, 0, 1, SCTRACE_CAP_IOVEC, ARG, 2, 0, 0 },
	/* execve: the path, 32 of argv's strings, envp counted */
	{ "execve", ENTER, 3, 0, 0, STR, NONE, 0, 0, PATH },
	{ "execve", ENTER, 3, 1, 1, SCTRACE_CAP_STRARR, NONE, 0, 32, 0 },
	{ "execve", ENTER, 3, 2, 2, SCTRACE_CAP_STRARR, NONE, 0, 0, 0 },
	/* nanosleep: the time asked for, and what is left even on EINTR */
	{ "nanosleep", ENTER, 1, 0, 0, BUF, NONE, 0, 16, 0 },
	{ "nanosleep", EXIT, 1, 0, 1, BUF, NONE, 0, 16, SCTRACE_CAP_F_ON_ERROR },
	/* epoll_wait: as many events as it returned, 12 bytes each */
	{ "epoll_wait", EXIT, 1, 0, 1, BUF, RET, 0, 12, 0 },
	/* select: three fd_sets of n bits, in and out, and the timeout */
	{ "select", ENTER, 4, 2, 3, BUF, ARG, 0, 1, SCTRACE_CAP_F_BITS },
	{ "select", EXIT, 4, 3, 4, BUF, NONE, 0, 16, 0 },
	/* recvmsg: the msghdr at exit; getcwd: the path the kernel wrote, whole */
	{ "recvmsg", EXIT, 1, 0, 1, SCTRACE_CAP_MSGHDR, NONE, 0, 0, 0 },
	{ "getcwd", EXIT, 1, 0, 0, STR, NONE, 0, 0, SCTRACE_CAP_F_PATH },
	/* wait4: the status and the rusage */
	{ "wait4", EXIT, 2, 0, 1, BUF, NONE, 0, 4, 0 },
	{ "wait4", EXIT, 2, 1, 3, BUF, NONE, 0, 144, 0 },
	/* nothing for a syscall without memory */
	NOTHING("getpid", ENTER), NOTHING("close", EXIT),
};

static void x86_64_spot_checks(void **state)
{
	const struct sctrace_cap_item *it[SCTRACE_CAP_MAX_PER + 1];
	const struct spot *w;
	size_t i, n;

	(void)state;
	build(0);
	for (i = 0; i < sizeof(spots) / sizeof(spots[0]); i++) {
		w = &spots[i];
		n = find(0, x86_64(w->name), w->when, it, SCTRACE_CAP_MAX_PER + 1);
		if (n != w->count || (n && (it[w->i]->arg != w->arg || it[w->i]->kind != w->kind ||
					    it[w->i]->size != w->size || it[w->i]->flags != w->flags)))
			print_message("# %s at %s: not as expected\n", w->name, w->when ? "exit" : "entry");
		assert_int_equal(w->count, n);
		if (w->count)
			expect_item(it[w->i], w->arg, w->kind, w->len_src, w->len_arg, w->size, w->flags);
	}
}

static void envp_strings_with_the_flag(void **state)
{
	const struct sctrace_cap_item *it[4];

	(void)state;
	build(SCT_PLAN_ENVP);
	assert_int_equal(3, find(0, x86_64("execve"), SCTRACE_CAP_ENTER, it, 4));
	expect_item(it[2], 2, SCTRACE_CAP_STRARR, SCTRACE_LEN_NONE, 0, 32, 0);
	assert_int_equal(3, find(0, x86_64("execveat"), SCTRACE_CAP_ENTER, it, 4));
	expect_item(it[2], 3, SCTRACE_CAP_STRARR, SCTRACE_LEN_NONE, 0, 32, 0);
}

static void i386_gets_strings_only(void **state)
{
	const struct sctrace_cap_item *it[4];
	size_t i;

	(void)state;
	build(0);
	for (i = 0; i < nitems; i++)
		if (items[i].abi == SCTRACE_ABI_I386)
			assert_int_equal(SCTRACE_CAP_STR, items[i].kind);
	/* open is 5 */
	assert_int_equal(1, find(SCTRACE_ABI_I386, 5, SCTRACE_CAP_ENTER, it, 4));
	expect_item(it[0], 0, SCTRACE_CAP_STR, SCTRACE_LEN_NONE, 0, 0,
		    SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY);
	/* read (3): nothing; execve (11): the path, not the arrays */
	assert_int_equal(0, find(SCTRACE_ABI_I386, 3, SCTRACE_CAP_EXIT, it, 4));
	assert_int_equal(1, find(SCTRACE_ABI_I386, 11, SCTRACE_CAP_ENTER, it, 4));
	expect_item(it[0], 0, SCTRACE_CAP_STR, SCTRACE_LEN_NONE, 0, 0,
		    SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY);
	/* stat64 (195), fstatat64 (300): stat's and newfstatat's path */
	assert_int_equal(1, find(SCTRACE_ABI_I386, 195, SCTRACE_CAP_ENTER, it, 4));
	assert_int_equal(0, it[0]->arg);
	assert_int_equal(1, find(SCTRACE_ABI_I386, 300, SCTRACE_CAP_ENTER, it, 4));
	assert_int_equal(1, it[0]->arg);
	/* getcwd (183): the string the kernel wrote */
	assert_int_equal(1, find(SCTRACE_ABI_I386, 183, SCTRACE_CAP_EXIT, it, 4));
	/* fanotify_mark (339) has its path elsewhere on i386: nothing */
	assert_int_equal(0, find(SCTRACE_ABI_I386, 339, SCTRACE_CAP_ENTER, it, 4));
}

/*
 * What userspace/strargs.c (the hand-made table this plan replaced) knew:
 * each of these arguments is a string read at entry, and no other
 * argument of these syscalls is.
 */
static void the_old_string_table_is_kept(void **state)
{
	static const struct { const char *name; uint8_t mask; } old[] = {
		{ "open", A(0) }, { "openat", A(1) }, { "openat2", A(1) }, { "creat", A(0) },
		{ "mknod", A(0) }, { "mknodat", A(1) }, { "mkdir", A(0) }, { "mkdirat", A(1) },
		{ "memfd_create", A(0) }, { "execve", A(0) }, { "execveat", A(1) },
		{ "uselib", A(0) }, { "stat", A(0) }, { "lstat", A(0) }, { "newfstatat", A(1) },
		{ "statx", A(1) }, { "statfs", A(0) }, { "access", A(0) }, { "faccessat", A(1) },
		{ "faccessat2", A(1) }, { "readlink", A(0) }, { "readlinkat", A(1) },
		{ "unlink", A(0) }, { "unlinkat", A(1) }, { "rmdir", A(0) },
		{ "rename", A(0) | A(1) }, { "renameat", A(1) | A(3) },
		{ "renameat2", A(1) | A(3) }, { "link", A(0) | A(1) }, { "linkat", A(1) | A(3) },
		{ "symlink", A(0) | A(1) }, { "symlinkat", A(0) | A(2) }, { "chmod", A(0) },
		{ "fchmodat", A(1) }, { "fchmodat2", A(1) }, { "chown", A(0) }, { "lchown", A(0) },
		{ "fchownat", A(1) }, { "truncate", A(0) }, { "utime", A(0) }, { "utimes", A(0) },
		{ "utimensat", A(1) }, { "futimesat", A(1) }, { "setxattr", A(0) | A(1) },
		{ "lsetxattr", A(0) | A(1) }, { "fsetxattr", A(1) }, { "getxattr", A(0) | A(1) },
		{ "lgetxattr", A(0) | A(1) }, { "fgetxattr", A(1) }, { "listxattr", A(0) },
		{ "llistxattr", A(0) }, { "removexattr", A(0) | A(1) },
		{ "lremovexattr", A(0) | A(1) }, { "fremovexattr", A(1) },
		{ "setxattrat", A(1) | A(3) }, { "getxattrat", A(1) | A(3) },
		{ "listxattrat", A(1) }, { "removexattrat", A(1) | A(3) }, { "chdir", A(0) },
		{ "chroot", A(0) }, { "pivot_root", A(0) | A(1) },
		{ "mount", A(0) | A(1) | A(2) }, { "umount2", A(0) }, { "open_tree", A(1) },
		{ "move_mount", A(1) | A(3) }, { "fsopen", A(0) }, { "fspick", A(1) },
		{ "mount_setattr", A(1) }, { "swapon", A(0) }, { "swapoff", A(0) },
		{ "acct", A(0) }, { "quotactl", A(1) }, { "inotify_add_watch", A(1) },
		{ "fanotify_mark", A(4) }, { "name_to_handle_at", A(1) },
		{ "init_module", A(2) }, { "finit_module", A(1) }, { "delete_module", A(0) },
		{ "mq_open", A(0) }, { "mq_unlink", A(0) }, { "add_key", A(0) | A(1) },
		{ "request_key", A(0) | A(1) | A(2) },
	};
	struct sctrace_filter f;
	unsigned int set, known = 0;
	size_t i;
	int nr;

	(void)state;
	build(0);
	memset(&f, 0, sizeof(f));
	set = sct_plan__strargs(items, nitems, &f);
	for (i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
		nr = sct_syscall__lookup_abi(SCTRACE_ABI_X86_64, old[i].name);
		if (nr < 0)
			continue;	/* newer than this build's headers */
		known++;
		if (f.strargs[nr] != old[i].mask)
			print_message("# %s: strargs 0x%x, was 0x%x\n", old[i].name,
				      f.strargs[nr], old[i].mask);
		assert_int_equal(old[i].mask, f.strargs[nr]);
	}
	/* 6.12 headers know 78 of them, 6.1 ones 77 */
	assert_true(known >= 70);
	/* and more (fsconfig's key); not a string with a length (sethostname) */
	assert_true(set > known);
	assert_int_equal(0, f.strargs[x86_64("read")]);
	assert_int_equal(0, f.strargs[x86_64("sethostname")]);
	assert_int_equal(0, f.flags);
	assert_int_equal(0, f.syscalls[0]);
}

/* the backend, as plan_set.c sees it */
int __wrap_sctrace_set_capture(struct sctrace *t, const struct sctrace_cap_item *it, size_t n);
int __wrap_sctrace_set_filter(struct sctrace *t, const struct sctrace_filter *f);

int __wrap_sctrace_set_capture(struct sctrace *t, const struct sctrace_cap_item *it, size_t n)
{
	(void)t;
	check_expected(n);
	assert_int_equal(0, sct_capplan__check(it, n, NULL, 0));
	return mock_type(int);
}

int __wrap_sctrace_set_filter(struct sctrace *t, const struct sctrace_filter *f)
{
	(void)t;
	check_expected(f);
	/* openat's path, from the plan */
	assert_int_equal(A(1), f->strargs[257]);
	return mock_type(int);
}

static void a_backend_gets_the_plan(void **state)
{
	struct sctrace_filter f;

	(void)state;
	build(0);
	memset(&f, 0, sizeof(f));
	expect_value(__wrap_sctrace_set_capture, n, nitems);
	will_return(__wrap_sctrace_set_capture, 0);
	assert_int_equal(0, sct_plan__set(NULL, &f, 0));
	assert_int_equal(0, f.strargs[257]);	/* the filter as it was */
	/* a refusal is the caller's to report */
	expect_value(__wrap_sctrace_set_capture, n, nitems);
	will_return(__wrap_sctrace_set_capture, -EINVAL);
	assert_int_equal(-EINVAL, sct_plan__set(NULL, &f, 0));
	assert_int_equal(-EINVAL, sct_plan__set(NULL, &f, 0x80));
}

static void an_old_module_gets_the_strings_in_the_filter(void **state)
{
	struct sctrace_filter f;

	(void)state;
	build(0);
	memset(&f, 0, sizeof(f));
	expect_value(__wrap_sctrace_set_capture, n, nitems);
	will_return(__wrap_sctrace_set_capture, -EOPNOTSUPP);
	expect_value(__wrap_sctrace_set_filter, f, &f);
	will_return(__wrap_sctrace_set_filter, 0);
	assert_int_equal(0, sct_plan__set(NULL, &f, 0));
	/* and what setting the filter again says */
	memset(&f, 0, sizeof(f));
	expect_value(__wrap_sctrace_set_capture, n, nitems);
	will_return(__wrap_sctrace_set_capture, -EOPNOTSUPP);
	expect_value(__wrap_sctrace_set_filter, f, &f);
	will_return(__wrap_sctrace_set_filter, -EBUSY);
	assert_int_equal(-EBUSY, sct_plan__set(NULL, &f, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_plan_passes_the_backends_check),
		cmocka_unit_test(counting_needs_no_array),
		cmocka_unit_test(x86_64_spot_checks),
		cmocka_unit_test(envp_strings_with_the_flag),
		cmocka_unit_test(i386_gets_strings_only),
		cmocka_unit_test(the_old_string_table_is_kept),
		cmocka_unit_test(a_backend_gets_the_plan),
		cmocka_unit_test(an_old_module_gets_the_strings_in_the_filter),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
