// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Records made by hand (recs.h). */
#include <stdlib.h>
#include <string.h>

#include "recs.h"
#include "syscalls.h"

static void *rec_start(struct rec *r, uint16_t type, size_t len, uint32_t tid, uint64_t ts)
{
	struct sctrace_hdr *h = (struct sctrace_hdr *)r->w;

	memset(r, 0, sizeof(*r));
	*h = (struct sctrace_hdr){ .len = (uint32_t)len, .type = type, .cpu = 0, .tid = tid,
				   .tgid = tid, .ts_ns = ts };
	return h;
}

static uint32_t rec_nr(const char *name)
{
	int nr = sct_syscall__lookup(name);

	if (nr < 0)
		abort();
	return (uint32_t)nr;
}

void rec_enter(struct rec *r, uint32_t tid, const char *name, uint64_t ts, uint64_t a0,
	       uint64_t a1, uint64_t a2)
{
	struct sctrace_sys_enter *e = rec_start(r, SCTRACE_REC_SYS_ENTER, sizeof(*e), tid, ts);

	e->nr = rec_nr(name);
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
}

void rec_item(struct rec *r, uint8_t arg, uint8_t kind, uint8_t flags, const void *d, size_t n)
{
	struct sctrace_sys_enter *e = (struct sctrace_sys_enter *)r->w;
	size_t used = e->hdr.len;
	struct sctrace_item *it = (struct sctrace_item *)((uint8_t *)r->w + used);

	*it = (struct sctrace_item){ .len = (uint16_t)n,
				     .arg = (uint8_t)SCTRACE_ITEM_ARGKIND(arg, kind), .flags = flags };
	memcpy(it + 1, d, n);
	e->nitem++;	/* the same place in an exit record */
	e->hdr.len = (uint32_t)((used + SCTRACE_ITEM_SIZE(n) + 7) & ~(size_t)7);
}

void rec_str(struct rec *r, uint8_t arg, const void *s, size_t n)
{
	rec_item(r, arg, SCTRACE_CAP_STR, 0, s, n);
}

void rec_exit(struct rec *r, uint32_t tid, const char *name, uint64_t ts, int64_t ret)
{
	struct sctrace_sys_exit *x = rec_start(r, SCTRACE_REC_SYS_EXIT, sizeof(*x), tid, ts);

	x->nr = rec_nr(name);
	x->ret = ret;
}

void rec_fork(struct rec *r, uint32_t tid, uint32_t child, uint64_t ts)
{
	struct sctrace_fork *f = rec_start(r, SCTRACE_REC_FORK, sizeof(*f), tid, ts);

	f->child_tid = child;
	f->child_tgid = child;
}

void rec_task_exit(struct rec *r, uint32_t tid, int32_t code, uint64_t ts)
{
	struct sctrace_task_exit *x = rec_start(r, SCTRACE_REC_EXIT, sizeof(*x), tid, ts);

	x->code = code;
	x->flags = SCTRACE_EXIT_GROUP_DEAD;
}

void rec_lost(struct rec *r, uint64_t n, uint64_t ts)
{
	struct sctrace_lost *l = rec_start(r, SCTRACE_REC_LOST, sizeof(*l), 0, ts);

	l->lost = n;
}
