// SPDX-License-Identifier: GPL-2.0
/* What the kernel-side fuzzers share: see stress.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

uint64_t stress_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x ? x : 1;	/* xorshift's state must not be 0 */
}

uint64_t rnd_hostile(uint64_t *s)
{
	unsigned int b = rnd_below(s, 64);

	switch (rnd_below(s, 6)) {
	case 0: return 0;
	case 1: return ~0ULL;
	case 2: return 1ULL << b;
	case 3: return (1ULL << b) - 1;
	case 4: return -(int64_t)rnd_below(s, 4096);
	default: return rnd(s);
	}
}

unsigned int rnd_pick(uint64_t *s, const unsigned int *w, unsigned int n)
{
	unsigned int total = 0, i;
	uint64_t r;

	for (i = 0; i < n; i++)
		total += w[i];
	r = rnd_below(s, total);
	for (i = 0; i < n - 1 && r >= w[i]; i++)
		r -= w[i];
	return i;
}

long long stress_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void stress_print_outcomes(const char *const *names, _Atomic uint64_t (*outcome)[STRESS_NERR],
			   unsigned int nops)
{
	unsigned int op, e;
	uint64_t n;

	for (op = 0; op < nops; op++) {
		printf("# %-16s ok %-8llu", names[op], (unsigned long long)outcome[op][0]);
		for (e = 1; e < STRESS_NERR; e++)
			if ((n = atomic_load(&outcome[op][e])))
				printf(" %s %llu", strerrorname_np(e) ? strerrorname_np(e) : "?",
				       (unsigned long long)n);
		printf("\n");
	}
}

void stress_getopt(int argc, char **argv, struct stress_opts *o, const struct option *more,
		   void (*other)(int code, const char *arg), const char *usage)
{
	static const struct option common[] = {
		{ "seed", required_argument, NULL, 's' }, { "ops", required_argument, NULL, 'n' },
		{ "threads", required_argument, NULL, 't' }, { "hang", required_argument, NULL, 'H' },
		{ "no-hotplug", no_argument, NULL, 'P' },
	};
	struct option lo[16] = { { 0 } };
	unsigned int n = sizeof(common) / sizeof(common[0]), i;
	int c;

	memcpy(lo, common, sizeof(common));
	for (i = 0; more && more[i].name && n < 15; i++)
		lo[n++] = more[i];
	o->seed = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1)
		switch (c) {
		case 's': o->seed = strtoull(optarg, NULL, 0); break;
		case 'n': o->ops = strtoull(optarg, NULL, 0); break;
		case 't': o->threads = strtoul(optarg, NULL, 0); break;
		case 'H': o->hang = strtoul(optarg, NULL, 0); break;
		case 'P': o->hotplug = false; break;
		default:
			if (c < 256 || !other)
				goto bad;
			other(c, optarg);
		}
	if (o->threads && o->threads < STRESS_MAX_THREADS)
		return;
bad:
	fprintf(stderr, "usage: %s\n", usage);
	exit(2);
}

/* ---- TAP ---------------------------------------------------------------- */

static int tap_n, tap_nfail;

void tap_plan(int n)
{
	printf("1..%d\n", n);
	fflush(stdout);
}

void tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	tap_nfail += !ok;
}

void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	printf("ok %d - ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
	fflush(stdout);
}

int tap_failed(void)
{
	return tap_nfail;
}

/* ---- hang watchdog ------------------------------------------------------- */

_Atomic uint64_t stress_progress;
const char *_Atomic stress_doing[STRESS_MAX_THREADS];
static pthread_t wd_thread;
static atomic_bool wd_stop;
static unsigned int wd_secs;

static void print_file(const char *path, const char *prefix)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("%s%s", prefix, line);
	fclose(f);
}

/* every thread's kernel stack: where a hang is */
static void print_stacks(void)
{
	char path[300], comm[64];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/task");
	FILE *f;

	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", d->d_name);
		comm[0] = 0;
		f = fopen(path, "r");
		if (f) {
			if (!fgets(comm, sizeof(comm), f))
				comm[0] = 0;
			fclose(f);
		}
		printf("# task %s %s", d->d_name, comm);
		snprintf(path, sizeof(path), "/proc/self/task/%s/stack", d->d_name);
		print_file(path, "#   ");
	}
	if (dir)
		closedir(dir);
}

static void *wd_main(void *arg)
{
	uint64_t last = atomic_load(&stress_progress);
	long long since = stress_now_ms(), t0 = since, told = since;
	int i;

	(void)arg;
	while (!atomic_load(&wd_stop)) {
		sleep(1);
		if (stress_now_ms() - told >= 60000) {	/* what a long run got to */
			told = stress_now_ms();
			printf("# %llu operations in %lld s\n",
			       (unsigned long long)atomic_load(&stress_progress), (told - t0) / 1000);
		}
		if (atomic_load(&stress_progress) != last) {
			last = atomic_load(&stress_progress);
			since = stress_now_ms();
			continue;
		}
		if (stress_now_ms() - since < wd_secs * 1000LL)
			continue;
		printf("# no operation finished for %u s: a hang\n", wd_secs);
		for (i = 0; i < STRESS_MAX_THREADS; i++)
			if (atomic_load(&stress_doing[i]))
				printf("# thread %d: %s\n", i, atomic_load(&stress_doing[i]));
		print_stacks();
		tap_ok(false, "no hang: every operation returned within %u s", wd_secs);
		fflush(stdout);
		_exit(3);
	}
	return NULL;
}

void stress_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
	int err = pthread_create(t, NULL, fn, arg);

	if (err) {
		printf("Bail out! pthread_create: %s\n", strerror(err));
		exit(1);
	}
}

void stress_watchdog_start(unsigned int secs)
{
	wd_secs = secs;
	stress_thread(&wd_thread, wd_main, NULL);
}

void stress_watchdog_stop(void)
{
	atomic_store(&wd_stop, true);
	pthread_join(wd_thread, NULL);
}

/* ---- faults while touching ----------------------------------------------- */

__thread struct stress_guard stress_guard;
_Atomic uint64_t stress_faults;

static void guard_handler(int sig)
{
	if (!stress_guard.armed) {
		/* not a touch we expected to fault: die of it, visibly */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	stress_guard.armed = 0;
	atomic_fetch_add(&stress_faults, 1);
	siglongjmp(stress_guard.jb, 1);
}

void stress_guard_install(void)
{
	struct sigaction sa = { .sa_handler = guard_handler, .sa_flags = SA_ONSTACK | SA_NODEFER };

	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

void stress_guard_thread(void)
{
	static __thread char stack[64 << 10];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof(stack) };

	sigaltstack(&ss, NULL);
}

/* A capture item: valid by construction most of the time, else random. */
void stress_cap_item(uint64_t *s, struct sctrace_cap_item *it)
{
	memset(it, 0, sizeof(*it));
	if (rnd_one_in(s, 8)) {	/* anything at all */
		uint64_t w[2] = { rnd(s), rnd_one_in(s, 2) ? 0 : rnd(s) };

		memcpy(it, w, sizeof(*it));
		return;
	}
	it->abi = rnd_one_in(s, 6) ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64;
	it->nr = it->abi ? (rnd_one_in(s, 2) ? 24 : 4)
			 : stress_workload_nrs[rnd_below(s, stress_workload_nnrs)];
	it->when = rnd_below(s, 2);
	it->arg = rnd_below(s, 6);
	it->kind = rnd_below(s, SCTRACE_CAP_KIND_MAX + 1);
	switch (it->kind) {
	case SCTRACE_CAP_STR:
		it->flags = (rnd_one_in(s, 2) ? SCTRACE_CAP_F_PATH : 0) |
			    (it->when == SCTRACE_CAP_ENTER && rnd_one_in(s, 2) ? SCTRACE_CAP_F_RETRY : 0);
		break;
	case SCTRACE_CAP_BUF:
		it->size = rnd_one_in(s, 4) ? SCTRACE_CAP_MAX_FIXED : 1 + rnd_below(s, 64);
		it->len_src = rnd_below(s, SCTRACE_LEN_MAX + 1);
		if (it->len_src == SCTRACE_LEN_RET && it->when == SCTRACE_CAP_ENTER)
			it->len_src = SCTRACE_LEN_ARG;
		if (it->len_src && rnd_one_in(s, 4)) {
			it->size = 1;
			it->flags = SCTRACE_CAP_F_BITS;
		}
		break;
	case SCTRACE_CAP_IOVEC:
		it->len_src = SCTRACE_LEN_ARG;
		break;
	case SCTRACE_CAP_STRARR:
		it->size = rnd_below(s, 257);
		break;
	}
	if (it->len_src == SCTRACE_LEN_ARG || it->len_src == SCTRACE_LEN_ARGPTR)
		it->len_arg = rnd_below(s, 6);
	if (it->when == SCTRACE_CAP_EXIT && it->kind != SCTRACE_CAP_STR && rnd_one_in(s, 2))
		it->flags |= SCTRACE_CAP_F_ON_ERROR;
}

/* ---- the traced workload -------------------------------------------------- */

const unsigned int stress_workload_nrs[] = {
	SYS_getuid, SYS_getgid, SYS_geteuid, SYS_getegid, SYS_read, SYS_write,
	SYS_openat, SYS_readv, SYS_writev, SYS_sendmsg, SYS_recvmsg, SYS_execve,
	SYS_getppid, SYS_nanosleep,
};
const unsigned int stress_workload_nnrs =
	sizeof(stress_workload_nrs) / sizeof(stress_workload_nrs[0]);

static volatile sig_atomic_t wl_stop;

/*
 * Pointers a syscall is given: a page of random bytes (which holds more
 * such pointers, for iovecs, msghdrs and string arrays to follow), its
 * last bytes before a PROT_NONE guard page, a read-only page, an unmapped
 * page, NULL, a kernel address, misaligned ones.
 */
struct wl_mem {
	uint8_t *page, *ro, *unmapped;
	int zero, null, sock[2];
	bool ia32;	/* the kernel runs 32-bit syscalls (ia32_emulation) */
};

static uint64_t wl_ptr(uint64_t *s, const struct wl_mem *m)
{
	switch (rnd_below(s, 9)) {
	case 0: return 0;
	case 1: return (uint64_t)m->unmapped + rnd_below(s, 4096);
	case 2: return (uint64_t)m->ro + rnd_below(s, 4096);
	case 3: return 0xffffffff81000000ULL + rnd_below(s, 1 << 20);
	case 4: return (uint64_t)m->page + 4096 - rnd_below(s, 64);	/* runs into the guard */
	case 5: return rnd_hostile(s);
	default: return (uint64_t)m->page + rnd_below(s, 4096);
	}
}

static uint64_t wl_arg(uint64_t *s, const struct wl_mem *m)
{
	return rnd_one_in(s, 3) ? rnd_hostile(s) : wl_ptr(s, m);
}

/* a few pointers and lengths scattered in the page, for nested items */
static void wl_scramble(uint64_t *s, const struct wl_mem *m)
{
	uint64_t *w = (uint64_t *)m->page;
	unsigned int i;

	for (i = 0; i < 512; i++)
		w[i] = rnd_one_in(s, 2) ? wl_ptr(s, m) : rnd_below(s, 3) ? rnd_below(s, 5000)
							      : rnd(s);
	if (rnd_one_in(s, 2))	/* strings: a NUL now and then */
		for (i = 0; i < 64; i++)
			m->page[rnd_below(s, 4096)] = 0;
}

static void wl_sigusr(int sig)
{
	(void)sig;
}

static void wl_sigterm(int sig)
{
	(void)sig;
	wl_stop = 1;
}

static void wl_one(uint64_t *s, const struct wl_mem *m)
{
	static const char nowhere[] = "/nonexistent-sctrace-fuzz/x";
	uint64_t a[6];
	unsigned int i;
	pid_t pid;
	int fd;

	for (i = 0; i < 6; i++)
		a[i] = wl_arg(s, m);
	switch (rnd_below(s, 13)) {
	case 0:
		syscall(SYS_getppid);
		break;
	case 1:
		syscall(SYS_read, m->zero, wl_ptr(s, m), rnd_below(s, 8192));
		break;
	case 2:
		fd = syscall(SYS_openat, AT_FDCWD, rnd_one_in(s, 2) ? (uint64_t)"/dev/null" : wl_ptr(s, m),
			     O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
		if (fd >= 0)
			close(fd);
		break;
	case 3: case 4: case 5:	/* they ignore their arguments: items see them */
		syscall(stress_workload_nrs[rnd_below(s, 4)], a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	case 6:
		syscall(rnd_one_in(s, 2) ? SYS_writev : SYS_readv, rnd_one_in(s, 2) ? m->null : m->zero,
			wl_ptr(s, m), rnd_below(s, 20));
		break;
	case 7:
		syscall(rnd_one_in(s, 2) ? SYS_sendmsg : SYS_recvmsg, m->sock[rnd_below(s, 2)],
			wl_ptr(s, m), MSG_DONTWAIT);
		break;
	case 8:	/* fails: ENOENT or EFAULT, never runs anything */
		syscall(SYS_execve, nowhere, wl_ptr(s, m), wl_ptr(s, m));
		break;
	case 9:
		pid = fork();
		if (pid == 0) {
			syscall(SYS_getppid);
			syscall(SYS_write, m->null, wl_ptr(s, m), rnd_below(s, 300));
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		break;
	case 10:
		kill(getpid(), SIGUSR1);
		break;
	case 11: {	/* 32-bit syscalls: int $0x80, getuid/write with hostile registers */
		long nr = rnd_one_in(s, 2) ? 24 : 4;
		uint32_t b = a[0], c = a[1], d = rnd_below(s, 5000);

		if (!m->ia32)
			break;
		if (nr == 4)
			b = -1;	/* write to no fd: EBADF, after the entry item */
		asm volatile("int $0x80" : "+a"(nr) : "b"(b), "c"(c), "d"(d)
			     : "memory", "r8", "r9", "r10", "r11");
		break;
	}
	default:
		wl_scramble(s, m);
		break;
	}
}

static uint64_t wl_seed;
static struct wl_mem wl_m;

static void *wl_thread(void *arg)
{
	uint64_t s = stress_mix(wl_seed ^ (uintptr_t)arg);

	while (!wl_stop)
		wl_one(&s, &wl_m);
	return NULL;
}

pid_t stress_workload_start(uint64_t seed)
{
	struct sigaction sa = { .sa_handler = wl_sigterm };
	pthread_t th[2];
	uint8_t *area;
	pid_t pid = fork();
	uint64_t s;
	int i;

	if (pid)
		return pid;
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = wl_sigusr;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	/* page | guard | read-only | unmapped */
	area = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		_exit(2);
	wl_m.page = area;
	mprotect(area + 4096, 4096, PROT_NONE);
	wl_m.ro = area + 2 * 4096;
	memset(wl_m.ro, 'r', 4096);
	mprotect(wl_m.ro, 4096, PROT_READ);
	wl_m.unmapped = area + 3 * 4096;
	munmap(wl_m.unmapped, 4096);
	wl_m.zero = open("/dev/zero", O_RDONLY);
	wl_m.null = open("/dev/null", O_WRONLY);
	if (wl_m.zero < 0 || wl_m.null < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, wl_m.sock))
		_exit(2);
	pid = fork();	/* without ia32 emulation int $0x80 is a SIGSEGV */
	if (pid == 0) {
		long nr = 20;	/* getpid */

		asm volatile("int $0x80" : "+a"(nr) : : "memory", "r8", "r9", "r10", "r11");
		_exit(0);
	}
	wl_m.ia32 = pid > 0 && waitpid(pid, &i, 0) == pid && WIFEXITED(i) && !WEXITSTATUS(i);
	wl_seed = seed;
	s = stress_mix(seed);
	wl_scramble(&s, &wl_m);
	for (i = 0; i < 2; i++)
		stress_thread(&th[i], wl_thread, (void *)(uintptr_t)(i + 1));
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	_exit(0);
}

int stress_workload_stop(pid_t pid)
{
	int st = -1;

	kill(pid, SIGTERM);
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return st;
}

/* ---- CPU hotplug ---------------------------------------------------------- */

#define CPU1_ONLINE "/sys/devices/system/cpu/cpu1/online"
_Atomic uint64_t stress_hotplugs;
static pthread_t hp_thread;
static atomic_bool hp_stop;
static uint64_t hp_seed;

int cpu1_set(int on)
{
	int fd = open(CPU1_ONLINE, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, on ? "1" : "0", 1) != 1)
		err = -errno;
	close(fd);
	return err;
}

static void *hp_main(void *arg)
{
	uint64_t s = stress_mix(hp_seed ^ 0x686f74);
	struct timespec ts;

	(void)arg;
	while (!atomic_load(&hp_stop)) {
		ts.tv_sec = 0;
		ts.tv_nsec = (20 + rnd_below(&s, 300)) * 1000000L;
		nanosleep(&ts, NULL);
		if (cpu1_set(0) == 0) {
			nanosleep(&ts, NULL);
			cpu1_set(1);
			atomic_fetch_add(&stress_hotplugs, 1);
		}
	}
	return NULL;
}

bool stress_hotplug_start(uint64_t seed)
{
	if (access(CPU1_ONLINE, W_OK))
		return false;
	hp_seed = seed;
	return pthread_create(&hp_thread, NULL, hp_main, NULL) == 0;
}

void stress_hotplug_stop(void)
{
	atomic_store(&hp_stop, true);
	pthread_join(hp_thread, NULL);
	cpu1_set(1);
}

/* ---- the kernel log ------------------------------------------------------- */

int kmsg_mark(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

int kmsg_scan(int fd)
{
	static const char splat[] =
		"BUG:|WARNING:|KASAN:|UBSAN:|possible circular locking|"
		"sleeping function called from invalid context|rcu.*stall|Oops";
	char rec[8192];
	regex_t re;
	int n = 0;
	ssize_t len;

	if (regcomp(&re, splat, REG_EXTENDED | REG_NOSUB))
		return -1;
	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)	/* overwritten: go on */
			continue;
		if (len <= 0)
			break;
		rec[len] = 0;
		if (!regexec(&re, rec, 0, NULL, 0)) {
			n++;
			printf("# dmesg: %s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
		}
	}
	regfree(&re);
	return n;
}

/* ---- memory --------------------------------------------------------------- */

/*
 * Every slab cache shrunk (SLUB's /sys/kernel/slab/NAME/shrink): empty
 * slabs go back to the page allocator, and under KASAN the objects its
 * quarantine holds back from each cache are freed first, so that Slab
 * counts what is allocated, not what was freed lately. Returns how many
 * caches were shrunk.
 */
static int slab_shrink_all(void)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir("/sys/kernel/slab");
	int fd, n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || e->d_type == DT_LNK ||	/* an alias */
		    snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", e->d_name) >=
			    (int)sizeof(path))
			continue;
		fd = open(path, O_WRONLY);
		if (fd < 0)
			continue;
		if (write(fd, "1", 1) == 1)
			n++;
		else if (errno != EINVAL)
			perror(path);
		close(fd);
	}
	closedir(d);
	return n;
}

int meminfo_read(struct meminfo *m)
{
	char line[256];
	int shrunk;
	long v;
	FILE *f;
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "3", 1) != 1)
			perror("drop_caches");
		close(fd);
	}
	shrunk = slab_shrink_all();
	usleep(200000);	/* RCU-deferred frees (task stacks, files, slabs) */
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -errno;
	memset(m, 0, sizeof(*m));
	m->shrunk = shrunk;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemFree: %ld", &v) == 1)
			m->free = v;
		else if (sscanf(line, "MemTotal: %ld", &v) == 1)
			m->total = v;
		else if (sscanf(line, "Slab: %ld", &v) == 1)
			m->slab = v;
		else if (sscanf(line, "SUnreclaim: %ld", &v) == 1)
			m->sunreclaim = v;
		else if (sscanf(line, "VmallocUsed: %ld", &v) == 1)
			m->vmalloc = v;
	}
	fclose(f);
	return 0;
}

bool kernel_has_kasan(void)
{
	char line[256];
	bool yes = false;
	FILE *f = fopen("/proc/kallsyms", "r");

	while (f && !yes && fgets(line, sizeof(line), f))
		yes = strstr(line, " kasan_save_stack") != NULL;
	if (f)
		fclose(f);
	return yes;
}

int stress_run(char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	return waitpid(pid, &st, 0) < 0 ? -1 : st;
}
