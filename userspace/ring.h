/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Consumer of one CPU's ring: ring_size bytes of data mapped twice back to
 * back (a record that wraps the end is contiguous), a producer position
 * the reader only reads and a consumer position only the reader writes.
 * Two layouts share everything but the record framing (peek):
 *
 *   module (ring.c)     sctrace_abi.h: a control page with prod_pos and
 *                       cons_pos; records back to back, hdr.len apart
 *   eBPF (bpf_ring.c)   a BPF ring buffer: consumer page, producer page;
 *                       each record behind an 8-byte ring header (length,
 *                       BUSY and DISCARD bits)
 *
 * The consumer keeps its own position; it publishes it to the consumer
 * position (release store) only in consume(), i.e. once the caller is done
 * with the record. Every record is checked before it is handed out; a
 * malformed one makes the ring dead (-EBADMSG) instead of being trusted.
 */
#ifndef SCT_RING_H
#define SCT_RING_H

#include <stdint.h>
#include "source.h"

struct sct_ring {
	__u64 *cons_pos;		/* reader -> producer */
	const __u64 *prod_pos;		/* producer -> reader */
	const uint8_t *data;	/* 2 * size bytes */
	uint64_t size;		/* power of two */
	uint64_t prod;		/* snapshot of *prod_pos taken by refresh */
	uint64_t pos;		/* next record to read */
	uint32_t cur_len;	/* ring bytes of the record peek returned, or 0 */
	unsigned int cpu;
	int err;		/* 0 or -EBADMSG, sticky */
	char errmsg[192];
};

/* Module layout. size must be a power of two; data must map the ring twice. */
void sct_ring__init(struct sct_ring *r, struct sctrace_ctrl *ctrl,
		    const void *data, uint64_t size, unsigned int cpu);
int sct_ring__refresh(struct sct_ring *r);
int sct_ring__peek(struct sct_ring *r, const struct sctrace_hdr **rec);
void sct_ring__consume(struct sct_ring *r);
const char *sct_ring__errmsg(const struct sct_ring *r);

/* The ring as a merge source (ctx = r). */
struct sct_source sct_ring__source(struct sct_ring *r);

/* For the layouts (ring.c, bpf_ring.c): */
void sct_ring__init_pos(struct sct_ring *r, __u64 *cons_pos,
			const __u64 *prod_pos, const void *data,
			uint64_t size, unsigned int cpu);
/* Makes the ring dead with a message naming it; returns -EBADMSG. */
__attribute__((format(printf, 2, 3)))
int sct_ring__fail(struct sct_ring *r, const char *fmt, ...);
/* Moves pos on by len ring bytes and releases them to the producer. */
void sct_ring__advance(struct sct_ring *r, uint64_t len);
/* Source ops every layout shares (ctx = r). */
int sct_ring__src_refresh(void *ctx);
void sct_ring__src_consume(void *ctx);
const char *sct_ring__src_errmsg(void *ctx);

#endif /* SCT_RING_H */
