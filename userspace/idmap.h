/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Nodes by a 32-bit id (a thread or process id), chained in a fixed array
 * of buckets: the printer's threads, -c's threads and -y's processes. The
 * node is the first member of what it indexes, so a node found is that
 * struct; the caller allocates and frees it.
 */
#ifndef SCT_IDMAP_H
#define SCT_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#define SCT_IDMAP_BUCKETS	256

struct sct_idnode {
	struct sct_idnode *next;
	uint32_t id;
};

struct sct_idmap {
	struct sct_idnode *bucket[SCT_IDMAP_BUCKETS];
};

static inline struct sct_idnode *sct_idmap__find(const struct sct_idmap *m, uint32_t id)
{
	struct sct_idnode *n;

	for (n = m->bucket[id % SCT_IDMAP_BUCKETS]; n; n = n->next)
		if (n->id == id)
			return n;
	return NULL;
}

/* n (its id set, not in m) into m. */
static inline void sct_idmap__link(struct sct_idmap *m, struct sct_idnode *n)
{
	struct sct_idnode **b = &m->bucket[n->id % SCT_IDMAP_BUCKETS];

	n->next = *b;
	*b = n;
}

/* n (in m) out of m. */
static inline void sct_idmap__unlink(struct sct_idmap *m, struct sct_idnode *n)
{
	struct sct_idnode **b = &m->bucket[n->id % SCT_IDMAP_BUCKETS];

	while (*b != n)
		b = &(*b)->next;
	*b = n->next;
}

/* Every node n of m, bucket by bucket; n may be unlinked in the body. */
#define sct_idmap__each(m, i, n, nx) \
	for ((i) = 0; (i) < SCT_IDMAP_BUCKETS; (i)++) \
		for ((n) = (m)->bucket[i]; (n) && ((nx) = (n)->next, 1); (n) = (nx))

#endif /* SCT_IDMAP_H */
