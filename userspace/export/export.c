// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* The JSON exports (export.h): records paired into calls, then the format's writer. */
#define _GNU_SOURCE	/* open_memstream */
#include <errno.h>
#include <stdlib.h>

#include "export/xp.h"

static const struct sct_xp_fmt *sct_export__fmt(const struct sct_export *x)
{
	return x->o.fmt == SCT_EXPORT_CHROME ? &sct_chrome__fmt : &sct_jsonl__fmt;
}

static void sct_export__call(void *ctx, struct sct_pair_thread *t,
			     const struct sctrace_sys_exit *xr, enum sct_pair_end end)
{
	struct sct_export *x = ctx;

	sct_export__fmt(x)->call(x, t->enter, xr, end);
}

static void sct_export__event(void *ctx, const struct sctrace_hdr *rec)
{
	struct sct_export *x = ctx;

	sct_export__fmt(x)->event(x, rec);
}

struct sct_export *sct_export__new(FILE *out, const struct sct_export_opts *o)
{
	static const struct sct_pair_ops ops = {
		.call = sct_export__call, .event = sct_export__event,
	};
	struct sct_export *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->o = *o;
	x->out = out;
	x->first = true;
	x->tmp = open_memstream(&x->tmpbuf, &x->tmpsz);
	x->pair = sct_pair__new(true, &ops, x);
	if (!x->tmp || !x->pair) {
		sct_export__free(x);
		return NULL;
	}
	sct_export__fmt(x)->begin(x);
	return x;
}

int sct_export__record(struct sct_export *x, const struct sctrace_hdr *rec)
{
	return sct_pair__record(x->pair, rec);
}

void sct_export__finish(struct sct_export *x)
{
	if (x->finished)
		return;
	x->finished = true;
	sct_pair__finish(x->pair);
	sct_export__fmt(x)->end(x);
}

void sct_export__free(struct sct_export *x)
{
	if (!x)
		return;
	sct_pair__free(x->pair);
	if (x->tmp)
		fclose(x->tmp);
	free(x->tmpbuf);
	free(x);
}
