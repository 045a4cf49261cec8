/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * A source of records in time order: one CPU's ring, of the module
 * (ring.c) or of the eBPF probe (bpf_rings.c). The merge (merge.c)
 * reads every source through these three calls only:
 *
 *   refresh   take a new snapshot of what the producer has published
 *             (acquire load); peek sees nothing newer than the snapshot
 *   peek      the oldest unconsumed record of the snapshot: 1 and *rec,
 *             0 if none is left, -EBADMSG if it is malformed (the source
 *             is then dead: every later call says -EBADMSG again)
 *   consume   the caller is done with the record peek returned: the
 *             producer may now reuse its space
 *
 * errmsg says, after -EBADMSG, what was wrong and where.
 */
#ifndef SCT_SOURCE_H
#define SCT_SOURCE_H

#include "sctrace_abi.h"

struct sct_source_ops {
	int (*refresh)(void *ctx);
	int (*peek)(void *ctx, const struct sctrace_hdr **rec);
	void (*consume)(void *ctx);
	const char *(*errmsg)(void *ctx);
};

struct sct_source {
	const struct sct_source_ops *ops;
	void *ctx;
	unsigned int order;	/* ties on ts_ns: lower order first (CPU id) */
};

#endif /* SCT_SOURCE_H */
