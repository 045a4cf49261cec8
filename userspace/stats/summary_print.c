// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The -c table as strace prints it (its columns, dashes and total line;
 * errors blank when none), sorted by strace's -S keys with ties in
 * syscall number order, and --histogram's percentiles and histograms.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "stats/summary.h"
#include "syscalls.h"

#define SCT_DASHES	"------ ----------- ----------- --------- --------- ----------------\n"

int sct_summary__sort_word(const char *word, enum sct_sort *sort)
{
	static const struct {
		const char *word;
		enum sct_sort sort;
	} words[] = {
		{ "time", SCT_SORT_TIME }, { "time-percent", SCT_SORT_TIME },
		{ "time-total", SCT_SORT_TIME }, { "total-time", SCT_SORT_TIME },
		{ "min-time", SCT_SORT_MIN }, { "shortest", SCT_SORT_MIN },
		{ "time-min", SCT_SORT_MIN }, { "max-time", SCT_SORT_MAX },
		{ "longest", SCT_SORT_MAX }, { "time-max", SCT_SORT_MAX },
		{ "avg-time", SCT_SORT_AVG }, { "time-avg", SCT_SORT_AVG },
		{ "calls", SCT_SORT_CALLS }, { "count", SCT_SORT_CALLS },
		{ "errors", SCT_SORT_ERRORS }, { "error", SCT_SORT_ERRORS },
		{ "name", SCT_SORT_NAME }, { "syscall", SCT_SORT_NAME },
		{ "syscall-name", SCT_SORT_NAME }, { "nothing", SCT_SORT_NONE },
		{ "none", SCT_SORT_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(word, words[i].word)) {
			*sort = words[i].sort;
			return 0;
		}
	return -1;
}

const char *sct_summary__name(const struct sct_sc_stats *sc, char *buf, size_t len)
{
	const char *name = sct_syscall__name_abi(sc->abi, sc->nr);

	if (name)
		return name;
	snprintf(buf, len, "syscall_%#x", sc->nr);
	return buf;
}

/* The key of sc for a numeric sort (larger first). */
static uint64_t sct_summary__key(const struct sct_sc_stats *sc, enum sct_sort sort)
{
	switch (sort) {
	case SCT_SORT_TIME: return sc->lat.sum_ns;
	case SCT_SORT_MIN: return sc->lat.min_ns;
	case SCT_SORT_MAX: return sc->lat.max_ns;
	case SCT_SORT_AVG: return sc->lat.n ? sc->lat.sum_ns / sc->lat.n : 0;
	case SCT_SORT_CALLS: return sc->lat.n;
	case SCT_SORT_ERRORS: return sc->errors;
	default: return 0;
	}
}

static enum sct_sort sct_summary__sorting;	/* qsort has no context argument */

static int sct_summary__cmp(const void *pa, const void *pb)
{
	const struct sct_sc_stats *a = *(struct sct_sc_stats *const *)pa;
	const struct sct_sc_stats *b = *(struct sct_sc_stats *const *)pb;
	char ba[32], bb[32];
	uint64_t ka, kb;
	int c;

	if (sct_summary__sorting == SCT_SORT_NAME) {
		c = strcmp(sct_summary__name(a, ba, sizeof(ba)), sct_summary__name(b, bb, sizeof(bb)));
		if (c)
			return c;
	} else if (sct_summary__sorting != SCT_SORT_NONE) {
		ka = sct_summary__key(a, sct_summary__sorting);
		kb = sct_summary__key(b, sct_summary__sorting);
		if (ka != kb)
			return ka > kb ? -1 : 1;
	}
	return a->nr < b->nr ? -1 : a->nr > b->nr;
}

static void sct_summary__row(FILE *out, double pct, uint64_t ns, uint64_t calls,
			     uint64_t errors, const char *name)
{
	fprintf(out, "%6.2f %4" PRIu64 ".%06" PRIu64 " %11" PRIu64 " %9" PRIu64 " ", pct,
		ns / 1000000000, ns % 1000000000 / 1000, calls ? ns / 1000 / calls : 0, calls);
	if (errors)
		fprintf(out, "%9" PRIu64 " %s\n", errors, name);
	else
		fprintf(out, "%9s %s\n", "", name);
}

/* p50, p90, p99 and max of each syscall, in microseconds */
static void sct_summary__percentiles(FILE *out, struct sct_sc_stats **sc, size_t n)
{
	static const unsigned int pm[] = { 500, 900, 990, 1000 };
	char buf[32];
	uint64_t v;
	size_t i, j;

	fprintf(out, "\n%-16s %9s %12s %12s %12s %12s\n", "syscall", "calls", "p50 usecs",
		"p90 usecs", "p99 usecs", "max usecs");
	fputs("---------------- --------- ------------ ------------ ------------ ------------\n", out);
	for (i = 0; i < n; i++) {
		fprintf(out, "%-16s %9" PRIu64, sct_summary__name(sc[i], buf, sizeof(buf)), sc[i]->lat.n);
		for (j = 0; j < sizeof(pm) / sizeof(pm[0]); j++) {
			v = sct_lat__percentile(&sc[i]->lat, pm[j]);
			fprintf(out, " %8" PRIu64 ".%03" PRIu64, v / 1000, v % 1000);
		}
		fputc('\n', out);
	}
}

void sct_summary__table(FILE *out, struct sct_sc_stats **sc, size_t n,
			const struct sct_summary_opts *o)
{
	uint64_t total = 0, calls = 0, errors = 0;
	char buf[32];
	size_t i;

	sct_summary__sorting = o->sort;
	qsort(sc, n, sizeof(*sc), sct_summary__cmp);
	for (i = 0; i < n; i++) {
		total += sc[i]->lat.sum_ns;
		calls += sc[i]->lat.n;
		errors += sc[i]->errors;
	}
	fputs("% time     seconds  usecs/call     calls    errors syscall\n", out);
	fputs(SCT_DASHES, out);
	for (i = 0; i < n; i++)
		sct_summary__row(out, total ? 100.0 * (double)sc[i]->lat.sum_ns / (double)total : 0,
				 sc[i]->lat.sum_ns, sc[i]->lat.n, sc[i]->errors,
				 sct_summary__name(sc[i], buf, sizeof(buf)));
	fputs(SCT_DASHES, out);
	sct_summary__row(out, 100.0, total, calls, errors, "total");
	if (!o->histogram)
		return;
	sct_summary__percentiles(out, sc, n);
	for (i = 0; i < n; i++) {
		fprintf(out, "\n%s: %" PRIu64 " calls\n", sct_summary__name(sc[i], buf, sizeof(buf)),
			sc[i]->lat.n);
		sct_lat__print_hist(out, &sc[i]->lat);
	}
}
