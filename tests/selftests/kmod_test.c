// SPDX-License-Identifier: GPL-2.0
/*
 * The module's device ABI, driven with raw syscalls: versions, ioctl
 * error paths, permissions, mmap rules, a hostile consumer position,
 * unloading while mapped, CPU hotplug during a capture.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
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

TEST_HARNESS_MAIN
