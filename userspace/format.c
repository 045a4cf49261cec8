// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Records to text lines (see format.h). */
#define _GNU_SOURCE	/* sigabbrev_np */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "errnames.h"
#include "format.h"
#include "record.h"
#include "syscalls.h"

#define SCT_MAX_ERRNO	4095	/* the kernel's MAX_ERRNO */

static void sct_format__prefix(FILE *out, const struct sctrace_hdr *h)
{
	fprintf(out, "%" PRIu64 ".%09" PRIu64 " %" PRIu32 " ",
		(uint64_t)h->ts_ns / 1000000000u, (uint64_t)h->ts_ns % 1000000000u,
		(uint32_t)h->tid);
}

static void sct_format__name(FILE *out, uint32_t nr)
{
	const char *name = sct_syscall__name(nr);

	if (name)
		fputs(name, out);
	else
		fprintf(out, "syscall_%" PRIu32, nr);
}

static int sct_is_octal(char c)
{
	return c >= '0' && c <= '7';
}

void sct_format__quoted(FILE *out, const char *s, size_t len)
{
	unsigned char c;
	size_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); continue;
		case '\\': fputs("\\\\", out); continue;
		case '\t': fputs("\\t", out); continue;
		case '\n': fputs("\\n", out); continue;
		case '\v': fputs("\\v", out); continue;
		case '\f': fputs("\\f", out); continue;
		case '\r': fputs("\\r", out); continue;
		}
		if (c >= ' ' && c <= '~')
			fputc(c, out);
		else if (i + 1 < len && sct_is_octal(s[i + 1]))
			fprintf(out, "\\%03o", c);	/* "\0001", not "\01" */
		else
			fprintf(out, "\\%o", c);
	}
	fputc('"', out);
}

void sct_format__retval(FILE *out, int64_t ret)
{
	const char *name;

	if (ret < 0 && ret >= -SCT_MAX_ERRNO) {
		name = sct_errno__name((unsigned int)-ret);
		fprintf(out, "%" PRId64, ret);
		if (name)
			fprintf(out, " (%s)", name);
	} else if (ret >= 0 && ret <= UINT32_MAX) {
		fprintf(out, "%" PRId64, ret);
	} else {
		fprintf(out, "0x%" PRIx64, (uint64_t)ret);	/* addresses */
	}
}

static void sct_format__strarg(FILE *out, const struct sctrace_item *s, uint64_t arg)
{
	if (s->flags & SCTRACE_ITEM_FAULT) {
		if (arg)
			fprintf(out, "0x%" PRIx64 " <fault>", arg);
		else
			fputs("NULL", out);
		return;
	}
	sct_format__quoted(out, (const char *)(s + 1), s->len);
	if (s->flags & SCTRACE_ITEM_TRUNC)
		fputs("...", out);
}

static int sct_format__enter(FILE *out, const struct sctrace_sys_enter *e)
{
	const struct sctrace_item *strs[SCTRACE_MAX_ARGS];
	int bad = sct_enter__strings(e, strs);
	unsigned int a;

	fputs("> ", out);
	sct_format__name(out, e->nr);
	fputc('(', out);
	for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
		if (a)
			fputs(", ", out);
		if (!bad && strs[a])
			sct_format__strarg(out, strs[a], e->args[a]);
		else
			fprintf(out, "0x%" PRIx64, (uint64_t)e->args[a]);
	}
	fputc(')', out);
	if (bad)
		fputs(" <malformed string items>", out);
	return bad;
}

static void sct_format__exit(FILE *out, const struct sctrace_sys_exit *x)
{
	fputs("< ", out);
	sct_format__name(out, x->nr);
	fputs(" = ", out);
	sct_format__retval(out, x->ret);
}

static void sct_format__fork(FILE *out, const struct sctrace_fork *f)
{
	fprintf(out, "fork child %" PRIu32 " (%s)", (uint32_t)f->child_tid,
		(f->flags & SCTRACE_FORK_THREAD) ? "thread" : "process");
}

static void sct_format__signal(FILE *out, int sig)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		fprintf(out, "SIG%s", abbrev);
	else
		fprintf(out, "signal %d", sig);
}

/* code is the task's exit_code in wait-status form. */
static void sct_format__task_exit(FILE *out, const struct sctrace_task_exit *x)
{
	int code = x->code;

	if ((code & 0x7f) == 0) {
		fprintf(out, "exit code %d", (code >> 8) & 0xff);
	} else {
		fputs("killed by ", out);
		sct_format__signal(out, code & 0x7f);
		if (code & 0x80)
			fputs(", core dumped", out);
	}
	fprintf(out, " (%s ended)", (x->flags & SCTRACE_EXIT_GROUP_DEAD) ? "process" : "thread");
}

/* perf's "LOST n events!": where in the stream records are missing */
static void sct_format__lost(FILE *out, const struct sctrace_lost *l)
{
	fprintf(out, "lost %" PRIu64 " records on CPU %u",
		(uint64_t)l->lost, (unsigned int)l->hdr.cpu);
}

int sct_format__record(FILE *out, const struct sctrace_hdr *rec)
{
	size_t min = sct_record__min_len(rec->type);
	int ret = 0;

	sct_format__prefix(out, rec);
	if (!min || rec->len < min) {
		fprintf(out, "<malformed record: type %u, %" PRIu32 " bytes>\n",
			(unsigned int)rec->type, (uint32_t)rec->len);
		return -EBADMSG;
	}
	switch (rec->type) {
	case SCTRACE_REC_SYS_ENTER:
		ret = sct_format__enter(out, (const struct sctrace_sys_enter *)rec);
		break;
	case SCTRACE_REC_SYS_EXIT:
		sct_format__exit(out, (const struct sctrace_sys_exit *)rec);
		break;
	case SCTRACE_REC_FORK:
		sct_format__fork(out, (const struct sctrace_fork *)rec);
		break;
	case SCTRACE_REC_EXIT:
		sct_format__task_exit(out, (const struct sctrace_task_exit *)rec);
		break;
	case SCTRACE_REC_LOST:
		sct_format__lost(out, (const struct sctrace_lost *)rec);
		break;
	}
	fputc('\n', out);
	return ret;
}
