// SPDX-License-Identifier: GPL-2.0
/*
 * The two backends write the same bytes (driver/CAPTURE.md): one
 * deterministic single-threaded workload, traced once through the module
 * and once through the eBPF probe in the same boot, with one explicit
 * capture plan that exercises every kind and rule, must give the same
 * records byte for byte (pads, record and item flags, args, items) and
 * the same counters. Two passes: snaplen 16 and 4096. tests/guest/equiv.sh
 * compares decoded text; this compares what the text cannot show.
 *
 * What legitimately differs, and is zeroed before comparing: hdr.ts_ns
 * (time), hdr.cpu (scheduling), hdr.tid and hdr.tgid (each run is a new
 * child). Nothing else: args[] are compared too, because every pointer
 * the workload passes is a constant or lies in a mapping it makes at a
 * fixed address (MAP_FIXED_NOREPLACE), so no ASLR switch is needed; and
 * its file descriptors are the same numbers in both runs (it closes all
 * but 0-2 before capture starts).
 *
 * The child prepares its memory (written before use: a forked child has
 * no page table entries for pages it has not touched, and the probes do
 * not fault pages in), says it is ready, and waits on a futex, which is
 * not traced, so no traced call is in flight when capture starts. Its
 * only untouched page is the one whose string is retried at exit.
 * Plain TAP output; the first differing record is shown in hex.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sct_helpers.h"

#define PAGE		4096
#define ARENA		((uint8_t *)0x10000000)	/* below 4 GiB: int $0x80 reaches it */
#define ARENA_PAGES	40
#define HOLE		(ARENA + 36 * PAGE)	/* an unmapped page */
#define RETRY_PAGE	((uint8_t *)0x10100000)	/* a file page never touched */
#define RETRY_PATH	"/nonexistent/equiv_bytes/retried"
#define BAD		8UL			/* an unmapped address */
#define KADDR		0xffff888000000000UL	/* a kernel address */
#define DEADLINE_MS	120000
#define RING		(256 << 10)	/* bytes per CPU: the preamble wraps it */

#define I386_READ	3
#define I386_WRITE	4
#define I386_OPEN	5

/* a syscall with all six argument registers set */
#define SC(nr, a, b, c, d, e, f) \
	syscall(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

#define IT(nr_, when_, arg_, kind_, ...) \
	((struct sctrace_cap_item){ .nr = (nr_), .when = SCTRACE_CAP_##when_, .arg = (arg_), \
				    .kind = SCTRACE_CAP_##kind_, __VA_ARGS__ })
#define ARG(a)		.len_src = SCTRACE_LEN_ARG, .len_arg = (a)
#define F(x)		.flags = SCTRACE_CAP_F_##x
#define I386		.abi = SCTRACE_ABI_I386

/*
 * The plan. Real calls carry the items that read memory the kernel wrote
 * (exit) or a real caller passes; getuid, getgid and geteuid ignore their
 * arguments and carry the edge cases, four items where a phase is full;
 * getegid's largest records first fill the ring with bytes that are not
 * zero, so that a pad the eBPF probe leaves unwritten shows (the module
 * writes zeros).
 */
static const struct sctrace_cap_item plan[] = {
	IT(SYS_openat, ENTER, 1, STR, F(PATH) | SCTRACE_CAP_F_RETRY),
	IT(SYS_read, EXIT, 1, BUF, .len_src = SCTRACE_LEN_RET, .size = 1, F(ON_ERROR)),
	IT(SYS_write, ENTER, 1, BUF, ARG(2), .size = 1),
	IT(SYS_readv, EXIT, 1, IOVEC, ARG(2), F(ON_ERROR)),
	IT(SYS_writev, ENTER, 1, IOVEC, ARG(2)),
	IT(SYS_sendmsg, ENTER, 1, MSGHDR),
	IT(SYS_recvmsg, EXIT, 1, MSGHDR, F(ON_ERROR)),
	IT(SYS_recvmsg, EXIT, 0, BUF, .size = 8),	/* no ON_ERROR: absent on error */
	IT(SYS_execve, ENTER, 0, STR, F(PATH)),
	IT(SYS_execve, ENTER, 1, STRARR, .size = 256),
	IT(SYS_execve, ENTER, 2, STRARR),		/* counted only */
	IT(SYS_getsockname, EXIT, 1, BUF, .len_src = SCTRACE_LEN_ARGPTR, .len_arg = 2,
	   .size = 1, F(ON_ERROR)),
	IT(SYS_pipe2, EXIT, 0, BUF, .size = 8),
	IT(SYS_socketpair, EXIT, 3, BUF, .size = 8),
	IT(SYS_getuid, ENTER, 0, STR),
	IT(SYS_getuid, ENTER, 1, BUF, .size = 24),
	IT(SYS_getuid, ENTER, 2, BUF, ARG(3), .size = 1, F(BITS)),
	IT(SYS_getuid, ENTER, 4, BUF, ARG(5), .size = 8),
	IT(SYS_getuid, EXIT, 0, BUF, .len_src = SCTRACE_LEN_RET, .size = 1),
	IT(SYS_getuid, EXIT, 1, STRARR, .size = 3),
	IT(SYS_getuid, EXIT, 2, MSGHDR),
	IT(SYS_getuid, EXIT, 4, IOVEC, ARG(5)),
	IT(SYS_getgid, ENTER, 0, STR, F(PATH) | SCTRACE_CAP_F_RETRY),
	IT(SYS_getgid, ENTER, 1, STR, F(RETRY)),
	IT(SYS_getgid, ENTER, 2, BUF, .len_src = SCTRACE_LEN_ARGPTR, .len_arg = 3, .size = 2),
	IT(SYS_getgid, ENTER, 4, STRARR, .size = 2),
	IT(SYS_getgid, EXIT, 5, MSGHDR),
	IT(SYS_geteuid, ENTER, 0, IOVEC, ARG(1)),
	IT(SYS_geteuid, ENTER, 2, MSGHDR),
	IT(SYS_geteuid, ENTER, 3, STRARR, .size = 256),
	IT(SYS_geteuid, EXIT, 4, IOVEC, ARG(5)),
	IT(SYS_getegid, ENTER, 0, BUF, .size = SCTRACE_CAP_MAX_FIXED),
	IT(SYS_getegid, ENTER, 1, BUF, .size = SCTRACE_CAP_MAX_FIXED),
	IT(SYS_getegid, ENTER, 2, BUF, .size = SCTRACE_CAP_MAX_FIXED),
	IT(SYS_getegid, ENTER, 3, BUF, .size = SCTRACE_CAP_MAX_FIXED),
	IT(I386_OPEN, ENTER, 0, STR, I386, F(PATH) | SCTRACE_CAP_F_RETRY),
	IT(I386_WRITE, ENTER, 1, BUF, I386, ARG(2), .size = 1),
	IT(I386_READ, EXIT, 1, BUF, I386, .len_src = SCTRACE_LEN_RET, .size = 1,
	   F(ON_ERROR)),
};
static const long nrs[] = {
	SYS_openat, SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_sendmsg,
	SYS_recvmsg, SYS_execve, SYS_getsockname, SYS_pipe2, SYS_socketpair,
	SYS_getuid, SYS_getgid, SYS_geteuid, SYS_getegid, SYS_exit_group,
};
static const long nrs32[] = { I386_READ, I386_WRITE, I386_OPEN };

/* Shared with the child: futex words. */
static struct { uint32_t ready, go; } *sync_words;
static int retry_fd = -1;
static int have_ia32;

/* ---- the workload (child) ---------------------------------------------- */

static size_t used;	/* the arena's bump allocator, fresh in each child */

static void *get(size_t n)
{
	uint8_t *p = ARENA + used;

	used += (n + 15) & ~15UL;
	if (ARENA + used > HOLE - PAGE)	/* the page before the hole is kept */
		_exit(4);
	return p;
}

static void *put(const void *src, size_t n)
{
	return memcpy(get(n), src, n);
}

static char *str(const char *s)
{
	return put(s, strlen(s) + 1);
}

static char *chars(int c, size_t n)	/* n bytes of c and a NUL */
{
	char *p = get(n + 1);

	memset(p, c, n);
	p[n] = '\0';
	return p;
}

static void *before_hole(size_t n)	/* n bytes that end where the hole starts */
{
	return HOLE - n;
}

static struct iovec *iovs(int n, const struct iovec *v)
{
	return put(v, n * sizeof(*v));
}

static struct msghdr *msg(void *name, uint32_t namelen, struct iovec *iov, uint64_t iovlen)
{
	struct msghdr m = { .msg_name = name, .msg_namelen = namelen, .msg_iov = iov };

	m.msg_iovlen = iovlen;
	return put(&m, sizeof(m));
}

static char **strarr(size_t n, size_t len, long fault_at)	/* n strings, then NULL */
{
	char **v = get((n + 1) * sizeof(*v));
	char *s = chars('s', len);
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = (long)i == fault_at ? (char *)BAD : s;
	v[n] = NULL;
	return v;
}

static uint32_t *u32(uint32_t v)
{
	return put(&v, sizeof(v));
}

static long int80(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;

	asm volatile("push %%rbp; mov %[f], %%rbp; int $0x80; pop %%rbp"
		     : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), [f] "r"(f)
		     : "memory", "r8", "r9", "r10", "r11");
	return r;
}

static void prepare(void)
{
	cpu_set_t one;

	/* one CPU, one ring: the one the preamble wraps */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	if (sched_setaffinity(0, sizeof(one), &one) ||
	    mmap(ARENA, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != ARENA ||
	    munmap(HOLE, PAGE) ||
	    mmap(RETRY_PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE,
		 retry_fd, 0) != RETRY_PAGE)
		_exit(2);
	memset(ARENA, 0, HOLE - ARENA);
	memset(HOLE - PAGE, 'z', PAGE);			/* no NUL up to the hole */
	memset(HOLE + PAGE, 0, (ARENA_PAGES - 37) * PAGE);
	if (close_range(3, ~0U, 0))
		_exit(3);
}

static void workload(void)
{
	int *pfd = get(8), *sv = get(8);
	char *path = str("/nonexistent/equiv_bytes"), *s5000 = chars('p', 5000);
	char *blob = chars('b', 64), *out = get(256), *name = get(256);
	struct iovec *two = iovs(2, (struct iovec[]){ { str("abc"), 3 }, { str("defgh"), 5 } });
	struct iovec *rd = iovs(2, (struct iovec[]){ { out, 4 }, { out + 16, 16 } });
	struct iovec *kzero = iovs(2, (struct iovec[]){ { (void *)KADDR, 0 }, { blob, 3 } });
	struct iovec *midfault = iovs(3, (struct iovec[]){ { blob, 3 }, { (void *)BAD, 4 },
							  { blob, 5 } });
	struct iovec *many = get(20 * sizeof(*many));
	struct msghdr *noname, *named, *bigname, *badname, *hugelen, *rmsg;
	char **argv_small = strarr(2, 3, -1), **argv_300 = strarr(300, 24, -1);
	char **argv_1100 = strarr(1100, 1, -1), **argv_fault = strarr(5, 2, 3);
	char **argv_long = strarr(2, 4500, -1);
	uint8_t *dirty = get(4 * SCTRACE_CAP_MAX_FIXED);
	int i;

	for (i = 0; i < 20; i++)
		many[i] = (struct iovec){ blob + i, i };
	*(uint16_t *)name = AF_UNIX;			/* an abstract name, not bound */
	memcpy(name + 3, "equiv_bytes", 11);
	noname = msg(NULL, 0, two, 2);
	named = msg(name, 14, two, 2);
	bigname = msg(name, 200, two, 2);
	badname = msg((void *)BAD, 16, two, 2);
	hugelen = msg(NULL, 0, many, 0x100000001UL);
	rmsg = msg(name + 128, 128, rd, 2);

	/*
	 * The preamble: more than a ring of the largest records, paced
	 * (nanosleep is not traced) so the reader keeps up, then room.
	 */
	memset(dirty, 0xa5, 4 * SCTRACE_CAP_MAX_FIXED);
	for (i = 0; i < RING / (4 * SCTRACE_CAP_MAX_FIXED) + 4; i++) {
		SC(SYS_getegid, dirty, dirty + 4096, dirty + 8192, dirty + 12288, 0, 0);
		usleep(50000);
	}
	usleep(300000);

	SC(SYS_pipe2, pfd, O_NONBLOCK, 0, 0, 0, 0);
	SC(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv, 0, 0);

	/* STR: a path, one longer than PATH_MAX, NULL, faults, retried */
	SC(SYS_openat, AT_FDCWD, path, O_RDONLY, 0, 0, 0);
	SC(SYS_openat, AT_FDCWD, s5000, O_RDONLY, 0, 0, 0);
	SC(SYS_openat, AT_FDCWD, 0, O_RDONLY, 0, 0, 0);
	SC(SYS_openat, AT_FDCWD, BAD, O_RDONLY, 0, 0, 0);
	SC(SYS_openat, AT_FDCWD, before_hole(10), O_RDONLY, 0, 0, 0);
	SC(SYS_openat, AT_FDCWD, RETRY_PAGE, O_RDONLY, 0, 0, 0);

	/* BUF: counted by an argument, by the return value, on error */
	SC(SYS_write, pfd[1], blob, 5, 0, 0, 0);
	SC(SYS_write, -1, blob, -1L, 0, 0, 0);
	SC(SYS_write, -1, s5000, 4500, 0, 0, 0);
	SC(SYS_write, -1, before_hole(8), 9, 0, 0, 0);
	SC(SYS_write, -1, BAD, 0, 0, 0, 0);
	SC(SYS_read, pfd[0], out, 64, 0, 0, 0);
	SC(SYS_read, pfd[0], out, 64, 0, 0, 0);		/* empty: -EAGAIN */

	/* IOVEC: at entry, at exit cut by ret, counts >= 2^32, a kernel base */
	SC(SYS_writev, pfd[1], two, 2, 0, 0, 0);
	SC(SYS_write, pfd[1], blob, 5, 0, 0, 0);
	SC(SYS_readv, pfd[0], rd, 2, 0, 0, 0);		/* 13 bytes of 20 */
	SC(SYS_readv, pfd[0], rd, 2, 0, 0, 0);		/* -EAGAIN */
	SC(SYS_writev, -1, many, 0x100000001UL, 0, 0, 0);
	SC(SYS_writev, -1, many, 20, 0, 0, 0);
	SC(SYS_writev, pfd[1], kzero, 2, 0, 0, 0);
	SC(SYS_readv, pfd[0], kzero, 2, 0, 0, 0);
	SC(SYS_writev, -1, midfault, 3, 0, 0, 0);
	SC(SYS_writev, -1, before_hole(16), 2, 0, 0, 0);
	SC(SYS_writev, -1, 0, 2, 0, 0, 0);

	/* MSGHDR: without a name, with one, cut, faulting; at exit */
	SC(SYS_sendmsg, sv[0], noname, 0, 0, 0, 0);
	SC(SYS_sendmsg, sv[0], named, 0, 0, 0, 0);
	SC(SYS_sendmsg, sv[0], bigname, 0, 0, 0, 0);
	SC(SYS_sendmsg, sv[0], badname, 0, 0, 0, 0);
	SC(SYS_sendmsg, sv[0], hugelen, 0, 0, 0, 0);
	SC(SYS_sendmsg, sv[0], before_hole(24), 0, 0, 0, 0);
	SC(SYS_recvmsg, sv[1], rmsg, MSG_DONTWAIT, 0, 0, 0);
	SC(SYS_recvmsg, sv[1], rmsg, MSG_DONTWAIT, 0, 0, 0);	/* -EAGAIN */

	/* BUF through a length pointer: set by the kernel, NULL, faulting, huge */
	SC(SYS_getsockname, sv[0], out, u32(128), 0, 0, 0);
	SC(SYS_getsockname, sv[0], out, 0, 0, 0, 0);
	SC(SYS_getsockname, sv[0], out, BAD, 0, 0, 0);
	SC(SYS_getsockname, sv[0], out, u32(0xffffffff), 0, 0, 0);

	/* STRARR: with strings, counted only, cut by room, > 1024, faulting */
	SC(SYS_execve, path, argv_small, argv_small, 0, 0, 0);
	SC(SYS_execve, path, argv_300, argv_1100, 0, 0, 0);
	SC(SYS_execve, path, argv_1100, 0, 0, 0, 0);
	SC(SYS_execve, path, argv_fault, before_hole(16), 0, 0, 0);
	SC(SYS_execve, path, argv_long, argv_300, 0, 0, 0);

	/* four items a phase, edge cases of each rule */
	SC(SYS_getuid, str("hello"), blob, blob, 70, blob, 3);
	SC(SYS_getuid, s5000, before_hole(16), blob, -1L, blob, 0x2000000000000001UL);
	SC(SYS_getuid, 0, 0, 0, 0, KADDR, 1);
	SC(SYS_getuid, before_hole(10), blob, before_hole(2), 17, BAD, 0);
	SC(SYS_getuid, blob, argv_small, named, 0, two, 2);
	SC(SYS_getuid, blob, argv_fault, before_hole(8), 0, kzero, 2);
	SC(SYS_getgid, str("/a/path"), str("plain"), blob, u32(5), argv_small, named);
	SC(SYS_getgid, BAD, 0, blob, 0, 0, 0);
	SC(SYS_getgid, path, KADDR, blob, BAD, argv_fault, badname);
	SC(SYS_getgid, path, path, blob, u32(0xffffffff), argv_300, before_hole(24));
	SC(SYS_geteuid, two, 2, noname, argv_300, two, 2);
	SC(SYS_geteuid, many, 20, bigname, argv_1100, many, 0x100000001UL);
	SC(SYS_geteuid, kzero, 2, hugelen, argv_long, 0, 0);
	SC(SYS_geteuid, midfault, 3, BAD, BAD, before_hole(16), 2);

	/* 32-bit calls: their own table, args cut to 32 bits */
	if (have_ia32) {
		int80(I386_OPEN, (long)path, 0, 0, 0, 0, 0);
		int80(I386_OPEN, (long)BAD, 0, 0, 0, 0, 0);
		int80(I386_WRITE, -1, (long)blob, 0xffffffffL, 7, 8, 9);
		int80(I386_WRITE, pfd[1], (long)blob, 6, 0, 0, 0);
		int80(I386_READ, pfd[0], (long)out, 64, 0, 0, 0);
	}
	SC(SYS_exit_group, 0, 0, 0, 0, 0, 0);
}

static void child(void)
{
	prepare();
	__atomic_store_n(&sync_words->ready, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &sync_words->ready, FUTEX_WAKE, 1, NULL, NULL, 0);
	while (!__atomic_load_n(&sync_words->go, __ATOMIC_ACQUIRE))
		syscall(SYS_futex, &sync_words->go, FUTEX_WAIT, 0, NULL, NULL, 0);
	workload();
	_exit(5);
}

/* ---- tracing it once --------------------------------------------------- */

struct run {
	struct recs r;			/* the child's records, in order */
	struct sctrace_counters c;
	size_t foreign;			/* records of any other thread */
	int status;			/* the child's wait status */
	int ret;			/* 0, or -errno of the step in err */
	char err[512];
};

static void futex_wait_set(uint32_t *word)
{
	while (!__atomic_load_n(word, __ATOMIC_ACQUIRE))
		syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
}

static int setup(struct sctrace *t, pid_t pid, uint32_t snaplen)
{
	struct sctrace_filter f;
	size_t i;

	filter_for(&f, &pid, 1, 0);
	memset(f.strargs, 0, sizeof(f.strargs));
	memset(f.syscalls, 0, sizeof(f.syscalls));
	for (i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		f.syscalls[nrs[i] / 64] |= 1ULL << (nrs[i] % 64);
	for (i = 0; have_ia32 && i < sizeof(nrs32) / sizeof(nrs32[0]); i++)
		f.syscalls32[nrs32[i] / 64] |= 1ULL << (nrs32[i] % 64);
	return sctrace_set_filter(t, &f) ?: sctrace_set_snaplen(t, snaplen) ?:
	       sctrace_set_capture(t, plan, sizeof(plan) / sizeof(plan[0])) ?:
	       sctrace_reset_counters(t) ?: sctrace_start(t, 0);
}

static void trace_once(enum sctrace_backend b, uint32_t snaplen, struct run *run)
{
	struct recs all = { 0 };
	struct wl w = { .go_fd = -1 };
	struct sctrace *t;
	long saved;
	size_t i;

	memset(run, 0, sizeof(*run));
	run->c.size = sizeof(run->c);
	/* test_open_ring() opens the backend $SCTRACE_TEST_BACKEND names */
	setenv("SCTRACE_TEST_BACKEND", b == SCTRACE_BACKEND_BPF ? "bpf" : "kmod", 1);
	t = test_open_ring(RING, &saved, run->err, sizeof(run->err));
	if (!t) {
		run->ret = -errno ?: -EINVAL;
		test_ring_restore(saved);
		return;
	}
	sync_words->ready = sync_words->go = 0;
	w.pid = fork();
	if (w.pid == 0)
		child();
	futex_wait_set(&sync_words->ready);
	run->ret = setup(t, w.pid, snaplen);
	if (run->ret) {
		snprintf(run->err, sizeof(run->err), "setup: %s", sctrace_errmsg(t));
		kill(w.pid, SIGKILL);
		wl_wait(&w);
		sctrace_close(t);
		test_ring_restore(saved);
		return;
	}
	__atomic_store_n(&sync_words->go, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &sync_words->go, FUTEX_WAKE, 1, NULL, NULL, 0);
	run->ret = collect(t, &w, 1, &all, DEADLINE_MS);
	if (run->ret)
		snprintf(run->err, sizeof(run->err), "collect: %s", strerror(-run->ret));
	else if ((run->ret = sctrace_get_counters(t, &run->c)))
		snprintf(run->err, sizeof(run->err), "counters: %s", sctrace_errmsg(t));
	run->status = w.status;
	sctrace_close(t);
	test_ring_restore(saved);
	/* the workload's thread only; the rest (none expected) is counted */
	for (i = 0; i < all.n; i++) {
		if ((pid_t)all.v[i]->tid == w.pid && !run->ret) {
			all.v[run->r.n++] = all.v[i];
			continue;
		}
		run->foreign++;
		free(all.v[i]);
	}
	run->r.v = all.v;
	run->r.cap = all.cap;
}

/* ---- comparing --------------------------------------------------------- */

static int ntest, nfailed;

static void tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	nfailed += !ok;
}

/* What differs legitimately between two runs of the same call. */
static void normalize(struct sctrace_hdr *h)
{
	h->ts_ns = 0;
	h->cpu = 0;
	h->tid = 0;
	h->tgid = 0;
}

static long rec_nr(const struct sctrace_hdr *h)
{
	if (h->type == SCTRACE_REC_SYS_ENTER)
		return ((const struct sctrace_sys_enter *)h)->nr;
	if (h->type == SCTRACE_REC_SYS_EXIT)
		return ((const struct sctrace_sys_exit *)h)->nr;
	return -1;
}

static size_t first_diff(const uint8_t *a, const uint8_t *b, size_t n, size_t *ndiff)
{
	size_t i, first = n;

	for (*ndiff = 0, i = 0; i < n; i++)
		if (a[i] != b[i] && (*ndiff)++ == 0)
			first = i;
	return first;
}

/* Rows of 16 bytes of both records around off ('*': a row that differs). */
static void hexdump(const uint8_t *k, const uint8_t *b, size_t len, size_t off)
{
	size_t row, j, lo = len <= 512 ? 0 : (off & ~15UL) - (off >= 128 ? 128 : off & ~15UL);
	size_t hi = len <= 512 ? len : (lo + 384 < len ? lo + 384 : len);

	for (row = lo; row < hi; row += 16) {
		int diff = memcmp(k + row, b + row, hi - row < 16 ? hi - row : 16) != 0;

		printf("# %c%05zx kmod", diff ? '*' : ' ', row);
		for (j = row; j < row + 16 && j < hi; j++)
			printf(" %02x", k[j]);
		printf("\n#        bpf ");
		for (j = row; j < row + 16 && j < hi; j++)
			printf(" %02x", b[j]);
		printf("\n");
	}
}

static void compare(uint32_t snaplen, struct run *k, struct run *b)
{
	size_t i, n = k->r.n < b->r.n ? k->r.n : b->r.n, shape = n, ndiff, off, bad = 0;
	const struct sctrace_hdr *x, *y;
	const struct sctrace_cpu_counters *ck = &k->c.total, *cb = &b->c.total;

	for (i = 0; i < n && shape == n; i++)
		if (k->r.v[i]->type != b->r.v[i]->type || k->r.v[i]->len != b->r.v[i]->len)
			shape = i;
	tap(k->r.n == b->r.n && shape == n && n,
	    "snaplen %u: the same records, types and lengths (kmod %zu, bpf %zu)",
	    snaplen, k->r.n, b->r.n);
	if (shape < n)
		printf("# record %zu: kmod type %u nr %ld len %u, bpf type %u nr %ld len %u\n",
		       shape, k->r.v[shape]->type, rec_nr(k->r.v[shape]), k->r.v[shape]->len,
		       b->r.v[shape]->type, rec_nr(b->r.v[shape]), b->r.v[shape]->len);
	for (i = 0; i < shape; i++) {
		x = k->r.v[i];
		y = b->r.v[i];
		normalize((struct sctrace_hdr *)x);
		normalize((struct sctrace_hdr *)y);
		off = first_diff((const void *)x, (const void *)y, x->len, &ndiff);
		if (!ndiff)
			continue;
		if (bad++ < 16)
			printf("# record %zu: type %u nr %ld%s len %u: %zu bytes differ, first at 0x%zx\n",
			       i, x->type, rec_nr(x),
			       x->type <= SCTRACE_REC_SYS_EXIT &&
			       (((const struct sctrace_sys_enter *)x)->flags & SCTRACE_REC_COMPAT) ?
			       " (i386)" : "", x->len, ndiff, off);
		if (bad == 1)
			hexdump((const void *)x, (const void *)y, x->len, off);
	}
	tap(!bad && shape == n && n,
	    "snaplen %u: byte-identical records (ts_ns, cpu, tid, tgid zeroed): %zu of %zu differ",
	    snaplen, bad, shape);
	tap(ck->written == cb->written && ck->faults == cb->faults &&
	    ck->truncated == cb->truncated && ck->nulls == cb->nulls &&
	    ck->retried == cb->retried,
	    "snaplen %u: the same counters", snaplen);
	printf("# kmod: written %llu faults %llu truncated %llu nulls %llu retried %llu\n"
	       "# bpf:  written %llu faults %llu truncated %llu nulls %llu retried %llu\n",
	       (unsigned long long)ck->written, (unsigned long long)ck->faults,
	       (unsigned long long)ck->truncated, (unsigned long long)ck->nulls,
	       (unsigned long long)ck->retried, (unsigned long long)cb->written,
	       (unsigned long long)cb->faults, (unsigned long long)cb->truncated,
	       (unsigned long long)cb->nulls, (unsigned long long)cb->retried);
}

static void check_run(const char *name, uint32_t snaplen, const struct run *r)
{
	const struct sctrace_cpu_counters *c = &r->c.total;

	tap(!r->ret && r->status == 0 && !r->foreign && c->written == r->r.n &&
	    !c->dropped_full && !c->dropped_busy && !c->cons_invalid,
	    "snaplen %u: %s traced the workload (%zu records), nothing dropped", snaplen,
	    name, r->r.n);
	if (r->ret)
		printf("# %s: %s\n", name, r->err);
	if (!r->ret)
		printf("# %s: child status 0x%x, %zu other records, written %llu, dropped %llu + %llu, cons_invalid %llu\n",
		       name, r->status, r->foreign, (unsigned long long)c->written,
		       (unsigned long long)c->dropped_full, (unsigned long long)c->dropped_busy,
		       (unsigned long long)c->cons_invalid);
}

/* The workload reached each rule: faults, cuts, NULLs, retries, 4 items, i386. */
static void check_coverage(uint32_t snaplen, const struct run *r)
{
	const struct sctrace_cpu_counters *c = &r->c.total;
	size_t i, compat = 0, four = 0;

	for (i = 0; i < r->r.n; i++) {
		const struct sctrace_sys_enter *e = (const void *)r->r.v[i];

		if (e->hdr.type != SCTRACE_REC_SYS_ENTER && e->hdr.type != SCTRACE_REC_SYS_EXIT)
			continue;
		compat += !!(e->flags & SCTRACE_REC_COMPAT);
		four += e->nitem == SCTRACE_CAP_MAX_PER;
	}
	tap(c->faults && c->truncated && c->nulls && c->retried && four >= 2 &&
	    (compat >= 10 || !have_ia32),
	    "snaplen %u: the workload hit faults, cuts, NULLs, a retry, 4-item phases, i386 calls (%zu i386 records)%s",
	    snaplen, compat, have_ia32 ? "" : " # no ia32 emulation: i386 calls left out");
}

static int probe_ia32(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int80(20 /* getpid */, 0, 0, 0, 0, 0, 0);
		_exit(0);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	static const uint32_t snaplens[] = { 16, 4096 };
	char name[] = "/tmp/equiv_bytes-XXXXXX";
	struct run k, b;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sync_words = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	retry_fd = mkstemp(name);
	if (sync_words == MAP_FAILED || retry_fd < 0 ||
	    write(retry_fd, RETRY_PATH, sizeof(RETRY_PATH)) != sizeof(RETRY_PATH)) {
		printf("Bail out! setup: %s\n", strerror(errno));
		return 1;
	}
	unlink(name);
	have_ia32 = probe_ia32();
	printf("1..%zu\n", 6 * sizeof(snaplens) / sizeof(snaplens[0]));
	for (i = 0; i < sizeof(snaplens) / sizeof(snaplens[0]); i++) {
		trace_once(SCTRACE_BACKEND_KMOD, snaplens[i], &k);
		trace_once(SCTRACE_BACKEND_BPF, snaplens[i], &b);
		check_run("kmod", snaplens[i], &k);
		check_run("bpf", snaplens[i], &b);
		check_coverage(snaplens[i], &k);
		compare(snaplens[i], &k, &b);
		recs_free(&k.r);
		recs_free(&b.r);
	}
	return nfailed ? 1 : 0;
}
