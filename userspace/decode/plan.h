/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The capture plan of the syscall table (sysdesc.h): the struct
 * sctrace_cap_item list that sctrace_set_capture() takes.
 *
 * x86-64: every copy of every described syscall this build's names table
 * knows, entry items then exit items, in argument order.
 * i386: strings only. A string is the same bytes whichever ABI passed its
 * pointer; structs, iovecs, msghdrs and string arrays are not (32-bit
 * pointers and longs), and are left out. The i386 syscalls a description
 * gives its strings to are those its i386 list names (syscalls.tbl: by
 * default the one of the same name): the rule is that the i386 syscall
 * must take the same strings in the same argument places, i.e. be the
 * same SYSCALL_DEFINE or one that differs only in non-string arguments
 * (stat64 for stat). Those that are not (i386's old mmap and select take
 * a struct; fanotify_mark splits its 64-bit mask, moving its path) have
 * i386=- in the table.
 */
#ifndef SCT_DECODE_PLAN_H
#define SCT_DECODE_PLAN_H

#include <stddef.h>
#include "sctrace_abi.h"

#define SCT_PLAN_ENVP		0x1	/* copy envp's strings too (for a -v) */
#define SCT_PLAN_FLAGS		0x1

struct sctrace;

/*
 * Writes the plan's first max items into items (NULL if max is 0) and
 * returns how many the plan has (as snprintf: more than max means not all
 * were written), or -EINVAL for an unknown flag.
 */
int sct_plan__build(unsigned int flags, struct sctrace_cap_item *items, size_t max);

/*
 * What an API 1.1 module can do of a plan: its x86-64 strings read at
 * entry, as f->strargs[] bits. Returns how many syscalls got some.
 */
unsigned int sct_plan__strargs(const struct sctrace_cap_item *items, size_t n,
			       struct sctrace_filter *f);

/*
 * Gives t the plan, after its filter f was set: sctrace_set_capture().
 * A module older than API 1.2 (-EOPNOTSUPP) gets the plan's strings
 * through f->strargs[] instead: f is set again, and a line on stderr says
 * so. 0, or -errno with sctrace_errmsg(t) saying why.
 */
int sct_plan__set(struct sctrace *t, struct sctrace_filter *f, unsigned int flags);

#endif /* SCT_DECODE_PLAN_H */
