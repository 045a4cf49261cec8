// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The eBPF backend: the probe of driver/bpf/ (loaded by bpf_load.c), one
 * BPF ring buffer per possible CPU read by bpf_ring.c, filters and the
 * traced-tgid bitmap in the probe's .bss (mapped here by the skeleton). The module's rules hold: settings change
 * only while stopped (EBUSY otherwise), a fresh open traces every task but
 * the reader. Start attaches the programs, stop detaches them: a stopped
 * capture costs nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/membarrier.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "backend.h"
#include "bpf_load.h"
#include "bpf_ring.h"
#include "sctrace_bpf.skel.h"

#define SCT_BPF_RING_DEFAULT	(8ULL << 20)
#define SCT_BPF_RING_MIN	(64ULL << 10)
#define SCT_BPF_RING_MAX	(1ULL << 30)
#define SCT_BPF_MAX_CPUS	65536	/* hdr.cpu is 16 bits */
#define SCT_PID_MAX_LIMIT	4194304	/* PID_MAX_LIMIT on 64-bit */
#define SCT_TGID_BITS		(8 * sizeof(((struct sctrace_bpf__bss *)0)->sct_tgids))

_Static_assert(SCT_TGID_BITS == SCT_PID_MAX_LIMIT, "the probe's tgid bitmap");

struct sct_bpf_map {
	int fd;			/* the ring buffer map, -1 if none */
	void *cons;		/* consumer page, rw */
	void *prod;		/* producer page + 2 * ring, ro */
};

struct sct_bpf {
	struct sctrace_bpf *skel;
	int epfd;			/* every ring's fd: sctrace_fd() */
	size_t page;
	struct sct_bpf_map *maps;	/* [nrings] */
	struct sct_ring *rings;		/* [nrings] */
	size_t nrings;
	/*
	 * [nrings] values of the probe's per-CPU state map, each stride bytes
	 * and starting with that CPU's struct sctrace_cpu_counters
	 */
	uint8_t *percpu;
	size_t stride;
	bool running;
};

static int sct_bpf__ring_size(struct sctrace *t, uint64_t size, __u64 *out)
{
	if (!size)
		size = SCT_BPF_RING_DEFAULT;
	if ((size & (size - 1)) || size < SCT_BPF_RING_MIN || size > SCT_BPF_RING_MAX)
		return sct_fail(t, EINVAL, "ring size %" PRIu64 ": must be a power of two from %llu to %llu bytes",
				size, SCT_BPF_RING_MIN, SCT_BPF_RING_MAX);
	*out = size;
	return 0;
}

/* One CPU's ring buffer: created, put in the probe's array, mapped. */
static int sct_bpf__add_ring(struct sctrace *t, struct sct_bpf *b, uint32_t cpu)
{
	struct sct_bpf_map *m = &b->maps[cpu];
	uint64_t size = t->info.ring_size;
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = cpu };

	m->fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "sct_ring", 0, 0, (uint32_t)size, NULL);
	if (m->fd < 0)
		return sct_fail(t, errno, "cannot create the %" PRIu64 "-byte BPF ring of CPU %u: %s (a smaller ring size?)",
				size, cpu, strerror(errno));
	if (bpf_map_update_elem(bpf_map__fd(b->skel->maps.sct_rings), &cpu, &m->fd, BPF_ANY))
		return sct_fail(t, errno, "cannot install the BPF ring of CPU %u: %s", cpu,
				strerror(errno));
	m->cons = mmap(NULL, b->page, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (m->cons == MAP_FAILED) {
		m->cons = NULL;
		return sct_fail(t, errno, "cannot map the consumer page of CPU %u's BPF ring: %s",
				cpu, strerror(errno));
	}
	m->prod = mmap(NULL, b->page + 2 * size, PROT_READ, MAP_SHARED, m->fd, (off_t)b->page);
	if (m->prod == MAP_FAILED) {
		m->prod = NULL;
		return sct_fail(t, errno, "cannot map the %" PRIu64 "-byte BPF ring of CPU %u: %s",
				size, cpu, strerror(errno));
	}
	if (epoll_ctl(b->epfd, EPOLL_CTL_ADD, m->fd, &ev))
		return sct_fail(t, errno, "cannot poll the BPF ring of CPU %u: %s", cpu,
				strerror(errno));
	sct_bpf_ring__init(&b->rings[cpu], m->cons, m->prod, b->page, size, cpu);
	t->sources[cpu] = sct_bpf_ring__source(&b->rings[cpu]);
	return 0;
}

static int sct_bpf__add_rings(struct sctrace *t, struct sct_bpf *b)
{
	uint32_t cpu, n = t->info.nr_cpus;
	int ret;

	b->maps = calloc(n, sizeof(*b->maps));
	b->rings = calloc(n, sizeof(*b->rings));
	/* a per-CPU map's values come 8-byte aligned, one per possible CPU */
	b->stride = (bpf_map__value_size(b->skel->maps.sct_counters) + 7) & ~(size_t)7;
	b->percpu = calloc(n, b->stride);
	t->sources = calloc(n, sizeof(*t->sources));
	if (!b->maps || !b->rings || !b->percpu || !t->sources)
		return sct_fail(t, ENOMEM, "cannot allocate ring state for %u CPUs", n);
	b->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (b->epfd < 0)
		return sct_fail(t, errno, "epoll_create1: %s", strerror(errno));
	for (cpu = 0; cpu < n; cpu++) {
		b->nrings++;	/* so that close undoes it */
		b->maps[cpu].fd = -1;
		ret = sct_bpf__add_ring(t, b, cpu);
		if (ret)
			return ret;
	}
	t->nsources = n;
	return 0;
}

/* A fresh open, as the module's: every task but the reader, every syscall. */
static void sct_bpf__defaults(struct sctrace_bpf__bss *bss)
{
	bss->sct_reader_tgid = (uint32_t)getpid();
	bss->sct_filter_flags = SCTRACE_FILTER_ALL_TASKS;
	bss->sct_snaplen = SCTRACE_DEFAULT_SNAPLEN;
	bss->sct_watermark = 1;
	memset(bss->sct_syscalls, 0xff, sizeof(bss->sct_syscalls));
	memset(bss->sct_strargs, 0, sizeof(bss->sct_strargs));
	memset(bss->sct_tgids, 0, sizeof(bss->sct_tgids));
}

static int sct_bpf__open(struct sctrace *t, const struct sctrace_open_opts *opts)
{
	struct sct_bpf *b = calloc(1, sizeof(*b));
	int n, ret;

	if (!b)
		return sct_fail(t, ENOMEM, "cannot allocate the eBPF backend: %s", strerror(ENOMEM));
	b->epfd = -1;
	b->page = (size_t)sysconf(_SC_PAGESIZE);
	t->priv = b;	/* from here on, close() undoes whatever was done */
	t->info = (struct sctrace_info){
		.size = sizeof(t->info),
		.api_major = SCTRACE_API_VERSION_MAJOR, .api_minor = SCTRACE_API_VERSION_MINOR,
		.schema_version = SCTRACE_SCHEMA_VERSION,
		.max_snaplen = SCTRACE_MAX_SNAPLEN, .max_syscalls = SCTRACE_MAX_SYSCALLS,
		.max_tgids = SCTRACE_MAX_TGIDS,
	};
	ret = sct_bpf__ring_size(t, opts->ring_size, &t->info.ring_size);
	if (ret)
		return ret;
	n = libbpf_num_possible_cpus();
	if (n <= 0 || n > SCT_BPF_MAX_CPUS)
		return sct_fail(t, n < 0 ? -n : EINVAL, "cannot tell the number of possible CPUs (/sys/devices/system/cpu/possible)");
	t->info.nr_cpus = (uint32_t)n;
	ret = sct_bpf__load(t, &b->skel, t->info.nr_cpus);
	if (!ret)
		ret = sct_bpf__add_rings(t, b);
	if (!ret)
		sct_bpf__defaults(b->skel->bss);
	return ret;
}

/*
 * Programs that started before the detach may still be writing: wait for
 * them (they run with preemption disabled, i.e. inside an RCU read-side
 * section) before the reader drains. MEMBARRIER_CMD_GLOBAL is
 * synchronize_rcu(); without it (nohz_full), a short sleep.
 */
static void sct_bpf__quiesce(void)
{
	if (syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0))
		usleep(10000);
}

static void sct_bpf__close(struct sctrace *t)
{
	struct sct_bpf *b = t->priv;
	struct sct_bpf_map *m;
	size_t i;

	if (b->running) {
		sctrace_bpf__detach(b->skel);
		sct_bpf__quiesce();
	}
	for (i = 0; b->maps && i < b->nrings; i++) {
		m = &b->maps[i];
		if (m->prod)
			munmap(m->prod, b->page + 2 * t->info.ring_size);
		if (m->cons)
			munmap(m->cons, b->page);
		if (m->fd >= 0)
			close(m->fd);
	}
	if (b->epfd >= 0)
		close(b->epfd);
	sctrace_bpf__destroy(b->skel);
	free(b->maps);
	free(b->rings);
	free(b->percpu);
	free(t->sources);
	t->sources = NULL;
	t->nsources = 0;
	free(b);
	t->priv = NULL;
}

/* The module's SET_FILTER checks, with its errno values. */
static int sct_bpf__check_filter(struct sctrace *t, const struct sctrace_filter *f)
{
	uint32_t i;

	if ((f->flags & ~SCTRACE_FILTER_FLAGS) || f->reserved || f->ntgids > SCTRACE_MAX_TGIDS)
		goto inval;
	for (i = 0; i < SCTRACE_MAX_SYSCALLS; i++)
		if (f->strargs[i] & ~((1U << SCTRACE_MAX_ARGS) - 1))
			goto inval;
	for (i = 0; i < SCTRACE_MAX_TGIDS; i++)
		if (i < f->ntgids ? !f->tgids[i] || f->tgids[i] >= SCT_PID_MAX_LIMIT
				  : f->tgids[i])
			goto inval;
	return 0;
inval:
	return sct_fail(t, EINVAL, "invalid filter (flags 0x%x, %u tgids: unknown flag, more than %u tgids, tgid 0 or above the pid limit, a tgid after ntgids, or a string bit above argument %u)",
			f->flags, f->ntgids, SCTRACE_MAX_TGIDS, SCTRACE_MAX_ARGS - 1);
}

static int sct_bpf__busy(struct sctrace *t, const char *what)
{
	return sct_fail(t, EBUSY, "cannot %s while capture is running: stop it first", what);
}

static int sct_bpf__set_filter(struct sctrace *t, const struct sctrace_filter *f)
{
	struct sct_bpf *b = t->priv;
	struct sctrace_bpf__bss *bss = b->skel->bss;
	int ret = sct_bpf__check_filter(t, f);
	uint32_t i;

	if (ret)
		return ret;
	if (b->running)
		return sct_bpf__busy(t, "set the filter");
	memset(bss->sct_tgids, 0, sizeof(bss->sct_tgids));
	for (i = 0; i < f->ntgids; i++)
		bss->sct_tgids[f->tgids[i] / 64] |= 1ULL << (f->tgids[i] % 64);
	bss->sct_filter_flags = f->flags;
	memcpy(bss->sct_syscalls, f->syscalls, sizeof(bss->sct_syscalls));
	memcpy(bss->sct_strargs, f->strargs, sizeof(bss->sct_strargs));
	return 0;
}

static int sct_bpf__set_snaplen(struct sctrace *t, uint32_t snaplen)
{
	struct sct_bpf *b = t->priv;

	if (b->running)
		return sct_bpf__busy(t, "set the snaplen");
	b->skel->bss->sct_snaplen = snaplen;
	return 0;
}

static int sct_bpf__start(struct sctrace *t, uint64_t watermark)
{
	struct sct_bpf *b = t->priv;
	int ret;

	/* as the module: a watermark the ring cannot reach never wakes */
	if (watermark > t->info.ring_size / 2)
		return sct_fail(t, EINVAL, "cannot start capture: watermark %" PRIu64
				" is larger than half the ring (%" PRIu64 " bytes)",
				watermark, (uint64_t)t->info.ring_size);
	if (b->running)
		return sct_fail(t, EBUSY, "cannot start capture: it is already running");
	b->skel->bss->sct_watermark = watermark ? watermark : 1;
	ret = sct_bpf__attach(t, b->skel);
	if (!ret)
		b->running = true;
	return ret;
}

static int sct_bpf__stop(struct sctrace *t)
{
	struct sct_bpf *b = t->priv;

	if (!b->running)
		return 0;
	sctrace_bpf__detach(b->skel);
	sct_bpf__quiesce();
	b->running = false;
	return 0;
}

static int sct_bpf__counters(struct sctrace *t, struct sctrace_counters *c)
{
	struct sct_bpf *b = t->priv;
	struct sctrace_cpu_counters *sum = &c->total, *v;
	uint32_t zero = 0;
	size_t i;

	*c = (struct sctrace_counters){ .size = sizeof(*c) };
	if (bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.sct_counters), &zero, b->percpu))
		return sct_fail(t, errno, "cannot read the counters: %s", strerror(errno));
	for (i = 0; i < t->info.nr_cpus; i++) {
		v = (struct sctrace_cpu_counters *)(b->percpu + i * b->stride);
		sum->written += v->written;
		sum->dropped_full += v->dropped_full;
		sum->dropped_busy += v->dropped_busy;
		sum->faults += v->faults;
		sum->truncated += v->truncated;
		sum->cons_invalid += v->cons_invalid;
	}
	/* filter_full stays 0: the tgid bitmap cannot be full */
	return 0;
}

static int sct_bpf__reset(struct sctrace *t)
{
	struct sct_bpf *b = t->priv;
	uint32_t zero = 0;

	if (b->running)
		return sct_bpf__busy(t, "reset the counters");
	memset(b->percpu, 0, t->info.nr_cpus * b->stride);
	if (bpf_map_update_elem(bpf_map__fd(b->skel->maps.sct_counters), &zero, b->percpu,
				BPF_ANY))
		return sct_fail(t, errno, "cannot reset the counters: %s", strerror(errno));
	return 0;
}

static int sct_bpf__fd(const struct sctrace *t)
{
	const struct sct_bpf *b = t->priv;

	return b->epfd;
}

const struct sct_backend_ops sct_backend_bpf = {
	.name = "bpf",
	.open = sct_bpf__open,
	.set_filter = sct_bpf__set_filter,
	.set_snaplen = sct_bpf__set_snaplen,
	.start = sct_bpf__start,
	.stop = sct_bpf__stop,
	.counters = sct_bpf__counters,
	.reset = sct_bpf__reset,
	.fd = sct_bpf__fd,
	.close = sct_bpf__close,
};
