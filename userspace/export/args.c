// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * A call's arguments and return value as JSON, named and typed by the
 * syscall table (decode/sysdesc.h). Flags, enums and memory other than
 * strings go through the printer's function for one argument (print/pr.h)
 * into a scratch stream, then into a JSON string: the same text strace's
 * line shows.
 */
#include <inttypes.h>
#include <string.h>

#include "errnames.h"
#include "export/json.h"
#include "export/xp.h"
#include "items.h"
#include "print/pr.h"
#include "syscalls.h"

#define SCT_MAX_ERRNO	4095

static unsigned int sct_xp__abi(const struct sctrace_sys_enter *e)
{
	return (e->flags & SCTRACE_REC_COMPAT) ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64;
}

void sct_xp__name(struct sct_export *x, const struct sctrace_sys_enter *e)
{
	const char *name = sct_syscall__name_abi(sct_xp__abi(e), e->nr);

	if (name)
		sct_json__cstr(x->out, name);
	else
		fprintf(x->out, "\"syscall_%#" PRIx32 "\"", e->nr);
}

/* What the scratch stream holds since its rewind, as a JSON string. */
static void sct_xp__tmp_out(struct sct_export *x)
{
	off_t n;

	fflush(x->tmp);
	n = ftello(x->tmp);
	sct_json__str(x->out, x->tmpbuf, n > 0 ? (size_t)n : 0);
}

static struct sct_pr sct_xp__pr(struct sct_export *x)
{
	fseeko(x->tmp, 0, SEEK_SET);
	return (struct sct_pr){ .out = x->tmp, .strsize = x->o.strsize, .xflag = 0 };
}

void sct_xp__signal(struct sct_export *x, unsigned int sig)
{
	sct_xp__pr(x);
	sct_pr__signal(x->tmp, sig);
	sct_xp__tmp_out(x);
}

void sct_xp__siginfo(struct sct_export *x, const struct sctrace_signal *s)
{
	struct sct_pr p = sct_xp__pr(x);

	sct_pr__sigrec(&p, s);
	sct_xp__tmp_out(x);
}

void sct_xp__comm(struct sct_export *x, uint32_t tid)
{
	const char *comm = sct_pair__comm(x->pair, tid);

	if (comm) {
		fputs(",\"comm\":", x->out);
		sct_json__cstr(x->out, comm);
	}
}

/* A register by its kind: a number, or the printer's text of flags and enums. */
static void sct_xp__value(struct sct_export *x, const struct sct_argdesc *a, uint64_t v)
{
	unsigned int w = sct_pr__width(a->type);
	struct sct_pr p;

	if (a->kind == SCT_A_FLAGS || a->kind == SCT_A_ENUM) {
		p = sct_xp__pr(x);
		sct_pr__value(&p, a, v);
		sct_xp__tmp_out(x);
		return;
	}
	if (a->kind == SCT_A_FD || a->kind == SCT_A_DIRFD || a->kind == SCT_A_PID)
		w = 32;
	if (w == 32)
		v = (uint32_t)v;
	switch (a->kind) {
	case SCT_A_INT: case SCT_A_FD: case SCT_A_DIRFD: case SCT_A_PID: case SCT_A_OFF:
		fprintf(x->out, "%" PRId64, w == 32 ? (int64_t)(int32_t)v : (int64_t)v);
		break;
	case SCT_A_UID:
		if (v == UINT32_MAX || v == UINT64_MAX)
			fputs("-1", x->out);
		else
			fprintf(x->out, "%" PRIu64, v);
		break;
	default:	/* UINT SIZE HEX MODE PTR: unsigned */
		fprintf(x->out, "%" PRIu64, v);
		break;
	}
}

/* The item of argument i: what the call wrote, else what it was given. */
static const struct sctrace_item *sct_xp__item(const struct sct_items *in,
					       const struct sct_items *out, unsigned int i)
{
	const struct sctrace_item *given = in->arg[i];
	bool empty = !given || ((given->flags & SCTRACE_ITEM_FAULT) && !given->len);

	if (out->arg[i])
		return out->arg[i];
	return empty && out->retry[i] ? out->retry[i] : given;
}

/* argv: an array of the strings copied */
static void sct_xp__strarr(struct sct_export *x, const struct sctrace_item *it)
{
	const struct sctrace_item *s;
	struct sct_strarr_view a;
	uint32_t i;

	if (sct_item__strarr(it, &a)) {
		fputs("null", x->out);
		return;
	}
	fputc('[', x->out);
	for (i = 0, s = a.first; i < a.nstr; i++, s = sct_item__next(s)) {
		if (i)
			fputc(',', x->out);
		sct_json__str(x->out, sct_item__data(s), s->len);
	}
	fputc(']', x->out);
}

/* Memory: its bytes as a string, argv as an array, else the printer's text. */
static void sct_xp__mem(struct sct_export *x, const struct sct_argdesc *a, uint64_t v,
			const struct sctrace_item *it, size_t bound)
{
	unsigned int kind = it ? sct_item__kind(it) : 0;
	struct sct_pr p;

	if (!it || (it->flags & SCTRACE_ITEM_NULL) || ((it->flags & SCTRACE_ITEM_FAULT) && !it->len)) {
		fputs("null", x->out);	/* NULL, not captured, or unreadable */
	} else if ((a->kind == SCT_A_PATH || a->kind == SCT_A_STR) && kind == SCTRACE_CAP_STR) {
		sct_json__str(x->out, sct_item__data(it), it->len);
	} else if (a->kind == SCT_A_MEM && a->ctype == SCT_T_BYTES && kind == SCTRACE_CAP_BUF) {
		sct_json__str(x->out, sct_item__data(it), it->len < bound ? it->len : bound);
	} else if (a->kind == SCT_A_ARGV && kind == SCTRACE_CAP_STRARR) {
		sct_xp__strarr(x, it);
	} else {
		p = sct_xp__pr(x);
		sct_pr__mem(&p, a, v, it, bound);
		sct_xp__tmp_out(x);
	}
}

void sct_xp__args(struct sct_export *x, const struct sctrace_sys_enter *e,
		  const struct sctrace_sys_exit *xr)
{
	const struct sct_sysdesc *d = sct_xp__abi(e) == SCTRACE_ABI_X86_64 ? sct_sysdesc__by_nr(e->nr) : NULL;
	struct sct_items in = { .arg = { NULL } }, out = { .arg = { NULL } };
	const struct sct_argdesc *a;
	const struct sctrace_item *it;
	unsigned int i, n = d ? d->nargs : SCTRACE_MAX_ARGS;

	if (sct_items__walk(&e->hdr, &in, NULL, 0))
		memset(&in, 0, sizeof(in));	/* malformed: registers only */
	if (xr && sct_items__walk(&xr->hdr, &out, NULL, 0))
		memset(&out, 0, sizeof(out));
	fputc('{', x->out);
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', x->out);
		if (!d) {	/* no description: the registers */
			fprintf(x->out, "\"arg%u\":%" PRIu64, i, (uint64_t)e->args[i]);
			continue;
		}
		a = &d->args[i];
		sct_json__cstr(x->out, a->name);
		fputc(':', x->out);
		it = sct_xp__item(&in, &out, i);
		if (a->kind >= SCT_A_PATH)
			sct_xp__mem(x, a, e->args[i], it, xr && it && it == out.arg[i] ?
				    sct_pr__written(d, &in, i, xr->ret) : SCT_PR_NOLIMIT);
		else
			sct_xp__value(x, a, e->args[i]);
	}
	fputc('}', x->out);
}

void sct_xp__ret(struct sct_export *x, const struct sctrace_sys_exit *xr)
{
	const char *name;
	int64_t ret = xr->ret;

	if (ret >= 0 || ret < -SCT_MAX_ERRNO) {
		fprintf(x->out, ",\"ret\":%" PRId64, ret);
		return;
	}
	name = sct_errno__name((unsigned int)-ret);
	fputs(",\"ret\":-1,\"errno\":", x->out);
	if (name)
		fprintf(x->out, "\"%s\"", name);
	else
		fprintf(x->out, "\"%u\"", (unsigned int)-ret);
}
