// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * strace's format (userspace/print/) held to golden lines: arguments by
 * the table's kinds, constants known and unknown, structs whole and cut
 * short, strings with -s/-x/-xx, return values with ERESTART*, and the
 * pairing of enter and exit records by thread (unfinished, resumed, a
 * task dying in a call, execveat exiting as execve, a child's first exit
 * with no entry), with hostile records that must print, not crash.
 */
#define _GNU_SOURCE	/* open_memstream */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/sysdesc.h"
#include "print/pr.h"
#include "print/print.h"
#include "syscalls.h"
#include "xorshift.h"

#define AT_FDCWD_ARG	0xffffffffffffff9cULL

/* A record under construction, 8-byte aligned. */
struct rec {
	uint64_t w[1024];
	size_t len;
};

static uint32_t nr_of(const char *name)
{
	int nr = sct_syscall__lookup(name);

	assert_true(nr >= 0);
	return (uint32_t)nr;
}

static void rec_hdr(struct rec *r, uint16_t type, size_t len, uint32_t tid)
{
	struct sctrace_hdr *h = (struct sctrace_hdr *)r->w;

	memset(r, 0, sizeof(*r));
	r->len = len;
	*h = (struct sctrace_hdr){ .len = (uint32_t)len, .type = type, .cpu = 0, .tid = tid,
				   .tgid = tid, .ts_ns = 1000000000ULL };
}

static struct sctrace_sys_enter *enter(struct rec *r, uint32_t tid, const char *name,
				       uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)r->w;

	rec_hdr(r, SCTRACE_REC_SYS_ENTER, sizeof(*e), tid);
	e->nr = name[0] == '#' ? (uint32_t)atoi(name + 1) : nr_of(name);
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
	e->args[3] = a3;
	return e;
}

static struct sctrace_sys_exit *leave(struct rec *r, uint32_t tid, const char *name, int64_t ret)
{
	struct sctrace_sys_exit *x = (struct sctrace_sys_exit *)r->w;

	rec_hdr(r, SCTRACE_REC_SYS_EXIT, sizeof(*x), tid);
	x->nr = nr_of(name);
	x->ret = ret;
	x->hdr.ts_ns += 123000;
	return x;
}

/* Overwrites a field of the record (no aliasing of the words). */
static void poke(struct rec *r, size_t off, uint64_t v, size_t n)
{
	memcpy((uint8_t *)r->w + off, &v, n);	/* little-endian: the low n bytes */
}

/* An item of d[0..n) for argument arg (enter and exit records alike). */
static void item(struct rec *r, uint8_t arg, uint8_t kind, uint8_t flags, const void *d, size_t n)
{
	struct sctrace_item *it = (struct sctrace_item *)((uint8_t *)r->w + r->len);
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)r->w;

	*it = (struct sctrace_item){ .len = (uint16_t)n,
				     .arg = (uint8_t)SCTRACE_ITEM_ARGKIND(arg, kind), .flags = flags };
	memcpy(it + 1, d, n);
	r->len += SCTRACE_ITEM_SIZE(n);
	e->nitem++;	/* the same place in an exit record */
	e->hdr.len = (uint32_t)((r->len + 7) & ~(size_t)7);
}

static void str_item(struct rec *r, uint8_t arg, const char *s)
{
	item(r, arg, SCTRACE_CAP_STR, 0, s, strlen(s));
}

static void task_exit(struct rec *r, uint32_t tid, int32_t code)
{
	struct sctrace_task_exit *x = (struct sctrace_task_exit *)r->w;

	rec_hdr(r, SCTRACE_REC_EXIT, sizeof(*x), tid);
	x->code = code;
	x->flags = SCTRACE_EXIT_GROUP_DEAD;
}

static void fork_rec(struct rec *r, uint32_t tid, uint32_t child)
{
	struct sctrace_fork *f = (struct sctrace_fork *)r->w;

	rec_hdr(r, SCTRACE_REC_FORK, sizeof(*f), tid);
	f->child_tid = child;
	f->child_tgid = child;
}

/* The printer under test, its output in memory. */
struct out {
	struct sct_printer *pr;
	FILE *f;
	char *text;
	size_t size;
};

static void start_opts(struct out *o, const struct sct_print_opts *po)
{
	memset(o, 0, sizeof(*o));
	o->f = open_memstream(&o->text, &o->size);
	assert_non_null(o->f);
	o->pr = sct_printer__new(o->f, po);
	assert_non_null(o->pr);
}

static void start(struct out *o, unsigned int strsize, unsigned int xflag)
{
	struct sct_print_opts po = { .strsize = strsize, .xflag = xflag, .tflag = 0,
				     .duration = false, .realtime_ns = 0, .no_pid = false };

	start_opts(o, &po);
}

static int feed(struct out *o, const struct rec *r)
{
	return sct_printer__record(o->pr, (const struct sctrace_hdr *)r->w);
}

/* Ends the trace; the output must be the lines given, then NULL. */
static void expect(struct out *o, ...)
{
	char golden[4096] = "";
	const char *line;
	va_list ap;

	va_start(ap, o);
	while ((line = va_arg(ap, const char *)))
		strncat(golden, line, sizeof(golden) - strlen(golden) - 1);
	va_end(ap);
	sct_printer__finish(o->pr);
	sct_printer__free(o->pr);
	assert_int_equal(0, fclose(o->f));
	assert_string_equal(golden, o->text);
	free(o->text);
}

/* "call" padded to strace's column, " = ", ret, newline */
static const char *L(const char *call, const char *ret)
{
	static char buf[16][512];
	static unsigned int n;
	char *b = buf[n++ % 16];

	snprintf(b, sizeof(buf[0]), "%-39s = %s\n", call, ret);
	return b;
}

/* Records fed as they are made: an entry with no items, an exit, a
 * task's end, a fork. */
static void in(struct out *o, uint32_t tid, const char *name, uint64_t a0, uint64_t a1,
	       uint64_t a2)
{
	struct rec r;

	enter(&r, tid, name, a0, a1, a2, 0);
	assert_int_equal(0, feed(o, &r));
}

static void ret(struct out *o, uint32_t tid, const char *name, int64_t v)
{
	struct rec r;

	leave(&r, tid, name, v);
	assert_int_equal(0, feed(o, &r));
}

static void gone(struct out *o, uint32_t tid, int32_t code)
{
	struct rec r;

	task_exit(&r, tid, code);
	assert_int_equal(0, feed(o, &r));
}

static void forked(struct out *o, uint32_t tid, uint32_t child)
{
	struct rec r;

	fork_rec(&r, tid, child);
	assert_int_equal(0, feed(o, &r));
}

/* enter then exit of one call by thread 100 */
static void one_call(struct out *o, struct rec *e, struct rec *x)
{
	assert_int_equal(0, feed(o, e));
	assert_int_equal(0, feed(o, x));
}

static void openat_typical(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "openat", AT_FDCWD_ARG, 0x1000, 02000000, 0);	/* O_CLOEXEC */
	str_item(&e, 1, "/etc/hostname");
	leave(&x, 100, "openat", 3);
	one_call(&o, &e, &x);
	expect(&o, L("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY|O_CLOEXEC)", "3"), NULL);
}

static void int_argument_is_low_32_bits(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "close", 0x100000003ULL, 0, 0, 0);
	leave(&x, 100, "close", 0);
	one_call(&o, &e, &x);
	enter(&e, 100, "close", 0xfffffffbULL, 0, 0, 0);
	leave(&x, 100, "close", -EBADF);
	one_call(&o, &e, &x);
	expect(&o, L("close(3)", "0"), L("close(-5)", "-1 EBADF (Bad file descriptor)"), NULL);
}

static void unknown_flag_bits(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "openat", 5, 0x1000, 0x80000000ULL | 0101, 0644);	/* O_WRONLY|O_CREAT */
	str_item(&e, 1, "f");
	leave(&x, 100, "openat", 4);
	one_call(&o, &e, &x);
	enter(&e, 100, "lseek", 0, 0, 7, 0);
	leave(&x, 100, "lseek", -EINVAL);
	one_call(&o, &e, &x);
	enter(&e, 100, "mprotect", 0x1000, 4096, 0x100, 0);
	leave(&x, 100, "mprotect", 0);
	one_call(&o, &e, &x);
	enter(&e, 100, "mmap", 0, 4096, 3, 0x22);
	poke(&e, offsetof(struct sctrace_sys_enter, args[4]), 0xffffffffULL, 8);
	leave(&x, 100, "mmap", 0x7f0000001000LL);
	one_call(&o, &e, &x);
	expect(&o, L("openat(5, \"f\", O_WRONLY|O_CREAT|0x80000000, 0644)", "4"),
	       L("lseek(0, 0, 0x7 /* SEEK_??? */)", "-1 EINVAL (Invalid argument)"),
	       L("mprotect(0x1000, 4096, 0x100 /* PROT_??? */)", "0"),
	       L("mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)",
			     "0x7f0000001000"), NULL);
}

static void unknown_syscall(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "#1000", 1, 2, 0, 0);
	leave(&x, 100, "close", -ENOSYS);
	poke(&x, offsetof(struct sctrace_sys_exit, nr), 1000, 4);
	one_call(&o, &e, &x);
	expect(&o, L("syscall_0x3e8(0x1, 0x2, 0, 0, 0, 0)", "-1 ENOSYS (Function not implemented)"), NULL);
}

static void struct_shorter_than_its_type(void **state)
{
	uint8_t st[144] = { 0 };
	struct rec e, x;
	struct out o;

	(void)state;
	st[24] = 0xa4;	/* st_mode 0100644 */
	st[25] = 0x81;
	st[48] = 0xd2;	/* st_size 1234 */
	st[49] = 0x04;
	start(&o, 32, 0);
	enter(&e, 100, "fstat", 3, 0x7ffd0000, 0, 0);
	leave(&x, 100, "fstat", 0);
	item(&x, 1, SCTRACE_CAP_BUF, 0, st, sizeof(st));
	one_call(&o, &e, &x);
	leave(&x, 100, "fstat", 0);
	item(&x, 1, SCTRACE_CAP_BUF, SCTRACE_ITEM_TRUNC, st, 30);
	one_call(&o, &e, &x);
	expect(&o, L("fstat(3, {st_mode=S_IFREG|0644, st_size=1234, ...})", "0"),
	       L("fstat(3, 0x7ffd0000)", "0"), NULL);
}

static void lying_item_length(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "openat", AT_FDCWD_ARG, 0x1000, 0, 0);
	str_item(&e, 1, "/x");
	poke(&e, sizeof(struct sctrace_sys_enter) + offsetof(struct sctrace_item, len), 4000, 2);
	leave(&x, 100, "openat", 3);
	one_call(&o, &e, &x);
	expect(&o, L("openat(AT_FDCWD, 0x1000, O_RDONLY)", "3"), NULL);
}

static void malformed_record(void **state)
{
	struct rec e;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "close", 3, 0, 0, 0);
	poke(&e, offsetof(struct sctrace_hdr, len), 16, 4);
	assert_int_equal(-EBADMSG, feed(&o, &e));
	expect(&o, "+++ malformed record: type 1, 16 bytes +++\n", NULL);
}

static void strings_s_x_xx(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 4, 0);
	enter(&e, 100, "write", 1, 0x1000, 6, 0);
	str_item(&e, 1, "hello\n");
	poke(&e, sizeof(struct sctrace_sys_enter) + offsetof(struct sctrace_item, arg),
	     SCTRACE_ITEM_ARGKIND(1, SCTRACE_CAP_BUF), 1);
	leave(&x, 100, "write", 6);
	one_call(&o, &e, &x);
	expect(&o, L("write(1, \"hell\"..., 6)", "6"), NULL);

	start(&o, 32, 1);
	one_call(&o, &e, &x);
	enter(&e, 100, "write", 1, 0x1000, 3, 0);
	item(&e, 1, SCTRACE_CAP_BUF, 0, "\1\377\"", 3);
	one_call(&o, &e, &x);
	expect(&o, L("write(1, \"hello\\n\", 6)", "6"), L("write(1, \"\\x01\\xff\\x22\", 3)", "6"), NULL);

	start(&o, 32, 2);
	enter(&e, 100, "write", 1, 0x1000, 2, 0);
	item(&e, 1, SCTRACE_CAP_BUF, 0, "hi", 2);
	one_call(&o, &e, &x);
	expect(&o, L("write(1, \"\\x68\\x69\", 2)", "6"), NULL);

	start(&o, 32, 0);	/* the default: octal, three digits before a digit */
	enter(&e, 100, "write", 1, 0x1000, 3, 0);
	item(&e, 1, SCTRACE_CAP_BUF, 0, "\0001", 2);
	one_call(&o, &e, &x);
	expect(&o, L("write(1, \"\\0001\", 3)", "6"), NULL);
}

/* -s 0: no byte of a buffer, as strace; a path still whole */
static void strsize_zero_shows_no_bytes(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 0, 0);
	enter(&e, 100, "write", 1, 0x1000, 3, 0);
	item(&e, 1, SCTRACE_CAP_BUF, 0, "hi\n", 3);
	leave(&x, 100, "write", 3);
	one_call(&o, &e, &x);
	enter(&e, 100, "openat", AT_FDCWD_ARG, 0x1000, 0, 0);
	str_item(&e, 1, "/etc/hostname");
	leave(&x, 100, "openat", 3);
	one_call(&o, &e, &x);
	expect(&o, L("write(1, \"\"..., 3)", "3"), L("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY)", "3"),
	       NULL);
}

static void restart_errors(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "read", 0, 0x1000, 10, 0);
	leave(&x, 100, "read", -512);
	one_call(&o, &e, &x);
	leave(&x, 100, "read", -513);
	one_call(&o, &e, &x);
	leave(&x, 100, "read", -514);
	one_call(&o, &e, &x);
	enter(&e, 100, "nanosleep", 0x1000, 0, 0, 0);
	leave(&x, 100, "nanosleep", -516);
	one_call(&o, &e, &x);
	expect(&o, L("read(0, 0x1000, 10)", "? ERESTARTSYS (To be restarted if SA_RESTART is set)"),
	       L("read(0, 0x1000, 10)", "? ERESTARTNOINTR (To be restarted)"),
	       L("read(0, 0x1000, 10)", "? ERESTARTNOHAND (To be restarted if no handler)"),
	       L("nanosleep(0x1000, NULL)", "? ERESTART_RESTARTBLOCK (Interrupted by signal)"), NULL);
}

/* Two threads: the first's read is cut by the second's close. */
static void unfinished_and_resumed(void **state)
{
	struct rec r;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	forked(&o, 100, 101);
	in(&o, 100, "read", 3, 0x1000, 4096);
	in(&o, 101, "close", 4, 0, 0);
	ret(&o, 101, "close", 0);
	leave(&r, 100, "read", 3);
	item(&r, 1, SCTRACE_CAP_BUF, 0, "vm\n", 3);
	assert_int_equal(0, feed(&o, &r));
	expect(&o, "[pid   100] read(3,  <unfinished ...>\n", L("[pid   101] close(4)", "0"),
	       L("[pid   100] <... read resumed>\"vm\\n\", 4096)", "3"), NULL);
}

static void start_status(struct out *o, unsigned int status)
{
	struct sct_print_opts po = { .strsize = 32, .xflag = 0, .tflag = 0, .duration = false,
				     .realtime_ns = 0, .no_pid = false, .status = status };

	start_opts(o, &po);
}

/* strace's -e status= words; all is no filtering (0), none filters everything */
static void status_words(void **state)
{
	unsigned int st = 12345;

	(void)state;
	assert_int_equal(0, sct_print__status_set("successful", &st));
	assert_int_equal(SCT_STATUS_FILTER | SCT_STATUS_SUCCESSFUL, st);
	assert_int_equal(0, sct_print__status_set("failed,unfinished,,", &st));
	assert_int_equal(SCT_STATUS_FILTER | SCT_STATUS_FAILED | SCT_STATUS_UNFINISHED, st);
	assert_int_equal(0, sct_print__status_set("!failed", &st));
	assert_int_equal(SCT_STATUS_FILTER | (SCT_STATUS_ALL & ~SCT_STATUS_FAILED), st);
	assert_int_equal(0, sct_print__status_set("unavailable,detached", &st));
	assert_int_equal(SCT_STATUS_FILTER | SCT_STATUS_UNAVAILABLE | SCT_STATUS_DETACHED, st);
	assert_int_equal(0, sct_print__status_set("all", &st));
	assert_int_equal(0, st);
	assert_int_equal(0, sct_print__status_set("none", &st));
	assert_int_equal(SCT_STATUS_FILTER, st);
	assert_int_equal(-1, sct_print__status_set("bogus", &st));
	assert_int_equal(-1, sct_print__status_set("", &st));
	assert_int_equal(-1, sct_print__status_set("!", &st));
	assert_int_equal(-1, sct_print__status_set("successful,Failed", &st));
}

/*
 * -Z: only failed calls, each whole at its exit (no <unfinished ...> for
 * the one another thread's call came into); -z: only the others.
 */
static void status_failed_and_successful(void **state)
{
	unsigned int which[2] = { SCT_STATUS_FAILED, SCT_STATUS_SUCCESSFUL };
	struct rec r;
	struct out o;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		start_status(&o, SCT_STATUS_FILTER | which[i]);
		forked(&o, 100, 101);
		in(&o, 100, "read", 3, 0x1000, 4096);
		in(&o, 101, "close", 4, 0, 0);
		ret(&o, 101, "close", -9);	/* EBADF */
		leave(&r, 100, "read", 3);
		item(&r, 1, SCTRACE_CAP_BUF, 0, "vm\n", 3);
		assert_int_equal(0, feed(&o, &r));
		in(&o, 100, "exit_group", 0, 0, 0);
		gone(&o, 101, 0);
		gone(&o, 100, 0);
		if (i == 0)
			expect(&o, L("[pid   101] close(4)", "-1 EBADF (Bad file descriptor)"),
			       "[pid   101] +++ exited with 0 +++\n", "+++ exited with 0 +++\n", NULL);
		else
			expect(&o, L("[pid   100] read(3, \"vm\\n\", 4096)", "3"),
			       "[pid   101] +++ exited with 0 +++\n", "+++ exited with 0 +++\n", NULL);
	}
}

/*
 * unfinished: no return (exit_group, a task killed in a call);
 * unavailable: the exit record was lost (another entry came first);
 * detached: still in the call when the trace ended.
 */
static void status_unfinished_unavailable_detached(void **state)
{
	struct out o;

	(void)state;
	start_status(&o, SCT_STATUS_FILTER | SCT_STATUS_UNFINISHED);
	in(&o, 100, "read", 0, 0x1000, 10);
	ret(&o, 100, "read", 0);
	in(&o, 100, "exit_group", 1, 0, 0);
	gone(&o, 100, 1 << 8);
	expect(&o, L("exit_group(1)", "?"), "+++ exited with 1 +++\n", NULL);

	start_status(&o, SCT_STATUS_FILTER | SCT_STATUS_UNAVAILABLE);
	in(&o, 100, "close", 3, 0, 0);	/* its exit lost */
	in(&o, 100, "close", 4, 0, 0);
	ret(&o, 100, "close", 0);
	expect(&o, L("close(3)", "?"), NULL);

	start_status(&o, SCT_STATUS_FILTER | SCT_STATUS_DETACHED);
	in(&o, 100, "close", 3, 0, 0);
	ret(&o, 100, "close", 0);
	in(&o, 100, "read", 0, 0x1000, 10);
	expect(&o, "read(0,  <detached ...>\n", NULL);

	start_status(&o, SCT_STATUS_FILTER);	/* none */
	in(&o, 100, "close", 3, 0, 0);
	ret(&o, 100, "close", 0);
	gone(&o, 100, 0);
	expect(&o, "+++ exited with 0 +++\n", NULL);
}

/* -qq: no "+++ exited" or "+++ killed by" lines; the calls stay */
static void qq_leaves_out_exit_lines(void **state)
{
	struct sct_print_opts po = { .strsize = 32, .xflag = 0, .tflag = 0, .duration = false,
				     .realtime_ns = 0, .no_pid = false, .status = 0,
				     .no_exit_lines = true };
	struct out o;

	(void)state;
	start_opts(&o, &po);
	forked(&o, 100, 101);
	in(&o, 101, "close", 3, 0, 0);
	ret(&o, 101, "close", 0);
	gone(&o, 101, 9);
	in(&o, 100, "exit_group", 0, 0, 0);
	gone(&o, 100, 0);
	expect(&o, L("[pid   101] close(3)", "0"), L("exit_group(0)", "?"), NULL);
}

static void task_dies_in_a_call(void **state)
{
	struct out o;

	(void)state;
	start(&o, 32, 0);
	forked(&o, 100, 101);
	in(&o, 101, "read", 0, 0x1000, 10);
	in(&o, 100, "exit_group", 0, 0, 0);
	gone(&o, 101, 9);		/* SIGKILL */
	gone(&o, 100, 3 << 8);
	expect(&o, "[pid   101] read(0,  <unfinished ...>\n", L("[pid   100] exit_group(0)", "?"),
	       L("[pid   101] <... read resumed> <unfinished ...>)", "?"),
	       "[pid   101] +++ killed by SIGKILL +++\n", "+++ exited with 3 +++\n", NULL);
}

/* Only what was known at entry: no <unfinished ...> when nothing is missing. */
static void task_dies_with_its_arguments_shown(void **state)
{
	struct out o;

	(void)state;
	start(&o, 32, 0);
	in(&o, 100, "read", 0, 0x1000, 10);
	gone(&o, 100, 9);
	forked(&o, 200, 201);
	in(&o, 201, "futex", 0x1000, 0, 1);
	in(&o, 200, "close", 3, 0, 0);
	gone(&o, 201, 9);
	expect(&o, L("read(0,  <unfinished ...>)", "?"), "+++ killed by SIGKILL +++\n",
	       "[pid   201] futex(0x1000, FUTEX_WAIT, 1, NULL, NULL, 0 <unfinished ...>\n",
	       "[pid   200] close(3 <unfinished ...>\n", L("[pid   201] <... futex resumed>)", "?"),
	       "[pid   201] +++ killed by SIGKILL +++\n", NULL);
}

static void execveat_exits_as_execve(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "execveat", 3, 0x1000, 0, 0);
	str_item(&e, 1, "");
	poke(&e, offsetof(struct sctrace_sys_enter, args[4]), 0x1000, 8);	/* AT_EMPTY_PATH */
	leave(&x, 100, "execve", 0);
	one_call(&o, &e, &x);
	expect(&o, L("execveat(3, \"\", NULL, NULL, AT_EMPTY_PATH)", "0"), NULL);
}

static void child_first_exit_prints_nothing(void **state)
{
	struct out o;

	(void)state;
	start(&o, 32, 0);
	in(&o, 100, "clone", 0x1200011, 0, 0);	/* CLONE_CHILD_* | SIGCHLD */
	ret(&o, 101, "clone", 0);	/* the child: no entry */
	ret(&o, 100, "clone", 101);
	/* the child's exit leaves no thread behind: no [pid N] before its own entry */
	expect(&o, L("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=NULL)",
		     "101"), NULL);
}

/* Records of thread tid of process tgid, fed as they are made. */
static void in_group(struct out *o, struct rec *r, uint32_t tgid)
{
	poke(r, offsetof(struct sctrace_hdr, tgid), tgid, 4);
	assert_int_equal(0, feed(o, r));
}

/*
 * execve in thread 101 of process 100: its exit comes as the leader's
 * (de_thread()); 101's call ends there, and 101 is gone.
 */
static void execve_in_a_thread_supersedes_the_leader(void **state)
{
	struct rec r;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	fork_rec(&r, 100, 101);
	poke(&r, offsetof(struct sctrace_fork, child_tgid), 100, 4);
	in_group(&o, &r, 100);
	enter(&r, 101, "execve", 0x1000, 0, 0, 0);
	str_item(&r, 0, "/bin/true");
	in_group(&o, &r, 100);
	in(&o, 100, "futex", 0x2000, 0, 1);
	gone(&o, 200, 0);		/* another process: 101's line is cut */
	leave(&r, 100, "execve", 0);
	in_group(&o, &r, 100);
	in(&o, 100, "brk", 0, 0, 0);	/* one task left: no [pid N] */
	ret(&o, 100, "brk", 0x1000);
	expect(&o, "[pid   101] execve(\"/bin/true\", NULL, NULL <unfinished ...>\n",
	       "[pid   100] futex(0x2000, FUTEX_WAIT, 1, NULL, NULL, 0 <unfinished ...>\n",
	       "[pid   200] +++ exited with 0 +++\n",
	       L("[pid   100] <... futex resumed>)", "?"),
	       "[pid   100] +++ superseded by execve in pid 101 +++\n",
	       L("<... execve resumed>)", "0"), L("brk(NULL)", "0x1000"), NULL);
}

/* The end of a process forgets its threads whose own end was not recorded. */
static void group_dead_forgets_its_threads(void **state)
{
	struct rec r;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	forked(&o, 100, 101);
	fork_rec(&r, 101, 102);
	poke(&r, offsetof(struct sctrace_fork, child_tgid), 101, 4);
	in_group(&o, &r, 101);
	gone(&o, 101, 0);		/* group dead: 102 with it */
	in(&o, 100, "close", 3, 0, 0);
	ret(&o, 100, "close", 0);
	expect(&o, "[pid   101] +++ exited with 0 +++\n", L("close(3)", "0"), NULL);
}

/* -ff: a thread's own file, no [pid N] though other tasks are traced */
static void one_thread_file_has_no_pid(void **state)
{
	struct sct_print_opts po = { .strsize = 32, .xflag = 0, .tflag = 0,
				     .duration = false, .realtime_ns = 0, .no_pid = true };
	struct out o;

	(void)state;
	start_opts(&o, &po);
	forked(&o, 100, 101);
	in(&o, 100, "close", 4, 0, 0);
	ret(&o, 100, "close", 0);
	gone(&o, 100, 0);
	expect(&o, L("close(4)", "0"), "+++ exited with 0 +++\n", NULL);
}

static void structs_by_type(void **state)
{
	uint8_t sin[16] = { 2, 0, 0, 80, 127, 0, 0, 1 };	/* AF_INET, port 80 */
	int32_t fds[2] = { 3, 4 };
	int64_t ts[2] = { 1, 0 };
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "connect", 5, 0x1000, 16, 0);
	item(&e, 1, SCTRACE_CAP_BUF, 0, sin, sizeof(sin));
	leave(&x, 100, "connect", 0);
	one_call(&o, &e, &x);
	enter(&e, 100, "pipe2", 0x1000, 02004000, 0, 0);	/* O_CLOEXEC|O_NONBLOCK */
	leave(&x, 100, "pipe2", 0);
	item(&x, 0, SCTRACE_CAP_BUF, 0, fds, sizeof(fds));
	one_call(&o, &e, &x);
	enter(&e, 100, "nanosleep", 0x1000, 0, 0, 0);
	item(&e, 0, SCTRACE_CAP_BUF, 0, ts, sizeof(ts));
	leave(&x, 100, "nanosleep", 0);
	one_call(&o, &e, &x);
	expect(&o, L("connect(5, {sa_family=AF_INET, sin_port=htons(80), "
			     "sin_addr=inet_addr(\"127.0.0.1\")}, 16)", "0"),
	       L("pipe2([3, 4], O_NONBLOCK|O_CLOEXEC)", "0"),
	       L("nanosleep({tv_sec=1, tv_nsec=0}, NULL)", "0"), NULL);
}

static void arrays_and_signals(void **state)
{
	uint8_t poll[16] = { 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0x80, 0, 0 };
	uint64_t mask = ~((1ULL << 31) | (1ULL << 32));	/* all but 32 and 33 */
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "poll", 0x1000, 2, 0, 0);
	item(&e, 0, SCTRACE_CAP_BUF, 0, poll, sizeof(poll));
	leave(&x, 100, "poll", 1);
	one_call(&o, &e, &x);
	enter(&e, 100, "rt_sigprocmask", 2, 0x1000, 0, 8);
	item(&e, 1, SCTRACE_CAP_BUF, 0, &mask, sizeof(mask));
	leave(&x, 100, "rt_sigprocmask", 0);
	one_call(&o, &e, &x);
	enter(&e, 100, "wait4", 0xffffffff, 0x1000, 0, 0);
	leave(&x, 100, "wait4", 101);
	item(&x, 1, SCTRACE_CAP_BUF, 0, &(int32_t){ 3 << 8 }, 4);
	one_call(&o, &e, &x);
	enter(&e, 100, "kill", 99, 77, 0, 0);
	leave(&x, 100, "kill", -ESRCH);
	one_call(&o, &e, &x);
	expect(&o, L("poll([{fd=3, events=POLLIN}, {fd=4, events=0x8000 /* POLL??? */}], 2, 0)", "1"),
	       L("rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], NULL, 8)", "0"),
	       L("wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL)", "101"),
	       L("kill(99, 77)", "-1 ESRCH (No such process)"), NULL);
}

/* The table's ret=KIND: decimal whatever the size, addresses, a mode. */
static void return_value_by_table_kind(void **state)
{
	struct out o;

	(void)state;
	start(&o, 32, 0);
	in(&o, 100, "lseek", 3, 5LL << 30, 0);
	ret(&o, 100, "lseek", 5LL << 30);
	in(&o, 100, "brk", 0, 0, 0);
	ret(&o, 100, "brk", 0x5582fffb7000LL);
	in(&o, 100, "mmap", 0, 4096, 3);
	ret(&o, 100, "mmap", -ENOMEM);
	in(&o, 100, "umask", 022, 0, 0);
	ret(&o, 100, "umask", 077);
	expect(&o, L("lseek(3, 5368709120, SEEK_SET)", "5368709120"), L("brk(NULL)", "0x5582fffb7000"),
	       L("mmap(NULL, 4096, PROT_READ|PROT_WRITE, 0, 0, 0)", "-1 ENOMEM (Cannot allocate memory)"),
	       L("umask(022)", "077"), NULL);
}

/*
 * What the kernel did not write is not shown (:erronly, :pos): the
 * remaining time only when the sleep was cut, a status only for a child.
 */
static void out_memory_shown_by_return_value(void **state)
{
	int64_t ts[2] = { 0, 100000000 };
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "clock_nanosleep", 0, 0, 0x1000, 0x2000);
	item(&e, 2, SCTRACE_CAP_BUF, 0, ts, sizeof(ts));
	leave(&x, 100, "clock_nanosleep", 0);
	item(&x, 3, SCTRACE_CAP_BUF, 0, ts, sizeof(ts));
	one_call(&o, &e, &x);
	leave(&x, 100, "clock_nanosleep", -516);
	item(&x, 3, SCTRACE_CAP_BUF, 0, ts, sizeof(ts));
	one_call(&o, &e, &x);
	enter(&e, 100, "wait4", 0xffffffff, 0x1000, 1, 0);	/* WNOHANG */
	leave(&x, 100, "wait4", 0);
	item(&x, 1, SCTRACE_CAP_BUF, 0, &(int32_t){ 0 }, 4);
	one_call(&o, &e, &x);
	expect(&o, L("clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=100000000}, 0x2000)", "0"),
	       L("clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=100000000}, "
		 "{tv_sec=0, tv_nsec=100000000})", "? ERESTART_RESTARTBLOCK (Interrupted by signal)"),
	       L("wait4(-1, 0x1000, WNOHANG, NULL)", "0"), NULL);
}

/*
 * rt_sigreturn's exit comes with nr SCTRACE_NR_UNKNOWN (schema 4), paired
 * by thread; from an older source none comes, and the call ends "= ?" at
 * its thread's next record (cut by another thread's line meanwhile).
 */
static void sigreturn_exit_pairs_by_thread(void **state)
{
	struct rec r;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	forked(&o, 100, 101);
	in(&o, 100, "rt_sigreturn", 0, 0, 0);
	leave(&r, 100, "close", -4);
	poke(&r, offsetof(struct sctrace_sys_exit, nr), SCTRACE_NR_UNKNOWN, 4);
	assert_int_equal(0, feed(&o, &r));
	in(&o, 100, "rt_sigreturn", 0, 0, 0);
	in(&o, 101, "close", 4, 0, 0);
	ret(&o, 101, "close", 0);
	in(&o, 100, "close", 5, 0, 0);
	/* nr unknown at exit but no sigreturn in progress (syscall(-1), a skipped call): no end */
	leave(&r, 100, "close", -38);
	poke(&r, offsetof(struct sctrace_sys_exit, nr), SCTRACE_NR_UNKNOWN, 4);
	assert_int_equal(0, feed(&o, &r));
	ret(&o, 100, "close", 0);
	expect(&o, L("[pid   100] rt_sigreturn()", "-1 EINTR (Interrupted system call)"),
	       "[pid   100] rt_sigreturn( <unfinished ...>\n", L("[pid   101] close(4)", "0"),
	       L("[pid   100] <... rt_sigreturn resumed>)", "?"), L("[pid   100] close(5)", "0"),
	       NULL);
}

/* A signal record: si_code in info[8], then the fields at 16.. */
static void signal_rec(struct rec *r, uint32_t tid, int32_t signo, uint32_t flags, int32_t code,
		       const uint32_t *fields, size_t nfields)
{
	struct sctrace_signal *s = (struct sctrace_signal *)r->w;

	rec_hdr(r, SCTRACE_REC_SIGNAL, sizeof(*s), tid);
	s->signo = signo;
	s->flags = flags;
	memcpy(s->info, &signo, 4);
	memcpy(s->info + 8, &code, 4);
	memcpy(s->info + 16, fields, nfields * 4);
}

static void sig(struct out *o, uint32_t tid, int32_t signo, uint32_t flags, int32_t code,
		const uint32_t *fields, size_t nfields)
{
	struct rec r;

	signal_rec(&r, tid, signo, flags, code, fields, nfields);
	assert_int_equal(0, feed(o, &r));
}

/*
 * Signals as strace shows them; one the thread ignored in a call comes
 * after that call's line (strace sees it when the thread returns); a
 * SIGKILL without siginfo only as "+++ killed by SIGKILL +++".
 */
static void signal_lines(void **state)
{
	const uint32_t user[] = { 77, 1000 }, chld[] = { 101, 0, 3, 0, 5, 0, 6, 0 };
	const uint32_t fault[] = { 0x1000, 0 }, queue[] = { 77, 0, 5, 0 };
	struct out o;

	(void)state;
	start(&o, 32, 0);
	sig(&o, 100, SIGUSR1, SCTRACE_SIGNAL_DELIVERED, SI_USER, user, 2);
	in(&o, 100, "wait4", (uint64_t)-1, 0, 0);
	sig(&o, 100, SIGCHLD, SCTRACE_SIGNAL_IGNORED, CLD_EXITED, chld, 8);
	ret(&o, 100, "wait4", 101);
	sig(&o, 100, SIGSEGV, SCTRACE_SIGNAL_DELIVERED, SEGV_MAPERR, fault, 2);
	sig(&o, 100, 32, SCTRACE_SIGNAL_DELIVERED, SI_QUEUE, queue, 4);	/* the kernel's SIGRTMIN */
	sig(&o, 100, SIGUSR2, SCTRACE_SIGNAL_DELIVERED | SCTRACE_SIGNAL_KERNEL, 0, NULL, 0);
	sig(&o, 100, SIGKILL, SCTRACE_SIGNAL_DELIVERED | SCTRACE_SIGNAL_NOINFO, 0, NULL, 0);
	expect(&o, "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=77, si_uid=1000} ---\n",
	       L("wait4(-1, NULL, 0, NULL)", "101"),
	       "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101, si_uid=0, si_status=3, "
	       "si_utime=5 /* 0.05 s */, si_stime=6 /* 0.06 s */} ---\n",
	       "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1000} ---\n",
	       "--- SIGRTMIN {si_signo=SIGRTMIN, si_code=SI_QUEUE, si_pid=77, si_uid=0, si_int=5, "
	       "si_ptr=0x5} ---\n",
	       "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_KERNEL} ---\n", NULL);
}

/* strace's -e signal= words: names with or without SIG, any case, numbers, !, all, none */
static void signal_words(void **state)
{
	uint64_t h = 12345;

	(void)state;
	assert_int_equal(0, sct_print__signal_set("SIGCHLD,usr1,2", &h));
	assert_true(h == ~((1ULL << 16) | (1ULL << 9) | (1ULL << 1)));
	assert_int_equal(0, sct_print__signal_set("!chld", &h));
	assert_true(h == 1ULL << 16);
	assert_int_equal(0, sct_print__signal_set("all", &h));
	assert_true(h == 0);
	assert_int_equal(0, sct_print__signal_set("none", &h));
	assert_true(h == ~0ULL);
	assert_int_equal(0, sct_print__signal_set("SIGRTMIN,64", &h));	/* 32: the kernel's */
	assert_true(h == ~((1ULL << 31) | (1ULL << 63)));
	h = 7;
	assert_int_equal(-1, sct_print__signal_set("SIGFOO", &h));
	assert_int_equal(-1, sct_print__signal_set("65", &h));
	assert_int_equal(-1, sct_print__signal_set("0", &h));
	assert_int_equal(-1, sct_print__signal_set("", &h));
	assert_int_equal(-1, sct_print__signal_set("SIG", &h));
	assert_true(h == 7);
}

/* -e signal= hides those lines only */
static void signal_filter(void **state)
{
	const uint32_t user[] = { 77, 0 };
	struct sct_print_opts po = { .strsize = 32 };
	struct out o;

	(void)state;
	assert_int_equal(0, sct_print__signal_set("!SIGUSR1", &po.signals_hidden));
	start_opts(&o, &po);
	sig(&o, 100, SIGUSR1, SCTRACE_SIGNAL_DELIVERED, SI_USER, user, 2);
	sig(&o, 100, SIGUSR2, SCTRACE_SIGNAL_DELIVERED, SI_USER, user, 2);
	expect(&o, "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_USER, si_pid=77, si_uid=0} ---\n", NULL);
}

/* Codes and signals no set names, errno, a record too short: numbers, no harm. */
static void hostile_signals(void **state)
{
	const uint32_t f[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct rec r;
	struct out o;
	int32_t err = 1;

	(void)state;
	start(&o, 32, 0);
	sig(&o, 100, SIGUSR1, SCTRACE_SIGNAL_DELIVERED, 99, f, 8);
	sig(&o, 100, 77, SCTRACE_SIGNAL_DELIVERED, 99, f, 8);
	signal_rec(&r, 100, SIGCHLD, SCTRACE_SIGNAL_DELIVERED, CLD_KILLED, f, 8);
	poke(&r, offsetof(struct sctrace_signal, info) + 4, (uint64_t)err, 4);
	assert_int_equal(0, feed(&o, &r));
	signal_rec(&r, 100, SIGUSR1, SCTRACE_SIGNAL_DELIVERED, SI_USER, f, 2);
	poke(&r, offsetof(struct sctrace_hdr, len), sizeof(struct sctrace_signal) - 8, 4);
	assert_int_equal(-EBADMSG, feed(&o, &r));
	expect(&o, "--- SIGUSR1 {si_signo=SIGUSR1, si_code=99} ---\n",
	       "--- 77 {si_signo=77, si_code=99} ---\n",
	       "--- SIGCHLD {si_signo=SIGCHLD, si_errno=EPERM, si_code=CLD_KILLED, si_pid=1, si_uid=2, "
	       "si_status=SIGQUIT, si_utime=25769803781 /* 257698037.81 s */, "
	       "si_stime=34359738375 /* 343597383.75 s */} ---\n",
	       "+++ malformed record: type 6, 72 bytes +++\n", NULL);
}

/* Signal 29 is SIGIO (not glibc's SIGPOLL) everywhere, from the table's set. */
static void signal_names_from_the_table(void **state)
{
	uint64_t mask = (1ULL << 28) | (1ULL << 33);	/* 29, 34 */
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	in(&o, 100, "kill", 1, 29, 0);
	ret(&o, 100, "kill", 0);
	enter(&e, 100, "rt_sigprocmask", 0, 0x1000, 0, 8);
	item(&e, 1, SCTRACE_CAP_BUF, 0, &mask, sizeof(mask));
	leave(&x, 100, "rt_sigprocmask", 0);
	one_call(&o, &e, &x);
	in(&o, 100, "clone", 29, 0, 0);
	ret(&o, 100, "clone", 101);
	gone(&o, 100, 29);
	expect(&o, L("kill(1, SIGIO)", "0"), L("rt_sigprocmask(SIG_BLOCK, [IO RT_2], NULL, 8)", "0"),
	       L("clone(child_stack=NULL, flags=SIGIO)", "101"), "+++ killed by SIGIO +++\n", NULL);
}

/* -ttt: the clock offset added without overflow, negative times signed once */
static void ttt_from_hostile_clocks(void **state)
{
	struct sct_print_opts po = { .strsize = 32, .xflag = 0, .tflag = 3, .duration = false,
				     .realtime_ns = INT64_MAX, .no_pid = false };
	struct rec r;
	struct out o;

	(void)state;
	start_opts(&o, &po);
	task_exit(&r, 100, 0);
	poke(&r, offsetof(struct sctrace_hdr, ts_ns), INT64_MAX, 8);	/* + INT64_MAX */
	assert_int_equal(0, feed(&o, &r));
	sct_printer__set_clock(o.pr, -6000001000LL);	/* ts 1 s: -5.000001 */
	gone(&o, 100, 0);
	expect(&o, "18446744073.709551 +++ exited with 0 +++\n", "-5.000001 +++ exited with 0 +++\n", NULL);
}

/* Flags in strace's order; a set without the type field (accept4). */
static void flags_as_strace_orders_them(void **state)
{
	uint64_t act[4] = { 0x1000, 0x04000000 | 0x10000000, 0x2000, 0 };	/* SA_RESTART */
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "rt_sigaction", 2, 0x1000, 0, 8);
	item(&e, 1, SCTRACE_CAP_BUF, 0, act, sizeof(act));
	leave(&x, 100, "rt_sigaction", 0);
	one_call(&o, &e, &x);
	enter(&e, 100, "accept4", 3, 0, 0, 02000000);	/* SOCK_CLOEXEC */
	leave(&x, 100, "accept4", 4);
	one_call(&o, &e, &x);
	expect(&o, L("rt_sigaction(SIGINT, {sa_handler=0x1000, sa_mask=[], "
		     "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x2000}, NULL, 8)", "0"),
	       L("accept4(3, NULL, NULL, SOCK_CLOEXEC)", "4"), NULL);
}

/* fcntl's argument and return value by its command (print/cmds.c) */
static void fcntl_by_command(void **state)
{
	struct out o;

	(void)state;
	start(&o, 32, 0);
	in(&o, 100, "fcntl", 3, 1, 0x80000);		/* F_GETFD: no argument */
	ret(&o, 100, "fcntl", 1);
	in(&o, 100, "fcntl", 3, 1, 0);
	ret(&o, 100, "fcntl", 0);
	in(&o, 100, "fcntl", 3, 2, 1);			/* F_SETFD */
	ret(&o, 100, "fcntl", 0);
	in(&o, 100, "fcntl", 3, 3, 0);			/* F_GETFL */
	ret(&o, 100, "fcntl", 0x8401);
	in(&o, 100, "fcntl", 3, 3, 0);
	ret(&o, 100, "fcntl", 0);
	in(&o, 100, "fcntl", 3, 4, 0xc00);		/* F_SETFL */
	ret(&o, 100, "fcntl", 0);
	in(&o, 100, "fcntl", 3, 0, 20);			/* F_DUPFD */
	ret(&o, 100, "fcntl", 20);
	in(&o, 100, "fcntl", 3, 5, 0);			/* F_GETLK */
	ret(&o, 100, "fcntl", -EFAULT);
	in(&o, 100, "fcntl", 3, 9999, 7);		/* unknown: hex */
	ret(&o, 100, "fcntl", -EINVAL);
	expect(&o, L("fcntl(3, F_GETFD)", "0x1 (flags FD_CLOEXEC)"), L("fcntl(3, F_GETFD)", "0"),
	       L("fcntl(3, F_SETFD, FD_CLOEXEC)", "0"),
	       L("fcntl(3, F_GETFL)", "0x8401 (flags O_WRONLY|O_APPEND|O_LARGEFILE)"),
	       L("fcntl(3, F_GETFL)", "0 (flags O_RDONLY)"),
	       L("fcntl(3, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK)", "0"),
	       L("fcntl(3, F_DUPFD, 20)", "20"), L("fcntl(3, F_GETLK, NULL)", "-1 EFAULT (Bad address)"),
	       L("fcntl(3, 0x270f /* F_??? */, 0x7)", "-1 EINVAL (Invalid argument)"), NULL);
}

/* socket's protocol by its family; unknown type bits commented */
static void socket_protocol_by_family(void **state)
{
	struct out o;

	(void)state;
	start(&o, 32, 0);
	in(&o, 100, "socket", 2, 1, 6);		/* AF_INET, SOCK_STREAM, 6 */
	ret(&o, 100, "socket", 3);
	in(&o, 100, "socket", 10, 2, 0);	/* AF_INET6, SOCK_DGRAM, 0 */
	ret(&o, 100, "socket", 4);
	in(&o, 100, "socket", 1, 1, 0);		/* AF_UNIX: a number */
	ret(&o, 100, "socket", 5);
	in(&o, 100, "socket", 2, 0x4d2, 0);	/* SOCK_DGRAM|0x4d0 */
	ret(&o, 100, "socket", -EINVAL);
	expect(&o, L("socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)", "3"),
	       L("socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP)", "4"), L("socket(AF_UNIX, SOCK_STREAM, 0)", "5"),
	       L("socket(AF_INET, SOCK_DGRAM|0x4d0 /* SOCK_??? */, IPPROTO_IP)",
		 "-1 EINVAL (Invalid argument)"), NULL);
}

/* stack_t, struct mq_attr; poll's revents after the return value; an empty array */
static void structs_and_what_comes_after(void **state)
{
	uint64_t ss[3] = { 0x5000, 0, 65536 }, mq[8] = { 0, 4, 64, 1 };
	uint8_t pin[16] = { 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0 };
	uint8_t pout[16] = { 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 5, 0, 4, 0 };
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "sigaltstack", 0x1000, 0, 0, 0);
	item(&e, 0, SCTRACE_CAP_BUF, 0, ss, sizeof(ss));
	leave(&x, 100, "sigaltstack", 0);
	one_call(&o, &e, &x);
	enter(&e, 100, "mq_getsetattr", 3, 0, 0x1000, 0);
	leave(&x, 100, "mq_getsetattr", 0);
	item(&x, 2, SCTRACE_CAP_BUF, 0, mq, sizeof(mq));
	one_call(&o, &e, &x);
	enter(&e, 100, "poll", 0x1000, 2, 0, 0);
	item(&e, 0, SCTRACE_CAP_BUF, 0, pin, sizeof(pin));
	leave(&x, 100, "poll", 1);
	item(&x, 0, SCTRACE_CAP_BUF, 0, pout, sizeof(pout));
	one_call(&o, &e, &x);
	enter(&e, 100, "epoll_wait", 6, 0x1000, 4, 1);
	leave(&x, 100, "epoll_wait", 0);
	item(&x, 1, SCTRACE_CAP_BUF, 0, pout, 0);
	one_call(&o, &e, &x);
	expect(&o, L("sigaltstack({ss_sp=0x5000, ss_flags=0, ss_size=65536}, NULL)", "0"),
	       L("mq_getsetattr(3, NULL, {mq_flags=0, mq_maxmsg=4, mq_msgsize=64, mq_curmsgs=1})", "0"),
	       L("poll([{fd=3, events=POLLIN}, {fd=5, events=POLLIN|POLLOUT}], 2, 0)",
		 "1 ([{fd=5, revents=POLLOUT}])"),
	       L("epoll_wait(6, [], 4, 1)", "0"), NULL);
}

/*
 * Open flags in strace's order, no mode without O_CREAT or all of
 * O_TMPFILE (O_DIRECTORY is part of it), mremap's new address only with
 * MREMAP_FIXED, rseq's length in hex.
 */
static void optional_last_arguments(void **state)
{
	struct rec e, x;
	struct out o;

	(void)state;
	start(&o, 32, 0);
	enter(&e, 100, "openat", AT_FDCWD_ARG, 0x1000, 02200000, 0);	/* O_DIRECTORY|O_CLOEXEC */
	str_item(&e, 1, "sub");
	leave(&x, 100, "openat", 3);
	one_call(&o, &e, &x);
	enter(&e, 100, "openat", AT_FDCWD_ARG, 0x1000, 020200002, 0600);	/* O_TMPFILE|O_RDWR */
	str_item(&e, 1, ".");
	leave(&x, 100, "openat", 4);
	one_call(&o, &e, &x);
	in(&o, 100, "mremap", 0x10000, 8192, 32768);
	ret(&o, 100, "mremap", 0x20000);
	in(&o, 100, "rseq", 0x1000, 32, 0);
	ret(&o, 100, "rseq", 0);
	expect(&o, L("openat(AT_FDCWD, \"sub\", O_RDONLY|O_CLOEXEC|O_DIRECTORY)", "3"),
	       L("openat(AT_FDCWD, \".\", O_RDWR|O_TMPFILE, 0600)", "4"),
	       L("mremap(0x10000, 8192, 32768, 0)", "0x20000"),
	       L("rseq(0x1000, 0x20, 0, 0)", "0"), NULL);
}

/* The fuzz test's random numbers: a fixed seed, the same run each time. */
static uint64_t fuzz_state = 0x9e3779b97f4a7c15ULL;

static uint64_t fuzz_rand(void)
{
	return xorshift64(&fuzz_state);
}

/* Small numbers mostly: counts and lengths that decoders take seriously. */
static uint64_t fuzz_small(void)
{
	return fuzz_rand() % 4 ? fuzz_rand() % 20 : fuzz_rand();
}

/* An item of a random kind for argument arg: random bytes, counts in its header often small. */
/* readv's iovecs after the IOVEC header: 5 bytes at 0x5000, 16 at 0x6000, "onetwo!" */
static void poke_iov(uint8_t *iov)
{
	static const uint64_t vecs[4] = { 0x5000, 5, 0x6000, 16 };

	memcpy(iov + 8, vecs, sizeof(vecs));
	memcpy(iov + 8 + sizeof(vecs), "onetwo!", 7);
}

/* An int of an in-out length: at entry, at exit. */
static void inout_int(struct rec *e, struct rec *x, uint8_t arg, int32_t before, int32_t after)
{
	item(e, arg, SCTRACE_CAP_BUF, 0, &before, sizeof(before));
	item(x, arg, SCTRACE_CAP_BUF, 0, &after, sizeof(after));
}

/*
 * What the kernel wrote, no more: an address bounded by the smaller of
 * its in-out length before and after (the bytes past the buffer's 2 are
 * the program's own), the length shown "[2 => 39]" when the call changed
 * it; iovec bytes bounded by the return value; an int option as an int.
 */
static void bounded_by_what_the_kernel_wrote(void **state)
{
	static const uint8_t sun[16] = { 1, 0, '/', 't', 'm', 'p', '/', 's', 'o', 'c', 'k' };
	uint8_t iov[8 + 32 + 7] = { 2, 0, 0, 0, 2, 0, 0, 0 };
	int32_t one = 1;
	struct rec e, x;
	struct out o;

	(void)state;
	poke_iov(iov);
	start(&o, 32, 0);
	enter(&e, 100, "getpeername", 4, 0x1000, 0x2000, 0);
	leave(&x, 100, "getpeername", 0);
	item(&x, 1, SCTRACE_CAP_BUF, 0, sun, sizeof(sun));
	inout_int(&e, &x, 2, 2, 39);
	one_call(&o, &e, &x);
	enter(&e, 100, "accept4", 3, 0x1000, 0x2000, 0);
	leave(&x, 100, "accept4", 5);
	item(&x, 1, SCTRACE_CAP_BUF, 0, sun, 2);
	inout_int(&e, &x, 2, 110, 2);
	one_call(&o, &e, &x);
	enter(&e, 100, "getsockname", 3, 0x1000, 0x2000, 0);
	leave(&x, 100, "getsockname", 0);
	item(&x, 1, SCTRACE_CAP_BUF, 0, sun, sizeof(sun));
	inout_int(&e, &x, 2, 16, 16);
	one_call(&o, &e, &x);
	enter(&e, 100, "readv", 3, 0x1000, 2, 0);
	leave(&x, 100, "readv", 7);
	item(&x, 1, SCTRACE_CAP_IOVEC, 0, iov, sizeof(iov));
	one_call(&o, &e, &x);
	enter(&e, 100, "readv", 3, 0x1000, 2, 0);
	leave(&x, 100, "readv", 5);
	item(&x, 1, SCTRACE_CAP_IOVEC, 0, iov, sizeof(iov) - 2);
	one_call(&o, &e, &x);
	enter(&e, 100, "setsockopt", 3, 1, 2, 0x1000);	/* SOL_SOCKET, SO_REUSEADDR */
	poke(&e, offsetof(struct sctrace_sys_enter, args[4]), 4, 8);
	item(&e, 3, SCTRACE_CAP_BUF, 0, &one, sizeof(one));
	leave(&x, 100, "setsockopt", 0);
	one_call(&o, &e, &x);
	enter(&e, 100, "setsockopt", 3, 1, 2, 0x1000);
	poke(&e, offsetof(struct sctrace_sys_enter, args[4]), 2, 8);
	item(&e, 3, SCTRACE_CAP_BUF, 0, &one, 2);
	leave(&x, 100, "setsockopt", 0);
	one_call(&o, &e, &x);
	enter(&e, 100, "getsockopt", 3, 1, 3, 0x1000);	/* SO_TYPE */
	poke(&e, offsetof(struct sctrace_sys_enter, args[4]), 0x2000, 8);
	leave(&x, 100, "getsockopt", 0);
	item(&x, 3, SCTRACE_CAP_BUF, 0, &one, sizeof(one));
	inout_int(&e, &x, 4, 4, 4);
	one_call(&o, &e, &x);
	expect(&o, L("getpeername(4, {sa_family=AF_UNIX}, [2 => 39])", "0"),
	       L("accept4(3, {sa_family=AF_UNIX}, [110 => 2], 0)", "5"),
	       L("getsockname(3, {sa_family=AF_UNIX, sun_path=\"/tmp/sock\"}, [16])", "0"),
	       L("readv(3, [{iov_base=\"onetw\", iov_len=5}, {iov_base=\"o!\", iov_len=16}], 2)", "7"),
	       L("readv(3, [{iov_base=\"onetw\", iov_len=5}, {iov_base=\"\", iov_len=16}], 2)", "5"),
	       L("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4)", "0"),
	       L("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, \"\\1\\0\", 2)", "0"),
	       L("getsockopt(3, SOL_SOCKET, SO_TYPE, [1], [4])", "0"), NULL);
}

static void fuzz_item(struct rec *r, uint8_t arg)
{
	uint8_t d[700];
	uint32_t head[2] = { (uint32_t)fuzz_small(), (uint32_t)fuzz_small() };
	size_t n = fuzz_rand() % 3 ? fuzz_rand() % 64 : fuzz_rand() % sizeof(d), i;
	uint8_t kind = (uint8_t)(fuzz_rand() % 5);

	for (i = 0; i < n; i++)
		d[i] = (uint8_t)fuzz_rand();
	if (n >= sizeof(head) && kind != SCTRACE_CAP_STR && kind != SCTRACE_CAP_BUF)
		memcpy(kind == SCTRACE_CAP_MSGHDR && n >= 64 ? d + 56 : d, head, sizeof(head));
	if (r->len + SCTRACE_ITEM_SIZE(n) + 8 <= sizeof(r->w))
		item(r, arg, kind, (uint8_t)(fuzz_rand() % 16), d, n);
}

/* A record of any type, of threads 100..103 of process 100, its bits maybe flipped. */
static void fuzz_record(struct rec *r)
{
	uint32_t tid = 100 + (uint32_t)(fuzz_rand() % 4), len;
	unsigned int type = (unsigned int)(fuzz_rand() % (SCTRACE_REC_TYPE_MAX + 1)), a, flips;
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)r->w;

	if (type == SCTRACE_REC_SYS_ENTER || type == SCTRACE_REC_SYS_EXIT) {
		if (type == SCTRACE_REC_SYS_ENTER)
			enter(r, tid, "#0", fuzz_small(), fuzz_rand(), fuzz_small(), fuzz_small());
		else
			leave(r, tid, "read", fuzz_rand() % 3 ? (int64_t)fuzz_small() : -(int64_t)(fuzz_rand() % 600));
		e->nr = (uint32_t)(fuzz_rand() % 3 ? fuzz_rand() % 460 : fuzz_rand());
		for (a = 0; a < SCTRACE_MAX_ARGS; a++)
			if (fuzz_rand() % 3 == 0)
				fuzz_item(r, (uint8_t)a);
	} else {
		rec_hdr(r, (uint16_t)type, 32, tid);
		for (a = 4; a < 8; a++)
			r->w[a] = fuzz_small();
	}
	e->hdr.tgid = 100;
	e->hdr.ts_ns = fuzz_rand();
	len = e->hdr.len;
	for (flips = (unsigned int)(fuzz_rand() % 4); flips; flips--)
		((uint8_t *)r->w)[fuzz_rand() % (len + 8)] ^= (uint8_t)(1u << (fuzz_rand() % 8));
	if (e->hdr.len > sizeof(r->w))	/* the printer's contract: len bytes are there */
		e->hdr.len = len;
}

/*
 * Mangled records, many, with each -x and -s: every one is printed or
 * refused (-EBADMSG), none crashes or reads outside it (the sanitizers,
 * valgrind), and nothing is left behind (the leak checkers).
 */
static void random_records_print_or_are_refused(void **state)
{
	struct sct_print_opts po = { .strsize = 32, .xflag = 0, .tflag = 3, .duration = true,
				     .realtime_ns = 0, .no_pid = false };
	unsigned int round, i, printed = 0;
	struct rec r;
	int err;

	(void)state;
	for (round = 0; round < 3; round++) {
		struct sct_printer *pr;
		FILE *f = fopen("/dev/null", "w");

		assert_non_null(f);
		po.xflag = round;
		po.strsize = round == 1 ? 0 : 32;
		po.realtime_ns = (int64_t)fuzz_rand();
		pr = sct_printer__new(f, &po);
		assert_non_null(pr);
		for (i = 0; i < 20000; i++) {
			fuzz_record(&r);
			err = sct_printer__record(pr, (const struct sctrace_hdr *)r.w);
			if (err != -EBADMSG)
				assert_int_equal(0, err);
			printed += !err;
		}
		sct_printer__finish(pr);
		sct_printer__free(pr);
		fclose(f);
	}
	assert_true(printed > 30000);	/* most records are taken, not refused */
}

/* Every flags:SET and enum:SET of the table has its constant set. */
static void every_set_of_the_table_exists(void **state)
{
	const struct sct_argdesc *a;
	const struct sct_sysdesc *d;
	unsigned int missing = 0, kind, i;
	size_t n;

	(void)state;
	for (n = 0; (d = sct_sysdesc__at(n)); n++) {
		for (i = 0; i < d->nargs; i++) {
			a = &d->args[i];
			if (a->kind != SCT_A_FLAGS && a->kind != SCT_A_ENUM)
				continue;
			kind = a->kind == SCT_A_FLAGS ? SCT_SET_FLAGS : SCT_SET_ENUM;
			if (!sct_consts__find(a->set, kind)) {
				print_message("# %s: %s %s has no set\n", d->name, a->name, a->set);
				missing++;
			}
		}
	}
	assert_true(n > 300);
	assert_int_equal(0, missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(openat_typical),
		cmocka_unit_test(int_argument_is_low_32_bits),
		cmocka_unit_test(unknown_flag_bits),
		cmocka_unit_test(unknown_syscall),
		cmocka_unit_test(struct_shorter_than_its_type),
		cmocka_unit_test(lying_item_length),
		cmocka_unit_test(malformed_record),
		cmocka_unit_test(strings_s_x_xx),
		cmocka_unit_test(strsize_zero_shows_no_bytes),
		cmocka_unit_test(restart_errors),
		cmocka_unit_test(unfinished_and_resumed),
		cmocka_unit_test(status_words),
		cmocka_unit_test(qq_leaves_out_exit_lines),
		cmocka_unit_test(status_failed_and_successful),
		cmocka_unit_test(status_unfinished_unavailable_detached),
		cmocka_unit_test(task_dies_in_a_call),
		cmocka_unit_test(task_dies_with_its_arguments_shown),
		cmocka_unit_test(execveat_exits_as_execve),
		cmocka_unit_test(child_first_exit_prints_nothing),
		cmocka_unit_test(execve_in_a_thread_supersedes_the_leader),
		cmocka_unit_test(group_dead_forgets_its_threads),
		cmocka_unit_test(one_thread_file_has_no_pid),
		cmocka_unit_test(structs_by_type),
		cmocka_unit_test(arrays_and_signals),
		cmocka_unit_test(return_value_by_table_kind),
		cmocka_unit_test(out_memory_shown_by_return_value),
		cmocka_unit_test(sigreturn_exit_pairs_by_thread),
		cmocka_unit_test(signal_lines),
		cmocka_unit_test(signal_words),
		cmocka_unit_test(signal_filter),
		cmocka_unit_test(hostile_signals),
		cmocka_unit_test(signal_names_from_the_table),
		cmocka_unit_test(ttt_from_hostile_clocks),
		cmocka_unit_test(flags_as_strace_orders_them),
		cmocka_unit_test(fcntl_by_command),
		cmocka_unit_test(optional_last_arguments),
		cmocka_unit_test(structs_and_what_comes_after),
		cmocka_unit_test(socket_protocol_by_family),
		cmocka_unit_test(bounded_by_what_the_kernel_wrote),
		cmocka_unit_test(every_set_of_the_table_exists),
		cmocka_unit_test(random_records_print_or_are_refused),
	};

	return cmocka_run_group_tests_name("print", tests, NULL, NULL);
}
