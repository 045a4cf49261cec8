// SPDX-License-Identifier: GPL-2.0
/*
 * Exact accounting of a long mixed workload through one backend.
 *
 * A child of two threads makes getppid(), close(-1), read(/dev/zero, 1
 * byte) and openat(/dev/null) + close(fd), in that order, a known number
 * of times; this reader counts every record libsctrace hands out, per
 * syscall and type. Nothing else the child does is traced (the syscall
 * filter names these four; the threads exist and /dev/zero is open before
 * capture starts; the child waits and reports through shared memory,
 * never through a traced syscall), so what the kernel had to record is
 * known exactly: two records (enter, exit) per call, and one task-exit
 * record per thread (3).
 *
 * Checked: records read == counters' written; written + dropped == made,
 * in total; per syscall, enter and exit records == calls made when
 * nothing was dropped (the counters give drops per CPU, not per syscall:
 * with drops, per syscall only delivered <= made holds); each thread's
 * records in time order; and, so that none of this can pass vacuously, the
 * same checks on the same counts with one record taken away must fail.
 *
 * With -H N, CPU 1 goes offline and back N times while the workload runs
 * (until told to stop): both CPUs' records must still be there and add up.
 *
 * TAP. Usage: accounting [-b kmod|bpf] [-n SYSCALLS] [-H HOTPLUGS] [-w]
 *   -b  backend (default $SCTRACE_TEST_BACKEND, else kmod)
 *   -n  syscalls to make, both threads together (default 100000)
 *   -H  hotplug cycles of CPU 1 during capture (the workload then runs
 *       until they are done; -n is ignored). In a guest: it takes the
 *       CPU of whatever machine it runs on offline.
 *   -w  lossless (SCTRACE_START_WAIT) where the backend can: no drops
 *   -q  no per-run comment lines
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libsctrace.h"
#include "stress.h"

#define NTHREADS	2
#define PER_ITER	5	/* syscalls per iteration of a thread */
#define NEXITS		(NTHREADS + 1)	/* task-exit records: threads + main */

/* The syscalls of the workload, in the order an iteration makes them. */
static const struct {
	const char *name;
	unsigned int nr;
	unsigned int per_iter;
} sys_made[] = {
	{ "getppid", SYS_getppid, 1 },
	{ "close", SYS_close, 2 },	/* close(-1), close(the openat's fd) */
	{ "read", SYS_read, 1 },
	{ "openat", SYS_openat, 1 },
};
#define NSYS (sizeof(sys_made) / sizeof(sys_made[0]))

/* Shared with the child: the parent writes go/stop, the threads done[]. */
struct shared {
	atomic_int ready;	/* the child's threads exist */
	atomic_int go;
	atomic_int stop;
	atomic_long done[NTHREADS];	/* iterations completed */
	long iters;			/* per thread; 0: until stop */
	int zero_fd;
};

/* What the reader saw. */
struct seen {
	unsigned long long enter[NSYS], exit[NSYS];
	unsigned long long task_exits, forks, lost_recs, lost_sum;
	unsigned long long other;	/* anything the filter should have kept out */
	unsigned long long records;	/* every record but SCTRACE_REC_LOST */
	unsigned long long per_cpu[2];
	unsigned long long out_of_order;
	pid_t tid[NEXITS];
	unsigned long long last_ts[NEXITS];
};

struct worker {
	struct shared *sh;
	int i;
	pthread_t th;
};

static void *worker(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	char c;
	long i;
	int fd;

	while (!atomic_load(&sh->go))
		sched_yield();		/* not traced */
	for (i = 0; !sh->iters || i < sh->iters; i++) {
		if (atomic_load_explicit(&sh->stop, memory_order_relaxed))
			break;
		syscall(SYS_getppid);
		syscall(SYS_close, -1);
		if (syscall(SYS_read, sh->zero_fd, &c, 1) != 1)
			_exit(90);
		fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(91);
		syscall(SYS_close, fd);
		/* counted once the iteration is whole: stop never cuts one */
		atomic_store_explicit(&sh->done[w->i], i + 1, memory_order_relaxed);
	}
	return NULL;
}

/*
 * The child: /dev/zero open and both threads started before capture does
 * (so no fork record and no untraced-syscall surprises), then wait.
 */
static void child(struct shared *sh)
{
	struct worker w[NTHREADS];
	int i;

	/* a reader that dies (or bails out) takes the workload with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sh->zero_fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	if (sh->zero_fd < 0)
		_exit(92);
	for (i = 0; i < NTHREADS; i++) {
		w[i].sh = sh;
		w[i].i = i;
		if (pthread_create(&w[i].th, NULL, worker, &w[i]))
			_exit(93);
	}
	atomic_store(&sh->ready, 1);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(w[i].th, NULL);
	_exit(0);
}

static int sys_index(unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < NSYS; i++)
		if (sys_made[i].nr == nr)
			return (int)i;
	return -1;
}

/* One record libsctrace handed out, counted. */
static void count(struct seen *s, const struct sctrace_hdr *h, pid_t child)
{
	const struct sctrace_sys_enter *e = (const void *)h;
	int i, k;

	if (h->type == SCTRACE_REC_LOST) {
		s->lost_recs++;
		s->lost_sum += ((const struct sctrace_lost *)h)->lost;
		return;
	}
	s->records++;
	if (h->cpu < 2)
		s->per_cpu[h->cpu]++;
	if ((pid_t)h->tgid != child) {
		s->other++;
		return;
	}
	for (k = 0; k < NEXITS && s->tid[k] && s->tid[k] != (pid_t)h->tid; k++)
		;
	if (k == NEXITS) {
		s->other++;
		return;
	}
	s->tid[k] = h->tid;
	if (h->ts_ns < s->last_ts[k])
		s->out_of_order++;
	s->last_ts[k] = h->ts_ns;
	switch (h->type) {
	case SCTRACE_REC_SYS_ENTER:
	case SCTRACE_REC_SYS_EXIT:	/* both carry nr right after the header */
		i = sys_index(e->nr);
		if (i < 0)
			s->other++;
		else if (h->type == SCTRACE_REC_SYS_ENTER)
			s->enter[i]++;
		else
			s->exit[i]++;
		break;
	case SCTRACE_REC_EXIT:
		s->task_exits++;
		break;
	case SCTRACE_REC_FORK:
		s->forks++;
		break;
	default:
		s->other++;
	}
}

struct totals {
	unsigned long long made[NSYS];	/* calls made, per syscall */
	unsigned long long written, dropped;
};

static unsigned long long made_records(const struct totals *t)
{
	unsigned long long n = NEXITS;
	unsigned int i;

	for (i = 0; i < NSYS; i++)
		n += 2 * t->made[i];
	return n;
}

/* The count checks; 0 when they hold, else why not in why. */
static int check_total(const struct seen *s, const struct totals *t,
		       char *why, size_t n)
{
	if (s->records != t->written) {
		snprintf(why, n, "%llu records read, %llu written", s->records, t->written);
		return -1;
	}
	if (s->records + t->dropped != made_records(t)) {
		snprintf(why, n, "%llu delivered + %llu dropped != %llu made",
			 s->records, t->dropped, made_records(t));
		return -1;
	}
	return 0;
}

static int check_per_syscall(const struct seen *s, const struct totals *t,
			     char *why, size_t n)
{
	unsigned int i;

	for (i = 0; i < NSYS; i++) {
		bool ok = t->dropped ?
			s->enter[i] <= t->made[i] && s->exit[i] <= t->made[i] :
			s->enter[i] == t->made[i] && s->exit[i] == t->made[i];

		if (!ok) {
			snprintf(why, n, "%s: %llu made, %llu enter and %llu exit records",
				 sys_made[i].name, t->made[i], s->enter[i], s->exit[i]);
			return -1;
		}
	}
	if (t->dropped ? s->task_exits > NEXITS : s->task_exits != NEXITS) {
		snprintf(why, n, "%llu task-exit records, %d threads", s->task_exits, NEXITS);
		return -1;
	}
	return 0;
}

static int check_all(const struct seen *s, const struct totals *t)
{
	char why[160];

	return check_total(s, t, why, sizeof(why)) ||
	       check_per_syscall(s, t, why, sizeof(why));
}

struct hotplug {
	struct shared *sh;
	int cycles, done, err;
};

/* CPU 1 offline and back, cycles times, then the workload stops. */
static void *hotplug_thread(void *arg)
{
	struct hotplug *hp = arg;
	const struct timespec pause = { 0, 100 * 1000 * 1000 };

	for (; hp->done < hp->cycles; hp->done++) {
		nanosleep(&pause, NULL);
		hp->err = cpu1_set(0);
		if (hp->err)
			break;
		nanosleep(&pause, NULL);
		hp->err = cpu1_set(1);
		if (hp->err)
			break;
	}
	atomic_store(&hp->sh->stop, 1);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: accounting [-b kmod|bpf] [-n SYSCALLS] [-H HOTPLUGS] [-w] [-q]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = SCTRACE_BACKEND_KMOD };
	struct sctrace_counters c = { .size = sizeof(c) };
	const char *b = getenv("SCTRACE_TEST_BACKEND");
	long long syscalls = 100000;
	struct hotplug hp = { 0 };
	struct sctrace_filter f;
	const struct sctrace_hdr *h;
	struct totals tot = { 0 };
	struct seen s = { 0 }, bad;
	pthread_t hp_th;
	struct shared *sh;
	struct sctrace *t;
	int opt, ret, status = -1, wait = 0, quiet = 0, reaped = 0;
	unsigned long long iters = 0;
	unsigned int i;
	char err[512] = "", why[160];
	double t0, secs;
	pid_t pid;

	while ((opt = getopt(argc, argv, "b:n:H:wq")) != -1) {
		switch (opt) {
		case 'b': b = optarg; break;
		case 'n': syscalls = atoll(optarg); break;
		case 'H': hp.cycles = atoi(optarg); break;
		case 'w': wait = 1; break;
		case 'q': quiet = 1; break;
		default: usage();
		}
	}
	if (b && !strcmp(b, "bpf"))
		o.backend = SCTRACE_BACKEND_BPF;
	else if (b && strcmp(b, "kmod"))
		usage();
	if (syscalls < NTHREADS * PER_ITER || hp.cycles < 0)
		usage();
	b = o.backend == SCTRACE_BACKEND_BPF ? "bpf" : "kmod";
	tap_plan(hp.cycles ? 10 : 9);
	if (hp.cycles && (sysconf(_SC_NPROCESSORS_ONLN) < 2 ||
			  access("/sys/devices/system/cpu/cpu1/online", W_OK))) {
		for (i = 1; i <= 10; i++)
			printf("ok %u - %s: hotplug # SKIP needs a second CPU that can go offline\n", i, b);
		return 0;
	}

	/* 1. the workload, forked before the reader opens anything */
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return perror("mmap"), 1;
	sh->iters = hp.cycles ? 0 : syscalls / (NTHREADS * PER_ITER);
	hp.sh = sh;
	pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (!pid)
		child(sh);
	while (!atomic_load(&sh->ready) && waitpid(pid, &status, WNOHANG) == 0)
		usleep(1000);

	/* 2. the backend: the child's tgid, the four syscalls */
	t = sctrace_open(&o, err, sizeof(err));
	if (!t) {
		printf("Bail out! %s: open: %s\n", b, err);
		kill(pid, SIGKILL);
		return 1;
	}
	memset(&f, 0, sizeof(f));
	f.size = sizeof(f);
	f.ntgids = 1;
	f.tgids[0] = pid;
	for (i = 0; i < NSYS; i++)
		f.syscalls[sys_made[i].nr / 64] |= 1ull << (sys_made[i].nr % 64);
	ret = sctrace_set_filter(t, &f);
	if (!ret && wait) {
		ret = sctrace_set_wait(t, true);
		if (ret == -EOPNOTSUPP)
			ret = 0, wait = 0;
	}
	if (!ret)
		ret = sctrace_start(t, 0);
	if (ret) {
		printf("Bail out! %s: start: %s\n", b, sctrace_errmsg(t));
		kill(pid, SIGKILL);
		return 1;
	}
	wait = wait && sctrace_get_wait(t);

	/* 3. go, read until the child is gone, stop, drain */
	t0 = now_s();
	atomic_store(&sh->go, 1);
	if (hp.cycles && pthread_create(&hp_th, NULL, hotplug_thread, &hp))
		return perror("pthread_create"), 1;
	for (;;) {
		ret = sctrace_poll(t, 50);
		if (ret < 0 && ret != -EINTR)
			break;
		while ((ret = sctrace_next(t, &h, 0)) > 0)
			count(&s, h, pid);
		if (ret < 0 || reaped)
			break;
		reaped = waitpid(pid, &status, WNOHANG) == pid;
	}
	if (hp.cycles)
		pthread_join(hp_th, NULL);
	if (!ret)
		ret = sctrace_stop(t);
	if (!ret)
		while ((ret = sctrace_next(t, &h, SCTRACE_NEXT_DRAIN)) > 0)
			count(&s, h, pid);
	secs = now_s() - t0;
	if (!ret)
		ret = sctrace_get_counters(t, &c);
	if (ret) {
		printf("Bail out! %s: reading: %s\n", b, sctrace_errmsg(t));
		kill(pid, SIGKILL);
		return 1;
	}
	tot.written = c.total.written;
	tot.dropped = c.total.dropped_full + c.total.dropped_busy + c.total.cons_invalid;
	for (i = 0; i < NTHREADS; i++)
		iters += sh->done[i];
	for (i = 0; i < NSYS; i++)
		tot.made[i] = iters * sys_made[i].per_iter;

	if (!quiet) {
		printf("# %s%s: %llu syscalls made in %.1f s (%.0f/s), %llu records written,"
		       " %llu dropped (%llu full, %llu busy, %llu cons_invalid), %llu lost records"
		       " telling %llu, records by CPU %llu + %llu\n",
		       b, wait ? " (lossless)" : "", iters * PER_ITER, secs,
		       iters * PER_ITER / secs, tot.written, tot.dropped,
		       (unsigned long long)c.total.dropped_full,
		       (unsigned long long)c.total.dropped_busy,
		       (unsigned long long)c.total.cons_invalid, s.lost_recs, s.lost_sum,
		       s.per_cpu[0], s.per_cpu[1]);
		for (i = 0; i < NSYS; i++)
			printf("# %-8s made %llu, enter records %llu, exit records %llu\n",
			       sys_made[i].name, tot.made[i], s.enter[i], s.exit[i]);
	}
	tap_ok(WIFEXITED(status) && !WEXITSTATUS(status) && iters > 0,
	    "%s: the workload made %llu syscalls and exited 0 (status %#x)",
	    b, iters * PER_ITER, status);
	ret = check_total(&s, &tot, why, sizeof(why));
	tap_ok(!ret, "%s: records read == written, delivered + dropped == made (%llu + %llu == %llu)%s%s",
	    b, s.records, tot.dropped, made_records(&tot), ret ? ": " : "", ret ? why : "");
	ret = check_per_syscall(&s, &tot, why, sizeof(why));
	tap_ok(!ret, "%s: per syscall, %s%s%s", b,
	    tot.dropped ? "delivered <= made (drops are counted per CPU, not per syscall)" :
	    "enter == exit == made, and one task-exit record per thread (nothing dropped)",
	    ret ? ": " : "", ret ? why : "");
	tap_ok(tot.dropped == 0 || s.lost_sum <= tot.dropped,
	    "%s: lost records tell at most what was dropped (%llu <= %llu)",
	    b, s.lost_sum, tot.dropped);
	tap_ok(!s.other && !s.forks, "%s: nothing the filter leaves out (%llu other, %llu fork records)",
	    b, s.other, s.forks);
	tap_ok(!s.out_of_order, "%s: each thread's records in time order (%llu out of order)",
	    b, s.out_of_order);
	/* the checks must be able to fail: the same counts, one record off */
	bad = s;
	bad.records--;
	bad.enter[0]--;
	tap_ok(check_all(&bad, &tot) != 0, "%s: the check fails when one record is withheld", b);
	bad = s;
	bad.enter[0]--;
	bad.enter[1]++;
	if (tot.dropped)
		tap_skip("dropped records: per-syscall counts are not exact",
			 "%s: the check fails when a getppid record is taken for a close (%llu dropped)",
			 b, tot.dropped);
	else
		tap_ok(check_all(&bad, &tot) != 0,
		    "%s: the check fails when a getppid record is taken for a close", b);
	tap_ok(s.per_cpu[0] && s.per_cpu[1], "%s: records from both CPUs (%llu, %llu)",
	    b, s.per_cpu[0], s.per_cpu[1]);
	if (hp.cycles)
		tap_ok(hp.done == hp.cycles && !hp.err,
		    "%s: CPU 1 offline and back %d times during capture (of %d%s%s)",
		    b, hp.done, hp.cycles, hp.err ? ": " : "", hp.err ? strerror(-hp.err) : "");
	sctrace_close(t);
	munmap(sh, sizeof(*sh));
	return tap_failed() ? 1 : 0;
}
