/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * A ring in memory laid out exactly as the module presents it: a control
 * page, and ring_size bytes of data mapped twice back to back (memfd + two
 * fixed mappings), so a record written across the end reads contiguously.
 * The test is the producer: it writes records and publishes prod_pos with
 * a release store, like sct_ring_commit().
 */
#ifndef SCT_TEST_RING_MEM_H
#define SCT_TEST_RING_MEM_H

#include <stddef.h>
#include <stdint.h>
#include "sctrace_abi.h"

struct ring_mem {
	struct sctrace_ctrl *ctrl;	/* one page */
	uint8_t *data;			/* 2 * size bytes, writable here */
	size_t size;
	uint64_t prod;			/* written, maybe not published */
	int fd;
	int heap;			/* ring_mem__init_heap() */
};

/* size: a multiple of the page size. start: initial prod = cons. 0 or -1. */
int ring_mem__init(struct ring_mem *m, size_t size, uint64_t start);
/*
 * The same on the heap, where AddressSanitizer sees a read past its end:
 * 2 * size bytes of data, not aliased, so a record that straddles the end
 * reads as written only because writer and reader both address it from
 * where it starts (data + (pos & (size - 1))), as ring_mem__write() does.
 */
int ring_mem__init_heap(struct ring_mem *m, size_t size, uint64_t start);
void ring_mem__fini(struct ring_mem *m);

/* Copies len bytes of rec at prod (not yet visible to the reader). */
void ring_mem__write(struct ring_mem *m, const void *rec, size_t len);
/* Release-stores prod_pos: everything written becomes visible. */
void ring_mem__publish(struct ring_mem *m);
/* write + publish */
void ring_mem__put(struct ring_mem *m, const void *rec, size_t len);

/* Record builders: header filled, len set to sizeof the struct. */
struct sctrace_sys_exit rec_sys_exit(uint64_t ts, uint16_t cpu, uint32_t tid,
				     uint32_t nr, int64_t ret);
struct sctrace_task_exit rec_task_exit(uint64_t ts, uint16_t cpu, uint32_t tid,
				       int32_t code, uint32_t flags);

#endif /* SCT_TEST_RING_MEM_H */
