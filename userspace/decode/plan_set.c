// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Giving a backend the capture plan, or what an older module takes of it. */
#include <errno.h>
#include <stdio.h>

#include "libsctrace.h"
#include "plan.h"

int sct_plan__set(struct sctrace *t, struct sctrace_filter *f, unsigned int flags)
{
	static struct sctrace_cap_item items[SCTRACE_CAP_MAX_ITEMS];
	int n, ret;

	n = sct_plan__build(flags, items, SCTRACE_CAP_MAX_ITEMS);
	if (n < 0)
		return n;
	/* a plan too large for the ABI: the library says so, reading none */
	ret = sctrace_set_capture(t, items, (size_t)n);
	if (ret != -EOPNOTSUPP)
		return ret;
	sct_plan__strargs(items, (size_t)n, f);
	fprintf(stderr, "sctrace: the module is older than API 1.2: path and string arguments only, at entry\n");
	return sctrace_set_filter(t, f);
}
