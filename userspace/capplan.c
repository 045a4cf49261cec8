// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Capture plans in libsctrace (see capplan.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capplan.h"

int sct_capplan__build(struct sct_plan *p, const struct sctrace_cap_item *items,
		       size_t n, char *why, size_t whylen)
{
	const char *bad;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (n > SCTRACE_CAP_MAX_ITEMS) {
		snprintf(why, whylen, "%zu items, more than the %u a plan may hold",
			 n, SCTRACE_CAP_MAX_ITEMS);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		bad = sct_plan_add(p, &items[i]);
		if (bad) {
			snprintf(why, whylen, "item %zu (syscall %u%s, argument %u, %s): %s",
				 i, items[i].nr, items[i].abi == SCTRACE_ABI_I386 ? " i386" : "",
				 items[i].arg, items[i].when ? "exit" : "entry", bad);
			return -EINVAL;
		}
	}
	return 0;
}

int sct_capplan__check(const struct sctrace_cap_item *items, size_t n,
		       char *why, size_t whylen)
{
	struct sct_plan *p = malloc(sizeof(*p));
	int ret;

	if (!p) {
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	ret = sct_capplan__build(p, items, n, why, whylen);
	free(p);
	return ret;
}

size_t sct_capplan__from_strargs(const struct sctrace_filter *f,
				 struct sctrace_cap_item *items, size_t max)
{
	unsigned int nr, a;
	size_t n = 0;

	for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
		for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
			if (!(f->strargs[nr] & (1U << a)))
				continue;
			if (n < max)
				items[n] = (struct sctrace_cap_item){
					.nr = (__u16)nr, .abi = SCTRACE_ABI_X86_64,
					.when = SCTRACE_CAP_ENTER, .arg = (__u8)a,
					.kind = SCTRACE_CAP_STR,
				};
			n++;
		}
	return n;
}
