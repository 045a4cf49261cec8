// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Fuzz target: `sctrace -r FILE` on hostile bytes. The input's first byte
 * picks one of the option sets below, the rest is the capture file. It
 * goes into a memfd that the CLI opens as /dev/fd/N, and from there the
 * steps of main() for -r run as they are (cli_main.c): the options parsed
 * by sct_cli__parse, the sink opened (text to -o /dev/null), the printer
 * or --raw or --json, -c/-C, --export=chrome, then sct_replay__run (the
 * reader, capfile_read.c, checks each record before any decoder sees it),
 * then the sink closed (the -c table, the calls left waiting).
 *
 * What the CLI says on stderr is noise here: run the fuzzer with
 * -close_fd_mask=2 (make fuzz-run does), the replay (replay.c) sends it
 * to /dev/null.
 */
#define _GNU_SOURCE	/* memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * -r's option sets: every decoder and output of a replay, and the options
 * that change what they print. "FILE" is replaced by the memfd's path.
 */
static const char *const opt_sets[][12] = {
	{ "-o", "/dev/null" },
	{ "--raw", "-o", "/dev/null" },
	{ "--json", "--export=chrome:/dev/null", "-o", "/dev/null" },
	{ "-C", "--histogram", "--summary-per-process", "-S", "name", "-o", "/dev/null" },
	{ "-c", "-S", "calls", "-o", "/dev/null" },
	{ "-yy", "-tt", "-T", "-v", "-s", "4096", "-o", "/dev/null" },
	{ "-y", "-P", "/etc/hostname", "-x", "-ttt", "-o", "/dev/null" },
	{ "-xx", "-s", "0", "-qq", "--status=!successful", "-o", "/dev/null" },
	{ "-C", "-yy", "--export=chrome:/dev/null", "-S", "avg-time", "-o", "/dev/null" },
	{ "-z", "-t", "-T", "-C", "-S", "max-time", "-o", "/dev/null" },
	{ "--raw", "-C", "--export=chrome:/dev/null", "-qqq", "-o", "/dev/null" },
	{ "-yy", "-P", "/tmp", "-P", "3", "-Z", "-o", "/dev/null" },
};
#define NSETS	(sizeof(opt_sets) / sizeof(opt_sets[0]))

static int memfd = -1;
static char memfd_path[64];
static struct sct_cli_opts opts[NSETS];	/* parsed once: -P keeps its paths */
static bool parsed[NSETS];

static const struct sct_cli_opts *opts_of(unsigned int set)
{
	char *argv[16] = { "sctrace", "-r", memfd_path };
	int argc = 3;
	size_t i;

	if (!parsed[set]) {
		for (i = 0; opt_sets[set][i]; i++)
			argv[argc++] = (char *)opt_sets[set][i];
		sct_cli__parse(argc, argv, &opts[set]);
		parsed[set] = true;
	}
	return &opts[set];
}

/* The capture's bytes into the memfd that -r FILE names. */
static int put_file(const uint8_t *data, size_t size)
{
	if (memfd < 0) {
		memfd = memfd_create("sctrace-fuzz-capfile", MFD_CLOEXEC);
		if (memfd < 0)
			return -1;
		snprintf(memfd_path, sizeof(memfd_path), "/dev/fd/%d", memfd);
	}
	if (ftruncate(memfd, 0) < 0)
		return -1;
	return size && pwrite(memfd, data, size, 0) != (ssize_t)size ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sct_cli_opts *o;
	struct sct_sink sink;

	if (size < 1 || put_file(data + 1, size - 1) < 0)
		return 0;
	o = opts_of(data[0] % NSETS);
	/* as main() does for -r */
	if (sct_sink__open(&sink, o->output, o->per_thread, o->capture, o->replay) < 0 ||
	    sct_sink__print(&sink, o) < 0 || sct_sink__stats(&sink, o) < 0) {
		sct_sink__close(&sink);
		return 0;
	}
	sink.quiet = o->quiet;
	sct_replay__run(o->replay, &sink);
	sct_sink__close(&sink);
	return 0;
}
