// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * sctrace: trace the system calls of a command, of running processes or
 * of the whole system through the sctrace kernel module or its eBPF probe.
 *
 *   sctrace [-p PID]... [-f|-ff] [-e NAME[,NAME...]] [-s SNAPLEN]
 *           [-x|-xx] [-t|-tt|-ttt] [-T] [--raw] [-v]
 *           [-c|-C] [-S KEY] [--histogram] [--json] [--export=chrome:FILE]
 *           [-o FILE | -w FILE] [--all] [--backend=kmod|bpf|auto]
 *           [--ring-size=BYTES] [--] COMMAND [ARGS...]
 *   sctrace -r FILE [-s SNAPLEN] [-x|-xx] [-t|-tt|-ttt] [-T] [--raw] [-o FILE]
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "cli.h"
#include "decode/plan.h"
#include "filter.h"

struct sct_cli {
	struct sct_cli_opts opts;
	struct sct_sink sink;
	struct sctrace *t;
	struct sct_target targets[1 + SCTRACE_MAX_TGIDS];	/* child first */
	size_t ntargets;
	char path[PATH_MAX];	/* the command's file, found in $PATH */
	struct sct_user user;	/* -u USER's ids (user.name NULL: no -u) */
	pid_t child;		/* 0: no command */
};

#define SCT_RING_NOTE	(256ULL << 20)	/* rings this large: said before */

/* MemAvailable of /proc/meminfo in bytes, 0 if unknown. */
static uint64_t sct_cli__mem_available(void)
{
	unsigned long long kb = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f) && sscanf(line, "MemAvailable: %llu kB", &kb) != 1)
		;
	fclose(f);
	return (uint64_t)kb << 10;
}

/*
 * --ring-size: one ring per possible CPU, allocated and locked at open,
 * which takes seconds for large ones. More than half of the available
 * memory is refused; a large total is said before it is allocated.
 */
static int sct_cli__check_rings(const struct sct_cli *c)
{
	uint64_t size = c->opts.ring_size, avail = sct_cli__mem_available(), total, fit;
	int ncpus = libbpf_num_possible_cpus();

	if (!size || c->opts.backend == SCTRACE_BACKEND_KMOD || ncpus <= 0)
		return 0;	/* the module's rings are its parameter's */
	total = size * (uint64_t)ncpus;
	if (avail && total > avail / 2) {
		for (fit = size; fit > (64u << 10) && fit * (uint64_t)ncpus > avail / 2; fit /= 2)
			;
		fprintf(stderr, "sctrace: --ring-size %" PRIu64 "M: %d CPUs x %" PRIu64 " MiB = %" PRIu64
			" MiB of rings, more than half the memory available (MemAvailable: %" PRIu64
			" MiB); use --ring-size %" PRIu64 "K or less\n", size >> 20, ncpus, size >> 20,
			total >> 20, avail >> 20, fit >> 10);
		return -1;
	}
	if (total >= SCT_RING_NOTE)
		fprintf(stderr, "sctrace: --ring-size: %d CPUs x %" PRIu64 " MiB = %" PRIu64
			" MiB of rings (MemAvailable: %" PRIu64 " MiB); allocating them takes a while\n",
			ncpus, size >> 20, total >> 20, avail >> 20);
	return 0;
}

/* -p processes: by tgid, each once. */
static int sct_cli__add_pids(struct sct_cli *c)
{
	char err[160];
	pid_t tgid;
	unsigned int i;
	size_t j;

	for (i = 0; i < c->opts.npids; i++) {
		tgid = sct_pid__tgid(c->opts.pids[i], err, sizeof(err));
		if (tgid < 0) {
			fprintf(stderr, "sctrace: %s\n", err);
			return tgid;
		}
		for (j = 0; j < c->ntargets && c->targets[j].tgid != tgid; j++)
			;
		if (j == c->ntargets)
			sct_target__init(&c->targets[c->ntargets++], tgid, false);
	}
	return 0;
}

static void sct_cli__filter(const struct sct_cli *c, struct sctrace_filter *f)
{
	size_t i;

	*f = c->opts.filter;	/* the -e syscalls, if any */
	if (!c->opts.syscalls_given)
		sct_filter__add_all_syscalls(f);
	else if (c->sink.text.fds)	/* -y, -P follow fds: the printer leaves these out */
		sct_fds__track(f);
	if (c->opts.all)
		f->flags |= SCTRACE_FILTER_ALL_TASKS;
	/* a command's children are traced, like strace -f users expect */
	if (c->child || c->opts.follow)
		f->flags |= SCTRACE_FILTER_FOLLOW;
	for (i = 0; i < c->ntargets; i++)
		f->tgids[f->ntgids++] = (uint32_t)c->targets[i].tgid;
}

/*
 * Filter, capture plan (what memory the records hold: the syscall table's,
 * decode/plan.h), snaplen, start: with everything set, the child may run.
 * The probes wake the reader only when a ring is an eighth full; the read
 * loop's poll timeout (cli_trace.c) prints slower traces. A wakeup per
 * record that finds a ring empty would cost the traced process an
 * interrupt and a reader context switch for every few syscalls.
 */
/*
 * A command or -p processes are traced whole, as strace does: their
 * threads wait for us rather than lose records (SCTRACE_START_WAIT), where
 * the backend can (the module; the eBPF backend drops, and the counters
 * line says so). --all (and --drop) drop and count, as sysdig and LTTng.
 */
static void sct_cli__wait(struct sct_cli *c)
{
	if (!c->opts.all && !c->opts.drop)
		sctrace_set_wait(c->t, true);	/* -EOPNOTSUPP: drops, counted */
}

static int sct_cli__start(struct sct_cli *c)
{
	uint64_t watermark = sctrace_get_info(c->t)->ring_size / 8;
	struct sctrace_filter f;

	sct_cli__wait(c);
	sct_cli__filter(c, &f);
	if (sctrace_set_filter(c->t, &f) < 0 ||
	    /* the command alone: forked, stopped before its exec (cli_child.c), it forked nothing */
	    sctrace_set_childless(c->t, c->child && c->ntargets == 1) < 0 ||
	    sct_plan__set(c->t, &f, c->opts.verbose ? SCT_PLAN_ENVP : 0) < 0 ||
	    sctrace_set_snaplen(c->t, c->opts.snaplen) < 0 ||
	    sctrace_start(c->t, watermark) < 0) {
		fprintf(stderr, "sctrace: %s\n", sctrace_errmsg(c->t));
		return -1;
	}
	return 0;
}

static int sct_cli__spawn(struct sct_cli *c)
{
	char err[256];
	pid_t pid;

	pid = sct_child__spawn_as(c->path, c->opts.command, c->user.name ? &c->user : NULL,
				  err, sizeof(err));
	if (pid < 0) {
		fprintf(stderr, "sctrace: %s\n", err);
		return -1;
	}
	c->child = pid;
	sct_target__init(&c->targets[c->ntargets++], pid, true);
	return 0;
}

/* Says once which backend records, and why that one. */
static void sct_cli__say_backend(const struct sct_cli *c)
{
	const char *name = sctrace_backend_name(c->t), *why = sctrace_backend_reason(c->t);

	if (c->opts.quiet)	/* -q: strace's attach messages; this is ours */
		return;
	fprintf(stderr, "sctrace: using the %s backend (%s%s%s)\n",
		strcmp(name, "bpf") ? "kernel module" : "eBPF",
		*why ? why : c->opts.backend_from, *why ? "" : "=", *why ? "" : name);
}

/*
 * What can be checked before a backend is chosen: the command's file
 * (exit 127, or 126 for a file that cannot be run, as a shell), the -p
 * processes, the rings' memory. Returns 0 or the exit status.
 */
static int sct_cli__check(struct sct_cli *c)
{
	char err[PATH_MAX + 128];
	int ret;

	if (c->opts.command) {
		ret = sct_child__find(c->opts.command[0], c->path, sizeof(c->path), err, sizeof(err));
		if (ret < 0) {
			fprintf(stderr, "sctrace: %s\n", err);
			return ret == -ENOENT ? 127 : 126;
		}
	}
	if (c->opts.user && sct_user__lookup(c->opts.user, &c->user, err, sizeof(err)) < 0) {
		fprintf(stderr, "sctrace: %s\n", err);
		return SCT_EXIT_ERROR;
	}
	if (sct_cli__add_pids(c) < 0 || sct_cli__check_rings(c) < 0)
		return SCT_EXIT_ERROR;
	return 0;
}

/* Exit status: 128 + the signal that stopped us, else the command's. */
static int sct_cli__status(const struct sct_cli *c)
{
	if (sct_stop_signal)
		return 128 + sct_stop_signal;
	if (c->child && c->targets[0].done)
		return sct_child__exit_status(c->targets[0].wstatus);
	return 0;
}

int main(int argc, char **argv)
{
	struct sctrace_open_opts oo = { .sz = sizeof(oo), .device = NULL };
	struct sct_cli c = { .child = 0 };
	int status = SCT_EXIT_ERROR, ret;
	char err[512];
	size_t i;

	/* 1. options (exits 2 on a usage error) */
	sct_cli__parse(argc, argv, &c.opts);

	/* 2. where the trace goes: text lines, or a capture file (-w) */
	if (sct_sink__open(&c.sink, c.opts.output, c.opts.per_thread, c.opts.capture,
			   c.opts.replay) < 0 ||
	    sct_sink__print(&c.sink, &c.opts) < 0 || sct_sink__stats(&c.sink, &c.opts) < 0) {
		sct_sink__close(&c.sink);
		return SCT_EXIT_ERROR;
	}

	c.sink.quiet = c.opts.quiet;	/* -qqq: no counters line */

	/* -r: the records come from a capture file instead of a backend */
	if (c.opts.replay) {
		status = sct_replay__run(c.opts.replay, &c.sink) < 0 ? SCT_EXIT_ERROR : 0;
		goto cleanup;
	}

	/* 3. what needs no backend: the command's file, -p processes, memory */
	ret = sct_cli__check(&c);
	if (ret) {
		status = ret;
		goto cleanup;
	}

	/* 4. the backend: fails early with what to do (load, root, busy) */
	oo.backend = c.opts.backend;
	oo.ring_size = c.opts.ring_size;
	c.t = sctrace_open(&oo, err, sizeof(err));
	if (!c.t) {
		fprintf(stderr, "sctrace: %s\n", err);
		goto cleanup;
	}
	sct_cli__say_backend(&c);

	/* 5. SIGINT, SIGTERM, SIGPIPE... end the trace cleanly from here on */
	ret = sct_cli__handle_signals();
	if (ret < 0) {
		fprintf(stderr, "sctrace: cannot handle SIGINT/SIGTERM: %s\n", strerror(-ret));
		goto cleanup;
	}

	/* 6. the command, stopped */
	if (c.opts.command && sct_cli__spawn(&c) < 0)
		goto cleanup;

	/* 7. a capture file's header; filter, snaplen, start; then let the
	 * command go
	 */
	if (sct_sink__start(&c.sink, c.t, c.opts.snaplen) < 0 || sct_cli__start(&c) < 0)
		goto cleanup;
	for (i = 0; i < c.ntargets; i++)	/* -y, -P: what they have open now */
		sct_fds__seed(c.sink.text.fds, c.targets[i].tgid);
	if (c.child) {
		ret = sct_child__resume(c.child);
		if (ret < 0) {
			fprintf(stderr, "sctrace: cannot resume the child running %s: %s\n",
				c.opts.command[0], strerror(-ret));
			goto cleanup;
		}
	}

	/* 8. print (or record) until the command ends / the -p processes
	 * end / a signal (passed on to the command); then stop, drain,
	 * counters
	 */
	ret = sct_trace__run(c.t, &c.sink, c.targets, c.ntargets);
	status = ret < 0 && !sct_stop_signal ? SCT_EXIT_ERROR : sct_cli__status(&c);
cleanup:
	/* the command never runs on untraced: stopped, or after a failure */
	if (c.child && !c.targets[0].done)
		sct_child__kill(c.child);
	for (i = 0; i < c.ntargets; i++)
		sct_target__close(&c.targets[i]);
	sctrace_close(c.t);
	/* after a stop signal (SIGPIPE too) the status says which */
	if (sct_sink__close(&c.sink) < 0 && !sct_stop_signal)
		status = SCT_EXIT_ERROR;
	return status;
}
