/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The sctrace command: options (cli_opts.c), the traced command started
 * stopped (cli_child.c), the processes to watch (cli_pids.c), the read and
 * print loop (cli_trace.c), where the records go: text or a capture file
 * (cli_sink.c), reading a capture file back (cli_replay.c), and main()
 * tying them together (cli_main.c).
 */
#ifndef SCT_CLI_H
#define SCT_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "libsctrace.h"

#define SCT_EXIT_ERROR	1	/* the trace could not be taken */
#define SCT_EXIT_USAGE	2	/* bad command line */

struct sct_cli_opts {
	pid_t pids[SCTRACE_MAX_TGIDS];	/* -p, as given (tids allowed) */
	unsigned int npids;
	bool follow;			/* -f */
	bool all;			/* --all */
	bool syscalls_given;		/* some -e: filter.syscalls is set */
	struct sctrace_filter filter;	/* syscalls from -e */
	uint32_t snaplen;		/* -s */
	unsigned int strsize;		/* -s too: bytes of strings printed */
	unsigned int xflag;		/* -x: 1, -xx: 2 */
	unsigned int tflag;		/* -t: 1, -tt: 2, -ttt: 3 */
	bool duration;			/* -T */
	bool raw;			/* --raw: a line per record */
	bool verbose;			/* -v: envp strings too */
	enum sctrace_backend backend;	/* --backend, else $SCTRACE_BACKEND */
	const char *backend_from;	/* which of the two named it, or NULL */
	uint64_t ring_size;		/* --ring-size, 0: the default */
	const char *output;		/* -o, NULL: stdout */
	const char *capture;		/* -w, NULL: text lines */
	const char *replay;		/* -r, NULL: record */
	const char *record_only;	/* the first option -r refuses, or NULL */
	char **command;			/* after the options, NULL if none */
};

/*
 * Parses $SCTRACE_BACKEND and argv (the option wins); on a usage error
 * prints why and exits SCT_EXIT_USAGE.
 */
void sct_cli__parse(int argc, char **argv, struct sct_cli_opts *o);

/*
 * Forks a child that stops itself (SIGSTOP) and then execs command (exit
 * 127 if it cannot). Returns its pid once it is stopped, or -errno with
 * err set.
 */
pid_t sct_child__spawn(char **command, char *err, size_t errlen);
/* Lets the stopped child run (it then execs). */
int sct_child__resume(pid_t pid);
/* Kills and reaps a child that will not be traced after all. */
void sct_child__kill(pid_t pid);
/* Shell-style exit status of a wait status: code, or 128 + signal. */
int sct_child__exit_status(int wstatus);

/*
 * A process whose end ends the trace: the command's child (reaped with
 * waitpid, status kept) or a -p process (watched with a pidfd).
 */
struct sct_target {
	pid_t tgid;
	int pidfd;		/* -1 when pidfd_open is not available */
	bool is_child;
	bool done;
	int wstatus;		/* is_child && done: its wait status */
};

/* The tgid of pid (a tid is fine), from /proc/PID/status; -errno on error. */
pid_t sct_pid__tgid(pid_t pid, char *err, size_t errlen);
/* Opens a pidfd for t->tgid, if the kernel has pidfd_open. */
void sct_target__init(struct sct_target *t, pid_t tgid, bool is_child);
/* Updates t->done (and t->wstatus); never blocks. */
void sct_target__check(struct sct_target *t);
void sct_target__close(struct sct_target *t);

struct sct_capw;

/*
 * Where the records of a trace go: text lines (stdout, -o FILE), or a
 * capture file (-w FILE, -w - for stdout). Functions print what failed and
 * return -1; after a failure put() fails at once.
 */
struct sct_sink {
	FILE *text;		/* text lines, or NULL */
	const char *text_name;	/* -o FILE, NULL: stdout */
	int cap_fd;		/* the capture file, or -1 */
	const char *cap_name;	/* its name in messages */
	struct sct_capw *cap;	/* its writer, from sct_sink__start() */
	struct sct_printer *printer;	/* text as strace's, NULL: --raw */
	bool failed;		/* a failure was reported */
};

/* Opens the text output or, with cap_path, the capture file. */
int sct_sink__open(struct sct_sink *s, const char *text_path, const char *cap_path);
/*
 * Text output: strace's lines (print/print.h) as the options say, unless
 * --raw (cli_print.c). Replay: the clock of the capture for -t.
 */
int sct_sink__print(struct sct_sink *s, const struct sct_cli_opts *o);
void sct_sink__clock(struct sct_sink *s, uint64_t realtime_ns, uint64_t monotonic_ns);
/* A capture file: the header, from t's backend and geometry. */
int sct_sink__start(struct sct_sink *s, struct sctrace *t, uint32_t snaplen);
int sct_sink__put(struct sct_sink *s, const struct sctrace_hdr *rec);
/* After each read round: text lines go out (a capture waits for 1 MiB). */
void sct_sink__flush(struct sct_sink *s);
/* The capture's trailer with c (NULL: counters unknown, no trailer). */
int sct_sink__end(struct sct_sink *s, const struct sctrace_counters *c);
/* Flushes and closes; -1 if anything failed to be written. */
int sct_sink__close(struct sct_sink *s);

/* The signal (SIGINT/SIGTERM) that asked us to stop, or 0. */
extern volatile sig_atomic_t sct_stop_signal;
/* Installs the SIGINT/SIGTERM handlers that set sct_stop_signal. */
int sct_cli__handle_signals(void);

/*
 * Puts records into sink until every target is done (with no target:
 * until a stop signal) or a stop signal came, then stops capture, drains
 * the rings and prints the counters to stderr. Returns 0 or -errno
 * (message printed).
 */
int sct_trace__run(struct sctrace *t, struct sct_sink *sink, struct sct_target *targets,
		   size_t ntargets);
/* The counters line on stderr, and warnings if anything was lost. */
void sct_trace__report(const struct sctrace_counters *c, uint32_t max_tgids);

/*
 * sctrace -r: the records of the capture file at path ("-": stdin) into
 * sink, then its counters on stderr. Returns 0 or -1 (message printed).
 */
int sct_replay__run(const char *path, struct sct_sink *sink);

#endif /* SCT_CLI_H */
