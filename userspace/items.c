// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* The memory items of enter and exit records (see items.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "items.h"

#define SCT_IOV_SIZE	16	/* struct iovec of x86-64 */
#define SCT_MSGHDR_SIZE	56	/* struct msghdr of x86-64 */

static uint32_t sct_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t sct_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int sct_bad(char *why, size_t whylen, const char *what, const struct sctrace_item *it)
{
	if (why)
		snprintf(why, whylen, "%s (item of argument %u, kind %u, %u bytes)", what,
			 SCTRACE_ITEM_ARG(it->arg), SCTRACE_ITEM_KIND(it->arg), it->len);
	return -EBADMSG;
}

/* The iovec part at data[0..len): header fields given, iovecs then bytes. */
static int sct_iov__parse(const uint8_t *p, size_t len, uint32_t count, uint32_t niov,
			  struct sct_iov_view *v)
{
	if (niov > SCTRACE_CAP_MAX_IOV || niov > count || (size_t)niov * SCT_IOV_SIZE > len)
		return -EBADMSG;
	v->count = count;
	v->niov = niov;
	v->iovs = p;
	v->bytes = p + (size_t)niov * SCT_IOV_SIZE;
	v->nbytes = len - (size_t)niov * SCT_IOV_SIZE;
	return 0;
}

static int sct_item__iov_at(const struct sctrace_item *it, struct sct_iov_view *v)
{
	const uint8_t *d = sct_item__data(it);
	size_t len = it->len;

	if (len < sizeof(struct sctrace_iov_data))
		return -EBADMSG;
	return sct_iov__parse(d + sizeof(struct sctrace_iov_data), len - sizeof(struct sctrace_iov_data),
			      sct_u32(d + offsetof(struct sctrace_iov_data, count)),
			      sct_u32(d + offsetof(struct sctrace_iov_data, niov)), v);
}

static int sct_item__msg_at(const struct sctrace_item *it, struct sct_msg_view *v)
{
	const uint8_t *d = sct_item__data(it);
	size_t len = it->len, hdr = sizeof(struct sctrace_msg_data), name;

	if (len < hdr)
		return -EBADMSG;
	v->msghdr = d;
	v->namelen = sct_u32(d + offsetof(struct sctrace_msg_data, namelen));
	if (v->namelen > SCTRACE_CAP_MAX_NAME ||
	    sct_u32(d + offsetof(struct sctrace_msg_data, reserved)))
		return -EBADMSG;
	name = (v->namelen + 7u) & ~7u;
	if (len - hdr < name)
		return -EBADMSG;
	v->name = d + hdr;
	return sct_iov__parse(d + hdr + name, len - hdr - name,
			      sct_u32(d + offsetof(struct sctrace_msg_data, count)),
			      sct_u32(d + offsetof(struct sctrace_msg_data, niov)), &v->iov);
}

static int sct_item__strarr_at(const struct sctrace_item *it, struct sct_strarr_view *v)
{
	const uint8_t *d = sct_item__data(it);
	size_t len = it->len, off = sizeof(struct sctrace_strarr_data), size;
	const struct sctrace_item *s;
	uint32_t i;

	if (len < off)
		return -EBADMSG;
	v->count = sct_u32(d + offsetof(struct sctrace_strarr_data, count));
	v->nstr = sct_u32(d + offsetof(struct sctrace_strarr_data, nstr));
	if (v->nstr > v->count || v->count > SCTRACE_STRARR_MAX_COUNT)
		return -EBADMSG;
	v->first = (const struct sctrace_item *)(d + off);
	for (i = 0; i < v->nstr; i++) {
		if (len - off < sizeof(*s))
			return -EBADMSG;
		s = (const struct sctrace_item *)(d + off);
		size = SCTRACE_ITEM_SIZE((size_t)s->len);
		if (SCTRACE_ITEM_KIND(s->arg) != SCTRACE_CAP_STR || len - off < size)
			return -EBADMSG;
		off += size;
	}
	return off == len ? 0 : -EBADMSG;
}

int sct_item__check(const struct sctrace_item *it, char *why, size_t whylen)
{
	struct sct_strarr_view sv;
	struct sct_iov_view iv;
	struct sct_msg_view mv;
	int bad = 0;

	if (SCTRACE_ITEM_ARG(it->arg) >= SCTRACE_MAX_ARGS)
		return sct_bad(why, whylen, "argument index above 5", it);
	if (!it->len)
		return 0;	/* NULL, a fault, or an empty buffer or string */
	switch (SCTRACE_ITEM_KIND(it->arg)) {
	case SCTRACE_CAP_STR:
	case SCTRACE_CAP_BUF:
		return 0;
	case SCTRACE_CAP_IOVEC:
		bad = sct_item__iov_at(it, &iv);
		break;
	case SCTRACE_CAP_MSGHDR:
		bad = sct_item__msg_at(it, &mv);
		break;
	case SCTRACE_CAP_STRARR:
		bad = sct_item__strarr_at(it, &sv);
		break;
	default:
		return sct_bad(why, whylen, "unknown item kind", it);
	}
	return bad ? sct_bad(why, whylen, "data does not have the layout of its kind", it) : 0;
}

int sct_items__walk(const struct sctrace_hdr *h, struct sct_items *out,
		    char *why, size_t whylen)
{
	const uint8_t *base = (const uint8_t *)h;
	size_t off, len = h->len, size;
	const struct sctrace_item *it, **slot;
	unsigned int i, nitem;
	int ret;

	memset(out, 0, sizeof(*out));
	if (h->type == SCTRACE_REC_SYS_ENTER && len >= sizeof(struct sctrace_sys_enter)) {
		off = sizeof(struct sctrace_sys_enter);
		nitem = ((const struct sctrace_sys_enter *)h)->nitem;
	} else if (h->type == SCTRACE_REC_SYS_EXIT && len >= sizeof(struct sctrace_sys_exit)) {
		off = sizeof(struct sctrace_sys_exit);
		nitem = ((const struct sctrace_sys_exit *)h)->nitem;
	} else {
		return 0;
	}
	/* at most one item and one retried string per argument */
	if (nitem > 2 * SCTRACE_MAX_ARGS) {
		if (why)
			snprintf(why, whylen, "%u items, more than a record can have", nitem);
		return -EBADMSG;
	}
	for (i = 0; i < nitem; i++) {
		if (len - off < sizeof(*it)) {
			if (why)
				snprintf(why, whylen, "item %u of %u starts past the record's end", i, nitem);
			return -EBADMSG;
		}
		it = (const struct sctrace_item *)(base + off);
		size = SCTRACE_ITEM_SIZE((size_t)it->len);
		if (len - off < size)
			return sct_bad(why, whylen, "item runs past the record's end", it);
		ret = sct_item__check(it, why, whylen);
		if (ret)
			return ret;
		if ((it->flags & SCTRACE_ITEM_RETRY) &&
		    (h->type != SCTRACE_REC_SYS_EXIT || sct_item__kind(it) != SCTRACE_CAP_STR))
			return sct_bad(why, whylen, "a retried string outside an exit record", it);
		slot = (it->flags & SCTRACE_ITEM_RETRY) ? &out->retry[SCTRACE_ITEM_ARG(it->arg)]
							: &out->arg[SCTRACE_ITEM_ARG(it->arg)];
		if (*slot)
			return sct_bad(why, whylen, "a second item on one argument", it);
		*slot = it;
		off += size;
	}
	return 0;
}

int sct_item__iov(const struct sctrace_item *it, struct sct_iov_view *v)
{
	if (sct_item__kind(it) != SCTRACE_CAP_IOVEC)
		return -EINVAL;
	if (!it->len)
		return -ENODATA;
	return sct_item__iov_at(it, v);
}

int sct_item__msg(const struct sctrace_item *it, struct sct_msg_view *v)
{
	if (sct_item__kind(it) != SCTRACE_CAP_MSGHDR)
		return -EINVAL;
	if (!it->len)
		return -ENODATA;
	return sct_item__msg_at(it, v);
}

int sct_item__strarr(const struct sctrace_item *it, struct sct_strarr_view *v)
{
	if (sct_item__kind(it) != SCTRACE_CAP_STRARR)
		return -EINVAL;
	if (!it->len)
		return -ENODATA;
	return sct_item__strarr_at(it, v);
}

void sct_iov__get(const struct sct_iov_view *v, uint32_t i, uint64_t *base,
		  uint64_t *len, const uint8_t **bytes, size_t *nbytes)
{
	size_t left = v->nbytes, take = 0;
	const uint8_t *p = v->bytes;
	uint32_t j;

	*base = sct_u64(v->iovs + (size_t)i * SCT_IOV_SIZE);
	*len = sct_u64(v->iovs + (size_t)i * SCT_IOV_SIZE + 8);
	/* buffer j holds min(len_j, what is left) of the copied bytes */
	for (j = 0; j <= i; j++) {
		uint64_t lj = sct_u64(v->iovs + (size_t)j * SCT_IOV_SIZE + 8);

		take = lj < left ? (size_t)lj : left;
		if (j < i) {
			p += take;
			left -= take;
		}
	}
	*bytes = p;
	*nbytes = take;
}

uint64_t sct_msg__u64(const struct sct_msg_view *v, size_t off)
{
	return off + 8 <= SCT_MSGHDR_SIZE ? sct_u64(v->msghdr + off) : 0;
}
