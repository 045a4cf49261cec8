/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * k-way merge of per-CPU sources by hdr.ts_ns, in rounds.
 *
 * A thread that migrates writes its records into several rings; each ring
 * is in time order, but a record may become visible in one ring after a
 * later record of the same thread (or of any task) is visible in another:
 * a producer can be held between stamping a record and committing it (an
 * interrupt, a preempted vCPU). Rounds fix that:
 *
 *   1. the horizon: a time such that every record stamped at or before it
 *      is committed. With a sync (live backends) it is the clock reading
 *      taken before the last completed sync (SCTRACE_IOC_SYNC for the
 *      module, an RCU grace period through membarrier() for eBPF:
 *      sctrace_abi.h), which a thread of its own runs (syncer.h); without
 *      one (tests, capture files) it is simply now;
 *   2. THEN take every record each source has published (acquire load of
 *      its producer position) into a queue of the merge, releasing the
 *      ring space at once;
 *   3. hand out, oldest first, only queued records with ts_ns <= horizon;
 *   4. when none is left: if records wait past the horizon, wait for the
 *      sync that was asked for when they were queued (at most two grace
 *      periods, and only when there is nothing else to hand out) and start
 *      a new round; if the queues are empty, start a new round, and if that
 *      one finds nothing either, return 0.
 *
 * With a sync, any record stamped before the horizon was committed before
 * step 2, so it is queued: nothing older can show up later. That is a
 * guarantee, not a likelihood. Records wait in the merge's queues, not in
 * the rings, so a grace period (10-20 ms) costs memory in the reader, not
 * ring space; a queue holds at most four rings' worth, so a reader that
 * is slower than its producers leaves the rest in the ring, which drops
 * and counts as it always did. The clock is read as the kernel stamps
 * (without a time namespace's offset). SCTRACE_NEXT_DRAIN makes the horizon infinite (capture
 * stopped, every record committed). Ties on ts_ns go to the lower source
 * order (CPU id).
 */
#ifndef SCT_MERGE_H
#define SCT_MERGE_H

#include <stddef.h>
#include <stdint.h>
#include "source.h"
#include "syncer.h"

struct sct_merge;

/* CLOCK_MONOTONIC less the slack and *(int64_t *)arg (a time namespace's
 * offset, ns; arg may be NULL). */
uint64_t sct_clock__monotonic(void *arg);

/* srcs is copied; NULL on allocation failure (errno set). clock: "now" in
 * the clock of hdr.ts_ns, injectable for tests. */
struct sct_merge *sct_merge__new(const struct sct_source *srcs, size_t n,
				 sct_clock_fn clock, void *clock_arg);
void sct_merge__free(struct sct_merge *m);
/* The backend's sync, for step 1 (starts the syncer's thread): 0 or -errno. */
int sct_merge__set_sync(struct sct_merge *m, sct_sync_fn sync, void *arg);
/* Syncs completed so far. */
uint64_t sct_merge__syncs(const struct sct_merge *m);
/*
 * At most this many bytes wait in a source's queue (default: no limit):
 * past it, records stay in the source (a ring then drops and counts), and
 * only records older than the newest one queued there are handed out.
 */
void sct_merge__limit_queues(struct sct_merge *m, size_t bytes);

/*
 * 1 and *rec (valid until the next call), 0 when nothing is ready, or
 * -EBADMSG once for a source that turned out malformed, after the records
 * it gave before (its errmsg is in sct_merge__errmsg(); the others are
 * still read), -ENOMEM when a queue cannot grow.
 */
int sct_merge__next(struct sct_merge *m, const struct sctrace_hdr **rec,
		    unsigned int flags);
const char *sct_merge__errmsg(const struct sct_merge *m);

#endif /* SCT_MERGE_H */
