/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * sctrace's default output: records as strace prints syscalls, one line
 * per call with its entry and exit joined, paired by thread:
 *
 *   openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3
 *   [pid  1235] read(3,  <unfinished ...>
 *   [pid  1234] close(4)                   = 0
 *   [pid  1235] <... read resumed>"vm\n", 4096) = 3
 *   +++ exited with 0 +++
 *
 * Each argument is printed by its kind in the syscall table
 * (userspace/decode/syscalls.tbl), constants from the sets of consts.in,
 * memory from the records' items. The same records give the same text:
 * no clock is read and nothing of the live system is looked up (the
 * wall-clock offset for -t is given).
 */
#ifndef SCT_PRINT_H
#define SCT_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sctrace_abi.h"

/*
 * strace's -e status=: which calls are printed, by how they ended. With
 * SCT_STATUS_FILTER, a call is printed whole when it ends (never
 * <unfinished ...>/<... resumed>, as strace), and only if its status is
 * set; 0: every call, in the order of the records.
 */
#define SCT_STATUS_SUCCESSFUL	0x01	/* returned, not an error */
#define SCT_STATUS_FAILED	0x02	/* returned an error (-4095..-1) */
#define SCT_STATUS_UNFINISHED	0x04	/* no return: the task ended in it, exit_group */
#define SCT_STATUS_UNAVAILABLE	0x08	/* its exit record was lost */
#define SCT_STATUS_DETACHED	0x10	/* still in the call when the trace ended */
#define SCT_STATUS_ALL		0x1f
#define SCT_STATUS_FILTER	0x80	/* filtering on (status=none: this bit only) */

struct sct_print_opts {
	unsigned int strsize;	/* -s: bytes of strings and buffers shown (strace: 32) */
	unsigned int xflag;	/* 1: -x, 2: -xx */
	bool verbose;		/* -v: structs unabbreviated (getdents64's entries) */
	unsigned int tflag;	/* 1: -t, 2: -tt, 3: -ttt: time of day */
	bool duration;		/* -T: <seconds> each call took */
	int64_t realtime_ns;	/* -t: CLOCK_REALTIME - CLOCK_MONOTONIC */
	bool no_pid;		/* -ff: one thread's file, no [pid N] (as strace) */
	unsigned int status;	/* -e status=: SCT_STATUS_*, 0: all */
	bool no_exit_lines;	/* -qq: no "+++ exited with N +++" / "+++ killed by" */
	uint64_t signals_hidden;	/* -e signal=: bit n - 1, no line for signal n */
	/* -y, -P: what fds name, tracked from the records (shared by -ff's printers) */
	struct sct_fdtab *fds;	/* NULL: not tracked */
	unsigned int yflag;	/* -y: fds printed with their paths (print/fdtab.h); 2: -yy, sockets' endpoints */
	char *const *paths;	/* -P: only the calls that touch one of these */
	size_t npaths;
	/* only these syscalls are printed (the kernel records more for -y, -P), or NULL */
	const struct sctrace_filter *trace;
};

/*
 * strace's -e status=SET: "successful,failed", "!failed", "all", "none",
 * into *status as sct_print_opts has it. -1 for a word it does not know
 * or an empty set.
 */
int sct_print__status_set(const char *set, unsigned int *status);
/*
 * strace's -e signal=SET: names ("SIGCHLD", "CHLD"), numbers, "all",
 * "none", a leading "!": into *hidden the signals whose "--- SIG... ---"
 * lines are not printed (bit n - 1: signal n). -1 for a word that names
 * no signal, or an empty set.
 */
int sct_print__signal_set(const char *set, uint64_t *hidden);
/* SCT_STATUS_FAILED or SCT_STATUS_SUCCESSFUL for a return value. */
unsigned int sct_print__status_of(int64_t ret);

struct sct_fdtab;
struct sct_printer;

/* A printer writing to out; NULL when out of memory. */
struct sct_printer *sct_printer__new(FILE *out, const struct sct_print_opts *o);
/*
 * Prints what rec completes (a line may wait for the record after it).
 * 0, or -EBADMSG for a malformed record (a line says so), -ENOMEM.
 */
int sct_printer__record(struct sct_printer *pr, const struct sctrace_hdr *rec);
/* -t: the records' CLOCK_MONOTONIC is CLOCK_REALTIME - realtime_ns (a capture's) */
void sct_printer__set_clock(struct sct_printer *pr, int64_t realtime_ns);
/* The end of the trace: a call still waiting for its exit is cut. */
void sct_printer__finish(struct sct_printer *pr);
void sct_printer__free(struct sct_printer *pr);

#endif /* SCT_PRINT_H */
