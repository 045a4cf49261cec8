/* SPDX-License-Identifier: MIT */
/*
 * sysbench: the syscall workload of tools/bench-run. Four modes, one
 * file each:
 *   micro   (sysbench.c)  fixed counts of four syscalls, ns per call
 *   rate    (bench_rate.c) a paced getppid generator, N threads, one per CPU
 *   rusage  (bench_rusage.c) run a command, report its own CPU time
 *   sync    (bench_sync.c) how long the reader's ordering wait takes
 */
#ifndef SCT_BENCH_H
#define SCT_BENCH_H

#include <stdint.h>
#include <stdio.h>

/* CLOCK_MONOTONIC in ns, through the vDSO: no syscall, so never traced. */
uint64_t bench_now_ns(void);

/* Parses a positive decimal (k/M suffixes allowed); exits 2 if invalid. */
uint64_t bench_parse_u64(const char *opt, const char *s);

/* Opens FILE for writing ("-" is stdout); exits 1 if it cannot. */
FILE *bench_open_out(const char *path);

/* Waits for SIGUSR1 after writing our pid to pidfile (for "-p" tracers). */
void bench_wait_start(const char *pidfile);

int bench_rate_main(int argc, char **argv);
int bench_rusage_main(int argc, char **argv);
int bench_sync_main(int argc, char **argv);

#endif /* SCT_BENCH_H */
