// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Ring consumer: the reader's half of the memory-ordering contract in
 * sctrace_abi.h (next to struct sctrace_ctrl), for the module's mapping
 * and the eBPF backend's segments.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "record.h"
#include "ring.h"

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
}

void sct_ring__init(struct sct_ring *r, struct sctrace_ctrl *ctrl,
		    const void *data, uint64_t size, unsigned int cpu)
{
	/* one segment, the ring, whose second mapping is its slack */
	sct_ring__init_seg(r, ctrl, data, size, size, 0, 2 * size, cpu);
}

__attribute__((format(printf, 2, 3)))
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

int sct_ring__refresh(struct sct_ring *r)
{
	uint64_t prod;

	if (r->err)
		return r->err;
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
	const struct sctrace_hdr *h;
	uint64_t avail, seg, off;
	char why[128];
	uint32_t len;
	uint16_t type;

	if (r->err)
		return r->err;
	avail = r->prod - r->pos;
	if (avail == 0)
		return 0;
	seg = (r->pos & (r->size - 1)) / r->seg_size;
	off = r->pos & (r->seg_size - 1);
	h = (const struct sctrace_hdr *)(r->data + seg * r->seg_stride + off);
	/* read once: what we check is what we hand out */
	len = __atomic_load_n(&h->len, __ATOMIC_RELAXED);
	type = __atomic_load_n(&h->type, __ATOMIC_RELAXED);
	if (sct_record__check(len, type, avail, why, sizeof(why)))
		return sct_ring__fail(r, "%s", why);
	if (off + len > r->seg_span)
		return sct_ring__fail(r, "record of %" PRIu32 " bytes runs past the end of its segment's mapping (offset %" PRIu64 " of %" PRIu64 ")",
				      len, off, r->seg_span);
	r->cur_len = len;
	*rec = h;
	return 1;
}

static void sct_ring__advance(struct sct_ring *r, uint64_t len)
{
	r->pos += len;
	/* pairs with smp_load_acquire(&ctrl->cons_pos) in sct_ring_reserve()
	 * (module) and the x86-64 load of it in sct_reserve() (eBPF): we are
	 * done reading everything below pos before it is reused
	 */
	__atomic_store_n(r->cons_pos, r->pos, __ATOMIC_RELEASE);
}

void sct_ring__consume(struct sct_ring *r)
{
	if (!r->cur_len)
		return;
	sct_ring__advance(r, r->cur_len);
	r->cur_len = 0;
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
