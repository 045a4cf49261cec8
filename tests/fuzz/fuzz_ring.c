// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Fuzz target: the ring consumer (ring.c, bpf_rings.c) and the merge
 * (merge.c) on hostile control pages and ring bytes, then the records
 * through the strace-style printer and --raw's formatter, as a live trace
 * prints them.
 *
 * The input is a struct ring_in (short inputs are padded with zeros),
 * then the ring bytes: cpu[0].bytes of them for CPU 0, the next cpu[1].bytes
 * for CPU 1, and so on, as far as the input goes. Each CPU's bytes are
 * written from its consumer position on as the producer writes records:
 *
 *   module  into ring_size bytes that are then mirrored after themselves,
 *           which is what the reader sees through the double mapping
 *   eBPF    segment by segment: a record is written whole from where it
 *           starts, a record crossing its segment's end running on into
 *           the slack (a hand-made geometry of small segments: the code is
 *           the same whatever their size)
 *
 * Each CPU's data and control page are allocations of their own (as the
 * module's mappings are; the eBPF segments are one map), so AddressSanitizer
 * stops a read past them. The positions are the input's, hostile: a
 * producer position behind the consumer's, far ahead, near the wrap of
 * 64 bits. Two rounds: the merge's clock stops at the input's horizon
 * (records stamped later wait), then every producer position is moved again
 * and the rest is drained.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_rings.h"
#include "format.h"
#include "libsctrace.h"
#include "merge.h"
#include "print/fdtab.h"
#include "print/print.h"
#include "ring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CPUS	4
#define MAX_NEXT	100000	/* records handed out at most per round */

enum {
	IN_BPF		= 0x01,		/* eBPF layout, else the module's */
	IN_LIMIT	= 0x02,		/* sct_merge__limit_queues() */
	IN_OUT_MASK	= 0x0c,		/* how records are printed: */
	IN_OUT_PRINT	= 0x00,		/*   strace's lines */
	IN_OUT_PRINT_Y	= 0x04,		/*   the same with -yy -v -xx -tt -T */
	IN_OUT_RAW	= 0x08,		/*   --raw */
	IN_OUT_BOTH	= 0x0c,		/*   both */
};

struct ring_in {
	uint8_t flags;		/* IN_* */
	uint8_t ncpus;		/* 1 + ncpus % MAX_CPUS */
	uint8_t ring_shift;	/* ring_size = 4 KiB << (ring_shift % 4) */
	uint8_t seg_shift;	/* eBPF: ring_size >> (seg_shift % 3) bytes per segment */
	uint32_t limit;		/* IN_LIMIT: bytes per queue */
	uint64_t horizon;	/* the merge's clock in the first round */
	__u64 bell[2];		/* the doorbell's consumer and producer positions */
	struct {
		uint64_t cons;	/* cons_pos (where the reader starts) */
		int32_t ahead;	/* prod_pos = cons + ahead, then */
		int32_t ahead2;	/* prod_pos = cons + ahead2 in the second round */
		uint32_t bytes;	/* of the ring bytes, this CPU's */
		uint32_t pad;
	} cpu[MAX_CPUS];
};

_Static_assert(sizeof(struct ring_in) == 128, "tests/fuzz/gen-corpus packs it");

struct ring_set {
	struct ring_in in;
	uint32_t ncpus;
	uint64_t size;
	struct sct_bpf_geom g;
	uint8_t *data[MAX_CPUS];	/* module: each CPU's 2 * size bytes */
	struct sctrace_ctrl *ctrl[MAX_CPUS];
	uint8_t *bpf_data;		/* eBPF: every CPU's segments */
	uint8_t *bpf_ctrl;		/* eBPF: every CPU's control value */
	struct sct_bpf_bell bell;
	struct sct_ring ring[MAX_CPUS];
	struct sct_bpf_src bsrc[MAX_CPUS];
	struct sct_source src[MAX_CPUS];
};

static uint64_t fixed_clock(void *arg)
{
	return *(const uint64_t *)arg;
}

/* Module layout: the bytes at pos on, mod size, then the second "mapping". */
static void put_kmod(struct ring_set *s, uint32_t cpu, const uint8_t *b, size_t n)
{
	uint64_t pos = s->in.cpu[cpu].cons;
	size_t i;

	for (i = 0; i < n && i < s->size; i++)
		s->data[cpu][(pos + i) & (s->size - 1)] = b[i];
	memcpy(s->data[cpu] + s->size, s->data[cpu], s->size);
}

/* eBPF layout: record by record (hdr.len as written), each whole from its start. */
static void put_bpf(struct ring_set *s, uint32_t cpu, const uint8_t *b, size_t n)
{
	uint64_t pos = s->in.cpu[cpu].cons, seg, off;
	size_t done = 0, len, room;
	uint32_t rec_len;

	while (done < n && done < s->size) {
		seg = (pos & (s->size - 1)) / s->g.seg_size;
		off = pos & (s->g.seg_size - 1);
		room = s->g.seg_value - off;
		len = n - done;
		if (len >= sizeof(rec_len)) {
			memcpy(&rec_len, b + done, sizeof(rec_len));
			if (rec_len >= 8 && rec_len % 8 == 0 && rec_len < len)
				len = rec_len;	/* a record: the next one after it */
		}
		memcpy(s->bpf_data + ((size_t)cpu * s->g.nseg + seg) * s->g.seg_value + off,
		       b + done, len < room ? len : room);
		done += len;
		pos += len;
	}
}

static int ring_set__init(struct ring_set *s, const uint8_t *data, size_t size)
{
	size_t hdr = size < sizeof(s->in) ? size : sizeof(s->in), n;
	uint32_t cpu;

	memset(s, 0, sizeof(*s));
	memcpy(&s->in, data, hdr);
	data += hdr;
	size -= hdr;
	s->ncpus = 1 + s->in.ncpus % MAX_CPUS;
	s->size = 4096ULL << (s->in.ring_shift % 4);
	s->bell.cons = &s->in.bell[0];
	s->bell.prod = &s->in.bell[1];
	if (s->in.flags & IN_BPF) {
		s->g = (struct sct_bpf_geom){
			.ncpus = s->ncpus, .ring_size = s->size,
			.nseg = 1u << (s->in.seg_shift % 3),
			.seg_size = s->size >> (s->in.seg_shift % 3),
		};
		s->g.seg_value = s->g.seg_size + SCTRACE_BPF_SEG_SLACK;
		s->bpf_data = calloc((size_t)s->ncpus * s->g.nseg, s->g.seg_value);
		s->bpf_ctrl = calloc(s->ncpus, SCTRACE_BPF_CTRL_VALUE);
		if (!s->bpf_data || !s->bpf_ctrl)
			return -1;
	}
	for (cpu = 0; cpu < s->ncpus; cpu++) {
		struct sctrace_ctrl *ctrl;

		n = s->in.cpu[cpu].bytes < size ? s->in.cpu[cpu].bytes : size;
		if (s->in.flags & IN_BPF) {
			ctrl = (struct sctrace_ctrl *)(s->bpf_ctrl + cpu * SCTRACE_BPF_CTRL_VALUE);
			put_bpf(s, cpu, data, n);
		} else {
			s->data[cpu] = calloc(2, s->size);
			s->ctrl[cpu] = ctrl = calloc(1, sizeof(*ctrl));
			if (!s->data[cpu] || !ctrl)
				return -1;
			put_kmod(s, cpu, data, n);
		}
		data += n;
		size -= n;
		ctrl->cons_pos = s->in.cpu[cpu].cons;
		ctrl->prod_pos = s->in.cpu[cpu].cons + (uint64_t)(int64_t)s->in.cpu[cpu].ahead;
		if (s->in.flags & IN_BPF) {
			sct_bpf_src__init(&s->bsrc[cpu], &s->g, cpu, ctrl, s->bpf_data, &s->bell);
			s->src[cpu] = sct_bpf_src__source(&s->bsrc[cpu]);
		} else {
			sct_ring__init(&s->ring[cpu], ctrl, s->data[cpu], s->size, cpu);
			s->src[cpu] = sct_ring__source(&s->ring[cpu]);
		}
	}
	return 0;
}

/* The producer moves again: every prod_pos to cons + ahead2. */
static void ring_set__move(struct ring_set *s)
{
	struct sctrace_ctrl *ctrl;
	uint32_t cpu;

	for (cpu = 0; cpu < s->ncpus; cpu++) {
		ctrl = s->in.flags & IN_BPF ?
		       (struct sctrace_ctrl *)(s->bpf_ctrl + cpu * SCTRACE_BPF_CTRL_VALUE) :
		       s->ctrl[cpu];
		ctrl->prod_pos = s->in.cpu[cpu].cons + (uint64_t)(int64_t)s->in.cpu[cpu].ahead2;
	}
}

static void ring_set__fini(struct ring_set *s)
{
	uint32_t cpu;

	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		free(s->data[cpu]);
		free(s->ctrl[cpu]);
	}
	free(s->bpf_data);
	free(s->bpf_ctrl);
}

/* Where the records go: strace's lines and/or --raw's, into /dev/null. */
struct out {
	FILE *f;
	struct sct_printer *pr;
	struct sct_fdtab *fds;
	bool raw;
};

static int out__open(struct out *o, unsigned int flags)
{
	struct sct_print_opts po = { .strsize = 32 };
	unsigned int mode = flags & IN_OUT_MASK;

	memset(o, 0, sizeof(*o));
	o->f = fopen("/dev/null", "we");
	if (!o->f)
		return -1;
	o->raw = mode == IN_OUT_RAW || mode == IN_OUT_BOTH;
	if (mode == IN_OUT_RAW)
		return 0;
	if (mode == IN_OUT_PRINT_Y) {
		o->fds = sct_fdtab__new();
		po = (struct sct_print_opts){ .strsize = 4096, .xflag = 2, .verbose = true,
					      .tflag = 2, .duration = true, .fds = o->fds,
					      .yflag = 2 };
	}
	o->pr = sct_printer__new(o->f, &po);
	return o->pr ? 0 : -1;
}

static void out__record(struct out *o, const struct sctrace_hdr *rec)
{
	if (o->raw)
		sct_format__record(o->f, rec);
	if (o->pr)
		sct_printer__record(o->pr, rec);
}

static void out__close(struct out *o)
{
	if (o->pr) {
		sct_printer__finish(o->pr);
		sct_printer__free(o->pr);
	}
	sct_fdtab__free(o->fds);
	if (o->f)
		fclose(o->f);
}

/* Records until the merge has none ready; a dead source is said once. */
static void drain(struct sct_merge *m, struct out *o, unsigned int flags)
{
	const struct sctrace_hdr *rec;
	unsigned int n = 0;
	int ret;

	while (n++ < MAX_NEXT && (ret = sct_merge__next(m, &rec, flags)) != 0) {
		if (ret == 1)
			out__record(o, rec);
		else if (ret != -EBADMSG)
			break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ring_set s;	/* large (a record's copy per ring) */
	struct sct_merge *m = NULL;
	struct out o = { .f = NULL };

	if (ring_set__init(&s, data, size) < 0 || out__open(&o, s.in.flags) < 0)
		goto out;
	m = sct_merge__new(s.src, s.ncpus, fixed_clock, &s.in.horizon);
	if (!m)
		goto out;
	if (s.in.flags & IN_LIMIT)
		sct_merge__limit_queues(m, s.in.limit);
	drain(m, &o, 0);
	ring_set__move(&s);
	drain(m, &o, SCTRACE_NEXT_DRAIN);
out:
	sct_merge__free(m);
	out__close(&o);
	ring_set__fini(&s);
	return 0;
}
