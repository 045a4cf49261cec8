/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctrace ring producer: reserve and commit, inlined into the probes
 * (sct_probe.c), whose every function call costs each traced syscall.
 * The memory ordering contract is the one next to struct sctrace_ctrl in
 * sctrace_abi.h; allocation and mmap are in sct_ring.c.
 */
#ifndef SCT_RING_H
#define SCT_RING_H

#include <linux/compiler.h>
#include <linux/irq_work.h>
#include <asm/barrier.h>

#include "sctrace.h"

/*
 * Counts one event in counter f of the CPU: its own copy is authoritative,
 * the control page gets a snapshot (plain store, see sctrace_abi.h).
 */
#define sct_count(rc, f)	WRITE_ONCE((rc)->ctrl->counters.f, ++(rc)->cnt.f)

/* Every drop is counted, and told in the stream (struct sctrace_lost). */
static __always_inline void sct_ring_drop_full(struct sct_cpu *rc)
{
	sct_count(rc, dropped_full);
	rc->lost++;
}

/*
 * Producer, preemption disabled, owning CPU only. Returns where a record of
 * up to max_len bytes may be written, or NULL after counting the drop.
 * *room (if room is not NULL) is then the free space there, at least
 * max_len: a record whose length is only known as it is written (strings)
 * checks it as it grows.
 */
static __always_inline void *sct_ring_reserve(struct sct_cpu *rc, u32 max_len,
					      u64 *room)
{
	/* pairs with the reader's release store of cons_pos: it has finished
	 * reading everything below cons before we overwrite it
	 */
	u64 cons = smp_load_acquire(&rc->ctrl->cons_pos);
	u64 used = rc->prod - cons;

	if (unlikely(used > rc->mask + 1)) {
		/* cons ahead of prod or more than a ring behind: garbage */
		sct_count(rc, cons_invalid);
		rc->lost++;
		return NULL;
	}
	if (unlikely(rc->mask + 1 - used < max_len)) {
		sct_ring_drop_full(rc);
		return NULL;
	}
	if (room)
		*room = rc->mask + 1 - used;
	return rc->data + (rc->prod & rc->mask);
}

static __always_inline void sct_ring_commit(struct sct_cpu *rc, u32 len)
{
	u64 old = rc->prod, prod = old + len, wm = rc->dev->watermark, cons;

	WRITE_ONCE(rc->prod, prod);
	/* publish the record: pairs with the reader's acquire load of prod_pos */
	smp_store_release(&rc->ctrl->prod_pos, prod);
	sct_count(rc, written);
	/*
	 * Wake a sleeping reader when this record makes the unread bytes
	 * reach the watermark. The reader only moves cons_pos forward, so a
	 * stale cons_pos can only make the ring look fuller: when even that
	 * is below the watermark no wakeup is due, and the common case pays
	 * no barrier (a garbage cons_pos costs the reader its wakeups only).
	 */
	cons = READ_ONCE(rc->ctrl->cons_pos);
	if (prod - cons < wm)
		return;
	/*
	 * Order the store of prod_pos before the load of cons_pos below;
	 * pairs with the smp_mb() in sct_poll() between the reader's store
	 * of cons_pos and its load of prod: either poll() sees this record
	 * or we see the reader's position and wake it.
	 */
	smp_mb();
	cons = READ_ONCE(rc->ctrl->cons_pos);
	if (old - cons < wm && prod - cons >= wm)
		irq_work_queue(&rc->wakeup);
}

#endif /* SCT_RING_H */
