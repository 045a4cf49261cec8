/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * A BPF ring buffer (BPF_MAP_TYPE_RINGBUF) read directly from its
 * mappings, as libbpf's ringbuf.c does, as a merge source: the consumer
 * page (mapped read-write at offset 0 of the map fd) holds the consumer
 * position; the producer page and then the data, twice, are mapped
 * read-only at offset page_size. Each record is an 8-byte ring header
 * (length with the BUSY and DISCARD bits, page offset), then the sctrace
 * record, the whole rounded up to 8 bytes. The rest is ring.h.
 */
#ifndef SCT_BPF_RING_H
#define SCT_BPF_RING_H

#include <stddef.h>
#include "ring.h"

/* cons: the consumer page; prod: the read-only mapping (page + 2 * size). */
void sct_bpf_ring__init(struct sct_ring *r, void *cons, const void *prod,
			size_t page_size, uint64_t size, unsigned int cpu);
int sct_bpf_ring__peek(struct sct_ring *r, const struct sctrace_hdr **rec);

/* The ring as a merge source (ctx = r). */
struct sct_source sct_bpf_ring__source(struct sct_ring *r);

#endif /* SCT_BPF_RING_H */
