// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * What the records make besides lines and captures: the -c/-C table
 * (stats/summary.h), printed on the text output after the last line
 * (stderr, -o FILE; stdout for -r), what it leaves out on stderr; the
 * --json lines instead of strace's (export/export.h through cli_text.c);
 * --export=chrome:FILE's file.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "filter.h"
#include "export/export.h"

static int sct_stats__fail(const char *what, int err)
{
	fprintf(stderr, "sctrace: %s: %s\n", what, strerror(err));
	return -1;
}

static int sct_stats__chrome(struct sct_sink *s, const struct sct_cli_opts *o)
{
	struct sct_export_opts eo = { .fmt = SCT_EXPORT_CHROME, .strsize = o->strsize };

	s->chrome_name = strcmp(o->chrome, "-") ? o->chrome : "stdout";
	s->chrome_f = strcmp(o->chrome, "-") ? fopen(o->chrome, "we") : stdout;
	if (!s->chrome_f)
		return sct_stats__fail(o->chrome, errno);
	s->chrome = sct_export__new(s->chrome_f, &eo);
	return s->chrome ? 0 : sct_stats__fail(s->chrome_name, ENOMEM);
}

int sct_sink__stats(struct sct_sink *s, const struct sct_cli_opts *o)
{
	s->lines = s->text_on && o->summary != 'c';
	if (o->summary && !(s->sum = sct_summary__new(&o->sum)))
		return sct_stats__fail("-c", ENOMEM);
	if (o->json && s->text_on && sct_text__json(&s->text, o->strsize) < 0)
		return -1;
	return o->chrome ? sct_stats__chrome(s, o) : 0;
}

/* -e's syscalls only, when the kernel records more for -y, -P (the printer's) */
static bool sct_stats__asked(const struct sct_sink *s, const struct sctrace_hdr *rec)
{
	const struct sctrace_sys_enter *e = (const struct sctrace_sys_enter *)rec;
	const struct sctrace_sys_exit *x = (const struct sctrace_sys_exit *)rec;
	unsigned int compat;

	if (!s->only || (rec->type != SCTRACE_REC_SYS_ENTER && rec->type != SCTRACE_REC_SYS_EXIT))
		return true;
	compat = rec->type == SCTRACE_REC_SYS_ENTER ? e->flags & SCTRACE_REC_COMPAT :
		 x->flags & SCTRACE_REC_COMPAT;
	return sct_filter__has_syscall_abi(s->only, compat ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64,
					   rec->type == SCTRACE_REC_SYS_ENTER ? e->nr : x->nr);
}

int sct_sink__stats_put(struct sct_sink *s, const struct sctrace_hdr *rec)
{
	if (!sct_stats__asked(s, rec))
		return 0;
	if (s->sum && sct_summary__record(s->sum, rec) == -ENOMEM)
		return sct_stats__fail("-c", ENOMEM);
	if (s->chrome && sct_export__record(s->chrome, rec) == -ENOMEM)
		return sct_stats__fail(s->chrome_name, ENOMEM);
	return 0;
}

int sct_sink__stats_end(struct sct_sink *s)
{
	int ret = 0;

	if (s->sum && s->text_on) {
		sct_text__end(&s->text);	/* the last lines first (-C) */
		sct_summary__print(s->sum, s->text.fmt);
		if (fflush(s->text.fmt) || sct_text__flush(&s->text) < 0)
			ret = -1;
		sct_summary__notes(s->sum, stderr);
	}
	sct_summary__free(s->sum);
	s->sum = NULL;
	if (s->chrome) {
		sct_export__finish(s->chrome);
		if (ferror(s->chrome_f) | (s->chrome_f == stdout ? fflush(s->chrome_f) : fclose(s->chrome_f)))
			ret = sct_stats__fail(s->chrome_name, errno ? errno : EIO);
		sct_export__free(s->chrome);
		s->chrome = NULL;
	}
	return ret;
}
