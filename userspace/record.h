/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Checks on sctrace records that every reader needs: the smallest valid
 * length of each record type, and the walk over the string items of an
 * enter record (bounds-checked, since record bytes come from a ring).
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

/*
 * Points strs[a] at the string item of argument a (NULL when the record has
 * none). Returns 0, or -EBADMSG when an item runs past hdr.len, names an
 * argument above 5 or the same argument twice, or nitem is wrong. The walk
 * stays within e->hdr.len bytes and reads each field once, but callers read
 * the items again: e must be memory nobody else writes (a ring hands out
 * copies, see ring.h).
 */
int sct_enter__strings(const struct sctrace_sys_enter *e,
		       const struct sctrace_item *strs[SCTRACE_MAX_ARGS]);

#endif /* SCT_RECORD_H */
