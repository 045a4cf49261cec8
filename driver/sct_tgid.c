// SPDX-License-Identifier: GPL-2.0
/* sctrace: lock-free tgid set, see sct_tgid.h. */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/hash.h>
#include <linux/string.h>

#include "sct_tgid.h"

#define SCT_TGID_TOMB	U32_MAX	/* pid_max is far below it */

static u32 sct_tgid_slot(u32 tgid, u32 i)
{
	return (hash_32(tgid, SCT_TGID_BITS) + i) & (SCT_TGID_SLOTS - 1);
}

bool sct_tgid_has(const struct sct_tgid_set *s, u32 tgid)
{
	u32 i, v;

	for (i = 0; i < SCT_TGID_SLOTS; i++) {
		v = READ_ONCE(s->slot[sct_tgid_slot(tgid, i)]);
		if (v == tgid)
			return true;
		if (!v)
			return false;
	}
	return false;
}

/*
 * Adds tgid; -ENOSPC when the set is full. Callers add only tgids that are
 * not in the set (a new process, or a filter being built while stopped),
 * so reusing a tombstone cannot create a duplicate.
 */
int sct_tgid_add(struct sct_tgid_set *s, u32 tgid)
{
	u32 i, v, *p;

	if (!tgid || tgid == SCT_TGID_TOMB)
		return -EINVAL;
	for (i = 0; i < SCT_TGID_SLOTS; i++) {
		p = &s->slot[sct_tgid_slot(tgid, i)];
		v = READ_ONCE(*p);
		if (v == tgid)
			return 0;
		if ((!v || v == SCT_TGID_TOMB) && cmpxchg(p, v, tgid) == v)
			return 0;
	}
	return -ENOSPC;
}

void sct_tgid_del(struct sct_tgid_set *s, u32 tgid)
{
	u32 i, v, *p;

	for (i = 0; i < SCT_TGID_SLOTS; i++) {
		p = &s->slot[sct_tgid_slot(tgid, i)];
		v = READ_ONCE(*p);
		if (v == tgid) {
			/* a tombstone keeps later entries of the chain reachable */
			cmpxchg(p, tgid, SCT_TGID_TOMB);
			return;
		}
		if (!v)
			return;
	}
}

/* Only while no probe runs. */
void sct_tgid_clear(struct sct_tgid_set *s)
{
	memset(s->slot, 0, sizeof(s->slot));
}
