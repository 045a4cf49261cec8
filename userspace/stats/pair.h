/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Enter and exit records joined into calls, by thread, as the printer
 * joins them (print/printer.c): a thread's entry waits for that thread's
 * next record; its exit completes the call whatever syscall number it
 * carries (a successful execveat exits as execve). For the summary
 * (summary.h) and the exports (export/export.h), which need calls, not
 * lines. Nothing is formatted here.
 *
 * Each call ends in one of the ways of enum sct_pair_end. A thread's
 * exit with no entry before it (a new task's first return from clone, a
 * trace started in a call) is no call and is only counted.
 */
#ifndef SCT_PAIR_H
#define SCT_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "sctrace_abi.h"

enum sct_pair_end {
	SCT_PAIR_DONE,		/* its exit record came */
	/*
	 * exit, exit_group: they never return; rt_sigreturn: its exit is
	 * never recorded (the frame it restores sets orig_ax to -1, and the
	 * probes skip syscall -1, as bcc's syscount does)
	 */
	SCT_PAIR_NORETURN,
	SCT_PAIR_LOST,		/* the thread entered another call: the exit was lost */
	SCT_PAIR_GONE,		/* the task ended in the call (a signal) */
	SCT_PAIR_UNFINISHED,	/* still in the call when the trace ended */
	SCT_PAIR_NENDS,
};

/* What each end is called in messages and in the exports ("lost"...). */
const char *sct_pair__end_name(enum sct_pair_end end);

struct sct_pair_ops {
	/* a call: x is its exit record for SCT_PAIR_DONE, else NULL */
	void (*call)(void *ctx, const struct sctrace_sys_enter *e,
		     const struct sctrace_sys_exit *x, enum sct_pair_end end);
	/* a fork, a task's exit, lost records (after the calls they end); may be NULL */
	void (*event)(void *ctx, const struct sctrace_hdr *rec);
};

struct sct_pair;

/*
 * whole: keep the entry record with its items (the exports print the
 * arguments' memory); else only its fixed part (the summary: number,
 * time), but exec calls whole (their path names the command). NULL when
 * out of memory.
 */
struct sct_pair *sct_pair__new(bool whole, const struct sct_pair_ops *ops, void *ctx);
/* 0, -EBADMSG for a malformed record (counted, skipped), -ENOMEM. */
int sct_pair__record(struct sct_pair *p, const struct sctrace_hdr *rec);
/* The end of the trace: the calls still waiting end SCT_PAIR_UNFINISHED. */
void sct_pair__finish(struct sct_pair *p);
#define SCT_PAIR_COMM_LEN	16	/* the kernel's TASK_COMM_LEN */
/*
 * The command name of thread tid: the file its process last executed
 * (basename, 15 bytes as the kernel keeps it), inherited at fork; NULL
 * when unknown (a thread already running when the trace began).
 */
const char *sct_pair__comm(const struct sct_pair *p, uint32_t tid);
/* Exits that had no entry; malformed records skipped. */
uint64_t sct_pair__orphan_exits(const struct sct_pair *p);
uint64_t sct_pair__malformed(const struct sct_pair *p);
void sct_pair__free(struct sct_pair *p);

#endif /* SCT_PAIR_H */
