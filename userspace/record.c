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
	case SCTRACE_REC_SIGNAL:
		return sizeof(struct sctrace_signal);
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
