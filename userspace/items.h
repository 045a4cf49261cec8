/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The memory items of enter and exit records (struct sctrace_item, data
 * layouts in sctrace_abi.h): one checked walk, and views of the data of
 * each kind for printers. Record bytes come from rings and files: every
 * length is checked against the record before anything is read, each
 * field read once. The record must be memory nobody else writes (rings
 * hand out private copies, see ring.h).
 */
#ifndef SCT_ITEMS_H
#define SCT_ITEMS_H

#include <stddef.h>
#include <stdint.h>
#include "sctrace_abi.h"

/* The items of one record, by argument. */
struct sct_items {
	const struct sctrace_item *arg[SCTRACE_MAX_ARGS];
	/* exit records: entry strings read again (SCTRACE_ITEM_RETRY) */
	const struct sctrace_item *retry[SCTRACE_MAX_ARGS];
};

/*
 * Walks the items of an enter or exit record (any other record has none).
 * 0, or -EBADMSG when an item runs past hdr.len, names an argument above
 * 5 or one argument twice, has an unknown kind, its data does not have
 * the layout of its kind (sct_item__check), or nitem is wrong; why (if
 * not NULL) then says which.
 */
int sct_items__walk(const struct sctrace_hdr *h, struct sct_items *out,
		    char *why, size_t whylen);

/* An item's data and its kind. */
static inline const uint8_t *sct_item__data(const struct sctrace_item *it)
{
	return (const uint8_t *)(it + 1);
}

static inline unsigned int sct_item__kind(const struct sctrace_item *it)
{
	return SCTRACE_ITEM_KIND(it->arg);
}

/* 0 if the data of it has the layout of its kind, else -EBADMSG. */
int sct_item__check(const struct sctrace_item *it, char *why, size_t whylen);

/* IOVEC data, or the iovec part of MSGHDR data. */
struct sct_iov_view {
	uint32_t count;		/* iovecs the call was given */
	uint32_t niov;		/* iovecs copied */
	const uint8_t *iovs;	/* niov x { u64 base, u64 len } */
	const uint8_t *bytes;	/* the buffers' first bytes, back to back */
	size_t nbytes;
};

/* Buffer i of v: its iovec, and the bytes of it that were copied. */
void sct_iov__get(const struct sct_iov_view *v, uint32_t i, uint64_t *base,
		  uint64_t *len, const uint8_t **bytes, size_t *nbytes);

struct sct_msg_view {
	const uint8_t *msghdr;	/* 56 bytes: struct msghdr of x86-64 */
	uint32_t namelen;	/* bytes of msg_name copied */
	const uint8_t *name;
	struct sct_iov_view iov;
};

struct sct_strarr_view {
	uint32_t count;		/* pointers in the array */
	uint32_t nstr;		/* strings copied */
	const struct sctrace_item *first;	/* nested items */
};

/*
 * Views of a checked item (sct_item__check() == 0) of that kind with
 * data: 0, or -ENODATA for an item with no data (a fault or NULL before
 * anything was copied), -EINVAL for another kind.
 */
int sct_item__iov(const struct sctrace_item *it, struct sct_iov_view *v);
int sct_item__msg(const struct sctrace_item *it, struct sct_msg_view *v);
int sct_item__strarr(const struct sctrace_item *it, struct sct_strarr_view *v);

/* The nested item after s. */
static inline const struct sctrace_item *sct_item__next(const struct sctrace_item *s)
{
	return (const struct sctrace_item *)((const uint8_t *)s + SCTRACE_ITEM_SIZE(s->len));
}

/* Fields of the msghdr copy (native endian, as the user wrote them). */
uint64_t sct_msg__u64(const struct sct_msg_view *v, size_t off);

#endif /* SCT_ITEMS_H */
