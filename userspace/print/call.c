// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The pieces of one syscall's line, from its enter record and (when it
 * came) its exit record, driven by the syscall's description in the
 * table: its name, its arguments (all, or those printed before or after
 * an <unfinished ...> cut), its return value.
 */
#define _GNU_SOURCE	/* O_TMPFILE */
#include <fcntl.h>
#include <inttypes.h>
#include <sys/mman.h>	/* MREMAP_FIXED */

#include "items.h"
#include "print/call.h"
#include "syscalls.h"

void sct_call__init(struct sct_call *c, const struct sctrace_sys_enter *e)
{
	unsigned int abi = (e->flags & SCTRACE_REC_COMPAT) ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64;

	c->e = e;
	c->ret = 0;
	c->name = sct_syscall__name_abi(abi, e->nr);
	/* the table describes x86-64 syscalls; i386 ones print generically */
	c->d = abi == SCTRACE_ABI_X86_64 ? sct_sysdesc__by_nr(e->nr) : NULL;
	if (sct_items__walk(&e->hdr, &c->in, NULL, 0))
		memset(&c->in, 0, sizeof(c->in));	/* malformed: addresses only */
}

void sct_call__name(FILE *out, const struct sct_call *c)
{
	if (c->name)
		fputs(c->name, out);
	else
		fprintf(out, "syscall_%#" PRIx32, c->e->nr);
}

/*
 * The last argument after a flags argument of these sets counts only with
 * some of the flags (any of any, or all of all): strace leaves it out
 * otherwise. open's mode needs O_CREAT or O_TMPFILE (which holds
 * O_DIRECTORY's bit, so all of it), mremap's new address MREMAP_FIXED.
 */
static const struct {
	const char *set;
	uint64_t any, all;
} sct_call__optional[] = {
	{ "open", O_CREAT, O_TMPFILE },
	{ "mremap", MREMAP_FIXED, 0 },
};

/* the last argument left out by sct_call__optional[]; nargs >= 2 */
static int sct_call__last_unused(const struct sct_call *c)
{
	const struct sct_argdesc *a = &c->d->args[c->d->nargs - 2];
	uint64_t flags = c->e->args[c->d->nargs - 2];
	size_t i;

	if (a->kind != SCT_A_FLAGS || !a->set)
		return 0;
	for (i = 0; i < sizeof(sct_call__optional) / sizeof(sct_call__optional[0]); i++) {
		if (strcmp(a->set, sct_call__optional[i].set))
			continue;
		return !(flags & sct_call__optional[i].any) &&
		       (!sct_call__optional[i].all ||
			(flags & sct_call__optional[i].all) != sct_call__optional[i].all);
	}
	return 0;
}

unsigned int sct_call__nargs(const struct sct_call *c)
{
	if (!c->d)
		return SCTRACE_MAX_ARGS;
	return c->d->nargs - (c->d->nargs >= 2 && (sct_call__last_unused(c) ||
			      sct_cmds__noarg(c->d, c->e->args, c->d->nargs - 1)));
}

/* strace prints at entry the arguments before the first it reads at exit */
unsigned int sct_call__split(const struct sct_call *c)
{
	const struct sct_layout *l = c->d ? sct_layout__find(c->d->layout) : NULL;
	const struct sct_argdesc *a;
	unsigned int i;

	if (l)
		return l->split;
	for (i = 0; c->d && i < c->d->nargs; i++) {
		a = &c->d->args[i];
		/* the entry copy of inout:msg is only what the exit's is shown against */
		if (a->cap[SCTRACE_CAP_EXIT].on && (!a->cap[SCTRACE_CAP_ENTER].on ||
		    a->cap[SCTRACE_CAP_ENTER].kind != a->cap[SCTRACE_CAP_EXIT].kind))
			return i;
	}
	return sct_call__nargs(c);
}

void sct_call__shown(struct sct_call *c, struct sct_items *out, int64_t ret)
{
	unsigned int i;

	c->ret = ret;
	for (i = 0; c->d && i < c->d->nargs; i++) {
		if ((c->d->args[i].shown == SCT_SHOWN_ERR && ret >= 0) ||
		    (c->d->args[i].shown == SCT_SHOWN_POS && ret <= 0))
			out->arg[i] = NULL;
	}
}

unsigned int sct_call__retkind(const struct sct_call *c)
{
	return c->d ? c->d->ret : SCT_R_INT;
}

/* what :after arguments' calls wrote: " ([{fd=5, revents=POLLOUT}])" */
static void sct_call__after(const struct sct_pr *p, const struct sct_call *c,
			    const struct sct_items *out, int64_t ret)
{
	const struct sctrace_item *it;
	const struct sct_argdesc *a;
	struct sct_view v;
	sct_struct_fn *fn;
	unsigned int i;

	for (i = 0; c->d && out && ret > 0 && i < c->d->nargs; i++) {
		a = &c->d->args[i];
		it = out->arg[i];
		if (a->shown != SCT_SHOWN_AFTER || !it || !(fn = sct_structs_net__after_fn(a->ctype)) ||
		    sct_item__kind(it) != SCTRACE_CAP_BUF || (it->flags & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL)))
			continue;
		v = (struct sct_view){ sct_item__data(it), it->len, c->e->args[i] };
		fputs(" (", p->out);
		fn(p, &v);
		fputc(')', p->out);
	}
}

void sct_call__retval(const struct sct_pr *p, const struct sct_call *c,
		      const struct sct_items *out, int64_t ret, bool fd)
{
	if (fd && ret >= 0)
		sct_pr__fd(p, ret);
	else if (!sct_cmds__retval(p->out, c->d, c->e->args, ret))
		sct_pr__retval(p->out, sct_call__retkind(c), ret);
	sct_call__after(p, c, out, ret);
}

bool sct_call__noexit(const struct sct_call *c)
{
	return c->d && c->d->noexit;
}

bool sct_call__sigreturn(const struct sct_call *c)
{
	return c->d && c->d->sigreturn;
}

bool sct_call__exec(const struct sct_call *c)
{
	return c->d && c->d->exec;
}

/* The item of argument i: what the call wrote, else what it was given. */
static const struct sctrace_item *sct_call__item(const struct sct_call *c,
						 const struct sct_items *out, unsigned int i)
{
	const struct sctrace_item *it = c->in.arg[i];

	if (c->d && c->d->args[i].shown == SCT_SHOWN_AFTER)
		return it;	/* what the call wrote comes after the return value */
	if (out && out->arg[i])
		return out->arg[i];
	if (out && out->retry[i] && (!it || ((it->flags & SCTRACE_ITEM_FAULT) && !it->len)))
		return out->retry[i];	/* the string read again at exit */
	return it;
}

/* without a description: hex, strings where a string was copied */
static void sct_call__generic(const struct sct_pr *p, uint64_t v, const struct sctrace_item *it)
{
	if (it && sct_item__kind(it) == SCTRACE_CAP_STR && it->len)
		sct_pr__str(p, sct_item__data(it), it->len, p->strsize,
			    it->flags & SCTRACE_ITEM_TRUNC);
	else
		fprintf(p->out, "%#" PRIx64, v);
}

/*
 * Argument i is an in-out int that is another argument's length (*i):
 * "[110 => 2]" when the call changed it (1); else 0, printed as any.
 */
static int sct_call__inout_len(const struct sct_pr *p, const struct sct_call *c,
			       const struct sct_items *out, unsigned int i)
{
	const struct sctrace_item *before = c->in.arg[i], *after = out ? out->arg[i] : NULL;
	int32_t b, x;
	unsigned int j;

	if (!before || !after || before->len != sizeof(b) || after->len != sizeof(x) ||
	    sct_item__kind(before) != SCTRACE_CAP_BUF || sct_item__kind(after) != SCTRACE_CAP_BUF ||
	    ((before->flags | after->flags) & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL)))
		return 0;
	for (j = 0; j < c->d->nargs; j++)
		if (c->d->args[j].cap[SCTRACE_CAP_EXIT].len_src == SCTRACE_LEN_ARGPTR &&
		    c->d->args[j].cap[SCTRACE_CAP_EXIT].len_arg == i)
			break;
	memcpy(&b, sct_item__data(before), sizeof(b));
	memcpy(&x, sct_item__data(after), sizeof(x));
	if (j == c->d->nargs || b == x)
		return 0;
	fprintf(p->out, "[%" PRId32 " => %" PRId32 "]", b, x);
	return 1;
}

/* Argument i's memory: what the kernel wrote of it, bounded as it says */
static void sct_call__mem(const struct sct_pr *p, const struct sct_call *c,
			  const struct sct_items *out, unsigned int i)
{
	const struct sctrace_item *it = sct_call__item(c, out, i);
	size_t bound = SCT_PR_NOLIMIT;

	struct sct_pr given = *p;

	if (sct_call__inout_len(p, c, out, i))
		return;
	if (out && it == out->arg[i]) {
		bound = sct_pr__written(c->d, &c->in, i, c->ret);
		given.given = c->in.arg[i];
	}
	sct_pr__mem(&given, &c->d->args[i], c->e->args[i], it, bound);
}

void sct_call__args(const struct sct_pr *pr, const struct sct_call *c,
		    const struct sct_items *out, unsigned int from, unsigned int to)
{
	const struct sct_layout *l = c->d ? sct_layout__find(c->d->layout) : NULL;
	struct sct_pr call = *pr, *p = &call;	/* with what the call returned, if it did */
	const struct sct_argdesc *a;
	unsigned int i, n = sct_call__nargs(c);
	uint64_t v;

	call.exited = out != NULL;
	call.ret = out ? c->ret : 0;
	if (l) {
		if (from < l->split)
			l->entry(p, c);
		if (out && to > l->split)
			l->exit(p, c);
		return;
	}
	for (i = from; i < to && i < n; i++) {
		v = c->e->args[i];
		a = c->d ? &c->d->args[i] : NULL;
		if (!a)
			sct_call__generic(p, v, sct_call__item(c, out, i));
		else if (a->kind >= SCT_A_PATH)
			sct_call__mem(p, c, out, i);
		else if (a->kind == SCT_A_BYCMD)
			sct_cmds__arg(p, c->d, c->e->args, i, sct_call__item(c, out, i));
		else
			sct_pr__value(p, a, v);
		if (i + 1 < n)
			fputs(", ", p->out);
	}
}
