// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Where sctrace puts the records: as text (cli_text.c: strace's lines, or
 * with --raw one per record), or as they are into a capture file
 * (capfile_write.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "capfile.h"
#include "cli.h"

static int sct_sink__fail(struct sct_sink *s, const char *msg)
{
	if (!s->failed)
		fprintf(stderr, "sctrace: %s\n", msg);
	s->failed = true;
	return -1;
}

/*
 * -w -: the capture takes over stdout; the command (which inherits
 * stdout) and anything else writes to stderr instead.
 */
static int sct_sink__stdout_capture(struct sct_sink *s)
{
	s->cap_name = "stdout";
	if (isatty(STDOUT_FILENO)) {
		fprintf(stderr, "sctrace: -w -: stdout is a terminal, not a place for a binary capture (redirect it)\n");
		return -1;
	}
	s->cap_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (s->cap_fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		fprintf(stderr, "sctrace: -w -: cannot keep stdout for the capture: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

int sct_sink__open(struct sct_sink *s, const char *text_path, bool per_thread,
		   const char *cap_path, bool replay)
{
	*s = (struct sct_sink){ .cap_fd = -1, .cap_name = cap_path };
	if (cap_path && !strcmp(cap_path, "-"))
		return sct_sink__stdout_capture(s);
	if (cap_path) {
		s->cap_fd = open(cap_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (s->cap_fd < 0) {
			fprintf(stderr, "sctrace: cannot write %s: %s\n", cap_path, strerror(errno));
			return -1;
		}
		return 0;
	}
	s->text_on = true;
	s->lines = true;
	return sct_text__open(&s->text, text_path, per_thread,
			      replay ? STDOUT_FILENO : STDERR_FILENO);
}

int sct_sink__start(struct sct_sink *s, struct sctrace *t, uint32_t snaplen)
{
	const struct sctrace_info *info = sctrace_get_info(t);
	struct sct_cap_meta m = {
		.backend = sctrace_backend_name(t), .snaplen = snaplen,
		.nr_cpus = info->nr_cpus, .ring_size = info->ring_size,
		.max_tgids = info->max_tgids,
	};
	char err[256];

	if (s->cap_fd < 0)
		return 0;
	s->cap = sct_capw__open(s->cap_fd, s->cap_name, &m, err, sizeof(err));
	return s->cap ? 0 : sct_sink__fail(s, err);
}

int sct_sink__put(struct sct_sink *s, const struct sctrace_hdr *rec)
{
	if (sct_sink__stats_put(s, rec) < 0)
		return -1;
	if (s->text_on)
		return s->lines ? sct_text__put(&s->text, rec) : 0;
	if (sct_capw__record(s->cap, rec) < 0)
		return sct_sink__fail(s, sct_capw__errmsg(s->cap));
	return 0;
}

void sct_sink__flush(struct sct_sink *s)
{
	if (s->text_on)
		sct_text__flush(&s->text);
}

bool sct_sink__live(const struct sct_sink *s)
{
	return s->text_on && s->text.live;
}

int sct_sink__end(struct sct_sink *s, const struct sctrace_counters *c)
{
	char msg[256];

	if (!s->cap)
		return 0;
	if (!c) {
		snprintf(msg, sizeof(msg), "%s: no trailer written (no counters): the capture reads as cut short",
			 s->cap_name);
		return sct_sink__fail(s, msg);
	}
	if (sct_capw__finish(s->cap, c) < 0)
		return sct_sink__fail(s, sct_capw__errmsg(s->cap));
	return 0;
}

int sct_sink__close(struct sct_sink *s)
{
	char msg[256];
	int ret = 0;

	if (sct_sink__stats_end(s) < 0)
		ret = -1;
	sct_capw__free(s->cap);
	if (s->cap_fd >= 0 && close(s->cap_fd) < 0) {
		snprintf(msg, sizeof(msg), "cannot write %s: %s", s->cap_name, strerror(errno));
		sct_sink__fail(s, msg);
	}
	if (s->text_on)
		ret = sct_text__close(&s->text);
	return s->failed || ret ? -1 : 0;
}
