/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference sctrace cares about, in one place.
 * The SCT_HAVE_* macros come from feature probes of the headers in Kbuild.
 */
#ifndef SCT_COMPAT_H
#define SCT_COMPAT_H

#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

/*
 * 6.3 wrapped vma->vm_flags updates in helpers (and made the field const);
 * vm_flags_set() and vm_flags_clear() came together.
 */
static inline void sct_vma_clear_flags(struct vm_area_struct *vma,
				       unsigned long flags)
{
#ifdef SCT_HAVE_VM_FLAGS_CLEAR
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

static inline void sct_vma_set_flags(struct vm_area_struct *vma,
				     unsigned long flags)
{
#ifdef SCT_HAVE_VM_FLAGS_CLEAR
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

/*
 * sched_process_exit gained a group_dead argument in later kernels. Before
 * that, signal->live already reached zero (do_exit() decrements it before
 * the tracepoint fires) when the last thread of the group exits.
 */
#ifdef SCT_HAVE_EXIT_GROUP_DEAD
#define SCT_EXIT_PROTO(p)	struct task_struct *p, bool group_dead
#define SCT_EXIT_GROUP_DEAD(p)	(group_dead)
#else
#define SCT_EXIT_PROTO(p)	struct task_struct *p
#define SCT_EXIT_GROUP_DEAD(p)	(atomic_read(&(p)->signal->live) == 0)
#endif

/*
 * START_WAIT queues a task_work on the traced thread: task_work_add() must
 * be exported (Debian's 6.1 and 6.12 do, 5.15 does not); its last argument
 * was a bool before TWA_RESUME. Without the export, START_WAIT is
 * EOPNOTSUPP.
 */
#ifdef SCT_HAVE_TASK_WORK_EXPORT
#define SCT_HAVE_WAIT	1
#ifdef SCT_HAVE_TWA_RESUME
#define sct_task_work_add(task, cb)	task_work_add(task, cb, TWA_RESUME)
#else
#define sct_task_work_add(task, cb)	task_work_add(task, cb, true)
#endif
#else
#define SCT_HAVE_WAIT	0
#define sct_task_work_add(task, cb)	(-EOPNOTSUPP)
#endif

#endif /* SCT_COMPAT_H */
