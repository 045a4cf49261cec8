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
#include "idmap.h"
#include "items.h"
#include "record.h"
#include "stats/pair.h"

struct sct_pair_thread {
	struct sct_idnode node;	/* first; node.id: the tid */
	char comm[SCT_PAIR_COMM_LEN];	/* "" unknown */
	struct sctrace_sys_enter *enter;	/* the call it is in, or NULL */
	struct sctrace_sys_enter fixed;	/* enter points here unless whole */
};
_Static_assert(offsetof(struct sct_pair_thread, node) == 0, "a node found is its struct");

struct sct_pair {
	bool whole;
	struct sct_pair_ops ops;
	void *ctx;
	uint64_t orphans, malformed;
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

static struct sct_pair_thread *sct_pair__thread(const struct sct_pair *p, uint32_t tid)
{
	return (struct sct_pair_thread *)sct_idmap__find(&p->threads, tid);
}

static struct sct_pair_thread *sct_pair__add(struct sct_pair *p, uint32_t tid)
{
	struct sct_pair_thread *t = sct_pair__thread(p, tid);

	if (t || !(t = calloc(1, sizeof(*t))))
		return t;
	t->node.id = tid;
	sct_idmap__link(&p->threads, &t->node);
	return t;
}

/* t's call ends: the callback, then the copy goes. */
static void sct_pair__end(struct sct_pair *p, struct sct_pair_thread *t,
			  const struct sctrace_sys_exit *x, enum sct_pair_end end)
{
	struct sctrace_sys_enter *e = t->enter;

	t->enter = NULL;
	p->ops.call(p->ctx, e, x, end);
	if (e != &t->fixed)
		free(e);
}

static void sct_pair__forget(struct sct_pair *p, struct sct_pair_thread *t)
{
	sct_idmap__unlink(&p->threads, &t->node);
	if (t->enter && t->enter != &t->fixed)
		free(t->enter);
	free(t);
}

/* e's description in the table (x86-64 calls only, as the printer's). */
static const struct sct_sysdesc *sct_pair__desc(const struct sctrace_sys_enter *e)
{
	return (e->flags & SCTRACE_REC_COMPAT) ? NULL : sct_sysdesc__by_nr(e->nr);
}

static int sct_pair__enter(struct sct_pair *p, const struct sctrace_sys_enter *e)
{
	struct sct_pair_thread *t = sct_pair__add(p, e->hdr.tid);
	const struct sct_sysdesc *d;

	if (!t)
		return -ENOMEM;
	if (t->enter)
		sct_pair__end(p, t, NULL, SCT_PAIR_LOST);
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
	if (d && d->noexit)	/* exit, exit_group, rt_sigreturn */
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

static void sct_pair__exit(struct sct_pair *p, const struct sctrace_sys_exit *x)
{
	struct sct_pair_thread *t = sct_pair__thread(p, x->hdr.tid);
	const struct sct_sysdesc *d;

	if (!t || !t->enter) {
		p->orphans++;
		return;
	}
	d = sct_pair__desc(t->enter);
	if (x->ret == 0 && d && d->exec)
		sct_pair__exec(t, t->enter);
	sct_pair__end(p, t, x, SCT_PAIR_DONE);
}

static int sct_pair__event(struct sct_pair *p, const struct sctrace_hdr *rec)
{
	const struct sctrace_fork *f = (const struct sctrace_fork *)rec;
	struct sct_pair_thread *t = sct_pair__thread(p, rec->tid), *child;

	if (rec->type == SCTRACE_REC_FORK) {
		t = sct_pair__add(p, rec->tid);
		child = sct_pair__add(p, f->child_tid);
		if (!t || !child)
			return -ENOMEM;
		memcpy(child->comm, t->comm, sizeof(child->comm));
	} else if (rec->type == SCTRACE_REC_EXIT && t && t->enter) {
		sct_pair__end(p, t, NULL, SCT_PAIR_GONE);
	}
	if (p->ops.event)
		p->ops.event(p->ctx, rec);
	if (rec->type == SCTRACE_REC_EXIT && t)
		sct_pair__forget(p, t);
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

void sct_pair__finish(struct sct_pair *p)
{
	struct sct_idnode *n, *next;
	struct sct_pair_thread *t;
	size_t i;

	sct_idmap__each(&p->threads, i, n, next) {
		t = (struct sct_pair_thread *)n;
		if (t->enter)
			sct_pair__end(p, t, NULL, SCT_PAIR_UNFINISHED);
	}
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

void sct_pair__free(struct sct_pair *p)
{
	struct sct_idnode *n, *next;
	size_t i;

	if (!p)
		return;
	sct_idmap__each(&p->threads, i, n, next)
		sct_pair__forget(p, (struct sct_pair_thread *)n);
	free(p);
}
