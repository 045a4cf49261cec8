// SPDX-License-Identifier: GPL-2.0
/*
 * Lossless capture (SCTRACE_START_WAIT): a traced thread whose record
 * left its CPU's ring more than 3/4 full is made to wait for the reader,
 * on its way back to user space, where sleeping is allowed: the probe
 * only queues a task_work (TWA_RESUME) on itself, from a static pool of
 * waiters (no allocation in the probe). The waiter sleeps until the
 * reader has read that ring down to half, SCTRACE_WAIT_MAX_MS at most, a
 * signal, or the end of the capture (STOP, close), then goes on.
 *
 * Lifetimes. Each queued waiter holds a module reference, dropped as its
 * last act (module exit waits with synchronize_rcu_tasks() for the few
 * instructions after that), so a queued one keeps the module loaded
 * (rmmod says EBUSY) until its task runs it: on its return to user space,
 * or when it exits. A waiter touches the rings only between a count and
 * a check of wait_on that sct_wait_stop() pairs with, and STOP waits for
 * that count to reach zero before the rings can go (release()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/task_work.h>
#include <linux/wait.h>

#include "sctrace.h"
#include "sct_compat.h"
#include "sct_wait.h"

#define SCT_WAITERS	256	/* threads waiting at once; more: they drop */
#define SCT_WAIT_SLICE	(HZ / 100 ? HZ / 100 : 1)	/* re-check the ring */

struct sct_waiter {
	struct callback_head cb;
	struct task_struct *task;	/* NULL: free; claimed with cmpxchg */
	struct sct_dev *sd;
	unsigned int cpu;		/* whose ring it waits on */
};

static struct sct_waiter sct_waiters[SCT_WAITERS];

/* The ring of cpu has been read down to half (or the positions are garbage). */
static bool sct_wait_drained(struct sct_cpu *rc)
{
	u64 unread = READ_ONCE(rc->prod) - READ_ONCE(rc->ctrl->cons_pos);

	return unread <= (rc->mask + 1) / 2 || unread > rc->mask + 1;
}

static void sct_wait_fn(struct callback_head *cb)
{
	struct sct_waiter *w = container_of(cb, struct sct_waiter, cb);
	unsigned long deadline = jiffies + msecs_to_jiffies(SCTRACE_WAIT_MAX_MS);
	struct sct_dev *sd = w->sd;
	u64 t0 = ktime_get_ns(), cons;
	struct sct_cpu *rc;

	atomic_inc(&sd->waiting);
	/* pairs with the smp_mb() in sct_wait_stop(): it sees us, or we it */
	smp_mb__after_atomic();
	if (READ_ONCE(sd->wait_on) && !(current->flags & PF_EXITING)) {
		rc = sd->cpus[w->cpu];
		cons = READ_ONCE(rc->ctrl->cons_pos);
		while (READ_ONCE(sd->wait_on) && !sct_wait_drained(rc) &&
		       !signal_pending(current) && time_before(jiffies, deadline))
			wait_event_interruptible_timeout(sd->wait_wq,
							 !READ_ONCE(sd->wait_on) ||
							 sct_wait_drained(rc),
							 SCT_WAIT_SLICE);
		/* out of time with a reader that never moved: no more waits on it */
		if (!time_before(jiffies, deadline) && READ_ONCE(rc->ctrl->cons_pos) == cons)
			WRITE_ONCE(rc->wait_stalled, cons + 1);
		atomic64_inc(&sd->waits);
		atomic64_add(ktime_get_ns() - t0, &sd->wait_ns);
	}
	if (atomic_dec_and_test(&sd->waiting))
		wake_up_all(&sd->wait_idle);
	/* free again, once we are done with it: pairs with the cmpxchg() */
	smp_store_release(&w->task, NULL);
	module_put(THIS_MODULE);
}

/*
 * From the probes, preemption disabled: current made rc more than 3/4
 * full. One waiter per task; none when every one is taken, in interrupt
 * context (a signal sent from there), or for a task on its way out.
 */
void sct_wait_ask(struct sct_cpu *rc)
{
	struct task_struct *task = current;
	struct sct_waiter *w;
	int i;

	if (!in_task() || (task->flags & (PF_KTHREAD | PF_EXITING)))
		return;
	for (i = 0; i < SCT_WAITERS; i++)
		if (READ_ONCE(sct_waiters[i].task) == task)
			return;
	for (i = 0; i < SCT_WAITERS; i++)
		if (!cmpxchg(&sct_waiters[i].task, NULL, task))
			break;
	if (i == SCT_WAITERS)
		return;
	w = &sct_waiters[i];
	if (!try_module_get(THIS_MODULE)) {
		/* unused: free again (pairs with the cmpxchg()) */
		smp_store_release(&w->task, NULL);
		return;
	}
	w->sd = rc->dev;
	/* rc is this CPU's (preemption is off); never the shared page's cpu */
	w->cpu = smp_processor_id();
	init_task_work(&w->cb, sct_wait_fn);
	if (sct_task_work_add(task, &w->cb)) {
		/* not queued: free again (pairs with the cmpxchg()) */
		smp_store_release(&w->task, NULL);
		module_put(THIS_MODULE);
	}
}

/* START: whether traced threads wait (flags SCTRACE_START_WAIT). */
int sct_wait_start(struct sct_dev *sd, bool on)
{
	if (on && !SCT_HAVE_WAIT)
		return -EOPNOTSUPP;
	WRITE_ONCE(sd->wait_on, on);
	return 0;
}

/*
 * STOP (the probes are gone): every wait ends, and once this returns no
 * waiter reads the rings; waiters queued but not run yet see wait_on
 * false and return at once when their task runs them.
 */
void sct_wait_stop(struct sct_dev *sd)
{
	WRITE_ONCE(sd->wait_on, false);
	smp_mb();	/* pairs with smp_mb__after_atomic() in sct_wait_fn() */
	wake_up_all(&sd->wait_wq);
	wait_event(sd->wait_idle, !atomic_read(&sd->waiting));
}

/* poll(): the reader has caught up; waiters look at their ring again. */
void sct_wait_reader_caught_up(struct sct_dev *sd)
{
	if (wq_has_sleeper(&sd->wait_wq))
		wake_up_all(&sd->wait_wq);
}

void sct_wait_init(struct sct_dev *sd)
{
	init_waitqueue_head(&sd->wait_wq);
	init_waitqueue_head(&sd->wait_idle);
	atomic_set(&sd->waiting, 0);
}

/* Module exit: the last waiter's instructions after its module_put(). */
void sct_wait_exit(void)
{
	synchronize_rcu_tasks();
}

void sct_wait_counters(struct sct_dev *sd, struct sctrace_counters *c)
{
	c->waits = atomic64_read(&sd->waits);
	c->wait_ns = atomic64_read(&sd->wait_ns);
}

void sct_wait_reset_counters(struct sct_dev *sd)
{
	atomic64_set(&sd->waits, 0);
	atomic64_set(&sd->wait_ns, 0);
}
