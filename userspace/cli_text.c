// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The text trace: where the lines go (stderr, -o FILE, or with -ff one
 * FILE.TID per thread), and how. They are strace's, from the printer
 * (print/print.h), or with --raw format.c's, a line per record. Either
 * writes into a FILE that appends to a buffer of whole lines (the printer
 * writes a line once it is whole); the buffer goes out with one write(2)
 * per batch of whole lines, so that a command writing to the same stream
 * never lands inside a trace line. A pipe gets at most PIPE_BUF bytes at a
 * time (what POSIX keeps in one piece among other writers); a terminal or
 * a pipe is "live": the read loop wakes often and flushes every round.
 *
 * With -ff each thread's file has its own printer: a call's entry and exit
 * make one line there whatever other threads did in between (no
 * <unfinished ...> across files), and no [pid N] (the file says whose), as
 * strace. Records of no thread (lost records) go to stderr, by the
 * output's printer.
 */
#define _GNU_SOURCE	/* fopencookie */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "print/fdtab.h"
#include "export/export.h"
#include "format.h"
#include "print/print.h"

#define SCT_TEXT_BATCH	(64u << 10)	/* a file or a socket: bytes per write */

/*
 * -ff: a thread's file, and its printer; fd -1 and no printer once the
 * thread ended (reopened to append)
 */
struct sct_text_file {
	pid_t tid;
	int fd;
	struct sct_printer *printer;	/* NULL: --raw */
};

static int sct_text__fail(struct sct_text *x, const char *what, int err)
{
	if (!x->failed)
		fprintf(stderr, "sctrace: cannot write %s: %s\n", what, strerror(err));
	x->failed = true;
	return -1;
}

/* The FILE format.c writes to: bytes appended to x->buf. */
static ssize_t sct_text__append(void *cookie, const char *p, size_t n)
{
	struct sct_text *x = cookie;
	size_t cap = x->cap ? x->cap : 4096;
	char *buf;

	while (cap - x->len < n)
		cap *= 2;
	if (cap != x->cap) {
		buf = realloc(x->buf, cap);
		if (!buf)
			return 0;	/* the FILE's error: the line is reported lost */
		x->buf = buf;
		x->cap = cap;
	}
	memcpy(x->buf + x->len, p, n);
	x->len += n;
	return (ssize_t)n;
}

/* Writes what x->buf holds to fd (all of it: a pipe may take it in parts). */
static int sct_text__write_out(struct sct_text *x)
{
	size_t off = 0;
	ssize_t w;

	while (off < x->len) {
		w = write(x->fd, x->buf + off, x->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			x->len = 0;
			return sct_text__fail(x, x->fd_name, errno);
		}
		off += (size_t)w;
	}
	x->len = 0;
	return 0;
}

int sct_text__flush(struct sct_text *x)
{
	if (x->failed)
		return -1;
	return x->len ? sct_text__write_out(x) : 0;
}

/* How fd is written: batch size, live or not. */
static void sct_text__set_fd(struct sct_text *x, int fd, const char *name)
{
	struct stat st;

	x->fd = fd;
	x->fd_name = name;
	x->live = isatty(fd) || (!fstat(fd, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)));
	x->batch = !fstat(fd, &st) && S_ISFIFO(st.st_mode) ? PIPE_BUF : SCT_TEXT_BATCH;
}

int sct_text__open(struct sct_text *x, const char *path, bool per_thread, int std_fd)
{
	static const cookie_io_functions_t io = { .write = sct_text__append };
	int fd = std_fd;

	*x = (struct sct_text){ .fd = -1, .prefix = per_thread ? path : NULL, .raw = true };
	x->fmt = fopencookie(x, "w", io);
	if (!x->fmt) {
		fprintf(stderr, "sctrace: cannot make the text output: %s\n", strerror(errno));
		return -1;
	}
	if (path && !per_thread) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (fd < 0) {
			sct_text__fail(x, path, errno);
			return -1;
		}
		x->own_fd = true;
	}
	sct_text__set_fd(x, fd, path && !per_thread ? path :
			 fd == STDERR_FILENO ? "the trace to stderr" : "the trace to stdout");
	return 0;
}

static struct sct_printer *sct_text__new_printer(struct sct_text *x, bool one_thread)
{
	struct sct_print_opts po = x->po;
	struct sct_printer *pr;

	po.no_pid = one_thread;
	pr = sct_printer__new(x->fmt, &po);
	if (!pr)
		sct_text__fail(x, "the trace", ENOMEM);
	return pr;
}

int sct_text__print(struct sct_text *x, const struct sct_print_opts *po)
{
	x->raw = false;
	x->po = *po;
	x->printer = sct_text__new_printer(x, false);
	x->cur = x->printer;	/* -ff: stderr's, until a thread's record */
	return x->printer ? 0 : -1;
}

int sct_text__json(struct sct_text *x, unsigned int strsize)
{
	struct sct_export_opts eo = { .fmt = SCT_EXPORT_JSONL, .strsize = strsize };

	x->raw = false;
	x->json = sct_export__new(x->fmt, &eo);
	return x->json ? 0 : sct_text__fail(x, "the trace", ENOMEM);
}

void sct_text__clock(struct sct_text *x, int64_t realtime_ns)
{
	size_t i;

	x->po.realtime_ns = realtime_ns;
	if (x->printer)
		sct_printer__set_clock(x->printer, realtime_ns);
	for (i = 0; i < x->nfiles; i++)
		if (x->files[i].printer)
			sct_printer__set_clock(x->files[i].printer, realtime_ns);
}

/* -ff: makes fd the file of tid, opened the first time it is needed. */
static int sct_text__thread_file(struct sct_text *x, pid_t tid)
{
	struct sct_text_file *f = NULL, *files;
	size_t i;

	for (i = 0; i < x->nfiles && !f; i++)
		if (x->files[i].tid == tid)
			f = &x->files[i];
	if (!f) {
		files = realloc(x->files, (x->nfiles + 1) * sizeof(*files));
		if (!files)
			return sct_text__fail(x, "a per-thread file", ENOMEM);
		x->files = files;
		f = &files[x->nfiles++];
		*f = (struct sct_text_file){ .tid = tid, .fd = -1, .printer = NULL };
		i = 0;	/* first time: a new file */
	} else {
		i = 1;	/* the thread ended before (a tid reused): append */
	}
	snprintf(x->name, sizeof(x->name), "%s.%d", x->prefix, (int)tid);
	if (f->fd < 0)
		f->fd = open(x->name, O_WRONLY | O_CREAT | O_CLOEXEC | (i ? O_APPEND : O_TRUNC), 0666);
	if (f->fd < 0)
		return sct_text__fail(x, x->name, errno);
	if (!x->raw && !f->printer && !(f->printer = sct_text__new_printer(x, true)))
		return -1;
	sct_text__set_fd(x, f->fd, x->name);
	x->tid = tid;
	x->cur = f->printer;
	return 0;
}

/* -ff: the thread's file is closed after its exit record. */
static int sct_text__thread_ended(struct sct_text *x, pid_t tid)
{
	size_t i;
	int ret = sct_text__flush(x);

	for (i = 0; i < x->nfiles; i++)
		if (x->files[i].tid == tid && x->files[i].fd >= 0) {
			if (close(x->files[i].fd) < 0 && !ret)
				ret = sct_text__fail(x, x->fd_name, errno);
			x->files[i].fd = -1;
			sct_printer__free(x->files[i].printer);	/* nothing pending */
			x->files[i].printer = NULL;
		}
	x->fd = -1;
	x->tid = 0;
	x->cur = NULL;
	return ret;
}

/* -ff: flushes the lines of another destination before rec's line. */
static int sct_text__route(struct sct_text *x, const struct sctrace_hdr *rec)
{
	pid_t tid = (pid_t)rec->tid;

	if (x->fd >= 0 && x->tid == tid)
		return 0;
	if (sct_text__flush(x) < 0)
		return -1;
	if (!tid) {	/* lost records belong to no thread: stderr */
		sct_text__set_fd(x, STDERR_FILENO, "stderr");
		x->tid = 0;
		x->cur = x->printer;
		return 0;
	}
	return sct_text__thread_file(x, tid);
}

int sct_text__put(struct sct_text *x, const struct sctrace_hdr *rec)
{
	if (x->failed || (x->prefix && sct_text__route(x, rec) < 0))
		return -1;
	if (x->raw)
		sct_format__record(x->fmt, rec);	/* a malformed one says so */
	else if (x->json && sct_export__record(x->json, rec) == -ENOMEM)
		return sct_text__fail(x, "the trace", ENOMEM);	/* a malformed one is skipped */
	else if (!x->json && sct_printer__record(x->prefix ? x->cur : x->printer, rec) == -ENOMEM)
		return sct_text__fail(x, "the trace", ENOMEM);	/* -EBADMSG: said in a line */
	if (fflush(x->fmt))
		return sct_text__fail(x, "a trace line to memory", ENOMEM);
	if (x->prefix && rec->type == SCTRACE_REC_EXIT)
		return sct_text__thread_ended(x, (pid_t)rec->tid);
	return x->len >= x->batch ? sct_text__write_out(x) : 0;
}

/*
 * The end of the trace: *pr's call still waiting for its exit is printed
 * cut short (<unfinished ...>) to fd (-1: the output's), then *pr is freed.
 */
static void sct_text__finish(struct sct_text *x, struct sct_printer **pr, int fd, const char *name)
{
	if (!*pr)
		return;
	sct_text__flush(x);	/* another destination's lines */
	if (fd >= 0)
		sct_text__set_fd(x, fd, name);
	sct_printer__finish(*pr);
	if (fflush(x->fmt))
		sct_text__fail(x, "a trace line to memory", ENOMEM);
	sct_text__flush(x);
	sct_printer__free(*pr);
	*pr = NULL;
}

void sct_text__end(struct sct_text *x)
{
	size_t i;

	if (x->json) {
		sct_export__finish(x->json);
		if (fflush(x->fmt))
			sct_text__fail(x, "a trace line to memory", ENOMEM);
	}
	for (i = 0; i < x->nfiles; i++) {
		snprintf(x->name, sizeof(x->name), "%s.%d", x->prefix, (int)x->files[i].tid);
		sct_text__finish(x, &x->files[i].printer, x->files[i].fd, x->name);
	}
	sct_text__finish(x, &x->printer, x->prefix ? STDERR_FILENO : -1, "stderr");
	x->cur = NULL;
	sct_text__flush(x);
}

int sct_text__close(struct sct_text *x)
{
	size_t i;

	sct_text__end(x);
	sct_export__free(x->json);
	x->json = NULL;
	for (i = 0; i < x->nfiles; i++)
		if (x->files[i].fd >= 0 && close(x->files[i].fd) < 0)
			sct_text__fail(x, "a per-thread file", errno);
	if (x->own_fd && close(x->fd) < 0)
		sct_text__fail(x, x->fd_name, errno);
	if (x->fmt)
		fclose(x->fmt);
	free(x->files);
	free(x->buf);
	sct_fdtab__free(x->fds);
	x->fds = NULL;
	x->files = NULL;
	x->buf = NULL;
	return x->failed ? -1 : 0;
}
