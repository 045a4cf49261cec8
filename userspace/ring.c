// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Ring consumer: the reader's half of the memory-ordering contract in
 * sctrace_abi.h (next to struct sctrace_ctrl).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "record.h"
#include "ring.h"

void sct_ring__init(struct sct_ring *r, struct sctrace_ctrl *ctrl,
		    const void *data, uint64_t size, unsigned int cpu)
{
	r->ctrl = ctrl;
	r->data = data;
	r->size = size;
	r->cpu = cpu;
	r->err = 0;
	r->errmsg[0] = '\0';
	r->cur_len = 0;
	/* start where the last reader stopped (0 on a fresh open) */
	r->pos = __atomic_load_n(&ctrl->cons_pos, __ATOMIC_RELAXED);
	r->prod = r->pos;
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
	/* pairs with smp_store_mb(ctrl->prod_pos) in sct_ring_commit(): the
	 * records below prod are written before we read them
	 */
	prod = __atomic_load_n(&r->ctrl->prod_pos, __ATOMIC_ACQUIRE);
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
	uint64_t avail;
	uint32_t len;
	uint16_t type;
	size_t min;

	if (r->err)
		return r->err;
	avail = r->prod - r->pos;
	if (avail == 0)
		return 0;
	h = (const struct sctrace_hdr *)(r->data + (r->pos & (r->size - 1)));
	/* read once: what we check is what we hand out */
	len = __atomic_load_n(&h->len, __ATOMIC_RELAXED);
	type = __atomic_load_n(&h->type, __ATOMIC_RELAXED);
	if (len < sizeof(*h) || len % SCTRACE_REC_ALIGN)
		return sct_ring__fail(r, "bad record length %" PRIu32, len);
	if (len > r->size || len > avail)
		return sct_ring__fail(r, "record length %" PRIu32 " exceeds the %" PRIu64
				      " bytes published", len, avail);
	min = sct_record__min_len(type);
	if (!min)
		return sct_ring__fail(r, "unknown record type %u", (unsigned int)type);
	if (len < min)
		return sct_ring__fail(r, "record of type %u is %" PRIu32
				      " bytes, less than %zu", (unsigned int)type, len, min);
	r->cur_len = len;
	*rec = h;
	return 1;
}

void sct_ring__consume(struct sct_ring *r)
{
	if (!r->cur_len)
		return;
	r->pos += r->cur_len;
	r->cur_len = 0;
	/* pairs with smp_load_acquire(&ctrl->cons_pos) in sct_ring_reserve():
	 * we are done reading everything below pos before it is reused
	 */
	__atomic_store_n(&r->ctrl->cons_pos, r->pos, __ATOMIC_RELEASE);
}

const char *sct_ring__errmsg(const struct sct_ring *r)
{
	return r->errmsg;
}

static int ring_refresh(void *ctx)
{
	return sct_ring__refresh(ctx);
}

static int ring_peek(void *ctx, const struct sctrace_hdr **rec)
{
	return sct_ring__peek(ctx, rec);
}

static void ring_consume(void *ctx)
{
	sct_ring__consume(ctx);
}

static const char *ring_errmsg(void *ctx)
{
	return sct_ring__errmsg(ctx);
}

static const struct sct_source_ops sct_ring_source_ops = {
	.refresh = ring_refresh,
	.peek = ring_peek,
	.consume = ring_consume,
	.errmsg = ring_errmsg,
};

struct sct_source sct_ring__source(struct sct_ring *r)
{
	return (struct sct_source){
		.ops = &sct_ring_source_ops,
		.ctx = r,
		.order = r->cpu,
	};
}
