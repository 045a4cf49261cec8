// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Calls from records (pair.h): a table of the threads seen, each with
 * the entry it is in (a copy: records are only valid until the next one)
 * and its command name.
 */
#define _GNU_SOURCE	/* memrchr */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "decode/sysdesc.h"
#include "items.h"
#include "pair.h"
#include "record.h"

_Static_assert(offsetof(struct sct_pair_thread, node) == 0, "a node found is its struct");

struct sct_pair {
	bool whole;
	struct sct_pair_ops ops;
	void *ctx;
	uint64_t orphans, malformed;
	unsigned int nthreads;
	struct sct_idmap threads;
};

const char *sct_pair__end_name(enum sct_pair_end end)
{
	static const char *const names[SCT_PAIR_NENDS] = {
		[SCT_PAIR_DONE] = "done", [SCT_PAIR_NORETURN] = "noreturn",
		[SCT_PAIR_LOST] = "exit_lost", [SCT_PAIR_GONE] = "task_ended",
		[SCT_PAIR_UNFINISHED] = "unfinished",
	};

	return end < SCT_PAIR_NENDS ? names[end] : "?";
}

struct sct_pair_thread *sct_pair__thread(const struct sct_pair *p, uint32_t tid)
{
	return (struct sct_pair_thread *)sct_idmap__find(&p->threads, tid);
}

unsigned int sct_pair__nthreads(const struct sct_pair *p)
{
	return p->nthreads;
}

/* Thread tid of process tgid, known or new (NULL: out of memory). */
static struct sct_pair_thread *sct_pair__add(struct sct_pair *p, uint32_t tid, uint32_t tgid)
{
	struct sct_pair_thread *t = sct_pair__thread(p, tid);

	if (t || !(t = calloc(1, sizeof(*t))))
		return t;
	t->node.id = tid;
	t->tgid = tgid;
	sct_idmap__link(&p->threads, &t->node);
	p->nthreads++;
	return t;
}

/* t's call ends: the callback, then the copy goes. */
static void sct_pair__end(struct sct_pair *p, struct sct_pair_thread *t,
			  const struct sctrace_sys_exit *x, enum sct_pair_end end)
{
	if (!t->enter)
		return;
	p->ops.call(p->ctx, t, x, end);
	if (t->enter != &t->fixed)
		free(t->enter);
	t->enter = NULL;
}

static void sct_pair__drop(struct sct_pair *p, struct sct_pair_thread *t)
{
	sct_idmap__unlink(&p->threads, &t->node);
	p->nthreads--;
	if (t->enter != &t->fixed)
		free(t->enter);
	free(t);
}

/* t is gone: its call ends, then it is forgotten. */
static void sct_pair__forget(struct sct_pair *p, struct sct_pair_thread *t)
{
	sct_pair__end(p, t, NULL, SCT_PAIR_GONE);
	if (p->ops.forget)
		p->ops.forget(p->ctx, t);
	sct_pair__drop(p, t);
}

/* The threads of process tgid but keep (NULL: all) are gone. */
static void sct_pair__forget_group(struct sct_pair *p, uint32_t tgid,
				   const struct sct_pair_thread *keep)
{
	struct sct_idnode *n, *next;
	struct sct_pair_thread *t;
	size_t i;

	sct_idmap__each(&p->threads, i, n, next) {
		t = (struct sct_pair_thread *)n;
		if (t->tgid == tgid && t != keep)
			sct_pair__forget(p, t);
	}
}

/* e's description in the table (x86-64 calls only, as the printer's). */
static const struct sct_sysdesc *sct_pair__desc(const struct sctrace_sys_enter *e)
{
	return (e->flags & SCTRACE_REC_COMPAT) ? NULL : sct_sysdesc__by_nr(e->nr);
}

/* e is a sigreturn: x86-64's rt_sigreturn (the table's), i386's sigreturn or rt_sigreturn */
static bool sct_pair__sigreturn(const struct sctrace_sys_enter *e)
{
	const struct sct_sysdesc *d = sct_pair__desc(e);

	if (e->flags & SCTRACE_REC_COMPAT)
		return e->nr == 119 || e->nr == 173;	/* arch/x86/entry/syscalls/syscall_32.tbl */
	return d && d->sigreturn;
}

static int sct_pair__enter(struct sct_pair *p, const struct sctrace_sys_enter *e)
{
	struct sct_pair_thread *t = sct_pair__add(p, e->hdr.tid, e->hdr.tgid);
	const struct sct_sysdesc *d;

	if (!t)
		return -ENOMEM;
	/*
	 * One still there: its exit was lost; a sigreturn's is not recorded
	 * by sources before schema 4 (the table's sigreturn), as exit's.
	 */
	if (t->enter)
		sct_pair__end(p, t, NULL, sct_pair__sigreturn(t->enter) ? SCT_PAIR_NORETURN :
			      SCT_PAIR_LOST);
	d = sct_pair__desc(e);
	if (!p->whole && !(d && d->exec)) {	/* an exec's path names the command */
		t->fixed = *e;
		t->fixed.nitem = 0;
		t->fixed.hdr.len = sizeof(*e);
		t->enter = &t->fixed;
	} else {
		t->enter = malloc(e->hdr.len);
		if (!t->enter)
			return -ENOMEM;
		memcpy(t->enter, e, e->hdr.len);
	}
	t->tgid = e->hdr.tgid;
	t->mark = false;
	if (p->ops.enter)
		p->ops.enter(p->ctx, t);
	if (d && d->noexit)	/* exit, exit_group */
		sct_pair__end(p, t, NULL, SCT_PAIR_NORETURN);
	return 0;
}

/* A successful execve: the thread's command name is the file's basename. */
static void sct_pair__exec(struct sct_pair_thread *t, const struct sctrace_sys_enter *e)
{
	const struct sct_sysdesc *d = sct_sysdesc__by_nr(e->nr);
	const struct sctrace_item *it = NULL;
	struct sct_items in;
	const uint8_t *s, *slash;
	size_t n, i;

	if (!d || sct_items__walk(&e->hdr, &in, NULL, 0))
		return;
	for (i = 0; i < d->nargs && !it; i++)
		if (d->args[i].kind == SCT_A_PATH)
			it = in.arg[i];
	if (!it || !it->len || sct_item__kind(it) != SCTRACE_CAP_STR)
		return;
	s = sct_item__data(it);
	n = it->len;
	slash = memrchr(s, '/', n);
	if (slash) {
		n -= (size_t)(slash + 1 - s);
		s = slash + 1;
	}
	if (n >= SCT_PAIR_COMM_LEN)
		n = SCT_PAIR_COMM_LEN - 1;
	memcpy(t->comm, s, n);
	t->comm[n] = '\0';
}

/* t is in an exec call (the table's exec) */
static bool sct_pair__in_exec(const struct sct_pair_thread *t)
{
	const struct sct_sysdesc *d = t && t->enter ? sct_pair__desc(t->enter) : NULL;

	return d && d->exec;
}

/*
 * The thread of process tgid in an exec call, if any, that is not the
 * leader: its successful exec comes back under the leader's tid.
 */
static struct sct_pair_thread *sct_pair__execing(struct sct_pair *p, uint32_t tgid)
{
	struct sct_idnode *n, *next;
	struct sct_pair_thread *t;
	size_t i;

	sct_idmap__each(&p->threads, i, n, next) {
		t = (struct sct_pair_thread *)n;
		if (t->tgid == tgid && t->node.id != tgid && sct_pair__in_exec(t))
			return t;
	}
	return NULL;
}

/*
 * x is a successful exec's exit under the leader's tid, and the leader
 * (t, or NULL) was not in an exec itself: another thread's exec ended.
 */
static bool sct_pair__exec_elsewhere(const struct sct_pair_thread *t, const struct sctrace_sys_exit *x)
{
	const struct sct_sysdesc *d = sct_sysdesc__by_nr(x->nr);

	if (x->ret || x->hdr.tid != x->hdr.tgid || (x->flags & SCTRACE_REC_COMPAT) || !d || !d->exec)
		return false;
	return !t || !t->enter || !sct_pair__in_exec(t);
}

/*
 * Thread t's exec succeeded (x): the leader's call ends, t is the leader
 * now, tid tgid, and the other threads of the process are gone.
 */
static void sct_pair__superseded(struct sct_pair *p, struct sct_pair_thread *t,
				 const struct sctrace_sys_exit *x)
{
	struct sct_pair_thread *leader = sct_pair__thread(p, x->hdr.tgid);

	if (leader)
		sct_pair__end(p, leader, NULL, SCT_PAIR_GONE);
	if (p->ops.superseded)
		p->ops.superseded(p->ctx, t, x);
	if (leader)
		sct_pair__forget(p, leader);
	sct_idmap__unlink(&p->threads, &t->node);
	t->node.id = x->hdr.tgid;
	sct_idmap__link(&p->threads, &t->node);
	sct_pair__exec(t, t->enter);
	sct_pair__end(p, t, x, SCT_PAIR_DONE);
	sct_pair__forget_group(p, t->tgid, t);
}

static void sct_pair__exit(struct sct_pair *p, const struct sctrace_sys_exit *x)
{
	struct sct_pair_thread *t = sct_pair__thread(p, x->hdr.tid), *other;

	if (sct_pair__exec_elsewhere(t, x) && (other = sct_pair__execing(p, x->hdr.tgid))) {
		sct_pair__superseded(p, other, x);
		return;
	}
	/*
	 * SCTRACE_NR_UNKNOWN: syscall -1 at its exit, a sigreturn's (the
	 * frame restored orig_ax -1), but also syscall(-1) or a call a
	 * tracer skipped: it ends only a sigreturn in progress
	 */
	if (!t || !t->enter || (x->nr == SCTRACE_NR_UNKNOWN && !sct_pair__sigreturn(t->enter))) {
		p->orphans++;
		return;
	}
	if (x->ret == 0 && sct_pair__in_exec(t))
		sct_pair__exec(t, t->enter);
	sct_pair__end(p, t, x, SCT_PAIR_DONE);
}

static int sct_pair__event(struct sct_pair *p, const struct sctrace_hdr *rec)
{
	const struct sctrace_fork *f = (const struct sctrace_fork *)rec;
	const struct sctrace_task_exit *x = (const struct sctrace_task_exit *)rec;
	struct sct_pair_thread *t = sct_pair__thread(p, rec->tid), *child;

	if (rec->type == SCTRACE_REC_FORK) {
		t = sct_pair__add(p, rec->tid, rec->tgid);
		child = sct_pair__add(p, f->child_tid, f->child_tgid);
		if (!t || !child)
			return -ENOMEM;
		memcpy(child->comm, t->comm, sizeof(child->comm));
	} else if (rec->type == SCTRACE_REC_EXIT && t) {
		sct_pair__end(p, t, NULL, SCT_PAIR_GONE);
	}
	if (p->ops.event)
		p->ops.event(p->ctx, rec);
	if (rec->type != SCTRACE_REC_EXIT)
		return 0;
	if (t)
		sct_pair__forget(p, t);
	if (x->flags & SCTRACE_EXIT_GROUP_DEAD)	/* any thread whose end was not recorded */
		sct_pair__forget_group(p, rec->tgid, NULL);
	return 0;
}

int sct_pair__record(struct sct_pair *p, const struct sctrace_hdr *rec)
{
	size_t min = sct_record__min_len(rec->type);

	if (!min || rec->len < min) {
		p->malformed++;
		return -EBADMSG;
	}
	switch (rec->type) {
	case SCTRACE_REC_SYS_ENTER:
		return sct_pair__enter(p, (const struct sctrace_sys_enter *)rec);
	case SCTRACE_REC_SYS_EXIT:
		sct_pair__exit(p, (const struct sctrace_sys_exit *)rec);
		return 0;
	}
	return sct_pair__event(p, rec);
}

void sct_pair__each(const struct sct_pair *p, void (*fn)(void *arg, struct sct_pair_thread *t),
		    void *arg)
{
	struct sct_idnode *n, *next;
	size_t i;

	sct_idmap__each(&p->threads, i, n, next)
		fn(arg, (struct sct_pair_thread *)n);
}

void sct_pair__finish(struct sct_pair *p)
{
	struct sct_idnode *n, *next;
	size_t i;

	sct_idmap__each(&p->threads, i, n, next)
		sct_pair__end(p, (struct sct_pair_thread *)n, NULL, SCT_PAIR_UNFINISHED);
}

const char *sct_pair__comm(const struct sct_pair *p, uint32_t tid)
{
	const struct sct_pair_thread *t = sct_pair__thread(p, tid);

	return t && t->comm[0] ? t->comm : NULL;
}

uint64_t sct_pair__orphan_exits(const struct sct_pair *p)
{
	return p->orphans;
}

uint64_t sct_pair__malformed(const struct sct_pair *p)
{
	return p->malformed;
}

struct sct_pair *sct_pair__new(bool whole, const struct sct_pair_ops *ops, void *ctx)
{
	struct sct_pair *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->whole = whole;
	p->ops = *ops;
	p->ctx = ctx;
	return p;
}

/* sct_pair__each's fn: t freed, no callback */
static void sct_pair__drop_one(void *arg, struct sct_pair_thread *t)
{
	sct_pair__drop(arg, t);
}

void sct_pair__free(struct sct_pair *p)
{
	if (!p)
		return;
	sct_pair__each(p, sct_pair__drop_one, p);
	free(p);
}
