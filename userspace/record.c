// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Record checks shared by the ring consumer and the formatter. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "record.h"

size_t sct_record__min_len(unsigned int type)
{
	switch (type) {
	case SCTRACE_REC_SYS_ENTER:
		return sizeof(struct sctrace_sys_enter);
	case SCTRACE_REC_SYS_EXIT:
		return sizeof(struct sctrace_sys_exit);
	case SCTRACE_REC_FORK:
		return sizeof(struct sctrace_fork);
	case SCTRACE_REC_EXIT:
		return sizeof(struct sctrace_task_exit);
	case SCTRACE_REC_LOST:
		return sizeof(struct sctrace_lost);
	}
	return 0;
}

int sct_record__check(uint32_t len, unsigned int type, uint64_t avail,
		      char *why, size_t whylen)
{
	size_t min;

	if (len < sizeof(struct sctrace_hdr) || len % SCTRACE_REC_ALIGN) {
		snprintf(why, whylen, "bad record length %" PRIu32, len);
		return -EBADMSG;
	}
	if (len > avail) {
		snprintf(why, whylen, "record length %" PRIu32 " exceeds the %" PRIu64
			 " bytes published", len, avail);
		return -EBADMSG;
	}
	min = sct_record__min_len(type);
	if (!min) {
		snprintf(why, whylen, "unknown record type %u", type);
		return -EBADMSG;
	}
	if (len < min) {
		snprintf(why, whylen, "record of type %u is %" PRIu32 " bytes, less than %zu",
			 type, len, min);
		return -EBADMSG;
	}
	return 0;
}

int sct_enter__strings(const struct sctrace_sys_enter *e,
		       const struct sctrace_item *strs[SCTRACE_MAX_ARGS])
{
	const uint8_t *base = (const uint8_t *)e;
	size_t off = sizeof(*e), len = e->hdr.len, size;
	unsigned int i, nitem = e->nitem;
	const struct sctrace_item *s;
	uint16_t slen;
	uint8_t arg;

	for (i = 0; i < SCTRACE_MAX_ARGS; i++)
		strs[i] = NULL;
	if (len < sizeof(*e) || nitem > SCTRACE_MAX_ARGS)
		return -EBADMSG;
	/* each field read once: the bounds checked are the bounds walked */
	for (i = 0; i < nitem; i++) {
		if (len - off < sizeof(*s))
			return -EBADMSG;
		s = (const struct sctrace_item *)(base + off);
		slen = s->len;
		arg = s->arg;
		size = SCTRACE_ITEM_SIZE((size_t)slen);
		if (arg >= SCTRACE_MAX_ARGS || strs[arg] || len - off < size)
			return -EBADMSG;
		strs[arg] = s;
		off += size;
	}
	return 0;
}
