// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The read loop of sctrace: wait for data or for a traced process to end,
 * print what is ready, and at the end stop, drain and report the counters.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <string.h>

#include "cli.h"

#define SCT_POLL_MS	200	/* upper bound on noticing a -p process end
				 * and on printing a slow trace */
#define SCT_LIVE_POLL_MS 50	/* the same when someone watches the trace
				 * (a terminal or a pipe) */
#define SCT_CHILD_GRACE_MS 1000	/* after a stop signal, how long the command
				 * has to end of it before SIGKILL */

/* rings found malformed (-EBADMSG) in this trace: each is said once */
static unsigned int sct_trace__malformed;

/* Puts every record ready now. Returns 0 or -errno (message printed). */
static int sct_trace__print(struct sctrace *t, struct sct_sink *sink, unsigned int flags,
			    bool stoppable)
{
	const struct sctrace_hdr *rec;
	int ret;

	while (!(stoppable && sct_stop_signal)) {
		ret = sctrace_next(t, &rec, flags);
		if (ret == 0)
			break;
		if (ret == -EBADMSG) {	/* that ring is dropped, the others go on */
			fprintf(stderr, "sctrace: %s\n", sctrace_errmsg(t));
			sct_trace__malformed++;
			continue;
		}
		if (ret < 0) {
			fprintf(stderr, "sctrace: %s\n", sctrace_errmsg(t));
			return ret;
		}
		if (sct_sink__put(sink, rec) < 0)
			return -EIO;
	}
	sct_sink__flush(sink);
	return 0;
}

static bool sct_targets__done(struct sct_target *targets, size_t n)
{
	size_t i;
	bool all = true;

	for (i = 0; i < n; i++) {
		sct_target__check(&targets[i]);
		/* the command ends the trace on its own; -p ones all together */
		if (targets[i].is_child && targets[i].done)
			return true;
		all = all && targets[i].done;
	}
	return n && all;
}

/* Sleeps until the rings have data, a target ended, or a signal came. */
static int sct_trace__wait(struct sctrace *t, struct sct_target *targets, size_t n,
			   int timeout_ms)
{
	struct pollfd pfds[1 + SCTRACE_MAX_TGIDS + 1];
	size_t i, np = 0;

	pfds[np++] = (struct pollfd){ .fd = sctrace_fd(t), .events = POLLIN, .revents = 0 };
	for (i = 0; i < n && np < sizeof(pfds) / sizeof(pfds[0]); i++)
		if (targets[i].pidfd >= 0 && !targets[i].done)
			pfds[np++] = (struct pollfd){ .fd = targets[i].pidfd,
						      .events = POLLIN, .revents = 0 };
	if (poll(pfds, np, timeout_ms) < 0 && errno != EINTR) {
		fprintf(stderr, "sctrace: cannot wait for records: %s\n", strerror(errno));
		return -errno;
	}
	return 0;
}

void sct_trace__report(const struct sctrace_counters *c, uint32_t max_tgids, bool quiet)
{
	const struct sctrace_cpu_counters *n = &c->total;
	uint64_t dropped;

	/* faults: every copy that faulted; retried: entry faults read at exit */
	if (!quiet)
		fprintf(stderr, "sctrace: %" PRIu64 " records, %" PRIu64 " dropped (ring full), %" PRIu64
		" dropped (busy), %" PRIu64 " memory faults (%" PRIu64 " read again at exit), %"
		PRIu64 " cut, %" PRIu64 " NULL pointers\n",
		(uint64_t)n->written, (uint64_t)n->dropped_full, (uint64_t)n->dropped_busy,
		(uint64_t)n->faults, (uint64_t)n->retried, (uint64_t)n->truncated,
		(uint64_t)n->nulls);
	if (!quiet && c->waits)
		fprintf(stderr, "sctrace: traced threads waited for sctrace %" PRIu64
			" times, %.3f s in all (instead of dropping)\n",
			(uint64_t)c->waits, (double)c->wait_ns / 1e9);
	dropped = n->dropped_full + n->dropped_busy + n->cons_invalid;
	if (dropped)
		fprintf(stderr, "sctrace: WARNING: %" PRIu64 " records were DROPPED; the trace is incomplete (use larger rings: --ring-size, or the module's ring_size parameter; or a smaller -e set)\n",
			dropped);
	if (c->filter_full)
		fprintf(stderr, "sctrace: WARNING: %" PRIu64 " new processes were not followed (more than %" PRIu32 " traced processes)\n",
			(uint64_t)c->filter_full, max_tgids);
}

/* The counters: into a capture file's trailer, and on stderr. */
static int sct_trace__end(struct sctrace *t, struct sct_sink *sink)
{
	struct sctrace_counters c;
	int ret;

	if (sctrace_get_counters(t, &c) < 0) {
		fprintf(stderr, "sctrace: %s\n", sctrace_errmsg(t));
		return sct_sink__end(sink, NULL);
	}
	ret = sct_sink__end(sink, &c);
	/*
	 * Our probes never write a malformed ring: with eBPF something else
	 * holding the maps' fds did, and could as well have written the
	 * counters (the module's come from an ioctl, not from shared memory).
	 */
	if (sct_trace__malformed && !strcmp(sctrace_backend_name(t), "bpf"))
		fprintf(stderr, "sctrace: WARNING: %u ring(s) held malformed records, which the "
			"tracer does not write: the counters (and a capture file's trailer) "
			"may be wrong too\n", sct_trace__malformed);
	sct_trace__report(&c, sctrace_get_info(t)->max_tgids, sink->quiet >= 3);
	return ret;
}

/*
 * A stop signal ends the command we started as it would have ended it
 * without us (strace passes the signal on too): the signal, a grace time
 * for it to end while its records are read, then SIGKILL.
 */
static void sct_trace__end_child(struct sctrace *t, struct sct_sink *sink,
				 struct sct_target *targets, size_t ntargets, int poll_ms)
{
	struct sct_target *child = ntargets && targets[0].is_child ? &targets[0] : NULL;
	int waited;

	if (!child || child->done)
		return;
	kill(child->tgid, sct_stop_signal);
	kill(child->tgid, SIGCONT);	/* a stopped one gets it too */
	for (waited = 0; waited < SCT_CHILD_GRACE_MS; waited += poll_ms) {
		sct_target__check(child);
		if (child->done)
			return;
		/* its last records: printed if the sink still works */
		if (sct_trace__wait(t, child, 1, poll_ms) == 0)
			sct_trace__print(t, sink, 0, false);
	}
	child->wstatus = sct_child__kill(child->tgid);
	child->done = true;
}

int sct_trace__run(struct sctrace *t, struct sct_sink *sink, struct sct_target *targets,
		   size_t ntargets)
{
	int poll_ms = sct_sink__live(sink) ? SCT_LIVE_POLL_MS : SCT_POLL_MS;
	int ret = 0;

	while (!sct_stop_signal && !sct_targets__done(targets, ntargets)) {
		ret = sct_trace__wait(t, targets, ntargets, poll_ms);
		if (!ret)
			ret = sct_trace__print(t, sink, 0, true);
		if (ret)
			break;
	}
	if (sct_stop_signal)
		sct_trace__end_child(t, sink, targets, ntargets, poll_ms);
	if (sctrace_stop(t) < 0) {
		fprintf(stderr, "sctrace: %s\n", sctrace_errmsg(t));
		ret = ret ? ret : -EIO;
	}
	/* capture stopped: nothing new comes, print all that is left */
	if (sct_trace__print(t, sink, SCTRACE_NEXT_DRAIN, false) < 0 && !ret)
		ret = -EIO;
	if (sct_trace__end(t, sink) < 0 && !ret)
		ret = -EIO;
	return ret;
}
