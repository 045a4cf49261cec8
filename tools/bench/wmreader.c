// SPDX-License-Identifier: MIT
/*
 * sct-wmreader: an experiment for the profile in BENCHMARKS.md, not a tool.
 * It is "sctrace -o /dev/null -- COMMAND" (same library, same filter, same
 * text formatting) with one difference: the poll() watermark, which the
 * sctrace CLI sets to 0 (= 1 byte: the module queues an irq_work, and the
 * reader is woken, whenever a ring goes from empty to non-empty). With a
 * larger watermark the reader also wakes every POLL_MS.
 *
 * Usage: sct-wmreader WATERMARK_BYTES POLL_MS COMMAND [ARGS...]
 * Prints sctrace's counter line on stderr.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"
#include "decode/plan.h"
#include "filter.h"
#include "format.h"

static int wm_drain(struct sctrace *t, FILE *out, unsigned int flags)
{
	const struct sctrace_hdr *rec;
	int ret;

	while ((ret = sctrace_next(t, &rec, flags)) > 0)
		sct_format__record(out, rec);
	return ret;
}

int main(int argc, char **argv)
{
	struct sctrace_open_opts oo = { .sz = sizeof(oo), .backend = SCTRACE_BACKEND_KMOD,
					.device = NULL };
	struct sctrace_filter f;
	struct sctrace_counters c;
	struct sctrace *t;
	char err[256];
	int status, poll_ms;
	uint64_t wm;
	FILE *out;
	char path[PATH_MAX];
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: sct-wmreader WATERMARK_BYTES POLL_MS COMMAND [ARGS...]\n");
		return 2;
	}
	wm = strtoull(argv[1], NULL, 0);
	poll_ms = atoi(argv[2]);
	out = fopen("/dev/null", "w");
	t = sctrace_open(&oo, err, sizeof(err));
	if (!t || !out) {
		fprintf(stderr, "sct-wmreader: %s\n", t ? "cannot open /dev/null" : err);
		return 1;
	}
	if (sct_child__find(argv[3], path, sizeof(path), err, sizeof(err)) < 0) {
		fprintf(stderr, "sct-wmreader: %s\n", err);
		return 1;
	}
	pid = sct_child__spawn(path, &argv[3], err, sizeof(err));
	if (pid < 0) {
		fprintf(stderr, "sct-wmreader: %s\n", err);
		return 1;
	}
	memset(&f, 0, sizeof(f));
	f.size = sizeof(f);
	sct_filter__add_all_syscalls(&f);
	f.flags = SCTRACE_FILTER_FOLLOW;
	f.tgids[f.ntgids++] = (uint32_t)pid;
	if (sctrace_set_filter(t, &f) < 0 || sct_plan__set(t, &f, 0) < 0 ||
	    sctrace_start(t, wm) < 0 ||
	    sct_child__resume(pid) < 0) {
		fprintf(stderr, "sct-wmreader: %s\n", sctrace_errmsg(t));
		return 1;
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		sctrace_poll(t, poll_ms);
		wm_drain(t, out, 0);
	}
	sctrace_stop(t);
	wm_drain(t, out, SCTRACE_NEXT_DRAIN);
	if (sctrace_get_counters(t, &c) < 0)
		return 1;
	fprintf(stderr, "sctrace: %" PRIu64 " records, %" PRIu64 " dropped (ring full), %" PRIu64
		" dropped (busy), %" PRIu64 " string faults\n", (uint64_t)c.total.written,
		(uint64_t)c.total.dropped_full, (uint64_t)c.total.dropped_busy,
		(uint64_t)c.total.faults);
	sctrace_close(t);
	return 0;
}
