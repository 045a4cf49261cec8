// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Records to strace's lines (print.h): the calls paired by thread
 * (pair.h, shared with -c and the exports), printed with strace's
 * <unfinished ...> and <... NAME resumed> when another thread's line
 * comes between.
 *
 * A thread's entry waits (pending) until the next record: its own exit
 * makes one line, anything else cuts it. Only one line can be cut open
 * at a time, as in strace's output.
 */
#define _GNU_SOURCE	/* open_memstream */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include "filter.h"
#include "pair.h"
#include "print/call.h"
#include "print/fdtrack.h"
#include "print/print.h"
#include "record.h"

#define SCT_PR_COLUMN	40	/* strace's -a: where " = " goes */

/*
 * The threads are the pairing's (pair.h), each thread's mark saying its
 * call is hidden (not printed: -P, the print-time -e).
 */
#define SCT_PRINTER_SIGS	8	/* more: the oldest is printed at once */

struct sct_printer {
	struct sct_pr pr;	/* pr.out: the line being made */
	FILE *out;
	char *line;
	size_t linesz;
	struct sct_print_opts o;
	struct sct_pair *pair;
	struct sct_pair_thread *pending;	/* entered, nothing printed yet */
	/* signals threads ignored during a call: printed after it (sct_printer__signal()) */
	struct sctrace_signal sigs[SCT_PRINTER_SIGS];
	unsigned int nsigs;
};

/*
 * -t, -tt, -ttt: the wall-clock time of a record, ts_ns + realtime_ns,
 * in seconds and microseconds added apart (no overflow, whatever a
 * capture file holds); a time before 1970 is "-S.UUUUUU".
 */
static void sct_printer__time(struct sct_printer *pr, uint64_t ts_ns)
{
	const int64_t g = 1000000000;
	int64_t rsec = pr->o.realtime_ns / g, rns = pr->o.realtime_ns % g, ns;
	long long sec, usec;
	time_t t;
	struct tm tm;

	if (rns < 0) {
		rns += g;
		rsec--;
	}
	ns = (int64_t)(ts_ns % (uint64_t)g) + rns;		/* < 2 s */
	sec = (long long)(ts_ns / (uint64_t)g) + rsec + ns / g;	/* |sec| < 2^35 */
	usec = ns % g / 1000;
	if (pr->o.tflag >= 3) {
		if (sec < 0 && usec)	/* -5.000001 is sec -6, usec 999999 */
			fprintf(pr->pr.out, "-%lld.%06lld ", -sec - 1, 1000000 - usec);
		else
			fprintf(pr->pr.out, "%lld.%06lld ", sec, usec);
		return;
	}
	t = (time_t)sec;
	if (!localtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	fprintf(pr->pr.out, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (pr->o.tflag == 2)
		fprintf(pr->pr.out, ".%06lld", usec);
	fputc(' ', pr->pr.out);
}

static void sct_printer__begin(struct sct_printer *pr, uint32_t tid, uint64_t ts_ns)
{
	if (sct_pair__nthreads(pr->pair) > 1 && !pr->o.no_pid)
		fprintf(pr->pr.out, "[pid %5" PRIu32 "] ", tid);	/* as strace pads it */
	if (pr->o.tflag)
		sct_printer__time(pr, ts_ns);
}

/* The line made in pr->pr.out goes out. */
static void sct_printer__end(struct sct_printer *pr)
{
	off_t n;

	fputc('\n', pr->pr.out);
	fflush(pr->pr.out);
	n = ftello(pr->pr.out);
	if (n > 0)
		fwrite(pr->line, 1, (size_t)n, pr->out);
	fseeko(pr->pr.out, 0, SEEK_SET);
}

/* ") = ret", " = " at strace's column; fd: ret is a new fd (-y prints its path) */
static void sct_printer__ret(struct sct_printer *pr, const struct sct_call *c,
			     const struct sctrace_sys_exit *x, const struct sct_items *out, bool fd)
{
	off_t col;

	fputc(')', pr->pr.out);
	fflush(pr->pr.out);
	for (col = ftello(pr->pr.out); col < SCT_PR_COLUMN - 1; col++)
		fputc(' ', pr->pr.out);
	fputs(" = ", pr->pr.out);
	if (!x) {
		fputc('?', pr->pr.out);	/* no exit: the task ended in the call */
		return;
	}
	sct_call__retval(&pr->pr, c, out, x->ret, fd && pr->o.yflag);
	if (pr->o.duration) {
		uint64_t d = x->hdr.ts_ns - c->e->hdr.ts_ns;

		if (x->hdr.ts_ns < c->e->hdr.ts_ns)
			d = 0;
		fprintf(pr->pr.out, " <%" PRIu64 ".%06" PRIu64 ">", d / 1000000000, d % 1000000000 / 1000);
	}
}

/* t's call as far as its entry tells, then tail: "read(3,  <unfinished ...>" */
static void sct_printer__partial(struct sct_printer *pr, const struct sct_pair_thread *t,
				 const char *tail)
{
	struct sct_call c;

	sct_call__init(&c, t->enter);
	pr->pr.tgid = t->tgid;
	sct_printer__begin(pr, t->node.id, t->enter->hdr.ts_ns);
	sct_call__name(pr->pr.out, &c);
	fputc('(', pr->pr.out);
	sct_call__args(&pr->pr, &c, NULL, 0, sct_call__split(&c));
	fputs(tail, pr->pr.out);
	sct_printer__end(pr);
}

/* The pending call's line, cut: "read(3,  <unfinished ...>" */
static void sct_printer__cut(struct sct_printer *pr)
{
	struct sct_pair_thread *t = pr->pending;

	if (!t)
		return;
	pr->pending = NULL;
	sct_printer__partial(pr, t, " <unfinished ...>");
}

/*
 * Calls printed whole when they end, never cut: with -e status= (by how
 * they end), as strace.
 */
static bool sct_printer__whole(const struct sct_printer *pr)
{
	return pr->o.status;
}

/*
 * Whether the call c entered by t is printed: its syscall is one -e asked
 * for (when the kernel records more, for -y, -P) and with -P it touches
 * one of the paths (judged at entry, by the fds as they are then).
 */
static bool sct_printer__selected(const struct sct_printer *pr, const struct sct_pair_thread *t,
				  const struct sct_call *c)
{
	unsigned int abi = (c->e->flags & SCTRACE_REC_COMPAT) ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64;

	if (pr->o.trace && !sct_filter__has_syscall_abi(pr->o.trace, abi, c->e->nr))
		return false;
	return !pr->o.npaths ||
	       sct_fdtrack__touches(pr->o.fds, t->tgid, c, NULL, pr->o.paths, pr->o.npaths);
}

/* -e status=: whether a call that ended so (SCT_STATUS_*) is printed */
static bool sct_printer__shown(const struct sct_printer *pr, unsigned int status)
{
	return !pr->o.status || (pr->o.status & status);
}

/*
 * t's call ends with exit record x (NULL: no exit, for the reason
 * noexit, SCT_STATUS_*): the whole line if nothing came between, else
 * "<... read resumed>...". With no exit, only the arguments known at
 * entry, as strace: "read(0, <unfinished ...>) = ?", "<... futex
 * resumed>) = ?". Nothing if -e status= leaves it out.
 */
static void sct_printer__complete(struct sct_printer *pr, struct sct_pair_thread *t,
				  const struct sctrace_sys_exit *x, unsigned int noexit)
{
	struct sct_items out = { .arg = { NULL } };
	uint64_t ts = x ? x->hdr.ts_ns : t->enter->hdr.ts_ns;
	bool resumed = pr->pending != t && !sct_printer__whole(pr), fd = false;
	unsigned int split;
	struct sct_call c;

	sct_call__init(&c, t->enter);
	split = sct_call__split(&c);
	if (x && sct_items__walk(&x->hdr, &out, NULL, 0))
		memset(&out, 0, sizeof(out));	/* malformed: addresses only */
	if (t->mark || !sct_printer__shown(pr, x ? sct_print__status_of(x->ret) : noexit)) {
		if (x)
			sct_fdtrack__call(pr->o.fds, t->tgid, &c, &out, x->ret);
		if (pr->pending == t)
			pr->pending = NULL;
		return;
	}
	if (x)
		sct_call__shown(&c, &out, x->ret);
	if (resumed)
		sct_printer__cut(pr);
	pr->pending = NULL;
	pr->pr.tgid = t->tgid;
	sct_printer__begin(pr, t->node.id, ts);
	if (resumed) {
		fputs("<... ", pr->pr.out);
		sct_call__name(pr->pr.out, &c);
		fputs(" resumed>", pr->pr.out);
	} else {
		sct_call__name(pr->pr.out, &c);
		fputc('(', pr->pr.out);
		sct_call__args(&pr->pr, &c, x ? &out : NULL, 0, split);
	}
	/* fds the call made are named in what it wrote (pipe2's), closed ones were printed */
	if (x)
		fd = sct_fdtrack__call(pr->o.fds, t->tgid, &c, &out, x->ret);
	if (x)
		sct_call__args(&pr->pr, &c, &out, split, sct_call__nargs(&c));
	else if (split < sct_call__nargs(&c))	/* the task ended before writing them */
		fputs(" <unfinished ...>", pr->pr.out);
	sct_printer__ret(pr, &c, x, &out, fd);
	sct_printer__end(pr);
}

/* "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---" */
static void sct_printer__sigline(struct sct_printer *pr, const struct sctrace_signal *s)
{
	sct_printer__cut(pr);
	pr->pr.tgid = s->hdr.tgid;
	sct_printer__begin(pr, s->hdr.tid, s->hdr.ts_ns);
	fputs("--- ", pr->pr.out);
	sct_pr__signal(pr->pr.out, (uint64_t)(uint32_t)s->signo);
	fputc(' ', pr->pr.out);
	sct_pr__sigrec(&pr->pr, s);
	fputs(" ---", pr->pr.out);
	sct_printer__end(pr);
}

/* The signals thread tid ignored during its last call, after that call's line. */
static void sct_printer__flush_sigs(struct sct_printer *pr, uint32_t tid)
{
	unsigned int i, n = 0;

	for (i = 0; i < pr->nsigs; i++) {
		if (pr->sigs[i].hdr.tid == tid)
			sct_printer__sigline(pr, &pr->sigs[i]);
		else
			pr->sigs[n++] = pr->sigs[i];
	}
	pr->nsigs = n;
}

/*
 * A signal for a thread. One it ignores was dropped when it was sent,
 * maybe while the thread was in a call; strace sees it (ptrace makes
 * every signal deliverable) when the thread goes back to user space,
 * after that call's line: so is it printed. The SIGKILL of a group exit
 * (no siginfo) is "+++ killed by SIGKILL +++" alone, as in strace.
 */
static void sct_printer__signal(struct sct_printer *pr, const struct sctrace_signal *s)
{
	const struct sct_pair_thread *t = sct_pair__thread(pr->pair, s->hdr.tid);

	if (s->signo == SIGKILL && (s->flags & SCTRACE_SIGNAL_NOINFO))
		return;
	if (s->signo >= 1 && s->signo <= 64 && (pr->o.signals_hidden >> (s->signo - 1)) & 1)
		return;		/* -e signal= */
	if ((s->flags & SCTRACE_SIGNAL_IGNORED) && t && t->enter) {
		if (pr->nsigs == SCT_PRINTER_SIGS) {
			sct_printer__sigline(pr, &pr->sigs[0]);
			memmove(pr->sigs, pr->sigs + 1, sizeof(pr->sigs) - sizeof(pr->sigs[0]));
			pr->nsigs--;
		}
		pr->sigs[pr->nsigs++] = *s;
		return;
	}
	sct_printer__flush_sigs(pr, s->hdr.tid);
	sct_printer__sigline(pr, s);
}

/* t entered a call: hidden or not, it waits for its end (pair.h's enter) */
static void sct_printer__entered(void *ctx, struct sct_pair_thread *t)
{
	struct sct_printer *pr = ctx;
	struct sct_call c;

	sct_printer__flush_sigs(pr, t->node.id);
	sct_call__init(&c, t->enter);
	t->mark = !sct_printer__selected(pr, t, &c);	/* hidden */
	if (t->mark)
		return;
	sct_printer__cut(pr);
	if (!sct_printer__whole(pr))	/* -e status=: printed whole at its end */
		pr->pending = t;
}

/*
 * -e status=detached: a call still in progress at the end, cut as
 * strace cuts them when it detaches: "read(0,  <detached ...>".
 */
static void sct_printer__detached(struct sct_printer *pr, struct sct_pair_thread *t)
{
	if (pr->pending == t)
		sct_printer__cut(pr);
	else if ((pr->o.status & SCT_STATUS_DETACHED) && !t->mark)
		sct_printer__partial(pr, t, " <detached ...>");
}

/* t's call ends (pair.h's call) */
static void sct_printer__call(void *ctx, struct sct_pair_thread *t,
			      const struct sctrace_sys_exit *x, enum sct_pair_end end)
{
	struct sct_printer *pr = ctx;

	switch (end) {
	case SCT_PAIR_DONE:
		sct_printer__complete(pr, t, x, 0);
		break;
	case SCT_PAIR_LOST:	/* the thread's next entry came: it shows as unfinished */
		sct_printer__complete(pr, t, NULL, SCT_STATUS_UNAVAILABLE);
		break;
	case SCT_PAIR_NORETURN:	/* exit_group(0) = ? */
	case SCT_PAIR_GONE:
		sct_printer__complete(pr, t, NULL, SCT_STATUS_UNFINISHED);
		break;
	default:		/* the end of the trace */
		sct_printer__detached(pr, t);
		break;
	}
	sct_printer__flush_sigs(pr, t->node.id);
}

/*
 * Thread t's exec succeeded: it is now the leader, tid tgid; the other
 * threads of the process are gone. As strace: "+++ superseded by execve
 * in pid 101 +++", then "<... execve resumed>) = 0" under the leader.
 */
static void sct_printer__superseded(void *ctx, struct sct_pair_thread *t,
				    const struct sctrace_sys_exit *x)
{
	struct sct_printer *pr = ctx;

	sct_printer__cut(pr);
	sct_printer__begin(pr, x->hdr.tgid, x->hdr.ts_ns);
	fprintf(pr->pr.out, "+++ superseded by execve in pid %" PRIu32 " +++", t->node.id);
	sct_printer__end(pr);
}

/* "+++ exited with 0 +++", "+++ killed by SIGKILL (core dumped) +++" */
static void sct_printer__task_exit(struct sct_printer *pr, const struct sctrace_task_exit *x)
{
	int code = x->code;

	sct_printer__cut(pr);
	if (x->flags & SCTRACE_EXIT_GROUP_DEAD && pr->o.fds)
		sct_fdtab__exit(pr->o.fds, x->hdr.tgid);
	if (pr->o.no_exit_lines)
		return;
	sct_printer__begin(pr, x->hdr.tid, x->hdr.ts_ns);
	if ((code & 0x7f) == 0) {
		fprintf(pr->pr.out, "+++ exited with %d +++", (code >> 8) & 0xff);
	} else {
		fputs("+++ killed by ", pr->pr.out);
		sct_pr__signal(pr->pr.out, (uint64_t)(code & 0x7f));
		fputs(code & 0x80 ? " (core dumped) +++" : " +++", pr->pr.out);
	}
	sct_printer__end(pr);
}

/* A fork, a task's exit, a signal, lost records (pair.h's event: after the calls they end) */
static void sct_printer__event(void *ctx, const struct sctrace_hdr *rec)
{
	const struct sctrace_fork *f = (const struct sctrace_fork *)rec;
	const struct sctrace_lost *l = (const struct sctrace_lost *)rec;
	struct sct_printer *pr = ctx;

	switch (rec->type) {
	case SCTRACE_REC_FORK:	/* no line; the record does not say CLONE_FILES: a new process gets a copy */
		if (pr->o.fds && !(f->flags & SCTRACE_FORK_THREAD))
			sct_fdtab__fork(pr->o.fds, rec->tgid, f->child_tgid);
		return;
	case SCTRACE_REC_EXIT:
		sct_printer__flush_sigs(pr, rec->tid);
		sct_printer__task_exit(pr, (const struct sctrace_task_exit *)rec);
		return;
	case SCTRACE_REC_SIGNAL:
		sct_printer__signal(pr, (const struct sctrace_signal *)rec);
		return;
	}
	sct_printer__cut(pr);
	fprintf(pr->pr.out, "+++ lost %" PRIu64 " records on CPU %u +++", (uint64_t)l->lost,
		(unsigned int)rec->cpu);
	sct_printer__end(pr);
}

/* t is forgotten (pair.h's forget) */
static void sct_printer__forget(void *ctx, struct sct_pair_thread *t)
{
	struct sct_printer *pr = ctx;

	if (pr->pending == t)
		pr->pending = NULL;
}

int sct_printer__record(struct sct_printer *pr, const struct sctrace_hdr *rec)
{
	size_t min = sct_record__min_len(rec->type);

	if (!min || rec->len < min) {
		sct_printer__cut(pr);
		fprintf(pr->pr.out, "+++ malformed record: type %u, %" PRIu32 " bytes +++",
			(unsigned int)rec->type, (uint32_t)rec->len);
		sct_printer__end(pr);
		return -EBADMSG;
	}
	return sct_pair__record(pr->pair, rec);
}

void sct_printer__set_clock(struct sct_printer *pr, int64_t realtime_ns)
{
	pr->o.realtime_ns = realtime_ns;
}

void sct_printer__finish(struct sct_printer *pr)
{
	sct_printer__cut(pr);
	sct_pair__finish(pr->pair);	/* -e status=detached: "<detached ...>" */
	fflush(pr->out);
}

struct sct_printer *sct_printer__new(FILE *out, const struct sct_print_opts *o)
{
	static const struct sct_pair_ops ops = {
		.enter = sct_printer__entered, .call = sct_printer__call,
		.superseded = sct_printer__superseded, .event = sct_printer__event,
		.forget = sct_printer__forget,
	};
	struct sct_printer *pr = calloc(1, sizeof(*pr));

	if (!pr)
		return NULL;
	pr->out = out;
	pr->o = *o;
	pr->pr.strsize = o->strsize;
	pr->pr.xflag = o->xflag;
	pr->pr.verbose = o->verbose;
	pr->pr.fds = o->yflag ? o->fds : NULL;
	pr->pr.yy = o->yflag >= 2;
	pr->pr.out = open_memstream(&pr->line, &pr->linesz);
	pr->pair = sct_pair__new(true, &ops, pr);
	if (!pr->pr.out || !pr->pair) {
		sct_printer__free(pr);
		return NULL;
	}
	return pr;
}

void sct_printer__free(struct sct_printer *pr)
{
	if (!pr)
		return;
	sct_pair__free(pr->pair);
	if (pr->pr.out)
		fclose(pr->pr.out);
	free(pr->line);
	free(pr);
}
