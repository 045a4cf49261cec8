/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Consumer of one CPU's ring as sctrace_abi.h lays it out: a control page
 * (prod_pos, cons_pos) and ring_size bytes of data mapped twice back to
 * back, so that a record that wraps the end is contiguous.
 *
 * The consumer keeps its own position; it publishes it to cons_pos (release
 * store) only in consume(), i.e. once the caller is done with the record.
 * Every record is checked before it is handed out; a malformed one makes
 * the ring dead (-EBADMSG) instead of being trusted.
 */
#ifndef SCT_RING_H
#define SCT_RING_H

#include <stdint.h>
#include "source.h"

struct sct_ring {
	struct sctrace_ctrl *ctrl;
	const uint8_t *data;	/* 2 * size bytes */
	uint64_t size;		/* power of two */
	uint64_t prod;		/* snapshot of prod_pos taken by refresh */
	uint64_t pos;		/* next record to read */
	uint32_t cur_len;	/* len of the record peek returned, or 0 */
	unsigned int cpu;
	int err;		/* 0 or -EBADMSG, sticky */
	char errmsg[192];
};

/* size must be a power of two; data must map the ring twice. */
void sct_ring__init(struct sct_ring *r, struct sctrace_ctrl *ctrl,
		    const void *data, uint64_t size, unsigned int cpu);
int sct_ring__refresh(struct sct_ring *r);
int sct_ring__peek(struct sct_ring *r, const struct sctrace_hdr **rec);
void sct_ring__consume(struct sct_ring *r);
const char *sct_ring__errmsg(const struct sct_ring *r);

/* The ring as a merge source (ctx = r). */
struct sct_source sct_ring__source(struct sct_ring *r);

#endif /* SCT_RING_H */
