// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * --json: JSON Lines, one object a line (README.md has the schema):
 *
 *   {"type":"syscall","pid":1,"tid":1,"comm":"cat","syscall":"openat",
 *    "args":{...},"ret":3,"enter_ns":...,"exit_ns":...,"duration_ns":...}
 *   {"type":"fork",...} {"type":"exit",...} {"type":"lost",...}
 *
 * A call without an exit record has "end" (exit_lost, task_ended,
 * unfinished, noreturn) instead of ret and the exit times.
 */
#include <inttypes.h>

#include "export/json.h"
#include "export/xp.h"

static void sct_jsonl__who(struct sct_export *x, const char *type, const struct sctrace_hdr *h)
{
	fprintf(x->out, "{\"type\":\"%s\",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32, type,
		(uint32_t)h->tgid, (uint32_t)h->tid);
	sct_xp__comm(x, h->tid);
}

static void sct_jsonl__call(struct sct_export *x, const struct sctrace_sys_enter *e,
			    const struct sctrace_sys_exit *xr, enum sct_pair_end end)
{
	uint64_t t0 = e->hdr.ts_ns;

	sct_jsonl__who(x, "syscall", &e->hdr);
	fputs(",\"syscall\":", x->out);
	sct_xp__name(x, e);
	if (e->flags & SCTRACE_REC_COMPAT)
		fputs(",\"abi\":\"i386\"", x->out);
	fputs(",\"args\":", x->out);
	sct_xp__args(x, e, xr);
	if (xr) {
		sct_xp__ret(x, xr);
		fprintf(x->out, ",\"enter_ns\":%" PRIu64 ",\"exit_ns\":%" PRIu64 ",\"duration_ns\":%"
			PRIu64 "}\n", t0, (uint64_t)xr->hdr.ts_ns,
			xr->hdr.ts_ns > t0 ? (uint64_t)xr->hdr.ts_ns - t0 : 0);
	} else {
		fprintf(x->out, ",\"enter_ns\":%" PRIu64 ",\"end\":\"%s\"}\n", t0,
			sct_pair__end_name(end));
	}
}

static void sct_jsonl__event(struct sct_export *x, const struct sctrace_hdr *rec)
{
	const struct sctrace_fork *f = (const struct sctrace_fork *)rec;
	const struct sctrace_task_exit *te = (const struct sctrace_task_exit *)rec;
	const struct sctrace_lost *l = (const struct sctrace_lost *)rec;
	const struct sctrace_signal *sg = (const struct sctrace_signal *)rec;

	switch (rec->type) {
	case SCTRACE_REC_FORK:
		sct_jsonl__who(x, "fork", rec);
		fprintf(x->out, ",\"child_pid\":%" PRIu32 ",\"child_tid\":%" PRIu32 ",\"thread\":%s",
			(uint32_t)f->child_tgid, (uint32_t)f->child_tid,
			f->flags & SCTRACE_FORK_THREAD ? "true" : "false");
		break;
	case SCTRACE_REC_EXIT:
		sct_jsonl__who(x, "exit", rec);
		if (te->code & 0x7f) {
			fputs(",\"signal\":", x->out);
			sct_xp__signal(x, (unsigned int)te->code & 0x7f);
			fprintf(x->out, ",\"core_dumped\":%s", te->code & 0x80 ? "true" : "false");
		} else {
			fprintf(x->out, ",\"status\":%d", (te->code >> 8) & 0xff);
		}
		fprintf(x->out, ",\"process_ended\":%s",
			te->flags & SCTRACE_EXIT_GROUP_DEAD ? "true" : "false");
		break;
	case SCTRACE_REC_LOST:
		fprintf(x->out, "{\"type\":\"lost\",\"cpu\":%u,\"records\":%" PRIu64,
			(unsigned int)rec->cpu, (uint64_t)l->lost);
		break;
	case SCTRACE_REC_SIGNAL:
		sct_jsonl__who(x, "signal", rec);
		fputs(",\"signal\":", x->out);
		sct_xp__signal(x, (unsigned int)sg->signo);
		fprintf(x->out, ",\"ignored\":%s,\"siginfo\":",
			sg->flags & SCTRACE_SIGNAL_IGNORED ? "true" : "false");
		sct_xp__siginfo(x, sg);
		break;
	default:
		return;
	}
	fprintf(x->out, ",\"ts_ns\":%" PRIu64 "}\n", (uint64_t)rec->ts_ns);
}

static void sct_jsonl__nothing(struct sct_export *x)
{
	(void)x;
}

const struct sct_xp_fmt sct_jsonl__fmt = {
	.begin = sct_jsonl__nothing,
	.call = sct_jsonl__call,
	.event = sct_jsonl__event,
	.end = sct_jsonl__nothing,
};
