// SPDX-License-Identifier: GPL-2.0
/*
 * The module's device ABI, driven with raw syscalls: versions, ioctl
 * error paths, permissions, mmap rules, a hostile consumer position,
 * unloading while mapped, CPU hotplug during a capture, the capture
 * plan's checks (SCTRACE_IOC_SET_CAPTURE) and a smoke test of the
 * module's capture engine (the byte-exact tests of each kind of item,
 * for both backends, are capmem_test's).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 120

#include "sct_helpers.h"

#define DEV "/dev/sctrace"

FIXTURE(dev) {
	int fd;
	struct sctrace_info info;
};

FIXTURE_SETUP(dev)
{
	self->fd = open(DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", DEV, strerror(errno));
	memset(&self->info, 0, sizeof(self->info));
	self->info.size = sizeof(self->info);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_GET_INFO, &self->info));
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(dev, version_and_geometry)
{
	ASSERT_EQ(sizeof(self->info), self->info.size);
	ASSERT_EQ(SCTRACE_API_VERSION_MAJOR, self->info.api_major);
	ASSERT_EQ(SCTRACE_SCHEMA_VERSION, self->info.schema_version);
	ASSERT_LE(1, self->info.nr_cpus);
	ASSERT_EQ(0, self->info.ring_size & (self->info.ring_size - 1));
	ASSERT_EQ(8 << 20, self->info.ring_size);
	ASSERT_EQ(self->info.data_offset + 2 * self->info.ring_size,
		  self->info.mmap_stride);
	ASSERT_EQ(SCTRACE_MAX_SNAPLEN, self->info.max_snaplen);
}

TEST_F(dev, unknown_ioctl_is_enotty)
{
	struct sctrace_stop s = { .size = sizeof(s) };

	ASSERT_EQ(-1, ioctl(self->fd, _IOW(SCTRACE_IOC_MAGIC, 0x7f,
					    struct sctrace_stop), &s));
	ASSERT_EQ(ENOTTY, errno);
	ASSERT_EQ(-1, ioctl(self->fd, _IOW('x', 0x05, struct sctrace_stop), &s));
	ASSERT_EQ(ENOTTY, errno);
	/* right number, wrong direction */
	ASSERT_EQ(-1, ioctl(self->fd, _IOR(SCTRACE_IOC_MAGIC, 0x05,
					    struct sctrace_stop), &s));
	ASSERT_EQ(ENOTTY, errno);
}

/* A newer caller's larger struct (and command size bits) is accepted. */
TEST_F(dev, larger_struct_with_zero_tail_is_accepted)
{
	struct { struct sctrace_info i; __u64 tail[4]; } big;

	memset(&big, 0, sizeof(big));
	big.i.size = sizeof(big);
	ASSERT_EQ(0, ioctl(self->fd, _IOWR(SCTRACE_IOC_MAGIC, 0x01, big), &big));
	/* the kernel says how much it filled */
	ASSERT_EQ(sizeof(struct sctrace_info), big.i.size);
	ASSERT_EQ(SCTRACE_API_VERSION_MAJOR, big.i.api_major);
	big.i.size = 1 << 20;		/* more than a page: refused */
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_GET_INFO, &big));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(dev, bad_size_is_einval)
{
	struct { struct sctrace_snaplen s; __u64 tail; } big;

	memset(&big, 0, sizeof(big));
	big.s.size = 4;
	big.s.snaplen = 64;
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_SNAPLEN, &big));
	ASSERT_EQ(EINVAL, errno);
	/* a newer, larger struct is fine while its unknown tail is zero */
	big.s.size = sizeof(big);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_SET_SNAPLEN, &big));
	big.tail = 1;
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_SNAPLEN, &big));
	ASSERT_EQ(EINVAL, errno);
	big.tail = 0;
	big.s.snaplen = SCTRACE_MAX_SNAPLEN + 1;
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_SNAPLEN, &big));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(dev, bad_pointer_is_efault)
{
	void *unmapped = mmap(NULL, 4096, PROT_NONE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, unmapped);
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_GET_INFO, unmapped));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, (void *)8));
	ASSERT_EQ(EFAULT, errno);
	munmap(unmapped, 4096);
}

TEST_F(dev, unknown_flags_are_einval)
{
	struct sctrace_filter f;
	struct sctrace_start st = { .size = sizeof(st), .flags = 0x100 };
	struct sctrace_stop sp = { .size = sizeof(sp), .flags = 1 };

	filter_for(&f, NULL, 0, 0x80);
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(EINVAL, errno);
	filter_for(&f, NULL, 0, SCTRACE_FILTER_ALL_TASKS);
	f.strargs[2] = 0x40;		/* argument 6 does not exist */
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(EINVAL, errno);
	filter_for(&f, NULL, 0, SCTRACE_FILTER_ALL_TASKS);
	f.ntgids = SCTRACE_MAX_TGIDS + 1;
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(EINVAL, errno);
	filter_for(&f, NULL, 0, SCTRACE_FILTER_ALL_TASKS);
	f.tgids[3] = 42;		/* beyond ntgids: must be zero */
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_START, &st));
	ASSERT_EQ(EINVAL, errno);
	/* a watermark the ring could never reach */
	st.flags = 0;
	st.watermark = self->info.ring_size / 2 + 1;
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_START, &st));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_STOP, &sp));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(dev, filter_while_running_is_ebusy)
{
	struct sctrace_filter f;
	struct sctrace_start st = { .size = sizeof(st) };
	struct sctrace_stop sp = { .size = sizeof(sp) };
	pid_t nobody = 1;

	filter_for(&f, &nobody, 1, 0);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_START, &st));
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(EBUSY, errno);
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_START, &st));
	ASSERT_EQ(EBUSY, errno);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_STOP, &sp));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_STOP, &sp));
}

TEST_F(dev, second_open_is_ebusy)
{
	ASSERT_EQ(-1, open(DEV, O_RDWR));
	ASSERT_EQ(EBUSY, errno);
}

TEST_F(dev, sync_waits_and_checks_flags)
{
	struct sctrace_sync sy = { .size = sizeof(sy), .flags = 0 };
	struct sctrace_start st = { .size = sizeof(st) };
	struct sctrace_stop sp = { .size = sizeof(sp) };

	ASSERT_EQ(1, self->info.api_minor >= 1);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_SYNC, &sy));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_START, &st));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_SYNC, &sy));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_STOP, &sp));
	sy.flags = 1;
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SYNC, &sy));
	ASSERT_EQ(EINVAL, errno);
}

/*
 * A child forked while the rings are mapped does not inherit the mappings
 * (VM_DONTCOPY): once it has closed its copy of the fd, closing the
 * reader's frees the device, which a second open shows.
 */
TEST(fork_does_not_inherit_the_rings)
{
	struct sctrace_info info = { .size = sizeof(info) };
	struct sctrace_start st = { .size = sizeof(st) };
	int fd, fd2, go[2], closed[2], status;
	void *ctrl, *data;
	pid_t pid;
	char c;

	fd = open(DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, SCTRACE_IOC_GET_INFO, &info));
	ctrl = mmap(NULL, info.ctrl_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, ctrl);
	data = mmap(NULL, 2 * info.ring_size, PROT_READ, MAP_SHARED, fd, info.data_offset);
	ASSERT_NE(MAP_FAILED, data);
	ASSERT_EQ(0, ioctl(fd, SCTRACE_IOC_START, &st));
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(closed));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(fd);
		close(go[1]);
		if (write(closed[1], "c", 1) != 1)
			_exit(2);
		/* blocks until the parent is done */
		_exit(read(go[0], &c, 1) == 0 ? 0 : 1);
	}
	close(go[0]);
	close(closed[1]);
	ASSERT_EQ(1, read(closed[0], &c, 1));	/* its fd is closed */
	close(closed[0]);
	munmap(data, 2 * info.ring_size);
	munmap(ctrl, info.ctrl_size);
	close(fd);
	fd2 = open(DEV, O_RDWR | O_CLOEXEC);
	EXPECT_LE(0, fd2) TH_LOG("the device is still held after close: %s", strerror(errno));
	if (fd2 >= 0)
		close(fd2);
	close(go[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

TEST(non_root_open_is_eperm)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		if (open(DEV, O_RDWR) >= 0)
			_exit(3);
		_exit(errno == EPERM ? 0 : 4);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

TEST_F(dev, mmap_rules)
{
	size_t data = 2 * self->info.ring_size;
	off_t off0 = 0, offd = self->info.data_offset;
	void *p;

	/* data is never writable, not even later through mprotect() */
	p = mmap(NULL, data, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd, offd);
	ASSERT_EQ(MAP_FAILED, p);
	ASSERT_EQ(EPERM, errno);
	p = mmap(NULL, data, PROT_READ, MAP_SHARED, self->fd, offd);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(-1, mprotect(p, data, PROT_READ | PROT_WRITE));
	munmap(p, data);
	/* exact sizes, shared mappings, known offsets only */
	p = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, self->fd, off0);
	ASSERT_EQ(MAP_FAILED, p);
	ASSERT_EQ(EINVAL, errno);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, self->fd, off0);
	ASSERT_EQ(MAP_FAILED, p);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, self->fd, 8192);
	ASSERT_EQ(MAP_FAILED, p);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, self->fd,
		 (off_t)self->info.nr_cpus * self->info.mmap_stride);
	ASSERT_EQ(MAP_FAILED, p);
	ASSERT_EQ(EINVAL, errno);
}

static void spin_lseeks(void *arg)
{
	long i;

	for (i = 0; i < (long)arg; i++)
		syscall(SYS_lseek, 999, i, SEEK_SET);
}

/*
 * Garbage in cons_pos on every CPU: ahead of prod, far behind it, and
 * random. The kernel drops and counts (cons_invalid) instead of writing
 * anywhere; once a sane value is back, records flow again.
 */
TEST_F(dev, garbage_consumer_position_is_harmless)
{
	struct sctrace_start st = { .size = sizeof(st) };
	struct sctrace_stop sp = { .size = sizeof(sp) };
	struct sctrace_counters c = { .size = sizeof(c) };
	static const __u64 junk[] = { 1ULL << 62, 12345, 0xdeadbeefcafef00dULL };
	struct sctrace_ctrl *ctrl[64] = { NULL };
	struct sctrace_filter f;
	unsigned int cpu, n = self->info.nr_cpus < 64 ? self->info.nr_cpus : 64;
	__u64 before;
	size_t j;
	struct wl w;

	for (cpu = 0; cpu < n; cpu++) {
		void *p = mmap(NULL, self->info.ctrl_size, PROT_READ | PROT_WRITE,
			       MAP_SHARED, self->fd,
			       (off_t)cpu * self->info.mmap_stride);

		ctrl[cpu] = p == MAP_FAILED ? NULL : p;
	}
	for (j = 0; j < sizeof(junk) / sizeof(junk[0]); j++) {
		for (cpu = 0; cpu < n; cpu++)
			if (ctrl[cpu])
				ctrl[cpu]->cons_pos = junk[j] + cpu;
		ASSERT_EQ(0, wl_spawn(&w, spin_lseeks, (void *)1000L));
		filter_for(&f, &w.pid, 1, 0);
		ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
		ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_START, &st));
		ASSERT_EQ(0, wl_go(&w));
		ASSERT_EQ(0, wl_wait(&w));
		ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_STOP, &sp));
		ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_GET_COUNTERS, &c));
		ASSERT_LT(0, c.total.cons_invalid);
	}
	/* sane again: consumer = producer, and records are written */
	for (cpu = 0; cpu < n; cpu++)
		if (ctrl[cpu])
			ctrl[cpu]->cons_pos = ctrl[cpu]->prod_pos;
	before = c.total.written;
	ASSERT_EQ(0, wl_spawn(&w, spin_lseeks, (void *)10L));
	filter_for(&f, &w.pid, 1, 0);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_START, &st));
	ASSERT_EQ(0, wl_go(&w));
	ASSERT_EQ(0, wl_wait(&w));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_STOP, &sp));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_GET_COUNTERS, &c));
	ASSERT_LT(before + 20, c.total.written);
	for (cpu = 0; cpu < n; cpu++)
		if (ctrl[cpu])
			munmap(ctrl[cpu], self->info.ctrl_size);
}

TEST_F(dev, reset_counters)
{
	struct sctrace_reset r = { .size = sizeof(r) };
	struct sctrace_counters c = { .size = sizeof(c) };

	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_RESET_COUNTERS, &r));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_GET_COUNTERS, &c));
	ASSERT_EQ(0, c.total.written);
	ASSERT_EQ(0, c.total.dropped_full);
}

static int delete_module(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK);
}

static int load_module(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -1;
	ret = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	return ret;
}

/* rmmod is refused while the device is open or mapped, works after. */
TEST(rmmod_refused_while_mapped)
{
	const char *ko = getenv("SCTRACE_KO");
	size_t len;
	void *p;
	int fd;

	if (!ko)
		SKIP(return, "SCTRACE_KO (path of sctrace.ko to reload) not set");
	fd = open(DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(-1, delete_module("sctrace"));
	ASSERT_EQ(EWOULDBLOCK, errno);
	len = 4096;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	close(fd);
	/* the mapping alone keeps the file, hence the module */
	ASSERT_EQ(-1, delete_module("sctrace"));
	ASSERT_EQ(EWOULDBLOCK, errno);
	ASSERT_EQ(0, munmap(p, len));
	ASSERT_EQ(0, delete_module("sctrace")) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(-1, access(DEV, F_OK));
	ASSERT_EQ(0, load_module(ko)) TH_LOG("reload %s: %s", ko, strerror(errno));
}

static int cpu_online(int cpu, int on)
{
	char path[96];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpu);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	if (fprintf(f, "%d\n", on) < 0)
		ret = -EIO;
	if (fclose(f))
		ret = -errno;
	return ret;
}

/* lseek until a byte arrives on stop_fd, then report the count. */
struct spin_ctl {
	int stop_fd;
	int report_fd;
};

static void spin_until_stopped(void *arg)
{
	struct spin_ctl *ctl = arg;
	long n = 0;
	char c;
	int i;

	fcntl(ctl->stop_fd, F_SETFL, O_NONBLOCK);
	for (;;) {
		for (i = 0; i < 100; i++, n++)
			syscall(SYS_lseek, 999, n, SEEK_SET);
		if (read(ctl->stop_fd, &c, 1) == 1)
			break;
	}
	if (write(ctl->report_fd, &n, sizeof(n)) != sizeof(n))
		_exit(97);
}

/*
 * CPU 1 goes offline and back, twice, while a child makes syscalls: nothing
 * crashes, and every record is delivered or counted.
 */
TEST(cpu_hotplug_during_capture)
{
	struct sctrace_counters c = { .size = sizeof(c) };
	struct sctrace_filter f;
	struct spin_ctl ctl;
	struct sctrace *t;
	struct recs r = { 0 };
	int stop[2], report[2], i;
	char err[512];
	long n = 0;
	struct wl w;

	if (ncpus_online() < 2 || access("/sys/devices/system/cpu/cpu1/online", W_OK))
		SKIP(return, "needs a second CPU that can go offline");
	ASSERT_EQ(0, pipe(stop));
	ASSERT_EQ(0, pipe(report));
	ctl.stop_fd = stop[0];
	ctl.report_fd = report[1];
	t = test_open(err, sizeof(err));
	ASSERT_TRUE(t != NULL) TH_LOG("%s", err);
	ASSERT_EQ(0, wl_spawn(&w, spin_until_stopped, &ctl));
	filter_for(&f, &w.pid, 1, 0);
	filter_only_syscall(&f, SYS_lseek);
	ASSERT_EQ(0, sctrace_set_filter(t, &f));
	ASSERT_EQ(0, sctrace_start(t, 0));
	ASSERT_EQ(0, wl_go(&w));
	for (i = 0; i < 2; i++) {
		ASSERT_FALSE(wl_done(&w));
		ASSERT_EQ(0, cpu_online(1, 0));
		usleep(200 * 1000);
		ASSERT_EQ(0, cpu_online(1, 1));
		usleep(200 * 1000);
	}
	ASSERT_EQ(1, write(stop[1], "s", 1));
	ASSERT_EQ(0, collect(t, &w, 1, &r, 90000));
	ASSERT_EQ(0, w.status);
	ASSERT_EQ(sizeof(n), read(report[0], &n, sizeof(n)));
	ASSERT_LT(0, n);
	ASSERT_EQ(0, sctrace_get_counters(t, &c));
	TH_LOG("%ld lseeks, %zu records, %llu dropped", n, r.n,
	       (unsigned long long)c.total.dropped_full);
	ASSERT_EQ(r.n, c.total.written);
	ASSERT_EQ(2 * n + 1, r.n + c.total.dropped_full + c.total.dropped_busy);
	recs_free(&r);
	sctrace_close(t);
}

TEST_F(dev, info_reports_api_1_2)
{
	ASSERT_EQ(SCTRACE_API_VERSION_MINOR, self->info.api_minor);
	ASSERT_LE(2, self->info.api_minor);
	ASSERT_EQ(SCTRACE_SCHEMA_VERSION, self->info.schema_version);
	ASSERT_LE(3, self->info.schema_version);
	ASSERT_EQ(SCTRACE_CAP_MAX_ITEMS, self->info.max_cap_items);
}

/* API 1.1's sctrace_filter, without syscalls32, is still accepted. */
TEST_F(dev, filter_of_api_1_1_is_accepted)
{
	struct sctrace_filter f;

	filter_for(&f, NULL, 0, SCTRACE_FILTER_ALL_TASKS);
	f.size = offsetof(struct sctrace_filter, syscalls32);
	ASSERT_EQ(848, f.size);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	/* below the first published size */
	f.size -= 8;
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(EINVAL, errno);
	/* API 1.1: at most SCTRACE_CAP_MAX_PER strings of one syscall */
	filter_for(&f, NULL, 0, SCTRACE_FILTER_ALL_TASKS);
	f.strargs[300] = 0x1f;
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(EINVAL, errno);
}

static int set_capture(int fd, const void *items, __u32 n, __u32 item_size)
{
	struct sctrace_capture c = {
		.size = sizeof(c), .nitems = n, .item_size = item_size,
		.items = (uintptr_t)items,
	};

	return ioctl(fd, SCTRACE_IOC_SET_CAPTURE, &c);
}

#define CAP_STR(n, w, a, f)	{ .nr = (n), .when = (w), .arg = (a), \
				  .kind = SCTRACE_CAP_STR, .flags = (f) }
#define CAP_BUF(n, w, a, src, la, sz, f) \
	{ .nr = (n), .when = (w), .arg = (a), .kind = SCTRACE_CAP_BUF, \
	  .len_src = (src), .len_arg = (la), .size = (sz), .flags = (f) }

/* One item the module refuses, whatever the plan around it. */
static const struct {
	const char *why;
	struct sctrace_cap_item it;
} bad_items[] = {
	{ "bad abi", { .nr = 2, .abi = 2, .arg = 0 } },
	{ "nr >= 512", { .nr = SCTRACE_MAX_SYSCALLS } },
	{ "when > 1", { .nr = 2, .when = 2 } },
	{ "arg > 5", { .nr = 2, .arg = 6 } },
	{ "kind > 4", { .nr = 2, .kind = SCTRACE_CAP_KIND_MAX + 1 } },
	{ "len_src > 3", CAP_BUF(0, 1, 1, SCTRACE_LEN_MAX + 1, 0, 1, 0) },
	{ "len_arg > 5", CAP_BUF(0, 1, 1, SCTRACE_LEN_ARG, 6, 1, 0) },
	{ "len_arg with no length source", CAP_BUF(0, 1, 1, SCTRACE_LEN_NONE, 2, 1, 0) },
	{ "reserved nonzero", { .nr = 2, .reserved = 1 } },
	{ "unknown flag", CAP_STR(2, 0, 0, SCTRACE_CAP_F_ALL + 1) },
	{ "STR with a size", { .nr = 2, .kind = SCTRACE_CAP_STR, .size = 8 } },
	{ "BUF size 0", CAP_BUF(5, 1, 1, SCTRACE_LEN_NONE, 0, 0, 0) },
	{ "BUF size > 4096", CAP_BUF(5, 1, 1, SCTRACE_LEN_NONE, 0, 4097, 0) },
	{ "BITS with size 2", CAP_BUF(23, 0, 1, SCTRACE_LEN_ARG, 0, 2, SCTRACE_CAP_F_BITS) },
	{ "IOVEC without LEN_ARG", { .nr = 20, .arg = 1, .kind = SCTRACE_CAP_IOVEC } },
	{ "RET at entry", CAP_BUF(0, 0, 1, SCTRACE_LEN_RET, 0, 1, 0) },
	{ "RETRY at exit", CAP_STR(2, 1, 0, SCTRACE_CAP_F_RETRY) },
};

TEST_F(dev, capture_plan_refusals_are_einval)
{
	struct sctrace_cap_item many[SCTRACE_CAP_MAX_PER + 1], two[2];
	struct { struct sctrace_cap_item it; __u8 tail[16]; } big;
	struct sctrace_cap_item good = CAP_STR(2, 0, 0, 0);
	size_t i;

	for (i = 0; i < sizeof(bad_items) / sizeof(bad_items[0]); i++) {
		EXPECT_EQ(-1, set_capture(self->fd, &bad_items[i].it, 1, sizeof(good)))
			TH_LOG("%s: accepted", bad_items[i].why);
		EXPECT_EQ(EINVAL, errno) TH_LOG("%s", bad_items[i].why);
		/* the same item after a good one: refused all the same */
		two[0] = good;
		two[1] = bad_items[i].it;
		EXPECT_EQ(-1, set_capture(self->fd, two, 2, sizeof(good)))
			TH_LOG("%s (second item): accepted", bad_items[i].why);
	}
	/* SCTRACE_CAP_MAX_PER + 1 items on one syscall and phase */
	for (i = 0; i < SCTRACE_CAP_MAX_PER + 1; i++)
		many[i] = (struct sctrace_cap_item)CAP_STR(59, 0, i, 0);
	ASSERT_EQ(0, set_capture(self->fd, many, SCTRACE_CAP_MAX_PER, sizeof(good)));
	ASSERT_EQ(-1, set_capture(self->fd, many, SCTRACE_CAP_MAX_PER + 1, sizeof(good)));
	ASSERT_EQ(EINVAL, errno);
	/* an exit record of more than SCTRACE_CAP_MAX_PER items: 2 retried + 3 */
	many[0] = (struct sctrace_cap_item)CAP_STR(264, 0, 1, SCTRACE_CAP_F_RETRY);
	many[1] = (struct sctrace_cap_item)CAP_STR(264, 0, 3, SCTRACE_CAP_F_RETRY);
	for (i = 2; i < 5; i++)		/* on arguments 0, 2, 4 */
		many[i] = (struct sctrace_cap_item)CAP_BUF(264, 1, 2 * (i - 2), 0, 0, 8, 0);
	ASSERT_EQ(0, set_capture(self->fd, many, 4, sizeof(good)));
	ASSERT_EQ(-1, set_capture(self->fd, many, 5, sizeof(good)));
	ASSERT_EQ(EINVAL, errno);
	/* two items of one phase on one argument */
	two[0] = (struct sctrace_cap_item)CAP_STR(2, 0, 0, 0);
	two[1] = (struct sctrace_cap_item)CAP_STR(2, 0, 0, SCTRACE_CAP_F_PATH);
	ASSERT_EQ(-1, set_capture(self->fd, two, 2, sizeof(good)));
	ASSERT_EQ(EINVAL, errno);
	/* the header: too many items, item_size, flags */
	ASSERT_EQ(-1, set_capture(self->fd, &good, SCTRACE_CAP_MAX_ITEMS + 1, sizeof(good)));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, set_capture(self->fd, &good, 1, 8));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, set_capture(self->fd, &good, 1, 4097));
	ASSERT_EQ(EINVAL, errno);
	/* a newer, larger item: its unknown tail must be zero */
	memset(&big, 0, sizeof(big));
	big.it = good;
	ASSERT_EQ(0, set_capture(self->fd, &big, 1, sizeof(big)));
	big.tail[3] = 1;
	ASSERT_EQ(-1, set_capture(self->fd, &big, 1, sizeof(big)));
	ASSERT_EQ(EINVAL, errno);
	/* nothing at all: an empty plan */
	ASSERT_EQ(0, set_capture(self->fd, NULL, 0, sizeof(good)));
}

TEST_F(dev, capture_plan_bad_pointer_is_efault)
{
	struct sctrace_cap_item good = CAP_STR(2, 0, 0, 0);
	void *unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sctrace_capture c = { .size = sizeof(c), .flags = 1, .nitems = 1,
				     .item_size = sizeof(good), .items = (uintptr_t)&good };

	ASSERT_NE(MAP_FAILED, unmapped);
	ASSERT_EQ(-1, set_capture(self->fd, unmapped, 1, sizeof(good)));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, set_capture(self->fd, (void *)8, 1, sizeof(good)));
	ASSERT_EQ(EFAULT, errno);
	munmap(unmapped, 4096);
	ASSERT_EQ(-1, ioctl(self->fd, SCTRACE_IOC_SET_CAPTURE, &c));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(dev, capture_plan_while_running_is_ebusy)
{
	struct sctrace_cap_item good = CAP_STR(2, 0, 0, 0);
	struct sctrace_start st = { .size = sizeof(st) };
	struct sctrace_stop sp = { .size = sizeof(sp) };
	struct sctrace_filter f;
	pid_t nobody = 1;

	filter_for(&f, &nobody, 1, 0);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_START, &st));
	ASSERT_EQ(-1, set_capture(self->fd, &good, 1, sizeof(good)));
	ASSERT_EQ(EBUSY, errno);
	ASSERT_EQ(0, ioctl(self->fd, SCTRACE_IOC_STOP, &sp));
	ASSERT_EQ(0, set_capture(self->fd, &good, 1, sizeof(good)));
}

/*
 * The capture engine's smoke test: a few calls of a child whose records
 * are checked with what the child saw. The byte-exact tests of each kind
 * are capmem_test's, for both backends.
 */
#define SMOKE_BYTES	"0123456789abcdef"
#define SMOKE_PATH	"/sctrace-kmod-test/no such file"
#define SMOKE_PATH32	"/sctrace-kmod-test/int 0x80"
#define SMOKE_RETRIED	"/sctrace-kmod-test/paged in at entry"
#define I386_OPEN	5

struct smoke {
	struct stat st;		/* fstat()'s result */
	unsigned long addr32;	/* the path of the 32-bit open(), below 4 GiB */
	long ret32;		/* what it returned */
	char file[64];		/* holds SMOKE_RETRIED */
	void *map;		/* file, mapped but never touched */
};

/* A 32-bit open() through int $0x80; bx's upper half is not the path's. */
static long int80_open(unsigned long path, unsigned long flags)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"((long)I386_OPEN), "b"(path | 0xdead00000000UL), "c"(flags)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static void smoke_calls(void *arg)
{
	struct smoke *s = arg;
	char path[sizeof(SMOKE_PATH)], buf[64];
	int p[2];

	/* in the child's own pages: present, not faulted in by the call */
	memcpy(path, SMOKE_PATH, sizeof(path));
	strcpy((char *)s->addr32, SMOKE_PATH32);
	if (pipe(p))
		_exit(90);
	if (write(p[1], SMOKE_BYTES, 16) != 16)
		_exit(91);
	if (syscall(SYS_read, p[0], buf, sizeof(buf)) != 16)
		_exit(92);
	if (syscall(SYS_fstat, p[0], &s->st))
		_exit(93);
	syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY);
	s->ret32 = int80_open(s->addr32, O_RDONLY);
	/* not mapped yet: the entry faults, the exit reads it again */
	syscall(SYS_openat, AT_FDCWD, s->map, O_RDONLY);
}

/* The k-th (from 0) record of tid, of type, syscall nr and compat-ness. */
static const struct sctrace_sys_enter *find_rec(const struct recs *r, pid_t tid,
						unsigned int type, __u32 nr,
						bool compat, size_t k)
{
	const struct sctrace_sys_enter *e;
	size_t i;

	for (i = 0; i < r->n; i++) {
		e = (const struct sctrace_sys_enter *)r->v[i];
		if ((pid_t)e->hdr.tid != tid || e->hdr.type != type || e->nr != nr ||
		    !(e->flags & SCTRACE_REC_COMPAT) != !compat)
			continue;
		if (!k--)
			return e;
	}
	return NULL;
}

/* The first item of an enter or exit record, NULL if it has none. */
static const struct sctrace_item *first_item(const struct sctrace_sys_enter *e)
{
	if (!e || !e->nitem)
		return NULL;
	if (e->hdr.type == SCTRACE_REC_SYS_EXIT)
		return (const struct sctrace_item *)((const struct sctrace_sys_exit *)e + 1);
	return (const struct sctrace_item *)(e + 1);
}

static bool item_is(const struct sctrace_item *it, unsigned int arg, unsigned int kind,
		    unsigned int flags, const void *data, size_t len)
{
	return it && SCTRACE_ITEM_ARG(it->arg) == arg && SCTRACE_ITEM_KIND(it->arg) == kind &&
	       it->flags == flags && it->len == len && !memcmp(it + 1, data, len);
}

static const struct sctrace_cap_item smoke_plan[] = {
	CAP_BUF(SYS_read, SCTRACE_CAP_EXIT, 1, SCTRACE_LEN_RET, 0, 1, 0),
	CAP_BUF(SYS_fstat, SCTRACE_CAP_EXIT, 1, SCTRACE_LEN_NONE, 0, sizeof(struct stat), 0),
	CAP_STR(SYS_openat, SCTRACE_CAP_ENTER, 1, SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY),
	{ .nr = I386_OPEN, .abi = SCTRACE_ABI_I386, .arg = 0, .kind = SCTRACE_CAP_STR,
	  .flags = SCTRACE_CAP_F_PATH },
};
#define SMOKE_NITEMS	(sizeof(smoke_plan) / sizeof(smoke_plan[0]))

/* The module through libsctrace, a child that runs smoke_calls(). */
FIXTURE(smoke) {
	struct sctrace *t;
	struct smoke *s;
	struct wl w;
	struct sctrace_filter f;	/* the child's pid, no strings */
	struct recs r;
};

FIXTURE_SETUP(smoke)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = SCTRACE_BACKEND_KMOD };
	char err[512] = "";
	void *low;
	int fd;

	memset(&self->r, 0, sizeof(self->r));
	self->t = sctrace_open(&o, err, sizeof(err));
	ASSERT_TRUE(self->t != NULL) TH_LOG("%s", err);
	self->s = mmap(NULL, sizeof(*self->s), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->s);
	memset(self->s, 0, sizeof(*self->s));
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	ASSERT_NE(MAP_FAILED, low);
	self->s->addr32 = (unsigned long)low;
	strcpy(self->s->file, "/tmp/kmod_test-retry-XXXXXX");
	fd = mkstemp(self->s->file);
	ASSERT_LE(0, fd);
	ASSERT_EQ(sizeof(SMOKE_RETRIED), write(fd, SMOKE_RETRIED, sizeof(SMOKE_RETRIED)));
	/* neither this process nor the child touches it before the call */
	self->s->map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	ASSERT_NE(MAP_FAILED, self->s->map);
	ASSERT_EQ(0, wl_spawn(&self->w, smoke_calls, self->s));
	filter_for(&self->f, &self->w.pid, 1, 0);
	memset(self->f.strargs, 0, sizeof(self->f.strargs));	/* they replace the plan */
	memset(self->f.syscalls32, 0xff, sizeof(self->f.syscalls32));
}

FIXTURE_TEARDOWN(smoke)
{
	if (self->w.pid > 0 && !self->w.reaped) {
		kill(self->w.pid, SIGKILL);
		wl_wait(&self->w);
	}
	unlink(self->s->file);
	recs_free(&self->r);
	if (self->t)
		sctrace_close(self->t);
}

/* Runs the child to its end, with the filter and plan set. */
static int smoke_run(struct __test_metadata *_metadata, FIXTURE_DATA(smoke) *self)
{
	int ret = sctrace_start(self->t, 0);

	if (!ret)
		ret = wl_go(&self->w);
	if (!ret)
		ret = collect(self->t, &self->w, 1, &self->r, 90000);
	EXPECT_EQ(0, self->w.status) TH_LOG("the child failed: status 0x%x", self->w.status);
	return ret;
}

TEST_F(smoke, capture_engine)
{
	struct sctrace_counters c = { .size = sizeof(c) };
	const struct sctrace_sys_enter *e, *x;
	const struct recs *r = &self->r;
	const struct sctrace_item *it;
	const struct smoke *s = self->s;
	pid_t pid = self->w.pid;

	ASSERT_EQ(0, sctrace_set_filter(self->t, &self->f));
	ASSERT_EQ(0, sctrace_set_capture(self->t, smoke_plan, SMOKE_NITEMS))
		TH_LOG("%s", sctrace_errmsg(self->t));
	ASSERT_EQ(0, sctrace_reset_counters(self->t));
	ASSERT_EQ(0, smoke_run(_metadata, self));
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	ASSERT_EQ(0, c.total.dropped_full + c.total.dropped_busy);

	/* read(): the bytes it returned, at exit (the go byte came first) */
	x = find_rec(r, pid, SCTRACE_REC_SYS_EXIT, SYS_read, false, 1);
	ASSERT_TRUE(x != NULL);
	ASSERT_EQ(16, ((const struct sctrace_sys_exit *)x)->ret);
	ASSERT_EQ(1, x->nitem);
	ASSERT_TRUE(item_is(first_item(x), 1, SCTRACE_CAP_BUF, 0, SMOKE_BYTES, 16));
	ASSERT_EQ(0, x->flags);
	ASSERT_EQ(0, x->hdr.len % 8);
	/* fstat(): the struct, at exit; no item at entry */
	e = find_rec(r, pid, SCTRACE_REC_SYS_ENTER, SYS_fstat, false, 0);
	ASSERT_TRUE(e != NULL);
	ASSERT_EQ(0, e->nitem);
	ASSERT_EQ(sizeof(*e), e->hdr.len);
	x = find_rec(r, pid, SCTRACE_REC_SYS_EXIT, SYS_fstat, false, 0);
	ASSERT_TRUE(item_is(first_item(x), 1, SCTRACE_CAP_BUF, 0, &s->st, sizeof(s->st)));
	/* openat(): the path at entry, then a NULL one */
	e = find_rec(r, pid, SCTRACE_REC_SYS_ENTER, SYS_openat, false, 0);
	ASSERT_TRUE(e != NULL);
	ASSERT_TRUE(item_is(first_item(e), 1, SCTRACE_CAP_STR, 0, SMOKE_PATH,
			    strlen(SMOKE_PATH)));
	x = find_rec(r, pid, SCTRACE_REC_SYS_EXIT, SYS_openat, false, 0);
	ASSERT_TRUE(x != NULL);
	ASSERT_EQ(0, x->nitem);
	e = find_rec(r, pid, SCTRACE_REC_SYS_ENTER, SYS_openat, false, 1);
	ASSERT_TRUE(item_is(first_item(e), 1, SCTRACE_CAP_STR, SCTRACE_ITEM_NULL, "", 0));
	ASSERT_LE(1, c.total.nulls);
	/* int $0x80: the i386 table and plan, arguments cut to 32 bits */
	e = find_rec(r, pid, SCTRACE_REC_SYS_ENTER, I386_OPEN, true, 0);
	ASSERT_TRUE(e != NULL) TH_LOG("no 32-bit open() traced (returned %ld)", s->ret32);
	ASSERT_EQ(s->addr32, e->args[0]);
	ASSERT_EQ(O_RDONLY, e->args[1]);
	ASSERT_TRUE(item_is(first_item(e), 0, SCTRACE_CAP_STR, 0, SMOKE_PATH32,
			    strlen(SMOKE_PATH32)));
	x = find_rec(r, pid, SCTRACE_REC_SYS_EXIT, I386_OPEN, true, 0);
	ASSERT_TRUE(x != NULL);
	ASSERT_EQ(-ENOENT, s->ret32);
	ASSERT_EQ(-ENOENT, ((const struct sctrace_sys_exit *)x)->ret);
	ASSERT_EQ(0, x->nitem);
	ASSERT_EQ(SCTRACE_REC_COMPAT, x->flags);
	/* a path the entry could not read: FAULT, then read again at exit */
	e = find_rec(r, pid, SCTRACE_REC_SYS_ENTER, SYS_openat, false, 2);
	ASSERT_TRUE(item_is(first_item(e), 1, SCTRACE_CAP_STR, SCTRACE_ITEM_FAULT, "", 0));
	ASSERT_EQ(SCTRACE_REC_FAULT, e->flags);
	x = find_rec(r, pid, SCTRACE_REC_SYS_EXIT, SYS_openat, false, 2);
	ASSERT_TRUE(x != NULL);
	it = first_item(x);
	ASSERT_TRUE(item_is(it, 1, SCTRACE_CAP_STR, SCTRACE_ITEM_RETRY, SMOKE_RETRIED,
			    strlen(SMOKE_RETRIED)))
		TH_LOG("exit item: %s", it ? "not the retried path" : "none");
	ASSERT_LE(1, c.total.retried);
	ASSERT_LE(1, c.total.faults);
}

/*
 * A refused SET_CAPTURE leaves the plan as it was; a filter of API 1.1's
 * size (no syscalls32) traces no 32-bit syscall.
 */
TEST_F(smoke, refused_plan_keeps_the_previous_one)
{
	const struct sctrace_cap_item bad = CAP_BUF(5, 1, 1, SCTRACE_LEN_NONE, 0, 0, 0);
	const struct sctrace_sys_enter *e;
	int fd = sctrace_fd(self->t);
	size_t i;

	self->f.size = offsetof(struct sctrace_filter, syscalls32);	/* 1.1 */
	ASSERT_EQ(0, ioctl(fd, SCTRACE_IOC_SET_FILTER, &self->f));
	ASSERT_EQ(0, sctrace_set_capture(self->t, smoke_plan, SMOKE_NITEMS));
	ASSERT_EQ(-1, set_capture(fd, &bad, 1, sizeof(bad)));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, set_capture(fd, (void *)8, 1, sizeof(bad)));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(0, smoke_run(_metadata, self));
	e = find_rec(&self->r, self->w.pid, SCTRACE_REC_SYS_ENTER, SYS_openat, false, 0);
	ASSERT_TRUE(e != NULL);
	ASSERT_TRUE(item_is(first_item(e), 1, SCTRACE_CAP_STR, 0, SMOKE_PATH,
			    strlen(SMOKE_PATH)));
	for (i = 0; i < self->r.n; i++) {
		e = (const struct sctrace_sys_enter *)self->r.v[i];
		if (e->hdr.type == SCTRACE_REC_SYS_ENTER || e->hdr.type == SCTRACE_REC_SYS_EXIT)
			ASSERT_EQ(0, e->flags & SCTRACE_REC_COMPAT);
	}
	ASSERT_EQ(-ENOENT, self->s->ret32);
}

TEST_HARNESS_MAIN
