// SPDX-License-Identifier: GPL-2.0
/* sctrace: the traced-tgid bitmap (see sct_tgid.h) and its seeding at START. */
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/vmalloc.h>

#include "sctrace.h"
#include "sct_tgid.h"

int sct_tgid_alloc(struct sct_tgid_set *s)
{
	s->bits = vzalloc(BITS_TO_LONGS(PID_MAX_LIMIT) * sizeof(long));
	return s->bits ? 0 : -ENOMEM;
}

void sct_tgid_free(struct sct_tgid_set *s)
{
	vfree(s->bits);
	s->bits = NULL;
}

/* Only while no probe runs. */
void sct_tgid_clear(struct sct_tgid_set *s)
{
	bitmap_zero(s->bits, PID_MAX_LIMIT);
}

/*
 * Is an ancestor of p (not p itself) in the set? Under rcu_read_lock().
 * The reader is never traced, nor followed through: the fork probe does
 * not follow its children either.
 */
static bool sct_tgid_ancestor_has(const struct sct_dev *sd, struct task_struct *p)
{
	struct task_struct *a;

	/* the chain ends at init_task (pid 0), its own real_parent */
	for (a = rcu_dereference(p->real_parent); a->pid;
	     a = rcu_dereference(a->real_parent)) {
		if (a->tgid == sd->reader_tgid)
			return false;
		if (sct_tgid_has(&sd->tgids, a->tgid))
			return true;
	}
	return false;
}

/*
 * The traced set at START (sctrace_abi.h): the filter's tgids (set before
 * any probe is registered, so that no probe sees the last capture's set:
 * sct_tgid_seed_listed()) and, with FOLLOW, every living descendant of
 * them (this walk). Runs with the fork probe
 * registered and the syscall probes not yet: a fork the walk misses (its
 * child not on the task list yet) is seen by the probe, whose parent the
 * walk may not have added yet either, hence sd->seeding: until the walk
 * is over, the probe adds children but never removes one, so it cannot
 * undo what the walk added; a pid it would have removed is not in the
 * freshly cleared set anyway. The walk sees every process that existed
 * when it began, and the ones created since (appended to the task list).
 */
void sct_tgid_seed_listed(struct sct_dev *sd)
{
	u32 i;

	sct_tgid_clear(&sd->tgids);
	for (i = 0; i < sd->nfilter_tgids; i++)
		sct_tgid_add(&sd->tgids, sd->filter_tgids[i]);
}

void sct_tgid_seed(struct sct_dev *sd)
{
	struct task_struct *p;

	if ((sd->filter_flags & SCTRACE_FILTER_ALL_TASKS) ||
	    !(sd->filter_flags & SCTRACE_FILTER_FOLLOW) || !sd->nfilter_tgids)
		return;
	rcu_read_lock();
	for_each_process(p)
		if (!sct_tgid_has(&sd->tgids, p->tgid) &&
		    sct_tgid_ancestor_has(sd, p))
			sct_tgid_add(&sd->tgids, p->tgid);
	rcu_read_unlock();
}
