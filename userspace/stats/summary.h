/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * sctrace -c, -C: calls, errors and time per syscall, printed as strace
 * -c -w prints them (wall-clock time: exit record's timestamp minus the
 * entry's, paired by thread, pair.h), sorted as -S says; --histogram
 * adds each syscall's percentiles and log2 histogram (latency.h).
 * Records are counted, never formatted.
 *
 * Calls without an exit record (lost, the task killed in them, still
 * running at the end) have no time: they are counted apart and said by
 * sct_summary__notes(), as are exits without an entry. exit and
 * exit_group never return and are left out, as strace leaves them out;
 * rt_sigreturn too, whose exit no record shows (pair.h), while strace
 * counts it.
 */
#ifndef SCT_SUMMARY_H
#define SCT_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sctrace_abi.h"
#include "stats/latency.h"

/* strace's -S keys */
enum sct_sort {
	SCT_SORT_TIME,		/* total time, largest first (the default) */
	SCT_SORT_MIN,		/* shortest call, largest first */
	SCT_SORT_MAX,		/* longest call, largest first */
	SCT_SORT_AVG,		/* time per call, largest first */
	SCT_SORT_CALLS,		/* calls, most first */
	SCT_SORT_ERRORS,	/* errors, most first */
	SCT_SORT_NAME,		/* name, A to Z */
	SCT_SORT_NONE,		/* syscall number */
};

/* strace's words for -S (time, total-time, calls, count, ...): 0, or -1 */
int sct_summary__sort_word(const char *word, enum sct_sort *sort);

struct sct_summary_opts {
	enum sct_sort sort;
	bool histogram;		/* --histogram: percentiles and histograms too */
	/*
	 * --summary-per-process: a table per process (tgid; its command
	 * name once an execve of it is seen), in the order of their first
	 * calls, then the table of all
	 */
	bool per_process;
};

/* One syscall of one ABI. */
struct sct_sc_stats {
	unsigned int abi;	/* SCTRACE_ABI_* */
	unsigned int nr;
	uint64_t errors;
	struct sct_lat lat;	/* lat.n: the calls */
};

struct sct_summary;

struct sct_summary *sct_summary__new(const struct sct_summary_opts *o);
/* 0, -EBADMSG (skipped, counted), -ENOMEM. */
int sct_summary__record(struct sct_summary *s, const struct sctrace_hdr *rec);
/* The end of the trace (calls still running are counted apart), then the table. */
void sct_summary__print(struct sct_summary *s, FILE *out);
/* What the table does not hold, a line each, "sctrace: " first; nothing if all is in. */
void sct_summary__notes(const struct sct_summary *s, FILE *out);
void sct_summary__free(struct sct_summary *s);

/* summary_print.c: the table of n syscalls, sorted in place as o says */
void sct_summary__table(FILE *out, struct sct_sc_stats **sc, size_t n,
			const struct sct_summary_opts *o);
/* "openat", or "syscall_0x1f4" for a number without a name (buf) */
const char *sct_summary__name(const struct sct_sc_stats *sc, char *buf, size_t len);

#endif /* SCT_SUMMARY_H */
