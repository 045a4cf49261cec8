/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Enter and exit records joined into calls, by thread: the one pairing
 * that strace's lines (print/printer.c), the -c table (stats/summary.h)
 * and the exports (export/export.h) share. Nothing is formatted here.
 *
 * A thread's entry waits for that thread's next record; its exit
 * completes the call whatever syscall number it carries (a successful
 * execveat exits as execve). A successful exec by a thread that is not
 * its process's leader comes back under the leader's tid (the kernel's
 * de_thread()): the leader's call, if any, ends (SCT_PAIR_GONE), the
 * exec'ing thread takes the leader's tid, and the process's other
 * threads are gone. Each call ends in one of the ways of enum
 * sct_pair_end. A thread's exit with no entry before it (a new task's
 * first return from clone, a trace started in a call) is no call and is
 * only counted.
 *
 * Threads are known from their first entry or fork, and forgotten at
 * their task's exit record, or with their process (group dead, or an exec
 * in another of its threads); a call still in progress then ends GONE.
 */
#ifndef SCT_PAIR_H
#define SCT_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "idmap.h"
#include "sctrace_abi.h"

enum sct_pair_end {
	SCT_PAIR_DONE,		/* its exit record came */
	/*
	 * exit, exit_group: they never return; rt_sigreturn from a source
	 * before schema 4 (its exit, nr SCTRACE_NR_UNKNOWN since: the frame
	 * it restores sets orig_ax to -1), at its thread's next entry
	 */
	SCT_PAIR_NORETURN,
	SCT_PAIR_LOST,		/* the thread entered another call: the exit was lost */
	SCT_PAIR_GONE,		/* the task ended in the call (a signal, its process's end) */
	SCT_PAIR_UNFINISHED,	/* still in the call when the trace ended */
	SCT_PAIR_NENDS,
};

/* What each end is called in messages and in the exports ("lost"...). */
const char *sct_pair__end_name(enum sct_pair_end end);

#define SCT_PAIR_COMM_LEN	16	/* the kernel's TASK_COMM_LEN */

/* A thread, as the callbacks see it. */
struct sct_pair_thread {
	struct sct_idnode node;		/* first; node.id: the tid */
	uint32_t tgid;
	char comm[SCT_PAIR_COMM_LEN];	/* "" unknown */
	struct sctrace_sys_enter *enter;	/* the call it is in, or NULL */
	struct sctrace_sys_enter fixed;	/* enter points here unless whole */
	bool mark;			/* the user's, about its call (the printer: hidden) */
};

struct sct_pair_ops {
	/* t entered the call t->enter (after the end of any call before it); may be NULL */
	void (*enter)(void *ctx, struct sct_pair_thread *t);
	/* t's call t->enter ends: x its exit record for SCT_PAIR_DONE, else NULL */
	void (*call)(void *ctx, struct sct_pair_thread *t, const struct sctrace_sys_exit *x,
		     enum sct_pair_end end);
	/*
	 * t's exec succeeded, x its exit under the leader's tid: after the
	 * leader's call ended, before t takes the leader's tid (x's tgid)
	 * and its exec's call() ends; may be NULL
	 */
	void (*superseded)(void *ctx, struct sct_pair_thread *t, const struct sctrace_sys_exit *x);
	/* a fork, a task's exit, lost records (after the calls they end); may be NULL */
	void (*event)(void *ctx, const struct sctrace_hdr *rec);
	/* t is about to be freed (its call, if any, ended); may be NULL */
	void (*forget)(void *ctx, struct sct_pair_thread *t);
};

struct sct_pair;

/*
 * whole: keep the entry record with its items (the printer and the
 * exports print the arguments' memory); else only its fixed part (the
 * summary: number, time), but exec calls whole (their path names the
 * command). NULL when out of memory.
 */
struct sct_pair *sct_pair__new(bool whole, const struct sct_pair_ops *ops, void *ctx);
/* 0, -EBADMSG for a malformed record (counted, skipped), -ENOMEM. */
int sct_pair__record(struct sct_pair *p, const struct sctrace_hdr *rec);
/*
 * The end of the trace: the calls still waiting end SCT_PAIR_UNFINISHED
 * (each thread's; the threads are kept).
 */
void sct_pair__finish(struct sct_pair *p);
/* Thread tid, or NULL when not known. */
struct sct_pair_thread *sct_pair__thread(const struct sct_pair *p, uint32_t tid);
/* How many threads are known now. */
unsigned int sct_pair__nthreads(const struct sct_pair *p);
/* Calls fn for each thread known (fn may not end calls; it may free t only when freeing p). */
void sct_pair__each(const struct sct_pair *p, void (*fn)(void *arg, struct sct_pair_thread *t),
		    void *arg);
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
