// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_dev: ioctls, each command's struct with random contents; mutated:
 * the number, direction and size bits, the struct's size field, where the
 * argument lies.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fuzz_dev.h"

struct geom geom = { .lock = PTHREAD_MUTEX_INITIALIZER };

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

void op_ioctl(struct scratch *x, bool mutant)
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
