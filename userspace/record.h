/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Checks on sctrace records that every reader needs: the smallest valid
 * length of each record type (the items of enter and exit records are
 * walked by items.h).
 */
#ifndef SCT_RECORD_H
#define SCT_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "sctrace_abi.h"

/* Smallest hdr.len of a record of this type, 0 for an unknown type. */
size_t sct_record__min_len(unsigned int type);

/*
 * Checks the header of a record found in a ring, len and type read once:
 * 0 when it is a known type of a valid length within the avail bytes the
 * producer published, else -EBADMSG and why says what is wrong.
 */
int sct_record__check(uint32_t len, unsigned int type, uint64_t avail,
		      char *why, size_t whylen);

#endif /* SCT_RECORD_H */
