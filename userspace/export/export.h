/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Records as JSON: a call per object, its entry and exit joined by
 * thread (pair.h), its arguments named by the syscall table.
 *
 *   SCT_EXPORT_JSONL   --json: JSON Lines, one object per syscall and
 *                      one per process event (fork, exit, lost records);
 *                      the schema is in README.md
 *   SCT_EXPORT_CHROME  --export=chrome:FILE: the Trace Event Format
 *                      (Perfetto, chrome://tracing): one "X" slice per
 *                      syscall on its thread's track (pid, tid)
 *
 * Argument values: numbers as JSON numbers; flags and enums as the
 * printer's symbolic text ("O_RDONLY|O_CLOEXEC"); paths, strings and
 * byte buffers as JSON strings of the bytes captured (export/json.h);
 * argv as an array of strings; other memory (structs, iovecs, msghdr,
 * envp) as the printer's text of it.
 */
#ifndef SCT_EXPORT_H
#define SCT_EXPORT_H

#include <stdio.h>

#include "sctrace_abi.h"

enum sct_export_fmt {
	SCT_EXPORT_JSONL,
	SCT_EXPORT_CHROME,
};

struct sct_export_opts {
	enum sct_export_fmt fmt;
	unsigned int strsize;	/* -s: bytes shown of a string in a struct's text */
};

struct sct_export;

/* Writes to out (not closed); NULL when out of memory. */
struct sct_export *sct_export__new(FILE *out, const struct sct_export_opts *o);
/* 0, -EBADMSG (a malformed record: skipped), -ENOMEM. */
int sct_export__record(struct sct_export *x, const struct sctrace_hdr *rec);
/* The end: calls still running are written (no exit); chrome's JSON is closed. */
void sct_export__finish(struct sct_export *x);
void sct_export__free(struct sct_export *x);

#endif /* SCT_EXPORT_H */
