// SPDX-License-Identifier: GPL-2.0
/*
 * The memory behind pointer arguments, as a capture plan asks for it
 * (driver/CAPTURE.md), through libsctrace, for the backend named by
 * $SCTRACE_TEST_BACKEND: each kind of item with known bytes, exactly;
 * cuts at the snaplen and at SCTRACE_PATH_MAX; NULL and unmapped pointers;
 * lengths that lie; error returns; a string read again at exit; 32-bit
 * syscalls with their own numbers; plans the library refuses; the
 * largest record.
 *
 * Plans here are written item by item, not taken from the CLI's syscall
 * table: this is the kernel side's contract. The workload child writes
 * what its calls saw into shared memory, for the bytes to be compared.
 * Its data is on the stack or written first, never in the binary's
 * .rodata: a forked child has no page table entries for file-backed
 * pages until it touches them, and the probes' copies do not fault pages
 * in (only an entry string is retried at exit, tested on its own).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 120

#include "items.h"
#include "sct_helpers.h"

#define DEADLINE_MS	90000
#define BAD_FD		999
#define PAGE		4096

/* What the workload saw, for the test to compare. */
struct seen {
	uint8_t stat[sizeof(struct stat)];
	uint8_t sa[sizeof(struct sockaddr_in)];
	int pipefds[2];
	struct pollfd poll_before[2], poll_after[2];
	uint8_t msghdr_out[56];
	long ret[8];
	int err;
};

static struct seen *seen;

FIXTURE(mem) {
	struct sctrace *t;
	struct recs r;
	struct wl w;
};

FIXTURE_SETUP(mem)
{
	char err[512] = "";

	memset(&self->r, 0, sizeof(self->r));
	seen = mmap(NULL, sizeof(*seen), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, seen);
	self->t = test_open(err, sizeof(err));
	ASSERT_TRUE(self->t != NULL) TH_LOG("open: %s", err);
}

FIXTURE_TEARDOWN(mem)
{
	recs_free(&self->r);
	if (self->t)
		sctrace_close(self->t);
	munmap(seen, sizeof(*seen));
}

/*
 * Traces fn in a child, its syscalls nrs[] only (x86-64; nrs32[] of the
 * i386 table), with the plan items[0..n). 0 or -errno.
 */
static int trace(struct sctrace *t, struct wl *w, wl_fn fn, const long *nrs, int nnr,
		 const long *nrs32, int nnr32, const struct sctrace_cap_item *items,
		 size_t n, struct recs *r)
{
	struct sctrace_filter f;
	int i, ret;

	ret = wl_spawn(w, fn, NULL);
	if (ret)
		return ret;
	filter_for(&f, &w->pid, 1, 0);
	memset(f.strargs, 0, sizeof(f.strargs));
	memset(f.syscalls, 0, sizeof(f.syscalls));
	for (i = 0; i < nnr; i++)
		f.syscalls[nrs[i] / 64] |= 1ull << (nrs[i] % 64);
	for (i = 0; i < nnr32; i++)
		f.syscalls32[nrs32[i] / 64] |= 1ull << (nrs32[i] % 64);
	ret = sctrace_set_filter(t, &f);
	if (!ret)
		ret = sctrace_set_capture(t, items, n);
	if (!ret)
		ret = sctrace_start(t, 0);
	if (!ret)
		ret = wl_go(w);
	if (!ret)
		ret = collect(t, w, 1, r, DEADLINE_MS);
	return ret;
}

#define ITEM(nr_, when_, arg_, kind_, ...) \
	((struct sctrace_cap_item){ .nr = (nr_), .when = SCTRACE_CAP_##when_, .arg = (arg_), \
				    .kind = SCTRACE_CAP_##kind_, __VA_ARGS__ })
#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* The enter record of the k-th call nr of tid whose args[a] is v, and its exit. */
static const struct sctrace_hdr *call(const struct recs *r, pid_t tid, long nr, int a,
				      uint64_t v, const struct sctrace_hdr **exit)
{
	const struct sctrace_sys_enter *e;
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		e = (const void *)r->v[i];
		if ((pid_t)e->hdr.tid != tid || e->hdr.type != SCTRACE_REC_SYS_ENTER ||
		    e->nr != nr || (a >= 0 && e->args[a] != v))
			continue;
		*exit = NULL;
		for (j = i + 1; j < r->n; j++)
			if ((pid_t)r->v[j]->tid == tid && r->v[j]->type == SCTRACE_REC_SYS_EXIT) {
				*exit = r->v[j];
				break;
			}
		return &e->hdr;
	}
	*exit = NULL;
	return NULL;
}

static const uint8_t *data(const struct sctrace_item *it)
{
	return sct_item__data(it);
}

/* ---- strings ---------------------------------------------------------- */

#define LONG_PATH	300
#define HUGE_PATH	5000

static char *pattern(size_t len)
{
	char *p = malloc(len + 1);
	size_t i;

	p[0] = '/';
	for (i = 1; i < len; i++)
		p[i] = 'a' + i % 26;
	p[len] = '\0';
	return p;
}

static void do_strings(void *arg)
{
	char *p = pattern(LONG_PATH), *h = pattern(HUGE_PATH);

	(void)arg;
	syscall(SYS_openat, AT_FDCWD, p, O_RDONLY, 0);	/* ENOENT */
	syscall(SYS_chdir, p);				/* ENOENT */
	syscall(SYS_openat, AT_FDCWD, h, O_RDONLY, 0);	/* ENAMETOOLONG */
}

TEST_F(mem, paths_are_whole_and_other_strings_cut_at_the_snaplen)
{
	const long nrs[] = { SYS_openat, SYS_chdir };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_openat, ENTER, 1, STR, .flags = SCTRACE_CAP_F_PATH),
		ITEM(SYS_chdir, ENTER, 0, STR),
	};
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;
	char *p = pattern(LONG_PATH), *h = pattern(HUGE_PATH);

	ASSERT_EQ(0, sctrace_set_snaplen(self->t, 16));
	ASSERT_EQ(0, trace(self->t, &self->w, do_strings, nrs, 2, NULL, 0, items,
			   NITEMS(items), &self->r));
	/* a path is not cut at the snaplen */
	e = call(&self->r, self->w.pid, SYS_openat, -1, 0, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_ARGKIND(1, SCTRACE_CAP_STR), it->arg);
	ASSERT_EQ(LONG_PATH, it->len);
	ASSERT_EQ(0, it->flags);
	ASSERT_EQ(0, memcmp(p, data(it), LONG_PATH));
	/* another string is */
	e = call(&self->r, self->w.pid, SYS_chdir, -1, 0, &x);
	it = rec_item(e, 0, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(16, it->len);
	ASSERT_EQ(SCTRACE_ITEM_TRUNC, it->flags);
	ASSERT_EQ(SCTRACE_REC_TRUNC, ((const struct sctrace_sys_enter *)e)->flags);
	ASSERT_EQ(0, memcmp(p, data(it), 16));
	/* a path with no NUL within PATH_MAX: cut, marked */
	e = nth_rec(&self->r, self->w.pid, SCTRACE_REC_SYS_ENTER, SYS_openat, 1);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_PATH_MAX - 1, it->len);
	ASSERT_EQ(SCTRACE_ITEM_TRUNC, it->flags);
	ASSERT_EQ(0, memcmp(h, data(it), SCTRACE_PATH_MAX - 1));
	free(p);
	free(h);
}

/* ---- buffers ---------------------------------------------------------- */

static uint8_t big[8192];

static void do_buffers(void *arg)
{
	char buf[100], pre[10], hello[] = "hello, world";
	int p[2];

	(void)arg;
	if (pipe(p))
		_exit(2);
	memset(big, 'z', sizeof(big));
	memcpy(pre, "0123456789", 10);
	seen->ret[0] = syscall(SYS_write, p[1], hello, 12);
	seen->ret[1] = syscall(SYS_read, p[0], buf, 100);
	seen->ret[2] = syscall(SYS_write, p[1], big, 1000);	/* cut at 64 */
	seen->ret[3] = syscall(SYS_read, BAD_FD, buf, 10);	/* EBADF: no copy */
	seen->ret[4] = syscall(SYS_pread64, BAD_FD, pre, 10, 0);	/* ON_ERROR */
}

TEST_F(mem, buffers_by_argument_and_by_return_value)
{
	const long nrs[] = { SYS_write, SYS_read, SYS_pread64 };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_write, ENTER, 1, BUF, .len_src = SCTRACE_LEN_ARG, .len_arg = 2, .size = 1),
		ITEM(SYS_read, EXIT, 1, BUF, .len_src = SCTRACE_LEN_RET, .size = 1),
		ITEM(SYS_pread64, EXIT, 1, BUF, .len_src = SCTRACE_LEN_ARG, .len_arg = 2, .size = 1,
		     .flags = SCTRACE_CAP_F_ON_ERROR),
	};
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;
	uint8_t zs[64];

	ASSERT_EQ(0, sctrace_set_snaplen(self->t, 64));
	ASSERT_EQ(0, trace(self->t, &self->w, do_buffers, nrs, 3, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	ASSERT_EQ(12, seen->ret[1]);
	/* write: count bytes at entry */
	e = call(&self->r, self->w.pid, SYS_write, 2, 12, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_ARGKIND(1, SCTRACE_CAP_BUF), it->arg);
	ASSERT_EQ(12, it->len);
	ASSERT_EQ(0, memcmp("hello, world", data(it), 12));
	ASSERT_EQ(0, ((const struct sctrace_sys_exit *)x)->nitem);
	/* read: the bytes it returned, at exit; nothing at entry */
	e = call(&self->r, self->w.pid, SYS_read, 2, 100, &x);
	ASSERT_EQ(0, ((const struct sctrace_sys_enter *)e)->nitem);
	it = rec_item(x, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(12, it->len);
	ASSERT_EQ(0, it->flags);
	ASSERT_EQ(0, memcmp("hello, world", data(it), 12));
	/* longer than the snaplen: cut, marked */
	e = call(&self->r, self->w.pid, SYS_write, 2, 1000, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(64, it->len);
	ASSERT_EQ(SCTRACE_ITEM_TRUNC, it->flags);
	memset(zs, 'z', sizeof(zs));
	ASSERT_EQ(0, memcmp(zs, data(it), 64));
	/* an error return copies nothing */
	e = call(&self->r, self->w.pid, SYS_read, 0, BAD_FD, &x);
	ASSERT_TRUE(x != NULL);
	ASSERT_EQ(-EBADF, ((const struct sctrace_sys_exit *)x)->ret);
	ASSERT_EQ(0, ((const struct sctrace_sys_exit *)x)->nitem);
	/* unless the item says so */
	e = call(&self->r, self->w.pid, SYS_pread64, 0, BAD_FD, &x);
	it = rec_item(x, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(10, it->len);
	ASSERT_EQ(0, memcmp("0123456789", data(it), 10));
}

/* ---- structs, argptr lengths ------------------------------------------ */

static void do_structs(void *arg)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	socklen_t len = sizeof(sa);
	struct stat st;
	int fd, p[2];

	(void)arg;
	fd = open("/proc/self/exe", O_RDONLY);
	seen->ret[0] = syscall(SYS_fstat, fd, &st);
	memcpy(seen->stat, &st, sizeof(st));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		_exit(2);
	memset(&sa, 0, sizeof(sa));
	seen->ret[1] = syscall(SYS_getsockname, fd, &sa, &len);
	memcpy(seen->sa, &sa, sizeof(sa));
	seen->ret[2] = syscall(SYS_pipe2, p, 0);
	memcpy(seen->pipefds, p, sizeof(p));
}

TEST_F(mem, fixed_structs_and_lengths_behind_pointers)
{
	const long nrs[] = { SYS_fstat, SYS_getsockname, SYS_pipe2 };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_fstat, EXIT, 1, BUF, .size = sizeof(struct stat)),
		ITEM(SYS_getsockname, EXIT, 1, BUF, .len_src = SCTRACE_LEN_ARGPTR, .len_arg = 2,
		     .size = 1),
		ITEM(SYS_pipe2, EXIT, 0, BUF, .size = 2 * sizeof(int)),
	};
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;

	ASSERT_EQ(144, sizeof(struct stat));
	ASSERT_EQ(0, trace(self->t, &self->w, do_structs, nrs, 3, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	ASSERT_EQ(0, seen->ret[0]);
	e = call(&self->r, self->w.pid, SYS_fstat, -1, 0, &x);
	it = rec_item(x, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(sizeof(struct stat), it->len);
	ASSERT_EQ(0, memcmp(seen->stat, data(it), sizeof(struct stat)));
	/* getsockname: as many bytes as the kernel wrote into *addrlen */
	e = call(&self->r, self->w.pid, SYS_getsockname, -1, 0, &x);
	it = rec_item(x, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(sizeof(struct sockaddr_in), it->len);
	ASSERT_EQ(0, memcmp(seen->sa, data(it), sizeof(struct sockaddr_in)));
	e = call(&self->r, self->w.pid, SYS_pipe2, -1, 0, &x);
	it = rec_item(x, 0, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(2 * sizeof(int), it->len);
	ASSERT_EQ(0, memcmp(seen->pipefds, data(it), 2 * sizeof(int)));
	(void)e;
}

/* ---- arrays ------------------------------------------------------------ */

static void do_poll(void *arg)
{
	struct pollfd fds[2];
	int p[2];

	(void)arg;
	if (pipe(p) || write(p[1], "x", 1) != 1)
		_exit(2);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT | POLLIN };
	memcpy(seen->poll_before, fds, sizeof(fds));
	seen->ret[0] = syscall(SYS_poll, fds, 2, 0);
	memcpy(seen->poll_after, fds, sizeof(fds));
}

TEST_F(mem, arrays_counted_by_an_argument_in_and_out)
{
	const long nrs[] = { SYS_poll };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_poll, ENTER, 0, BUF, .len_src = SCTRACE_LEN_ARG, .len_arg = 1,
		     .size = sizeof(struct pollfd)),
		ITEM(SYS_poll, EXIT, 0, BUF, .len_src = SCTRACE_LEN_ARG, .len_arg = 1,
		     .size = sizeof(struct pollfd)),
	};
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;

	ASSERT_EQ(0, trace(self->t, &self->w, do_poll, nrs, 1, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	ASSERT_EQ(2, seen->ret[0]);
	e = call(&self->r, self->w.pid, SYS_poll, -1, 0, &x);
	it = rec_item(e, 0, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(sizeof(seen->poll_before), it->len);
	ASSERT_EQ(0, memcmp(seen->poll_before, data(it), it->len));
	it = rec_item(x, 0, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(sizeof(seen->poll_after), it->len);
	ASSERT_EQ(0, memcmp(seen->poll_after, data(it), it->len));
	ASSERT_NE(0, seen->poll_after[0].revents);
}

/* ---- iovecs and msghdrs ------------------------------------------------ */

static void do_iovecs(void *arg)
{
	char a[4], b[10], many[20][2], abc[] = "abc", none[] = "", defgh[] = "defgh";
	struct iovec in[3] = { { abc, 3 }, { none, 0 }, { defgh, 5 } };
	struct iovec out[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct iovec lots[20];
	int p[2], i;

	(void)arg;
	if (pipe(p))
		_exit(2);
	seen->ret[0] = syscall(SYS_writev, p[1], in, 3);
	seen->ret[1] = syscall(SYS_readv, p[0], out, 2);
	for (i = 0; i < 20; i++) {
		memcpy(many[i], "xy", 2);
		lots[i] = (struct iovec){ many[i], 2 };
	}
	seen->ret[2] = syscall(SYS_writev, p[1], lots, 20);
}

TEST_F(mem, iovecs_and_the_bytes_they_name)
{
	const long nrs[] = { SYS_writev, SYS_readv };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_writev, ENTER, 1, IOVEC, .len_src = SCTRACE_LEN_ARG, .len_arg = 2),
		ITEM(SYS_readv, EXIT, 1, IOVEC, .len_src = SCTRACE_LEN_ARG, .len_arg = 2),
	};
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;
	struct sct_iov_view v;
	const uint8_t *bytes;
	uint64_t base, len;
	size_t n;

	ASSERT_EQ(0, trace(self->t, &self->w, do_iovecs, nrs, 2, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	ASSERT_EQ(8, seen->ret[0]);
	ASSERT_EQ(8, seen->ret[1]);
	e = call(&self->r, self->w.pid, SYS_writev, 2, 3, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, it->flags);
	ASSERT_EQ(0, sct_item__iov(it, &v));
	ASSERT_EQ(3, v.count);
	ASSERT_EQ(3, v.niov);
	ASSERT_EQ(8, v.nbytes);
	ASSERT_EQ(0, memcmp("abcdefgh", v.bytes, 8));
	sct_iov__get(&v, 2, &base, &len, &bytes, &n);
	ASSERT_EQ(5, len);
	ASSERT_EQ(5, n);
	ASSERT_EQ(0, memcmp("defgh", bytes, 5));
	/* readv: split over its buffers as the call filled them */
	e = call(&self->r, self->w.pid, SYS_readv, 2, 2, &x);
	it = rec_item(x, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, sct_item__iov(it, &v));
	ASSERT_EQ(2, v.niov);
	ASSERT_EQ(8, v.nbytes);
	sct_iov__get(&v, 0, &base, &len, &bytes, &n);
	ASSERT_EQ(4, n);
	ASSERT_EQ(0, memcmp("abcd", bytes, 4));
	sct_iov__get(&v, 1, &base, &len, &bytes, &n);
	ASSERT_EQ(10, len);
	ASSERT_EQ(4, n);
	ASSERT_EQ(0, memcmp("efgh", bytes, 4));
	/* more iovecs than are copied: cut, marked */
	e = call(&self->r, self->w.pid, SYS_writev, 2, 20, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_TRUNC, it->flags);
	ASSERT_EQ(0, sct_item__iov(it, &v));
	ASSERT_EQ(20, v.count);
	ASSERT_EQ(SCTRACE_CAP_MAX_IOV, v.niov);
	ASSERT_EQ(2 * SCTRACE_CAP_MAX_IOV, v.nbytes);
}

static void do_msgs(void *arg)
{
	char ping[] = "ping", bang[] = "!";
	struct iovec in[2] = { { ping, 4 }, { bang, 1 } };
	struct msghdr m = { .msg_iov = in, .msg_iovlen = 2 };
	struct sockaddr_storage from;
	char buf[16];
	struct iovec out = { buf, sizeof(buf) };
	struct msghdr r = { .msg_name = &from, .msg_namelen = sizeof(from),
			    .msg_iov = &out, .msg_iovlen = 1 };
	int s[2];

	(void)arg;
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, s))
		_exit(2);
	seen->ret[0] = syscall(SYS_sendmsg, s[0], &m, 0);
	seen->ret[1] = syscall(SYS_recvmsg, s[1], &r, 0);
	memcpy(seen->msghdr_out, &r, sizeof(r));
}

TEST_F(mem, msghdrs_with_their_iovecs)
{
	const long nrs[] = { SYS_sendmsg, SYS_recvmsg };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_sendmsg, ENTER, 1, MSGHDR),
		ITEM(SYS_recvmsg, EXIT, 1, MSGHDR),
	};
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;
	struct sct_msg_view v;

	ASSERT_EQ(56, sizeof(struct msghdr));
	ASSERT_EQ(0, trace(self->t, &self->w, do_msgs, nrs, 2, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	ASSERT_EQ(5, seen->ret[0]);
	ASSERT_EQ(5, seen->ret[1]);
	e = call(&self->r, self->w.pid, SYS_sendmsg, -1, 0, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, sct_item__msg(it, &v));
	ASSERT_EQ(0, v.namelen);
	ASSERT_EQ(2, v.iov.count);
	ASSERT_EQ(2, v.iov.niov);
	ASSERT_EQ(5, v.iov.nbytes);
	ASSERT_EQ(0, memcmp("ping!", v.iov.bytes, 5));
	/* recvmsg: the msghdr as the call left it, and what it received */
	e = call(&self->r, self->w.pid, SYS_recvmsg, -1, 0, &x);
	it = rec_item(x, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, sct_item__msg(it, &v));
	ASSERT_EQ(0, memcmp(seen->msghdr_out, v.msghdr, 56));
	ASSERT_EQ(1, v.iov.niov);
	ASSERT_EQ(5, v.iov.nbytes);
	ASSERT_EQ(0, memcmp("ping!", v.iov.bytes, 5));
	/* the name is as long as the kernel said (an unnamed socket's) */
	ASSERT_EQ(sct_msg__u64(&v, 8) & 0xffffffff, v.namelen);
}

/*
 * A count above 32 bits: the kernel takes its low 32 bits (1 here), and
 * so must the record, or niov (16) is more than its count and the reader
 * refuses the record. 16 readable iovecs, so that the probes' copy of
 * them does not fault.
 */
#define COUNT_HI	0x100000001ULL

static void do_huge_counts(void *arg)
{
	char ab[] = "ab", one[] = "1";
	struct iovec v[SCTRACE_CAP_MAX_IOV];
	struct msghdr m = { .msg_iov = v };
	int p[2], s[2], i;

	(void)arg;
	if (pipe(p) || socketpair(AF_UNIX, SOCK_DGRAM, 0, s))
		_exit(2);
	for (i = 0; i < SCTRACE_CAP_MAX_IOV; i++)
		v[i] = (struct iovec){ i ? one : ab, i ? 1 : 2 };
	seen->ret[0] = syscall(SYS_writev, p[1], v, COUNT_HI);
	/* the header's msg_iovlen is a size_t */
	m.msg_iovlen = COUNT_HI;
	seen->ret[1] = syscall(SYS_sendmsg, s[0], &m, 0);
}

TEST_F(mem, iovec_counts_are_their_low_32_bits)
{
	const long nrs[] = { SYS_writev, SYS_sendmsg };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_writev, ENTER, 1, IOVEC, .len_src = SCTRACE_LEN_ARG, .len_arg = 2),
		ITEM(SYS_sendmsg, ENTER, 1, MSGHDR),
	};
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;
	struct sct_items items_of;
	struct sct_msg_view mv;
	struct sct_iov_view v;
	char why[128] = "";

	ASSERT_EQ(0, trace(self->t, &self->w, do_huge_counts, nrs, 2, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	ASSERT_EQ(2, seen->ret[0]);	/* the kernel wrote one iovec */
	e = call(&self->r, self->w.pid, SYS_writev, 2, COUNT_HI, &x);
	ASSERT_TRUE(e != NULL);
	ASSERT_EQ(0, sct_items__walk(e, &items_of, why, sizeof(why))) TH_LOG("%s", why);
	it = items_of.arg[1];
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, it->flags);
	ASSERT_EQ(0, sct_item__iov(it, &v));
	ASSERT_EQ(1, v.count);
	ASSERT_EQ(1, v.niov);
	ASSERT_EQ(2, v.nbytes);
	ASSERT_EQ(0, memcmp("ab", v.bytes, 2));
	e = call(&self->r, self->w.pid, SYS_sendmsg, -1, 0, &x);
	ASSERT_TRUE(e != NULL);
	ASSERT_EQ(0, sct_items__walk(e, &items_of, why, sizeof(why))) TH_LOG("%s", why);
	it = items_of.arg[1];
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, sct_item__msg(it, &mv));
	ASSERT_EQ(1, mv.iov.count);
	ASSERT_EQ(1, mv.iov.niov);
	ASSERT_EQ(2, mv.iov.nbytes);
}

/*
 * An empty iovec reads nothing, whatever its base: one no copy could read
 * (a kernel address) between two others is no fault. (The call itself
 * fails with EFAULT or not; the entry's copy is what is tested.)
 */
#define KERNEL_ADDR	0xffffffff81000000ULL

static void do_empty_iovec(void *arg)
{
	char abc[] = "abc", defgh[] = "defgh";
	struct iovec in[3] = { { abc, 3 }, { (void *)KERNEL_ADDR, 0 }, { defgh, 5 } };
	int fd = open("/dev/null", O_WRONLY);

	(void)arg;
	if (fd < 0)
		_exit(2);
	seen->ret[0] = syscall(SYS_writev, fd, in, 3);
}

TEST_F(mem, an_empty_iovec_reads_nothing_from_its_base)
{
	const long nrs[] = { SYS_writev };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_writev, ENTER, 1, IOVEC, .len_src = SCTRACE_LEN_ARG, .len_arg = 2),
	};
	struct sctrace_counters c = { .size = sizeof(c) };
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;
	struct sct_iov_view v;

	ASSERT_EQ(0, sctrace_reset_counters(self->t));
	ASSERT_EQ(0, trace(self->t, &self->w, do_empty_iovec, nrs, 1, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	e = call(&self->r, self->w.pid, SYS_writev, 2, 3, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, it->flags);
	ASSERT_EQ(0, ((const struct sctrace_sys_enter *)e)->flags);
	ASSERT_EQ(0, sct_item__iov(it, &v));
	ASSERT_EQ(3, v.niov);
	ASSERT_EQ(8, v.nbytes);
	ASSERT_EQ(0, memcmp("abcdefgh", v.bytes, 8));
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	ASSERT_EQ(0, c.total.faults);
}

/* ---- string arrays ----------------------------------------------------- */

static void do_execve(void *arg)
{
	char a[] = "a", bb[] = "bb", ccc[] = "ccc", x[] = "X=1", y[] = "Y=2";
	char path[] = "/nonexistent/sctrace";
	char *argv[] = { a, bb, ccc, NULL };
	char *envp[] = { x, y, NULL };

	(void)arg;
	seen->ret[0] = syscall(SYS_execve, path, argv, envp);
}

TEST_F(mem, string_arrays_counted_and_copied)
{
	const long nrs[] = { SYS_execve };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_execve, ENTER, 0, STR, .flags = SCTRACE_CAP_F_PATH),
		ITEM(SYS_execve, ENTER, 1, STRARR, .size = 32),
		ITEM(SYS_execve, ENTER, 2, STRARR, .size = 0),
	};
	const char *want[] = { "a", "bb", "ccc" };
	const struct sctrace_item *it, *s;
	const struct sctrace_hdr *e, *x;
	struct sct_strarr_view v;
	unsigned int i;

	ASSERT_EQ(0, trace(self->t, &self->w, do_execve, nrs, 1, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(-1, seen->ret[0]);
	e = call(&self->r, self->w.pid, SYS_execve, -1, 0, &x);
	ASSERT_EQ(3, ((const struct sctrace_sys_enter *)e)->nitem);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, it->flags);
	ASSERT_EQ(0, sct_item__strarr(it, &v));
	ASSERT_EQ(3, v.count);
	ASSERT_EQ(3, v.nstr);
	for (i = 0, s = v.first; i < 3; i++, s = sct_item__next(s)) {
		ASSERT_EQ(strlen(want[i]), s->len);
		ASSERT_EQ(i, SCTRACE_ITEM_ARG(s->arg));
		ASSERT_EQ(0, memcmp(want[i], data(s), s->len));
	}
	/* envp: counted, no strings */
	it = rec_item(e, 2, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(0, sct_item__strarr(it, &v));
	ASSERT_EQ(2, v.count);
	ASSERT_EQ(0, v.nstr);
}

/* ---- NULL, faults, lying lengths --------------------------------------- */

static void do_bad_pointers(void *arg)
{
	uint8_t *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char null[] = "/dev/null";
	int fd = open(null, O_WRONLY);

	(void)arg;
	if (m == MAP_FAILED || fd < 0)
		_exit(2);
	memset(m, 'q', 2 * PAGE);
	munmap(m + 2 * PAGE, PAGE);	/* a hole after two pages */
	seen->ret[0] = syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY, 0);
	seen->ret[1] = syscall(SYS_write, fd, m + 2 * PAGE, 10);	/* unmapped */
	seen->ret[2] = syscall(SYS_write, fd, m + 2 * PAGE - 16, -1L);	/* runs into it */
	seen->ret[3] = syscall(SYS_write, fd, m, 1L << 40);	/* huge */
	seen->ret[4] = syscall(SYS_write, fd, m, 100);
}

/* The plan of the bad-pointer tests: openat's path, write's counted buffer. */
static const long bad_nrs[] = { SYS_openat, SYS_write };
static const struct sctrace_cap_item bad_items[] = {
	{ .nr = SYS_openat, .when = SCTRACE_CAP_ENTER, .arg = 1, .kind = SCTRACE_CAP_STR,
	  .flags = SCTRACE_CAP_F_PATH },
	{ .nr = SYS_write, .when = SCTRACE_CAP_ENTER, .arg = 1, .kind = SCTRACE_CAP_BUF,
	  .len_src = SCTRACE_LEN_ARG, .len_arg = 2, .size = 1 },
};

TEST_F(mem, null_unmapped_and_lying_lengths)
{
	struct sctrace_counters c = { .size = sizeof(c) };
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;
	uint8_t qs[256];

	ASSERT_EQ(0, sctrace_set_snaplen(self->t, 256));
	ASSERT_EQ(0, sctrace_reset_counters(self->t));
	ASSERT_EQ(0, trace(self->t, &self->w, do_bad_pointers, bad_nrs, 2, NULL, 0,
			   bad_items, NITEMS(bad_items), &self->r));
	ASSERT_EQ(0, self->w.status);
	/* NULL is NULL, not a fault */
	e = call(&self->r, self->w.pid, SYS_openat, 1, 0, &x);	/* not open("/dev/null") */
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_NULL, it->flags);
	ASSERT_EQ(0, it->len);
	ASSERT_EQ(0, ((const struct sctrace_sys_enter *)e)->flags);
	/* an unmapped page: a fault, nothing copied */
	e = call(&self->r, self->w.pid, SYS_write, 2, 10, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_FAULT, it->flags);
	ASSERT_EQ(0, it->len);
	ASSERT_EQ(SCTRACE_REC_FAULT, ((const struct sctrace_sys_enter *)e)->flags);
	/* -1: bounded at the snaplen, which runs into the hole: a fault */
	e = call(&self->r, self->w.pid, SYS_write, 2, (uint64_t)-1L, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_TRUE(it->flags & SCTRACE_ITEM_FAULT);
	ASSERT_EQ(0, it->len);
	/* a huge count over mapped memory: the snaplen's worth, cut */
	e = call(&self->r, self->w.pid, SYS_write, 2, 1ULL << 40, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_TRUNC, it->flags);
	ASSERT_EQ(256, it->len);
	memset(qs, 'q', sizeof(qs));
	ASSERT_EQ(0, memcmp(qs, data(it), 256));
	/* and the next call is whole again */
	e = call(&self->r, self->w.pid, SYS_write, 2, 100, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(100, it->len);
	ASSERT_EQ(0, it->flags);
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	ASSERT_EQ(1, c.total.nulls);
	ASSERT_EQ(2, c.total.faults);
	ASSERT_EQ(2, c.total.truncated);	/* the huge count, and the -1 that faulted */
}

/*
 * A kernel address the caller passes is refused by the copy itself, not
 * by luck: _stext is mapped kernel text (every kernel with kallsyms lists
 * it), so a copy without the user-range check would succeed and put the
 * kernel's code in the record. Both kinds of copy are tried: a buffer
 * (write) and a path.
 */
static uint64_t ktext_addr;

static uint64_t kernel_symbol(const char *name)
{
	char line[256], sym[128], type;
	unsigned long long a;
	uint64_t found = 0;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %127s", &a, &type, sym) == 3 && !strcmp(sym, name))
			found = a;
	fclose(f);
	return found;
}

static void do_kernel_pointers(void *arg)
{
	char null[] = "/dev/null";	/* on the stack: a literal's page may fault */
	int fd = open(null, O_WRONLY);

	(void)arg;
	if (fd < 0)
		_exit(2);
	seen->ret[0] = syscall(SYS_write, fd, (void *)ktext_addr, 16);
	seen->ret[1] = syscall(SYS_openat, AT_FDCWD, (void *)ktext_addr, O_RDONLY, 0);
}

TEST_F(mem, kernel_memory_is_never_copied)
{
	struct sctrace_counters c = { .size = sizeof(c) };
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;

	ktext_addr = kernel_symbol("_stext");
	if (!ktext_addr)
		SKIP(return, "no address for _stext in /proc/kallsyms (kptr_restrict?)");
	ASSERT_EQ(0, sctrace_reset_counters(self->t));
	ASSERT_EQ(0, trace(self->t, &self->w, do_kernel_pointers, bad_nrs, 2, NULL, 0,
			   bad_items, NITEMS(bad_items), &self->r));
	ASSERT_EQ(0, self->w.status);
	ASSERT_EQ(-1, seen->ret[0]);	/* the kernel refuses it too: EFAULT */
	e = call(&self->r, self->w.pid, SYS_write, 1, ktext_addr, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_FAULT, it->flags);
	ASSERT_EQ(0, it->len);
	e = call(&self->r, self->w.pid, SYS_openat, 1, ktext_addr, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_FAULT, it->flags);
	ASSERT_EQ(0, it->len);
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	ASSERT_EQ(2, c.total.faults);
}

/* ---- a string read again at exit --------------------------------------- */

#define RETRY_PATH	"/nonexistent/sctrace/retried"

static int retry_fd = -1;	/* made by the test: the child's only openat is ours */

/* A deleted file holding the string s (with its NUL), in retry_fd. */
static int retry_file(const char *s)
{
	char name[] = "/tmp/sctrace-retry-XXXXXX";
	ssize_t n = strlen(s) + 1;

	retry_fd = mkstemp(name);
	if (retry_fd < 0)
		return -errno;
	unlink(name);
	return write(retry_fd, s, n) == n ? 0 : -EIO;
}

/* In the child: retry_fd's page, which it never touched (a copy faults). */
static char *untouched_page(void)
{
	char *m = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, retry_fd, 0);

	if (m == MAP_FAILED)
		_exit(3);
	madvise(m, PAGE, MADV_DONTNEED);
	return m;
}

static void do_retry(void *arg)
{
	char *m = untouched_page();

	(void)arg;
	seen->ret[0] = syscall(SYS_openat, AT_FDCWD, m, O_RDONLY, 0);
	seen->err = errno;
}

TEST_F(mem, a_string_that_faults_at_entry_is_read_at_exit)
{
	const long nrs[] = { SYS_openat };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_openat, ENTER, 1, STR, .flags = SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY),
	};
	struct sctrace_counters c = { .size = sizeof(c) };
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;

	ASSERT_EQ(0, retry_file(RETRY_PATH));
	ASSERT_EQ(0, sctrace_reset_counters(self->t));
	ASSERT_EQ(0, trace(self->t, &self->w, do_retry, nrs, 1, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	ASSERT_EQ(ENOENT, seen->err);
	e = call(&self->r, self->w.pid, SYS_openat, -1, 0, &x);
	it = rec_item(e, 1, false);
	ASSERT_TRUE(it != NULL);
	if (!(it->flags & SCTRACE_ITEM_FAULT))
		SKIP(return, "the page was present at entry: nothing to retry (item flags 0x%x, %u bytes)",
		     it->flags, it->len);
	it = rec_item(x, 1, true);
	ASSERT_TRUE(it != NULL);
	ASSERT_EQ(SCTRACE_ITEM_RETRY, it->flags);
	ASSERT_EQ(strlen(RETRY_PATH), it->len);
	ASSERT_EQ(0, memcmp(RETRY_PATH, data(it), it->len));
	ASSERT_EQ(-ENOENT, ((const struct sctrace_sys_exit *)x)->ret);
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	ASSERT_EQ(1, c.total.faults);
	ASSERT_EQ(1, c.total.retried);
}

/*
 * A successful exec whose path faulted at entry: its exit's registers are
 * the new image's, so there is nothing to read again (no RETRY | NULL
 * item). The path is in a file page the child never touched, as above.
 */
#define TRUE_PATH	"/bin/true"

static void do_exec_retry(void *arg)
{
	char a0[] = "true";
	char *argv[] = { a0, NULL };
	char *m = untouched_page();

	(void)arg;
	syscall(SYS_execve, m, argv, NULL);
	_exit(4);
}

TEST_F(mem, a_successful_exec_is_not_retried)
{
	const long nrs[] = { SYS_execve };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_execve, ENTER, 0, STR, .flags = SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY),
	};
	struct sctrace_counters c = { .size = sizeof(c) };
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;

	if (access(TRUE_PATH, X_OK))
		SKIP(return, "no %s", TRUE_PATH);
	ASSERT_EQ(0, retry_file(TRUE_PATH));
	ASSERT_EQ(0, sctrace_reset_counters(self->t));
	ASSERT_EQ(0, trace(self->t, &self->w, do_exec_retry, nrs, 1, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	e = call(&self->r, self->w.pid, SYS_execve, -1, 0, &x);
	it = rec_item(e, 0, false);
	ASSERT_TRUE(it != NULL);
	if (!(it->flags & SCTRACE_ITEM_FAULT))
		SKIP(return, "the page was present at entry: nothing to retry (item flags 0x%x, %u bytes)",
		     it->flags, it->len);
	ASSERT_TRUE(x != NULL);
	ASSERT_EQ(SYS_execve, ((const struct sctrace_sys_exit *)x)->nr);
	ASSERT_EQ(0, ((const struct sctrace_sys_exit *)x)->ret);
	ASSERT_EQ(0, ((const struct sctrace_sys_exit *)x)->nitem);
	ASSERT_TRUE(rec_item(x, 0, true) == NULL);
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	ASSERT_EQ(0, c.total.nulls);
	ASSERT_EQ(0, c.total.retried);
}

/* ---- 32-bit syscalls --------------------------------------------------- */

#define I386_OPEN	5
#define I386_GETPID	20
#define NO_IA32		77

static long int80(long nr, long a, long b, long c)
{
	long r;

	asm volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static void do_ia32(void *arg)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	pid_t c;
	int st = 0;

	(void)arg;
	if (p == MAP_FAILED)
		_exit(2);
	strcpy(p, "/nonexistent/ia32");
	c = fork();
	if (c == 0) {
		seen->ret[0] = int80(I386_GETPID, 0, 0, 0);
		seen->ret[1] = int80(I386_OPEN, (long)p, 0, 0);
		_exit(0);
	}
	waitpid(c, &st, 0);
	/* no ia32 emulation: int $0x80 kills the child */
	_exit(WIFSIGNALED(st) ? NO_IA32 : WEXITSTATUS(st));
}

TEST_F(mem, ia32_calls_are_traced_with_their_own_numbers)
{
	const long nrs32[] = { I386_OPEN, I386_GETPID };
	const struct sctrace_cap_item items[] = {
		ITEM(I386_OPEN, ENTER, 0, STR, .abi = SCTRACE_ABI_I386,
		     .flags = SCTRACE_CAP_F_PATH),
	};
	const struct sctrace_sys_enter *e;
	const struct sctrace_sys_exit *x;
	const struct sctrace_item *it;
	struct sctrace_filter f;
	size_t i, opens = 0, getpids = 0;
	int ret;

	ret = wl_spawn(&self->w, do_ia32, NULL);
	ASSERT_EQ(0, ret);
	filter_for(&f, &self->w.pid, 1, SCTRACE_FILTER_FOLLOW);
	memset(f.strargs, 0, sizeof(f.strargs));
	memset(f.syscalls, 0, sizeof(f.syscalls));
	for (i = 0; i < 2; i++)
		f.syscalls32[nrs32[i] / 64] |= 1ull << (nrs32[i] % 64);
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_EQ(0, sctrace_set_capture(self->t, items, NITEMS(items)));
	ASSERT_EQ(0, sctrace_start(self->t, 0));
	ASSERT_EQ(0, wl_go(&self->w));
	ASSERT_EQ(0, collect(self->t, &self->w, 1, &self->r, DEADLINE_MS));
	if (WIFEXITED(self->w.status) && WEXITSTATUS(self->w.status) == NO_IA32)
		SKIP(return, "this kernel has no ia32 emulation");
	ASSERT_EQ(0, self->w.status);
	for (i = 0; i < self->r.n; i++) {
		e = (const void *)self->r.v[i];
		x = (const void *)self->r.v[i];
		if (e->hdr.type == SCTRACE_REC_SYS_ENTER) {
			ASSERT_EQ(SCTRACE_REC_COMPAT, e->flags & SCTRACE_REC_COMPAT);
			if (e->nr == I386_OPEN) {
				it = rec_item(&e->hdr, 0, false);
				ASSERT_TRUE(it != NULL);
				ASSERT_EQ(strlen("/nonexistent/ia32"), it->len);
				ASSERT_EQ(0, memcmp("/nonexistent/ia32", data(it), it->len));
				ASSERT_EQ(0, e->args[0] >> 32);
				opens++;
			} else {
				ASSERT_EQ(I386_GETPID, e->nr);
				getpids++;
			}
		} else if (x->hdr.type == SCTRACE_REC_SYS_EXIT) {
			ASSERT_EQ(SCTRACE_REC_COMPAT, x->flags & SCTRACE_REC_COMPAT);
			if (x->nr == I386_GETPID) {
				ASSERT_EQ(seen->ret[0], x->ret);
			} else {
				ASSERT_EQ(-ENOENT, x->ret);
			}
		}
	}
	ASSERT_EQ(1, opens);
	ASSERT_EQ(1, getpids);
}

/* ---- plans refused, the largest record --------------------------------- */

TEST_F(mem, plans_are_checked)
{
	struct sctrace_cap_item bad[] = {
		ITEM(SYS_read, EXIT, 6, BUF, .size = 1),
	};
	struct sctrace_cap_item five[5];
	int i;

	ASSERT_EQ(-EINVAL, sctrace_set_capture(self->t, bad, 1));
	bad[0] = ITEM(SYS_read, ENTER, 1, BUF, .len_src = SCTRACE_LEN_RET, .size = 1);
	ASSERT_EQ(-EINVAL, sctrace_set_capture(self->t, bad, 1));
	bad[0] = ITEM(SYS_read, EXIT, 1, BUF, .size = SCTRACE_CAP_MAX_FIXED + 1);
	ASSERT_EQ(-EINVAL, sctrace_set_capture(self->t, bad, 1));
	for (i = 0; i < 5; i++)
		five[i] = ITEM(SYS_read, EXIT, i, BUF, .size = 8);
	ASSERT_EQ(-EINVAL, sctrace_set_capture(self->t, five, 5));
	ASSERT_EQ(0, sctrace_set_capture(self->t, five, 4));
	ASSERT_EQ(0, sctrace_start(self->t, 0));
	ASSERT_EQ(-EBUSY, sctrace_set_capture(self->t, five, 4));
	ASSERT_EQ(0, sctrace_stop(self->t));
	ASSERT_EQ(0, sctrace_set_capture(self->t, NULL, 0));
}

static uint8_t blocks[4][SCTRACE_CAP_MAX_FIXED];

static void do_largest(void *arg)
{
	(void)arg;
	memset(blocks, 'L', sizeof(blocks));
	/* lseek's arguments are numbers; the plan reads them as pointers */
	syscall(SYS_lseek, blocks[0], blocks[1], blocks[2], blocks[3]);
}

TEST_F(mem, the_largest_record_fits)
{
	const long nrs[] = { SYS_lseek };
	struct sctrace_cap_item items[SCTRACE_CAP_MAX_PER];
	struct sctrace_counters c = { .size = sizeof(c) };
	const struct sctrace_hdr *e, *x;
	const struct sctrace_item *it;
	int a;

	for (a = 0; a < SCTRACE_CAP_MAX_PER; a++)
		items[a] = ITEM(SYS_lseek, ENTER, a, BUF, .size = SCTRACE_CAP_MAX_FIXED);
	ASSERT_EQ(0, trace(self->t, &self->w, do_largest, nrs, 1, NULL, 0, items,
			   SCTRACE_CAP_MAX_PER, &self->r));
	e = call(&self->r, self->w.pid, SYS_lseek, -1, 0, &x);
	ASSERT_TRUE(e != NULL);
	ASSERT_LE(e->len, SCTRACE_MAX_RECORD);
	for (a = 0; a < SCTRACE_CAP_MAX_PER; a++) {
		it = rec_item(e, a, false);
		ASSERT_TRUE(it != NULL);
		ASSERT_EQ(SCTRACE_CAP_MAX_FIXED, it->len);
		ASSERT_EQ('L', data(it)[SCTRACE_CAP_MAX_FIXED - 1]);
	}
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	ASSERT_EQ(0, c.total.dropped_full);
}

/* ---- the pad after item data, in a ring that has wrapped --------------- */

/*
 * A 64 KiB ring, filled with 'z' bytes and wrapped before the records
 * tested: the pad of an item whose data is not a multiple of 4 bytes
 * long lands on old bytes, which must not show through.
 */
#define SMALL_RING	(64 << 10)

FIXTURE(wrapped) {
	struct sctrace *t;
	struct recs r;
	struct wl w;
	long saved;
};

FIXTURE_SETUP(wrapped)
{
	char err[512] = "";

	memset(&self->r, 0, sizeof(self->r));
	self->saved = 0;
	self->t = test_open_ring(SMALL_RING, &self->saved, err, sizeof(err));
	ASSERT_TRUE(self->t != NULL) TH_LOG("open: %s", err);
}

FIXTURE_TEARDOWN(wrapped)
{
	recs_free(&self->r);
	if (self->t)
		sctrace_close(self->t);
	test_ring_restore(self->saved);
}

#define FILL_WRITES	400
#define PAD_CALLS	12

static void do_pads(void *arg)
{
	char zs[1000], bytes[] = "abcdefghijklmnopq";
	struct iovec v[2];
	cpu_set_t one;
	int fd = open("/dev/null", O_WRONLY), i;

	(void)arg;
	/* one CPU, one ring to wrap */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (fd < 0 || sched_setaffinity(0, sizeof(one), &one))
		_exit(2);
	memset(zs, 'z', sizeof(zs));
	for (i = 0; i < FILL_WRITES; i++) {
		syscall(SYS_write, fd, zs, sizeof(zs));
		if (i % 16 == 15)
			usleep(2000);	/* the reader keeps up: few drops */
	}
	usleep(50000);
	/* data of 24 + 1..3 bytes, and again at other offsets */
	for (i = 0; i < PAD_CALLS; i++) {
		v[0] = (struct iovec){ bytes, 1 + i % 3 };
		v[1] = (struct iovec){ bytes, i % 5 == 4 ? 4 : 0 };
		syscall(SYS_writev, fd, v, 2);
		syscall(SYS_write, fd, zs, 1 + i * 37);
		usleep(1000);
	}
}

TEST_F(wrapped, the_pad_after_iovec_data_is_zero)
{
	const long nrs[] = { SYS_write, SYS_writev };
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_write, ENTER, 1, BUF, .len_src = SCTRACE_LEN_ARG, .len_arg = 2, .size = 1),
		ITEM(SYS_writev, ENTER, 1, IOVEC, .len_src = SCTRACE_LEN_ARG, .len_arg = 2),
	};
	const struct sctrace_sys_enter *e;
	const struct sctrace_item *it;
	size_t i, checked = 0, odd = 0;
	unsigned int k;

	ASSERT_EQ(0, sctrace_set_snaplen(self->t, 1024));
	ASSERT_EQ(0, trace(self->t, &self->w, do_pads, nrs, 2, NULL, 0, items,
			   NITEMS(items), &self->r));
	ASSERT_EQ(0, self->w.status);
	for (i = 0; i < self->r.n; i++) {
		e = (const void *)self->r.v[i];
		if (e->hdr.type != SCTRACE_REC_SYS_ENTER || e->nr != SYS_writev)
			continue;
		it = rec_item(&e->hdr, 1, false);
		ASSERT_TRUE(it != NULL);
		ASSERT_EQ(0, it->flags);
		for (k = it->len; k < SCTRACE_ITEM_SIZE(it->len) - sizeof(*it); k++)
			ASSERT_EQ(0, data(it)[k]) TH_LOG("writev %zu: pad byte %u of %u",
							 checked, k, it->len);
		/* and the record's pad to 8 */
		for (k = sizeof(*e) + SCTRACE_ITEM_SIZE(it->len); k < e->hdr.len; k++)
			ASSERT_EQ(0, ((const uint8_t *)e)[k]);
		odd += it->len % 4 != 0;
		checked++;
	}
	ASSERT_LE(PAD_CALLS / 2, checked);
	ASSERT_LE(1, odd);
}

TEST_HARNESS_MAIN
