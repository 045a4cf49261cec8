/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Consumer of one CPU's ring (sctrace_abi.h): a control page with prod_pos
 * and cons_pos, the producer position the reader only reads and the
 * consumer position only the reader writes; records back to back, hdr.len
 * apart, each contiguous in memory:
 *
 *   module   ring_size bytes of data mapped twice back to back (a record
 *            that wraps the end runs on into the second mapping)
 *   eBPF     segments of seg_size bytes, each followed by slack that a
 *            record crossing the segment's end runs on into
 *
 * Whoever else holds the mapping (a forked process, for eBPF anyone with
 * the map fd) can rewrite it while we read, so peek reads a record's length
 * once, checks it, copies exactly that many bytes into the ring's own
 * buffer and hands out the copy: what was checked is what the caller reads,
 * and it cannot change while the caller holds it. A malformed record makes
 * the ring dead (-EBADMSG) instead of being trusted.
 *
 * The consumer keeps its own position and publishes it to the consumer
 * position (release store) in batches, never past a record the caller
 * still holds: in consume() once a sixteenth of the ring is consumed and
 * not yet published, and when it reaches the end of the snapshot (so when
 * peek finds the ring empty, all of it is published); and in refresh().
 * sct_ring__publish() says why poll() and the producers still see what
 * they need.
 */
#ifndef SCT_RING_H
#define SCT_RING_H

#include <stdint.h>
#include "source.h"

struct sct_ring {
	__u64 *cons_pos;		/* reader -> producer */
	const __u64 *prod_pos;		/* producer -> reader */
	const uint8_t *data;	/* segment 0 */
	uint64_t size;		/* power of two */
	uint64_t seg_size;	/* power of two, divides size */
	uint64_t seg_stride;	/* bytes from one segment to the next in data */
	uint64_t seg_span;	/* bytes mapped from a segment's start */
	uint64_t prod;		/* snapshot of *prod_pos taken by refresh */
	uint64_t pos;		/* next record to read (the held one's) */
	uint64_t pub;		/* last position stored to *cons_pos */
	uint64_t batch;		/* publish once pos - pub reaches this */
	uint32_t cur_len;	/* bytes of the copy peek handed out, or 0 */
	unsigned int cpu;
	int err;		/* 0 or -EBADMSG, sticky */
	char errmsg[192];
	union {			/* the copy peek hands out */
		struct sctrace_hdr hdr;
		uint8_t bytes[SCTRACE_MAX_RECORD];
	} rec;
};

/* Module layout. size must be a power of two; data must map the ring twice. */
void sct_ring__init(struct sct_ring *r, struct sctrace_ctrl *ctrl,
		    const void *data, uint64_t size, unsigned int cpu);
/*
 * eBPF layout: size / seg_size segments, the first at data, seg_stride
 * bytes apart, seg_span bytes each (seg_size plus its slack).
 */
void sct_ring__init_seg(struct sct_ring *r, struct sctrace_ctrl *ctrl,
			const void *data, uint64_t size, uint64_t seg_size,
			uint64_t seg_stride, uint64_t seg_span, unsigned int cpu);
int sct_ring__refresh(struct sct_ring *r);
/*
 * 1 and *rec, the ring's copy of the next record (valid until consume();
 * peek again before that returns the same copy), 0 when the snapshot holds
 * no more, -EBADMSG.
 */
int sct_ring__peek(struct sct_ring *r, const struct sctrace_hdr **rec);
void sct_ring__consume(struct sct_ring *r);
const char *sct_ring__errmsg(const struct sct_ring *r);

/* The ring as a merge source (ctx = r). */
struct sct_source sct_ring__source(struct sct_ring *r);
/* Its ops, for a source that wraps a ring (ctx = the ring). */
int sct_ring__src_peek(void *ctx, const struct sctrace_hdr **rec);
void sct_ring__src_consume(void *ctx);
const char *sct_ring__src_errmsg(void *ctx);

#endif /* SCT_RING_H */
