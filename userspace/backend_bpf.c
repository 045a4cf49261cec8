// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The eBPF backend: the probe of driver/bpf/ (loaded by bpf_load.c), the
 * module's rings in the probe's mmapable maps (read by bpf_rings.c and
 * ring.c), filters and the traced-tgid bitmap in the probe's .bss (mapped
 * here by the skeleton). The module's rules hold: settings change only
 * while stopped (EBUSY otherwise), a fresh open traces every task but the
 * reader, every syscall of both tables, and copies no memory (an empty
 * capture plan). Start attaches the programs, stop detaches them: a
 * stopped capture costs nothing.
 *
 *   start   the retry bitmap := empty, the tgid bitmap := the filter's
 *           tgids; attach fork and exit; add
 *           their living descendants (FOLLOW) from /proc; attach the
 *           syscall programs; open the gate (sct_running)
 *   stop    close the gate; detach; RCU grace period
 *   sync    RCU grace period (merge.h, step 2)
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/membarrier.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "backend.h"
#include "bpf_load.h"
#include "bpf_rings.h"
#include "capplan.h"
#include "proc_tree.h"
#include "sctrace_bpf.skel.h"

#define SCT_BPF_RING_DEFAULT	(8ULL << 20)
#define SCT_BPF_RING_MIN	(64ULL << 10)
#define SCT_BPF_RING_MAX	(1ULL << 30)
#define SCT_BPF_MAX_CPUS	65536	/* hdr.cpu is 16 bits */
#define SCT_PID_MAX_LIMIT	4194304	/* PID_MAX_LIMIT on 64-bit */
#define SCT_TGID_BITS		(8 * sizeof(((struct sctrace_bpf__bss *)0)->sct_tgids))
#define SCT_QUIESCE_SLEEP_US	10000	/* without membarrier(): a guess */
#define SCT_PROC		"/proc"

_Static_assert(SCT_TGID_BITS == SCT_PID_MAX_LIMIT, "the probe's tgid bitmap");
_Static_assert(sizeof(((struct sctrace_bpf__bss *)0)->sct_retry) ==
	       sizeof(((struct sctrace_bpf__bss *)0)->sct_tgids), "the probe's retry bitmap");

/* One mapping of a map's values (or of a ring buffer's page). */
struct sct_bpf_mmap {
	void *addr;
	size_t len;
};

struct sct_bpf {
	struct sctrace_bpf *skel;
	size_t page;
	struct sct_bpf_geom geom;
	struct sct_bpf_mmap *ctrl;	/* [ncpus] first pages of sct_ctrl, rw */
	struct sct_bpf_mmap data;	/* sct_data, ro */
	struct sct_bpf_mmap bell_cons;	/* sct_bell's consumer page, rw */
	struct sct_bpf_mmap bell_prod;	/* and its producer page, ro */
	struct sct_bpf_bell bell;
	struct sct_bpf_src *srcs;	/* [ncpus] */
	uint8_t value[SCTRACE_BPF_CTRL_VALUE];	/* one control value */
	struct sctrace_cpu_counters base;	/* the totals at the last reset */
	struct sctrace_cpu_counters *seen;	/* [ncpus] as last read: they only grow */
	uint32_t tgids[SCTRACE_MAX_TGIDS];	/* the filter's, seeded at start */
	uint32_t ntgids;
	bool running;
	bool no_membarrier;		/* said once: sleeps instead */
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

/*
 * A child forked while the maps are mapped does not get them (as the
 * module's VM_DONTCOPY): it could write the reader's positions and the
 * filters. 0 or -1 (errno).
 */
static int sct_bpf__dontfork(void *addr, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return madvise(addr, (len + page - 1) / page * page, MADV_DONTFORK);
}

/* The skeleton's own mappings (.bss, .rodata) too. */
static int sct_bpf__dontfork_skel(struct sctrace *t, struct sctrace_bpf *skel)
{
	struct bpf_map *map;
	size_t len;
	void *p;

	bpf_object__for_each_map(map, skel->obj) {
		/* the mapping libbpf made: its address, not data we write */
		p = (void *)(uintptr_t)bpf_map__initial_value(map, &len);
		if (p && sct_bpf__dontfork(p, len))
			return sct_fail(t, errno, "cannot keep the map %s from fork (madvise): %s",
					bpf_map__name(map), strerror(errno));
	}
	return 0;
}

static int sct_bpf__mmap(struct sctrace *t, struct sct_bpf_mmap *m, const char *what,
			 int fd, size_t len, off_t off, int prot)
{
	m->addr = mmap(NULL, len, prot, MAP_SHARED, fd, off);
	if (m->addr == MAP_FAILED || sct_bpf__dontfork(m->addr, len)) {
		if (m->addr != MAP_FAILED)
			munmap(m->addr, len);
		m->addr = NULL;
		return sct_fail(t, errno, "cannot map %s (%zu bytes): %s", what, len,
				strerror(errno));
	}
	m->len = len;
	return 0;
}

static void sct_bpf__munmap(struct sct_bpf_mmap *m)
{
	if (m->addr)
		munmap(m->addr, m->len);
	m->addr = NULL;
}

/* Maps the rings and the doorbell, and makes a source of each CPU's ring. */
static int sct_bpf__map_rings(struct sctrace *t, struct sct_bpf *b)
{
	const struct sct_bpf_geom *g = &b->geom;
	struct sctrace_bpf *skel = b->skel;
	int bell = bpf_map__fd(skel->maps.sct_bell), ret;
	uint32_t cpu;

	if (b->page != SCTRACE_BPF_CTRL_SIZE)
		return sct_fail(t, ENOTSUP, "the eBPF backend needs 4 KiB pages, not %zu", b->page);
	b->ctrl = calloc(g->ncpus, sizeof(*b->ctrl));
	b->srcs = calloc(g->ncpus, sizeof(*b->srcs));
	b->seen = calloc(g->ncpus, sizeof(*b->seen));
	t->sources = calloc(g->ncpus, sizeof(*t->sources));
	if (!b->ctrl || !b->srcs || !b->seen || !t->sources)
		return sct_fail(t, ENOMEM, "cannot allocate ring state for %u CPUs", g->ncpus);
	/* only the control page of each value: the probe's state stays unmapped */
	for (cpu = 0, ret = 0; cpu < g->ncpus && !ret; cpu++)
		ret = sct_bpf__mmap(t, &b->ctrl[cpu], "a ring's control page",
				    bpf_map__fd(skel->maps.sct_ctrl), SCTRACE_BPF_CTRL_SIZE,
				    (off_t)cpu * SCTRACE_BPF_CTRL_VALUE, PROT_READ | PROT_WRITE);
	if (!ret)
		ret = sct_bpf__mmap(t, &b->data, "the rings", bpf_map__fd(skel->maps.sct_data),
				    (size_t)g->ncpus * g->nseg * g->seg_value, 0, PROT_READ);
	if (!ret)
		ret = sct_bpf__mmap(t, &b->bell_cons, "the doorbell's consumer page", bell,
				    b->page, 0, PROT_READ | PROT_WRITE);
	if (!ret)
		ret = sct_bpf__mmap(t, &b->bell_prod, "the doorbell's producer page", bell,
				    b->page, (off_t)b->page, PROT_READ);
	if (ret)
		return ret;
	/* struct bpf_ringbuf: each position at the start of its page */
	b->bell.cons = b->bell_cons.addr;
	b->bell.prod = b->bell_prod.addr;
	for (cpu = 0; cpu < g->ncpus; cpu++) {
		sct_bpf_src__init(&b->srcs[cpu], g, cpu, b->ctrl[cpu].addr, b->data.addr,
				  &b->bell);
		t->sources[cpu] = sct_bpf_src__source(&b->srcs[cpu]);
	}
	t->nsources = g->ncpus;
	return 0;
}

/*
 * A fresh open, as the module's: every task but the reader, every syscall
 * of both tables, an empty plan.
 */
static void sct_bpf__defaults(struct sctrace_bpf__bss *bss)
{
	bss->sct_reader_tgid = (uint32_t)getpid();
	bss->sct_filter_flags = SCTRACE_FILTER_ALL_TASKS;
	bss->sct_snaplen = SCTRACE_DEFAULT_SNAPLEN;
	bss->sct_watermark = 1;
	memset(bss->sct_syscalls, 0xff, sizeof(bss->sct_syscalls));
	memset(&bss->sct_plan, 0, sizeof(bss->sct_plan));
	memset(bss->sct_tgids, 0, sizeof(bss->sct_tgids));
	memset(bss->sct_retry, 0, sizeof(bss->sct_retry));
}

static int sct_bpf__open(struct sctrace *t, const struct sctrace_open_opts *opts)
{
	struct sct_bpf *b = calloc(1, sizeof(*b));
	int n, ret;

	if (!b)
		return sct_fail(t, ENOMEM, "cannot allocate the eBPF backend: %s", strerror(ENOMEM));
	b->page = (size_t)sysconf(_SC_PAGESIZE);
	t->priv = b;	/* from here on, close() undoes whatever was done */
	t->info = (struct sctrace_info){
		.size = sizeof(t->info),
		.api_major = SCTRACE_API_VERSION_MAJOR, .api_minor = SCTRACE_API_VERSION_MINOR,
		.schema_version = SCTRACE_SCHEMA_VERSION,
		.max_snaplen = SCTRACE_MAX_SNAPLEN, .max_syscalls = SCTRACE_MAX_SYSCALLS,
		.max_tgids = SCTRACE_MAX_TGIDS, .max_cap_items = SCTRACE_CAP_MAX_ITEMS,
	};
	ret = sct_bpf__ring_size(t, opts->ring_size, &t->info.ring_size);
	if (ret)
		return ret;
	n = libbpf_num_possible_cpus();
	if (n <= 0 || n > SCT_BPF_MAX_CPUS)
		return sct_fail(t, n < 0 ? -n : EINVAL, "cannot tell the number of possible CPUs (/sys/devices/system/cpu/possible)");
	t->info.nr_cpus = (uint32_t)n;
	b->geom = sct_bpf_geom(t->info.nr_cpus, t->info.ring_size);
	ret = sct_bpf__load(t, &b->skel, &b->geom);
	if (!ret)
		ret = sct_bpf__dontfork_skel(t, b->skel);
	if (!ret)
		ret = sct_bpf__map_rings(t, b);
	if (!ret)
		sct_bpf__defaults(b->skel->bss);
	return ret;
}

/*
 * Returns once every program run that was under way has returned: each
 * runs with preemption disabled (the top of sctrace.bpf.c has what was
 * checked), so an RCU grace period is enough, and MEMBARRIER_CMD_GLOBAL
 * is synchronize_rcu() (its own wait for preempt-disabled sections since
 * the RCU flavors were merged, 4.20). It fails with EINVAL when the
 * kernel has nohz_full CPUs: then, said once, a short sleep does its best.
 */
static void sct_bpf__quiesce(struct sct_bpf *b)
{
	if (!__atomic_load_n(&b->no_membarrier, __ATOMIC_RELAXED)) {
		if (!syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0))
			return;
		/* the syncer thread and stop() both come here: said once */
		if (__atomic_exchange_n(&b->no_membarrier, true, __ATOMIC_RELAXED))
			goto sleep;
		fprintf(stderr, "sctrace: membarrier(MEMBARRIER_CMD_GLOBAL) failed: %s%s; the eBPF backend sleeps %d ms instead of waiting for an RCU grace period, so records of different CPUs may come out of time order and a record made as capture stops may be missed\n",
			strerror(errno), errno == EINVAL ? " (nohz_full CPUs?)" : "",
			SCT_QUIESCE_SLEEP_US / 1000);
	}
sleep:
	usleep(SCT_QUIESCE_SLEEP_US);
}

/*
 * Stop (and a start that failed): the gate first (sct_running in the
 * probe), then the detach, then the grace period, after which no program
 * can record and no fork program still runs (the next start clears the
 * traced set with plain stores).
 */
static void sct_bpf__halt(struct sct_bpf *b)
{
	__atomic_store_n(&b->skel->bss->sct_running, 0, __ATOMIC_SEQ_CST);
	sctrace_bpf__detach(b->skel);
	sct_bpf__quiesce(b);
	b->running = false;
}

static void sct_bpf__close(struct sctrace *t)
{
	struct sct_bpf *b = t->priv;
	uint32_t i;

	if (b->running)
		sct_bpf__halt(b);
	for (i = 0; b->ctrl && i < b->geom.ncpus; i++)
		sct_bpf__munmap(&b->ctrl[i]);
	sct_bpf__munmap(&b->data);
	sct_bpf__munmap(&b->bell_cons);
	sct_bpf__munmap(&b->bell_prod);
	sctrace_bpf__destroy(b->skel);
	free(b->ctrl);
	free(b->srcs);
	free(b->seen);
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

/*
 * The probe's plan := items (checked by sctrace_set_capture() already),
 * built aside so that a refusal leaves the plan as it was; what names
 * what was refused.
 */
static int sct_bpf__plan(struct sctrace *t, const struct sctrace_cap_item *items, size_t n,
			 const char *what)
{
	struct sct_bpf *b = t->priv;
	struct sct_plan *p = malloc(sizeof(*p));
	char why[160];
	int ret;

	if (!p)
		return sct_fail(t, ENOMEM, "cannot build the capture plan: %s", strerror(ENOMEM));
	ret = sct_capplan__build(p, items, n, why, sizeof(why));
	if (!ret)
		memcpy(&b->skel->bss->sct_plan, p, sizeof(*p));
	free(p);
	return ret ? sct_fail(t, -ret, "%s: %s", what, why) : 0;
}

/*
 * API 1.1: a filter with strargs[] bits means the plan of those strings
 * (at entry, bounded by the snaplen); without, the plan stays. More than
 * SCTRACE_CAP_MAX_PER strings of one syscall make no plan: EINVAL.
 */
static int sct_bpf__strargs_plan(struct sctrace *t, const struct sctrace_filter *f)
{
	struct sctrace_cap_item items[SCTRACE_MAX_SYSCALLS * SCTRACE_MAX_ARGS];
	size_t n = sct_capplan__from_strargs(f, items, sizeof(items) / sizeof(items[0]));

	return n ? sct_bpf__plan(t, items, n, "invalid filter: its strargs[] (API 1.1) make no valid capture plan") : 0;
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
	ret = sct_bpf__strargs_plan(t, f);
	if (ret)
		return ret;
	for (i = 0; i < f->ntgids; i++)
		b->tgids[i] = f->tgids[i];
	b->ntgids = f->ntgids;
	bss->sct_filter_flags = f->flags;
	memcpy(bss->sct_syscalls[SCTRACE_ABI_X86_64], f->syscalls, sizeof(f->syscalls));
	memcpy(bss->sct_syscalls[SCTRACE_ABI_I386], f->syscalls32, sizeof(f->syscalls32));
	return 0;
}

static int sct_bpf__set_capture(struct sctrace *t, const struct sctrace_cap_item *items,
				size_t n)
{
	struct sct_bpf *b = t->priv;

	if (b->running)
		return sct_bpf__busy(t, "set the capture plan");
	return sct_bpf__plan(t, items, n, "invalid capture plan");
}

static int sct_bpf__set_snaplen(struct sctrace *t, uint32_t snaplen)
{
	struct sct_bpf *b = t->priv;

	if (b->running)
		return sct_bpf__busy(t, "set the snaplen");
	b->skel->bss->sct_snaplen = snaplen;
	return 0;
}

/*
 * The traced set at start (sctrace_abi.h, "Process ids"): the filter's
 * tgids, then, with FOLLOW, every living descendant of them, with the
 * fork program attached and the gate closed. A fork after the program was
 * attached is the program's to follow (it adds a child of a process in
 * the set and, until the gate opens, removes none); a fork before it left
 * a child in /proc, found here. One listing may miss a child forked while
 * it was read by a parent the program did not know to follow yet: read it
 * again until a listing adds nothing, and every process in the set was
 * there before that listing began, so a child it had before is in the
 * listing and a child it has after is the program's.
 */
static int sct_bpf__seed(struct sctrace *t, struct sct_bpf *b)
{
	struct sctrace_bpf__bss *bss = b->skel->bss;
	struct sct_proc_ent *ents;
	bool added = true;
	size_t n;
	int ret;

	if (!(bss->sct_filter_flags & SCTRACE_FILTER_FOLLOW) ||
	    (bss->sct_filter_flags & SCTRACE_FILTER_ALL_TASKS) || !b->ntgids || t->childless)
		return 0;	/* childless: no descendant exists yet (sctrace_set_childless()) */
	ret = sct_proc__is_own(SCT_PROC);
	if (ret <= 0)
		return sct_fail(t, ret ? -ret : EXDEV, "cannot follow the children of the traced processes: %s %s",
				SCT_PROC, ret ? strerror(-ret) :
				"belongs to another pid namespace than sctrace's (mount one: unshare --mount-proc)");
	while (added) {
		ret = sct_proc__list(SCT_PROC, &ents, &n);
		if (ret)
			return sct_fail(t, -ret, "cannot list the processes in %s: %s", SCT_PROC,
					strerror(-ret));
		added = sct_proc__add_children(bss->sct_tgids, SCT_PID_MAX_LIMIT, ents, n,
						bss->sct_reader_tgid);
		free(ents);
	}
	return 0;
}

static int sct_bpf__start(struct sctrace *t, uint64_t watermark)
{
	struct sct_bpf *b = t->priv;
	struct sctrace_bpf__bss *bss = b->skel->bss;
	uint32_t i;
	int ret;

	/* as the module: a watermark the ring cannot reach never wakes */
	if (watermark > t->info.ring_size / 2)
		return sct_fail(t, EINVAL, "cannot start capture: watermark %" PRIu64
				" is larger than half the ring (%" PRIu64 " bytes)",
				watermark, (uint64_t)t->info.ring_size);
	if (b->running)
		return sct_fail(t, EBUSY, "cannot start capture: it is already running");
	bss->sct_watermark = watermark ? watermark : 1;
	/* every program detached: plain stores */
	bss->sct_gen++;		/* the last capture's drops are its own */
	memset(bss->sct_retry, 0, sizeof(bss->sct_retry));
	memset(bss->sct_tgids, 0, sizeof(bss->sct_tgids));
	for (i = 0; i < b->ntgids; i++)
		bss->sct_tgids[b->tgids[i] / 64] |= 1ULL << (b->tgids[i] % 64);
	ret = sct_bpf__attach_follow(t, b->skel);
	if (!ret)
		ret = sct_bpf__seed(t, b);
	if (!ret)
		ret = sct_bpf__attach_syscalls(t, b->skel);
	if (ret) {
		sct_bpf__halt(b);	/* the gate never opened: nothing recorded */
		return ret;
	}
	__atomic_store_n(&bss->sct_running, 1, __ATOMIC_SEQ_CST);
	b->running = true;
	return 0;
}

static int sct_bpf__stop(struct sctrace *t)
{
	struct sct_bpf *b = t->priv;

	if (b->running)
		sct_bpf__halt(b);
	return 0;
}

static void sct_bpf__sync(struct sctrace *t)
{
	sct_bpf__quiesce(t->priv);
}

/* struct sctrace_cpu_counters is all __u64 counters: one at a time. */
#define SCT_NCOUNTERS	(sizeof(struct sctrace_cpu_counters) / sizeof(__u64))

/* struct sctrace_cpu_counters' fields, in order, for messages */
static const char *const sct_counter_names[] = {
	"written", "dropped_full", "dropped_busy", "faults", "truncated", "cons_invalid",
	"nulls", "retried",
};
_Static_assert(sizeof(sct_counter_names) / sizeof(sct_counter_names[0]) == SCT_NCOUNTERS,
	       "a name for each counter");

/*
 * The probe's counters, summed over CPUs. The probe only adds to them: a
 * counter of a CPU below what was last read there was written by another
 * holder of the sct_ctrl map's fd (the map is root's, and so is that
 * holder), and none of them can be trusted then: -EBADMSG, saying so.
 * A value written above the truth cannot be told from it.
 */
static int sct_bpf__totals(struct sctrace *t, struct sctrace_cpu_counters *sum)
{
	struct sct_bpf *b = t->priv;
	int fd = bpf_map__fd(b->skel->maps.sct_ctrl);
	__u64 v[SCT_NCOUNTERS], s[SCT_NCOUNTERS] = { 0 }, seen[SCT_NCOUNTERS];
	uint32_t cpu;
	size_t i;

	_Static_assert(SCTRACE_BPF_STATE_OFFSET + sizeof(v) <= sizeof(b->value), "state");
	_Static_assert(sizeof(v) == sizeof(*sum), "counters");
	for (cpu = 0; cpu < t->info.nr_cpus; cpu++) {
		if (bpf_map_lookup_elem(fd, &cpu, b->value))
			return sct_fail(t, errno, "cannot read the counters of CPU %u: %s", cpu,
					strerror(errno));
		memcpy(v, b->value + SCTRACE_BPF_STATE_OFFSET, sizeof(v));
		memcpy(seen, &b->seen[cpu], sizeof(seen));
		for (i = 0; i < SCT_NCOUNTERS; i++) {
			if (v[i] < seen[i])
				return sct_fail(t, EBADMSG, "the probe's counters went backwards "
						"(CPU %u's %s: %" PRIu64 " after %" PRIu64 "): "
						"something else holding the sct_ctrl map wrote "
						"them; none is reported", cpu,
						sct_counter_names[i], (uint64_t)v[i],
						(uint64_t)seen[i]);
			s[i] += v[i];
		}
		memcpy(&b->seen[cpu], v, sizeof(v));
	}
	memcpy(sum, s, sizeof(*sum));
	return 0;
}

static int sct_bpf__counters(struct sctrace *t, struct sctrace_counters *c)
{
	struct sct_bpf *b = t->priv;
	__u64 s[SCT_NCOUNTERS], base[SCT_NCOUNTERS];
	size_t i;
	int ret;

	*c = (struct sctrace_counters){ .size = sizeof(*c) };
	ret = sct_bpf__totals(t, &c->total);
	if (ret)
		return ret;
	memcpy(s, &c->total, sizeof(s));
	memcpy(base, &b->base, sizeof(base));
	for (i = 0; i < SCT_NCOUNTERS; i++)
		s[i] -= base[i];	/* >= 0: totals only grow (above) */
	memcpy(&c->total, s, sizeof(s));
	/* filter_full stays 0: the tgid bitmap cannot be full */
	return 0;
}

/*
 * The probe's counters are never written from here (a map update would
 * race the probe's other fields): a reset moves the base they count from.
 */
static int sct_bpf__reset(struct sctrace *t)
{
	struct sct_bpf *b = t->priv;

	if (b->running)
		return sct_bpf__busy(t, "reset the counters");
	b->skel->bss->sct_gen++;	/* drops not told yet: forgotten too */
	return sct_bpf__totals(t, &b->base);
}

static int sct_bpf__fd(const struct sctrace *t)
{
	const struct sct_bpf *b = t->priv;

	/* a BPF ring buffer's fd polls readable while it holds data */
	return bpf_map__fd(b->skel->maps.sct_bell);
}

const struct sct_backend_ops sct_backend_bpf = {
	.name = "bpf",
	.open = sct_bpf__open,
	.set_filter = sct_bpf__set_filter,
	.set_snaplen = sct_bpf__set_snaplen,
	.set_capture = sct_bpf__set_capture,
	.start = sct_bpf__start,
	.stop = sct_bpf__stop,
	.counters = sct_bpf__counters,
	.reset = sct_bpf__reset,
	.fd = sct_bpf__fd,
	.sync = sct_bpf__sync,
	.close = sct_bpf__close,
};
