// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace capture engine (sct_capture.h): the memory behind pointer
 * arguments, copied into enter and exit records as the plan says. Every
 * step is the one driver/CAPTURE.md describes, in the same order, because
 * the eBPF program follows the same document and a test compares both
 * backends' records byte for byte: change both, or neither.
 *
 * The rules of sct_probe.c hold here: never sleep, read user memory only
 * with page faults disabled, all or nothing for each block of bytes. An
 * item is written into the ring where it goes, after a check that the
 * room left there holds the largest item. Nothing here is on the path of
 * a syscall without items. The steps every item takes, and the common
 * kind (BUF: read, write, structs), are inlined into sct_cap_enter() and
 * sct_cap_exit(): a 1-byte read's capture costs a third less in a 6.1
 * guest than with a call per step (BENCHMARKS.md); the other kinds are
 * calls.
 *
 * Plans, and the retry bitmap, are allocated at open() (sct_cap_alloc()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "sctrace.h"
#include "sct_capture.h"
#include "sct_compat.h"
#include "sct_ring.h"

/* Room one item needs, at worst, and the record's pad (CAPTURE.md). */
#define SCT_CAP_ITEM_ROOM	(SCTRACE_ITEM_SIZE(SCTRACE_ITEM_MAX_DATA + 1) + \
				 SCTRACE_REC_ALIGN)

/* A user struct iovec of x86-64, and the user_msghdr fields read. */
struct sct_iovec {
	u64 base;
	u64 len;
};

struct sct_umsghdr {
	u64 name;
	u32 namelen;
	u32 pad0;
	u64 iov;
	u64 iovlen;
	u64 control;
	u64 controllen;
	u32 flags;
	u32 pad1;
};

/*
 * Kernels built with CONFIG_INIT_STACK_ALL_ZERO (Debian's) zero every
 * stack variable where it is declared, even one written whole right
 * after: a rep stos for each of the two below, which was a measurable
 * part of a small capture. They are set before they are read.
 */
#if __has_attribute(__uninitialized__)
#define sct_noinit	__attribute__((__uninitialized__))
#else
#define sct_noinit
#endif

/* One record being filled (sct_cap_rec_init() sets every field). */
struct sct_cap_rec {
	struct sct_cpu *rc;
	u8 *rec;		/* the record */
	u64 room;		/* free ring space at rec, >= len */
	const u64 *args;	/* the syscall's arguments */
	u64 ret;		/* exit: the return value, 0 if negative */
	u32 len;		/* its bytes so far */
	u32 snaplen;
	u16 nitem;
	u16 flags;		/* SCTRACE_REC_* */
	u32 exit;		/* an exit record: bytes bounded by ret */
};

static __always_inline void sct_cap_rec_init(struct sct_cap_rec *r,
					     struct sct_dev *sd,
					     struct sct_cpu *rc, void *rec,
					     u32 len, u64 room,
					     const u64 *args, u16 flags)
{
	r->rc = rc;
	r->rec = rec;
	r->room = room;
	r->args = args;
	r->ret = 0;
	r->len = len;
	r->snaplen = sd->snaplen;
	r->nitem = 0;
	r->flags = flags;
	r->exit = 0;
}

int sct_cap_alloc(struct sct_dev *sd)
{
	sd->plan = vzalloc(sizeof(*sd->plan));
	sd->plan_next = vzalloc(sizeof(*sd->plan_next));
	if (!sd->plan || !sd->plan_next || sct_tgid_alloc(&sd->retry)) {
		sct_cap_free(sd);
		return -ENOMEM;
	}
	return 0;
}

void sct_cap_free(struct sct_dev *sd)
{
	vfree(sd->plan);
	vfree(sd->plan_next);
	sd->plan = NULL;
	sd->plan_next = NULL;
	sct_tgid_free(&sd->retry);
}

/*
 * All or nothing: true when the n bytes at uaddr are copied to dst.
 *
 * This is copy_from_user_nofault() without two of its steps. Its
 * check_object_size() (CONFIG_HARDENED_USERCOPY, on in Debian's kernels)
 * finds dst's vmap area under the global vmap_area_lock at every copy,
 * since the ring is vmap()ed: that was half of what a 1-byte capture cost
 * the traced call (BENCHMARKS.md), and a lock every CPU's probe took. The
 * bound it checks is ours to keep, and kept: dst is always inside the
 * record, below the room checked before each item (SCT_CAP_ITEM_ROOM).
 * nmi_uaccess_okay() is for code that may run in NMI; the probes run in
 * the syscall's task context. access_ok() and the disabled page faults
 * stay: src is user memory, read without sleeping.
 */
static __always_inline bool sct_cap_read(void *dst, u64 uaddr, u32 n)
{
	void __user *src = u64_to_user_ptr(uaddr);
	unsigned long left;

	if (!access_ok(src, n))
		return false;
	pagefault_disable();
	left = raw_copy_from_user(dst, src, n);
	pagefault_enable();
	return !left;
}

/*
 * Zeroes the n < 8 bytes of pad at p, without a call to memset(): pads
 * are written for every item, and a call was a measurable part of a
 * small capture.
 */
static __always_inline void sct_cap_zero(u8 *p, u32 n)
{
	/* constant sizes: a store each, wherever p points */
	if (n & 4) {
		memset(p, 0, 4);
		p += 4;
	}
	if (n & 2) {
		memset(p, 0, 2);
		p += 2;
	}
	if (n & 1)
		*p = 0;
}

/*
 * Ends the item at it (data written): header, zero pad to 4 bytes, the
 * counters and the record's summary flags. Returns the item's size.
 */
static __always_inline u32 sct_cap_put(struct sct_cap_rec *r, struct sctrace_item *it,
		       u8 argkind, u32 len, u8 flags)
{
	it->len = len;
	it->arg = argkind;
	it->flags = flags;
	sct_cap_zero((u8 *)(it + 1) + len,
		     SCTRACE_ITEM_SIZE(len) - sizeof(*it) - len);
	if (flags & SCTRACE_ITEM_TRUNC) {
		r->flags |= SCTRACE_REC_TRUNC;
		sct_count(r->rc, truncated);
	}
	if (flags & SCTRACE_ITEM_FAULT) {
		r->flags |= SCTRACE_REC_FAULT;
		sct_count(r->rc, faults);
	}
	if (flags & SCTRACE_ITEM_NULL)
		sct_count(r->rc, nulls);
	return SCTRACE_ITEM_SIZE(len);
}

/*
 * STR: at most b + 1 bytes up to the NUL, to dst (which has room for
 * them); returns the length kept. strncpy_from_user() returns the length
 * without NUL, or b + 1 when no NUL came within b + 1 bytes.
 */
static noinline u32 sct_cap_str(u8 *dst, u64 uaddr, u32 b, u8 *flags)
{
	long n;

	pagefault_disable();
	n = strncpy_from_user((char *)dst, u64_to_user_ptr(uaddr), b + 1);
	pagefault_enable();
	if (n < 0) {
		*flags |= SCTRACE_ITEM_FAULT;
		return 0;
	}
	if (n > b) {
		*flags |= SCTRACE_ITEM_TRUNC;
		return b;
	}
	return n;
}

/* BUF: size bytes, or a count of elements (or bits) bounded by the snaplen. */
static __always_inline u32 sct_cap_buf(struct sct_cap_rec *r, const struct sct_cap *c,
		       u8 *dst, u64 uaddr, u8 *flags)
{
	u32 bound = r->snaplen, v;
	u64 cnt, w = c->size;

	if (c->len_src != SCTRACE_LEN_NONE) {
		if (c->len_src == SCTRACE_LEN_ARG) {
			cnt = r->args[c->len_arg];
		} else if (c->len_src == SCTRACE_LEN_RET) {
			cnt = r->ret;
		} else {	/* ARGPTR: the u32 it points to */
			if (!r->args[c->len_arg] ||
			    !sct_cap_read(&v, r->args[c->len_arg], sizeof(v))) {
				*flags |= SCTRACE_ITEM_FAULT;
				return 0;
			}
			cnt = v;
		}
		/* without overflow: cnt * size > bound iff cnt > bound / size */
		if (c->flags & SCTRACE_CAP_F_BITS)
			w = cnt / 8 + !!(cnt % 8);
		else if (c->size == 1)	/* bytes (read, write): no division */
			w = cnt;
		else
			w = cnt > bound / c->size ? (u64)bound + 1 : cnt * c->size;
		if (w > bound) {
			*flags |= SCTRACE_ITEM_TRUNC;
			w = bound / c->size * c->size;
		}
	}
	if (w && !sct_cap_read(dst, uaddr, w)) {
		*flags |= SCTRACE_ITEM_FAULT;
		return 0;
	}
	return w;
}

/*
 * The bytes of the buffers of the niov iovecs at iov (in the record),
 * written to dst: at most room of them, the snaplen, and at exit the
 * return value. Returns how many.
 */
static u32 sct_cap_iov_bytes(struct sct_cap_rec *r, const u8 *iov, u32 niov,
			     u8 *dst, u32 room, u8 *flags)
{
	u64 b = min(r->snaplen, room), total = 0, left, take;
	struct sct_iovec v;
	u32 i, n = 0;

	for (i = 0; i < niov; i++) {
		memcpy(&v, iov + i * sizeof(v), sizeof(v));
		/* the exact sum: one past 64 bits is larger than any bound */
		total = v.len > U64_MAX - total ? U64_MAX : total + v.len;
	}
	if (r->exit) {
		b = min(b, r->ret);
		total = min(total, r->ret);
	}
	for (i = 0, left = b; i < niov && left; i++) {
		memcpy(&v, iov + i * sizeof(v), sizeof(v));
		take = min(v.len, left);
		if (take && !sct_cap_read(dst + n, v.base, take)) {
			*flags |= SCTRACE_ITEM_FAULT;
			return n;
		}
		n += take;
		left -= take;
	}
	if (total > b)
		*flags |= SCTRACE_ITEM_TRUNC;
	return n;
}

/*
 * The iovecs of an IOVEC or MSGHDR item, and their bytes: *niov of them
 * from uaddr, at data + used (the item's bytes so far). Returns the item's
 * length; *niov becomes 0 when the iovecs fault.
 */
static u32 sct_cap_iovs(struct sct_cap_rec *r, u8 *data, u32 used,
			u64 uaddr, u32 *niov, u8 *flags)
{
	u32 n = *niov * sizeof(struct sct_iovec);

	if (n && !sct_cap_read(data + used, uaddr, n)) {
		*flags |= SCTRACE_ITEM_FAULT;
		*niov = 0;
		return used;
	}
	return used + n + sct_cap_iov_bytes(r, data + used, *niov,
					    data + used + n,
					    SCTRACE_ITEM_MAX_DATA - used - n,
					    flags);
}

/*
 * At most SCTRACE_CAP_MAX_IOV iovecs of count: TRUNC for more. count is
 * the low 32 bits of the call's, as the kernel takes it (import_iovec()'s
 * nr_segs is an unsigned int) and as the record holds it: niov is never
 * more than the count the reader sees.
 */
static u32 sct_cap_niov(u32 count, u8 *flags)
{
	if (count <= SCTRACE_CAP_MAX_IOV)
		return count;
	*flags |= SCTRACE_ITEM_TRUNC;
	return SCTRACE_CAP_MAX_IOV;
}

static noinline u32 sct_cap_iovec(struct sct_cap_rec *r, const struct sct_cap *c,
			 u8 *data, u64 uaddr, u8 *flags)
{
	struct sctrace_iov_data *d = (struct sctrace_iov_data *)data;
	u32 count = (u32)r->args[c->len_arg];

	d->count = count;
	d->niov = sct_cap_niov(count, flags);
	return sct_cap_iovs(r, data, sizeof(*d), uaddr, &d->niov, flags);
}

static noinline u32 sct_cap_msghdr(struct sct_cap_rec *r, u8 *data, u64 uaddr,
			  u8 *flags)
{
	struct sctrace_msg_data *d = (struct sctrace_msg_data *)data;
	u32 len = sizeof(*d), namelen;
	struct sct_umsghdr m sct_noinit;

	BUILD_BUG_ON(sizeof(m) != sizeof(d->msghdr));
	if (!sct_cap_read(d->msghdr, uaddr, sizeof(d->msghdr))) {
		*flags |= SCTRACE_ITEM_FAULT;
		return 0;
	}
	memcpy(&m, d->msghdr, sizeof(m));
	namelen = m.name ? min_t(u32, m.namelen, SCTRACE_CAP_MAX_NAME) : 0;
	d->namelen = namelen;
	d->count = (u32)m.iovlen;
	d->niov = sct_cap_niov(d->count, flags);
	d->reserved = 0;
	if (namelen && !sct_cap_read(data + len, m.name, namelen)) {
		*flags |= SCTRACE_ITEM_FAULT;
		d->namelen = 0;
		d->niov = 0;
		return len;
	}
	sct_cap_zero(data + len + namelen, ALIGN(namelen, 8) - namelen);
	len += ALIGN(namelen, 8);
	return sct_cap_iovs(r, data, len, m.iov, &d->niov, flags);
}

/*
 * The pointers of a NULL-terminated array before its NULL, at most
 * SCTRACE_STRARR_MAX_COUNT (TRUNC if none is NULL; FAULT: the count read
 * before the one that faults). Read 8 at a time, one at a time where
 * some of 8 fault.
 */
static u32 sct_cap_strarr_count(u64 uaddr, u8 *flags)
{
	u32 count = 0, n, i;
	u64 p[8] sct_noinit;

	while (count < SCTRACE_STRARR_MAX_COUNT) {
		n = min_t(u32, ARRAY_SIZE(p), SCTRACE_STRARR_MAX_COUNT - count);
		if (!sct_cap_read(p, uaddr + count * sizeof(*p), n * sizeof(*p))) {
			n = 1;
			if (!sct_cap_read(p, uaddr + count * sizeof(*p), sizeof(*p))) {
				*flags |= SCTRACE_ITEM_FAULT;
				return count;
			}
		}
		for (i = 0; i < n; i++, count++)
			if (!p[i])
				return count;
	}
	*flags |= SCTRACE_ITEM_TRUNC;
	return count;
}

/* STRARR: count the pointers, then the first c->size strings, nested. */
static noinline u32 sct_cap_strarr(struct sct_cap_rec *r, const struct sct_cap *c,
			  u8 *data, u64 uaddr, u8 *flags)
{
	struct sctrace_strarr_data *d = (struct sctrace_strarr_data *)data;
	u32 count, i, used = sizeof(*d), room, n;
	struct sctrace_item *it;
	u8 sflags;
	u64 p;

	count = sct_cap_strarr_count(uaddr, flags);
	d->count = count;
	for (i = 0; i < min_t(u32, count, c->size); i++) {
		room = SCTRACE_ITEM_MAX_DATA - used;
		if (room < 16) {
			*flags |= SCTRACE_ITEM_TRUNC;
			break;
		}
		it = (struct sctrace_item *)(data + used);
		sflags = 0;
		n = 0;
		/* the pointer is read again: a fault now faults the string */
		if (sct_cap_read(&p, uaddr + i * sizeof(p), sizeof(p)))
			n = sct_cap_str((u8 *)(it + 1), p,
					min(r->snaplen, room - 8), &sflags);
		else
			sflags = SCTRACE_ITEM_FAULT;
		used += sct_cap_put(r, it, SCTRACE_ITEM_ARGKIND(i & 15, SCTRACE_CAP_STR),
				    n, sflags);
	}
	d->nstr = i;
	return used;
}

/* The data of item c from uaddr (not NULL) to data; returns its length. */
static u32 sct_cap_data(struct sct_cap_rec *r, const struct sct_cap *c,
			u8 *data, u64 uaddr, u8 *flags)
{
	switch (c->kind) {
	case SCTRACE_CAP_STR:
		return sct_cap_str(data, uaddr, c->flags & SCTRACE_CAP_F_PATH ?
				   SCTRACE_PATH_MAX - 1 : r->snaplen, flags);
	case SCTRACE_CAP_BUF:
		return sct_cap_buf(r, c, data, uaddr, flags);
	case SCTRACE_CAP_IOVEC:
		return sct_cap_iovec(r, c, data, uaddr, flags);
	case SCTRACE_CAP_MSGHDR:
		return sct_cap_msghdr(r, data, uaddr, flags);
	case SCTRACE_CAP_STRARR:
		return sct_cap_strarr(r, c, data, uaddr, flags);
	}
	return 0;
}

/*
 * Item c at the end of the record, if the room left holds the largest
 * item (else false: the record is dropped). *flags: the item's flags,
 * SCTRACE_ITEM_RETRY already set for a retried string.
 */
static __always_inline bool sct_cap_item(struct sct_cap_rec *r, const struct sct_cap *c,
			 u8 *flags)
{
	struct sctrace_item *it = (struct sctrace_item *)(r->rec + r->len);
	u64 uaddr = r->args[c->arg];
	u32 len = 0;

	if (r->room - r->len < SCT_CAP_ITEM_ROOM)
		return false;
	if (uaddr)
		len = sct_cap_data(r, c, (u8 *)(it + 1), uaddr, flags);
	else
		*flags |= SCTRACE_ITEM_NULL;
	r->len += sct_cap_put(r, it, SCTRACE_ITEM_ARGKIND(c->arg, c->kind),
			      len, *flags);
	r->nitem++;
	return true;
}

/* The record's length, its pad zeroed. */
static __always_inline u32 sct_cap_end(struct sct_cap_rec *r)
{
	u32 len = ALIGN(r->len, SCTRACE_REC_ALIGN);

	/* sct_plan_add() allows SCTRACE_CAP_MAX_PER items in a record */
	BUILD_BUG_ON(sizeof(struct sctrace_sys_enter) + SCTRACE_CAP_MAX_PER *
		     SCTRACE_ITEM_SIZE(SCTRACE_ITEM_MAX_DATA) > SCTRACE_MAX_RECORD);

	sct_cap_zero(r->rec + r->len, len - r->len);
	return len;
}

u32 sct_cap_enter(struct sct_dev *sd, struct sct_cpu *rc,
		  struct sctrace_sys_enter *e, const struct sct_plan_entry *pe,
		  u64 room)
{
	struct sct_cap_rec r sct_noinit;
	const struct sct_cap *c;
	u8 flags;
	u32 i;

	sct_cap_rec_init(&r, sd, rc, e, sizeof(*e), room, e->args, e->flags);
	for (i = 0; i < min_t(u32, pe->n[SCTRACE_CAP_ENTER], SCTRACE_CAP_MAX_PER); i++) {
		c = &pe->cap[SCTRACE_CAP_ENTER][i];
		flags = 0;
		if (!sct_cap_item(&r, c, &flags))
			return 0;
		/* read again at exit (CAPTURE.md, Retry) */
		if ((c->flags & SCTRACE_CAP_F_RETRY) && (flags & SCTRACE_ITEM_FAULT))
			sct_tgid_add(&sd->retry, current->pid);
	}
	e->nitem = r.nitem;
	e->flags = r.flags;
	return sct_cap_end(&r);
}

u32 sct_cap_exit(struct sct_dev *sd, struct sct_cpu *rc,
		 struct sctrace_sys_exit *x, const struct sct_plan_entry *pe,
		 struct pt_regs *regs, int abi, bool retry, u64 room)
{
	u64 args[SCTRACE_MAX_ARGS] sct_noinit;
	struct sct_cap_rec r sct_noinit;
	const struct sct_cap *c;
	u8 flags;
	u32 i;

	sct_syscall_args(regs, abi, args);
	sct_cap_rec_init(&r, sd, rc, x, sizeof(*x), room, args, x->flags);
	r.ret = x->ret < 0 ? 0 : x->ret;
	r.exit = 1;
	for (i = 0; i < min_t(u32, pe->n[SCTRACE_CAP_EXIT], SCTRACE_CAP_MAX_PER); i++) {
		c = &pe->cap[SCTRACE_CAP_EXIT][i];
		if (x->ret < 0 && !(c->flags & SCTRACE_CAP_F_ON_ERROR))
			continue;
		flags = 0;
		if (!sct_cap_item(&r, c, &flags))
			return 0;
	}
	for (i = 0; retry && i < min_t(u32, pe->n[SCTRACE_CAP_ENTER], SCTRACE_CAP_MAX_PER); i++) {
		c = &pe->cap[SCTRACE_CAP_ENTER][i];
		if (!(c->flags & SCTRACE_CAP_F_RETRY))
			continue;
		flags = SCTRACE_ITEM_RETRY;
		if (!sct_cap_item(&r, c, &flags))
			return 0;
		if (!(flags & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL)))
			sct_count(rc, retried);
	}
	x->nitem = r.nitem;
	x->flags = r.flags;
	return sct_cap_end(&r);
}
