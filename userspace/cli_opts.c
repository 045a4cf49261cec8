// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* sctrace command line (argp). */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "filter.h"

#define SCT_XSTR(x)	#x
#define SCT_STR(x)	SCT_XSTR(x)

const char *argp_program_version = "sctrace 0.1 (module API "
	SCT_STR(SCTRACE_API_VERSION_MAJOR) "." SCT_STR(SCTRACE_API_VERSION_MINOR)
	", record schema " SCT_STR(SCTRACE_SCHEMA_VERSION) ")";

enum {
	SCT_OPT_ALL = 0x100, SCT_OPT_BACKEND, SCT_OPT_RING_SIZE, SCT_OPT_RAW,
	SCT_OPT_WALL, SCT_OPT_HISTOGRAM, SCT_OPT_JSON, SCT_OPT_EXPORT, SCT_OPT_STATUS,
	SCT_OPT_DROP, SCT_OPT_PER_PROCESS,
};

static const char sct_doc[] =
	"Trace the system calls of COMMAND (and its children), of running "
	"processes (-p), or of every task (--all), with the sctrace kernel "
	"module or, where modules cannot be loaded, its eBPF probe.\v"
	"One line per syscall, as strace prints it: its arguments decoded, the "
	"memory they point to (as much as was copied), the return value; "
	"[pid N] in front when more than one thread is traced; "
	"<unfinished ...> and <... NAME resumed> when another thread's line "
	"comes between a call's entry and its exit; +++ exited with N +++ at a "
	"task's end. --raw prints a line per record instead: timestamp "
	"(CLOCK_MONOTONIC seconds), thread id, '>' syscall entry with its six "
	"raw arguments and the memory copied, '<' exit with the return value, or "
	"a fork/exit event. The trace goes to stderr unless -o (-ff -o FILE: "
	"FILE.TID, each thread's calls whole and without [pid N]). Counters and "
	"drops go to stderr at the end.\n\n"
	"-c prints instead a table of calls, errors and time per syscall at the "
	"end, as strace -c -w does (sctrace times every call by the clock: the "
	"time between its entry and its exit, strace's -w; sctrace's own -w "
	"writes a capture, so strace's long --summary-wall-clock is accepted "
	"and changes nothing); -C prints the lines and the table; -S sorts it; "
	"--histogram adds each syscall's p50, p90, p99 and max, and its log2 "
	"latency histogram; --summary-per-process prints a table per process "
	"before the table of all. --json prints a JSON object per call and per "
	"process event instead of the lines (JSON Lines; the schema is in "
	"README.md); --export=chrome:FILE also writes FILE in the Trace Event "
	"Format for Perfetto or chrome://tracing.\n\n"
	"-w FILE records into FILE in binary instead (cheap: no formatting); "
	"-r FILE prints such a capture as the text lines above, then the "
	"counters it stored; a damaged or cut-short capture is exit 1 after "
	"the records before the damage.\n\n"
	"Backend: --backend, else $SCTRACE_BACKEND, else auto: the module when "
	"/dev/sctrace exists or `modprobe sctrace` works, else eBPF. sctrace "
	"says on stderr which one it uses and why.\n\n"
	"Exit status: that of COMMAND (128+N if killed by signal N), 127 if "
	"COMMAND is not found (126: cannot be run), 128+N after signal N "
	"(SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE: passed on to COMMAND), "
	"1 if tracing failed (or -r met a damaged "
	"capture), 2 on a usage error.";

static const char sct_args_doc[] = "[--] COMMAND [ARG...]\n-p PID [-p PID]...\n--all\n-r FILE";

static const struct argp_option sct_options[] = {
	{ "attach", 'p', "PID", 0, "Trace process PID (a thread id selects its process); repeatable", 0 },
	{ "follow-forks", 'f', NULL, 0, "Also trace children of -p processes (always on for COMMAND); -ff with -o FILE: each thread's lines in FILE.TID", 0 },
	{ "trace", 'e', "[trace=][!]SET", 0, "Trace only the syscalls of SET: names, numbers, classes (%file %desc %network/%net %process %memory %signal %ipc %creds %clock), /REGEX, all, none, ?NAME (no error if unknown); '!' in front: all but those. The last -e trace= wins, as in strace. -e signal=[!]SET: print only the '--- SIG... ---' lines of SET (names, numbers, all, none)", 0 },
	{ "status", SCT_OPT_STATUS, "[!]SET", 0, "(also -e status=SET) Print only the calls whose result is in SET: successful, failed, unfinished (no exit: the task ended in it, or exit_group), unavailable (its exit record was lost), detached (still running when the trace ended), all, none. The -c table counts every call, as strace's", 0 },
	{ "successful-only", 'z', NULL, 0, "Print only successful calls: -e status=successful", 0 },
	{ "failed-only", 'Z', NULL, 0, "Print only failed calls: -e status=failed", 0 },
	{ "decode-fds", 'y', NULL, 0, "Print fd arguments and returned fds with their paths, as strace -y: read(3</etc/hostname>, ...), followed from the calls that open, dup, close them (-yy: sockets with their endpoints, 3<TCP:[127.0.0.1:41234->127.0.0.1:80]>, from socket, bind, connect, accept, getsockname...; '?' where no record tells, as a connect's local port)", 0 },
	{ "trace-path", 'P', "PATH", 0, "Print only the calls that access PATH: a path argument equal to it (as given, or resolved against the tracked directory), or an fd argument open on it (repeatable)", 0 },
	{ "snaplen", 's', "SNAPLEN", 0, "Print at most SNAPLEN bytes of each string and buffer (default 32, as strace), and copy at most SNAPLEN bytes (default 256, at most 4096; paths are copied whole, up to PATH_MAX)", 0 },
	{ NULL, 'x', NULL, 0, "Print non-ASCII strings in hexadecimal (-xx: all strings)", 0 },
	{ NULL, 't', NULL, 0, "Prefix each line with the time of day (-tt: with microseconds, -ttt: seconds since the epoch)", 0 },
	{ NULL, 'T', NULL, 0, "Show the time each syscall took, <seconds> at the end of its line", 0 },
	{ "raw", SCT_OPT_RAW, NULL, 0, "One line per record, undecoded (the output before strace's format)", 0 },
	{ "verbose", 'v', NULL, 0, "Unabbreviated: also copy the environment strings of execve (otherwise counted, as strace does), print getdents64's entries (otherwise counted) and termios' c_line and c_cc", 0 },
	{ "output", 'o', "FILE", 0, "Write the trace to FILE instead of stderr", 0 },
	{ "summary-only", 'c', NULL, 0, "Count calls, errors and time (entry to exit) per syscall; print that table at the end instead of the lines", 0 },
	{ "summary", 'C', NULL, 0, "Like -c, and print the lines too", 0 },
	{ "summary-sort-by", 'S', "KEY", 0, "Sort the -c table by time (default), min-time, max-time, avg-time, calls, errors, name or nothing (strace's words)", 0 },
	{ "summary-wall-clock", SCT_OPT_WALL, NULL, 0, "strace's -w for -c: sctrace's table is always wall-clock time (its -w writes a capture)", 0 },
	{ "histogram", SCT_OPT_HISTOGRAM, NULL, 0, "With the -c table (implied): each syscall's p50, p90, p99 and max latency, and its log2 histogram (usecs : count distribution)", 0 },
	{ "summary-per-process", SCT_OPT_PER_PROCESS, NULL, 0, "With the -c table (implied): a table per process first (by pid, named by the program it last executed), in the order of their first calls, then the table of all (-f sums them, as strace)", 0 },
	{ "json", SCT_OPT_JSON, NULL, 0, "JSON Lines instead of strace's lines: an object per syscall (named arguments, return value, errno, times) and per fork, exit and lost records", 0 },
	{ "export", SCT_OPT_EXPORT, "chrome:FILE", 0, "Also write FILE ('-': stdout) in the Trace Event Format (Perfetto, chrome://tracing): a track per thread, a slice per syscall", 0 },
	{ "write", 'w', "FILE", 0, "Record into FILE in binary, for -r ('-': stdout; the command's stdout then goes to stderr)", 0 },
	{ "read", 'r', "FILE", 0, "Print the capture FILE (from -w; '-': stdin) on stdout instead of tracing; with -o at most", 0 },
	{ "quiet", 'q', NULL, 0, "Fewer messages on stderr, as strace's -q: no 'using the ... backend' line (sctrace's attach message); -qq: no '+++ exited with N +++' / '+++ killed by' lines either; -qqq: no counters line either (warnings of lost records stay)", 0 },
	{ "user", 'u', "USER", 0, "Run COMMAND with the uid, gid and supplementary groups of USER (sctrace stays root)", 0 },
	{ "all", SCT_OPT_ALL, NULL, 0, "Trace every task on the system (but sctrace itself); records that do not fit are dropped and counted, as --drop", 0 },
	{ "drop", SCT_OPT_DROP, NULL, 0, "Drop (and count) records that do not fit in a ring, rather than make traced threads wait for sctrace (the default for a COMMAND and -p with the kernel module; the eBPF backend always drops)", 0 },
	{ "backend", SCT_OPT_BACKEND, "kmod|bpf|auto", 0, "Record with the kernel module, the eBPF probe, or the best available (default auto)", 0 },
	{ "ring-size", SCT_OPT_RING_SIZE, "BYTES", 0, "eBPF: bytes per CPU ring, power of two, 64K to 1G, suffix K/M/G allowed (default 8M; the module has its ring_size parameter)", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static int sct_parse_pid(struct argp_state *state, const char *arg)
{
	struct sct_cli_opts *o = state->input;
	char *end;
	long pid;

	errno = 0;
	pid = strtol(arg, &end, 10);
	if (!*arg || *end || errno || pid <= 0 || pid > 0x3fffffff)
		argp_error(state, "-p %s: not a process id", arg);
	if (o->npids == SCTRACE_MAX_TGIDS)
		argp_error(state, "-p %s: at most %d processes can be traced", arg,
			   SCTRACE_MAX_TGIDS);
	o->pids[o->npids++] = (pid_t)pid;
	return 0;
}

static void sct_parse_snaplen(struct argp_state *state, const char *arg)
{
	struct sct_cli_opts *o = state->input;
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || n > SCTRACE_MAX_SNAPLEN)
		argp_error(state, "-s %s: not a length in 0..%d", arg, SCTRACE_MAX_SNAPLEN);
	o->snaplen = (uint32_t)n;
	o->strsize = (unsigned int)n;
}

/* 0 and *b, or -1 for a word that names no backend. */
static int sct_backend_word(const char *w, enum sctrace_backend *b)
{
	if (!strcmp(w, "auto"))
		*b = SCTRACE_BACKEND_AUTO;
	else if (!strcmp(w, "kmod"))
		*b = SCTRACE_BACKEND_KMOD;
	else if (!strcmp(w, "bpf"))
		*b = SCTRACE_BACKEND_BPF;
	else
		return -1;
	return 0;
}

static void sct_parse_ring_size(struct argp_state *state, const char *arg)
{
	struct sct_cli_opts *o = state->input;
	unsigned long long n;
	unsigned int shift = 0;
	char *end;

	errno = 0;
	n = strtoull(arg, &end, 10);
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (!*arg || *end || errno || !n || n > (1ULL << 30) >> shift ||
	    (n & (n - 1)) || n << shift < (64ULL << 10))
		argp_error(state, "--ring-size %s: not a power of two from 64K to 1G", arg);
	o->ring_size = n << shift;
}

static void sct_parse_status(struct argp_state *state, const char *set)
{
	struct sct_cli_opts *o = state->input;

	if (sct_print__status_set(set, &o->status))
		argp_error(state, "invalid status '%s'", set);
}

/*
 * -e QUALIFIER=SET: strace's qualifiers. trace (the default, also
 * without QUALIFIER=) and status are sctrace's; the others are strace's
 * and refused by name.
 */
static void sct_parse_e(struct argp_state *state, const char *arg)
{
	static const char *const unsupported[] = {
		"abbrev", "a", "verbose", "v", "raw", "x",
		"read", "reads", "r", "write", "writes", "w", "fault", "inject",
		"kvm", "decode-fds", "decode-pids", "trace-fds", "trace-fd", "fd", "fds",
		"quiet", "silent", "silence", "q",
	};
	struct sct_cli_opts *o = state->input;
	const char *eq = strchr(arg, '=');
	size_t i, n = eq ? (size_t)(eq - arg) : 0;
	char err[400];

	if (eq && n == 6 && !strncmp(arg, "status", n)) {
		sct_parse_status(state, eq + 1);
		return;
	}
	if (eq && ((n == 6 && !strncmp(arg, "signal", n)) || (n == 7 && !strncmp(arg, "signals", n)) ||
		   (n == 1 && arg[0] == 's'))) {
		if (sct_print__signal_set(eq + 1, &o->signals_hidden))
			argp_error(state, "-e %s: not a set of signals", arg);
		return;
	}
	for (i = 0; eq && i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (strlen(unsupported[i]) == n && !strncmp(arg, unsupported[i], n))
			argp_error(state, "-e %s: sctrace cannot honour strace's -e %.*s= (only trace=, status= and signal=)",
				   arg, (int)n, arg);
	if (sct_filter__set_trace(&o->filter, arg, err, sizeof(err)) < 0)
		argp_error(state, "-e %s: %s", arg, err);
	o->syscalls_given = true;
}

/* The options that only recording uses (-r refuses them), else NULL. */
static const char *sct_record_only(int key)
{
	switch (key) {
	case 'p': return "-p";
	case 'f': return "-f";
	case 'e': return "-e";
	case 'w': return "-w";
	case 'u': return "-u";
	case SCT_OPT_ALL: return "--all";
	case SCT_OPT_DROP: return "--drop";
	case SCT_OPT_BACKEND: return "--backend";
	case SCT_OPT_RING_SIZE: return "--ring-size";
	}
	return NULL;
}

/* What to do: trace (a COMMAND, -p, --all) or read (-r), not both. */
static void sct_parse_end(struct argp_state *state)
{
	struct sct_cli_opts *o = state->input;

	if (o->replay && o->command)
		argp_error(state, "-r %s reads a capture: it takes no COMMAND (%s)", o->replay,
			   o->command[0]);
	if (o->replay && o->record_only)
		argp_error(state, "-r %s reads a capture: %s is for recording", o->replay,
			   o->record_only);
	if (o->per_thread && o->capture)
		argp_error(state, "-ff writes text files: it does not go with -w %s", o->capture);
	if (o->output && o->capture)
		argp_error(state, "-o %s and -w %s: the trace goes to one of them", o->output,
			   o->capture);
	if ((o->sum.histogram || o->sum.per_process) && !o->summary)
		o->summary = 'c';
	if (o->summary && o->capture)
		argp_error(state, "-%c counts calls: it does not go with -w %s (record with -w, then -r %s -c)",
			   o->summary, o->capture, o->capture);
	if (o->json && (o->summary || o->raw || o->per_thread || o->capture))
		argp_error(state, "--json replaces the lines: it does not go with %s",
			   o->summary ? "-c/-C (the table is not JSON)" : o->raw ? "--raw" :
			   o->per_thread ? "-ff" : "-w");
	if (o->user && !o->command)
		argp_error(state, "-u %s runs COMMAND as %s: there is no COMMAND", o->user, o->user);
	if (!o->replay && !o->command && !o->npids && !o->all)
		argp_error(state, "nothing to trace: give a COMMAND, -p PID or --all (or -r FILE)");
}

static error_t sct_parse_opt(int key, char *arg, struct argp_state *state)
{
	struct sct_cli_opts *o = state->input;

	if (!o->record_only)
		o->record_only = sct_record_only(key);
	switch (key) {
	case 'p':
		return sct_parse_pid(state, arg);
	case 'f':
		o->per_thread = o->follow;	/* -ff */
		o->follow = true;
		return 0;
	case 'e':
		sct_parse_e(state, arg);
		return 0;
	case SCT_OPT_STATUS:
		sct_parse_status(state, arg);
		return 0;
	case 'q':
		o->quiet += o->quiet < 3;
		return 0;
	case 'u':
		o->user = arg;
		return 0;
	case 'y':
		o->yflag += o->yflag < 2;
		return 0;
	case 'P':
		if (!*arg || sct_fds__add_path(o, arg))
			argp_error(state, "-P %s: %s", arg, *arg ? "too many paths" : "an empty path");
		return 0;
	case 'z':
		o->status = SCT_STATUS_SUCCESSFUL;
		return 0;
	case 'Z':
		o->status = SCT_STATUS_FAILED;
		return 0;
	case 's':
		sct_parse_snaplen(state, arg);
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	case 'x':
		o->xflag += o->xflag < 2;
		return 0;
	case 't':
		o->tflag += o->tflag < 3;
		return 0;
	case 'T':
		o->duration = true;
		return 0;
	case SCT_OPT_RAW:
		o->raw = true;
		return 0;
	case 'o':
		o->output = arg;
		return 0;
	case 'w':
		o->capture = arg;
		return 0;
	case 'r':
		o->replay = arg;
		return 0;
	case 'c':
	case 'C':
		o->summary = (char)key;
		return 0;
	case 'S':
		if (sct_summary__sort_word(arg, &o->sum.sort))
			argp_error(state, "-S %s: not time, min-time, max-time, avg-time, calls, errors, name or nothing", arg);
		return 0;
	case SCT_OPT_WALL:
		return 0;	/* always so */
	case SCT_OPT_HISTOGRAM:
		o->sum.histogram = true;
		return 0;
	case SCT_OPT_PER_PROCESS:
		o->sum.per_process = true;
		return 0;
	case SCT_OPT_JSON:
		o->json = true;
		return 0;
	case SCT_OPT_EXPORT:
		if (strncmp(arg, "chrome:", 7) || !arg[7])
			argp_error(state, "--export=%s: not chrome:FILE", arg);
		o->chrome = arg + 7;
		return 0;
	case SCT_OPT_ALL:
		o->all = true;
		return 0;
	case SCT_OPT_DROP:
		o->drop = true;
		return 0;
	case SCT_OPT_BACKEND:
		if (sct_backend_word(arg, &o->backend))
			argp_error(state, "--backend %s: not kmod, bpf or auto", arg);
		o->backend_from = "--backend";
		return 0;
	case SCT_OPT_RING_SIZE:
		sct_parse_ring_size(state, arg);
		return 0;
	case ARGP_KEY_ARG:
		/* the command: it and everything after it are its argv */
		o->command = &state->argv[state->next - 1];
		state->next = state->argc;
		return 0;
	case ARGP_KEY_END:
		sct_parse_end(state);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

void sct_cli__parse(int argc, char **argv, struct sct_cli_opts *o)
{
	static const struct argp argp = {
		.options = sct_options,
		.parser = sct_parse_opt,
		.args_doc = sct_args_doc,
		.doc = sct_doc,
	};

	const char *env = getenv("SCTRACE_BACKEND");

	memset(o, 0, sizeof(*o));
	o->snaplen = SCTRACE_DEFAULT_SNAPLEN;
	o->strsize = 32;	/* strace's default -s */
	argp_err_exit_status = SCT_EXIT_USAGE;
	if (env && *env) {
		if (sct_backend_word(env, &o->backend)) {
			fprintf(stderr, "sctrace: SCTRACE_BACKEND=%s: not kmod, bpf or auto\n", env);
			exit(SCT_EXIT_USAGE);
		}
		o->backend_from = "SCTRACE_BACKEND";
	}
	/* in order: the first non-option starts COMMAND ("sctrace ls -l") */
	argp_parse(&argp, argc, argv, ARGP_IN_ORDER, NULL, o);
}
