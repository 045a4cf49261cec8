/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The eBPF backend's rings as merge sources: the module's rings laid out
 * in segments (sctrace_abi.h, "The eBPF backend's rings"), read by ring.c,
 * plus the doorbell, the BPF ring buffer sct_bell that the probe writes
 * to wake the reader. Its entries carry nothing the reader needs: every
 * refresh first drains it (consumer position := producer position), then
 * takes the ring's snapshot, so whatever was published before a doorbell
 * the reader has drained is in the snapshot, and the bell's fd stays
 * readable only while a doorbell is undrained.
 */
#ifndef SCT_BPF_RINGS_H
#define SCT_BPF_RINGS_H

#include <stddef.h>
#include <stdint.h>
#include "ring.h"

/* The positions of a BPF ring buffer, from its consumer and producer pages. */
struct sct_bpf_bell {
	__u64 *cons;		/* consumer_pos, reader -> kernel */
	const __u64 *prod;	/* producer_pos, kernel -> reader */
};

struct sct_bpf_src {
	struct sct_ring ring;
	struct sct_bpf_bell *bell;
};

/* Ring geometry: per CPU, nseg segments of seg_size bytes. */
struct sct_bpf_geom {
	uint32_t ncpus;
	uint32_t nseg;
	uint64_t ring_size;
	uint64_t seg_size;
	uint64_t seg_value;	/* bytes of a segment's map value: seg_size + slack */
};

/* The geometry for rings of ring_size bytes (a power of two). */
struct sct_bpf_geom sct_bpf_geom(uint32_t ncpus, uint64_t ring_size);

/*
 * src reads CPU cpu's ring: ctrl is its control page, data the sct_data
 * map's values, as mapped (and bell outlives the sources).
 */
void sct_bpf_src__init(struct sct_bpf_src *src, const struct sct_bpf_geom *g,
		       uint32_t cpu, struct sctrace_ctrl *ctrl, const void *data,
		       struct sct_bpf_bell *bell);
struct sct_source sct_bpf_src__source(struct sct_bpf_src *src);

/* Consumes every doorbell. */
void sct_bpf_bell__drain(struct sct_bpf_bell *bell);

#endif /* SCT_BPF_RINGS_H */
