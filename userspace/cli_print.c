// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The text sctrace prints: strace's lines (print/print.h) with -s, -x,
 * -t and -T as strace takes them, or with --raw a line per record
 * (format.h), as sctrace printed before.
 */
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "print/print.h"

static int64_t sct_print__ns(clockid_t id)
{
	struct timespec ts = { 0, 0 };

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int sct_sink__print(struct sct_sink *s, const struct sct_cli_opts *o)
{
	struct sct_print_opts po = {
		.strsize = o->strsize, .xflag = o->xflag, .verbose = o->verbose, .tflag = o->tflag,
		.duration = o->duration, .status = o->status, .no_exit_lines = o->quiet >= 2,
		.signals_hidden = o->signals_hidden,
		/* records are stamped CLOCK_MONOTONIC: -t shows the time of day */
		.realtime_ns = sct_print__ns(CLOCK_REALTIME) - sct_print__ns(CLOCK_MONOTONIC),
	};

	if (!s->text_on || o->raw)
		return 0;	/* a capture file, or format.c's lines */
	/* only strace's lines follow fds: not --json's, not the -c table alone */
	if ((o->yflag || o->npaths) && !o->json && o->summary != 'c') {
		s->text.fds = sct_fds__new(!o->replay);
		if (!s->text.fds) {
			fprintf(stderr, "sctrace: no memory for the fd table of -y/-P\n");
			return -1;
		}
		po.fds = s->text.fds;
		po.yflag = o->yflag;
		po.paths = o->paths;
		po.npaths = o->npaths;
		/* the kernel records the calls that change fds too (cli_main.c) */
		po.trace = o->syscalls_given ? &o->filter : NULL;
		s->only = po.trace;	/* -C's table counts what -e asked for */
	}
	return sct_text__print(&s->text, &po);
}

void sct_sink__clock(struct sct_sink *s, uint64_t realtime_ns, uint64_t monotonic_ns)
{
	if (s->text_on)
		sct_text__clock(&s->text, (int64_t)(realtime_ns - monotonic_ns));
}
