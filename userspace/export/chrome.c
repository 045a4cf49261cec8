// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * --export=chrome:FILE: the Trace Event Format's JSON object form, which
 * Perfetto and chrome://tracing open:
 *
 *   {"displayTimeUnit":"ns","traceEvents":[
 *   {"name":"openat","cat":"syscall","ph":"X","pid":1,"tid":1,
 *    "ts":12.345,"dur":0.678,"args":{...,"ret":3}},
 *   ...]}
 *
 * One track per thread (pid, tid); a complete ("X") slice per syscall,
 * times in microseconds (CLOCK_MONOTONIC) with nanosecond decimals; a
 * call without an exit record is a slice of no length with args.end;
 * thread_name and process_name metadata ("M") once a command name is
 * known (after an execve, or a fork of a known one); forks and exits are
 * thread instants, lost records a global instant.
 */
#include <inttypes.h>
#include <string.h>

#include "export/json.h"
#include "export/xp.h"
#include "syscalls.h"

/* ns as microseconds with three decimals */
static void sct_chrome__us(FILE *out, const char *key, uint64_t ns)
{
	fprintf(out, ",\"%s\":%" PRIu64 ".%03u", key, ns / 1000, (unsigned int)(ns % 1000));
}

/* The comma between events, and the event's common part. */
static void sct_chrome__event_start(struct sct_export *x, const char *ph, uint32_t pid, uint32_t tid)
{
	fputs(x->first ? "" : ",\n", x->out);
	x->first = false;
	fprintf(x->out, "{\"ph\":\"%s\",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32, ph, pid, tid);
}

/* thread_name (and process_name for a process's first thread) of tid */
static void sct_chrome__names(struct sct_export *x, uint32_t pid, uint32_t tid)
{
	const char *comm = sct_pair__comm(x->pair, tid);

	if (!comm)
		return;
	sct_chrome__event_start(x, "M", pid, tid);
	fputs(",\"name\":\"thread_name\",\"args\":{\"name\":", x->out);
	sct_json__cstr(x->out, comm);
	fputs("}}", x->out);
	if (pid != tid)
		return;
	sct_chrome__event_start(x, "M", pid, tid);
	fputs(",\"name\":\"process_name\",\"args\":{\"name\":", x->out);
	sct_json__cstr(x->out, comm);
	fputs("}}", x->out);
}

static void sct_chrome__call(struct sct_export *x, const struct sctrace_sys_enter *e,
			     const struct sctrace_sys_exit *xr, enum sct_pair_end end)
{
	uint64_t t0 = e->hdr.ts_ns, d = xr && xr->hdr.ts_ns > t0 ? xr->hdr.ts_ns - t0 : 0;
	const char *name = sct_syscall__name_abi(SCTRACE_ABI_X86_64, e->nr);

	sct_chrome__event_start(x, "X", e->hdr.tgid, e->hdr.tid);
	fputs(",\"cat\":\"syscall\",\"name\":", x->out);
	sct_xp__name(x, e);
	sct_chrome__us(x->out, "ts", t0);
	sct_chrome__us(x->out, "dur", d);
	fputs(",\"args\":{\"args\":", x->out);
	sct_xp__args(x, e, xr);
	if (xr)
		sct_xp__ret(x, xr);
	else
		fprintf(x->out, ",\"end\":\"%s\"", sct_pair__end_name(end));
	fputs("}}", x->out);
	/* a new program: its name on the thread's (and process's) track */
	if (xr && !xr->ret && !(e->flags & SCTRACE_REC_COMPAT) && name &&
	    (!strcmp(name, "execve") || !strcmp(name, "execveat")))
		sct_chrome__names(x, e->hdr.tgid, e->hdr.tid);
}

static void sct_chrome__event(struct sct_export *x, const struct sctrace_hdr *rec)
{
	const struct sctrace_fork *f = (const struct sctrace_fork *)rec;
	const struct sctrace_task_exit *te = (const struct sctrace_task_exit *)rec;
	const struct sctrace_lost *l = (const struct sctrace_lost *)rec;
	const struct sctrace_signal *sg = (const struct sctrace_signal *)rec;

	switch (rec->type) {
	case SCTRACE_REC_FORK:
		sct_chrome__event_start(x, "i", rec->tgid, rec->tid);
		fprintf(x->out, ",\"s\":\"t\",\"name\":\"fork\",\"args\":{\"child_pid\":%" PRIu32
			",\"child_tid\":%" PRIu32 "}", (uint32_t)f->child_tgid, (uint32_t)f->child_tid);
		break;
	case SCTRACE_REC_EXIT:
		sct_chrome__event_start(x, "i", rec->tgid, rec->tid);
		fputs(",\"s\":\"t\",\"name\":\"exit\",\"args\":{", x->out);
		if (te->code & 0x7f) {
			fputs("\"signal\":", x->out);
			sct_xp__signal(x, (unsigned int)te->code & 0x7f);
		} else {
			fprintf(x->out, "\"status\":%d", (te->code >> 8) & 0xff);
		}
		fputc('}', x->out);
		break;
	case SCTRACE_REC_SIGNAL:
		sct_chrome__event_start(x, "i", rec->tgid, rec->tid);
		fputs(",\"s\":\"t\",\"name\":\"signal\",\"args\":{\"signal\":", x->out);
		sct_xp__signal(x, (unsigned int)sg->signo);
		fprintf(x->out, ",\"ignored\":%s,\"siginfo\":",
			sg->flags & SCTRACE_SIGNAL_IGNORED ? "true" : "false");
		sct_xp__siginfo(x, sg);
		fputc('}', x->out);
		break;
	case SCTRACE_REC_LOST:
		sct_chrome__event_start(x, "i", 0, 0);
		fprintf(x->out, ",\"s\":\"g\",\"name\":\"lost records\",\"args\":{\"cpu\":%u,"
			"\"records\":%" PRIu64 "}", (unsigned int)rec->cpu, (uint64_t)l->lost);
		break;
	default:
		return;
	}
	sct_chrome__us(x->out, "ts", rec->ts_ns);
	fputc('}', x->out);
	if (rec->type == SCTRACE_REC_FORK)	/* the child runs what its parent ran */
		sct_chrome__names(x, f->child_tgid, f->child_tid);
}

static void sct_chrome__begin(struct sct_export *x)
{
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", x->out);
}

static void sct_chrome__end(struct sct_export *x)
{
	fputs("\n]}\n", x->out);
}

const struct sct_xp_fmt sct_chrome__fmt = {
	.begin = sct_chrome__begin,
	.call = sct_chrome__call,
	.event = sct_chrome__event,
	.end = sct_chrome__end,
};
