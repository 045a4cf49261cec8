// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* In-memory double-mapped ring for the tests (see ring_mem.h). */
#define _GNU_SOURCE	/* memfd_create */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ring_mem.h"

int ring_mem__init(struct ring_mem *m, size_t size, uint64_t start)
{
	uint8_t *base;

	memset(m, 0, sizeof(*m));
	m->fd = memfd_create("sctrace-test-ring", MFD_CLOEXEC);
	if (m->fd < 0 || ftruncate(m->fd, (off_t)size) < 0)
		return -1;
	/* reserve 2 * size of address space, then map the memfd twice in it */
	base = mmap(NULL, 2 * size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -1;
	if (mmap(base, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, m->fd, 0) == MAP_FAILED ||
	    mmap(base + size, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, m->fd, 0) == MAP_FAILED)
		return -1;
	m->data = base;
	m->size = size;
	m->ctrl = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->ctrl == MAP_FAILED)
		return -1;
	m->ctrl->prod_pos = start;
	m->ctrl->cons_pos = start;
	m->prod = start;
	return 0;
}

int ring_mem__init_heap(struct ring_mem *m, size_t size, uint64_t start)
{
	memset(m, 0, sizeof(*m));
	m->fd = -1;
	m->heap = 1;
	m->size = size;
	m->data = calloc(2, size);
	m->ctrl = calloc(1, sizeof(*m->ctrl));
	if (!m->data || !m->ctrl)
		return -1;
	m->ctrl->prod_pos = start;
	m->ctrl->cons_pos = start;
	m->prod = start;
	return 0;
}

void ring_mem__fini(struct ring_mem *m)
{
	if (m->heap) {
		free(m->data);
		free(m->ctrl);
	} else {
		if (m->data)
			munmap(m->data, 2 * m->size);
		if (m->ctrl)
			munmap(m->ctrl, (size_t)sysconf(_SC_PAGESIZE));
	}
	if (m->fd >= 0)
		close(m->fd);
	memset(m, 0, sizeof(*m));
	m->fd = -1;
}

void ring_mem__write(struct ring_mem *m, const void *rec, size_t len)
{
	memcpy(m->data + (m->prod & (m->size - 1)), rec, len);
	m->prod += len;
}

void ring_mem__publish(struct ring_mem *m)
{
	__atomic_store_n(&m->ctrl->prod_pos, m->prod, __ATOMIC_RELEASE);
}

void ring_mem__put(struct ring_mem *m, const void *rec, size_t len)
{
	ring_mem__write(m, rec, len);
	ring_mem__publish(m);
}

static struct sctrace_hdr rec_hdr(uint32_t len, uint16_t type, uint64_t ts,
				  uint16_t cpu, uint32_t tid)
{
	return (struct sctrace_hdr){ .len = len, .type = type, .cpu = cpu,
				     .tid = tid, .tgid = tid, .ts_ns = ts };
}

struct sctrace_sys_exit rec_sys_exit(uint64_t ts, uint16_t cpu, uint32_t tid,
				     uint32_t nr, int64_t ret)
{
	return (struct sctrace_sys_exit){
		.hdr = rec_hdr(sizeof(struct sctrace_sys_exit), SCTRACE_REC_SYS_EXIT, ts, cpu, tid),
		.nr = nr, .nitem = 0, .flags = 0, .ret = ret,
	};
}

struct sctrace_task_exit rec_task_exit(uint64_t ts, uint16_t cpu, uint32_t tid,
				       int32_t code, uint32_t flags)
{
	return (struct sctrace_task_exit){
		.hdr = rec_hdr(sizeof(struct sctrace_task_exit), SCTRACE_REC_EXIT, ts, cpu, tid),
		.code = code, .flags = flags,
	};
}
