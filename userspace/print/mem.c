// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * An argument's captured memory (an item of the enter or exit record),
 * by the argument's kind and memory type: strings, buffers, structs and
 * arrays of them, iovecs, msghdrs, string arrays. Memory that was not
 * captured, faulted, or is shorter than its type prints as its address.
 */
#include <inttypes.h>

#include "items.h"
#include "print/pr.h"

#define SCT_PR_MAX_ELEMS	32	/* array elements shown (strace: -s) */

static void sct_mem__bytes(const struct sct_pr *p, const struct sctrace_item *it, size_t limit)
{
	sct_pr__str(p, sct_item__data(it), it->len, limit, it->flags & SCTRACE_ITEM_TRUNC);
}

/* it's bytes, no more than bound of them */
static void sct_mem__bounded(const struct sct_pr *p, const struct sctrace_item *it, size_t bound)
{
	if (it->len <= bound)
		sct_mem__bytes(p, it, p->strsize);
	else
		sct_pr__str(p, sct_item__data(it), bound, p->strsize, 0);
}

/* one element, or an array of them: "[{fd=3, events=POLLIN}, ...]" */
static void sct_mem__typed(const struct sct_pr *p, const struct sct_argdesc *a, uint64_t v,
			   const struct sctrace_item *it, size_t bound)
{
	const struct sct_ctypedesc *ct = sct_sysdesc__ctype(a->ctype);
	sct_struct_fn *fn = sct_structs__fn(a->ctype);
	size_t len = it->len < bound ? it->len : bound;
	int trunc = (it->flags & SCTRACE_ITEM_TRUNC) && it->len <= bound;
	struct sct_view e = { sct_item__data(it), len, v };
	int array = a->cap[0].len_src != SCTRACE_LEN_NONE || a->cap[1].len_src != SCTRACE_LEN_NONE;
	size_t i, n;

	if (array && ct && fn && !len && !trunc && a->ctype != SCT_T_DIRENT64 &&
	    a->ctype != SCT_T_DIRENT) {
		fputs("[]", p->out);	/* none: epoll_wait's when it returned 0 */
		return;
	}
	if (!ct || !fn || (ct->size > 1 && len < ct->size) || len < sct_structs__minlen(a->ctype)) {
		sct_pr__addr(p->out, v);	/* shorter than its type */
		return;
	}
	if (ct->size == 1 || ct->bits) {	/* LEN bytes of one struct */
		fn(p, &e);
		return;
	}
	n = len / ct->size;
	e.len = ct->size;
	if (!array) {
		fn(p, &e);
		return;
	}
	fputc('[', p->out);
	for (i = 0; i < n && i < SCT_PR_MAX_ELEMS; i++, e.d += ct->size) {
		if (i)
			fputs(", ", p->out);
		fn(p, &e);
	}
	if (i < n || trunc || len % ct->size)
		fputs(i ? ", ..." : "...", p->out);
	fputc(']', p->out);
}

/* the buffers in order hold the first bound bytes (what the call read) */
static void sct_mem__iov(const struct sct_pr *p, const struct sct_iov_view *v, int cut,
			 size_t bound)
{
	const uint8_t *bytes;
	uint64_t base, len, filled;
	size_t nbytes;
	uint32_t i;

	fputc('[', p->out);
	for (i = 0; i < v->niov; i++) {
		sct_iov__get(v, i, &base, &len, &bytes, &nbytes);
		filled = len < bound ? len : bound;
		bound -= filled;
		if (nbytes > filled)
			nbytes = filled;
		fputs(i ? ", {iov_base=" : "{iov_base=", p->out);
		if (nbytes || !filled)
			sct_pr__str(p, bytes, nbytes, p->strsize, nbytes < filled);
		else
			sct_pr__addr(p->out, base);
		fprintf(p->out, ", iov_len=%" PRIu64 "}", len);
	}
	if (v->count > v->niov || (cut && !v->niov))
		fputs(v->niov ? ", ..." : "...", p->out);
	fputc(']', p->out);
}

/* recvmsg's msg_namelen as it was given, "128 => ", when it changed */
static void sct_mem__namelen_given(const struct sct_pr *p, uint32_t after)
{
	const struct sctrace_item *g = p->given;
	uint32_t before;

	if (!g || sct_item__kind(g) != SCTRACE_CAP_BUF || g->len < 12 ||
	    (g->flags & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL)))
		return;
	memcpy(&before, sct_item__data(g) + 8, sizeof(before));
	if (before != after)
		fprintf(p->out, "%" PRIu32 " => ", before);
}

static void sct_mem__msg(const struct sct_pr *p, const struct sctrace_item *it, uint64_t v,
			 size_t bound)
{
	struct sct_msg_view m;
	struct sct_view name;

	if (sct_item__msg(it, &m)) {
		sct_pr__addr(p->out, v);
		return;
	}
	fputs("{msg_name=", p->out);
	name = (struct sct_view){ m.name, m.namelen, sct_msg__u64(&m, 0) };
	if (m.namelen)
		sct_pr__sockaddr(p, &name);
	else
		sct_pr__addr(p->out, sct_msg__u64(&m, 0));
	fprintf(p->out, ", msg_namelen=");
	sct_mem__namelen_given(p, (uint32_t)sct_msg__u64(&m, 8));
	fprintf(p->out, "%" PRIu32 ", msg_iov=", (uint32_t)sct_msg__u64(&m, 8));
	sct_mem__iov(p, &m.iov, it->flags & SCTRACE_ITEM_TRUNC, bound);
	fprintf(p->out, ", msg_iovlen=%" PRIu64 ", msg_controllen=%" PRIu64 ", msg_flags=",
		sct_msg__u64(&m, 24), sct_msg__u64(&m, 40));
	sct_consts__print_named(p->out, "msg", SCT_SET_FLAGS, (uint32_t)sct_msg__u64(&m, 48), 32);
	fputc('}', p->out);
}

/* argv: ["ls", "-l"]; envp without its strings: 0x7ffd... /- 37 vars -/ */
static void sct_mem__strarr(const struct sct_pr *p, const struct sctrace_item *it, uint64_t v)
{
	const struct sctrace_item *s;
	struct sct_strarr_view a;
	uint32_t i;

	if (sct_item__strarr(it, &a)) {
		sct_pr__addr(p->out, v);
		return;
	}
	if (!a.nstr && a.count) {
		fprintf(p->out, "%#" PRIx64 " /* %" PRIu32 " var%s%s */", v, a.count,
			a.count == 1 ? "" : "s",
			(it->flags & SCTRACE_ITEM_TRUNC) && !(it->flags & SCTRACE_ITEM_FAULT) ? " or more" : "");
		return;
	}
	fputc('[', p->out);
	for (i = 0, s = a.first; i < a.nstr; i++, s = sct_item__next(s)) {
		fputs(i ? ", " : "", p->out);
		if (s->flags & SCTRACE_ITEM_FAULT)
			fputs("???", p->out);
		else
			sct_mem__bytes(p, s, p->strsize);
	}
	if (a.count > a.nstr)
		fputs(a.nstr ? ", ..." : "...", p->out);
	fputc(']', p->out);
}

static void sct_mem__checked(const struct sct_pr *p, const struct sct_argdesc *a, uint64_t v,
			     const struct sctrace_item *it, size_t bound)
{
	unsigned int kind = sct_item__kind(it);
	struct sct_iov_view iov;

	switch (a->kind) {
	case SCT_A_PATH:
		/* no NUL within PATH_MAX: strace shows a path's address */
		if (kind != SCTRACE_CAP_STR || (it->flags & SCTRACE_ITEM_TRUNC))
			sct_pr__addr(p->out, v);
		else
			sct_mem__bytes(p, it, SCT_PR_NOLIMIT);
		return;
	case SCT_A_STR:
		if (kind == SCTRACE_CAP_STR)
			sct_mem__bytes(p, it, p->strsize);
		else
			sct_pr__addr(p->out, v);
		return;
	case SCT_A_MEM:
		if (kind != SCTRACE_CAP_BUF)
			sct_pr__addr(p->out, v);
		else if (a->ctype == SCT_T_BYTES)
			sct_mem__bounded(p, it, bound);
		else
			sct_mem__typed(p, a, v, it, bound);
		return;
	case SCT_A_IOV:
		if (kind != SCTRACE_CAP_IOVEC || sct_item__iov(it, &iov))
			sct_pr__addr(p->out, v);
		else
			sct_mem__iov(p, &iov, it->flags & SCTRACE_ITEM_TRUNC, bound);
		return;
	case SCT_A_MSG:
		if (kind == SCTRACE_CAP_MSGHDR)
			sct_mem__msg(p, it, v, bound);
		else
			sct_pr__addr(p->out, v);
		return;
	case SCT_A_ARGV:
	case SCT_A_ENVP:
		if (kind == SCTRACE_CAP_STRARR)
			sct_mem__strarr(p, it, v);
		else
			sct_pr__addr(p->out, v);
		return;
	}
	sct_pr__addr(p->out, v);
}

void sct_pr__mem(const struct sct_pr *p, const struct sct_argdesc *a, uint64_t v,
		 const struct sctrace_item *it, size_t bound)
{
	if (!it)
		sct_pr__addr(p->out, v);	/* not captured: failed call, or no plan */
	else if (it->flags & SCTRACE_ITEM_NULL)
		fputs("NULL", p->out);
	else if ((it->flags & SCTRACE_ITEM_FAULT) && !it->len)
		sct_pr__addr(p->out, v);
	else
		sct_mem__checked(p, a, v, it, bound);
}

size_t sct_pr__written(const struct sct_sysdesc *d, const struct sct_items *in, unsigned int i,
		       int64_t ret)
{
	const struct sct_argdesc *a = &d->args[i];
	const struct sct_capspec *x = &a->cap[SCTRACE_CAP_EXIT];
	const struct sctrace_item *len;
	int32_t given;

	if (a->kind == SCT_A_IOV || a->kind == SCT_A_MSG)
		return ret > 0 ? (size_t)ret : 0;
	if (!x->on || x->len_src != SCTRACE_LEN_ARGPTR || x->len_arg >= SCTRACE_MAX_ARGS)
		return SCT_PR_NOLIMIT;
	len = in->arg[x->len_arg];
	if (!len || sct_item__kind(len) != SCTRACE_CAP_BUF || len->len < sizeof(given) ||
	    (len->flags & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL)))
		return SCT_PR_NOLIMIT;	/* not known: the copy was bounded by the length after */
	memcpy(&given, sct_item__data(len), sizeof(given));
	return given > 0 ? (size_t)given : 0;
}
