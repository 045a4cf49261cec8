/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * One syscall's line in pieces (call.c), for the printer that joins an
 * enter record and its exit record into one line (printer.c).
 */
#ifndef SCT_PR_CALL_H
#define SCT_PR_CALL_H

#include <stdbool.h>

#include "items.h"
#include "print/pr.h"

struct sct_call {
	const struct sctrace_sys_enter *e;
	const char *name;		/* NULL: unknown number */
	const struct sct_sysdesc *d;	/* NULL: printed generically */
	struct sct_items in;		/* the entry items (none if malformed) */
	int64_t ret;			/* the return value (sct_call__shown) */
};

void sct_call__init(struct sct_call *c, const struct sctrace_sys_enter *e);
/* "openat", or strace's "syscall_0x1f4" for an unknown number */
void sct_call__name(FILE *out, const struct sct_call *c);
unsigned int sct_call__nargs(const struct sct_call *c);
/* The first argument printed only at exit (its memory is written then). */
unsigned int sct_call__split(const struct sct_call *c);
/*
 * Drops from out what the table shows only for other return values
 * (:erronly, :pos); keeps ret, which bounds what the call wrote.
 */
void sct_call__shown(struct sct_call *c, struct sct_items *out, int64_t ret);
/* How the return value is printed: enum sct_retkind. */
unsigned int sct_call__retkind(const struct sct_call *c);
/*
 * The return value: by the command (print/cmds.c), else by its kind (fd:
 * it is a new fd, printed with its path by -y); then what :after
 * arguments got (out: the exit record's items).
 */
void sct_call__retval(const struct sct_pr *p, const struct sct_call *c,
		      const struct sct_items *out, int64_t ret, bool fd);
/* No exit record follows the entry (the table's noexit). */
bool sct_call__noexit(const struct sct_call *c);
/* a sigreturn: its exit record has nr SCTRACE_NR_UNKNOWN (the table's sigreturn) */
bool sct_call__sigreturn(const struct sct_call *c);
/* A program is executed (the table's exec). */
bool sct_call__exec(const struct sct_call *c);
/*
 * Arguments from..to-1, each followed by ", " unless it is the last of
 * the call; out: the exit record's items (NULL: no exit yet).
 */
void sct_call__args(const struct sct_pr *p, const struct sct_call *c,
		    const struct sct_items *out, unsigned int from, unsigned int to);

/*
 * layout.c: a syscall whose arguments strace prints together, by its own
 * rules (the table's layout=NAME): what is known at entry (arguments
 * 0..split-1 are printed then), and what comes at exit, each part
 * beginning ", ".
 */
struct sct_layout {
	const char *name;
	unsigned int split;
	void (*entry)(const struct sct_pr *p, const struct sct_call *c);
	void (*exit)(const struct sct_pr *p, const struct sct_call *c);
};

/* The layout called name (NULL: none) */
const struct sct_layout *sct_layout__find(const char *name);

#endif /* SCT_PR_CALL_H */
