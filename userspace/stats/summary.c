// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Counting calls per syscall for -c (summary.h). */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "pair.h"
#include "stats/summary.h"

#define SCT_MAX_ERRNO	4095
#define SCT_ABIS	2	/* SCTRACE_ABI_X86_64, SCTRACE_ABI_I386 */

/* One table: a syscall's stats by ABI and number, made at its first call. */
struct sct_sum_table {
	struct sct_sc_stats *sc[SCT_ABIS][SCTRACE_MAX_SYSCALLS];
};

/* --summary-per-process: a process's own table. */
struct sct_sum_proc {
	struct sct_idnode node;		/* first; node.id: the tgid */
	char comm[SCT_PAIR_COMM_LEN];	/* what it last executed, "" unknown */
	struct sct_sum_table t;
};
_Static_assert(offsetof(struct sct_sum_proc, node) == 0, "a node found is its struct");

struct sct_summary {
	struct sct_summary_opts o;
	struct sct_pair *pair;
	struct sct_sum_table all;
	struct sct_idmap procs;		/* per_process: by tgid */
	struct sct_sum_proc **order;	/* ... in the order of their first call */
	size_t nprocs, procs_cap;
	uint64_t ends[SCT_PAIR_NENDS];
	uint64_t lost_records, out_of_range, nomem;
	bool finished;
};

static unsigned int sct_summary__abi(const struct sctrace_sys_enter *e)
{
	return (e->flags & SCTRACE_REC_COMPAT) ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64;
}

static struct sct_sc_stats *sct_summary__stats(struct sct_summary *s, struct sct_sum_table *t,
					       unsigned int abi, unsigned int nr)
{
	struct sct_sc_stats **p = &t->sc[abi][nr];

	if (!*p && (*p = calloc(1, sizeof(**p)))) {
		(*p)->abi = abi;
		(*p)->nr = nr;
	}
	if (!*p)
		s->nomem++;
	return *p;
}

/* The table of process tgid, made at its first call (NULL: out of memory). */
static struct sct_sum_proc *sct_summary__proc(struct sct_summary *s, uint32_t tgid)
{
	struct sct_sum_proc *pr = (struct sct_sum_proc *)sct_idmap__find(&s->procs, tgid), **o;

	if (pr)
		return pr;
	if (s->nprocs == s->procs_cap) {
		o = realloc(s->order, (s->procs_cap * 2 + 16) * sizeof(*o));
		if (!o)
			return NULL;
		s->order = o;
		s->procs_cap = s->procs_cap * 2 + 16;
	}
	pr = calloc(1, sizeof(*pr));
	if (!pr)
		return NULL;
	pr->node.id = tgid;
	sct_idmap__link(&s->procs, &pr->node);
	s->order[s->nprocs++] = pr;
	return pr;
}

/* One call of e, ended by x, into table t. */
static void sct_summary__add(struct sct_summary *s, struct sct_sum_table *t,
			     const struct sctrace_sys_enter *e, const struct sctrace_sys_exit *x)
{
	struct sct_sc_stats *sc = sct_summary__stats(s, t, sct_summary__abi(e), e->nr);

	if (!sc)
		return;
	if (x->ret < 0 && x->ret >= -SCT_MAX_ERRNO)
		sc->errors++;
	if (sct_lat__add(&sc->lat, x->hdr.ts_ns > e->hdr.ts_ns ? x->hdr.ts_ns - e->hdr.ts_ns : 0))
		s->nomem++;
}

static void sct_summary__call(void *ctx, struct sct_pair_thread *t,
			      const struct sctrace_sys_exit *x, enum sct_pair_end end)
{
	const struct sctrace_sys_enter *e = t->enter;
	struct sct_summary *s = ctx;
	struct sct_sum_proc *pr;

	s->ends[end]++;
	if (end != SCT_PAIR_DONE)
		return;
	if (sct_summary__abi(e) >= SCT_ABIS || e->nr >= SCTRACE_MAX_SYSCALLS) {
		s->out_of_range++;
		return;
	}
	sct_summary__add(s, &s->all, e, x);
	if (!s->o.per_process)
		return;
	pr = sct_summary__proc(s, e->hdr.tgid);
	if (!pr) {
		s->nomem++;
		return;
	}
	if (t->comm[0])	/* after an execve: the program it runs now */
		memcpy(pr->comm, t->comm, sizeof(pr->comm));
	sct_summary__add(s, &pr->t, e, x);
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

/* Table t as strace prints it: one per ABI used ("System call usage summary for 32 bit mode:") */
static void sct_summary__print_table(const struct sct_summary *s, struct sct_sum_table *t, FILE *out)
{
	struct sct_sc_stats *list[SCTRACE_MAX_SYSCALLS];
	unsigned int abi, nr;
	size_t n;
	bool both = false;

	for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
		both |= t->sc[SCTRACE_ABI_I386][nr] != NULL;
	for (abi = 0; abi < SCT_ABIS; abi++) {
		for (n = 0, nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
			if (t->sc[abi][nr])
				list[n++] = t->sc[abi][nr];
		if (abi && !n)
			continue;
		if (both)	/* strace's heading when two ABIs were used */
			fprintf(out, "%sSystem call usage summary for %s mode:\n", abi ? "\n" : "",
				abi == SCTRACE_ABI_I386 ? "32 bit" : "64 bit");
		sct_summary__table(out, list, n, &s->o);
	}
}

void sct_summary__print(struct sct_summary *s, FILE *out)
{
	size_t i;

	if (!s->finished)
		sct_pair__finish(s->pair);
	s->finished = true;
	if (!s->o.per_process) {
		sct_summary__print_table(s, &s->all, out);
		return;
	}
	/* each process's table, in the order of their first calls, then all of them */
	for (i = 0; i < s->nprocs; i++) {
		fprintf(out, "%sSystem call usage summary for process %" PRIu32, i ? "\n" : "",
			s->order[i]->node.id);
		fprintf(out, s->order[i]->comm[0] ? " (%s):\n" : ":\n", s->order[i]->comm);
		sct_summary__print_table(s, &s->order[i]->t, out);
	}
	fprintf(out, "%sSystem call usage summary for all processes:\n", s->nprocs ? "\n" : "");
	sct_summary__print_table(s, &s->all, out);
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

static void sct_summary__free_table(struct sct_sum_table *t)
{
	unsigned int abi, nr;

	for (abi = 0; abi < SCT_ABIS; abi++)
		for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
			if (t->sc[abi][nr]) {
				sct_lat__free(&t->sc[abi][nr]->lat);
				free(t->sc[abi][nr]);
			}
}

void sct_summary__free(struct sct_summary *s)
{
	size_t i;

	if (!s)
		return;
	sct_summary__free_table(&s->all);
	for (i = 0; i < s->nprocs; i++) {
		sct_summary__free_table(&s->order[i]->t);
		free(s->order[i]);
	}
	free(s->order);
	sct_pair__free(s->pair);
	free(s);
}
