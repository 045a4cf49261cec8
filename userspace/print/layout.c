// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Syscalls whose arguments strace prints by name and by their flags, not
 * one by one (the table's layout=NAME). clone, x86-64 argument order
 * (flags, stack, parent_tid, child_tid, tls):
 *
 *   clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,
 *         child_tidptr=0x7f2b0c5d5a10) = 1235
 *
 * parent_tid (CLONE_PARENT_SETTID), tls (CLONE_SETTLS) and child_tidptr
 * (CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID) come only with their flags,
 * at exit, as strace prints them then. parent_tid's int is the child's tid,
 * which the call also returns: "[1235]" (a failed call wrote nothing: the
 * address). A pidfd (CLONE_PIDFD, which strace 6.1 shows as parent_tid
 * too) is not copied: its address.
 */
#define _GNU_SOURCE	/* CLONE_* */
#include <sched.h>
#include <inttypes.h>

#include "print/call.h"

#define SCT_CLONE_FLAGS		0
#define SCT_CLONE_STACK		1
#define SCT_CLONE_PTID		2
#define SCT_CLONE_CTID		3
#define SCT_CLONE_TLS		4

/* the flags as strace prints them: "CLONE_VM|0x100000000000|SIGCHLD", the signal last */
static void sct_layout__clone_flags(const struct sct_pr *p, uint64_t flags)
{
	uint64_t sig = flags & 0xff;	/* CSIGNAL */

	flags &= ~(uint64_t)0xff;
	if (flags)
		sct_consts__print_named(p->out, "clone_flags", SCT_SET_FLAGS, flags, 64);
	if (flags && sig)
		fputc('|', p->out);
	if (sig)
		sct_pr__signal(p->out, sig);
	else if (!flags)
		fputc('0', p->out);
}

static void sct_layout__clone_entry(const struct sct_pr *p, const struct sct_call *c)
{
	fputs("child_stack=", p->out);
	sct_pr__addr(p->out, c->e->args[SCT_CLONE_STACK]);
	fputs(", flags=", p->out);
	sct_layout__clone_flags(p, c->e->args[SCT_CLONE_FLAGS]);
}

static void sct_layout__clone_exit(const struct sct_pr *p, const struct sct_call *c)
{
	uint64_t flags = c->e->args[SCT_CLONE_FLAGS];

	if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
		fputs(", parent_tid=", p->out);	/* strace 6.1's name for a pidfd too */
		if ((flags & CLONE_PARENT_SETTID) && p->exited && p->ret > 0)
			fprintf(p->out, "[%" PRId64 "]", p->ret);
		else
			sct_pr__addr(p->out, c->e->args[SCT_CLONE_PTID]);
	}
	if (flags & CLONE_SETTLS) {
		fputs(", tls=", p->out);
		sct_pr__addr(p->out, c->e->args[SCT_CLONE_TLS]);
	}
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		fputs(", child_tidptr=", p->out);
		sct_pr__addr(p->out, c->e->args[SCT_CLONE_CTID]);
	}
}

static const struct sct_layout sct_layouts[] = {
	{ "clone", 2, sct_layout__clone_entry, sct_layout__clone_exit },
};

const struct sct_layout *sct_layout__find(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(sct_layouts) / sizeof(sct_layouts[0]); i++)
		if (!strcmp(sct_layouts[i].name, name))
			return &sct_layouts[i];
	return NULL;
}
