// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * sctrace -r FILE: a capture file (sctrace -w) printed as the text lines
 * the live trace would have printed, then the counters stored at its end.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capfile.h"
#include "cli.h"

/* Says on stderr how and when the capture was recorded. */
static void sct_replay__say(const struct sct_capr *r, const char *name)
{
	const struct sct_cap_header *h = sct_capr__header(r);
	time_t start = (time_t)(h->realtime_ns / 1000000000u);
	char when[64] = "";
	struct tm tm;

	if (localtime_r(&start, &tm))
		strftime(when, sizeof(when), ", started %Y-%m-%d %H:%M:%S %z", &tm);
	fprintf(stderr, "sctrace: reading %s: recorded with the %s backend, %" PRIu32
		" CPUs, snaplen %" PRIu32 "%s\n", name,
		strcmp(h->backend, "bpf") ? h->backend : "eBPF", h->nr_cpus, h->snaplen, when);
}

static int sct_replay__records(struct sct_capr *r, struct sct_sink *sink)
{
	const struct sctrace_hdr *rec;
	int ret;

	while ((ret = sct_capr__next(r, &rec)) > 0)
		if (sct_sink__put(sink, rec) < 0)
			return -1;
	sct_sink__flush(sink);		/* the records come before the message */
	if (ret < 0) {
		fprintf(stderr, "sctrace: %s\n", sct_capr__errmsg(r));
		return -1;
	}
	sct_trace__report(&sct_capr__trailer(r)->counters, sct_capr__header(r)->max_tgids,
			  sink->quiet >= 3);
	return 0;
}

int sct_replay__run(const char *path, struct sct_sink *sink)
{
	bool std_in = !strcmp(path, "-");
	const char *name = std_in ? "stdin" : path;
	int fd = std_in ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	struct sct_capr *r;
	char err[512];
	int ret;

	if (fd < 0) {
		fprintf(stderr, "sctrace: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	r = sct_capr__open(fd, name, err, sizeof(err));
	if (r) {
		sct_replay__say(r, name);
		sct_sink__clock(sink, sct_capr__header(r)->realtime_ns,
				sct_capr__header(r)->monotonic_ns);
		ret = sct_replay__records(r, sink);
		sct_capr__free(r);
	} else {
		fprintf(stderr, "sctrace: %s\n", err);
		ret = -1;
	}
	if (!std_in)
		close(fd);
	return ret;
}
