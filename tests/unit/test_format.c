// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Output lines (userspace/format.c) held to golden strings: syscall enter
 * with strings (plain, escaped, truncated, faulted), exit with errno
 * names, fork, task exit.
 */
#define _GNU_SOURCE	/* open_memstream */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "format.h"

#define AT_FDCWD_ARG	0xffffffffffffff9cULL	/* (long)-100 as the register holds it */

/* An enter record under construction, 8-byte aligned. */
struct enter_buf {
	uint64_t words[256];
	size_t len;
};

static struct sctrace_sys_enter *enter_init(struct enter_buf *b, uint32_t nr,
					    const uint64_t args[SCTRACE_MAX_ARGS])
{
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)b->words;

	memset(b, 0, sizeof(*b));
	e->hdr = (struct sctrace_hdr){ .type = SCTRACE_REC_SYS_ENTER, .cpu = 0, .tid = 1234,
				       .tgid = 1234, .ts_ns = 12345678901ULL };
	e->nr = nr;
	memcpy(e->args, args, sizeof(e->args));
	b->len = sizeof(*e);
	e->hdr.len = (uint32_t)b->len;
	return e;
}

/* Appends a string item as the module writes it. */
static void enter_add_str(struct enter_buf *b, uint8_t arg, uint8_t flags, const char *s)
{
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)b->words;
	struct sctrace_item *item = (struct sctrace_item *)((uint8_t *)b->words + b->len);
	size_t n = s ? strlen(s) : 0;

	*item = (struct sctrace_item){ .len = (uint16_t)n, .arg = arg, .flags = flags };
	if (n)
		memcpy(item + 1, s, n);
	b->len += SCTRACE_ITEM_SIZE(n);
	e->nitem++;
	e->flags |= (flags & SCTRACE_ITEM_TRUNC ? SCTRACE_REC_TRUNC : 0) |
		    (flags & SCTRACE_ITEM_FAULT ? SCTRACE_REC_FAULT : 0);
	e->hdr.len = (uint32_t)((b->len + 7) & ~(size_t)7);
}

/* Appends an item of any kind, data d[0..n), to an enter or exit record. */
static void rec_add_item(uint64_t *words, size_t *len, uint16_t *nitem, uint8_t arg,
			 uint8_t kind, uint8_t flags, const void *d, size_t n)
{
	struct sctrace_item *item = (struct sctrace_item *)((uint8_t *)words + *len);

	*item = (struct sctrace_item){ .len = (uint16_t)n,
				       .arg = (uint8_t)SCTRACE_ITEM_ARGKIND(arg, kind),
				       .flags = flags };
	memcpy(item + 1, d, n);
	*len += SCTRACE_ITEM_SIZE(n);
	(*nitem)++;
	((struct sctrace_hdr *)(void *)words)->len = (uint32_t)((*len + 7) & ~(size_t)7);
}

/* The line sct_format__record() writes for rec, and its return value. */
static char *format(const void *rec, int *ret)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	assert_non_null(f);
	*ret = sct_format__record(f, rec);
	assert_int_equal(0, fclose(f));
	return text;
}

static void expect_line(const void *rec, const char *golden)
{
	int ret;
	char *line = format(rec, &ret);

	assert_string_equal(golden, line);
	assert_int_equal(0, ret);
	free(line);
}

static void enter_with_path_string(void **state)
{
	static const uint64_t args[] = { AT_FDCWD_ARG, 0x7ffc1000, 0x80000, 0, 0, 0 };
	struct enter_buf b;

	(void)state;
	enter_init(&b, 257, args);
	enter_add_str(&b, 1, 0, "/etc/passwd");
	expect_line(b.words,
		    "12.345678901 1234 > openat(0xffffffffffffff9c, \"/etc/passwd\", 0x80000, 0x0, 0x0, 0x0)\n");
}

static void enter_with_two_strings(void **state)
{
	static const uint64_t args[] = { 3, 0x1000, 4, 0x2000, 1, 0 };
	struct enter_buf b;

	(void)state;
	enter_init(&b, 316, args);	/* renameat2 */
	enter_add_str(&b, 1, 0, "old name");
	enter_add_str(&b, 3, 0, "new");
	expect_line(b.words,
		    "12.345678901 1234 > renameat2(0x3, \"old name\", 0x4, \"new\", 0x1, 0x0)\n");
}

static void enter_with_truncated_string(void **state)
{
	static const uint64_t args[] = { 0x1000, 0, 0, 0, 0, 0 };
	struct enter_buf b;

	(void)state;
	enter_init(&b, 2, args);	/* open */
	enter_add_str(&b, 0, SCTRACE_ITEM_TRUNC, "/very/long/pa");
	expect_line(b.words,
		    "12.345678901 1234 > open(\"/very/long/pa\"..., 0x0, 0x0, 0x0, 0x0, 0x0)\n");
}

static void enter_with_faulted_string(void **state)
{
	static const uint64_t args[] = { 0xdead000, 0x0, 0, 0, 0, 0 };
	struct enter_buf b;

	(void)state;
	enter_init(&b, 82, args);	/* rename */
	enter_add_str(&b, 0, SCTRACE_ITEM_FAULT, NULL);
	enter_add_str(&b, 1, SCTRACE_ITEM_FAULT, NULL);
	expect_line(b.words,
		    "12.345678901 1234 > rename(0xdead000 <fault>, NULL, 0x0, 0x0, 0x0, 0x0)\n");
}

static void enter_escapes_like_strace(void **state)
{
	static const uint64_t args[] = { 0x1000, 0, 0, 0, 0, 0 };
	struct enter_buf b;

	(void)state;
	enter_init(&b, 83, args);	/* mkdir */
	enter_add_str(&b, 0, 0, "a\"b\\c\t\n\x01x\x01" "2\xff\x7f");
	expect_line(b.words,
		    "12.345678901 1234 > mkdir(\"a\\\"b\\\\c\\t\\n\\1x\\0012\\377\\177\", 0x0, 0x0, 0x0, 0x0, 0x0)\n");
}

static void enter_of_unnamed_syscall(void **state)
{
	static const uint64_t args[] = { 1, 2, 3, 4, 5, 0xffffffffffffffffULL };
	struct enter_buf b;

	(void)state;
	enter_init(&b, 511, args);
	expect_line(b.words,
		    "12.345678901 1234 > syscall_511(0x1, 0x2, 0x3, 0x4, 0x5, 0xffffffffffffffff)\n");
}

static void enter_with_malformed_strings_prints_raw(void **state)
{
	static const uint64_t args[] = { 0x1000, 0, 0, 0, 0, 0 };
	struct sctrace_sys_enter *e;
	struct enter_buf b;
	char *line;
	int ret;

	(void)state;
	e = enter_init(&b, 2, args);
	enter_add_str(&b, 0, 0, "/etc/passwd");
	e->nitem = 2;	/* claims a second item the record does not hold */
	line = format(b.words, &ret);
	assert_int_equal(-EBADMSG, ret);
	assert_string_equal("12.345678901 1234 > open(0x1000, 0x0, 0x0, 0x0, 0x0, 0x0) <malformed items>\n",
			    line);
	free(line);
}

static struct sctrace_sys_exit exit_rec(uint32_t nr, int64_t ret)
{
	return (struct sctrace_sys_exit){
		.hdr = { .len = sizeof(struct sctrace_sys_exit), .type = SCTRACE_REC_SYS_EXIT,
			 .cpu = 1, .tid = 1234, .tgid = 1234, .ts_ns = 12345679901ULL },
		.nr = nr, .nitem = 0, .flags = 0, .ret = ret,
	};
}

static void exit_success(void **state)
{
	struct sctrace_sys_exit x = exit_rec(257, 3);

	(void)state;
	expect_line(&x, "12.345679901 1234 < openat = 3\n");
}

static void exit_with_errno_name(void **state)
{
	struct sctrace_sys_exit x = exit_rec(257, -2);

	(void)state;
	expect_line(&x, "12.345679901 1234 < openat = -2 (ENOENT)\n");
	x = exit_rec(0, -4095);
	expect_line(&x, "12.345679901 1234 < read = -4095\n");	/* in range, unnamed */
	x = exit_rec(0, -133);
	expect_line(&x, "12.345679901 1234 < read = -133 (EHWPOISON)\n");
}

static void exit_with_kernel_internal_errno(void **state)
{
	struct sctrace_sys_exit x = exit_rec(7, -512);	/* poll */

	(void)state;
	expect_line(&x, "12.345679901 1234 < poll = -512 (ERESTARTSYS)\n");
	x = exit_rec(230, -516);	/* clock_nanosleep */
	expect_line(&x, "12.345679901 1234 < clock_nanosleep = -516 (ERESTART_RESTARTBLOCK)\n");
}

static void exit_with_address_prints_hex(void **state)
{
	struct sctrace_sys_exit x = exit_rec(9, 0x7f1234567000LL);	/* mmap */

	(void)state;
	expect_line(&x, "12.345679901 1234 < mmap = 0x7f1234567000\n");
	x = exit_rec(9, -4096);	/* below the errno range */
	expect_line(&x, "12.345679901 1234 < mmap = 0xfffffffffffff000\n");
	x = exit_rec(0, 4294967295LL);
	expect_line(&x, "12.345679901 1234 < read = 4294967295\n");
}

static void fork_of_process_and_thread(void **state)
{
	struct sctrace_fork f = {
		.hdr = { .len = sizeof(f), .type = SCTRACE_REC_FORK, .cpu = 0, .tid = 1234,
			 .tgid = 1234, .ts_ns = 12345680000ULL },
		.child_tid = 1235, .child_tgid = 1235, .flags = 0, .reserved = 0,
	};

	(void)state;
	expect_line(&f, "12.345680000 1234 fork child 1235 (process)\n");
	f.child_tgid = 1234;
	f.child_tid = 1236;
	f.flags = SCTRACE_FORK_THREAD;
	expect_line(&f, "12.345680000 1234 fork child 1236 (thread)\n");
}

static void lost_records_say_how_many_and_where(void **state)
{
	struct sctrace_lost l = {
		.hdr = { .len = sizeof(l), .type = SCTRACE_REC_LOST, .cpu = 1, .tid = 0,
			 .tgid = 0, .ts_ns = 12345680000ULL },
		.lost = 4242,
	};

	(void)state;
	expect_line(&l, "12.345680000 0 lost 4242 records on CPU 1\n");
}

static struct sctrace_task_exit task_exit_rec(int32_t code, uint32_t flags)
{
	return (struct sctrace_task_exit){
		.hdr = { .len = sizeof(struct sctrace_task_exit), .type = SCTRACE_REC_EXIT,
			 .cpu = 0, .tid = 1235, .tgid = 1235, .ts_ns = 12345690000ULL },
		.code = code, .flags = flags,
	};
}

static void task_exit_code_and_signals(void **state)
{
	struct sctrace_task_exit x = task_exit_rec(0, SCTRACE_EXIT_GROUP_DEAD);

	(void)state;
	expect_line(&x, "12.345690000 1235 exit code 0 (process ended)\n");
	x = task_exit_rec(3 << 8, 0);
	expect_line(&x, "12.345690000 1235 exit code 3 (thread ended)\n");
	x = task_exit_rec(9, SCTRACE_EXIT_GROUP_DEAD);
	expect_line(&x, "12.345690000 1235 killed by SIGKILL (process ended)\n");
	x = task_exit_rec(0x80 | 11, SCTRACE_EXIT_GROUP_DEAD);
	expect_line(&x, "12.345690000 1235 killed by SIGSEGV, core dumped (process ended)\n");
}

static void timestamp_keeps_nine_digits(void **state)
{
	struct sctrace_sys_exit x = exit_rec(3, 0);

	(void)state;
	x.hdr.ts_ns = 5;
	expect_line(&x, "0.000000005 1234 < close = 0\n");
	x.hdr.ts_ns = 7000000000ULL;
	expect_line(&x, "7.000000000 1234 < close = 0\n");
}

static void too_short_record_is_reported(void **state)
{
	struct sctrace_sys_exit x = exit_rec(3, 0);
	char *line;
	int ret;

	(void)state;
	x.hdr.len = 24;
	line = format(&x, &ret);
	assert_int_equal(-EBADMSG, ret);
	assert_string_equal("12.345679901 1234 <malformed record: type 2, 24 bytes>\n", line);
	free(line);
}


static void enter_with_iovecs_and_a_buffer(void **state)
{
	static const uint64_t args[] = { 3, 0x5000, 2, 0, 0, 0 };
	struct { uint32_t count, niov; uint64_t iov[4]; char bytes[5]; } __attribute__((packed)) d = {
		.count = 2, .niov = 2, .iov = { 0x6000, 3, 0x7000, 5 }, .bytes = "abcde",
	};
	struct sctrace_sys_enter *e;
	struct enter_buf b;

	(void)state;
	e = enter_init(&b, 20, args);	/* writev: the second buffer cut at 2 of 5 */
	rec_add_item(b.words, &b.len, &e->nitem, 1, SCTRACE_CAP_IOVEC, 0, &d, sizeof(d));
	expect_line(b.words,
		    "12.345678901 1234 > writev(0x3, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"de\"..., iov_len=5}], 0x2, 0x0, 0x0, 0x0)\n");
	e = enter_init(&b, 1, args);	/* write, cut at the snaplen */
	rec_add_item(b.words, &b.len, &e->nitem, 1, SCTRACE_CAP_BUF, SCTRACE_ITEM_TRUNC, "hel", 3);
	expect_line(b.words,
		    "12.345678901 1234 > write(0x3, \"hel\"..., 0x2, 0x0, 0x0, 0x0)\n");
}

static void enter_with_string_arrays(void **state)
{
	static const uint64_t args[] = { 0x1000, 0x2000, 0x7ffd0000, 0, 0, 0 };
	struct { uint32_t count, nstr; struct sctrace_item s1; char d1[4]; struct sctrace_item s2;
		 char d2[4]; } argv = {
		.count = 2, .nstr = 2, .s1 = { .len = 2, .arg = 0 }, .d1 = "ls",
		.s2 = { .len = 1, .arg = 1 }, .d2 = "/",
	};
	struct { uint32_t count, nstr; } envp = { 23, 0 };
	struct sctrace_sys_enter *e;
	struct enter_buf b;

	(void)state;
	e = enter_init(&b, 59, args);	/* execve */
	rec_add_item(b.words, &b.len, &e->nitem, 0, SCTRACE_CAP_STR, 0, "/bin/ls", 7);
	rec_add_item(b.words, &b.len, &e->nitem, 1, SCTRACE_CAP_STRARR, 0, &argv, sizeof(argv));
	rec_add_item(b.words, &b.len, &e->nitem, 2, SCTRACE_CAP_STRARR, 0, &envp, sizeof(envp));
	expect_line(b.words,
		    "12.345678901 1234 > execve(\"/bin/ls\", [\"ls\", \"/\"], 0x7ffd0000 /* 23 vars */, 0x0, 0x0, 0x0)\n");
}

static void null_pointer_item(void **state)
{
	static const uint64_t args[] = { AT_FDCWD_ARG, 0, 0, 0, 0, 0 };
	struct sctrace_sys_enter *e;
	struct enter_buf b;

	(void)state;
	e = enter_init(&b, 257, args);
	rec_add_item(b.words, &b.len, &e->nitem, 1, SCTRACE_CAP_STR, SCTRACE_ITEM_NULL, "", 0);
	expect_line(b.words,
		    "12.345678901 1234 > openat(0xffffffffffffff9c, NULL, 0x0, 0x0, 0x0, 0x0)\n");
}

static void exit_with_what_the_call_wrote(void **state)
{
	struct { struct sctrace_sys_exit x; uint64_t more[8]; } r = { .x = exit_rec(0, 6) };
	size_t len = sizeof(r.x);

	(void)state;
	rec_add_item((uint64_t *)(void *)&r, &len, &r.x.nitem, 1, SCTRACE_CAP_BUF, 0, "hello\n", 6);
	expect_line(&r, "12.345679901 1234 < read = 6 [1: \"hello\\n\"]\n");
	/* an entry string that faulted, read again at exit */
	r.x = exit_rec(257, -2);
	len = sizeof(r.x);
	rec_add_item((uint64_t *)(void *)&r, &len, &r.x.nitem, 1, SCTRACE_CAP_STR,
		     SCTRACE_ITEM_RETRY, "/x", 2);
	expect_line(&r, "12.345679901 1234 < openat = -2 (ENOENT) [1 at exit: \"/x\"]\n");
}

static void compat_syscalls_have_their_own_names(void **state)
{
	static const uint64_t args[] = { 0x8000, 0, 0, 0, 0, 0 };
	struct sctrace_sys_exit x = exit_rec(20, 1234);
	struct sctrace_sys_enter *e;
	struct enter_buf b;

	(void)state;
	e = enter_init(&b, 5, args);	/* i386 open; x86-64 fstat */
	e->flags = SCTRACE_REC_COMPAT;
	rec_add_item(b.words, &b.len, &e->nitem, 0, SCTRACE_CAP_STR, 0, "/a", 2);
	expect_line(b.words,
		    "12.345678901 1234 > open[i386](\"/a\", 0x0, 0x0, 0x0, 0x0, 0x0)\n");
	x.flags = SCTRACE_REC_COMPAT;	/* i386 getpid; x86-64 writev */
	expect_line(&x, "12.345679901 1234 < getpid[i386] = 1234\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(enter_with_path_string),
		cmocka_unit_test(enter_with_two_strings),
		cmocka_unit_test(enter_with_truncated_string),
		cmocka_unit_test(enter_with_faulted_string),
		cmocka_unit_test(enter_escapes_like_strace),
		cmocka_unit_test(enter_of_unnamed_syscall),
		cmocka_unit_test(enter_with_malformed_strings_prints_raw),
		cmocka_unit_test(exit_success),
		cmocka_unit_test(exit_with_errno_name),
		cmocka_unit_test(exit_with_kernel_internal_errno),
		cmocka_unit_test(exit_with_address_prints_hex),
		cmocka_unit_test(fork_of_process_and_thread),
		cmocka_unit_test(task_exit_code_and_signals),
		cmocka_unit_test(lost_records_say_how_many_and_where),
		cmocka_unit_test(timestamp_keeps_nine_digits),
		cmocka_unit_test(too_short_record_is_reported),
		cmocka_unit_test(enter_with_iovecs_and_a_buffer),
		cmocka_unit_test(enter_with_string_arrays),
		cmocka_unit_test(null_pointer_item),
		cmocka_unit_test(exit_with_what_the_call_wrote),
		cmocka_unit_test(compat_syscalls_have_their_own_names),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
