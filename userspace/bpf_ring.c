// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The record framing of a BPF ring buffer (see bpf_ring.h); positions,
 * ordering and errors are ring.c's.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/bpf.h>

#include "bpf_ring.h"
#include "record.h"

#define SCT_BPF_HDR_SZ		8	/* BPF_RINGBUF_HDR_SZ */
#define SCT_BPF_LEN_BITS	(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT)

void sct_bpf_ring__init(struct sct_ring *r, void *cons, const void *prod,
			size_t page_size, uint64_t size, unsigned int cpu)
{
	sct_ring__init_pos(r, cons, prod, (const uint8_t *)prod + page_size, size, cpu);
}

/* Ring bytes of a record: header and sample, rounded up to 8 (libbpf). */
static uint64_t sct_bpf_ring__total(uint32_t len)
{
	return ((uint64_t)len + SCT_BPF_HDR_SZ + 7) / 8 * 8;
}

/* The sample is an sctrace record of exactly len bytes. */
static int sct_bpf_ring__check(struct sct_ring *r, const struct sctrace_hdr *h,
			       uint32_t len)
{
	uint32_t hlen;
	uint16_t type;
	char why[128];

	if (len < sizeof(*h))
		return sct_ring__fail(r, "BPF record of %" PRIu32 " bytes is shorter than a record header",
				      len);
	/* read once: what we check is what we hand out */
	hlen = __atomic_load_n(&h->len, __ATOMIC_RELAXED);
	type = __atomic_load_n(&h->type, __ATOMIC_RELAXED);
	if (sct_record__check(hlen, type, len, why, sizeof(why)))
		return sct_ring__fail(r, "%s", why);
	if (hlen != len)
		return sct_ring__fail(r, "record length %" PRIu32 " but BPF record length %" PRIu32,
				      hlen, len);
	return 0;
}

int sct_bpf_ring__peek(struct sct_ring *r, const struct sctrace_hdr **rec)
{
	const uint8_t *p;
	uint64_t avail, total;
	uint32_t word, len;

	for (;;) {
		if (r->err)
			return r->err;
		avail = r->prod - r->pos;
		if (avail == 0)
			return 0;
		if (avail < SCT_BPF_HDR_SZ || r->pos % 8)
			return sct_ring__fail(r, "no whole BPF ring header in the %" PRIu64
					      " bytes published", avail);
		p = r->data + (r->pos & (r->size - 1));
		/* pairs with the release (xchg) of the header in
		 * bpf_ringbuf_commit(): the record is written before
		 */
		word = __atomic_load_n((const uint32_t *)p, __ATOMIC_ACQUIRE);
		if (word & BPF_RINGBUF_BUSY_BIT)
			return 0;	/* not committed yet: it and what follows wait */
		len = word & ~SCT_BPF_LEN_BITS;
		total = sct_bpf_ring__total(len);
		if (total > avail)
			return sct_ring__fail(r, "BPF record length %" PRIu32 " exceeds the %" PRIu64
					      " bytes published", len, avail);
		if (word & BPF_RINGBUF_DISCARD_BIT) {
			sct_ring__advance(r, total);	/* never written by sctrace */
			continue;
		}
		if (sct_bpf_ring__check(r, (const struct sctrace_hdr *)(p + SCT_BPF_HDR_SZ), len))
			return r->err;
		r->cur_len = (uint32_t)total;
		*rec = (const struct sctrace_hdr *)(p + SCT_BPF_HDR_SZ);
		return 1;
	}
}

static int bpf_ring_peek(void *ctx, const struct sctrace_hdr **rec)
{
	return sct_bpf_ring__peek(ctx, rec);
}

static const struct sct_source_ops sct_bpf_ring_source_ops = {
	.refresh = sct_ring__src_refresh,
	.peek = bpf_ring_peek,
	.consume = sct_ring__src_consume,
	.errmsg = sct_ring__src_errmsg,
};

struct sct_source sct_bpf_ring__source(struct sct_ring *r)
{
	return (struct sct_source){
		.ops = &sct_bpf_ring_source_ops,
		.ctx = r,
		.order = r->cpu,
	};
}
