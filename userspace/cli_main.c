// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * sctrace: trace the system calls of a command, of running processes or
 * of the whole system through the sctrace kernel module or its eBPF probe.
 *
 *   sctrace [-p PID]... [-f] [-e NAME[,NAME...]] [-s SNAPLEN]
 *           [-o FILE | -w FILE] [--all] [--backend=kmod|bpf|auto]
 *           [--ring-size=BYTES] [--] COMMAND [ARGS...]
 *   sctrace -r FILE [-o FILE]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "decode/plan.h"
#include "filter.h"

struct sct_cli {
	struct sct_cli_opts opts;
	struct sct_sink sink;
	struct sctrace *t;
	struct sct_target targets[1 + SCTRACE_MAX_TGIDS];	/* child first */
	size_t ntargets;
	pid_t child;		/* 0: no command */
	bool resumed;		/* the child runs (and is traced) */
};

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
static int sct_cli__start(struct sct_cli *c)
{
	uint64_t watermark = sctrace_get_info(c->t)->ring_size / 8;
	struct sctrace_filter f;

	sct_cli__filter(c, &f);
	if (sctrace_set_filter(c->t, &f) < 0 || sct_plan__set(c->t, &f, c->opts.verbose ? SCT_PLAN_ENVP : 0) < 0 ||
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

	pid = sct_child__spawn(c->opts.command, err, sizeof(err));
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

	fprintf(stderr, "sctrace: using the %s backend (%s%s%s)\n",
		strcmp(name, "bpf") ? "kernel module" : "eBPF",
		*why ? why : c->opts.backend_from, *why ? "" : "=", *why ? "" : name);
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
	if (sct_sink__open(&c.sink, c.opts.output, c.opts.capture) < 0 ||
	    sct_sink__print(&c.sink, &c.opts) < 0)
		return SCT_EXIT_ERROR;

	/* -r: the records come from a capture file instead of a backend */
	if (c.opts.replay) {
		status = sct_replay__run(c.opts.replay, &c.sink) < 0 ? SCT_EXIT_ERROR : 0;
		goto cleanup;
	}

	/* 3. the backend: fails early with what to do (load, root, busy) */
	oo.backend = c.opts.backend;
	oo.ring_size = c.opts.ring_size;
	c.t = sctrace_open(&oo, err, sizeof(err));
	if (!c.t) {
		fprintf(stderr, "sctrace: %s\n", err);
		goto cleanup;
	}
	sct_cli__say_backend(&c);

	/* 4. SIGINT/SIGTERM end the trace cleanly from here on */
	ret = sct_cli__handle_signals();
	if (ret < 0) {
		fprintf(stderr, "sctrace: cannot handle SIGINT/SIGTERM: %s\n", strerror(-ret));
		goto cleanup;
	}

	/* 5. who is traced: -p processes, then the command, stopped */
	if (sct_cli__add_pids(&c) < 0)
		goto cleanup;
	if (c.opts.command && sct_cli__spawn(&c) < 0)
		goto cleanup;

	/* 6. a capture file's header; filter, snaplen, start; then let the
	 * command go
	 */
	if (sct_sink__start(&c.sink, c.t, c.opts.snaplen) < 0 || sct_cli__start(&c) < 0)
		goto cleanup;
	if (c.child) {
		ret = sct_child__resume(c.child);
		if (ret < 0) {
			fprintf(stderr, "sctrace: cannot resume the child running %s: %s\n",
				c.opts.command[0], strerror(-ret));
			goto cleanup;
		}
		c.resumed = true;
	}

	/* 7. print (or record) until the command ends / the -p processes
	 * end / a signal; then stop, drain, counters
	 */
	if (sct_trace__run(c.t, &c.sink, c.targets, c.ntargets) < 0)
		goto cleanup;
	status = sct_cli__status(&c);
cleanup:
	if (c.child && !c.resumed)
		sct_child__kill(c.child);	/* stopped, never traced */
	for (i = 0; i < c.ntargets; i++)
		sct_target__close(&c.targets[i]);
	sctrace_close(c.t);
	if (sct_sink__close(&c.sink) < 0)
		status = SCT_EXIT_ERROR;
	return status;
}
