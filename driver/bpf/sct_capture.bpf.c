// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF capture engine: one function per kind of item, each written
 * step by step as driver/CAPTURE.md says (see sct_capture.h for why they
 * are global functions). Copies are bpf_probe_read_user() (all or
 * nothing: it zero-fills what it was asked for when any byte faults) and
 * bpf_probe_read_user_str(); neither faults a page in.
 *
 * The checks marked "bound" cannot fail: they are what the verifier needs
 * to see that a copy stays in its window, and barrier_var() keeps the
 * compiler from dropping them as redundant.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "sct_capture.h"

/* Item data starts after its header, and ends by this offset in the window. */
#define SCT_DATA		sizeof(struct sctrace_item)
#define SCT_DATA_END		(SCT_DATA + SCTRACE_ITEM_MAX_DATA)
#define SCT_MSG_HDR		sizeof(struct sctrace_msg_data)
#define SCT_IOV			16	/* struct iovec of x86-64 */

/* what sct_iov_bytes() returns besides the byte count */
#define SCT_IOV_FAULT		(1U << 16)
#define SCT_IOV_CUT		(1U << 17)	/* the bound stopped it */

static __always_inline __u64 sct_min(__u64 a, __u64 b)
{
	return a < b ? a : b;
}

static __always_inline void sct_item_hdr(struct sct_win *w, __u32 off, __u32 len,
					 __u32 argkind, __u32 flags)
{
	struct sctrace_item *it = (struct sctrace_item *)(w->b + off);

	it->len = len;
	it->arg = argkind;
	it->flags = flags;
}

/*
 * The header of an item of len data bytes at w, and its pad to 4 bytes
 * zeroed (the ring's old bytes would be left there, where the module
 * writes zeros): one u32 at the end of the data, which the next item
 * overwrites. Returns the item's size.
 */
static __always_inline int sct_item_end(struct sct_win *w, __u32 len, __u32 argkind,
					__u32 flags)
{
	barrier_var(len);
	if (len > SCTRACE_ITEM_MAX_DATA)
		return 0;	/* bound */
	*(__u32 *)(w->b + SCT_DATA + len) = 0;
	sct_item_hdr(w, 0, len, argkind, flags);
	return SCTRACE_ITEM_SIZE(len);
}

/*
 * A STR item at w + off: at most bound + 1 bytes up to the NUL (bound <=
 * SCTRACE_MAX_SNAPLEN). hdr: the header's arg byte, and flags << 8 to add
 * (RETRY). Returns the item's size.
 *
 * bpf_probe_read_user_str(dst, bound + 1) reads at most bound + 1 bytes
 * and returns bound + 1 both for a string of exactly bound bytes and for
 * a longer one (whose byte bound it replaces with a NUL): the byte it read
 * there tells them apart. Asking for bound + 2 would read one byte more
 * than the module, and fault where it does not. It returns the length
 * with the NUL, but 0 (not 1) for an empty string on older kernels
 * (strncpy_from_user_nofault(): 6.1 and 6.12 do, 6.18 does not): only a
 * negative value is a fault.
 */
__noinline int sct_str(struct sct_win *w, __u32 off, __u64 uaddr, __u32 bound, __u32 hdr)
{
	__u32 flags = hdr >> 8;
	__u8 *data, c;
	long n = 0;

	if (!w)
		return 0;
	barrier_var(off);
	barrier_var(bound);
	if (off > SCT_WIN - SCT_ITEM_WORST || bound > SCTRACE_MAX_SNAPLEN)
		return 0;	/* bound */
	data = w->b + off + SCT_DATA;
	if (!uaddr) {
		flags |= SCTRACE_ITEM_NULL;
	} else {
		n = bpf_probe_read_user_str(data, bound + 1, (const void *)uaddr);
		if (n < 0) {
			n = 0;
			flags |= SCTRACE_ITEM_FAULT;
		} else {
			/* (a test of n > 0: 6.1 bounds n - 1 below by it, not by n != 0) */
			if (n > 0)
				n--;
			if (n >= bound) {
				n = bound;
				if (bpf_probe_read_user(&c, 1, (const void *)(uaddr + bound)) || c)
					flags |= SCTRACE_ITEM_TRUNC;
			}
		}
	}
	/* the pad, where the copy left its NUL */
	*(__u32 *)(data + n) = 0;
	sct_item_hdr(w, off, n, hdr & 0xff, flags);
	return SCTRACE_ITEM_SIZE(n);
}

/*
 * Copies of at most this many bytes go through the stack. A helper's
 * copy_from_user_nofault() checks its destination (CONFIG_HARDENED_USERCOPY,
 * on in Debian's kernels and most others): in a map value, that is a lookup
 * of the map's vmap area under a lock, at every copy; on the program's
 * stack, two compares. Small copies (a 1-byte read, an int, a timespec, a
 * sockaddr) cost less copied twice.
 */
#define SCT_SMALL		64

/*
 * n <= SCT_SMALL bytes at uaddr to data: 0, or nonzero when they fault
 * (data then holds zeros, as bpf_probe_read_user() leaves it). Writes
 * whole u64s, zeros after the n copied: the item's pad among them, and
 * the rest is the window's, overwritten by what follows.
 */
static __always_inline long sct_copy_small(__u8 *data, __u64 uaddr, __u64 n)
{
	__u64 tmp[SCT_SMALL / 8], words;
	long err = 0;
	__u32 i;

	barrier_var(n);
	if (n > SCT_SMALL)
		return -1;	/* bound */
	words = (n + 7) / 8;	/* only these: a 1-byte read moves 8 bytes */
#pragma unroll
	for (i = 0; i < SCT_SMALL / 8; i++) {
		if (i >= words)
			break;
		tmp[i] = 0;
	}
	if (n)
		err = bpf_probe_read_user(tmp, n, (const void *)uaddr);
#pragma unroll
	for (i = 0; i < SCT_SMALL / 8; i++) {
		if (i >= words)
			break;
		((__u64 *)data)[i] = tmp[i];
	}
	return err;
}

/* The count of a counted BUF (CAPTURE.md); *flags gets FAULT. */
static __always_inline __u64 sct_buf_count(const struct sct_ictx *x, const struct sct_cap *c,
					   __u32 *flags)
{
	__u64 p;
	__u32 v;

	switch (c->len_src) {
	case SCTRACE_LEN_ARG:
		return x->args[c->len_arg & 7];
	case SCTRACE_LEN_RET:
		return x->ret < 0 ? 0 : x->ret;
	default:	/* SCTRACE_LEN_ARGPTR */
		p = x->args[c->len_arg & 7];
		if (!p || bpf_probe_read_user(&v, sizeof(v), (const void *)p)) {
			*flags |= SCTRACE_ITEM_FAULT;
			return 0;
		}
		return v;
	}
}

/* BUF: size bytes, or a count of elements (or bits) bounded by the snaplen. */
__noinline int sct_buf(struct sct_win *w, const struct sct_ictx *x, const struct sct_cap *c)
{
	__u64 uaddr, cnt, want, size, bound;
	__u32 flags = 0;
	__u8 *data;

	if (!w || !x || !c)
		return 0;
	uaddr = x->args[c->arg & 7];
	size = c->size;
	bound = x->snaplen;
	data = w->b + SCT_DATA;
	if (c->len_src == SCTRACE_LEN_NONE) {
		want = size;
	} else {
		cnt = sct_buf_count(x, c, &flags);
		if (flags) {
			sct_item_hdr(w, 0, 0, c->arg | SCTRACE_CAP_BUF << 4, flags);
			return SCTRACE_ITEM_SIZE(0);
		}
		if (c->flags & SCTRACE_CAP_F_BITS)
			want = cnt / 8 + !!(cnt % 8);
		else
			want = size && cnt <= bound / size ? cnt * size : bound + 1;
		if (want > bound) {
			flags |= SCTRACE_ITEM_TRUNC;
			want = size ? bound / size * size : 0;
		}
	}
	barrier_var(want);
	if (want > SCTRACE_ITEM_MAX_DATA)
		return 0;	/* bound */
	if (want <= SCT_SMALL) {
		if (sct_copy_small(data, uaddr, want)) {
			flags |= SCTRACE_ITEM_FAULT;
			want = 0;
		}
		sct_item_hdr(w, 0, want, c->arg | SCTRACE_CAP_BUF << 4, flags);
		return SCTRACE_ITEM_SIZE(want);
	}
	/* the pad first: the copy overwrites its data part */
	*(__u32 *)(data + (want & ~3ULL)) = 0;
	if (bpf_probe_read_user(data, want, (const void *)uaddr)) {
		flags |= SCTRACE_ITEM_FAULT;
		want = 0;
	}
	sct_item_hdr(w, 0, want, c->arg | SCTRACE_CAP_BUF << 4, flags);
	return SCTRACE_ITEM_SIZE(want);
}

/*
 * The buffers of niov iovecs (at w + ioff, copied there already), back to
 * back after them, at most bound bytes in all. Returns the bytes copied,
 * with SCT_IOV_FAULT when a buffer faulted (the data ends after the one
 * before it) and SCT_IOV_CUT when the bound ran out while an iovec had
 * more: the natural total (the sum of their lengths) was larger.
 *
 * The position and the bytes left go through st between iterations: a
 * value loaded from a map has no known range, so every path reaches the
 * loop's head with the same ranges (those of the bound checks), and the
 * verifier checks each iteration once. Kept in registers, each
 * min(iov_len, left) would split the paths in two, 2^16 in all.
 */
__noinline int sct_iov_bytes(struct sct_win *w, struct sct_cpu_state *st, __u32 ioff,
			     __u32 niov, __u32 bound)
{
	__u64 base, len, take, pos, left;
	__u32 i, res = 0;

	if (!w || !st)
		return 0;
	barrier_var(ioff);
	barrier_var(niov);
	if (ioff > SCT_DATA_END || niov > SCTRACE_CAP_MAX_IOV)
		return 0;	/* bound */
	st->at = ioff + niov * SCT_IOV;
	st->left = bound;
	for (i = 0; i < SCTRACE_CAP_MAX_IOV; i++) {
		if (i >= niov)
			break;
		/* volatile: loaded, not forwarded by the compiler from the stores */
		pos = *(volatile __u64 *)&st->at;
		left = *(volatile __u64 *)&st->left;
		if (pos > SCT_DATA_END || left > SCTRACE_ITEM_MAX_DATA)
			break;	/* bound */
		len = *(__u64 *)(w->b + ioff + i * SCT_IOV + 8);
		if (!left) {
			if (!len)
				continue;	/* an empty one: the next may want more */
			res |= SCT_IOV_CUT;
			break;
		}
		base = *(__u64 *)(w->b + ioff + i * SCT_IOV);
		take = sct_min(len, left);
		barrier_var(take);
		if (take > SCTRACE_ITEM_MAX_DATA)
			break;	/* bound (a comparison of two registers bounds neither on 6.1) */
		/* take 0 reads nothing, as the module: not even a bad base faults */
		if (take && bpf_probe_read_user(w->b + pos, take, (const void *)base)) {
			res |= SCT_IOV_FAULT;
			break;
		}
		st->at = pos + take;
		st->left = left - take;
		if (take < len)
			res |= SCT_IOV_CUT;
	}
	return res | (__u32)(bound - st->left);
}

/*
 * The bytes of an IOVEC or MSGHDR whose iovecs are at w + ioff: at most
 * bytes, and the return value at exit. Returns the item's TRUNC and
 * FAULT flags; *len gets the data bytes.
 */
static __always_inline __u32 sct_iov_data(struct sct_win *w, const struct sct_ictx *x,
					  struct sct_cpu_state *st, __u32 ioff, __u32 niov,
					  __u32 bytes, __u32 *len)
{
	__u64 lim = x->exit ? (x->ret < 0 ? 0 : x->ret) : ~0ULL;
	__u32 b = sct_min(bytes, lim), r;

	r = sct_iov_bytes(w, st, ioff, niov, b);
	*len = ioff + niov * SCT_IOV - SCT_DATA + (r & 0xffff);
	if (r & SCT_IOV_FAULT)
		return SCTRACE_ITEM_FAULT;
	/* cut by the bound, not by the return value: the natural total was larger */
	return (r & SCT_IOV_CUT) && b < lim ? SCTRACE_ITEM_TRUNC : 0;
}

/* IOVEC: count iovecs at args[arg], their buffers' first bytes. */
__noinline int sct_iovec(struct sct_win *w, const struct sct_ictx *x, const struct sct_cap *c,
			 struct sct_cpu_state *st)
{
	struct sctrace_iov_data *d;
	__u32 count, niov, flags, len;
	__u64 uaddr;

	if (!w || !x || !c || !st)
		return 0;
	uaddr = x->args[c->arg & 7];
	/* its low 32 bits, as the kernel and the record take it (CAPTURE.md) */
	count = x->args[c->len_arg & 7];
	niov = sct_min(count, SCTRACE_CAP_MAX_IOV);
	d = (struct sctrace_iov_data *)(w->b + SCT_DATA);
	d->count = count;
	d->niov = niov;
	if (niov && bpf_probe_read_user(d + 1, niov * SCT_IOV, (const void *)uaddr)) {
		d->niov = 0;
		len = sizeof(*d);
		flags = SCTRACE_ITEM_FAULT;
	} else {
		flags = sct_iov_data(w, x, st, SCT_DATA + sizeof(*d), niov,
				     sct_min(x->snaplen, SCTRACE_ITEM_MAX_DATA - sizeof(*d) -
						     niov * SCT_IOV), &len);
	}
	if (count > niov)
		flags |= SCTRACE_ITEM_TRUNC;
	return sct_item_end(w, len, c->arg | SCTRACE_CAP_IOVEC << 4, flags);
}

/* MSGHDR: the user's struct msghdr, its name, iovecs and bytes. */
__noinline int sct_msghdr(struct sct_win *w, const struct sct_ictx *x, const struct sct_cap *c,
			  struct sct_cpu_state *st)
{
	__u32 namelen, count = 0, niov = 0, io, len = 0, flags = 0;
	struct sctrace_msg_data *d;
	__u64 uaddr, name;

	if (!w || !x || !c || !st)
		return 0;
	uaddr = x->args[c->arg & 7];
	d = (struct sctrace_msg_data *)(w->b + SCT_DATA);
	if (bpf_probe_read_user(d->msghdr, sizeof(d->msghdr), (const void *)uaddr)) {
		flags = SCTRACE_ITEM_FAULT;
		goto out;
	}
	/* struct msghdr: msg_name, msg_namelen, msg_iov, msg_iovlen */
	name = *(__u64 *)(d->msghdr + 0);
	namelen = name ? sct_min(*(__u32 *)(d->msghdr + 8), SCTRACE_CAP_MAX_NAME) : 0;
	count = *(__u64 *)(d->msghdr + 24);	/* the low 32 bits, as IOVEC */
	niov = sct_min(count, SCTRACE_CAP_MAX_IOV);
	d->namelen = namelen;
	d->count = count;
	d->niov = niov;
	d->reserved = 0;
	len = sizeof(*d);
	/* the name's pad first: the copy overwrites the rest */
	*(__u64 *)(w->b + SCT_DATA + SCT_MSG_HDR + (namelen & ~7U)) = 0;
	if (namelen && bpf_probe_read_user(d + 1, namelen, (const void *)name)) {
		d->namelen = 0;
		d->niov = 0;
		flags = SCTRACE_ITEM_FAULT;
		goto out;
	}
	io = SCT_DATA + SCT_MSG_HDR + (namelen + 7) / 8 * 8;
	len = io - SCT_DATA;
	if (niov && bpf_probe_read_user(w->b + io, niov * SCT_IOV,
					(const void *)*(__u64 *)(d->msghdr + 16))) {
		d->niov = 0;
		flags = SCTRACE_ITEM_FAULT;
		goto out;
	}
	flags = sct_iov_data(w, x, st, io, niov,
			     sct_min(x->snaplen, SCT_DATA_END - io - niov * SCT_IOV), &len);
out:
	if (count > niov)
		flags |= SCTRACE_ITEM_TRUNC;
	return sct_item_end(w, len, c->arg | SCTRACE_CAP_MSGHDR << 4, flags);
}

/*
 * Reads pointers first.. first + SCT_PTRS_PART - 1 of the array at uaddr,
 * keeping those below SCT_STRARR_PTRS in st. Returns how many come before
 * the NULL (SCT_PTRS_PART: no NULL), with SCT_PART_END when the array
 * ends here and FAULT << 16 when reading a pointer before its NULL
 * faulted. One copy of the part, then, only if a byte of it faulted, one
 * pointer at a time: the fault may lie after the NULL.
 */
#define SCT_PTRS_PART		8
#define SCT_PART_END		(1U << 24)

__noinline int sct_strarr_part(struct sct_cpu_state *st, __u64 uaddr, __u32 first)
{
	__u64 p[SCT_PTRS_PART], at;
	__u32 j, n = SCT_PTRS_PART, k;

	if (!st)
		return 0;
	at = uaddr + first * sizeof(__u64);
	if (bpf_probe_read_user(p, sizeof(p), (const void *)at)) {
		for (j = 0; j < SCT_PTRS_PART; j++) {
			if (bpf_probe_read_user(&p[j], sizeof(p[j]),
						(const void *)(at + j * sizeof(__u64)))) {
				n = j;
				break;
			}
			if (!p[j])
				break;
		}
	}
	for (j = 0; j < SCT_PTRS_PART; j++) {
		if (j >= n)
			return j | SCT_PART_END | SCTRACE_ITEM_FAULT << 16;
		if (!p[j])
			return j | SCT_PART_END;
		k = first + j;
		if (k >= SCT_STRARR_PTRS)
			continue;
		barrier_var(k);
		st->strarr[k & (SCT_STRARR_PTRS - 1)] = p[j];	/* bound: the mask */
	}
	return SCT_PTRS_PART;
}

/*
 * Nested string i of a STRARR, at the data offset st->at, if the item has
 * room for it: returns SCT_NESTED_PUT (its flags are ORed into st->left),
 * or SCT_NESTED_FULL. (One call per string, so that the loop over 256 of
 * them costs the verifier a few instructions each; st->at and st->left
 * as in sct_iov_bytes().)
 */
#define SCT_NESTED_PUT		(1U << 8)
#define SCT_NESTED_FULL		(1U << 9)

__noinline int sct_strarr_str(struct sct_win *w, struct sct_cpu_state *st, __u32 i,
			      __u32 snaplen)
{
	__u32 used, room, r, f;

	if (!w || !st)
		return 0;
	used = st->at;
	if (used > SCTRACE_ITEM_MAX_DATA)
		return SCT_NESTED_FULL;		/* bound */
	room = SCTRACE_ITEM_MAX_DATA - used;
	if (room < 16)
		return SCT_NESTED_FULL;
	r = sct_str(w, SCT_DATA + used, st->strarr[i & (SCT_STRARR_PTRS - 1)],
		    sct_min(snaplen, room - 8), i & 15);
	f = w->b[SCT_DATA + used + 3];
	st->cnt.truncated += !!(f & SCTRACE_ITEM_TRUNC);
	st->cnt.faults += !!(f & SCTRACE_ITEM_FAULT);
	st->at = used + r;
	st->left |= f;
	return SCT_NESTED_PUT;
}

/*
 * STRARR: the count, then the first c->size strings as nested STR items
 * while they fit the item. Counts the nested items in st; returns the
 * item's result (SCT_RES_*) without the counting of the item itself.
 */
__noinline int sct_strarr(struct sct_win *w, const struct sct_ictx *x, const struct sct_cap *c,
			  struct sct_cpu_state *st)
{
	__u32 r = 0, count = 0, nmax, i, used;
	struct sctrace_strarr_data *d;
	__u64 uaddr;

	if (!w || !x || !c || !st)
		return 0;
	uaddr = x->args[c->arg & 7];
	/*
	 * The flags go to the header as they come, not in a register: the
	 * loops' paths then do not differ by them (see sct_iov_bytes())
	 */
	sct_item_hdr(w, 0, 0, c->arg | SCTRACE_CAP_STRARR << 4, SCTRACE_ITEM_TRUNC);
	for (i = 0; i < SCTRACE_STRARR_MAX_COUNT / SCT_PTRS_PART; i++) {
		r = sct_strarr_part(st, uaddr, count);
		count += r & 0xff;
		if (r & SCT_PART_END) {
			w->b[3] = (r >> 16) & SCTRACE_ITEM_FAULT;
			break;
		}
	}
	d = (struct sctrace_strarr_data *)(w->b + SCT_DATA);
	d->count = count;
	/* through st, as st->at: the paths above end with one range of nmax */
	st->left = sct_min(count, c->size);
	st->at = sizeof(*d);
	nmax = *(volatile __u64 *)&st->left;
	st->left = 0;
	for (i = 0; i < SCT_STRARR_PTRS && i < nmax; i++) {
		if (!(sct_strarr_str(w, st, i, x->snaplen) & SCT_NESTED_PUT)) {
			w->b[3] |= SCTRACE_ITEM_TRUNC;
			break;
		}
	}
	d->nstr = i;
	used = st->at;
	barrier_var(used);
	if (used > SCTRACE_ITEM_MAX_DATA)
		return 0;	/* bound */
	((struct sctrace_item *)w)->len = used;
	return SCTRACE_ITEM_SIZE(used) | (st->left & 3) << 24;
}

__noinline int sct_item(struct sct_win *w, const struct sct_ictx *x, const struct sct_cap *c,
			struct sct_cpu_state *st)
{
	__u32 argkind, res, f, bound;
	__u64 uaddr;

	if (!w || !x || !c || !st)
		return 0;
	argkind = (c->arg & 15) | (c->kind & 15) << 4;
	uaddr = x->args[c->arg & 7];
	bound = sct_min(x->snaplen, SCTRACE_MAX_SNAPLEN);
	if (!uaddr) {
		sct_item_hdr(w, 0, 0, argkind,
			     SCTRACE_ITEM_NULL | (x->retry ? SCTRACE_ITEM_RETRY : 0));
		res = SCTRACE_ITEM_SIZE(0);
	} else {
		switch (c->kind) {
		case SCTRACE_CAP_STR:
			if (c->flags & SCTRACE_CAP_F_PATH)
				bound = SCTRACE_PATH_MAX - 1;
			res = sct_str(w, 0, uaddr, bound,
				      argkind | (x->retry ? SCTRACE_ITEM_RETRY << 8 : 0));
			break;
		case SCTRACE_CAP_BUF:
			res = sct_buf(w, x, c);
			break;
		case SCTRACE_CAP_IOVEC:
			res = sct_iovec(w, x, c, st);
			break;
		case SCTRACE_CAP_MSGHDR:
			res = sct_msghdr(w, x, c, st);
			break;
		default:
			res = sct_strarr(w, x, c, st);
			break;
		}
	}
	f = w->b[3];
	st->cnt.truncated += !!(f & SCTRACE_ITEM_TRUNC);
	st->cnt.faults += !!(f & SCTRACE_ITEM_FAULT);
	st->cnt.nulls += !!(f & SCTRACE_ITEM_NULL);
	st->cnt.retried += (f & (SCTRACE_ITEM_RETRY | SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL)) ==
			   SCTRACE_ITEM_RETRY;
	return SCT_RES_SIZE(res) | f << 16 | (res & 0x7f000000);
}
