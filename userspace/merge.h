/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * k-way merge of per-CPU sources by hdr.ts_ns, in rounds.
 *
 * A thread that migrates writes its records into several rings; each ring
 * is in time order, but a record may become visible in one ring after a
 * later record of the same thread is visible in another. Rounds fix that:
 *
 *   1. horizon = now (the clock of hdr.ts_ns, CLOCK_MONOTONIC);
 *   2. sync: wait until every record stamped before now is committed
 *      (the backend's sync: SCTRACE_IOC_SYNC for the module, an RCU grace
 *      period through membarrier() for eBPF; see sctrace_abi.h);
 *   3. THEN refresh every source (acquire load of its producer position);
 *   4. hand out, oldest first, only records with ts_ns <= horizon;
 *   5. when none is left, start a new round; if that one has none either,
 *      return 0.
 *
 * Any record stamped before the horizon was committed before step 3, on
 * whatever CPU and however long its producer was held between stamp and
 * commit (step 2 waited for it), so it is in the snapshot: nothing older
 * can show up later. This is a guarantee, not a likelihood: without step
 * 2 a producer interrupted between its stamp and its commit (an irq, a
 * preempted vCPU) lets a later record of another CPU out first.
 * The sync costs a grace period, so it is skipped when it cannot matter:
 * when the first snapshot of the round shows no record at all (nothing
 * would be handed out; a record still being written is handed out by a
 * later round, whose horizon is later), and with a single source.
 * SCTRACE_NEXT_DRAIN makes the horizon infinite (capture stopped, every
 * record committed: no sync). Ties on ts_ns go to the lower source order
 * (CPU id).
 */
#ifndef SCT_MERGE_H
#define SCT_MERGE_H

#include <stddef.h>
#include <stdint.h>
#include "source.h"

struct sct_merge;

/* Returns "now" in the clock of hdr.ts_ns; injectable for tests. */
typedef uint64_t (*sct_clock_fn)(void *arg);

uint64_t sct_clock__monotonic(void *arg);

/* srcs is copied; NULL on allocation failure (errno set). */
struct sct_merge *sct_merge__new(const struct sct_source *srcs, size_t n,
				 sct_clock_fn clock, void *clock_arg);
void sct_merge__free(struct sct_merge *m);
/* Step 2 of a round; none by default (for tests and capture files). */
typedef void (*sct_sync_fn)(void *arg);
void sct_merge__set_sync(struct sct_merge *m, sct_sync_fn sync, void *arg);

/*
 * 1 and *rec (valid until the next call), 0 when nothing is ready, or
 * -EBADMSG once for a source that turned out malformed (its errmsg is in
 * sct_merge__errmsg(); the others are still read).
 */
int sct_merge__next(struct sct_merge *m, const struct sctrace_hdr **rec,
		    unsigned int flags);
const char *sct_merge__errmsg(const struct sct_merge *m);

#endif /* SCT_MERGE_H */
