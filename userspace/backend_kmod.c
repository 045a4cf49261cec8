// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The kernel-module backend: /dev/sctrace, its ioctls, and one mmapped
 * ring per possible CPU read by ring.c (layout and ordering contract in
 * sctrace_abi.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "backend.h"
#include "ring.h"

#define SCT_KMOD_DEVICE		"/dev/" SCTRACE_DEVICE_NAME
#define SCT_KMOD_MAX_CPUS	65536	/* hdr.cpu is 16 bits */

struct sct_kmod_map {
	void *ctrl;		/* info.ctrl_size bytes, rw */
	void *data;		/* 2 * info.ring_size bytes, ro */
};

struct sct_kmod {
	int fd;
	const char *device;
	struct sct_kmod_map *maps;	/* [nrings] */
	struct sct_ring *rings;		/* [nrings] */
	size_t nrings;
	bool no_sync;			/* module older than SCTRACE_IOC_SYNC */
	bool told_no32;			/* said that API 1.1 drops syscalls32 */
};

/* The module's API is at least 1.minor (the major was checked at open). */
static bool sct_kmod__api(const struct sctrace *t, unsigned int minor)
{
	return t->info.api_minor >= minor;
}

static int sct_kmod__open_device(struct sctrace *t, struct sct_kmod *k)
{
	k->fd = open(k->device, O_RDWR | O_CLOEXEC);
	if (k->fd >= 0)
		return 0;
	switch (errno) {
	case ENOENT:
		if (!sct_kmod__supported())
			return sct_fail(t, ENOENT, "%s not found: this kernel has no module support (no /proc/modules), the sctrace module cannot be loaded here; use --backend=bpf",
					k->device);
		return sct_fail(t, ENOENT, "%s not found: the sctrace module is not loaded (sudo modprobe sctrace or insmod driver/sctrace.ko)",
				k->device);
	case EACCES:
	case EPERM:
		return sct_fail(t, errno, "cannot open %s: %s (need CAP_SYS_ADMIN, run as root)",
				k->device, strerror(errno));
	case EBUSY:
		return sct_fail(t, EBUSY, "cannot open %s: %s (another sctrace reader has the device open)",
				k->device, strerror(EBUSY));
	}
	return sct_fail(t, errno, "cannot open %s: %s", k->device, strerror(errno));
}

/* The info the module reports must describe a layout we can read safely. */
static int sct_kmod__check_info(struct sctrace *t, const struct sctrace_info *i)
{
	uint64_t data_end;

	if (i->api_major != SCTRACE_API_VERSION_MAJOR)
		return sct_fail(t, EPROTO, "module API %u.%u, reader built for %u.%u: rebuild sctrace or load the matching module",
				i->api_major, i->api_minor,
				SCTRACE_API_VERSION_MAJOR, SCTRACE_API_VERSION_MINOR);
	if (i->schema_version < SCTRACE_SCHEMA_OLDEST || i->schema_version > SCTRACE_SCHEMA_VERSION)
		return sct_fail(t, EPROTO, "module record schema %u, reader built for %u to %u: rebuild sctrace or load the matching module",
				i->schema_version, SCTRACE_SCHEMA_OLDEST, SCTRACE_SCHEMA_VERSION);
	if (i->ring_size < 2 * sizeof(struct sctrace_sys_enter) ||
	    (i->ring_size & (i->ring_size - 1)) || i->ring_size > (1ULL << 40) ||
	    i->ctrl_size < sizeof(struct sctrace_ctrl) || i->ctrl_size > (1u << 20) ||
	    i->data_offset < i->ctrl_size ||
	    __builtin_add_overflow(i->data_offset, 2 * i->ring_size, &data_end) ||
	    i->mmap_stride < data_end || !i->nr_cpus || i->nr_cpus > SCT_KMOD_MAX_CPUS ||
	    i->mmap_stride > (UINT64_MAX >> 1) / i->nr_cpus)
		return sct_fail(t, EPROTO, "module reports an unusable ring layout (ring_size %" PRIu64
				", ctrl_size %" PRIu64 ", data_offset %" PRIu64 ", mmap_stride %" PRIu64
				", nr_cpus %u)", (uint64_t)i->ring_size, (uint64_t)i->ctrl_size,
				(uint64_t)i->data_offset, (uint64_t)i->mmap_stride, i->nr_cpus);
	return 0;
}

static int sct_kmod__get_info(struct sctrace *t, struct sct_kmod *k)
{
	t->info = (struct sctrace_info){ .size = sizeof(t->info) };
	if (ioctl(k->fd, SCTRACE_IOC_GET_INFO, &t->info) < 0)
		return sct_fail(t, errno, "SCTRACE_IOC_GET_INFO on %s failed: %s%s", k->device,
				strerror(errno), errno == ENOTTY ? " (not an sctrace device?)" : "");
	return sct_kmod__check_info(t, &t->info);
}

/* 1: mapped, 0: CPU id not possible (ENXIO), <0: error. */
static int sct_kmod__map_cpu(struct sctrace *t, struct sct_kmod *k, uint32_t cpu,
			     struct sct_kmod_map *m)
{
	const struct sctrace_info *i = &t->info;
	off_t base = (off_t)(cpu * i->mmap_stride);

	m->ctrl = mmap(NULL, i->ctrl_size, PROT_READ | PROT_WRITE, MAP_SHARED, k->fd, base);
	if (m->ctrl == MAP_FAILED) {
		m->ctrl = NULL;
		if (errno == ENXIO)
			return 0;
		return sct_fail(t, errno, "cannot map the control page of CPU %u from %s: %s",
				cpu, k->device, strerror(errno));
	}
	m->data = mmap(NULL, 2 * i->ring_size, PROT_READ, MAP_SHARED, k->fd,
		       base + (off_t)i->data_offset);
	if (m->data == MAP_FAILED) {
		m->data = NULL;
		return sct_fail(t, errno, "cannot map the %" PRIu64 "-byte ring of CPU %u from %s: %s",
				(uint64_t)i->ring_size, cpu, k->device, strerror(errno));
	}
	return 1;
}

static int sct_kmod__map_rings(struct sctrace *t, struct sct_kmod *k)
{
	uint32_t cpu, n = t->info.nr_cpus;
	struct sct_kmod_map *m;
	int ret;

	k->maps = calloc(n, sizeof(*k->maps));
	k->rings = calloc(n, sizeof(*k->rings));
	t->sources = calloc(n, sizeof(*t->sources));
	if (!k->maps || !k->rings || !t->sources)
		return sct_fail(t, ENOMEM, "cannot allocate ring state for %u CPUs", n);
	for (cpu = 0; cpu < n; cpu++) {
		m = &k->maps[k->nrings];
		ret = sct_kmod__map_cpu(t, k, cpu, m);
		if (ret < 0) {
			k->nrings++;	/* so that close unmaps it */
			return ret;
		}
		if (!ret)
			continue;
		sct_ring__init(&k->rings[k->nrings], m->ctrl, m->data, t->info.ring_size, cpu);
		t->sources[k->nrings] = sct_ring__source(&k->rings[k->nrings]);
		k->nrings++;
	}
	t->nsources = k->nrings;
	if (!k->nrings)
		return sct_fail(t, ENXIO, "%s offers no ring for any of its %u CPUs", k->device, n);
	return 0;
}

static int sct_kmod__open(struct sctrace *t, const struct sctrace_open_opts *opts)
{
	struct sct_kmod *k = calloc(1, sizeof(*k));
	int ret;

	if (!k)
		return sct_fail(t, ENOMEM, "cannot allocate the module backend: %s", strerror(ENOMEM));
	k->fd = -1;
	k->device = opts->device ? opts->device : SCT_KMOD_DEVICE;
	t->priv = k;	/* from here on, close() undoes whatever was done */
	ret = sct_kmod__open_device(t, k);
	if (!ret)
		ret = sct_kmod__get_info(t, k);
	if (!ret && opts->ring_size && opts->ring_size != t->info.ring_size)
		ret = sct_fail(t, EINVAL, "the module's rings are %" PRIu64 " bytes: set its parameter (/sys/module/sctrace/parameters/ring_size) instead of a ring size at open",
			       (uint64_t)t->info.ring_size);
	if (!ret)
		ret = sct_kmod__map_rings(t, k);
	return ret;
}

static void sct_kmod__close(struct sctrace *t)
{
	struct sct_kmod *k = t->priv;
	size_t i;

	for (i = 0; k->maps && i < k->nrings; i++) {
		if (k->maps[i].data)
			munmap(k->maps[i].data, 2 * t->info.ring_size);
		if (k->maps[i].ctrl)
			munmap(k->maps[i].ctrl, t->info.ctrl_size);
	}
	if (k->fd >= 0)
		close(k->fd);	/* stops a running capture */
	free(k->maps);
	free(k->rings);
	free(t->sources);
	t->sources = NULL;
	t->nsources = 0;
	free(k);
	t->priv = NULL;
}

/* 0, or -errno with a message naming the request; specific cases first. */
static int sct_kmod__ioctl(struct sctrace *t, unsigned long cmd, void *arg,
			   const char *what)
{
	struct sct_kmod *k = t->priv;

	if (ioctl(k->fd, cmd, arg) == 0)
		return 0;
	return sct_fail(t, errno, "%s: %s", what, strerror(errno));
}

/*
 * A module of API 1.1 takes the filter without syscalls32 (its size then)
 * and traces no 32-bit syscall: bits set there are dropped, with a note.
 */
static int sct_kmod__set_filter(struct sctrace *t, const struct sctrace_filter *f)
{
	struct sctrace_filter copy = *f;
	struct sct_kmod *k = t->priv;
	size_t i;
	int ret;

	copy.size = sizeof(copy);
	if (!sct_kmod__api(t, 2)) {
		copy.size = offsetof(struct sctrace_filter, syscalls32);
		for (i = 0; i < SCTRACE_MAX_SYSCALLS / 64 && !k->told_no32; i++)
			if (f->syscalls32[i]) {
				fprintf(stderr, "sctrace: the sctrace module on %s (API %u.%u) cannot trace 32-bit syscalls (API 1.2 can): they are not traced; load the module built with this sctrace to trace them\n",
					k->device, t->info.api_major, t->info.api_minor);
				k->told_no32 = true;
			}
	}
	ret = sct_kmod__ioctl(t, SCTRACE_IOC_SET_FILTER, &copy, "cannot set the filter");
	if (ret == -EBUSY)
		return sct_fail(t, EBUSY, "cannot set the filter while capture is running: stop it first");
	if (ret == -EINVAL)
		return sct_fail(t, EINVAL, "the module rejected the filter (flags 0x%x, %u tgids: unknown flag, more than %u tgids, tgid 0 or above the pid limit, a string bit above argument %u, or more than %u strings for one syscall)",
				f->flags, f->ntgids, t->info.max_tgids, SCTRACE_MAX_ARGS - 1,
				SCTRACE_CAP_MAX_PER);
	return ret;
}

static int sct_kmod__set_snaplen(struct sctrace *t, uint32_t snaplen)
{
	struct sctrace_snaplen s = { .size = sizeof(s), .snaplen = snaplen };
	int ret = sct_kmod__ioctl(t, SCTRACE_IOC_SET_SNAPLEN, &s, "cannot set the snaplen");

	if (ret == -EBUSY)
		return sct_fail(t, EBUSY, "cannot set the snaplen while capture is running: stop it first");
	return ret;
}

/*
 * SCTRACE_IOC_SET_CAPTURE (API 1.2). sctrace.c checked the items with the
 * rules the module applies (driver/sct_plan.h): EINVAL here means that
 * this module was built from other rules than this library.
 */
static int sct_kmod__set_capture(struct sctrace *t, const struct sctrace_cap_item *items,
				 size_t n)
{
	struct sctrace_capture c = {
		.size = sizeof(c), .flags = 0, .nitems = (uint32_t)n,
		.item_size = sizeof(*items), .items = (uintptr_t)items,
	};
	const struct sct_kmod *k = t->priv;
	int ret;

	if (!sct_kmod__api(t, 2))
		return sct_fail(t, EOPNOTSUPP, "the sctrace module on %s (API %u.%u) cannot capture the memory behind pointer arguments: a capture plan needs API 1.2 (load the module built with this sctrace)",
				k->device, t->info.api_major, t->info.api_minor);
	ret = sct_kmod__ioctl(t, SCTRACE_IOC_SET_CAPTURE, &c, "cannot set the capture plan");
	if (ret == -EBUSY)
		return sct_fail(t, EBUSY, "cannot set the capture plan while capture is running: stop it first");
	if (ret == -EINVAL)
		return sct_fail(t, EINVAL, "the module refused the capture plan of %zu items, which this library accepted: the module was built from other rules (driver/sct_plan.h), load the one built with this sctrace",
				n);
	return ret;
}

static int sct_kmod__start(struct sctrace *t, uint64_t watermark)
{
	struct sctrace_start s = { .size = sizeof(s), .watermark = watermark,
				   .flags = t->wait ? SCTRACE_START_WAIT : 0 };
	int ret = sct_kmod__ioctl(t, SCTRACE_IOC_START, &s,
				  "cannot start capture (registering the tracepoint probes failed)");

	if (ret == -EOPNOTSUPP && t->wait) {
		/* the kernel does not export task_work_add(): drop and count, as before */
		t->wait = false;
		return sct_kmod__start(t, watermark);
	}
	if (ret == -EBUSY)
		return sct_fail(t, EBUSY, "cannot start capture: it is already running");
	if (ret == -EINVAL)
		return sct_fail(t, EINVAL, "cannot start capture: watermark %" PRIu64
				" is larger than half the ring (%" PRIu64 " bytes)",
				watermark, (uint64_t)t->info.ring_size);
	return ret;
}

static int sct_kmod__stop(struct sctrace *t)
{
	struct sctrace_stop s = { .size = sizeof(s), .flags = 0 };

	return sct_kmod__ioctl(t, SCTRACE_IOC_STOP, &s, "cannot stop capture");
}

static int sct_kmod__counters(struct sctrace *t, struct sctrace_counters *c)
{
	*c = (struct sctrace_counters){ .size = sizeof(*c) };
	return sct_kmod__ioctl(t, SCTRACE_IOC_GET_COUNTERS, c, "cannot read the counters");
}

static int sct_kmod__reset(struct sctrace *t)
{
	struct sctrace_reset r = { .size = sizeof(r), .flags = 0 };
	int ret = sct_kmod__ioctl(t, SCTRACE_IOC_RESET_COUNTERS, &r, "cannot reset the counters");

	if (ret == -EBUSY)
		return sct_fail(t, EBUSY, "cannot reset the counters while capture is running: stop it first");
	return ret;
}

/*
 * SCTRACE_IOC_SYNC: an RCU grace period in the module. A module of API 1.0
 * has none: say so once, and merge without the guarantee.
 */
static void sct_kmod__sync(struct sctrace *t)
{
	struct sctrace_sync s = { .size = sizeof(s), .flags = 0 };
	struct sct_kmod *k = t->priv;

	if (k->no_sync)
		return;
	while (ioctl(k->fd, SCTRACE_IOC_SYNC, &s) < 0) {
		if (errno == EINTR)
			continue;
		k->no_sync = true;
		break;
	}
	if (!k->no_sync)
		return;
	fprintf(stderr, "sctrace: SCTRACE_IOC_SYNC on %s failed: %s (module API %u.%u%s): records of different CPUs may come out of time order\n",
		k->device, strerror(errno), t->info.api_major, t->info.api_minor,
		errno == ENOTTY ? ", older than this reader: load the module built with it" : "");
}

static int sct_kmod__fd(const struct sctrace *t)
{
	const struct sct_kmod *k = t->priv;

	return k->fd;
}

const struct sct_backend_ops sct_backend_kmod = {
	.name = "kmod",
	.open = sct_kmod__open,
	.set_filter = sct_kmod__set_filter,
	.set_snaplen = sct_kmod__set_snaplen,
	.set_capture = sct_kmod__set_capture,
	.start = sct_kmod__start,
	.stop = sct_kmod__stop,
	.counters = sct_kmod__counters,
	.reset = sct_kmod__reset,
	.fd = sct_kmod__fd,
	.sync = sct_kmod__sync,
	.close = sct_kmod__close,
};
