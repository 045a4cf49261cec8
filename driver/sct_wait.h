/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lossless capture: traced threads wait for the reader (sct_wait.c).
 * sct_wait_ask() is the probes' side, called from sct_ring_commit()'s slow
 * path only (the unread bytes past the watermark), so the common record
 * pays nothing for it.
 */
#ifndef SCT_WAIT_H
#define SCT_WAIT_H

#include <linux/compiler.h>

#include "sctrace.h"

void sct_wait_ask(struct sct_cpu *rc);
int sct_wait_start(struct sct_dev *sd, bool on);
void sct_wait_stop(struct sct_dev *sd);
void sct_wait_reader_caught_up(struct sct_dev *sd);
void sct_wait_init(struct sct_dev *sd);
void sct_wait_exit(void);
void sct_wait_counters(struct sct_dev *sd, struct sctrace_counters *c);
void sct_wait_reset_counters(struct sct_dev *sd);

/*
 * The unread bytes u of rc's ring, whose reader is at cons, call for a
 * wait (START_WAIT): more than 3/4 of the ring, and the reader has moved
 * since a wait on this ring last ran out of time (a reader that stopped
 * reading costs one wait, not one per record).
 */
static __always_inline bool sct_wait_due(const struct sct_cpu *rc, u64 u, u64 cons)
{
	return unlikely(READ_ONCE(rc->dev->wait_on)) && u > (rc->mask + 1) / 4 * 3 &&
	       u <= rc->mask + 1 &&	/* not a garbage cons_pos */
	       READ_ONCE(rc->wait_stalled) != cons + 1;
}

#endif /* SCT_WAIT_H */
