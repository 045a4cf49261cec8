// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace probes on raw_syscalls:sys_enter/sys_exit,
 * sched:sched_process_fork/sched_process_exit and
 * signal:signal_generate/signal_deliver.
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
 * (tools/bench). Only the clock, the capture engine (sct_capture.c, for
 * syscalls whose plan has items) and wakeups are calls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/compat.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/signal.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>	/* generated: __NR_ia32_* */
#include <trace/events/signal.h>

#include "sctrace.h"
#include "sct_capture.h"
#include "sct_compat.h"
#include "sct_ring.h"

static struct tracepoint *tp_sys_enter, *tp_sys_exit, *tp_fork, *tp_exit;
static struct tracepoint *tp_sig_deliver, *tp_sig_generate;

/* the sigreturns, whose exit the kernel sees as syscall -1 */
#define SCT_NR_X86_64_RT_SIGRETURN	__NR_rt_sigreturn
#define SCT_NR_I386_SIGRETURN		__NR_ia32_sigreturn
#define SCT_NR_I386_RT_SIGRETURN	__NR_ia32_rt_sigreturn

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

/*
 * What the probes know of syscall id: SCT_SYS_* (0: not traced), in the
 * table of *abi. A 32-bit syscall (int $0x80, sysenter, or a 32-bit
 * process: TS_COMPAT) is numbered in the i386 table. x32 numbers carry
 * bit 30, above the range: in_compat_syscall() would also read the
 * number's bit for them, in_ia32_syscall() only reads TS_COMPAT, as
 * syscall_get_arguments() does.
 */
static __always_inline u8 sct_syscall_flags(const struct sct_dev *sd,
					    long id, int *abi)
{
	if ((unsigned long)id >= SCTRACE_MAX_SYSCALLS)
		return 0;	/* includes -1: no syscall (e.g. ptrace skip) */
	*abi = SCTRACE_ABI_X86_64;
	if (unlikely(in_ia32_syscall()))
		*abi = SCTRACE_ABI_I386;
	return sd->sys[*abi][id];
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
 * Opens a record of task (current, but for a signal sent to another):
 * preemption off, re-entry guard taken, space reserved (*room: the free
 * space there, for records that grow; room may be NULL).
 * Returns NULL (and leaves everything as it was, drop counted) on failure.
 * On success the caller fills the record and calls sct_rec_close().
 */
static __always_inline struct sctrace_hdr *
sct_rec_open(struct sct_dev *sd, u32 max_len, u16 type, struct sct_cpu **rcp,
	     u64 *room, struct task_struct *task)
{
	struct sctrace_hdr *h;
	struct sct_cpu *rc;
	u32 lost_len;
	u64 ts;
	int cpu;

	preempt_disable_notrace();
	cpu = smp_processor_id();
	rc = sd->cpus[cpu];
	if (local_inc_return(&rc->busy) != 1) {
		sct_count(rc, dropped_busy);
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

static __always_inline void sct_rec_close_as(struct sct_cpu *rc,
					     struct sctrace_hdr *h, u32 len,
					     const bool own)
{
	h->len = len;
	if (unlikely(rc->lost_len)) {
		/* the drops are told: one commit for both records */
		len += rc->lost_len;
		rc->lost_len = 0;
		rc->lost = 0;
	}
	sct_ring_commit(rc, len, own);
	sct_rec_end(rc);
}

/* Closes a record of current's own (the common case). */
static __always_inline void sct_rec_close(struct sct_cpu *rc,
					  struct sctrace_hdr *h, u32 len)
{
	sct_rec_close_as(rc, h, len, true);
}

/* Closes a record of len bytes; len 0: an item might not fit, dropped. */
static __always_inline void sct_rec_close_or_drop(struct sct_cpu *rc,
						  struct sctrace_hdr *h,
						  u32 len)
{
	if (!len) {
		sct_ring_drop_full(rc);
		sct_rec_abort(rc);
		return;
	}
	sct_rec_close(rc, h, len);
}

/*
 * The enter record of syscall id, with the items of plan entry pe when
 * items: a constant in each caller, so that the probe's own copy, for the
 * syscalls without items (almost all of them), has no item code, and
 * costs what it did before plans (sd->sys says which copy, in the load
 * that says whether the syscall is traced).
 */
static __always_inline void sct_sys_enter_rec(struct sct_dev *sd,
					      struct pt_regs *regs, long id,
					      int abi,
					      const struct sct_plan_entry *pe,
					      const bool items)
{
	u32 len = sizeof(struct sctrace_sys_enter);
	struct sctrace_sys_enter *e;
	struct sct_cpu *rc;
	u64 room;

	e = (struct sctrace_sys_enter *)sct_rec_open(sd, len,
						     SCTRACE_REC_SYS_ENTER, &rc,
						     items ? &room : NULL, current);
	if (!e)
		return;
	sct_syscall_args(regs, abi, e->args);
	e->nr = id;
	e->nitem = 0;
	e->flags = abi == SCTRACE_ABI_I386 ? SCTRACE_REC_COMPAT : 0;
	if (items)	/* the engine checks the room left before each item */
		len = sct_cap_enter(sd, rc, e, pe, room);
	sct_rec_close_or_drop(rc, &e->hdr, len);
}

static noinline void sct_sys_enter_items(struct sct_dev *sd,
					 struct pt_regs *regs, long id, int abi,
					 const struct sct_plan_entry *pe)
{
	/* before the entry may set it again (CAPTURE.md, Retry) */
	if (pe->retry)
		sct_cap_retry_clear(sd);
	sct_sys_enter_rec(sd, regs, id, abi, pe, true);
}

static void sct_probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct sct_dev *sd = data;
	int abi;
	u8 f;

	f = sct_syscall_flags(sd, id, &abi);
	if (!(f & SCT_SYS_TRACED) || !sct_task_traced(sd, current))
		return;
	if (unlikely(f & SCT_SYS_ENTER_ITEMS))
		sct_sys_enter_items(sd, regs, id, abi, &sd->plan->e[abi][id]);
	else
		sct_sys_enter_rec(sd, regs, id, abi, NULL, false);
}

/* The exit record, as sct_sys_enter_rec() (at exit: the retried strings). */
static __always_inline void sct_sys_exit_rec(struct sct_dev *sd,
					     struct pt_regs *regs, long id,
					     long ret, int abi,
					     const struct sct_plan_entry *pe,
					     bool retry, const bool items)
{
	u32 len = sizeof(struct sctrace_sys_exit);
	struct sctrace_sys_exit *x;
	struct sct_cpu *rc;
	u64 room;

	x = (struct sctrace_sys_exit *)sct_rec_open(sd, len,
						    SCTRACE_REC_SYS_EXIT, &rc,
						    items ? &room : NULL, current);
	if (!x)
		return;
	x->nr = id;
	x->nitem = 0;
	x->flags = abi == SCTRACE_ABI_I386 ? SCTRACE_REC_COMPAT : 0;
	x->ret = ret;
	if (items)
		len = sct_cap_exit(sd, rc, x, pe, regs, abi, retry, room);
	sct_rec_close_or_drop(rc, &x->hdr, len);
}

/*
 * The retry bit is taken even when the record is then dropped: a bit is
 * for one syscall. With no string to retry and no exit item for this
 * return value, the record is the plain one, without the engine.
 */
static noinline void sct_sys_exit_items(struct sct_dev *sd,
					struct pt_regs *regs, long id, long ret,
					int abi, const struct sct_plan_entry *pe)
{
	bool retry = false;

	if (pe->retry)
		retry = sct_cap_retry_take(sd) &&
			!sct_cap_exec_done(id, abi, ret);
	if (retry || sct_cap_exit_any(pe, ret))
		sct_sys_exit_rec(sd, regs, id, ret, abi, pe, retry, true);
	else
		sct_sys_exit_rec(sd, regs, id, ret, abi, NULL, false, false);
}

/*
 * rt_sigreturn and sigreturn leave orig_ax -1 (the restored context's):
 * their exit is recorded with nr SCTRACE_NR_UNKNOWN when one of the
 * ABI's sigreturns is traced, and the reader pairs it by thread.
 */
static __always_inline u8 sct_sigreturn_flags(const struct sct_dev *sd,
					      int *abi)
{
	*abi = SCTRACE_ABI_X86_64;
	if (unlikely(in_ia32_syscall())) {
		*abi = SCTRACE_ABI_I386;
		return sd->sys[*abi][SCT_NR_I386_SIGRETURN] |
		       sd->sys[*abi][SCT_NR_I386_RT_SIGRETURN];
	}
	return sd->sys[*abi][SCT_NR_X86_64_RT_SIGRETURN];
}

static void sct_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct sct_dev *sd = data;
	long id = syscall_get_nr(current, regs);
	int abi;
	u8 f;

	f = sct_syscall_flags(sd, id, &abi);
	if (unlikely(id == -1)) {
		if (!(sct_sigreturn_flags(sd, &abi) & SCT_SYS_TRACED) ||
		    !sct_task_traced(sd, current))
			return;
		sct_sys_exit_rec(sd, regs, (u32)SCTRACE_NR_UNKNOWN, ret, abi,
				 NULL, false, false);
		return;
	}
	if (!(f & SCT_SYS_TRACED) || !sct_task_traced(sd, current))
		return;
	if (unlikely(f & SCT_SYS_EXIT_ITEMS))
		sct_sys_exit_items(sd, regs, id, ret, abi, &sd->plan->e[abi][id]);
	else
		sct_sys_exit_rec(sd, regs, id, ret, abi, NULL, false, false);
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
						SCTRACE_REC_FORK, &rc, NULL,
						current);
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

	/* a retry bit does not outlive its thread (CAPTURE.md, Retry) */
	if (unlikely(sct_tgid_has(&sd->retry, p->pid)))
		sct_tgid_del(&sd->retry, p->pid);
	if (!sct_task_traced(sd, p))
		return;
	x = (struct sctrace_task_exit *)sct_rec_open(sd, sizeof(*x),
						     SCTRACE_REC_EXIT, &rc, NULL,
						     current);
	if (!x)
		return;
	x->code = p->exit_code;
	x->flags = group_dead ? SCTRACE_EXIT_GROUP_DEAD : 0;
	sct_rec_close(rc, &x->hdr, sizeof(*x));
}

/* A signal record for task: signo, flags, the kernel's siginfo. */
static __always_inline void sct_signal_rec(struct sct_dev *sd,
					   struct task_struct *task, int sig,
					   struct kernel_siginfo *info,
					   u32 flags)
{
	struct sctrace_signal *s;
	struct sct_cpu *rc;

	BUILD_BUG_ON(sizeof(*info) != SCTRACE_SIGINFO_SIZE);
	s = (struct sctrace_signal *)sct_rec_open(sd, sizeof(*s),
						  SCTRACE_REC_SIGNAL, &rc,
						  NULL, task);
	if (!s)
		return;
	s->signo = sig;
	/* SEND_SIG_NOINFO and SEND_SIG_PRIV: 0 and 1, no siginfo */
	if (info == SEND_SIG_NOINFO || info == SEND_SIG_PRIV) {
		memset(s->info, 0, sizeof(s->info));
		flags |= info == SEND_SIG_NOINFO ? SCTRACE_SIGNAL_NOINFO :
			 SCTRACE_SIGNAL_KERNEL;
	} else {
		memcpy(s->info, info, sizeof(s->info));
	}
	s->flags = flags;
	/* an ignored signal's record is the sender's doing: it does not wait */
	sct_rec_close_as(rc, &s->hdr, sizeof(*s), task == current);
}

/* current dequeued sig to act on it (get_signal()). */
static void sct_probe_signal_deliver(void *data, int sig,
				     struct kernel_siginfo *info,
				     struct k_sigaction *ka)
{
	struct sct_dev *sd = data;

	if (!sct_task_traced(sd, current))
		return;
	sct_signal_rec(sd, current, sig, info, SCTRACE_SIGNAL_DELIVERED);
}

/*
 * sig was sent to task: recorded only when task ignores it (dropped at
 * once, never delivered; a signal that is delivered is recorded then),
 * and the reader did not send it.
 */
static void sct_probe_signal_generate(void *data, int sig,
				      struct kernel_siginfo *info,
				      struct task_struct *task, int group,
				      int result)
{
	struct sct_dev *sd = data;

	/* the reader's own (the SIGCONT that starts its command) are not */
	if (result != TRACE_SIGNAL_IGNORED || current->tgid == sd->reader_tgid ||
	    !sct_task_traced(sd, task))
		return;
	sct_signal_rec(sd, task, sig, info, SCTRACE_SIGNAL_IGNORED);
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
	else if (!strcmp(tp->name, "signal_deliver"))
		tp_sig_deliver = tp;
	else if (!strcmp(tp->name, "signal_generate"))
		tp_sig_generate = tp;
}

/* Out-of-tree code cannot name the tracepoints: look them up by name. */
int sct_probes_init(void)
{
	for_each_kernel_tracepoint(sct_find_tp, NULL);
	if (!tp_sys_enter || !tp_sys_exit || !tp_fork || !tp_exit ||
	    !tp_sig_deliver || !tp_sig_generate) {
		pr_err("tracepoints raw_syscalls:sys_enter/sys_exit, sched:sched_process_fork/exit and signal:signal_deliver/generate not all found (kernel built without CONFIG_HAVE_SYSCALL_TRACEPOINTS?)\n");
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
	{ &tp_sig_generate, sct_probe_signal_generate },
	{ &tp_sig_deliver, sct_probe_signal_deliver },
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
