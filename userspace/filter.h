/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/* Building a struct sctrace_filter from command-line words. */
#ifndef SCT_FILTER_H
#define SCT_FILTER_H

#include <stddef.h>
#include "sctrace_abi.h"

/*
 * Adds the syscalls of list to f: names or numbers separated by commas
 * ("openat,close,59"), optionally after "trace=" or "t=" as strace writes it;
 * empty words between commas are skipped (but an empty list is an error). A
 * name sets its bit in each table that has it: syscalls[] (x86-64) and
 * syscalls32[] (i386); a number is an x86-64 number, and also sets the
 * i386 syscall of the same name, if any. On error returns -EINVAL and err
 * says which word was wrong and why; f may then hold some of the list.
 */
int sct_filter__add_syscalls(struct sctrace_filter *f, const char *list,
			     char *err, size_t errlen);

/*
 * strace's -e trace=EXPR: f's syscalls become EXPR's (the last -e wins,
 * as in strace). EXPR, after "trace=" or "t=": a list as above whose
 * words may also be a class from the syscall table (%file %desc
 * %network or %net %process %memory %signal %ipc %creds %clock, or
 * without the %), /REGEX (extended, on names of both tables), all,
 * none, ?NAME (no error if unknown); a leading '!' takes every syscall
 * but those. Errors as above; f is then unchanged.
 */
int sct_filter__set_trace(struct sctrace_filter *f, const char *expr,
			  char *err, size_t errlen);

/* Every syscall number the ABI can trace, in both tables. */
void sct_filter__add_all_syscalls(struct sctrace_filter *f);

/* 1 if syscall nr of abi (SCTRACE_ABI_*) is set in f. */
int sct_filter__has_syscall_abi(const struct sctrace_filter *f, unsigned int abi,
				unsigned int nr);
/* 1 if x86-64 syscall nr is set in f. */
int sct_filter__has_syscall(const struct sctrace_filter *f, unsigned int nr);

#endif /* SCT_FILTER_H */
