/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The latencies of one syscall: count, total, min, max, percentiles and
 * a log2 histogram, in constant memory whatever the number of calls.
 *
 * Percentiles come from log-linear buckets (as HdrHistogram's): values
 * below 64 ns each have a bucket; above, every power of two is cut in 64
 * buckets, so a percentile is the upper end of its bucket: at most 1/64
 * (1.6%) above the true value, and never above the largest value seen
 * (p100 is the maximum). Percentile p is the nearest rank: the smallest
 * value that at least p of the calls did not exceed.
 *
 * The log2 histogram is in microseconds, as bcc's funclatency prints
 * it: slot 0 holds 0 and 1 us, slot k (k >= 1) 2^k to 2^(k+1) - 1 us.
 */
#ifndef SCT_LATENCY_H
#define SCT_LATENCY_H

#include <stdint.h>
#include <stdio.h>

#define SCT_LAT_SUB_BITS	6
#define SCT_LAT_SUB		(1u << SCT_LAT_SUB_BITS)
#define SCT_LAT_BUCKETS		(SCT_LAT_SUB + (64 - SCT_LAT_SUB_BITS) * SCT_LAT_SUB)
#define SCT_LAT_SLOTS		64

struct sct_lat {
	uint64_t n;
	uint64_t sum_ns;
	uint64_t min_ns, max_ns;
	uint64_t slot[SCT_LAT_SLOTS];	/* log2 of microseconds */
	uint32_t *bucket;		/* SCT_LAT_BUCKETS, from the first value */
};

/* One call of ns nanoseconds; -ENOMEM (the count and sums still taken). */
int sct_lat__add(struct sct_lat *l, uint64_t ns);
/* Percentile in per mille (500: p50, 990: p99, 1000: max); 0 when empty. */
uint64_t sct_lat__percentile(const struct sct_lat *l, unsigned int permille);
/* The bucket of ns, and the largest value that bucket holds. */
unsigned int sct_lat__bucket(uint64_t ns);
uint64_t sct_lat__bucket_high(unsigned int b);
/* The log2 slot of us microseconds. */
unsigned int sct_lat__slot(uint64_t us);
/*
 * The slots as funclatency prints them: "usecs : count distribution",
 * slots 0 to the last that is not empty, bars of 40 stars for the
 * largest count. Nothing when empty.
 */
void sct_lat__print_hist(FILE *out, const struct sct_lat *l);
void sct_lat__free(struct sct_lat *l);

#endif /* SCT_LATENCY_H */
