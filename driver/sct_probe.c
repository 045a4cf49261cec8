// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace probes on raw_syscalls:sys_enter/sys_exit and
 * sched:sched_process_fork/sched_process_exit.
 *
 * Rules of this file: never sleep, block, allocate or call wake_up (the
 * wakeup is an irq_work queued by sct_ring_commit()); read user memory only
 * with page faults disabled; keep preemption disabled from reserve to
 * commit so that one CPU's ring has one writer (newer kernels run syscall
 * tracepoints preemptible), with a per-CPU re-entry guard on top. The
 * timestamp is taken inside that window so each ring is in time order.
 *
 * Everything a traced syscall runs through is inlined into the four
 * probes: a call and return per helper was a measurable share of the cost
 * (tools/bench). Only the clock, string copies and wakeups are calls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/compat.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>

#include "sctrace.h"
#include "sct_compat.h"
#include "sct_ring.h"

static struct tracepoint *tp_sys_enter, *tp_sys_exit, *tp_fork, *tp_exit;

/*
 * Is task (current, or the parent in a fork) selected by the task part of
 * the filter? A reader in a pid namespace sees only the tasks that have a
 * pid in it (sctrace_abi.h).
 */
static __always_inline bool sct_task_traced(const struct sct_dev *sd,
					    struct task_struct *task)
{
	u32 tgid = task->tgid;

	if (tgid == sd->reader_tgid)
		return false;
	if (unlikely(sd->pid_ns) && !task_tgid_nr_ns(task, sd->pid_ns))
		return false;
	if (sd->filter_flags & SCTRACE_FILTER_ALL_TASKS)
		return true;
	return sct_tgid_has(&sd->tgids, tgid);
}

/* pid and tgid of task as the reader sees them. */
static __always_inline void sct_task_ids(const struct sct_dev *sd,
					 struct task_struct *task,
					 u32 *pid, u32 *tgid)
{
	if (likely(!sd->pid_ns)) {
		*pid = task->pid;
		*tgid = task->tgid;
	} else {
		*pid = task_pid_nr_ns(task, sd->pid_ns);
		*tgid = task_tgid_nr_ns(task, sd->pid_ns);
	}
}

static __always_inline bool sct_syscall_traced(const struct sct_dev *sd, long id)
{
	if ((unsigned long)id >= SCTRACE_MAX_SYSCALLS)
		return false;	/* includes -1: no syscall (e.g. ptrace skip) */
	/* 32-bit syscalls use another numbering: not traced (documented) */
	if (in_compat_syscall())
		return false;
	return (sd->syscalls[id / 64] >> (id % 64)) & 1;
}

/* The record of rc->lost drops, written (committed with the next record). */
static noinline void sct_rec_lost(struct sct_cpu *rc, struct sctrace_lost *l,
				  int cpu, u64 ts)
{
	l->hdr.len = sizeof(*l);
	l->hdr.type = SCTRACE_REC_LOST;
	l->hdr.cpu = cpu;
	l->hdr.tid = 0;
	l->hdr.tgid = 0;
	l->hdr.ts_ns = ts;
	l->lost = rc->lost;
}

/*
 * Opens a record: preemption off, re-entry guard taken, space reserved
 * (*room: the free space there, for records that grow; room may be NULL).
 * Returns NULL (and leaves everything as it was, drop counted) on failure.
 * On success the caller fills the record and calls sct_rec_close().
 */
static __always_inline struct sctrace_hdr *
sct_rec_open(struct sct_dev *sd, u32 max_len, u16 type, struct sct_cpu **rcp,
	     u64 *room)
{
	struct task_struct *task = current;
	struct sctrace_hdr *h;
	struct sct_cpu *rc;
	u32 lost_len;
	u64 ts;
	int cpu;

	preempt_disable_notrace();
	cpu = smp_processor_id();
	rc = sd->cpus[cpu];
	if (local_inc_return(&rc->busy) != 1) {
		WRITE_ONCE(rc->ctrl->counters.dropped_busy, ++rc->cnt.dropped_busy);
		rc->lost++;
		goto fail;
	}
	/* after drops, a struct sctrace_lost in front of this record */
	lost_len = unlikely(rc->lost) ? sizeof(struct sctrace_lost) : 0;
	h = sct_ring_reserve(rc, max_len + lost_len, room);
	if (!h)
		goto fail;
	ts = ktime_get_mono_fast_ns();
	if (unlikely(lost_len)) {
		sct_rec_lost(rc, (struct sctrace_lost *)h, cpu, ts);
		h = (struct sctrace_hdr *)((u8 *)h + lost_len);
		if (room)
			*room -= lost_len;
		rc->lost_len = lost_len;	/* 0 again at close or abort */
	}
	h->type = type;
	h->cpu = cpu;
	sct_task_ids(sd, task, &h->tid, &h->tgid);
	h->ts_ns = ts;
	*rcp = rc;
	return h;
fail:
	local_dec(&rc->busy);
	preempt_enable_notrace();
	return NULL;
}

static __always_inline void sct_rec_end(struct sct_cpu *rc)
{
	local_dec(&rc->busy);
	preempt_enable_notrace();
}

/* Leaves the record uncommitted: its space is free again. */
static __always_inline void sct_rec_abort(struct sct_cpu *rc)
{
	rc->lost_len = 0;	/* the drops stay to be told */
	sct_rec_end(rc);
}

static __always_inline void sct_rec_close(struct sct_cpu *rc,
					  struct sctrace_hdr *h, u32 len)
{
	h->len = len;
	if (unlikely(rc->lost_len)) {
		/* the drops are told: one commit for both records */
		len += rc->lost_len;
		rc->lost_len = 0;
		rc->lost = 0;
	}
	sct_ring_commit(rc, len);
	sct_rec_end(rc);
}

/*
 * Copies the user string at uaddr (at most snaplen bytes kept) after the
 * item header at item; returns the item's size. Page faults are disabled,
 * so an absent page is a fault, never a sleep. strncpy_from_user() returns
 * the length without NUL, or count when no NUL came within count bytes: we
 * ask for snaplen + 1 to tell "exactly snaplen" from "longer".
 */
static u32 sct_copy_str(struct sct_cpu *rc, struct sctrace_item *item, u8 arg,
			unsigned long uaddr, u32 snaplen, u16 *rflags)
{
	long n;

	pagefault_disable();
	n = strncpy_from_user((char *)(item + 1), (const char __user *)uaddr,
			      snaplen + 1);
	pagefault_enable();
	item->arg = arg;
	item->flags = 0;
	if (n < 0) {
		n = 0;
		item->flags = SCTRACE_ITEM_FAULT;
		*rflags |= SCTRACE_REC_FAULT;
		WRITE_ONCE(rc->ctrl->counters.faults, ++rc->cnt.faults);
	} else if (n > snaplen) {
		n = snaplen;
		item->flags = SCTRACE_ITEM_TRUNC;
		*rflags |= SCTRACE_REC_TRUNC;
		WRITE_ONCE(rc->ctrl->counters.truncated, ++rc->cnt.truncated);
	}
	item->len = n;
	/* strncpy_from_user() may leave the pad untouched: zero it */
	memset((u8 *)(item + 1) + n, 0, SCTRACE_ITEM_SIZE(n) - sizeof(*item) - n);
	return SCTRACE_ITEM_SIZE(n);
}

/*
 * The string items of an enter record, after its fixed part; returns the
 * record's length, padding zeroed (the reader never sees stale bytes), or
 * 0 when the next string might not fit in the room the ring has: each
 * copy needs room for the longest string only when it is made, so the
 * ring is not asked for six of them up front (24 KiB at the largest
 * snaplen) when the strings are short.
 */
static noinline u32 sct_enter_strings(struct sct_cpu *rc,
				      struct sctrace_sys_enter *e, u8 strmask,
				      u32 snaplen, u64 room)
{
	u32 len = sizeof(*e);
	u16 flags = 0, nitem = 0;
	u8 a;

	for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
		if (!(strmask & (1U << a)))
			continue;
		/* the copy may write snaplen + 1 bytes, then the pad */
		if (len + SCTRACE_ITEM_SIZE(snaplen + 1) + SCTRACE_REC_ALIGN > room)
			return 0;
		len += sct_copy_str(rc, (struct sctrace_item *)((u8 *)e + len),
				    a, e->args[a], snaplen, &flags);
		nitem++;
	}
	e->nitem = nitem;
	e->flags = flags;
	memset((u8 *)e + len, 0, ALIGN(len, SCTRACE_REC_ALIGN) - len);
	return ALIGN(len, SCTRACE_REC_ALIGN);
}

static void sct_probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct sct_dev *sd = data;
	u32 snaplen = sd->snaplen, len = sizeof(struct sctrace_sys_enter);
	struct sctrace_sys_enter *e;
	struct sct_cpu *rc;
	u8 strmask;
	u64 room;

	if (!sct_syscall_traced(sd, id) || !sct_task_traced(sd, current))
		return;
	strmask = sd->strargs[id];
	/* room for the first string (the copy may write snaplen + 1 bytes,
	 * NUL included); sct_enter_strings() checks the room for the others
	 */
	if (strmask)
		len += SCTRACE_ITEM_SIZE(snaplen + 1) + SCTRACE_REC_ALIGN;
	e = (struct sctrace_sys_enter *)sct_rec_open(sd, len,
						     SCTRACE_REC_SYS_ENTER, &rc,
						     &room);
	if (!e)
		return;
	BUILD_BUG_ON(sizeof(e->args[0]) != sizeof(unsigned long));
	syscall_get_arguments(current, regs, (unsigned long *)e->args);
	e->nr = id;
	if (strmask) {
		len = sct_enter_strings(rc, e, strmask, snaplen, room);
		if (!len) {
			sct_ring_drop_full(rc);
			sct_rec_abort(rc);
			return;
		}
	} else {
		e->nitem = 0;
		e->flags = 0;
	}
	sct_rec_close(rc, &e->hdr, len);
}

static void sct_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct sct_dev *sd = data;
	long id = syscall_get_nr(current, regs);
	struct sctrace_sys_exit *x;
	struct sct_cpu *rc;

	if (!sct_syscall_traced(sd, id) || !sct_task_traced(sd, current))
		return;
	x = (struct sctrace_sys_exit *)sct_rec_open(sd, sizeof(*x),
						    SCTRACE_REC_SYS_EXIT, &rc,
						    NULL);
	if (!x)
		return;
	x->nr = id;
	x->nitem = 0;
	x->flags = 0;
	x->ret = ret;
	sct_rec_close(rc, &x->hdr, sizeof(*x));
}

/*
 * Runs in the parent (current) for every fork on the system, before the
 * child can run. A new process is added to the set when its parent is
 * followed, and otherwise removed from it: that is how a traced process's
 * pid leaves the set, exactly when it is reused. (Removing it at exit
 * instead would race with its last threads' exit records: signal->live
 * reaches zero before the exit tracepoint, on several threads at once.)
 */
static void sct_probe_fork(void *data, struct task_struct *parent,
			   struct task_struct *child)
{
	struct sct_dev *sd = data;
	/* before the set is read: pairs with smp_store_release() at START */
	bool seeding = smp_load_acquire(&sd->seeding);
	bool thread = child->tgid == parent->tgid;
	bool traced = sct_task_traced(sd, parent);
	struct sctrace_fork *f;
	struct sct_cpu *rc;

	if (!thread && !(sd->filter_flags & SCTRACE_FILTER_ALL_TASKS)) {
		if (traced && (sd->filter_flags & SCTRACE_FILTER_FOLLOW))
			sct_tgid_add(&sd->tgids, child->tgid);
		else if (!seeding)	/* see sct_tgid_seed() */
			sct_tgid_del(&sd->tgids, child->tgid);
	}
	if (!traced)
		return;
	f = (struct sctrace_fork *)sct_rec_open(sd, sizeof(*f),
						SCTRACE_REC_FORK, &rc, NULL);
	if (!f)
		return;
	sct_task_ids(sd, child, &f->child_tid, &f->child_tgid);
	f->flags = thread ? SCTRACE_FORK_THREAD : 0;
	f->reserved = 0;
	sct_rec_close(rc, &f->hdr, sizeof(*f));
}

static void sct_probe_exit(void *data, SCT_EXIT_PROTO(p))
{
	struct sct_dev *sd = data;
	bool group_dead = SCT_EXIT_GROUP_DEAD(p);
	struct sctrace_task_exit *x;
	struct sct_cpu *rc;

	if (!sct_task_traced(sd, p))
		return;
	x = (struct sctrace_task_exit *)sct_rec_open(sd, sizeof(*x),
						     SCTRACE_REC_EXIT, &rc, NULL);
	if (!x)
		return;
	x->code = p->exit_code;
	x->flags = group_dead ? SCTRACE_EXIT_GROUP_DEAD : 0;
	sct_rec_close(rc, &x->hdr, sizeof(*x));
}

static void sct_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		tp_sys_enter = tp;
	else if (!strcmp(tp->name, "sys_exit"))
		tp_sys_exit = tp;
	else if (!strcmp(tp->name, "sched_process_fork"))
		tp_fork = tp;
	else if (!strcmp(tp->name, "sched_process_exit"))
		tp_exit = tp;
}

/* Out-of-tree code cannot name the tracepoints: look them up by name. */
int sct_probes_init(void)
{
	for_each_kernel_tracepoint(sct_find_tp, NULL);
	if (!tp_sys_enter || !tp_sys_exit || !tp_fork || !tp_exit) {
		pr_err("tracepoints raw_syscalls:sys_enter/sys_exit and sched:sched_process_fork/exit not all found (kernel built without CONFIG_HAVE_SYSCALL_TRACEPOINTS?)\n");
		return -ENOENT;
	}
	return 0;
}

/*
 * In this order: the fork probe first, so that no child of a traced
 * process is missed; the traced set is seeded after the fork and exit
 * probes are in place, before the syscall probes (SCT_SEED_AFTER).
 */
static struct {
	struct tracepoint **tp;
	void *probe;
} sct_probes[] = {
	{ &tp_fork, sct_probe_fork },
	{ &tp_exit, sct_probe_exit },
	{ &tp_sys_enter, sct_probe_sys_enter },
	{ &tp_sys_exit, sct_probe_sys_exit },
};
#define SCT_SEED_AFTER	2	/* probes registered before the seeding */

static void sct_probes_unregister(struct sct_dev *sd, int n)
{
	while (n-- > 0)
		tracepoint_probe_unregister(*sct_probes[n].tp,
					    sct_probes[n].probe, sd);
	/* after this no probe runs, nor can one still be running */
	tracepoint_synchronize_unregister();
}

int sct_probes_start(struct sct_dev *sd)
{
	int i, err;

	WRITE_ONCE(sd->seeding, true);
	sct_tgid_seed_listed(sd);
	for (i = 0; i < ARRAY_SIZE(sct_probes); i++) {
		if (i == SCT_SEED_AFTER) {
			sct_tgid_seed(sd);
			/* the set is complete before a fork may remove a pid */
			smp_store_release(&sd->seeding, false);
		}
		err = tracepoint_probe_register(*sct_probes[i].tp,
						sct_probes[i].probe, sd);
		if (err) {
			pr_warn("cannot register probe on %s: %d\n",
				(*sct_probes[i].tp)->name, err);
			sct_probes_unregister(sd, i);
			return err;
		}
	}
	return 0;
}

void sct_probes_stop(struct sct_dev *sd)
{
	sct_probes_unregister(sd, ARRAY_SIZE(sct_probes));
}
