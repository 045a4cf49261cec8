/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fixed-size, lock-free set of tgids: looked up by every traced syscall,
 * added to from the fork probe (follow children), removed from the exit
 * probe. Never allocates. Slots hold 0 (empty, ends a probe sequence), a
 * tgid, or SCT_TGID_TOMB (deleted, does not end a probe sequence).
 */
#ifndef SCT_TGID_H
#define SCT_TGID_H

#include <linux/bits.h>
#include <linux/types.h>

#define SCT_TGID_BITS	12
#define SCT_TGID_SLOTS	BIT(SCT_TGID_BITS)

struct sct_tgid_set {
	u32 slot[SCT_TGID_SLOTS];
};

bool sct_tgid_has(const struct sct_tgid_set *s, u32 tgid);
int sct_tgid_add(struct sct_tgid_set *s, u32 tgid);
void sct_tgid_del(struct sct_tgid_set *s, u32 tgid);
void sct_tgid_clear(struct sct_tgid_set *s);

#endif /* SCT_TGID_H */
