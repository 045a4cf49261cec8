/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The merge's ordering wait, run in a thread of its own so that the reader
 * never blocks on it while it has records to hand out.
 *
 * A sync (the backend's: an RCU grace period, SCTRACE_IOC_SYNC or
 * membarrier()) returns once every record stamped before it began is
 * committed. The thread reads the clock, syncs, then publishes that clock
 * reading as the safe horizon: every record stamped at or before it is in
 * the rings for any refresh that follows. The merge asks for a sync when it
 * holds records past the safe horizon, and waits for one only when it has
 * nothing else to hand out.
 */
#ifndef SCT_SYNCER_H
#define SCT_SYNCER_H

#include <stdbool.h>
#include <stdint.h>

struct sct_syncer;

typedef uint64_t (*sct_clock_fn)(void *arg);
typedef void (*sct_sync_fn)(void *arg);

/* NULL and errno set on failure. */
struct sct_syncer *sct_syncer__new(sct_sync_fn sync, void *sync_arg,
				   sct_clock_fn clock, void *clock_arg);
/* Ends the thread (after the sync it may be in) and frees everything. */
void sct_syncer__free(struct sct_syncer *s);

/* The horizon of the last sync that completed (0 before the first). */
uint64_t sct_syncer__safe(struct sct_syncer *s);
/* Starts a sync unless one is asked for or running already. */
void sct_syncer__request(struct sct_syncer *s);
/* Syncs completed so far. */
uint64_t sct_syncer__count(struct sct_syncer *s);
/*
 * Starts a sync if none is asked for or running, and waits at most
 * timeout_ms for the count of completed syncs to pass seen: true if it
 * did (the caller keeps reading its rings between short waits).
 */
bool sct_syncer__wait(struct sct_syncer *s, uint64_t seen, unsigned int timeout_ms);

#endif /* SCT_SYNCER_H */
