/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel-side fuzzers (fuzz_dev: /dev/sctrace; fuzz_bpfmaps: the
 * eBPF backend's maps) share: seeded random numbers, TAP, the hang
 * watchdog, touching memory that may go away, the traced workload, CPU
 * hotplug, the kernel log scan and /proc/meminfo.
 *
 * Reproducible: every thread draws from its own generator, derived from
 * the seed and its index, and runs a fixed share of the operations; a
 * seed replays each thread's sequence (not the threads' interleaving).
 */
#ifndef SCT_STRESS_H
#define SCT_STRESS_H

#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sctrace_abi.h"
#include "xorshift.h"

/* splitmix64: well-spread, non-zero per-thread states from one seed */
uint64_t stress_mix(uint64_t x);
static inline uint64_t rnd(uint64_t *s) { return xorshift64(s); }
static inline uint64_t rnd_below(uint64_t *s, uint64_t n) { return n ? rnd(s) % n : 0; }
/* true with probability 1/n */
static inline bool rnd_one_in(uint64_t *s, uint64_t n) { return rnd_below(s, n) == 0; }
/* a hostile 64-bit value: 0, ~0, near powers of two, or random bits */
uint64_t rnd_hostile(uint64_t *s);
/* picks index i of weights w[0..n-1] */
unsigned int rnd_pick(uint64_t *s, const unsigned int *w, unsigned int n);

/* TAP, numbered as they come; stress_plan() first. */
void tap_plan(int n);
/* pthread_create() that cannot fail quietly: "Bail out!" and exit 1 */
void stress_thread(pthread_t *t, void *(*fn)(void *), void *arg);
void tap_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tap_failed(void);

/* CPU 1 offline (0) or online (1): 0 or -errno */
int cpu1_set(int on);

/*
 * Hang watchdog: workers bump stress_progress; stress_watchdog_start()
 * runs a thread that, after `secs` seconds without progress, prints each
 * task's kernel stack and what stress_doing[] says, then exits 3.
 */
#define STRESS_MAX_THREADS	32
extern _Atomic uint64_t stress_progress;
extern const char *_Atomic stress_doing[STRESS_MAX_THREADS];
void stress_watchdog_start(unsigned int secs);
void stress_watchdog_stop(void);

/*
 * Touching memory that another thread, MADV_DONTNEED or a child's view
 * may have taken away: SIGSEGV/SIGBUS inside STRESS_TRY() jump back,
 * counted in stress_faults; outside it they kill the process (a fuzzer
 * bug). stress_guard_thread() once per thread (an alternate stack).
 */
struct stress_guard {
	sigjmp_buf jb;
	volatile int armed;
};
extern __thread struct stress_guard stress_guard;
extern _Atomic uint64_t stress_faults;
void stress_guard_install(void);
void stress_guard_thread(void);
#define STRESS_TRY()	(stress_guard.armed = 1, sigsetjmp(stress_guard.jb, 1) == 0)
#define STRESS_END()	(stress_guard.armed = 0)

/*
 * The traced workload: a child process whose threads make syscalls with
 * hostile pointer arguments (getuid & co. ignore theirs; read, writev,
 * openat fault on them), fork and reap children, signal themselves.
 * Stopped by stress_workload_stop(): its exit status, 0 when clean.
 */
pid_t stress_workload_start(uint64_t seed);
int stress_workload_stop(pid_t pid);
/* syscall numbers the workload makes with hostile arguments */
extern const unsigned int stress_workload_nrs[];
extern const unsigned int stress_workload_nnrs;
/*
 * A capture item on one of those syscalls (i386: getuid, write), valid
 * by construction 7 times in 8 (sct_plan_add() may still refuse it in a
 * plan: two on one argument, too many), else random bytes.
 */
void stress_cap_item(uint64_t *s, struct sctrace_cap_item *it);

/* CPU 1 offline and online in a loop, when its online file is writable. */
bool stress_hotplug_start(uint64_t seed);
void stress_hotplug_stop(void);	/* leaves CPU 1 online */
extern _Atomic uint64_t stress_hotplugs;

/* The kernel log: from now on (kmsg_mark), the splats since (kmsg_scan). */
int kmsg_mark(void);
int kmsg_scan(int fd);	/* lines matching a splat, printed as TAP comments */

/* /proc/meminfo fields, KiB */
struct meminfo {
	long free, slab, sunreclaim, vmalloc, total;
	int shrunk;	/* slab caches shrunk first (0: no /sys/kernel/slab) */
};
/* after dropping the page cache and shrinking every slab cache */
int meminfo_read(struct meminfo *m);
bool kernel_has_kasan(void);

/*
 * Outcomes of each kind of operation: [op][0] successes, [op][e] failures
 * with errno e; printed as TAP comments, one line per kind.
 */
#define STRESS_NERR	134
void stress_print_outcomes(const char *const *names, _Atomic uint64_t (*outcome)[STRESS_NERR],
			   unsigned int nops);

/*
 * The options both fuzzers take: --seed S (default: from the time and
 * pid), --ops N, --threads T, --hang SECS, --no-hotplug. Any of more[]
 * (a NULL-terminated getopt_long table, short codes above 255) goes to
 * other(); an unknown one or a bad count prints usage and exits 2.
 */
#include <getopt.h>
struct stress_opts {
	uint64_t seed, ops;
	unsigned int threads, hang;
	bool hotplug;
};
void stress_getopt(int argc, char **argv, struct stress_opts *o, const struct option *more,
		   void (*other)(int code, const char *arg), const char *usage);

long long stress_now_ms(void);
/* runs argv, waits: its wait status, -1 if it could not run */
int stress_run(char *const argv[]);

#endif /* SCT_STRESS_H */
