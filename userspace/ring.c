// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Ring consumer: the reader's half of the memory-ordering contract in
 * sctrace_abi.h (next to struct sctrace_ctrl), for the module's mapping
 * and the eBPF backend's segments; each record copied out before use and
 * the consumer position published in batches (see ring.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "ring.h"

/* cons_pos is published at least every ring_size / SCT_RING_BATCHES bytes */
#define SCT_RING_BATCHES	16

__attribute__((format(printf, 2, 3)))
static int sct_ring__fail(struct sct_ring *r, const char *fmt, ...);

void sct_ring__init_seg(struct sct_ring *r, struct sctrace_ctrl *ctrl,
			const void *data, uint64_t size, uint64_t seg_size,
			uint64_t seg_stride, uint64_t seg_span, unsigned int cpu)
{
	r->cons_pos = &ctrl->cons_pos;
	r->prod_pos = &ctrl->prod_pos;
	r->data = data;
	r->size = size;
	r->seg_size = seg_size;
	r->seg_stride = seg_stride;
	r->seg_span = seg_span;
	r->cpu = cpu;
	r->err = 0;
	r->errmsg[0] = '\0';
	r->cur_len = 0;
	/* start where the last reader stopped (0 on a fresh open) */
	r->pos = __atomic_load_n(&ctrl->cons_pos, __ATOMIC_RELAXED);
	r->prod = r->pos;
	r->pub = r->pos;
	r->batch = size / SCT_RING_BATCHES;
	/*
	 * Records are 8-byte multiples written from 8-byte aligned positions:
	 * a position that is not (whoever else holds the control page wrote
	 * it) would have us read headers at unaligned addresses. The ring is
	 * dead: every call says -EBADMSG.
	 */
	if (r->pos % SCTRACE_REC_ALIGN)
		sct_ring__fail(r, "consumer position is not a multiple of %u", SCTRACE_REC_ALIGN);
}

void sct_ring__init(struct sct_ring *r, struct sctrace_ctrl *ctrl,
		    const void *data, uint64_t size, unsigned int cpu)
{
	/* one segment, the ring, whose second mapping is its slack */
	sct_ring__init_seg(r, ctrl, data, size, size, 0, 2 * size, cpu);
}

static int sct_ring__fail(struct sct_ring *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(r->errmsg, sizeof(r->errmsg), "CPU %u ring, position %" PRIu64 ": ",
		     r->cpu, r->pos);
	if (n < 0 || (size_t)n >= sizeof(r->errmsg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->errmsg + n, sizeof(r->errmsg) - n, fmt, ap);
	va_end(ap);
	r->err = -EBADMSG;
	return r->err;
}

/*
 * Tells the producer that everything below pos is read: the records were
 * copied out and consumed. Batched (ring.h says when); why that keeps
 * poll() and the producer right:
 *
 *  - module: sct_poll() finds a ring readable when prod - cons_pos reaches
 *    the watermark, and sct_ring_commit() wakes the reader when a record
 *    makes it cross the watermark, as seen with cons_pos. A reader goes
 *    to poll() after sctrace_next() returned 0, i.e. after a merge round
 *    that refreshed (published) every ring and consumed nothing since,
 *    and in which peek found each ring empty (consume() published when it
 *    reached the end) or held a record: cons_pos is then exactly what a
 *    store per record would have left (all but the held record), so poll()
 *    neither sees bytes already read (which would make it return at once,
 *    again and again) nor misses any. That last store comes before the
 *    smp_mb() in sct_poll(), so the pairing described in sct_ring_commit()
 *    holds as before: either poll() sees the new prod_pos, or the
 *    producer sees this cons_pos and wakes us when the watermark is
 *    crossed. While we read, cons_pos lags by less than a batch: the ring
 *    only looks fuller, so sct_ring_commit() may take its barrier path, or
 *    queue a wakeup, at other records than it would have (we are awake:
 *    no harm), and sct_ring_reserve() drops a record only if the ring is
 *    full but for less than a batch.
 *  - eBPF: the probe rings the doorbell whatever cons_pos says; cons_pos
 *    only decides what sct_reserve() finds free, as above.
 */
static void sct_ring__publish(struct sct_ring *r)
{
	if (r->pub == r->pos)
		return;
	r->pub = r->pos;
	/* pairs with smp_load_acquire(&ctrl->cons_pos) in sct_ring_reserve()
	 * (module) and the x86-64 load of it in sct_reserve() (eBPF): we are
	 * done reading everything below pos before it is reused
	 */
	__atomic_store_n(r->cons_pos, r->pos, __ATOMIC_RELEASE);
}

int sct_ring__refresh(struct sct_ring *r)
{
	uint64_t prod;

	if (r->err)
		return r->err;
	sct_ring__publish(r);
	/* pairs with smp_store_release(&ctrl->prod_pos) in sct_ring_commit()
	 * (module) and the x86-64 store of it in sct_commit() (eBPF): the
	 * records below prod are written before we read them
	 */
	prod = __atomic_load_n(r->prod_pos, __ATOMIC_ACQUIRE);
	/* wrap-safe: prod - pos is the number of unread bytes */
	if (prod - r->pos > r->size)
		return sct_ring__fail(r, "producer position %" PRIu64
				      " is not within one ring (%" PRIu64 " bytes) ahead",
				      prod, r->size);
	r->prod = prod;
	return 0;
}

int sct_ring__peek(struct sct_ring *r, const struct sctrace_hdr **rec)
{
	const uint8_t *src;
	uint64_t avail, seg, off;
	char why[128];
	uint32_t len;
	uint16_t type;

	if (r->err)
		return r->err;
	if (r->cur_len) {	/* not consumed yet: the same copy */
		*rec = &r->rec.hdr;
		return 1;
	}
	avail = r->prod - r->pos;
	if (avail == 0)
		return 0;	/* and published: consume() did on reaching prod */
	seg = (r->pos & (r->size - 1)) / r->seg_size;
	off = r->pos & (r->seg_size - 1);
	src = r->data + seg * r->seg_stride + off;
	/* read once: the length checked is the length copied */
	len = __atomic_load_n(&((const struct sctrace_hdr *)src)->len, __ATOMIC_RELAXED);
	type = __atomic_load_n(&((const struct sctrace_hdr *)src)->type, __ATOMIC_RELAXED);
	if (sct_record__check(len, type, avail, why, sizeof(why)))
		return sct_ring__fail(r, "%s", why);
	if (off + len > r->seg_span)
		return sct_ring__fail(r, "record of %" PRIu32 " bytes runs past the end of its segment's mapping (offset %" PRIu64 " of %" PRIu64 ")",
				      len, off, r->seg_span);
	if (len > sizeof(r->rec))
		return sct_ring__fail(r, "record of %" PRIu32 " bytes is longer than the largest record (%zu bytes)",
				      len, sizeof(r->rec));
	/*
	 * A writer racing with this copy can make its bytes garbage, never its
	 * bounds: from here on everything is read from the copy, and its
	 * length and type must be the ones checked.
	 */
	memcpy(r->rec.bytes, src, len);
	if (r->rec.hdr.len != len || r->rec.hdr.type != type)
		return sct_ring__fail(r, "record changed while it was read (length %" PRIu32 ", type %u, then %" PRIu32 ", %u)",
				      len, (unsigned int)type, (uint32_t)r->rec.hdr.len,
				      (unsigned int)r->rec.hdr.type);
	r->cur_len = len;
	*rec = &r->rec.hdr;
	return 1;
}

void sct_ring__consume(struct sct_ring *r)
{
	if (!r->cur_len)
		return;
	r->pos += r->cur_len;
	r->cur_len = 0;
	/*
	 * Batched. At the end of the snapshot, where peek is about to return
	 * 0 and the reader may go to sleep, always: see sct_ring__publish().
	 */
	if (r->pos == r->prod || r->pos - r->pub >= r->batch)
		sct_ring__publish(r);
}

const char *sct_ring__errmsg(const struct sct_ring *r)
{
	return r->errmsg;
}

static int sct_ring__src_refresh(void *ctx)
{
	return sct_ring__refresh(ctx);
}

int sct_ring__src_peek(void *ctx, const struct sctrace_hdr **rec)
{
	return sct_ring__peek(ctx, rec);
}

void sct_ring__src_consume(void *ctx)
{
	sct_ring__consume(ctx);
}

const char *sct_ring__src_errmsg(void *ctx)
{
	return sct_ring__errmsg(ctx);
}

static const struct sct_source_ops sct_ring_source_ops = {
	.refresh = sct_ring__src_refresh,
	.peek = sct_ring__src_peek,
	.consume = sct_ring__src_consume,
	.errmsg = sct_ring__src_errmsg,
};

struct sct_source sct_ring__source(struct sct_ring *r)
{
	return (struct sct_source){
		.ops = &sct_ring_source_ops,
		.ctx = r,
		.order = r->cpu,
	};
}
