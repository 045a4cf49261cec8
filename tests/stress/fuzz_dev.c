// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_dev: a seeded, multi-threaded fuzzer of /dev/sctrace's ABI, to show
 * that nothing a root process does to the device hurts the kernel.
 *
 *   fuzz_dev [--seed S] [--ops N] [--threads T] [--hang SECS] [--no-hotplug]
 *            [--ko PATH | $SCTRACE_KO]
 *
 * T threads share the device's file descriptors and mappings and each runs
 * its share of N operations, drawn from its own generator (the seed and
 * its index): open, dup, close; every ioctl, well formed with random
 * contents (filters, capture plans with hostile items, start with and
 * without waiting, stop, sync, counters, in any order) and mutated
 * (number, direction and size bits, the struct's size field too small or
 * too large, the pointer NULL, unmapped, read-only, misaligned, running
 * into a guard page); mmap with random offsets, lengths, protections and
 * flags; munmap of whole mappings or pages of them, mremap, mprotect,
 * madvise; fork while mapped (the child touches what it sees, maps the
 * inherited fd, calls ioctls, exits); poll, read and write on the device;
 * random values in the control pages' cons_pos (and around it) while
 * capture runs; the rings read as a reader would, or at random; the
 * module's ring_size parameter; rmmod attempts (and insmod, when they
 * succeed). Meanwhile a workload process makes syscalls with hostile
 * pointers and one thread takes CPU 1 offline and online.
 *
 * A fault from touching a mapping that was legitimately taken away
 * (MADV_DONTNEED, mprotect, a child's view) is caught and counted, as are
 * errnos: what fails the run is a kernel splat in the log, a hang (no
 * operation returns for --hang seconds: the threads' kernel stacks are
 * printed), a process dying of a signal, or the module refusing to unload
 * or leaking memory: with $SCTRACE_KO the module is unloaded before the
 * run (the baseline) and after it, and /proc/meminfo compared. TAP.
 *
 * This file: the operation table, the threads and main(); fuzz_dev.h
 * says which file holds which operations.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz_dev.h"

const char *ko_path;
int nulldev = -1;	/* an fd that is not the device */
pid_t workload_pid;
_Atomic uint64_t child_bad, child_forks, reloads, reload_fail;

/* ---- operations and their outcomes ----------------------------------------- */

static const char *const op_names[NOPS] = {
	"open", "dup", "close", "ioctl", "ioctl-mutant", "mmap", "munmap", "mremap",
	"mprotect", "madvise", "fork-mapped", "poll", "read-write", "cons_pos",
	"read-ring", "noise", "ring_size-param", "rmmod",
};

static const unsigned int op_weight[NOPS] = {
	[OP_OPEN] = 40, [OP_DUP] = 5, [OP_CLOSE] = 30, [OP_IOCTL] = 300,
	[OP_IOCTL_MUTANT] = 120, [OP_MMAP] = 80, [OP_MUNMAP] = 50, [OP_MREMAP] = 15,
	[OP_MPROTECT] = 10, [OP_MADVISE] = 15, [OP_FORK] = 6, [OP_POLL] = 30,
	[OP_RW] = 10, [OP_CONS] = 150, [OP_READ_RING] = 100, [OP_NOISE] = 30,
	[OP_RING_PARAM] = 5, [OP_RMMOD] = 1,
};

static _Atomic uint64_t outcome[NOPS][STRESS_NERR];

void note(enum op op, long ret)
{
	int e = ret < 0 ? errno : 0;

	atomic_fetch_add(&outcome[op][e > 0 && e < STRESS_NERR ? e : 0], 1);
}

/* ---- a thread's scratch memory ------------------------------------------- */

static int scratch_init(struct scratch *x, uint64_t seed, int idx)
{
	uint8_t *a = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED)
		return -errno;
	x->rw = a;
	mprotect(a + 2 * PAGE, PAGE, PROT_NONE);
	x->ro = a + 3 * PAGE;
	mprotect(x->ro, PAGE, PROT_READ);
	x->gone = a + 4 * PAGE;
	munmap(x->gone, PAGE);
	/* items of up to 32 bytes each (item_size mutations) */
	x->items = calloc(ITEMS_MAX, 32);
	x->plan = malloc(sizeof(*x->plan));
	x->s = stress_mix(seed ^ (0x7468726561640000ULL + idx));
	x->idx = idx;
	return x->items && x->plan ? 0 : -ENOMEM;
}

/* ---- threads ---------------------------------------------------------------- */

static struct stress_opts opt = { .ops = 20000, .threads = 4, .hang = 120, .hotplug = true };

static void *worker(void *arg)
{
	int idx = (int)(uintptr_t)arg;
	uint64_t n = opt.ops / opt.threads + ((uint64_t)idx < opt.ops % opt.threads), i;
	struct scratch x;
	enum op op;

	if (scratch_init(&x, opt.seed, idx)) {
		printf("# thread %d: no scratch memory\n", idx);
		return (void *)1;
	}
	stress_guard_thread();
	for (i = 0; i < n; i++) {
		op = rnd_pick(&x.s, op_weight, NOPS);
		atomic_store(&stress_doing[idx], op_names[op]);
		switch (op) {
		case OP_OPEN: op_open(&x); break;
		case OP_DUP: op_dup(&x); break;
		case OP_CLOSE: op_close(&x); break;
		case OP_IOCTL: op_ioctl(&x, false); break;
		case OP_IOCTL_MUTANT: op_ioctl(&x, true); break;
		case OP_MMAP: op_mmap(&x); break;
		case OP_MUNMAP: op_munmap(&x); break;
		case OP_MREMAP: op_mremap(&x); break;
		case OP_MPROTECT: op_mprotect(&x); break;
		case OP_MADVISE: op_madvise(&x); break;
		case OP_FORK: op_fork(&x); break;
		case OP_POLL: op_poll(&x); break;
		case OP_RW: op_rw(&x); break;
		case OP_CONS: op_cons(&x); break;
		case OP_READ_RING: op_read_ring(&x); break;
		case OP_NOISE: op_noise(&x); break;
		case OP_RING_PARAM: op_ring_param(&x); break;
		case OP_RMMOD: op_rmmod(&x); break;
		case NOPS: break;
		}
		atomic_fetch_add(&stress_progress, 1);
	}
	atomic_store(&stress_doing[idx], NULL);
	return NULL;
}

static void other_opt(int code, const char *arg)
{
	if (code == 'k' + 256)
		ko_path = arg;
}

/*
 * TAP: 1 baseline reload, 2 the run, 3 the workload, 4 forked children,
 * 5 reopen, 6 rmmod, 7 memory, 8 insmod, 9 kernel log.
 */
int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "ko", required_argument, NULL, 'k' + 256 }, { NULL, 0, NULL, 0 },
	};
	pthread_t th[STRESS_MAX_THREADS];
	struct meminfo before = { 0 }, after = { 0 };
	bool reload, hotplug, threads_ok = true;
	long long t0, ms;
	int c, i, kmsg, st, fd;
	long tol_free, tol_slab;
	void *ret;

	ko_path = getenv("SCTRACE_KO");
	stress_getopt(argc, argv, &opt, lo, other_opt, "fuzz_dev [--seed S] [--ops N] "
		      "[--threads T] [--hang SECS] [--no-hotplug] [--ko PATH]");
	if (ko_path && !*ko_path)
		ko_path = NULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < MAX_FDS; i++)
		fds.fd[i] = -1;
	nulldev = open("/dev/null", O_RDWR | O_CLOEXEC);
	printf("# fuzz_dev --seed %llu --ops %llu --threads %u (replay: the same seed)\n",
	       (unsigned long long)opt.seed, (unsigned long long)opt.ops, opt.threads);
	tap_plan(9);
	kmsg = kmsg_mark();

	/* 1: the baseline, with the module unloaded */
	reload = ko_path && geteuid() == 0;
	if (reload) {
		bool ok = (access("/sys/module/sctrace", F_OK) || unload_wait() == 0) &&
			  meminfo_read(&before) == 0 && mod_load("ring_size=65536") == 0;

		tap_ok(ok, "the module unloads and loads again for the baseline (%s)", ko_path);
		reload = ok;
	} else {
		tap_skip("no module to reload: set SCTRACE_KO (or --ko) and run as root",
			 "the module unloads and loads again for the baseline");
		write_str(RING_PARAM, "65536");
	}

	/* 2: the run */
	stress_guard_install();
	workload_pid = stress_workload_start(opt.seed);
	hotplug = opt.hotplug && stress_hotplug_start(opt.seed);
	stress_watchdog_start(opt.hang);
	t0 = stress_now_ms();
	for (i = 0; i < (int)opt.threads; i++)
		stress_thread(&th[i], worker, (void *)(uintptr_t)i);
	for (i = 0; i < (int)opt.threads; i++) {
		pthread_join(th[i], &ret);
		threads_ok &= ret == NULL;
	}
	ms = stress_now_ms() - t0;
	stress_watchdog_stop();
	if (hotplug)
		stress_hotplug_stop();
	close_everything();
	stress_print_outcomes(op_names, outcome, NOPS);
	tap_ok(threads_ok, "%llu operations by %u threads in %.1f s, seed %llu: %llu faults "
	       "caught, %llu CPU 1 offline/online cycles%s, %llu rmmod+insmod",
	       (unsigned long long)opt.ops, opt.threads, ms / 1000.0,
	       (unsigned long long)opt.seed, (unsigned long long)stress_faults,
	       (unsigned long long)stress_hotplugs, hotplug ? "" : !opt.hotplug ? " (--no-hotplug)" : " (CPU 1 not writable)",
	       (unsigned long long)reloads);

	/* 3, 4 */
	st = stress_workload_stop(workload_pid);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "the traced workload exits cleanly (wait status %#x)", st);
	tap_ok(!child_bad && !reload_fail,
	       "%llu children forked while mapped exit normally or of SIGSEGV/SIGBUS "
	       "(%llu did not); every rmmod is followed by an insmod (%llu failed)",
	       (unsigned long long)child_forks, (unsigned long long)child_bad,
	       (unsigned long long)reload_fail);

	/* 5: nothing left open */
	fd = open(DEV, O_RDWR);
	tap_ok(fd >= 0, "/dev/sctrace opens again once everything is closed (%s)",
	       fd >= 0 ? "yes" : strerror(errno));
	if (fd >= 0)
		close(fd);

	/* 6-8: unload, memory, load */
	if (reload) {
		int err = unload_wait();

		tap_ok(!err, "rmmod sctrace after the run (%s)", err ? strerror(-err) : "unloaded");
		meminfo_read(&after);
		/*
		 * Tolerances: every open vmallocs 1.1 MiB (two 512 KiB pid
		 * bitmaps, two 72 KiB plans), so one leaked open shows in
		 * VmallocUsed; 512 KiB is far above the noise of the kernel's
		 * own (exited tasks' stacks are 16 KiB). Rings are pages (136
		 * KiB per open at 64 KiB rings): MemFree, less what slab
		 * took, may drop 32 MiB (page cache dropped first; per-CPU
		 * lists, tmpfs). Slab may grow 16 MiB; under KASAN its
		 * quarantine of freed objects (up to 1/32 of memory) is
		 * freed by meminfo_read()'s shrink of every cache, and only
		 * counted in when the kernel has no /sys/kernel/slab to
		 * shrink (a 1,000,000-operation run in 6.1-debug: +804 KiB).
		 */
		tol_free = 32 << 10;
		tol_slab = (16 << 10) +
			   (kernel_has_kasan() && !after.shrunk ? before.total / 32 : 0);
		printf("# KiB before load / after unload: MemFree %ld / %ld, Slab %ld / %ld, "
		       "SUnreclaim %ld / %ld, VmallocUsed %ld / %ld\n", before.free, after.free,
		       before.slab, after.slab, before.sunreclaim, after.sunreclaim,
		       before.vmalloc, after.vmalloc);
		tap_ok(!err && after.vmalloc - before.vmalloc <= 512 &&
		       after.slab - before.slab <= tol_slab &&
		       (before.free - after.free) - (after.slab - before.slab) <= tol_free,
		       "no leak: VmallocUsed %+ld KiB (<= 512), Slab %+ld KiB (<= %ld), MemFree "
		       "less slab %+ld KiB (>= -%ld)", after.vmalloc - before.vmalloc,
		       after.slab - before.slab, tol_slab,
		       (after.free - before.free) + (after.slab - before.slab), tol_free);
		tap_ok(mod_load("") == 0, "insmod %s again", ko_path);
	} else {
		for (i = 0; i < 3; i++)
			tap_skip("no module to reload", "rmmod, memory, insmod");
	}

	/* 9 */
	c = kmsg < 0 ? -1 : kmsg_scan(kmsg);
	tap_ok(c == 0, "the kernel log has no splat (BUG, WARNING, KASAN, UBSAN, lockdep, "
	       "RCU stall, Oops) since the start%s", c < 0 ? ": cannot read /dev/kmsg" : "");
	return tap_failed() ? 1 : 0;
}
