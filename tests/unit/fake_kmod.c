// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Fake module backend for test_api (see fake_kmod.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "fake_kmod.h"
#include "ring.h"

struct ring_mem fake_kmod_rings[FAKE_NCPUS];
int fake_kmod_pipe[2] = { -1, -1 };
struct sctrace_filter fake_kmod_filter;
unsigned int fake_kmod_calls;
unsigned int fake_kmod_syncs;
void (*fake_kmod_sync_hook)(void);
int fake_kmod_missing;
int fake_modprobe_ret;
const char *fake_modprobe_why = "";

int sct_kmod__modprobe(char *why, size_t whylen)
{
	snprintf(why, whylen, "%s", fake_modprobe_why);
	if (!fake_modprobe_ret)
		fake_kmod_missing = 0;
	return fake_modprobe_ret;
}

static int fake_open(struct sctrace *t, const struct sctrace_open_opts *opts)
{
	struct sct_ring *rings;
	unsigned int cpu;

	if (opts->device && !strcmp(opts->device, "/dev/missing"))
		return sct_fail(t, ENOENT, "%s not found: the sctrace module is not loaded",
				opts->device);
	if (opts->device && !strcmp(opts->device, "/dev/busy"))
		return sct_fail(t, EBUSY, "cannot open %s: another reader has it", opts->device);
	if (fake_kmod_missing)
		return sct_fail(t, ENOENT, "/dev/sctrace not found: the sctrace module is not loaded");
	rings = calloc(FAKE_NCPUS, sizeof(*rings));
	t->sources = calloc(FAKE_NCPUS, sizeof(*t->sources));
	t->priv = rings;
	if (!rings || !t->sources)
		return sct_fail(t, ENOMEM, "out of memory");
	t->info = (struct sctrace_info){
		.size = sizeof(t->info), .api_major = SCTRACE_API_VERSION_MAJOR,
		.api_minor = SCTRACE_API_VERSION_MINOR, .schema_version = SCTRACE_SCHEMA_VERSION,
		.nr_cpus = FAKE_NCPUS, .ring_size = FAKE_RING_SIZE, .ctrl_size = 4096,
		.data_offset = 4096, .mmap_stride = 4096 + 2 * FAKE_RING_SIZE,
		.max_snaplen = SCTRACE_MAX_SNAPLEN, .max_syscalls = SCTRACE_MAX_SYSCALLS,
		.max_tgids = SCTRACE_MAX_TGIDS, .max_cap_items = SCTRACE_CAP_MAX_ITEMS,
	};
	for (cpu = 0; cpu < FAKE_NCPUS; cpu++) {
		sct_ring__init(&rings[cpu], fake_kmod_rings[cpu].ctrl, fake_kmod_rings[cpu].data,
			       FAKE_RING_SIZE, cpu);
		t->sources[cpu] = sct_ring__source(&rings[cpu]);
	}
	t->nsources = FAKE_NCPUS;
	return 0;
}

static void fake_close(struct sctrace *t)
{
	free(t->priv);
	free(t->sources);
	t->priv = NULL;
	t->sources = NULL;
}

static int fake_set_filter(struct sctrace *t, const struct sctrace_filter *f)
{
	(void)t;
	fake_kmod_filter = *f;
	fake_kmod_calls++;
	return 0;
}

static int fake_set_snaplen(struct sctrace *t, uint32_t snaplen)
{
	(void)t;
	(void)snaplen;
	fake_kmod_calls++;
	return 0;
}

static int fake_set_capture(struct sctrace *t, const struct sctrace_cap_item *items, size_t n)
{
	(void)t;
	(void)items;
	(void)n;
	fake_kmod_calls++;
	return 0;
}

static int fake_start(struct sctrace *t, uint64_t watermark)
{
	if (watermark > FAKE_RING_SIZE)
		return sct_fail(t, EINVAL, "watermark too large");
	fake_kmod_calls++;
	return 0;
}

static int fake_noarg(struct sctrace *t)
{
	(void)t;
	fake_kmod_calls++;
	return 0;
}

static int fake_counters(struct sctrace *t, struct sctrace_counters *c)
{
	(void)t;
	memset(c, 0, sizeof(*c));
	c->size = sizeof(*c);
	c->total.written = 42;
	return 0;
}

static void fake_sync(struct sctrace *t)
{
	(void)t;
	fake_kmod_syncs++;
	if (fake_kmod_sync_hook)
		fake_kmod_sync_hook();
}

static int fake_fd(const struct sctrace *t)
{
	(void)t;
	return fake_kmod_pipe[0];
}

const struct sct_backend_ops sct_backend_kmod = {
	.name = "kmod",
	.open = fake_open,
	.set_filter = fake_set_filter,
	.set_snaplen = fake_set_snaplen,
	.set_capture = fake_set_capture,
	.start = fake_start,
	.stop = fake_noarg,
	.counters = fake_counters,
	.reset = fake_noarg,
	.fd = fake_fd,
	.sync = fake_sync,
	.close = fake_close,
};
