// SPDX-License-Identifier: GPL-2.0
/* sctrace: the traced-tgid bitmap, see sct_tgid.h. */
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/vmalloc.h>

#include "sct_tgid.h"

int sct_tgid_alloc(struct sct_tgid_set *s)
{
	s->bits = vzalloc(BITS_TO_LONGS(PID_MAX_LIMIT) * sizeof(long));
	return s->bits ? 0 : -ENOMEM;
}

void sct_tgid_free(struct sct_tgid_set *s)
{
	vfree(s->bits);
	s->bits = NULL;
}

/* Only while no probe runs. */
void sct_tgid_clear(struct sct_tgid_set *s)
{
	bitmap_zero(s->bits, PID_MAX_LIMIT);
}
