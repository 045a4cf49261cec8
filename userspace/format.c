// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Records to text lines (see format.h). */
#define _GNU_SOURCE	/* sigabbrev_np */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "errnames.h"
#include "format.h"
#include "items.h"
#include "record.h"
#include "syscalls.h"

#define SCT_MAX_ERRNO	4095	/* the kernel's MAX_ERRNO */

static void sct_format__prefix(FILE *out, const struct sctrace_hdr *h)
{
	fprintf(out, "%" PRIu64 ".%09" PRIu64 " %" PRIu32 " ",
		(uint64_t)h->ts_ns / 1000000000u, (uint64_t)h->ts_ns % 1000000000u,
		(uint32_t)h->tid);
}

/* The syscall's name in its table: "openat", "open[i386]", "syscall_511". */
static void sct_format__name(FILE *out, uint32_t nr, uint16_t flags)
{
	unsigned int abi = (flags & SCTRACE_REC_COMPAT) ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64;
	const char *name = sct_syscall__name_abi(abi, nr);

	if (nr == SCTRACE_NR_UNKNOWN)	/* a sigreturn's exit */
		fputs("syscall_?", out);
	else if (name)
		fputs(name, out);
	else
		fprintf(out, "syscall_%" PRIu32, nr);
	if (abi == SCTRACE_ABI_I386)
		fputs("[i386]", out);
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

/* A pointer whose memory was not captured, or could not be. */
static void sct_format__addr(FILE *out, uint64_t arg)
{
	if (arg)
		fprintf(out, "0x%" PRIx64, arg);
	else
		fputs("NULL", out);
}

static void sct_format__bytes(FILE *out, const uint8_t *p, size_t n, int cut)
{
	sct_format__quoted(out, (const char *)p, n);
	if (cut)
		fputs("...", out);
}

static void sct_format__iov(FILE *out, const struct sct_iov_view *v, int cut)
{
	const uint8_t *bytes;
	uint64_t base, len;
	size_t nbytes;
	uint32_t i;

	fputc('[', out);
	for (i = 0; i < v->niov; i++) {
		sct_iov__get(v, i, &base, &len, &bytes, &nbytes);
		fprintf(out, "%s{iov_base=", i ? ", " : "");
		if (nbytes || !len)
			sct_format__bytes(out, bytes, nbytes, nbytes < len);
		else
			sct_format__addr(out, base);
		fprintf(out, ", iov_len=%" PRIu64 "}", len);
	}
	if (v->count > v->niov || (cut && !v->niov))
		fprintf(out, "%s...", v->niov ? ", " : "");
	fputc(']', out);
}

static void sct_format__msg(FILE *out, const struct sctrace_item *it)
{
	struct sct_msg_view v;

	if (sct_item__msg(it, &v)) {
		fputs("{...}", out);
		return;
	}
	fputs("{msg_name=", out);
	if (v.namelen)
		sct_format__bytes(out, v.name, v.namelen, 0);
	else
		sct_format__addr(out, sct_msg__u64(&v, 0));
	fprintf(out, ", msg_namelen=%" PRIu32 ", msg_iov=", (uint32_t)sct_msg__u64(&v, 8));
	sct_format__iov(out, &v.iov, it->flags & SCTRACE_ITEM_TRUNC);
	fprintf(out, ", msg_iovlen=%" PRIu64 ", msg_controllen=%" PRIu64 ", msg_flags=0x%" PRIx32 "}",
		sct_msg__u64(&v, 24), sct_msg__u64(&v, 40), (uint32_t)sct_msg__u64(&v, 48));
}

static void sct_format__strarr(FILE *out, const struct sctrace_item *it, uint64_t arg)
{
	const struct sctrace_item *s;
	struct sct_strarr_view v;
	uint32_t i;

	if (sct_item__strarr(it, &v)) {
		sct_format__addr(out, arg);
		return;
	}
	if (!v.nstr && v.count) {	/* counted only, as strace without -v */
		fprintf(out, "0x%" PRIx64 " /* %" PRIu32 " var%s%s */", arg, v.count,
			v.count == 1 ? "" : "s",
			(it->flags & SCTRACE_ITEM_TRUNC) && !(it->flags & SCTRACE_ITEM_FAULT) ? " or more" : "");
		return;
	}
	fputc('[', out);
	for (i = 0, s = v.first; i < v.nstr; i++, s = sct_item__next(s)) {
		if (i)
			fputs(", ", out);
		if (s->flags & SCTRACE_ITEM_FAULT)
			fputs("<fault>", out);
		else
			sct_format__bytes(out, sct_item__data(s), s->len,
					  s->flags & SCTRACE_ITEM_TRUNC);
	}
	if (v.count > v.nstr)
		fputs(v.nstr ? ", ..." : "...", out);
	fputc(']', out);
}

/*
 * The memory of argument value arg as item it captured it (have_arg 0: an
 * exit record, which has no argument values).
 */
static void sct_format__item(FILE *out, const struct sctrace_item *it, uint64_t arg,
			     int have_arg)
{
	struct sct_iov_view v;

	if (it->flags & SCTRACE_ITEM_NULL) {
		fputs("NULL", out);
		return;
	}
	if ((it->flags & SCTRACE_ITEM_FAULT) && !it->len) {
		if (!have_arg)
			fputs("<fault>", out);
		else if (arg)
			fprintf(out, "0x%" PRIx64 " <fault>", arg);
		else	/* schemas 1 and 2 had no NULL flag */
			fputs("NULL", out);
		return;
	}
	switch (sct_item__kind(it)) {
	case SCTRACE_CAP_STR:
		/* no NUL within PATH_MAX: strace shows a path's address */
		if (have_arg && (it->flags & SCTRACE_ITEM_TRUNC) &&
		    it->len >= SCTRACE_PATH_MAX - 1) {
			sct_format__addr(out, arg);
			break;
		}
		/* fall through */
	case SCTRACE_CAP_BUF:
		sct_format__bytes(out, sct_item__data(it), it->len,
				  it->flags & SCTRACE_ITEM_TRUNC);
		break;
	case SCTRACE_CAP_IOVEC:
		if (sct_item__iov(it, &v))
			sct_format__addr(out, arg);
		else
			sct_format__iov(out, &v, it->flags & SCTRACE_ITEM_TRUNC);
		break;
	case SCTRACE_CAP_MSGHDR:
		sct_format__msg(out, it);
		break;
	case SCTRACE_CAP_STRARR:
		sct_format__strarr(out, it, arg);
		break;
	}
	if ((it->flags & SCTRACE_ITEM_FAULT) && it->len)
		fputs(" <fault>", out);
}

static int sct_format__enter(FILE *out, const struct sctrace_sys_enter *e)
{
	struct sct_items items;
	int bad = sct_items__walk(&e->hdr, &items, NULL, 0);
	unsigned int a;

	fputs("> ", out);
	sct_format__name(out, e->nr, e->flags);
	fputc('(', out);
	for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
		if (a)
			fputs(", ", out);
		if (!bad && items.arg[a])
			sct_format__item(out, items.arg[a], e->args[a], 1);
		else
			fprintf(out, "0x%" PRIx64, (uint64_t)e->args[a]);
	}
	fputc(')', out);
	if (bad)
		fputs(" <malformed items>", out);
	return bad;
}

/*
 * The return value, then what the call wrote (and the entry strings read
 * again) by argument: "< read = 5 [1: "hello"]". (The exit record has no
 * argument values: an item that holds no data shows as <fault> or NULL.)
 */
static int sct_format__exit(FILE *out, const struct sctrace_sys_exit *x)
{
	struct sct_items items;
	int bad = sct_items__walk(&x->hdr, &items, NULL, 0);
	const char *sep = " [";
	unsigned int a;

	fputs("< ", out);
	sct_format__name(out, x->nr, x->flags);
	fputs(" = ", out);
	sct_format__retval(out, x->ret);
	if (bad) {
		fputs(" <malformed items>", out);
		return bad;
	}
	for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
		if (items.arg[a]) {
			fprintf(out, "%s%u: ", sep, a);
			sct_format__item(out, items.arg[a], 0, 0);
			sep = ", ";
		}
		if (items.retry[a]) {
			fprintf(out, "%s%u at exit: ", sep, a);
			sct_format__item(out, items.retry[a], 0, 0);
			sep = ", ";
		}
	}
	if (*sep == ',')
		fputc(']', out);
	return 0;
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
/* "signal SIGCHLD ignored si_code=1": --raw shows what came, not siginfo */
static void sct_format__sigrec(FILE *out, const struct sctrace_signal *s)
{
	int32_t code;

	memcpy(&code, s->info + 8, sizeof(code));	/* si_code */
	fputs("signal ", out);
	sct_format__signal(out, s->signo);
	fputs(s->flags & SCTRACE_SIGNAL_IGNORED ? " ignored" : " delivered", out);
	if (s->flags & SCTRACE_SIGNAL_NOINFO)
		fputs(" (no siginfo)", out);
	else if (s->flags & SCTRACE_SIGNAL_KERNEL)
		fputs(" (from the kernel)", out);
	else
		fprintf(out, " si_code=%" PRId32, code);
}

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
		ret = sct_format__exit(out, (const struct sctrace_sys_exit *)rec);
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
	case SCTRACE_REC_SIGNAL:
		sct_format__sigrec(out, (const struct sctrace_signal *)rec);
		break;
	}
	fputc('\n', out);
	return ret;
}
