/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * A BPF ring buffer in memory laid out as the kernel maps it: a consumer
 * page, and a producer page followed by the data mapped twice (memfd +
 * fixed mappings). The test is the producer and follows
 * kernel/bpf/ringbuf.c: reserve publishes producer_pos with the record's
 * 8-byte header marked BUSY, commit clears BUSY (or sets DISCARD).
 */
#ifndef SCT_TEST_BPF_RING_MEM_H
#define SCT_TEST_BPF_RING_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bpf_ring_mem {
	uint64_t *cons;		/* consumer page */
	uint8_t *prod_map;	/* producer page, then data twice: page + 2 * size */
	uint64_t *prod_pos;	/* = prod_map */
	uint8_t *data;		/* = prod_map + page */
	size_t size, page;
	int fd;
};

/* size: a multiple of the page size. start: initial positions. 0 or -1. */
int bpf_ring_mem__init(struct bpf_ring_mem *m, size_t size, uint64_t start);
void bpf_ring_mem__fini(struct bpf_ring_mem *m);

/* A BUSY record of len sample bytes, published; returns the sample. */
void *bpf_ring_mem__reserve(struct bpf_ring_mem *m, uint32_t len);
/* Clears BUSY of the record whose sample is at sample (DISCARD if asked). */
void bpf_ring_mem__commit(void *sample, bool discard);
/* reserve + copy + commit */
void bpf_ring_mem__put(struct bpf_ring_mem *m, const void *rec, uint32_t len);

#endif /* SCT_TEST_BPF_RING_MEM_H */
