/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The set of traced tgids: one bit per possible pid (PID_MAX_LIMIT bits,
 * 512 KiB on 64-bit), allocated at open(). Looked up by every syscall while
 * capturing, so O(1) and lock-free: test_bit/set_bit/clear_bit. It can
 * never be full.
 */
#ifndef SCT_TGID_H
#define SCT_TGID_H

#include <linux/bitops.h>
#include <linux/threads.h>
#include <linux/types.h>

struct sct_tgid_set {
	unsigned long *bits;
};

int sct_tgid_alloc(struct sct_tgid_set *s);
void sct_tgid_free(struct sct_tgid_set *s);
void sct_tgid_clear(struct sct_tgid_set *s);

static inline bool sct_tgid_has(const struct sct_tgid_set *s, u32 tgid)
{
	return tgid < PID_MAX_LIMIT && test_bit(tgid, s->bits);
}

static inline void sct_tgid_add(struct sct_tgid_set *s, u32 tgid)
{
	if (tgid < PID_MAX_LIMIT)
		set_bit(tgid, s->bits);
}

static inline void sct_tgid_del(struct sct_tgid_set *s, u32 tgid)
{
	if (tgid < PID_MAX_LIMIT)
		clear_bit(tgid, s->bits);
}

#endif /* SCT_TGID_H */
