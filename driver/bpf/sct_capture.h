/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The eBPF capture engine (sct_capture.bpf.c): the items of a capture
 * plan (driver/sct_plan.h) copied from user memory into a record being
 * built in the ring, by the algorithm of driver/CAPTURE.md, which the
 * module's sct_capture.c follows too.
 *
 * Every function here is a global BPF function: the verifier checks each
 * one once, on its own, with its pointer arguments as memory of their
 * type's size (possibly NULL), not once per call site and path of the
 * programs (sctrace.bpf.c) that call them. That is what keeps the
 * programs' verification small with loops of 16 iovecs and 1024 argv
 * pointers (global functions with pointer arguments: Linux 5.12).
 *
 * Bounds: an item is written in a window of SCT_WIN bytes from its start
 * (the verifier's bound: what each function can prove from its own checks,
 * the last item of the largest record included, fits in a segment's
 * slack); it really writes at most SCT_ITEM_WORST bytes, the room every
 * item is checked for before it is written.
 */
#ifndef SCT_BPF_CAPTURE_H
#define SCT_BPF_CAPTURE_H

#include "sctrace_abi.h"
#include "sct_plan.h"

/* The bytes one item may write (the copy's NUL and the pad included). */
#define SCT_ITEM_WORST		SCTRACE_ITEM_SIZE(SCTRACE_ITEM_MAX_DATA + 1)
/*
 * The window: data positions below the end of the largest data
 * (4 + SCTRACE_ITEM_MAX_DATA) plus one more copy of up to
 * SCTRACE_ITEM_MAX_DATA, which is how the verifier sees a buffer copied
 * at a variable place (it does not know that the two add up to less)
 */
#define SCT_WIN			(2 * SCTRACE_ITEM_MAX_DATA + 8)
#define SCT_STRARR_PTRS		256	/* argv pointers kept, the most copied */

/* A CPU's own state, after its control page (see sctrace.bpf.c). */
struct sct_cpu_state {
	struct sctrace_cpu_counters cnt;
	__u64 unwoken;		/* bytes written since the last wakeup */
	__u64 prod;		/* producer position, published in prod_pos */
	__u64 lost;		/* drops since the last record (sctrace_lost) */
	__u64 lost_gen;		/* sct_gen when they were counted */
	__u64 cons;		/* ctrl.cons_pos as last read and checked */
	__u64 cons_gen;		/* sct_gen then: a start reads it again */
	__u64 busy;		/* a program that writes records runs here */
	__u64 strarr[SCT_STRARR_PTRS];	/* scratch: a STRARR's pointers */
	__u64 at, left;		/* scratch of loops: see sct_iov_bytes() */
	__u64 len;		/* the record being built (sct_add_item()) */
};

/* Where an item goes: its header, its data, room for the copies. */
struct sct_win {
	__u8 b[SCT_WIN];
};

/* What an item is copied for: the call's arguments, its phase. */
struct sct_ictx {
	__u64 args[8];		/* args[0..5] of the record; 6, 7 zero */
	__s64 ret;		/* exit: the return value */
	__u32 snaplen;		/* <= SCTRACE_MAX_SNAPLEN */
	__u8 exit;		/* 1: at sys_exit (IOVEC, MSGHDR: bound by ret) */
	__u8 retry;		/* 1: a retried entry string (ITEM_RETRY) */
	__u8 pad[2];
};

/*
 * sct_item()'s result: the item's size, its flags, and the TRUNC and
 * FAULT bits of its nested items (STRARR), for the record's flags.
 */
#define SCT_RES_SIZE(r)		((__u32)(r) & 0xffff)
#define SCT_RES_FLAGS(r)	(((__u32)(r) >> 16) & 0xff)
#define SCT_RES_NESTED(r)	(((__u32)(r) >> 24) & 0x7f)

/*
 * Writes the item of cap at w, with the arguments of x, and counts it in
 * st (truncated, faults, nulls, retried). Returns its result, 0 if an
 * argument is NULL (never: the programs pass their own).
 */
int sct_item(struct sct_win *w, const struct sct_ictx *x, const struct sct_cap *cap,
	     struct sct_cpu_state *st);

#endif /* SCT_BPF_CAPTURE_H */
