/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/* Records made by hand for the tests of calls (summary, exports). */
#ifndef SCT_TEST_RECS_H
#define SCT_TEST_RECS_H

#include <stddef.h>
#include <stdint.h>

#include "sctrace_abi.h"

/* A record under construction, 8-byte aligned. */
struct rec {
	uint64_t w[512];
};

static inline const struct sctrace_hdr *rec_hdr(const struct rec *r)
{
	return (const struct sctrace_hdr *)r->w;
}

/* An entry of syscall name (x86-64) by tid (its own process) at ts ns. */
void rec_enter(struct rec *r, uint32_t tid, const char *name, uint64_t ts, uint64_t a0,
	       uint64_t a1, uint64_t a2);
/* A string item for argument arg of the record r holds. */
void rec_str(struct rec *r, uint8_t arg, const void *s, size_t n);
/* Any item (kind SCTRACE_CAP_*, flags SCTRACE_ITEM_*), in an enter or exit record. */
void rec_item(struct rec *r, uint8_t arg, uint8_t kind, uint8_t flags, const void *d, size_t n);
void rec_exit(struct rec *r, uint32_t tid, const char *name, uint64_t ts, int64_t ret);
void rec_fork(struct rec *r, uint32_t tid, uint32_t child, uint64_t ts);
void rec_task_exit(struct rec *r, uint32_t tid, int32_t code, uint64_t ts);
void rec_lost(struct rec *r, uint64_t n, uint64_t ts);

#endif /* SCT_TEST_RECS_H */
