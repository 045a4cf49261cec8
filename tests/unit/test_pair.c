// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The pairing of entries and exits by thread (pair.h) that the printer,
 * the -c table and the exports share: each call's end (done, lost,
 * noreturn, gone, unfinished), an exit carrying another number, an
 * orphan exit, an exec in a thread superseding the leader, a process's
 * end forgetting its threads, command names by exec and fork.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pair.h"
#include "recs.h"
#include "syscalls.h"

/* What the callbacks saw, a line each: "call 10 read done", "enter 10 read"... */
struct seen {
	char text[4096];
	size_t len;
};

static void say(struct seen *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	s->len += (size_t)vsnprintf(s->text + s->len, sizeof(s->text) - s->len, fmt, ap);
	va_end(ap);
}

static const char *name_of(const struct sctrace_sys_enter *e)
{
	return sct_syscall__name_abi(SCTRACE_ABI_X86_64, e->nr);
}

static void on_enter(void *ctx, struct sct_pair_thread *t)
{
	say(ctx, "enter %u %s\n", t->node.id, name_of(t->enter));
}

static void on_call(void *ctx, struct sct_pair_thread *t, const struct sctrace_sys_exit *x,
		    enum sct_pair_end end)
{
	say(ctx, "call %u/%u %s %s", t->node.id, t->tgid, name_of(t->enter), sct_pair__end_name(end));
	if (x)
		say(ctx, " = %lld", (long long)x->ret);
	say(ctx, "\n");
}

static void on_superseded(void *ctx, struct sct_pair_thread *t, const struct sctrace_sys_exit *x)
{
	say(ctx, "superseded %u by %u\n", x->hdr.tgid, t->node.id);
}

static void on_event(void *ctx, const struct sctrace_hdr *rec)
{
	say(ctx, "event %u %s\n", rec->tid, rec->type == SCTRACE_REC_FORK ? "fork" :
	    rec->type == SCTRACE_REC_EXIT ? "exit" : "lost");
}

static void on_forget(void *ctx, struct sct_pair_thread *t)
{
	say(ctx, "forget %u\n", t->node.id);
}

static const struct sct_pair_ops ops = {
	.enter = on_enter, .call = on_call, .superseded = on_superseded, .event = on_event,
	.forget = on_forget,
};

/* A 32-bit field of the record at byte off */
static void set32(struct rec *r, size_t off, uint32_t v)
{
	memcpy((uint8_t *)r->w + off, &v, sizeof(v));
}

/* Each test's: what the callbacks said, and the pairing */
struct fx {
	struct seen s;
	struct sct_pair *p;
};

static int fx_setup(void **state, bool whole)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || !(f->p = sct_pair__new(whole, &ops, &f->s)))
		return -1;
	*state = f;
	return 0;
}

/* entries kept without their items (as -c's), or whole (as the printer's) */
static int fixed(void **state)
{
	return fx_setup(state, false);
}

static int whole(void **state)
{
	return fx_setup(state, true);
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	sct_pair__free(f->p);
	free(f);
	return 0;
}

/* rec, as thread tid of process tgid */
static void feed(struct sct_pair *p, struct rec *r, uint32_t tgid)
{
	set32(r, offsetof(struct sctrace_hdr, tgid), tgid);
	assert_int_equal(0, sct_pair__record(p, rec_hdr(r)));
}

static void in(struct sct_pair *p, uint32_t tid, uint32_t tgid, const char *name)
{
	struct rec r;

	rec_enter(&r, tid, name, 1, 0, 0, 0);
	feed(p, &r, tgid);
}

static void out(struct sct_pair *p, uint32_t tid, uint32_t tgid, const char *name, int64_t ret)
{
	struct rec r;

	rec_exit(&r, tid, name, 2, ret);
	feed(p, &r, tgid);
}

/* Every way a call ends, each once; an exit with no entry is counted, no call */
static void each_end(void **state)
{
	struct fx *f = *state;
	struct sct_pair *p = f->p;
	struct rec r;

	in(p, 10, 10, "read");
	out(p, 10, 10, "read", 3);
	in(p, 10, 10, "execveat");
	out(p, 10, 10, "execve", 0);	/* the kernel's number at exit: still execveat's */
	in(p, 10, 10, "futex");
	in(p, 10, 10, "close");		/* futex's exit was lost */
	out(p, 11, 11, "clone", 0);	/* a new task's first return: no entry */
	in(p, 12, 12, "wait4");
	rec_task_exit(&r, 12, 9, 3);	/* killed in wait4 */
	feed(p, &r, 12);
	in(p, 13, 13, "pause");
	in(p, 10, 10, "exit_group");
	sct_pair__finish(p);
	assert_string_equal("enter 10 read\n"
			    "call 10/10 read done = 3\n"
			    "enter 10 execveat\n"
			    "call 10/10 execveat done = 0\n"
			    "enter 10 futex\n"
			    "call 10/10 futex exit_lost\n"
			    "enter 10 close\n"
			    "enter 12 wait4\n"
			    "call 12/12 wait4 task_ended\n"
			    "event 12 exit\n"
			    "forget 12\n"
			    "enter 13 pause\n"
			    "call 10/10 close exit_lost\n"
			    "enter 10 exit_group\n"
			    "call 10/10 exit_group noreturn\n"
			    "call 13/13 pause unfinished\n", f->s.text);
	assert_int_equal(1, sct_pair__orphan_exits(p));
	assert_int_equal(2, sct_pair__nthreads(p));	/* 10, 13 */
}

/*
 * execve in thread 102 of process 100 (101 another thread): its exit
 * comes under the leader's tid. The leader's call ends, the hook, 102 is
 * the leader now and its exec is done; the other threads are gone.
 */
static void exec_in_a_thread_supersedes(void **state)
{
	struct fx *f = *state;
	struct sct_pair *p = f->p;
	struct rec r;

	in(p, 100, 100, "wait4");
	in(p, 101, 100, "futex");
	rec_enter(&r, 102, "execve", 1, 0x1000, 0, 0);
	rec_str(&r, 0, "/usr/bin/cat", 12);
	feed(p, &r, 100);
	out(p, 100, 100, "execve", 0);
	in(p, 100, 100, "brk");
	assert_int_equal(1, sct_pair__nthreads(p));
	assert_string_equal("cat", sct_pair__comm(p, 100));
	assert_int_equal(0, sct_pair__orphan_exits(p));
	/* the entries; the leader's end, the hook, the exec's end; the group's other thread */
	assert_string_equal("enter 100 wait4\n" "enter 101 futex\n" "enter 102 execve\n"
			    "call 100/100 wait4 task_ended\n" "superseded 100 by 102\n" "forget 100\n"
			    "call 100/100 execve done = 0\n"
			    "call 101/100 futex task_ended\n" "forget 101\n" "enter 100 brk\n", f->s.text);
}

/*
 * A fork copies the command name; a thread's exit forgets it alone, the
 * process's end (group dead) its threads whose end was not recorded.
 */
static void fork_and_group_dead(void **state)
{
	struct fx *f = *state;
	struct sct_pair *p = f->p;
	struct rec r;

	rec_enter(&r, 20, "execve", 1, 0x1000, 0, 0);
	rec_str(&r, 0, "/bin/sh", 7);
	feed(p, &r, 20);		/* kept whole, unlike other entries: its path names the command */
	out(p, 20, 20, "execve", 0);
	rec_fork(&r, 20, 21, 3);
	feed(p, &r, 20);
	rec_fork(&r, 21, 22, 4);
	set32(&r, offsetof(struct sctrace_fork, child_tgid), 21);	/* a thread of 21 */
	feed(p, &r, 21);
	assert_string_equal("sh", sct_pair__comm(p, 22));
	in(p, 22, 21, "read");
	f->s.len = 0;
	f->s.text[0] = '\0';
	rec_task_exit(&r, 21, 0, 5);	/* the group's end; 22's was lost */
	feed(p, &r, 21);
	assert_string_equal("event 21 exit\n"
			    "forget 21\n"
			    "call 22/21 read task_ended\n"
			    "forget 22\n", f->s.text);
	assert_null(sct_pair__thread(p, 22));
	assert_non_null(sct_pair__thread(p, 20));
}

/* A record shorter than its type is skipped and counted */
static void malformed(void **state)
{
	struct fx *f = *state;
	struct sct_pair *p = f->p;
	struct rec r;

	rec_enter(&r, 1, "read", 1, 0, 0, 0);
	set32(&r, offsetof(struct sctrace_hdr, len), 8);
	assert_int_equal(-EBADMSG, sct_pair__record(p, rec_hdr(&r)));
	assert_int_equal(1, sct_pair__malformed(p));
	assert_int_equal(0, (int)f->s.len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_end, fixed, fx_teardown),
		cmocka_unit_test_setup_teardown(exec_in_a_thread_supersedes, whole, fx_teardown),
		cmocka_unit_test_setup_teardown(fork_and_group_dead, fixed, fx_teardown),
		cmocka_unit_test_setup_teardown(malformed, fixed, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
