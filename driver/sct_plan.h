/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The capture plan as the probes read it, and the one check of a plan's
 * items: shared by the module (SCTRACE_IOC_SET_CAPTURE), the eBPF program
 * (the same table in its .bss, filled by libsctrace) and libsctrace (which
 * checks a plan before either backend sees it, with the same verdicts).
 * Not ABI: the module and the eBPF program each pair with the code built
 * with them. The ABI is struct sctrace_cap_item in sctrace_abi.h.
 *
 * The table is indexed by ABI and syscall number; one entry holds the
 * items of both phases in a fixed array, so a probe finds a syscall's
 * items with one load of its count (0 for almost every syscall) and
 * bounded loops.
 */
#ifndef SCT_PLAN_H
#define SCT_PLAN_H

#include "sctrace_abi.h"
#if !defined(__KERNEL__) && !defined(__bpf__)
#include <stddef.h>	/* NULL */
#endif

/* One item, compact. */
struct sct_cap {
	__u8 kind;		/* enum sctrace_cap_kind */
	__u8 arg;		/* 0..5 */
	__u8 len_src;		/* enum sctrace_cap_len */
	__u8 len_arg;		/* 0..5 */
	__u16 size;
	__u16 flags;		/* SCTRACE_CAP_F_* */
};

struct sct_plan_entry {
	__u8 n[2];		/* items at entry, at exit (SCTRACE_CAP_*) */
	__u8 retry;		/* bit a: the entry string of arg a is retried */
	__u8 args[2];		/* bit a: phase has an item on arg a */
	__u8 pad[3];
	struct sct_cap cap[2][SCTRACE_CAP_MAX_PER];
};

struct sct_plan {
	struct sct_plan_entry e[2][SCTRACE_MAX_SYSCALLS];	/* [abi][nr] */
};

#define SCT_PLAN_ABIS		2

_Static_assert(sizeof(struct sct_cap) == 8, "struct sct_cap");
_Static_assert(sizeof(struct sct_plan_entry) == 72, "struct sct_plan_entry");

#ifndef __bpf__
/* Items an exit record of e may hold: its exit items, its retried strings. */
static inline unsigned int sct_plan_exit_items(const struct sct_plan_entry *e)
{
	unsigned int n = e->n[SCTRACE_CAP_EXIT], a;

	for (a = 0; a < SCTRACE_MAX_ARGS; a++)
		n += (e->retry >> a) & 1;
	return n;
}

/*
 * Adds item it to plan p (zeroed before the first item). Returns NULL, or
 * why the item is refused (the module: -EINVAL; libsctrace: the message).
 * Every rule of SCTRACE_IOC_SET_CAPTURE in sctrace_abi.h is here.
 */
static inline const char *sct_plan_add(struct sct_plan *p,
				       const struct sctrace_cap_item *it)
{
	struct sct_plan_entry *e;
	struct sct_cap *c;
	__u16 size = it->size, flags = it->flags;

	if (it->abi >= SCT_PLAN_ABIS)
		return "unknown abi";
	if (it->nr >= SCTRACE_MAX_SYSCALLS)
		return "syscall number out of range";
	if (it->when > SCTRACE_CAP_EXIT)
		return "unknown phase (when)";
	if (it->arg >= SCTRACE_MAX_ARGS)
		return "argument index above 5";
	if (it->kind > SCTRACE_CAP_KIND_MAX)
		return "unknown kind";
	if (it->len_src > SCTRACE_LEN_MAX)
		return "unknown length source";
	if (it->len_arg >= SCTRACE_MAX_ARGS)
		return "length argument index above 5";
	if (it->reserved || (flags & ~SCTRACE_CAP_F_ALL))
		return "unknown flags or nonzero reserved field";
	if (it->len_src != SCTRACE_LEN_ARG && it->len_src != SCTRACE_LEN_ARGPTR &&
	    it->len_arg)
		return "len_arg set without a length argument";
	if (it->len_src == SCTRACE_LEN_RET && it->when != SCTRACE_CAP_EXIT)
		return "a length from the return value at entry";
	if ((flags & SCTRACE_CAP_F_ON_ERROR) && it->when != SCTRACE_CAP_EXIT)
		return "on-error flag at entry";
	switch (it->kind) {
	case SCTRACE_CAP_STR:
		if (it->len_src || size ||
		    (flags & (SCTRACE_CAP_F_BITS | SCTRACE_CAP_F_ON_ERROR)))
			return "a string has no length, size or bits";
		if ((flags & SCTRACE_CAP_F_RETRY) && it->when != SCTRACE_CAP_ENTER)
			return "retry is for strings read at entry";
		break;
	case SCTRACE_CAP_BUF:
		if (flags & (SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY))
			return "path or retry flag on a buffer";
		if (!size || size > SCTRACE_CAP_MAX_FIXED)
			return "buffer size 0 or above SCTRACE_CAP_MAX_FIXED";
		if ((flags & SCTRACE_CAP_F_BITS) && (size != 1 || !it->len_src))
			return "a bit count needs a length source and size 1";
		break;
	case SCTRACE_CAP_IOVEC:
		if (it->len_src != SCTRACE_LEN_ARG || size ||
		    (flags & ~SCTRACE_CAP_F_ON_ERROR))
			return "an iovec array needs its count argument, no size";
		break;
	case SCTRACE_CAP_MSGHDR:
		if (it->len_src || size || (flags & ~SCTRACE_CAP_F_ON_ERROR))
			return "a msghdr has no length source or size";
		break;
	case SCTRACE_CAP_STRARR:
		if (it->len_src || size > 256 || (flags & ~SCTRACE_CAP_F_ON_ERROR))
			return "a string array has no length source, size <= 256";
		break;
	}
	e = &p->e[it->abi][it->nr];
	if (e->n[it->when] >= SCTRACE_CAP_MAX_PER)
		return "more than SCTRACE_CAP_MAX_PER items for one syscall and phase";
	if (e->args[it->when] & (1U << it->arg))
		return "two items of one phase on one argument";
	/* a retried string comes back in the exit record, as arg's item */
	if (it->when == SCTRACE_CAP_EXIT && (e->retry & (1U << it->arg)))
		return "an exit item on an argument whose entry string is retried";
	if ((flags & SCTRACE_CAP_F_RETRY) &&
	    (e->args[SCTRACE_CAP_EXIT] & (1U << it->arg)))
		return "a retried entry string on an argument with an exit item";
	/* so that no record is larger than SCTRACE_MAX_RECORD */
	if ((it->when == SCTRACE_CAP_EXIT || (flags & SCTRACE_CAP_F_RETRY)) &&
	    sct_plan_exit_items(e) >= SCTRACE_CAP_MAX_PER)
		return "more than SCTRACE_CAP_MAX_PER exit items and retried strings in one exit record";
	c = &e->cap[it->when][e->n[it->when]++];
	c->kind = it->kind;
	c->arg = it->arg;
	c->len_src = it->len_src;
	c->len_arg = it->len_arg;
	c->size = size;
	c->flags = flags;
	e->args[it->when] |= 1U << it->arg;
	if (flags & SCTRACE_CAP_F_RETRY)
		e->retry |= 1U << it->arg;
	return NULL;
}
#endif

#endif /* SCT_PLAN_H */
