/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Capture plans in libsctrace: the check both backends agree on (the rules
 * are in driver/sct_plan.h, shared with the module), the compact table the
 * eBPF program reads, and the plan an API 1.1 filter's strargs[] means.
 */
#ifndef SCT_CAPPLAN_H
#define SCT_CAPPLAN_H

#include <stddef.h>
#include "sctrace_abi.h"
#include "sct_plan.h"

/*
 * Builds p (zeroed first) from items. 0, or -EINVAL and why says which
 * item is refused and why; -EINVAL also for more than
 * SCTRACE_CAP_MAX_ITEMS items.
 */
int sct_capplan__build(struct sct_plan *p, const struct sctrace_cap_item *items,
		       size_t n, char *why, size_t whylen);

/* sct_capplan__build() into a scratch table: 0, -EINVAL, -ENOMEM. */
int sct_capplan__check(const struct sctrace_cap_item *items, size_t n,
		       char *why, size_t whylen);

/*
 * The items strargs[] of an API 1.1 filter stands for: a string at entry
 * for every bit (x86-64 table), bounded by the snaplen. Writes at most max
 * items; returns how many there are (more than max: not all written).
 */
size_t sct_capplan__from_strargs(const struct sctrace_filter *f,
				 struct sctrace_cap_item *items, size_t max);

#endif /* SCT_CAPPLAN_H */
