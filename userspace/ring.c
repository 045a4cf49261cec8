// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Ring consumer: the reader's half of the memory-ordering contract in
 * sctrace_abi.h (next to struct sctrace_ctrl), and the module's record
 * framing. The eBPF framing is in bpf_ring.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "record.h"
#include "ring.h"

void sct_ring__init_pos(struct sct_ring *r, __u64 *cons_pos,
			const __u64 *prod_pos, const void *data,
			uint64_t size, unsigned int cpu)
{
	r->cons_pos = cons_pos;
	r->prod_pos = prod_pos;
	r->data = data;
	r->size = size;
	r->cpu = cpu;
	r->err = 0;
	r->errmsg[0] = '\0';
	r->cur_len = 0;
	/* start where the last reader stopped (0 on a fresh open) */
	r->pos = __atomic_load_n(cons_pos, __ATOMIC_RELAXED);
	r->prod = r->pos;
}

void sct_ring__init(struct sct_ring *r, struct sctrace_ctrl *ctrl,
		    const void *data, uint64_t size, unsigned int cpu)
{
	sct_ring__init_pos(r, &ctrl->cons_pos, &ctrl->prod_pos, data, size, cpu);
}

int sct_ring__fail(struct sct_ring *r, const char *fmt, ...)
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
	/* pairs with smp_store_mb(ctrl->prod_pos) in sct_ring_commit() (module)
	 * and smp_store_release(&rb->producer_pos) in __bpf_ringbuf_reserve():
	 * the records (or ring headers) below prod are written before we read
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
	char why[128];
	uint64_t avail;
	uint32_t len;
	uint16_t type;

	if (r->err)
		return r->err;
	avail = r->prod - r->pos;
	if (avail == 0)
		return 0;
	h = (const struct sctrace_hdr *)(r->data + (r->pos & (r->size - 1)));
	/* read once: what we check is what we hand out */
	len = __atomic_load_n(&h->len, __ATOMIC_RELAXED);
	type = __atomic_load_n(&h->type, __ATOMIC_RELAXED);
	if (sct_record__check(len, type, avail, why, sizeof(why)))
		return sct_ring__fail(r, "%s", why);
	r->cur_len = len;
	*rec = h;
	return 1;
}

void sct_ring__advance(struct sct_ring *r, uint64_t len)
{
	r->pos += len;
	/* pairs with smp_load_acquire(&ctrl->cons_pos) in sct_ring_reserve()
	 * (module), of &rb->consumer_pos in __bpf_ringbuf_reserve(): we are
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

int sct_ring__src_refresh(void *ctx)
{
	return sct_ring__refresh(ctx);
}

static int ring_peek(void *ctx, const struct sctrace_hdr **rec)
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
	.peek = ring_peek,
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
