// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* The eBPF backend's rings and doorbell, see bpf_rings.h. */
#include <stddef.h>

#include "bpf_rings.h"

/* ring.c's source ops take the ring: a wrapper starts with it */
_Static_assert(offsetof(struct sct_bpf_src, ring) == 0, "ring first");

struct sct_bpf_geom sct_bpf_geom(uint32_t ncpus, uint64_t ring_size)
{
	uint64_t seg = ring_size < SCTRACE_BPF_SEG_MAX ? ring_size : SCTRACE_BPF_SEG_MAX;

	return (struct sct_bpf_geom){
		.ncpus = ncpus,
		.nseg = (uint32_t)(ring_size / seg),
		.ring_size = ring_size,
		.seg_size = seg,
		.seg_value = seg + SCTRACE_BPF_SEG_SLACK,
	};
}

void sct_bpf_src__init(struct sct_bpf_src *src, const struct sct_bpf_geom *g,
		       uint32_t cpu, struct sctrace_ctrl *ctrl, const void *data,
		       struct sct_bpf_bell *bell)
{
	const uint8_t *d = (const uint8_t *)data + (size_t)cpu * g->nseg * g->seg_value;

	sct_ring__init_seg(&src->ring, ctrl, d, g->ring_size, g->seg_size, g->seg_value,
			   g->seg_value, cpu);
	src->bell = bell;
}

void sct_bpf_bell__drain(struct sct_bpf_bell *bell)
{
	/*
	 * Pairs with the release store of producer_pos in the kernel's
	 * __bpf_ringbuf_reserve(), which the probe reaches after publishing
	 * its record: every record behind a doorbell below prod is visible
	 * to the acquire load of prod_pos that follows in the refresh.
	 */
	__u64 prod = __atomic_load_n(bell->prod, __ATOMIC_ACQUIRE);

	if (__atomic_load_n(bell->cons, __ATOMIC_RELAXED) != prod)
		__atomic_store_n(bell->cons, prod, __ATOMIC_RELEASE);
}

static int bpf_src_refresh(void *ctx)
{
	struct sct_bpf_src *src = ctx;

	sct_bpf_bell__drain(src->bell);
	return sct_ring__refresh(&src->ring);
}

static const struct sct_source_ops sct_bpf_src_ops = {
	.refresh = bpf_src_refresh,
	.peek = sct_ring__src_peek,
	.consume = sct_ring__src_consume,
	.errmsg = sct_ring__src_errmsg,
};

struct sct_source sct_bpf_src__source(struct sct_bpf_src *src)
{
	return (struct sct_source){
		.ops = &sct_bpf_src_ops,
		.ctx = src,
		.order = src->ring.cpu,
	};
}
