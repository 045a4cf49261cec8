// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* In-memory BPF ring buffer for the tests (see bpf_ring_mem.h). */
#define _GNU_SOURCE	/* memfd_create */
#include <linux/bpf.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bpf_ring_mem.h"

int bpf_ring_mem__init(struct bpf_ring_mem *m, size_t size, uint64_t start)
{
	uint8_t *base;

	memset(m, 0, sizeof(*m));
	m->page = (size_t)sysconf(_SC_PAGESIZE);
	m->size = size;
	m->fd = memfd_create("sctrace-test-bpf-ring", MFD_CLOEXEC);
	if (m->fd < 0 || ftruncate(m->fd, (off_t)size) < 0)
		return -1;
	base = mmap(NULL, m->page + 2 * size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -1;
	m->prod_map = base;
	if (mmap(base + m->page, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 m->fd, 0) == MAP_FAILED ||
	    mmap(base + m->page + size, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 m->fd, 0) == MAP_FAILED)
		return -1;
	m->cons = mmap(NULL, m->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->cons == MAP_FAILED)
		return -1;
	m->prod_pos = (uint64_t *)base;
	m->data = base + m->page;
	*m->prod_pos = start;
	*m->cons = start;
	return 0;
}

void bpf_ring_mem__fini(struct bpf_ring_mem *m)
{
	if (m->prod_map)
		munmap(m->prod_map, m->page + 2 * m->size);
	if (m->cons)
		munmap(m->cons, m->page);
	if (m->fd >= 0)
		close(m->fd);
	memset(m, 0, sizeof(*m));
	m->fd = -1;
}

void *bpf_ring_mem__reserve(struct bpf_ring_mem *m, uint32_t len)
{
	uint64_t pos = *m->prod_pos;
	uint8_t *hdr = m->data + (pos & (m->size - 1));

	*(uint32_t *)hdr = len | BPF_RINGBUF_BUSY_BIT;
	*(uint32_t *)(hdr + 4) = 0;
	__atomic_store_n(m->prod_pos, pos + ((len + BPF_RINGBUF_HDR_SZ + 7) / 8 * 8),
			 __ATOMIC_RELEASE);
	return hdr + BPF_RINGBUF_HDR_SZ;
}

void bpf_ring_mem__commit(void *sample, bool discard)
{
	uint32_t *hdr = (uint32_t *)((uint8_t *)sample - BPF_RINGBUF_HDR_SZ);
	uint32_t len = *hdr & ~BPF_RINGBUF_BUSY_BIT;

	__atomic_store_n(hdr, len | (discard ? BPF_RINGBUF_DISCARD_BIT : 0), __ATOMIC_RELEASE);
}

void bpf_ring_mem__put(struct bpf_ring_mem *m, const void *rec, uint32_t len)
{
	void *sample = bpf_ring_mem__reserve(m, len);

	memcpy(sample, rec, len);
	bpf_ring_mem__commit(sample, false);
}
