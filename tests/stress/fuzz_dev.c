// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_dev: a seeded, multi-threaded fuzzer of /dev/sctrace's ABI, to show
 * that nothing a root process does to the device hurts the kernel.
 *
 *   fuzz_dev [--seed S] [--ops N] [--threads T] [--hang SECS] [--no-hotplug]
 *            [--ko PATH | $SCTRACE_KO]
 *
 * T threads share the device's file descriptors and mappings and each runs
 * its share of N operations, drawn from its own generator (the seed and
 * its index): open, dup, close; every ioctl, well formed with random
 * contents (filters, capture plans with hostile items, start with and
 * without waiting, stop, sync, counters, in any order) and mutated
 * (number, direction and size bits, the struct's size field too small or
 * too large, the pointer NULL, unmapped, read-only, misaligned, running
 * into a guard page); mmap with random offsets, lengths, protections and
 * flags; munmap of whole mappings or pages of them, mremap, mprotect,
 * madvise; fork while mapped (the child touches what it sees, maps the
 * inherited fd, calls ioctls, exits); poll, read and write on the device;
 * random values in the control pages' cons_pos (and around it) while
 * capture runs; the rings read as a reader would, or at random; the
 * module's ring_size parameter; rmmod attempts (and insmod, when they
 * succeed). Meanwhile a workload process makes syscalls with hostile
 * pointers and one thread takes CPU 1 offline and online.
 *
 * A fault from touching a mapping that was legitimately taken away
 * (MADV_DONTNEED, mprotect, a child's view) is caught and counted, as are
 * errnos: what fails the run is a kernel splat in the log, a hang (no
 * operation returns for --hang seconds: the threads' kernel stacks are
 * printed), a process dying of a signal, or the module refusing to unload
 * or leaking memory: with $SCTRACE_KO the module is unloaded before the
 * run (the baseline) and after it, and /proc/meminfo compared. TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sctrace_abi.h"
#include "sct_plan.h"
#include "stress.h"

#define DEV		"/dev/sctrace"
#define RING_PARAM	"/sys/module/sctrace/parameters/ring_size"
#define PAGE		4096UL
#define MAX_FDS		6
#define MAX_MAPS	48

/* ---- shared state: fds and mappings, each behind a rwlock ----------------- */

/*
 * Users of an fd or a mapping hold the read lock, so that neither is
 * closed or unmapped (and its number or address reused by something the
 * fuzzer needs) under them; close, munmap and mremap take the write lock.
 * The kernel still sees every race it can: a file outlives its fd while
 * mapped, probes write the rings whatever userspace does.
 */
static struct {
	pthread_rwlock_t lock;
	int fd[MAX_FDS];
	unsigned int gen[MAX_FDS];	/* which open() the fd comes from */
	unsigned int next_gen;
} fds = { .lock = PTHREAD_RWLOCK_INITIALIZER };

enum map_kind { MAP_CTRL, MAP_DATA, MAP_ODD };

struct mapping {
	uint8_t *addr;
	size_t len;
	enum map_kind kind;
	unsigned int gen, cpu;
	uint64_t ring_size;	/* of its open, as GET_INFO said */
	bool used;
};

static struct {
	pthread_rwlock_t lock;
	struct mapping m[MAX_MAPS];
} maps = { .lock = PTHREAD_RWLOCK_INITIALIZER };

/* the geometry GET_INFO last gave (a new open may have another ring size) */
static struct {
	pthread_mutex_t lock;
	struct sctrace_info info;
} geom = { .lock = PTHREAD_MUTEX_INITIALIZER };

static const char *ko_path;
static int nulldev = -1;	/* an fd that is not the device */
static pid_t workload_pid;
static _Atomic uint64_t child_bad, child_forks, reloads, reload_fail;

/* ---- operations and their outcomes ----------------------------------------- */

enum op {
	OP_OPEN, OP_DUP, OP_CLOSE, OP_IOCTL, OP_IOCTL_MUTANT, OP_MMAP, OP_MUNMAP,
	OP_MREMAP, OP_MPROTECT, OP_MADVISE, OP_FORK, OP_POLL, OP_RW, OP_CONS,
	OP_READ_RING, OP_NOISE, OP_RING_PARAM, OP_RMMOD, NOPS
};

static const char *const op_names[NOPS] = {
	"open", "dup", "close", "ioctl", "ioctl-mutant", "mmap", "munmap", "mremap",
	"mprotect", "madvise", "fork-mapped", "poll", "read-write", "cons_pos",
	"read-ring", "noise", "ring_size-param", "rmmod",
};

static const unsigned int op_weight[NOPS] = {
	[OP_OPEN] = 40, [OP_DUP] = 5, [OP_CLOSE] = 30, [OP_IOCTL] = 300,
	[OP_IOCTL_MUTANT] = 120, [OP_MMAP] = 80, [OP_MUNMAP] = 50, [OP_MREMAP] = 15,
	[OP_MPROTECT] = 10, [OP_MADVISE] = 15, [OP_FORK] = 6, [OP_POLL] = 30,
	[OP_RW] = 10, [OP_CONS] = 150, [OP_READ_RING] = 100, [OP_NOISE] = 30,
	[OP_RING_PARAM] = 5, [OP_RMMOD] = 1,
};

static _Atomic uint64_t outcome[NOPS][STRESS_NERR];

static void note(enum op op, long ret)
{
	int e = ret < 0 ? errno : 0;

	atomic_fetch_add(&outcome[op][e > 0 && e < STRESS_NERR ? e : 0], 1);
}

/* ---- a thread's scratch memory ------------------------------------------- */

/*
 * rw: two writable pages, then a PROT_NONE guard; ro: a read-only page;
 * gone: an unmapped page; items: room for a whole capture plan and more.
 */
struct scratch {
	uint8_t *rw, *ro, *gone;
	struct sctrace_cap_item *items;
	struct sct_plan *plan;		/* the userspace check of items */
	uint64_t s;			/* the generator */
	int idx;
};

#define ITEMS_MAX	(SCTRACE_CAP_MAX_ITEMS + 64)

static int scratch_init(struct scratch *x, uint64_t seed, int idx)
{
	uint8_t *a = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED)
		return -errno;
	x->rw = a;
	mprotect(a + 2 * PAGE, PAGE, PROT_NONE);
	x->ro = a + 3 * PAGE;
	mprotect(x->ro, PAGE, PROT_READ);
	x->gone = a + 4 * PAGE;
	munmap(x->gone, PAGE);
	/* items of up to 32 bytes each (item_size mutations) */
	x->items = calloc(ITEMS_MAX, 32);
	x->plan = malloc(sizeof(*x->plan));
	x->s = stress_mix(seed ^ (0x7468726561640000ULL + idx));
	x->idx = idx;
	return x->items && x->plan ? 0 : -ENOMEM;
}

/*
 * Where an ioctl's argument goes: usually the start of the writable
 * pages; else misaligned, running into the guard page, read-only,
 * unmapped, NULL or a kernel address. The struct is built in *buf (len
 * bytes) and copied where it can be.
 */
static void *arg_place(struct scratch *x, const void *buf, size_t len)
{
	uint8_t *p;

	switch (rnd_below(&x->s, 12)) {
	case 0: p = x->rw + 1 + rnd_below(&x->s, 7); break;
	case 1: p = x->rw + 2 * PAGE - 1 - rnd_below(&x->s, len ? len : 1); break;
	case 2: return x->ro;
	case 3: return x->gone + rnd_below(&x->s, PAGE);
	case 4: return NULL;
	case 5: return (void *)(0xffff888000000000ULL + rnd_below(&x->s, 1 << 20) * 8);
	default: p = x->rw; break;
	}
	/* what fits before the guard page */
	memcpy(p, buf, len < (size_t)(x->rw + 2 * PAGE - p) ? len : (size_t)(x->rw + 2 * PAGE - p));
	return p;
}

/* The size field: the struct's own, or too small, too large, huge. */
static uint32_t size_field(struct scratch *x, uint32_t ksize, size_t *len)
{
	*len = ksize;
	switch (rnd_below(&x->s, 16)) {
	case 0: return rnd_below(&x->s, ksize);
	case 1: *len = ksize + 8 * (1 + rnd_below(&x->s, 8)); return *len;	/* zero tail */
	case 2: *len = PAGE; return PAGE;
	case 3: return PAGE + 1 + rnd_below(&x->s, 1 << 20);
	case 4: return (uint32_t)rnd_hostile(&x->s);
	default: return ksize;
	}
}

/* ---- random contents of each struct ---------------------------------------- */

/*
 * A plan: items the userspace copy of the kernel's check accepts, and now
 * and then one it refuses, in items[] as item_size-byte records.
 */
static void cap_plan(struct scratch *x, struct sctrace_capture *c)
{
	uint64_t *s = &x->s;
	uint32_t n = rnd_one_in(s, 20) ? SCTRACE_CAP_MAX_ITEMS + rnd_below(s, 3)
				       : rnd_below(s, 40);
	uint32_t isz = sizeof(struct sctrace_cap_item), i, k = 0;
	struct sctrace_cap_item it;
	bool tail = false;

	switch (rnd_below(s, 10)) {
	case 0: isz = rnd_below(s, sizeof(it)); break;
	case 1: isz = 24; break;
	case 2: isz = 32; tail = true; break;
	case 3: isz = PAGE + rnd_below(s, 8); break;
	}
	memset(x->plan, 0, sizeof(*x->plan));
	for (i = 0; i < n && k < ITEMS_MAX && (size_t)k * isz < ITEMS_MAX * 32 - 32; i++) {
		stress_cap_item(s, &it);
		if (sct_plan_add(x->plan, &it) && !rnd_one_in(s, 16))
			continue;	/* refused: keep it only now and then */
		memset((uint8_t *)x->items + (size_t)k * (isz < 32 ? isz : 32), 0, isz < 32 ? isz : 32);
		memcpy((uint8_t *)x->items + (size_t)k * (isz < 32 ? isz : 32), &it,
		       isz < sizeof(it) ? isz : sizeof(it));
		if (tail && rnd_one_in(s, 8))
			((uint8_t *)x->items)[(size_t)k * 32 + 16 + rnd_below(s, 16)] = 1;
		k++;
	}
	memset(c, 0, sizeof(*c));
	c->flags = rnd_one_in(s, 30) ? rnd(s) : 0;
	c->nitems = rnd_one_in(s, 30) ? (uint32_t)rnd_hostile(s) : k;
	c->item_size = isz;
	c->items = (uintptr_t)x->items;
	if (isz > 32)	/* items do not fit as placed: hostile anyway */
		c->items = rnd_one_in(s, 2) ? (uintptr_t)x->items : (uintptr_t)x->gone;
	switch (rnd_below(s, 12)) {
	case 0: c->items = 0; break;
	case 1: c->items = (uintptr_t)x->gone; break;
	case 2: c->items = (uintptr_t)x->items + 1 + rnd_below(s, 15); break;
	case 3: c->items = rnd_hostile(s); break;
	}
}

static void filter_fill(struct scratch *x, struct sctrace_filter *f)
{
	uint64_t *s = &x->s;
	unsigned int i;

	memset(f, 0, sizeof(*f));
	f->flags = rnd_one_in(s, 20) ? (uint32_t)rnd(s) : rnd_below(s, 4);
	f->ntgids = rnd_one_in(s, 20) ? rnd_below(s, 100) : rnd_below(s, 4);
	for (i = 0; i < f->ntgids && i < SCTRACE_MAX_TGIDS; i++)
		switch (rnd_below(s, 6)) {
		case 0: f->tgids[i] = getpid(); break;
		case 1: f->tgids[i] = 1; break;
		case 2: f->tgids[i] = rnd_one_in(s, 2) ? 0 : (uint32_t)rnd_hostile(s); break;
		default: f->tgids[i] = workload_pid; break;
		}
	if (rnd_one_in(s, 30))
		f->reserved = 1;
	if (rnd_one_in(s, 2))
		memset(f->syscalls, 0xff, sizeof(f->syscalls));
	else if (rnd_one_in(s, 2))
		for (i = 0; i < stress_workload_nnrs; i++)
			f->syscalls[stress_workload_nrs[i] / 64] |= 1ULL << (stress_workload_nrs[i] % 64);
	else
		for (i = 0; i < SCTRACE_MAX_SYSCALLS / 64; i++)
			f->syscalls[i] = rnd(s);
	for (i = 0; i < SCTRACE_MAX_SYSCALLS / 64; i++)
		f->syscalls32[i] = rnd_one_in(s, 2) ? ~0ULL : rnd(s);
	if (rnd_one_in(s, 6))	/* API 1.1's strings: mostly valid bits */
		for (i = 0; i < 8; i++)
			f->strargs[stress_workload_nrs[rnd_below(s, stress_workload_nnrs)]] =
				rnd_below(s, rnd_one_in(s, 8) ? 256 : 64);
}

/* ---- fds ------------------------------------------------------------------ */

/* A random fd of the table (read lock held by the caller), -1 if none. */
static int fd_pick(struct scratch *x, unsigned int *gen)
{
	int i, start = rnd_below(&x->s, MAX_FDS);

	for (i = 0; i < MAX_FDS; i++) {
		int k = (start + i) % MAX_FDS;

		if (fds.fd[k] >= 0) {
			if (gen)
				*gen = fds.gen[k];
			return fds.fd[k];
		}
	}
	/* none: a bad fd, or one that is not the device */
	return rnd_one_in(&x->s, 2) ? -1 : nulldev;
}

static void fd_add(int fd, unsigned int gen)
{
	int i;

	pthread_rwlock_wrlock(&fds.lock);
	for (i = 0; i < MAX_FDS && fds.fd[i] >= 0; i++)
		;
	if (i < MAX_FDS) {
		fds.fd[i] = fd;
		fds.gen[i] = gen;
	}
	pthread_rwlock_unlock(&fds.lock);
	if (i == MAX_FDS)
		close(fd);
}

static void close_everything(void);

/*
 * open; when a file still holds the device (an fd, a mapping), now and
 * then everything is closed and unmapped first, so that the device goes
 * through many lives.
 */
static void op_open(struct scratch *x)
{
	static const int modes[] = { O_RDWR, O_RDONLY, O_WRONLY, O_RDWR | O_NONBLOCK,
				     O_RDWR | O_CLOEXEC, O_RDWR | O_APPEND };
	int fd = open(DEV, modes[rnd_below(&x->s, 6)]);
	unsigned int gen;

	if (fd < 0 && errno == EBUSY && rnd_one_in(&x->s, 3)) {
		close_everything();
		fd = open(DEV, modes[rnd_below(&x->s, 6)]);
	}
	note(OP_OPEN, fd);
	if (fd < 0)
		return;
	pthread_rwlock_wrlock(&fds.lock);
	gen = ++fds.next_gen;
	pthread_rwlock_unlock(&fds.lock);
	fd_add(fd, gen);
}

static void op_dup(struct scratch *x)
{
	unsigned int gen = 0;
	int fd;

	pthread_rwlock_rdlock(&fds.lock);
	fd = fd_pick(x, &gen);
	fd = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
	pthread_rwlock_unlock(&fds.lock);
	note(OP_DUP, fd);
	if (fd >= 0)
		fd_add(fd, gen);
}

static void op_close(struct scratch *x)
{
	int k = rnd_below(&x->s, MAX_FDS), ret = 0;

	pthread_rwlock_wrlock(&fds.lock);
	if (fds.fd[k] >= 0) {
		ret = close(fds.fd[k]);
		fds.fd[k] = -1;
		note(OP_CLOSE, ret);
	}
	pthread_rwlock_unlock(&fds.lock);
}

/* ---- ioctls ----------------------------------------------------------------- */

static const unsigned int cmds[] = {
	SCTRACE_IOC_GET_INFO, SCTRACE_IOC_SET_FILTER, SCTRACE_IOC_SET_SNAPLEN,
	SCTRACE_IOC_START, SCTRACE_IOC_STOP, SCTRACE_IOC_GET_COUNTERS,
	SCTRACE_IOC_RESET_COUNTERS, SCTRACE_IOC_SYNC, SCTRACE_IOC_SET_CAPTURE,
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

/* A command's struct with random, mostly meaningful contents; its size. */
static size_t cmd_fill(struct scratch *x, unsigned int cmd, void *buf)
{
	uint64_t *s = &x->s, rs;
	size_t len = _IOC_SIZE(cmd);

	memset(buf, 0, PAGE + 64);
	switch (cmd) {
	case SCTRACE_IOC_SET_FILTER:
		filter_fill(x, buf);
		break;
	case SCTRACE_IOC_SET_SNAPLEN:
		((struct sctrace_snaplen *)buf)->snaplen =
			rnd_one_in(s, 8) ? (uint32_t)rnd_hostile(s) : rnd_below(s, SCTRACE_MAX_SNAPLEN + 2);
		break;
	case SCTRACE_IOC_START: {
		struct sctrace_start *st = buf;

		pthread_mutex_lock(&geom.lock);
		rs = geom.info.ring_size ? geom.info.ring_size : 1 << 16;
		pthread_mutex_unlock(&geom.lock);
		st->flags = rnd_one_in(s, 3) ? SCTRACE_START_WAIT : rnd_one_in(s, 20) ? rnd(s) : 0;
		switch (rnd_below(s, 6)) {
		case 0: st->watermark = rs / 2; break;
		case 1: st->watermark = rs / 2 + 1; break;
		case 2: st->watermark = rnd_hostile(s); break;
		case 3: st->watermark = rnd_below(s, rs / 2); break;
		default: st->watermark = rnd_below(s, 2); break;
		}
		break;
	}
	case SCTRACE_IOC_SET_CAPTURE:
		cap_plan(x, buf);
		break;
	case SCTRACE_IOC_STOP:
	case SCTRACE_IOC_GET_COUNTERS:
	case SCTRACE_IOC_RESET_COUNTERS:
	case SCTRACE_IOC_SYNC:
		if (rnd_one_in(s, 20))	/* flags */
			((uint32_t *)buf)[1] = rnd(s);
		break;
	}
	return len;
}

static void ioctl_info_seen(const struct sctrace_info *in)
{
	if (in->size < sizeof(*in) || !in->ring_size)
		return;
	pthread_mutex_lock(&geom.lock);
	geom.info = *in;
	pthread_mutex_unlock(&geom.lock);
}

static void op_ioctl(struct scratch *x, bool mutant)
{
	static __thread uint8_t buf[PAGE + 64];
	unsigned int cmd = cmds[rnd_below(&x->s, NCMDS)];
	size_t len = cmd_fill(x, cmd, buf), ulen;
	void *p = x->rw;
	long ret;
	int fd;

	*(uint32_t *)buf = len;
	if (mutant) {
		*(uint32_t *)buf = size_field(x, len, &ulen);
		if (ulen > len && rnd_one_in(&x->s, 2))	/* a tail that is not zero */
			buf[len + rnd_below(&x->s, ulen - len)] = 0x5a;
		len = ulen;
		switch (rnd_below(&x->s, 4)) {
		case 0:	/* another direction, size bits, number or type */
			cmd = _IOC(rnd_below(&x->s, 4), SCTRACE_IOC_MAGIC,
				   _IOC_NR(cmd), _IOC_SIZE(cmd));
			break;
		case 1:
			cmd = _IOC(_IOC_DIR(cmd), SCTRACE_IOC_MAGIC, _IOC_NR(cmd),
				   rnd_below(&x->s, 1 << _IOC_SIZEBITS));
			break;
		case 2:
			cmd = _IOC(rnd_below(&x->s, 4), rnd_one_in(&x->s, 4) ? rnd_below(&x->s, 256)
									  : SCTRACE_IOC_MAGIC,
				   rnd_below(&x->s, 16), rnd_below(&x->s, 1 << _IOC_SIZEBITS));
			break;
		default:
			cmd = rnd_one_in(&x->s, 4) ? (unsigned int)rnd(&x->s) : cmd;
			break;
		}
		p = arg_place(x, buf, len);
	} else {
		memcpy(p, buf, len);
	}
	pthread_rwlock_rdlock(&fds.lock);
	fd = fd_pick(x, NULL);
	ret = ioctl(fd, cmd, p);
	pthread_rwlock_unlock(&fds.lock);
	note(mutant ? OP_IOCTL_MUTANT : OP_IOCTL, ret);
	if (!ret && cmd == SCTRACE_IOC_GET_INFO && p == x->rw)
		ioctl_info_seen((const struct sctrace_info *)p);
}

/* ---- mappings ------------------------------------------------------------- */

static void map_add(const struct mapping *m)
{
	int i;

	pthread_rwlock_wrlock(&maps.lock);
	for (i = 0; i < MAX_MAPS && maps.m[i].used; i++)
		;
	if (i < MAX_MAPS) {
		maps.m[i] = *m;
		maps.m[i].used = true;
	}
	pthread_rwlock_unlock(&maps.lock);
	if (i == MAX_MAPS)
		munmap(m->addr, m->len);
}

static void op_mmap(struct scratch *x)
{
	uint64_t *s = &x->s;
	struct sctrace_info in;
	struct mapping m = { 0 };
	uint64_t off, rs;
	int prot, flags, fd;
	size_t len;
	void *a;

	pthread_mutex_lock(&geom.lock);
	in = geom.info;
	pthread_mutex_unlock(&geom.lock);
	rs = in.ring_size ? in.ring_size : 1 << 16;
	m.cpu = rnd_below(s, (in.nr_cpus ? in.nr_cpus : 2) + 1);
	off = m.cpu * (in.mmap_stride ? in.mmap_stride : PAGE + 2 * rs);
	m.kind = rnd_below(s, 2) ? MAP_CTRL : MAP_DATA;
	len = m.kind == MAP_CTRL ? PAGE : 2 * rs;
	prot = m.kind == MAP_CTRL ? PROT_READ | PROT_WRITE : PROT_READ;
	flags = MAP_SHARED;
	if (m.kind == MAP_DATA)
		off += PAGE;
	if (rnd_one_in(s, 4)) {	/* something else: offset, length, protection, flags */
		m.kind = MAP_ODD;
		switch (rnd_below(s, 4)) {
		case 0: off += PAGE * rnd_below(s, 4); break;
		case 1: len = PAGE * (1 + rnd_below(s, 40)); break;
		case 2: off = PAGE * rnd_below(s, 1 << 20); break;
		default: off = rnd_hostile(s) & ~(PAGE - 1); break;
		}
		prot = rnd_below(s, 8);
		flags = rnd_one_in(s, 2) ? MAP_PRIVATE : rnd_one_in(s, 2) ? MAP_SHARED_VALIDATE
							      : MAP_SHARED;
		if (rnd_one_in(s, 4))
			flags |= MAP_POPULATE;
		if (rnd_one_in(s, 8))
			flags |= MAP_LOCKED;
		if (rnd_one_in(s, 8))
			flags |= MAP_SYNC | MAP_SHARED_VALIDATE;
	} else if (rnd_one_in(s, 3)) {
		flags |= MAP_POPULATE;
	}
	pthread_rwlock_rdlock(&fds.lock);
	fd = fd_pick(x, &m.gen);
	a = mmap(NULL, len, prot, flags, fd, off);
	pthread_rwlock_unlock(&fds.lock);
	note(OP_MMAP, a == MAP_FAILED ? -1 : 0);
	if (a == MAP_FAILED)
		return;
	m.addr = a;
	m.len = len;
	m.ring_size = rs;
	if (m.kind == MAP_ODD || (m.kind == MAP_DATA && len != 2 * rs))
		m.kind = MAP_ODD;
	map_add(&m);
}

/* A random used mapping (lock held by the caller), or NULL. */
static __attribute__((noinline)) struct mapping *map_pick(struct scratch *x, int kind)
{
	int i, start = rnd_below(&x->s, MAX_MAPS);

	for (i = 0; i < MAX_MAPS; i++) {
		struct mapping *m = &maps.m[(start + i) % MAX_MAPS];

		if (m->used && (kind < 0 || m->kind == (enum map_kind)kind))
			return m;
	}
	return NULL;
}

/* munmap of the whole mapping, its first or last page, or one inside. */
static void op_munmap(struct scratch *x)
{
	struct mapping *m, rest;
	size_t pages, at;
	int ret;

	pthread_rwlock_wrlock(&maps.lock);
	m = map_pick(x, -1);
	if (!m)
		goto out;
	pages = m->len / PAGE;
	switch (pages > 1 ? rnd_below(&x->s, 4) : 0) {
	case 0:
		ret = munmap(m->addr, m->len);
		m->used = false;
		break;
	case 1:
		ret = munmap(m->addr, PAGE);
		m->addr += PAGE;
		m->len -= PAGE;
		m->kind = MAP_ODD;
		break;
	case 2:
		ret = munmap(m->addr + m->len - PAGE, PAGE);
		m->len -= PAGE;
		m->kind = MAP_ODD;
		break;
	default:	/* a hole: two mappings left, the second in a free slot */
		at = 1 + rnd_below(&x->s, pages - 1);
		ret = munmap(m->addr + at * PAGE, PAGE);
		rest = *m;
		rest.addr = m->addr + (at + 1) * PAGE;
		rest.len = m->len - (at + 1) * PAGE;
		rest.kind = m->kind = MAP_ODD;
		m->len = at * PAGE;
		if (rest.len) {
			struct mapping *f = NULL;
			int i;

			for (i = 0; i < MAX_MAPS && !f; i++)
				if (!maps.m[i].used)
					f = &maps.m[i];
			if (f)
				*f = rest;
			else
				munmap(rest.addr, rest.len);
		}
		break;
	}
	note(OP_MUNMAP, ret);
out:
	pthread_rwlock_unlock(&maps.lock);
}

static void op_mremap(struct scratch *x)
{
	struct mapping *m;
	size_t nlen;
	void *a;

	pthread_rwlock_wrlock(&maps.lock);
	m = map_pick(x, -1);
	if (!m)
		goto out;
	switch (rnd_below(&x->s, 4)) {
	case 0:	/* shrink in place */
		nlen = m->len > PAGE ? m->len - PAGE : m->len;
		a = mremap(m->addr, m->len, nlen, 0);
		break;
	case 1:	/* grow: the mapping cannot expand */
		nlen = m->len + PAGE;
		a = mremap(m->addr, m->len, nlen, MREMAP_MAYMOVE);
		break;
	case 2:	/* keep the old one mapped too: refused */
		nlen = m->len;
		a = mremap(m->addr, m->len, nlen, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
		break;
	default:	/* move: a larger hole elsewhere first, then shrink into it */
		nlen = m->len;
		a = mmap(NULL, nlen + PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a != MAP_FAILED) {
			void *to = (uint8_t *)a + PAGE;

			a = mremap(m->addr, m->len, nlen, MREMAP_MAYMOVE | MREMAP_FIXED, to);
			if (a == MAP_FAILED)
				munmap(to, nlen);
			munmap((uint8_t *)to - PAGE, PAGE);
		}
		break;
	}
	note(OP_MREMAP, a == MAP_FAILED ? -1 : 0);
	if (a != MAP_FAILED) {
		if (a != m->addr || nlen != m->len)
			m->kind = nlen == m->len ? m->kind : MAP_ODD;
		m->addr = a;
		m->len = nlen;
	}
out:
	pthread_rwlock_unlock(&maps.lock);
}

static void op_mprotect(struct scratch *x)
{
	struct mapping *m;

	pthread_rwlock_rdlock(&maps.lock);
	m = map_pick(x, -1);
	if (m)
		note(OP_MPROTECT, mprotect(m->addr, m->len, rnd_below(&x->s, 8)));
	pthread_rwlock_unlock(&maps.lock);
}

static void op_madvise(struct scratch *x)
{
	static const int advice[] = {
		MADV_DONTNEED, MADV_DOFORK, MADV_DONTFORK, MADV_WILLNEED, MADV_COLD,
		MADV_PAGEOUT, MADV_REMOVE, MADV_FREE, MADV_WIPEONFORK, MADV_DONTDUMP,
		MADV_MERGEABLE, MADV_HUGEPAGE, MADV_POPULATE_READ, MADV_POPULATE_WRITE,
	};
	struct mapping *m;

	pthread_rwlock_rdlock(&maps.lock);
	m = map_pick(x, -1);
	if (m)
		note(OP_MADVISE, madvise(m->addr, m->len,
					 advice[rnd_below(&x->s, sizeof(advice) / sizeof(advice[0]))]));
	pthread_rwlock_unlock(&maps.lock);
}

/* ---- touching the mappings ------------------------------------------------ */

static inline void cons_store(struct sctrace_ctrl *c, uint64_t v)
{
	__atomic_store_n(&c->cons_pos, v, __ATOMIC_RELEASE);
}

/* cons_pos: anything, near prod, behind it by up to a ring, unaligned. */
static void op_cons(struct scratch *x)
{
	uint64_t *s = &x->s, prod, v;
	struct sctrace_ctrl *c;
	struct mapping *m;

	pthread_rwlock_rdlock(&maps.lock);
	m = map_pick(x, MAP_CTRL);
	if (m && STRESS_TRY()) {
		c = (struct sctrace_ctrl *)m->addr;
		prod = __atomic_load_n(&c->prod_pos, __ATOMIC_ACQUIRE);
		switch (rnd_below(s, 8)) {
		case 0: v = rnd_hostile(s); break;
		case 1: v = prod + 8 * (1 + rnd_below(s, 64)); break;		/* ahead */
		case 2: v = prod - m->ring_size - 8 * rnd_below(s, 4); break;	/* a ring behind */
		case 3: v = prod - rnd_below(s, m->ring_size); break;		/* unaligned */
		case 4:	/* anywhere in the page the kernel does not read */
			m->addr[rnd_below(s, PAGE)] = rnd(s);
			v = c->cons_pos;
			break;
		default: v = prod; break;					/* caught up */
		}
		cons_store(c, v);
		STRESS_END();
		note(OP_CONS, 0);
	}
	pthread_rwlock_unlock(&maps.lock);
}

/*
 * As a reader: the records between cons_pos and prod_pos of a ring whose
 * control page and data come from one open, each length checked before it
 * is followed, then cons_pos moved to the end. Else random bytes of any
 * mapping.
 */
static void op_read_ring(struct scratch *x)
{
	struct mapping *volatile c = NULL, *volatile d = NULL;	/* kept across a fault */
	volatile uint8_t sink;
	uint64_t cons, prod, n = 0;
	int i;

	pthread_rwlock_rdlock(&maps.lock);
	c = map_pick(x, MAP_CTRL);
	for (i = 0; c && i < MAX_MAPS && !d; i++)
		if (maps.m[i].used && maps.m[i].kind == MAP_DATA && maps.m[i].gen == c->gen &&
		    maps.m[i].cpu == c->cpu && maps.m[i].len == 2 * c->ring_size)
			d = &maps.m[i];
	if (!d || rnd_one_in(&x->s, 4)) {
		d = map_pick(x, -1);
		if (d && STRESS_TRY()) {
			for (i = 0; i < 16; i++)
				sink = d->addr[rnd_below(&x->s, d->len)];
			STRESS_END();
		}
		goto out;
	}
	if (STRESS_TRY()) {
		struct sctrace_ctrl *ctl = (struct sctrace_ctrl *)c->addr;

		prod = __atomic_load_n(&ctl->prod_pos, __ATOMIC_ACQUIRE);
		cons = ctl->cons_pos;
		while (cons < prod && prod - cons <= c->ring_size && n++ < 4096) {
			const struct sctrace_hdr *h =
				(const void *)(d->addr + (cons & (c->ring_size - 1)));
			uint32_t len = h->len;

			if (len < sizeof(*h) || len % 8 || len > c->ring_size)
				break;
			sink = ((const uint8_t *)h)[len - 1];
			cons += len;
		}
		cons_store(ctl, cons);
		STRESS_END();
	}
out:
	(void)sink;
	note(OP_READ_RING, 0);
	pthread_rwlock_unlock(&maps.lock);
}

/* ---- fork while mapped ----------------------------------------------------- */

/*
 * The child sees none of the mappings (VM_DONTCOPY) unless MADV_DOFORK
 * gave them back: it touches each (a fault kills it, as expected), or maps
 * the device through the fd it inherited and calls ioctls on it.
 */
static void op_fork(struct scratch *x)
{
	uint64_t r = rnd(&x->s);
	struct sctrace_stop stop = { .size = sizeof(stop) };
	int fd, st, i;
	pid_t pid;

	pthread_rwlock_rdlock(&fds.lock);
	pthread_rwlock_rdlock(&maps.lock);
	fd = fd_pick(x, NULL);
	pid = fork();
	if (pid == 0) {
		if (r & 1) {
			void *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

			if (a != MAP_FAILED)
				cons_store(a, r);
			ioctl(fd, r & 2 ? SCTRACE_IOC_STOP : SCTRACE_IOC_SYNC, &stop);
			_exit(0);
		}
		for (i = 0; i < MAX_MAPS; i++)
			if (maps.m[i].used) {
				volatile uint8_t v = maps.m[i].addr[0];

				if (maps.m[i].kind == MAP_CTRL)
					cons_store((void *)maps.m[i].addr, r + v);
			}
		_exit(0);
	}
	pthread_rwlock_unlock(&maps.lock);
	pthread_rwlock_unlock(&fds.lock);
	note(OP_FORK, pid);
	if (pid < 0)
		return;
	atomic_fetch_add(&child_forks, 1);
	if (waitpid(pid, &st, 0) == pid &&
	    !(WIFEXITED(st) && WEXITSTATUS(st) == 0) &&
	    !(WIFSIGNALED(st) && (WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS))) {
		printf("# forked child: wait status %#x\n", st);
		atomic_fetch_add(&child_bad, 1);
	}
}

/* ---- the rest ------------------------------------------------------------- */

static void op_poll(struct scratch *x)
{
	struct pollfd p = { .events = POLLIN | POLLOUT | POLLPRI };

	pthread_rwlock_rdlock(&fds.lock);
	p.fd = fd_pick(x, NULL);
	note(OP_POLL, poll(&p, 1, rnd_below(&x->s, 20)));
	pthread_rwlock_unlock(&fds.lock);
}

static void op_rw(struct scratch *x)
{
	int fd;

	pthread_rwlock_rdlock(&fds.lock);
	fd = fd_pick(x, NULL);
	if (fd > 0)	/* not fd 0: a read of stdin would block */
		note(OP_RW, rnd_one_in(&x->s, 2) ? read(fd, x->rw, rnd_below(&x->s, 2 * PAGE))
						 : write(fd, x->rw, rnd_below(&x->s, 2 * PAGE)));
	pthread_rwlock_unlock(&fds.lock);
}

/* The fuzzer's own syscalls (not traced: the opener never is). */
static void op_noise(struct scratch *x)
{
	int fd;

	switch (rnd_below(&x->s, 3)) {
	case 0:
		note(OP_NOISE, syscall(SYS_getppid));
		break;
	case 1:
		fd = open("/dev/zero", O_RDONLY);
		note(OP_NOISE, fd < 0 ? -1 : read(fd, x->rw, rnd_below(&x->s, 2 * PAGE)));
		if (fd >= 0)
			close(fd);
		break;
	default:
		fd = openat(AT_FDCWD, "/proc/self/stat", O_RDONLY);
		note(OP_NOISE, fd);
		if (fd >= 0)
			close(fd);
		break;
	}
}

static int write_str(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, v, strlen(v)) == (ssize_t)strlen(v) ? 0 : -1;
	close(fd);
	return ret;
}

/* ring_size, read at the next open: small valid sizes, and refused ones */
static void op_ring_param(struct scratch *x)
{
	static const char *const v[] = {
		"65536", "65536", "131072", "262144", "1048576", "0", "3", "65535",
		"2147483648", "abc", "-65536", "0x10000", "",
	};

	note(OP_RING_PARAM, write_str(RING_PARAM, v[rnd_below(&x->s, sizeof(v) / sizeof(v[0]))]));
}

static int mod_unload(void)
{
	return syscall(SYS_delete_module, "sctrace", O_NONBLOCK);
}

static int mod_load(const char *params)
{
	int fd = open(ko_path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -1;
	ret = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	return ret;
}

/*
 * rmmod while the device may be open or mapped (EBUSY then, or EAGAIN
 * while a waiter holds a reference); when it unloads, at once insmod
 * again, with small rings.
 */
static void op_rmmod(struct scratch *x)
{
	int ret;

	(void)x;
	if (!ko_path)
		return;
	ret = mod_unload();
	note(OP_RMMOD, ret);
	if (ret)
		return;
	atomic_fetch_add(&reloads, 1);
	if (mod_load("ring_size=65536")) {
		printf("# insmod %s after a successful rmmod: %s\n", ko_path, strerror(errno));
		atomic_fetch_add(&reload_fail, 1);
	}
}

/* ---- threads ---------------------------------------------------------------- */

static struct stress_opts opt = { .ops = 20000, .threads = 4, .hang = 120, .hotplug = true };

static void *worker(void *arg)
{
	int idx = (int)(uintptr_t)arg;
	uint64_t n = opt.ops / opt.threads + ((uint64_t)idx < opt.ops % opt.threads), i;
	struct scratch x;
	enum op op;

	if (scratch_init(&x, opt.seed, idx)) {
		printf("# thread %d: no scratch memory\n", idx);
		return (void *)1;
	}
	stress_guard_thread();
	for (i = 0; i < n; i++) {
		op = rnd_pick(&x.s, op_weight, NOPS);
		atomic_store(&stress_doing[idx], op_names[op]);
		switch (op) {
		case OP_OPEN: op_open(&x); break;
		case OP_DUP: op_dup(&x); break;
		case OP_CLOSE: op_close(&x); break;
		case OP_IOCTL: op_ioctl(&x, false); break;
		case OP_IOCTL_MUTANT: op_ioctl(&x, true); break;
		case OP_MMAP: op_mmap(&x); break;
		case OP_MUNMAP: op_munmap(&x); break;
		case OP_MREMAP: op_mremap(&x); break;
		case OP_MPROTECT: op_mprotect(&x); break;
		case OP_MADVISE: op_madvise(&x); break;
		case OP_FORK: op_fork(&x); break;
		case OP_POLL: op_poll(&x); break;
		case OP_RW: op_rw(&x); break;
		case OP_CONS: op_cons(&x); break;
		case OP_READ_RING: op_read_ring(&x); break;
		case OP_NOISE: op_noise(&x); break;
		case OP_RING_PARAM: op_ring_param(&x); break;
		case OP_RMMOD: op_rmmod(&x); break;
		case NOPS: break;
		}
		atomic_fetch_add(&stress_progress, 1);
	}
	atomic_store(&stress_doing[idx], NULL);
	return NULL;
}


/* fds, then mappings: the order op_fork() takes their locks in */
static void close_everything(void)
{
	int i;

	pthread_rwlock_wrlock(&fds.lock);
	pthread_rwlock_wrlock(&maps.lock);
	for (i = 0; i < MAX_MAPS; i++)
		if (maps.m[i].used) {
			munmap(maps.m[i].addr, maps.m[i].len);
			maps.m[i].used = false;
		}
	for (i = 0; i < MAX_FDS; i++)
		if (fds.fd[i] >= 0) {
			close(fds.fd[i]);
			fds.fd[i] = -1;
		}
	pthread_rwlock_unlock(&maps.lock);
	pthread_rwlock_unlock(&fds.lock);
}

/* rmmod, waiting for what still holds the module (a queued waiter) */
static int unload_wait(void)
{
	long long end = stress_now_ms() + 15000;
	int ret;

	while ((ret = mod_unload()) && (errno == EBUSY || errno == EAGAIN) && stress_now_ms() < end)
		usleep(100000);
	return ret ? -errno : 0;
}

static void other_opt(int code, const char *arg)
{
	if (code == 'k' + 256)
		ko_path = arg;
}

/*
 * TAP: 1 baseline reload, 2 the run, 3 the workload, 4 forked children,
 * 5 reopen, 6 rmmod, 7 memory, 8 insmod, 9 kernel log.
 */
int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "ko", required_argument, NULL, 'k' + 256 }, { NULL, 0, NULL, 0 },
	};
	pthread_t th[STRESS_MAX_THREADS];
	struct meminfo before = { 0 }, after = { 0 };
	bool reload, hotplug, threads_ok = true;
	long long t0, ms;
	int c, i, kmsg, st, fd;
	long tol_free, tol_slab;
	void *ret;

	ko_path = getenv("SCTRACE_KO");
	stress_getopt(argc, argv, &opt, lo, other_opt, "fuzz_dev [--seed S] [--ops N] "
		      "[--threads T] [--hang SECS] [--no-hotplug] [--ko PATH]");
	if (ko_path && !*ko_path)
		ko_path = NULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < MAX_FDS; i++)
		fds.fd[i] = -1;
	nulldev = open("/dev/null", O_RDWR | O_CLOEXEC);
	printf("# fuzz_dev --seed %llu --ops %llu --threads %u (replay: the same seed)\n",
	       (unsigned long long)opt.seed, (unsigned long long)opt.ops, opt.threads);
	tap_plan(9);
	kmsg = kmsg_mark();

	/* 1: the baseline, with the module unloaded */
	reload = ko_path && geteuid() == 0;
	if (reload) {
		bool ok = (access("/sys/module/sctrace", F_OK) || unload_wait() == 0) &&
			  meminfo_read(&before) == 0 && mod_load("ring_size=65536") == 0;

		tap_ok(ok, "the module unloads and loads again for the baseline (%s)", ko_path);
		reload = ok;
	} else {
		tap_skip("no module to reload: set SCTRACE_KO (or --ko) and run as root",
			 "the module unloads and loads again for the baseline");
		write_str(RING_PARAM, "65536");
	}

	/* 2: the run */
	stress_guard_install();
	workload_pid = stress_workload_start(opt.seed);
	hotplug = opt.hotplug && stress_hotplug_start(opt.seed);
	stress_watchdog_start(opt.hang);
	t0 = stress_now_ms();
	for (i = 0; i < (int)opt.threads; i++)
		pthread_create(&th[i], NULL, worker, (void *)(uintptr_t)i);
	for (i = 0; i < (int)opt.threads; i++) {
		pthread_join(th[i], &ret);
		threads_ok &= ret == NULL;
	}
	ms = stress_now_ms() - t0;
	stress_watchdog_stop();
	if (hotplug)
		stress_hotplug_stop();
	close_everything();
	stress_print_outcomes(op_names, outcome, NOPS);
	tap_ok(threads_ok, "%llu operations by %u threads in %.1f s, seed %llu: %llu faults "
	       "caught, %llu CPU 1 offline/online cycles%s, %llu rmmod+insmod",
	       (unsigned long long)opt.ops, opt.threads, ms / 1000.0,
	       (unsigned long long)opt.seed, (unsigned long long)stress_faults,
	       (unsigned long long)stress_hotplugs, hotplug ? "" : " (CPU 1 not writable)",
	       (unsigned long long)reloads);

	/* 3, 4 */
	st = stress_workload_stop(workload_pid);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "the traced workload exits cleanly (wait status %#x)", st);
	tap_ok(!child_bad && !reload_fail,
	       "%llu children forked while mapped exit normally or of SIGSEGV/SIGBUS "
	       "(%llu did not); every rmmod is followed by an insmod (%llu failed)",
	       (unsigned long long)child_forks, (unsigned long long)child_bad,
	       (unsigned long long)reload_fail);

	/* 5: nothing left open */
	fd = open(DEV, O_RDWR);
	tap_ok(fd >= 0, "/dev/sctrace opens again once everything is closed (%s)",
	       fd >= 0 ? "yes" : strerror(errno));
	if (fd >= 0)
		close(fd);

	/* 6-8: unload, memory, load */
	if (reload) {
		int err = unload_wait();

		tap_ok(!err, "rmmod sctrace after the run (%s)", err ? strerror(-err) : "unloaded");
		meminfo_read(&after);
		/*
		 * Tolerances: every open vmallocs 1.1 MiB (two 512 KiB pid
		 * bitmaps, two 72 KiB plans), so one leaked open shows in
		 * VmallocUsed; 512 KiB is far above the noise of the kernel's
		 * own (exited tasks' stacks are 16 KiB). Rings are pages (136
		 * KiB per open at 64 KiB rings): MemFree, less what slab
		 * took, may drop 32 MiB (page cache dropped first; per-CPU
		 * lists, tmpfs). Slab may grow 16 MiB, plus, under KASAN,
		 * its quarantine of freed objects (1/32 of memory).
		 */
		tol_free = 32 << 10;
		tol_slab = (16 << 10) + (kernel_has_kasan() ? before.total / 32 : 0);
		printf("# KiB before load / after unload: MemFree %ld / %ld, Slab %ld / %ld, "
		       "SUnreclaim %ld / %ld, VmallocUsed %ld / %ld\n", before.free, after.free,
		       before.slab, after.slab, before.sunreclaim, after.sunreclaim,
		       before.vmalloc, after.vmalloc);
		tap_ok(!err && after.vmalloc - before.vmalloc <= 512 &&
		       after.slab - before.slab <= tol_slab &&
		       (before.free - after.free) - (after.slab - before.slab) <= tol_free,
		       "no leak: VmallocUsed %+ld KiB (<= 512), Slab %+ld KiB (<= %ld), MemFree "
		       "less slab %+ld KiB (>= -%ld)", after.vmalloc - before.vmalloc,
		       after.slab - before.slab, tol_slab,
		       (after.free - before.free) + (after.slab - before.slab), tol_free);
		tap_ok(mod_load("") == 0, "insmod %s again", ko_path);
	} else {
		for (i = 0; i < 3; i++)
			tap_skip("no module to reload", "rmmod, memory, insmod");
	}

	/* 9 */
	c = kmsg < 0 ? -1 : kmsg_scan(kmsg);
	tap_ok(c == 0, "the kernel log has no splat (BUG, WARNING, KASAN, UBSAN, lockdep, "
	       "RCU stall, Oops) since the start%s", c < 0 ? ": cannot read /dev/kmsg" : "");
	return tap_failed() ? 1 : 0;
}
