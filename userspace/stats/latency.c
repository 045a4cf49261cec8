// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Latency counts, percentiles and histograms (latency.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "stats/latency.h"

#define SCT_LAT_BAR	40	/* stars of the largest count */

/* floor(log2(v)), v > 0 */
static unsigned int sct_lat__log2(uint64_t v)
{
	return 63u - (unsigned int)__builtin_clzll(v);
}

unsigned int sct_lat__bucket(uint64_t ns)
{
	unsigned int e, shift;

	if (ns < SCT_LAT_SUB)
		return (unsigned int)ns;
	e = sct_lat__log2(ns);
	shift = e - SCT_LAT_SUB_BITS;
	/* the bits below the leading one, SUB_BITS of them */
	return SCT_LAT_SUB + shift * SCT_LAT_SUB + (unsigned int)((ns >> shift) & (SCT_LAT_SUB - 1));
}

uint64_t sct_lat__bucket_high(unsigned int b)
{
	unsigned int shift, sub;
	uint64_t low;

	if (b < SCT_LAT_SUB)
		return b;
	shift = (b - SCT_LAT_SUB) / SCT_LAT_SUB;
	sub = (b - SCT_LAT_SUB) % SCT_LAT_SUB;
	low = (uint64_t)(SCT_LAT_SUB + sub) << shift;
	return low + ((1ULL << shift) - 1);
}

unsigned int sct_lat__slot(uint64_t us)
{
	return us < 2 ? 0 : sct_lat__log2(us);
}

int sct_lat__add(struct sct_lat *l, uint64_t ns)
{
	if (!l->n || ns < l->min_ns)
		l->min_ns = ns;
	if (ns > l->max_ns)
		l->max_ns = ns;
	l->n++;
	l->sum_ns += ns;
	l->slot[sct_lat__slot(ns / 1000)]++;
	if (!l->bucket)
		l->bucket = calloc(SCT_LAT_BUCKETS, sizeof(*l->bucket));
	if (!l->bucket)
		return -ENOMEM;
	l->bucket[sct_lat__bucket(ns)]++;
	return 0;
}

uint64_t sct_lat__percentile(const struct sct_lat *l, unsigned int permille)
{
	uint64_t rank, seen = 0, high;
	unsigned int b;

	if (!l->n || !l->bucket)
		return 0;
	if (permille >= 1000)
		return l->max_ns;
	rank = (l->n * permille + 999) / 1000;	/* nearest rank, from 1 */
	if (!rank)
		rank = 1;
	for (b = 0; b < SCT_LAT_BUCKETS; b++) {
		seen += l->bucket[b];
		if (seen >= rank)
			break;
	}
	high = sct_lat__bucket_high(b);
	if (high > l->max_ns)
		high = l->max_ns;
	return high < l->min_ns ? l->min_ns : high;
}

void sct_lat__print_hist(FILE *out, const struct sct_lat *l)
{
	uint64_t top = 0, low, high;
	unsigned int last = 0, i;
	char bar[SCT_LAT_BAR + 1];
	size_t stars;

	for (i = 0; i < SCT_LAT_SLOTS; i++) {
		if (l->slot[i])
			last = i;
		if (l->slot[i] > top)
			top = l->slot[i];
	}
	if (!top)
		return;
	fprintf(out, "%5s%-19s : count     distribution\n", "", "usecs");
	for (i = 0; i <= last; i++) {
		low = i ? 1ULL << i : 0;
		high = i ? (1ULL << i) * 2 - 1 : 1;
		stars = (size_t)(l->slot[i] * SCT_LAT_BAR / top);
		memset(bar, '*', stars);
		memset(bar + stars, ' ', SCT_LAT_BAR - stars);
		bar[SCT_LAT_BAR] = '\0';
		fprintf(out, "%10" PRIu64 " -> %-10" PRIu64 " : %-8" PRIu64 " |%s|\n", low, high,
			l->slot[i], bar);
	}
}

void sct_lat__free(struct sct_lat *l)
{
	free(l->bucket);
	l->bucket = NULL;
}
