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
#include "sct_wait.h"

/*
 * Counts one event in counter f of the CPU, in its private copy:
 * SCTRACE_IOC_GET_COUNTERS sums them (a store to the shared control page
 * per record would cost every record for a snapshot nobody reads).
 */
#define sct_count(rc, f)	((rc)->cnt.f++)

/* Every drop is counted, and told in the stream (struct sctrace_lost). */
static __always_inline void sct_ring_drop_full(struct sct_cpu *rc)
{
	sct_count(rc, dropped_full);
	rc->lost++;
}

/*
 * Reads the reader's cons_pos into rc->cons. False (the ring counts as
 * full) when it is not within one ring behind prod: garbage.
 */
static __always_inline bool sct_ring_cons_load(struct sct_cpu *rc)
{
	/* pairs with the reader's release store of cons_pos: it has finished
	 * reading everything below cons before we overwrite it
	 */
	u64 cons = smp_load_acquire(&rc->ctrl->cons_pos);

	if (unlikely(rc->prod - cons > rc->mask + 1)) {
		sct_count(rc, cons_invalid);
		rc->lost++;
		return false;
	}
	rc->cons = cons;
	return true;
}

/*
 * Producer, preemption disabled, owning CPU only. Returns where a record of
 * up to max_len bytes may be written, or NULL after counting the drop.
 * *room (if room is not NULL) is then the free space there, at least
 * max_len: a record whose length is only known as it is written (strings)
 * checks it as it grows.
 *
 * The cached rc->cons is never ahead of the reader's (it only moves
 * forward), so it can only make the ring look fuller: cons_pos, a line
 * the reader writes, is loaded only when the cache says that less than
 * half the ring is free, when a record (at most half the ring) might not
 * fit, or a record that grows might find less room than there is.
 */
static __always_inline void *sct_ring_reserve(struct sct_cpu *rc, u32 max_len,
					      u64 *room)
{
	u64 size = rc->mask + 1, free = size - (rc->prod - rc->cons);

	if (unlikely(free < size / 2)) {
		if (!sct_ring_cons_load(rc))
			return NULL;
		free = size - (rc->prod - rc->cons);
		if (unlikely(free < max_len)) {
			sct_ring_drop_full(rc);
			return NULL;
		}
	}
	if (room)
		*room = free;
	return rc->data + (rc->prod & rc->mask);
}

/*
 * Commits len bytes. may_wait: the record is current's own (a traced
 * thread's), which may then be made to wait for the reader (START_WAIT);
 * not a signal's sender recording for the thread it signals.
 */
static __always_inline void sct_ring_commit(struct sct_cpu *rc, u32 len,
					    const bool may_wait)
{
	u64 old = rc->prod, prod = old + len, wm = rc->dev->watermark, cons;

	WRITE_ONCE(rc->prod, prod);
	/* publish the record: pairs with the reader's acquire load of prod_pos */
	smp_store_release(&rc->ctrl->prod_pos, prod);
	sct_count(rc, written);
	/*
	 * Wake a sleeping reader when this record makes the unread bytes
	 * reach the watermark. The reader only moves cons_pos forward, so a
	 * stale cons_pos (the cache first, then the line itself) can only
	 * make the ring look fuller: when even that is below the watermark
	 * no wakeup is due, and the common case loads nothing the reader
	 * writes and pays no barrier (a garbage cons_pos costs the reader
	 * its wakeups only).
	 */
	if (prod - rc->cons < wm)
		return;
	/* acquire: it may become the cache (see sct_ring_cons_load()) */
	cons = smp_load_acquire(&rc->ctrl->cons_pos);
	if (prod - cons < wm) {
		rc->cons = cons;	/* valid: prod - wm < cons <= prod */
		return;
	}
	/* lossless: current waits for the reader on its way out */
	if (may_wait && sct_wait_due(rc, prod - cons, cons))
		sct_wait_ask(rc);
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
