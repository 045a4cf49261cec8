// SPDX-License-Identifier: MIT
/*
 * sysbench micro: ns per call of four syscalls, each the minimum over
 * several repetitions of a fixed count, as CSV:
 *
 *   op,calls_per_op,count,reps,ns_min,ns_median
 *   getppid,1,100000,5,431.2,437.9
 *
 *   getppid       syscall(SYS_getppid): the bare cost of a traced syscall
 *   close_fail    close(-1) = -EBADF: an error return
 *   read_zero     a 1-byte read(2) from /dev/zero
 *   openat_close  openat(AT_FDCWD, PATH) + close: a path string to capture
 *                 (two syscalls per op; ns are per op)
 *
 * Repetitions are interleaved (rep 1 of every op, then rep 2, ...) so that
 * a slow phase of the machine does not hit one op only. The timer is the
 * vDSO clock: the only syscalls in a timed loop are the measured ones.
 * --pause-ms sleeps between timed runs (untimed) so that a tracer's reader
 * can drain its buffers: with a count that fits in the buffers, every
 * timed call is then recorded, not dropped.
 *
 * Usage: sysbench [micro] [--count N] [--reps R] [--pause-ms MS] [--op NAME]
 *                 [--path FILE] [--out FILE] [--wait-start PIDFILE]
 * (--op: only that op, for profiles)
 *        sysbench rate ...      (bench_rate.c)
 *        sysbench rusage ...    (bench_rusage.c)
 *        sysbench sync ...      (bench_sync.c)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define BENCH_MAX_REPS	101

struct bench_op {
	const char *name;
	unsigned int calls;	/* syscalls per op */
	double ns[BENCH_MAX_REPS];
};

struct bench_ctx {
	const char *path;
	int zero_fd;
};

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t bench_parse_u64(const char *opt, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end == 'k')
		v *= 1000, end++;
	else if (*end == 'M')
		v *= 1000000, end++;
	if (!*s || *end || errno || v == 0) {
		fprintf(stderr, "sysbench: %s %s: not a positive number\n", opt, s);
		exit(2);
	}
	return v;
}

FILE *bench_open_out(const char *path)
{
	FILE *f;

	if (!strcmp(path, "-"))
		return stdout;
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "sysbench: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

void bench_wait_start(const char *pidfile)
{
	sigset_t set;
	FILE *f;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	f = bench_open_out(pidfile);
	fprintf(f, "%d\n", (int)getpid());
	if (fclose(f)) {
		fprintf(stderr, "sysbench: cannot write %s\n", pidfile);
		exit(1);
	}
	sigwait(&set, &sig);
}

/* Runs count ops of op i; returns ns per op. */
static double bench_run(const struct bench_ctx *c, int i, uint64_t count)
{
	char byte;
	uint64_t n, t0;
	int fd;

	t0 = bench_now_ns();
	for (n = 0; n < count; n++) {
		switch (i) {
		case 0:
			syscall(SYS_getppid);
			break;
		case 1:
			syscall(SYS_close, -1);
			break;
		case 2:
			if (read(c->zero_fd, &byte, 1) != 1)
				exit(1);
			break;
		default:
			fd = openat(AT_FDCWD, c->path, O_RDONLY);
			if (fd < 0)
				exit(1);
			close(fd);
			break;
		}
	}
	return (double)(bench_now_ns() - t0) / (double)count;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int bench_micro(int argc, char **argv)
{
	struct bench_op ops[] = {
		{ "getppid", 1, { 0 } }, { "close_fail", 1, { 0 } },
		{ "read_zero", 1, { 0 } }, { "openat_close", 2, { 0 } },
	};
	const char *out_path = "-", *wait_file = NULL, *only = NULL;
	struct bench_ctx c = { .path = "/etc/passwd", .zero_fd = -1 };
	uint64_t count = 100000, reps = 5, pause_ms = 0, r;
	int i, fd, nops = sizeof(ops) / sizeof(ops[0]);
	FILE *out;

	for (i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : "";

		if (!strcmp(argv[i], "--count"))
			count = bench_parse_u64(argv[i], v);
		else if (!strcmp(argv[i], "--reps"))
			reps = bench_parse_u64(argv[i], v);
		else if (!strcmp(argv[i], "--pause-ms"))
			pause_ms = bench_parse_u64(argv[i], v);
		else if (!strcmp(argv[i], "--op"))
			only = v;
		else if (!strcmp(argv[i], "--path"))
			c.path = v;
		else if (!strcmp(argv[i], "--out"))
			out_path = v;
		else if (!strcmp(argv[i], "--wait-start"))
			wait_file = v;
		else {
			fprintf(stderr, "sysbench: unknown option %s\n", argv[i]);
			return 2;
		}
		i++;
	}
	if (reps > BENCH_MAX_REPS) {
		fprintf(stderr, "sysbench: --reps: at most %d\n", BENCH_MAX_REPS);
		return 2;
	}
	out = bench_open_out(out_path);
	c.zero_fd = open("/dev/zero", O_RDONLY);
	fd = open(c.path, O_RDONLY);
	if (c.zero_fd < 0 || fd < 0) {
		fprintf(stderr, "sysbench: cannot open /dev/zero or %s: %s\n", c.path,
			strerror(errno));
		return 1;
	}
	close(fd);
	if (wait_file)
		bench_wait_start(wait_file);

	for (i = 0; i < nops; i++)	/* warm up caches and the tracer */
		if (!only || !strcmp(only, ops[i].name))
			bench_run(&c, i, count / 10 + 1);
	for (r = 0; r < reps; r++)
		for (i = 0; i < nops; i++) {
			if (only && strcmp(only, ops[i].name))
				continue;
			if (pause_ms)
				usleep((useconds_t)(pause_ms * 1000));
			ops[i].ns[r] = bench_run(&c, i, count);
		}

	fprintf(out, "op,calls_per_op,count,reps,ns_min,ns_median\n");
	for (i = 0; i < nops; i++) {
		if (only && strcmp(only, ops[i].name))
			continue;
		qsort(ops[i].ns, reps, sizeof(double), bench_cmp);
		fprintf(out, "%s,%u,%llu,%llu,%.1f,%.1f\n", ops[i].name, ops[i].calls,
			(unsigned long long)count, (unsigned long long)reps,
			ops[i].ns[0], ops[i].ns[reps / 2]);
	}
	return fclose(out) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "rate"))
		return bench_rate_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "rusage"))
		return bench_rusage_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "sync"))
		return bench_sync_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "micro"))
		return bench_micro(argc - 1, argv + 1);
	return bench_micro(argc, argv);
}
