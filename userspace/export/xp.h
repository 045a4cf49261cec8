/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Inside the JSON exports (export.h is their API): the state both share
 * (export.c), the arguments and return value as JSON (args.c), and each
 * format's writer (jsonl.c, chrome.c).
 */
#ifndef SCT_XP_H
#define SCT_XP_H

#include <stdbool.h>

#include "export/export.h"
#include "pair.h"

struct sct_export {
	struct sct_export_opts o;
	FILE *out;
	struct sct_pair *pair;		/* whole records: the arguments' memory */
	FILE *tmp;			/* the printer's text of one argument */
	char *tmpbuf;
	size_t tmpsz;
	bool first;			/* chrome: no comma before the first event */
	bool finished;
};

/* args.c */
/* "openat", or "syscall_0x1f4" (JSON string) */
void sct_xp__name(struct sct_export *x, const struct sctrace_sys_enter *e);
/* {"dfd":-100,"filename":"/etc/hostname",...}: xr the exit (NULL: none) */
void sct_xp__args(struct sct_export *x, const struct sctrace_sys_enter *e,
		  const struct sctrace_sys_exit *xr);
/* ,"ret":3 or ,"ret":-1,"errno":"ENOENT" */
void sct_xp__ret(struct sct_export *x, const struct sctrace_sys_exit *xr);
/* A signal's name as a JSON string: "SIGKILL" */
void sct_xp__signal(struct sct_export *x, unsigned int sig);
/* A signal record's siginfo as strace prints it, a JSON string */
void sct_xp__siginfo(struct sct_export *x, const struct sctrace_signal *s);
/* ,"comm":"ls" when tid's command name is known */
void sct_xp__comm(struct sct_export *x, uint32_t tid);

/* jsonl.c, chrome.c: one per format */
struct sct_xp_fmt {
	void (*begin)(struct sct_export *x);
	void (*call)(struct sct_export *x, const struct sctrace_sys_enter *e,
		     const struct sctrace_sys_exit *xr, enum sct_pair_end end);
	void (*event)(struct sct_export *x, const struct sctrace_hdr *rec);
	void (*end)(struct sct_export *x);
};
extern const struct sct_xp_fmt sct_jsonl__fmt;
extern const struct sct_xp_fmt sct_chrome__fmt;

#endif /* SCT_XP_H */
