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
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "libsctrace.h"
#include "print/print.h"
#include "stats/summary.h"

#define SCT_EXIT_ERROR	1	/* the trace could not be taken */
#define SCT_EXIT_USAGE	2	/* bad command line */
#define SCT_MAX_PATHS	96	/* -P: paths kept (each given one makes up to 3) */

struct sct_cli_opts {
	pid_t pids[SCTRACE_MAX_TGIDS];	/* -p, as given (tids allowed) */
	unsigned int npids;
	bool follow;			/* -f */
	bool per_thread;		/* -ff: with -o FILE, FILE.TID per thread */
	bool all;			/* --all */
	bool drop;			/* --drop: threads never wait for us */
	uint64_t signals_hidden;	/* -e signal=: print/print.h */
	bool syscalls_given;		/* some -e: filter.syscalls is set */
	struct sctrace_filter filter;	/* syscalls from -e (trace=) */
	unsigned int status;		/* -e status=, -z, -Z: SCT_STATUS_*, 0: all */
	uint32_t snaplen;		/* -s */
	unsigned int strsize;		/* -s too: bytes of strings printed */
	unsigned int xflag;		/* -x: 1, -xx: 2 */
	unsigned int tflag;		/* -t: 1, -tt: 2, -ttt: 3 */
	bool duration;			/* -T */
	bool raw;			/* --raw: a line per record */
	bool verbose;			/* -v: envp strings too */
	unsigned int quiet;		/* -q: 1, -qq: 2, -qqq: 3 (see cli_opts.c) */
	enum sctrace_backend backend;	/* --backend, else $SCTRACE_BACKEND */
	const char *backend_from;	/* which of the two named it, or NULL */
	uint64_t ring_size;		/* --ring-size, 0: the default */
	const char *output;		/* -o, NULL: stderr */
	const char *capture;		/* -w, NULL: text lines */
	const char *replay;		/* -r, NULL: record */
	const char *record_only;	/* the first option -r refuses, or NULL */
	char summary;			/* -c: 'c' (the table only), -C: 'C' (and the lines), or 0 */
	struct sct_summary_opts sum;	/* -S, --histogram */
	bool json;			/* --json: JSON Lines instead of strace's lines */
	unsigned int yflag;		/* -y: 1, -yy: 2 (printed as -y) */
	char *paths[SCT_MAX_PATHS];	/* -P: as given, absolute and real (cli_fds.c) */
	size_t npaths;
	const char *chrome;		/* --export=chrome:FILE, or NULL */
	const char *user;		/* -u USER: the command runs as USER, or NULL */
	char **command;			/* after the options, NULL if none */
};

/*
 * Parses $SCTRACE_BACKEND and argv (the option wins); on a usage error
 * prints why and exits SCT_EXIT_USAGE.
 */
void sct_cli__parse(int argc, char **argv, struct sct_cli_opts *o);

/*
 * The file that command name runs (path, from $PATH as execvp() would):
 * 0, or -errno (ENOENT, EACCES, ...) with err set.
 */
int sct_child__find(const char *name, char *path, size_t len, char *err, size_t errlen);
/*
 * Forks a child that stops itself (SIGSTOP) and then execs path with argv
 * command (exit 127 if it cannot). Returns its pid once it is stopped, or
 * -errno with err set.
 */
pid_t sct_child__spawn(const char *path, char **command, char *err, size_t errlen);
/* -u USER: who the command runs as. */
struct sct_user {
	const char *name;
	uid_t uid;
	gid_t gid;
};
/* USER's uid and gid from the passwd database: 0, or -1 with err set. */
int sct_user__lookup(const char *name, struct sct_user *u, char *err, size_t errlen);
/* Takes u's groups (initgroups), gid and uid: 0, or -1 with err set. */
int sct_user__become(const struct sct_user *u, char *err, size_t errlen);
/* sct_child__spawn, the child becoming user (if not NULL) before it stops. */
pid_t sct_child__spawn_as(const char *path, char **command, const struct sct_user *user,
			  char *err, size_t errlen);
/* Lets the stopped child run (it then execs). */
int sct_child__resume(pid_t pid);
/* Kills (SIGKILL) and reaps a child: its wait status. */
int sct_child__kill(pid_t pid);
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
struct sct_text_file;
struct sct_export;

struct sct_fdtab;
/*
 * -y, -P (cli_fds.c): the fd table (print/fdtab.h); live: paths are made
 * canonical (realpath) as the trace goes. NULL when out of memory.
 */
struct sct_fdtab *sct_fds__new(bool live);
/* Process tgid's open fds and directory from /proc, as they are now. */
void sct_fds__seed(struct sct_fdtab *t, pid_t tgid);
/* The calls that change fds, added to a filter (-e) so that -y, -P can follow them. */
void sct_fds__track(struct sctrace_filter *f);
/* -P path: as given, absolute (cleaned) and real; 0, or -1 when full. */
int sct_fds__add_path(struct sct_cli_opts *o, const char *path);

/*
 * The text trace (cli_text.c): lines made whole in memory, strace's by
 * the printer (print/print.h) or with --raw a line per record (format.c),
 * then written in batches of whole lines to stderr, -o FILE, or (-ff -o
 * FILE) FILE.TID.
 */
struct sct_text {
	FILE *fmt;		/* the lines are written here: into buf */
	bool raw;		/* --raw (the default until sct_text__print): format.c */
	struct sct_print_opts po;	/* else the printers' options */
	struct sct_printer *printer;	/* the output's (-ff: stderr's) */
	struct sct_printer *cur;	/* -ff: the printer of fd's lines */
	struct sct_fdtab *fds;	/* -y, -P: the fd table the printers share, or NULL */
	struct sct_export *json;	/* --json: JSON Lines instead (export/export.h) */
	char *buf;		/* whole lines not written yet */
	size_t len, cap;
	size_t batch;		/* written once len reaches this */
	int fd;			/* where they go, -1: not chosen yet (-ff) */
	const char *fd_name;	/* its name in messages */
	bool own_fd;		/* -o FILE: closed at the end */
	bool live;		/* a terminal or a pipe: flushed every read round */
	const char *prefix;	/* -ff: FILE of -o, else NULL */
	pid_t tid;		/* -ff: whose file fd is (0: stderr) */
	struct sct_text_file *files;
	size_t nfiles;
	char name[PATH_MAX];	/* -ff: FILE.TID of fd */
	bool failed;		/* a failure was reported */
};

/* path NULL: std_fd; a line per record (format.c). Prints what failed and returns -1. */
int sct_text__open(struct sct_text *x, const char *path, bool per_thread, int std_fd);
/*
 * strace's lines instead, by a printer with po: one for the output, or
 * with -ff one per thread file, each pairing its own thread's calls and
 * without [pid N], as strace. -1 (message printed) when out of memory.
 */
int sct_text__print(struct sct_text *x, const struct sct_print_opts *po);
/* --json: JSON Lines (export/export.h) instead of strace's lines; -1 when out of memory. */
int sct_text__json(struct sct_text *x, unsigned int strsize);
/* -t: the records' clock (a capture's), for the printers */
void sct_text__clock(struct sct_text *x, int64_t realtime_ns);
/* rec's line; returns -1 (message printed) once a write failed. */
int sct_text__put(struct sct_text *x, const struct sctrace_hdr *rec);
int sct_text__flush(struct sct_text *x);
/* The end of the lines: calls still waiting are written cut short, the lines go out. */
void sct_text__end(struct sct_text *x);
int sct_text__close(struct sct_text *x);

/*
 * Where the records of a trace go: text lines (stderr, -o FILE, -ff -o
 * FILE; -r: stdout), or a capture file (-w FILE, -w - for stdout). Functions print
 * what failed and return -1; after a failure put() fails at once.
 */
struct sct_sink {
	bool text_on;		/* text output (else a capture file) */
	bool lines;		/* records go there as lines (not with -c) */
	struct sct_text text;
	struct sct_summary *sum;	/* -c, -C: the table, at the end, on the text output */
	const struct sctrace_filter *only;	/* -C with -y/-P: the calls it counts, or NULL */
	struct sct_export *chrome;	/* --export=chrome:FILE */
	FILE *chrome_f;
	const char *chrome_name;
	int cap_fd;		/* the capture file, or -1 */
	const char *cap_name;	/* its name in messages */
	struct sct_capw *cap;	/* its writer, from sct_sink__start() */
	bool failed;		/* a failure was reported */
	unsigned int quiet;	/* -q...: -qqq leaves the counters line out */
};

/*
 * Opens the text output (per_thread: -ff; no text_path: stderr, or stdout
 * for reading a capture) or, with cap_path, the capture file.
 */
int sct_sink__open(struct sct_sink *s, const char *text_path, bool per_thread,
		   const char *cap_path, bool replay);
/*
 * Text output: strace's lines (print/print.h) as the options say, unless
 * --raw (cli_print.c). Replay: the clock of the capture for -t.
 */
int sct_sink__print(struct sct_sink *s, const struct sct_cli_opts *o);
void sct_sink__clock(struct sct_sink *s, uint64_t realtime_ns, uint64_t monotonic_ns);
/*
 * What else the records make (cli_stats.c): the -c/-C table, --json's
 * lines instead of strace's, --export=chrome's file.
 */
int sct_sink__stats(struct sct_sink *s, const struct sct_cli_opts *o);
/* Each record to those; -1 (message printed) when one failed. */
int sct_sink__stats_put(struct sct_sink *s, const struct sctrace_hdr *rec);
/* The end: the table after the last line, the chrome file closed. */
int sct_sink__stats_end(struct sct_sink *s);
/* A capture file: the header, from t's backend and geometry. */
int sct_sink__start(struct sct_sink *s, struct sctrace *t, uint32_t snaplen);
int sct_sink__put(struct sct_sink *s, const struct sctrace_hdr *rec);
/* After each read round: text lines go out (a capture waits for 1 MiB). */
void sct_sink__flush(struct sct_sink *s);
/* The trace is read by someone waiting for it: a terminal or a pipe. */
bool sct_sink__live(const struct sct_sink *s);
/* The capture's trailer with c (NULL: counters unknown, no trailer). */
int sct_sink__end(struct sct_sink *s, const struct sctrace_counters *c);
/* Flushes and closes; -1 if anything failed to be written. */
int sct_sink__close(struct sct_sink *s);

/* The signal (SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM) that asked us to stop, or 0. */
extern volatile sig_atomic_t sct_stop_signal;
/* Installs the handlers that set sct_stop_signal. */
int sct_cli__handle_signals(void);
/* Puts those signals back to their default action (in the command's child). */
void sct_cli__default_signals(void);

/*
 * Puts records into sink until every target is done (with no target:
 * until a stop signal) or a stop signal came (passed on to the command,
 * which has a second to end before SIGKILL), then stops capture, drains
 * the rings and prints the counters to stderr. Returns 0 or -errno
 * (message printed).
 */
int sct_trace__run(struct sctrace *t, struct sct_sink *sink, struct sct_target *targets,
		   size_t ntargets);
/*
 * The counters line on stderr (unless quiet: -qqq), and warnings if
 * anything was lost (always).
 */
void sct_trace__report(const struct sctrace_counters *c, uint32_t max_tgids, bool quiet);

/*
 * sctrace -r: the records of the capture file at path ("-": stdin) into
 * sink, then its counters on stderr. Returns 0 or -1 (message printed).
 */
int sct_replay__run(const char *path, struct sct_sink *sink);

#endif /* SCT_CLI_H */
