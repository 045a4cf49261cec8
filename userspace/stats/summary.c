// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Counting calls per syscall for -c (summary.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "stats/pair.h"
#include "stats/summary.h"

#define SCT_MAX_ERRNO	4095
#define SCT_ABIS	2	/* SCTRACE_ABI_X86_64, SCTRACE_ABI_I386 */

struct sct_summary {
	struct sct_summary_opts o;
	struct sct_pair *pair;
	struct sct_sc_stats *sc[SCT_ABIS][SCTRACE_MAX_SYSCALLS];
	uint64_t ends[SCT_PAIR_NENDS];
	uint64_t lost_records, out_of_range, nomem;
	bool finished;
};

static unsigned int sct_summary__abi(const struct sctrace_sys_enter *e)
{
	return (e->flags & SCTRACE_REC_COMPAT) ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64;
}

static struct sct_sc_stats *sct_summary__stats(struct sct_summary *s, unsigned int abi,
					       unsigned int nr)
{
	struct sct_sc_stats **p;

	if (abi >= SCT_ABIS || nr >= SCTRACE_MAX_SYSCALLS) {
		s->out_of_range++;
		return NULL;
	}
	p = &s->sc[abi][nr];
	if (!*p && (*p = calloc(1, sizeof(**p)))) {
		(*p)->abi = abi;
		(*p)->nr = nr;
	}
	if (!*p)
		s->nomem++;
	return *p;
}

static void sct_summary__call(void *ctx, const struct sctrace_sys_enter *e,
			      const struct sctrace_sys_exit *x, enum sct_pair_end end)
{
	struct sct_summary *s = ctx;
	struct sct_sc_stats *sc;

	s->ends[end]++;
	if (end != SCT_PAIR_DONE)
		return;
	sc = sct_summary__stats(s, sct_summary__abi(e), e->nr);
	if (!sc)
		return;
	if (x->ret < 0 && x->ret >= -SCT_MAX_ERRNO)
		sc->errors++;
	if (sct_lat__add(&sc->lat, x->hdr.ts_ns > e->hdr.ts_ns ? x->hdr.ts_ns - e->hdr.ts_ns : 0))
		s->nomem++;
}

static void sct_summary__event(void *ctx, const struct sctrace_hdr *rec)
{
	struct sct_summary *s = ctx;

	if (rec->type == SCTRACE_REC_LOST)
		s->lost_records += ((const struct sctrace_lost *)rec)->lost;
}

struct sct_summary *sct_summary__new(const struct sct_summary_opts *o)
{
	static const struct sct_pair_ops ops = {
		.call = sct_summary__call, .event = sct_summary__event,
	};
	struct sct_summary *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->o = *o;
	s->pair = sct_pair__new(false, &ops, s);
	if (!s->pair) {
		free(s);
		return NULL;
	}
	return s;
}

int sct_summary__record(struct sct_summary *s, const struct sctrace_hdr *rec)
{
	return sct_pair__record(s->pair, rec);
}

void sct_summary__print(struct sct_summary *s, FILE *out)
{
	struct sct_sc_stats *list[SCTRACE_MAX_SYSCALLS];
	unsigned int abi, nr;
	size_t n;
	bool both = false;

	if (!s->finished)
		sct_pair__finish(s->pair);
	s->finished = true;
	for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
		both |= s->sc[SCTRACE_ABI_I386][nr] != NULL;
	for (abi = 0; abi < SCT_ABIS; abi++) {
		for (n = 0, nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
			if (s->sc[abi][nr])
				list[n++] = s->sc[abi][nr];
		if (abi && !n)
			continue;
		if (both)	/* strace's heading when two ABIs were used */
			fprintf(out, "%sSystem call usage summary for %s mode:\n", abi ? "\n" : "",
				abi == SCTRACE_ABI_I386 ? "32 bit" : "64 bit");
		sct_summary__table(out, list, n, &s->o);
	}
}

void sct_summary__notes(const struct sct_summary *s, FILE *out)
{
	uint64_t apart = s->ends[SCT_PAIR_LOST] + s->ends[SCT_PAIR_GONE] +
			 s->ends[SCT_PAIR_UNFINISHED];
	uint64_t orphans = sct_pair__orphan_exits(s->pair);

	if (apart)
		fprintf(out, "sctrace: -c: %" PRIu64 " calls without an exit record are not in the table: %"
			PRIu64 " whose exit was lost, %" PRIu64 " in which the task ended, %" PRIu64
			" unfinished at the end\n", apart, s->ends[SCT_PAIR_LOST],
			s->ends[SCT_PAIR_GONE], s->ends[SCT_PAIR_UNFINISHED]);
	if (s->lost_records)
		fprintf(out, "sctrace: -c: %" PRIu64 " records were lost: the table misses calls\n",
			s->lost_records);
	if (s->out_of_range || s->nomem || sct_pair__malformed(s->pair))
		fprintf(out, "sctrace: -c: %" PRIu64 " calls not counted (%" PRIu64
			" with a syscall number above %d, %" PRIu64 " out of memory), %" PRIu64
			" malformed records\n", s->out_of_range + s->nomem, s->out_of_range,
			SCTRACE_MAX_SYSCALLS - 1, s->nomem, sct_pair__malformed(s->pair));
	if (orphans && (apart || s->lost_records))
		fprintf(out, "sctrace: -c: %" PRIu64 " exits without their entry (a new task's first"
			" return, or an entry lost) are not in the table\n", orphans);
}

void sct_summary__free(struct sct_summary *s)
{
	unsigned int abi, nr;

	if (!s)
		return;
	for (abi = 0; abi < SCT_ABIS; abi++)
		for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
			if (s->sc[abi][nr]) {
				sct_lat__free(&s->sc[abi][nr]->lat);
				free(s->sc[abi][nr]);
			}
	sct_pair__free(s->pair);
	free(s);
}
