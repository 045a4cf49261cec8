// SPDX-License-Identifier: MIT
/*
 * sysbench rate: getppid at a fixed total rate from N threads, thread i
 * pinned to CPU i, for a fixed time. Prints one CSV line:
 *
 *   target_rate,threads,seconds,calls,achieved_rate
 *
 * Each thread makes its share in 1 ms chunks and sleeps (clock_nanosleep,
 * absolute) until the next chunk is due, so the CPU it does not need is
 * left to the reader; a thread that falls behind never sleeps. The sleeps
 * are syscalls too (two per ms per thread, not counted in calls).
 *
 * Usage: sysbench rate --rate N [--threads 2] [--seconds 2] [--out FILE]
 *                      [--wait-start PIDFILE]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define RATE_MAX_THREADS	64
#define RATE_TICK_NS		1000000ull

struct rate_thread {
	pthread_t th;
	int cpu;
	double rate;		/* calls per second for this thread */
	uint64_t t0, t_end;
	uint64_t calls;
};

static pthread_barrier_t rate_barrier;

static void rate_sleep_until(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000u),
			       .tv_nsec = (long)(ns % 1000000000u) };

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

static void *rate_thread_main(void *arg)
{
	struct rate_thread *t = arg;
	uint64_t chunk, tick, k, i, now;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(t->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set); /* best effort */
	chunk = (uint64_t)(t->rate * RATE_TICK_NS / 1e9);
	if (chunk == 0)
		chunk = 1;
	tick = (uint64_t)(chunk * 1e9 / t->rate);
	pthread_barrier_wait(&rate_barrier);
	for (k = 0;; k++) {
		now = bench_now_ns();
		if (now >= t->t_end)
			break;
		if (now < t->t0 + k * tick)
			rate_sleep_until(t->t0 + k * tick);
		for (i = 0; i < chunk; i++)
			syscall(SYS_getppid);
		t->calls += chunk;
	}
	return NULL;
}

int bench_rate_main(int argc, char **argv)
{
	static struct rate_thread th[RATE_MAX_THREADS];
	const char *out_path = "-", *wait_file = NULL;
	uint64_t rate = 0, nthreads = 2, seconds = 2, calls = 0, t0, t1;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int i;
	FILE *out;
	int a;

	for (a = 1; a < argc; a += 2) {
		const char *v = a + 1 < argc ? argv[a + 1] : "";

		if (!strcmp(argv[a], "--rate"))
			rate = bench_parse_u64(argv[a], v);
		else if (!strcmp(argv[a], "--threads"))
			nthreads = bench_parse_u64(argv[a], v);
		else if (!strcmp(argv[a], "--seconds"))
			seconds = bench_parse_u64(argv[a], v);
		else if (!strcmp(argv[a], "--out"))
			out_path = v;
		else if (!strcmp(argv[a], "--wait-start"))
			wait_file = v;
		else {
			fprintf(stderr, "sysbench rate: unknown option %s\n", argv[a]);
			return 2;
		}
	}
	if (!rate || nthreads > RATE_MAX_THREADS) {
		fprintf(stderr, "sysbench rate: need --rate N and at most %d threads\n",
			RATE_MAX_THREADS);
		return 2;
	}
	out = bench_open_out(out_path);
	if (wait_file)
		bench_wait_start(wait_file);
	if (ncpu < 1)
		ncpu = 1;
	pthread_barrier_init(&rate_barrier, NULL, (unsigned int)nthreads + 1);
	t0 = bench_now_ns() + 20000000u;	/* all threads start together */
	for (i = 0; i < nthreads; i++) {
		th[i].cpu = (int)(i % (unsigned long)ncpu);
		th[i].rate = (double)rate / (double)nthreads;
		th[i].t0 = t0;
		th[i].t_end = t0 + seconds * 1000000000u;
		if (pthread_create(&th[i].th, NULL, rate_thread_main, &th[i])) {
			fprintf(stderr, "sysbench rate: cannot start a thread\n");
			return 1;
		}
	}
	pthread_barrier_wait(&rate_barrier);
	for (i = 0; i < nthreads; i++) {
		pthread_join(th[i].th, NULL);
		calls += th[i].calls;
	}
	t1 = bench_now_ns();
	fprintf(out, "target_rate,threads,seconds,calls,achieved_rate\n");
	fprintf(out, "%llu,%llu,%llu,%llu,%.0f\n", (unsigned long long)rate,
		(unsigned long long)nthreads, (unsigned long long)seconds,
		(unsigned long long)calls, (double)calls * 1e9 / (double)(t1 - t0));
	return fclose(out) ? 1 : 0;
}
