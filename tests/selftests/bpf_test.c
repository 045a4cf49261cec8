// SPDX-License-Identifier: GPL-2.0
/*
 * Order, starts, stops, pid namespaces and the capture plan, through
 * libsctrace, for the backend named by $SCTRACE_TEST_BACKEND (kmod by
 * default); all but the third and fourth look inside the eBPF backend and
 * skip with the module (opening it is the test that the verifier loads
 * the programs on this kernel):
 *
 *   sync_is_membarrier_global   the merge's sync step waits for an RCU grace
 *                               period (membarrier), and says so once when
 *                               it cannot
 *   no_record_after_stop        a probe run that comes after stop returned
 *                               writes nothing
 *   fork_during_start_is_followed
 *                               a child forked while capture starts is
 *                               followed, whatever the moment
 *   pidns_ids_are_the_readers   inside a pid namespace, records carry its
 *                               ids, and nothing outside it nor the reader
 *                               is traced
 *   programs_verify_within_budget
 *                               the verifier's work on each program stays
 *                               far below its limit
 *   open_traces_both_tables_and_copies_nothing
 *                               a fresh open: every syscall of both ABIs,
 *                               an empty plan, API 1.2 limits
 *   plan_in_bss_is_the_plan_set the probe's table (its .bss) is what
 *                               sct_capplan__build() makes of the items;
 *                               an empty plan is all zero
 *   capture_plan_only_while_stopped
 *                               EBUSY while running, the plan unchanged
 *   strargs_filter_replaces_the_plan
 *                               an API 1.1 filter's strargs[] are STR items
 *                               at entry; without them the plan stays; more
 *                               than four strings of one syscall: EINVAL
 *   retry_bits_are_cleared_at_start
 *                               a stale retry bit does not make an exit
 *                               retry; a string that faults at entry is
 *                               read again at exit
 *   strings_at_the_bound_and_empty
 *                               a string of exactly the snaplen is whole,
 *                               one byte more is cut, an empty one is empty
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/membarrier.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "kselftest_harness.h"
/* emulated guests fork slowly: allow two minutes per test */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 120

#include "capplan.h"
#include "sct_helpers.h"

#define N_CALLS		100L
#define DEADLINE_MS	90000

FIXTURE(bpf) {
	struct sctrace *t;
	struct recs r;
	struct wl busy;		/* a workload that runs until killed */
};

FIXTURE_SETUP(bpf)
{
	char err[512] = "";

	memset(&self->r, 0, sizeof(self->r));
	memset(&self->busy, 0, sizeof(self->busy));
	self->t = test_open(err, sizeof(err));
	ASSERT_TRUE(self->t != NULL) TH_LOG("open: %s", err);
}

FIXTURE_TEARDOWN(bpf)
{
	if (self->busy.pid > 0) {
		kill(self->busy.pid, SIGKILL);
		wl_wait(&self->busy);
	}
	recs_free(&self->r);
	if (self->t)
		sctrace_close(self->t);
}

/* The next enter record of lseek(fd, ...) in r from *from on, or NULL. */
static const struct sctrace_sys_enter *lseek_rec(const struct recs *r, size_t *from,
						 long fd)
{
	const struct sctrace_sys_enter *e;

	for (; *from < r->n; (*from)++) {
		e = (const void *)r->v[*from];
		if (e->hdr.type == SCTRACE_REC_SYS_ENTER && e->nr == SYS_lseek &&
		    e->args[0] == (__u64)fd) {
			(*from)++;
			return e;
		}
	}
	return NULL;
}

/*
 * membarrier(MEMBARRIER_CMD_GLOBAL) fails with EINVAL in this process, as
 * on a kernel with nohz_full CPUs; every other call is let through.
 */
static int deny_membarrier_global(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_membarrier, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MEMBARRIER_CMD_GLOBAL, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	/* every thread: the merge syncs in a thread of its own (syncer.h) */
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
		       &prog) ? -errno : 0;
}

/* How many times needle is in the file behind fd. */
static int count_in_file(int fd, const char *needle)
{
	static char buf[65536];
	ssize_t len = pread(fd, buf, sizeof(buf) - 1, 0);
	char *p;
	int n = 0;

	if (len < 0)
		return -1;
	buf[len] = '\0';
	for (p = buf; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

#define NO_MEMBARRIER	"membarrier(MEMBARRIER_CMD_GLOBAL) failed"

/*
 * The merge waits for every record stamped before its horizon with the
 * backend's sync (userspace/merge.h, step 2): for eBPF an RCU grace period
 * through membarrier(MEMBARRIER_CMD_GLOBAL). Made to fail, it is seen to
 * be called while records are read (not only at stop), and said once.
 */
TEST_F(bpf, sync_is_membarrier_global)
{
	int err_fd, saved_fd, said, read_ret, stop_ret, drain_ret, ret;
	struct sctrace_filter f;
	struct wl w;

	if (test_backend() != SCTRACE_BACKEND_BPF)
		SKIP(return, "the eBPF backend's own sync");
	if (sctrace_get_info(self->t)->nr_cpus < 2)
		SKIP(return, "one CPU: the merge has no round to sync");
	ret = deny_membarrier_global();
	if (ret == -EINVAL)
		SKIP(return, "this kernel has no seccomp filters (CONFIG_SECCOMP_FILTER)");
	if (ret == -ENOSYS)	/* the small kernels of ../shared/kernels */
		SKIP(return, "this kernel has no seccomp (CONFIG_SECCOMP)");
	ASSERT_EQ(0, ret);
	err_fd = memfd_create("stderr", MFD_CLOEXEC);
	ASSERT_LE(0, err_fd);
	saved_fd = dup(2);
	ASSERT_LE(0, saved_fd);
	ASSERT_EQ(2, dup2(err_fd, 2));

	ASSERT_EQ(0, wl_spawn(&w, wl_bad_lseeks, (void *)N_CALLS));
	filter_for(&f, &w.pid, 1, 0);
	filter_only_syscall(&f, SYS_lseek);
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_EQ(0, sctrace_start(self->t, 0));
	ASSERT_EQ(0, wl_go(&w));
	ASSERT_EQ(0, wl_wait(&w));
	/* capture still running: rounds with a horizon, each synced */
	read_ret = recs_take(self->t, &self->r, 0);
	said = count_in_file(err_fd, NO_MEMBARRIER);
	stop_ret = sctrace_stop(self->t);
	drain_ret = recs_take(self->t, &self->r, SCTRACE_NEXT_DRAIN);
	ASSERT_EQ(2, dup2(saved_fd, 2));
	ASSERT_EQ(0, read_ret);
	ASSERT_EQ(0, stop_ret);
	ASSERT_EQ(0, drain_ret);
	ASSERT_LT(0, self->r.n);
	ASSERT_EQ(1, said);
	/* stop waits the same way, and does not say it again */
	ASSERT_EQ(1, count_in_file(err_fd, NO_MEMBARRIER));
	ASSERT_EQ(2 * N_CALLS, count_recs(&self->r, w.pid, SCTRACE_REC_SYS_ENTER, SYS_lseek) +
			       count_recs(&self->r, w.pid, SCTRACE_REC_SYS_EXIT, SYS_lseek));
	close(err_fd);
	close(saved_fd);
}

#define PROBE_MAPS	16

/*
 * The next program of the probe after *id, found by the doorbell map it
 * shares with the reader (sctrace_fd()): its fd, its info and map ids
 * (maps[PROBE_MAPS]), or -ENOENT after the last one. *id moves on.
 */
static int next_probe_prog(struct sctrace *t, __u32 *id, struct bpf_prog_info *pinfo,
			   __u32 *maps)
{
	struct bpf_map_info minfo;
	__u32 len, i;
	int fd;

	memset(&minfo, 0, sizeof(minfo));
	len = sizeof(minfo);
	if (bpf_obj_get_info_by_fd(sctrace_fd(t), &minfo, &len))
		return -errno;
	while (!bpf_prog_get_next_id(*id, id)) {
		fd = bpf_prog_get_fd_by_id(*id);
		if (fd < 0)
			continue;
		memset(pinfo, 0, sizeof(*pinfo));
		pinfo->nr_map_ids = PROBE_MAPS;
		pinfo->map_ids = (__u64)(unsigned long)maps;
		len = sizeof(*pinfo);
		if (!bpf_obj_get_info_by_fd(fd, pinfo, &len))
			for (i = 0; i < pinfo->nr_map_ids && i < PROBE_MAPS; i++)
				if (maps[i] == minfo.id)
					return fd;
		close(fd);
	}
	return -ENOENT;
}

/* The probe's sys_enter program: its fd, or -errno. */
static int find_sys_enter_prog(struct sctrace *t)
{
	struct bpf_prog_info pinfo;
	__u32 id = 0, maps[PROBE_MAPS];
	int fd;

	/* the kernel keeps 15 bytes of a name: sct_sys_enter, _n(s) */
	while ((fd = next_probe_prog(t, &id, &pinfo, maps)) >= 0) {
		if (!strncmp(pinfo.name, "sct_sys_enter", strlen("sct_sys_enter")))
			return fd;
		close(fd);
	}
	return fd;
}

/* Two rounds of lseeks, each on a byte from the test, each acknowledged. */
struct twice {
	int go[2];
	int done[2];
};

static void lseeks_twice(void *arg)
{
	struct twice *k = arg;
	char c;
	int i;

	for (i = 0; i < 2; i++) {
		if (i && read(k->go[0], &c, 1) != 1)
			_exit(98);
		wl_bad_lseeks((void *)N_CALLS);
		if (write(k->done[1], "d", 1) != 1)
			_exit(97);
	}
}

/*
 * Stop is: close the gate (sct_running), an RCU grace period, detach. On
 * a kernel whose syscall tracepoints are faultable (6.13 on) a probe can
 * still run after the detach and the grace period: its task was preempted
 * (or only interrupted) after it loaded the tracepoint's probe array and
 * before the probe disabled preemption. Here such a late run is made to
 * happen, by attaching the probe's program again by hand once stop
 * returned: it must write nothing, or a record would be counted after the
 * reader's last drain and never delivered.
 */
TEST_F(bpf, no_record_after_stop)
{
	struct sctrace_counters c1 = { .size = sizeof(c1) }, c2 = { .size = sizeof(c2) };
	long long end = now_ms() + DEADLINE_MS;
	const struct sctrace_hdr *h;
	struct sctrace_filter f;
	struct twice k;
	int prog, link;
	struct wl w;
	char c;

	if (test_backend() != SCTRACE_BACKEND_BPF)
		SKIP(return, "the eBPF backend's programs");
	ASSERT_EQ(0, pipe(k.go));
	ASSERT_EQ(0, pipe(k.done));
	ASSERT_EQ(0, wl_spawn(&w, lseeks_twice, &k));
	filter_for(&f, &w.pid, 1, 0);
	filter_only_syscall(&f, SYS_lseek);
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_EQ(0, sctrace_start(self->t, 0));
	ASSERT_EQ(0, wl_go(&w));
	ASSERT_EQ(1, read(k.done[0], &c, 1));
	while (count_recs(&self->r, w.pid, SCTRACE_REC_SYS_EXIT, SYS_lseek) < N_CALLS &&
	       now_ms() < end)
		ASSERT_EQ(0, recs_take(self->t, &self->r, 0));
	ASSERT_EQ(0, sctrace_stop(self->t));
	ASSERT_EQ(0, recs_take(self->t, &self->r, SCTRACE_NEXT_DRAIN));
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c1));
	ASSERT_EQ(self->r.n, c1.total.written);
	ASSERT_EQ(N_CALLS, count_recs(&self->r, w.pid, SCTRACE_REC_SYS_ENTER, SYS_lseek));

	prog = find_sys_enter_prog(self->t);
	ASSERT_LE(0, prog) TH_LOG("the probe's sys_enter program: %s", strerror(-prog));
	link = bpf_raw_tracepoint_open(NULL, prog);
	ASSERT_LE(0, link) TH_LOG("attach sys_enter again: %s", strerror(errno));
	ASSERT_EQ(1, write(k.go[1], "g", 1));
	ASSERT_EQ(1, read(k.done[0], &c, 1));
	close(link);
	close(prog);
	ASSERT_EQ(0, wl_wait(&w));

	ASSERT_EQ(0, sctrace_get_counters(self->t, &c2));
	ASSERT_EQ(c1.total.written, c2.total.written);
	ASSERT_EQ(c1.total.dropped_full, c2.total.dropped_full);
	ASSERT_EQ(0, sctrace_next(self->t, &h, SCTRACE_NEXT_DRAIN));
}

/* A process that forks, over and over; see fork_during_start_is_followed. */
#define MARK_FORKED	801	/* lseek(MARK_FORKED, child): fork() returned */
#define MARK_CHILD	802	/* the child's lseek, between the parent's two */
#define MARK_ACKED	803	/* lseek(MARK_ACKED, child): the child made it */
#define START_CYCLES	150

struct handshake {
	int go[2];	/* parent -> child */
	int ack[2];	/* child -> parent */
	unsigned long *rounds;	/* shared: the parent's completed rounds */
};

/* Closes every fd from 3 up but a and b. */
static void sct_keep_only_fds(int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	syscall(SYS_close_range, 3, lo - 1, 0);
	syscall(SYS_close_range, lo + 1, hi - 1, 0);
	syscall(SYS_close_range, hi + 1, ~0U, 0);
}

static void fork_forever(void *arg)
{
	struct handshake *k = arg;
	pid_t c;
	char b;

	for (;;) {
		c = fork();
		if (c < 0)
			_exit(99);
		if (c == 0) {
			/*
			 * Keep nothing but the two pipe ends: a child left
			 * waiting on go when the test kills its parent must not
			 * hold the capture open (/dev/sctrace would stay busy
			 * for the tests after this one).
			 */
			sct_keep_only_fds(k->go[0], k->ack[1]);
			if (read(k->go[0], &b, 1) != 1)
				_exit(98);
			syscall(SYS_lseek, MARK_CHILD, 0, SEEK_SET);
			_exit(write(k->ack[1], "a", 1) == 1 ? 0 : 97);
		}
		syscall(SYS_lseek, MARK_FORKED, c, SEEK_SET);
		if (write(k->go[1], "g", 1) != 1 || read(k->ack[0], &b, 1) != 1)
			_exit(96);
		syscall(SYS_lseek, MARK_ACKED, c, SEEK_SET);
		waitpid(c, NULL, 0);
		__atomic_add_fetch(k->rounds, 1, __ATOMIC_RELEASE);
	}
}

/*
 * Children of a process that forks without pause, while capture starts
 * and stops over and over: a child whose parent's lseeks before and after
 * its own lseek are both recorded in one capture (so capture ran the whole
 * time) must have its lseek recorded, whenever it was forked: before the
 * fork program was attached (found by the seeding), or after. With the
 * syscall programs attached before the fork program (the skeleton's
 * order, before the seeding existed), a child forked between the two
 * attaches is not followed.
 */
TEST_F(bpf, fork_during_start_is_followed)
{
	struct sctrace_filter f;
	struct handshake k;
	size_t i, j, checked = 0;
	unsigned long rounds;
	long long end;
	int cycle;

	ASSERT_EQ(0, pipe(k.go));
	ASSERT_EQ(0, pipe(k.ack));
	k.rounds = mmap(NULL, sizeof(*k.rounds), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, k.rounds);
	ASSERT_EQ(0, wl_spawn(&self->busy, fork_forever, &k));
	filter_for(&f, &self->busy.pid, 1, SCTRACE_FILTER_FOLLOW);
	filter_only_syscall(&f, SYS_lseek);
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_EQ(0, wl_go(&self->busy));
	for (cycle = 0; cycle < START_CYCLES; cycle++) {
		const struct sctrace_sys_enter *forked, *acked;

		ASSERT_EQ(0, sctrace_start(self->t, 0));
		/* two rounds after start returned: the second is all inside */
		rounds = __atomic_load_n(k.rounds, __ATOMIC_ACQUIRE);
		end = now_ms() + DEADLINE_MS;
		while (__atomic_load_n(k.rounds, __ATOMIC_ACQUIRE) < rounds + 2 && now_ms() < end)
			usleep(200 + cycle % 7 * 100);
		ASSERT_EQ(0, sctrace_stop(self->t));
		ASSERT_EQ(0, recs_take(self->t, &self->r, SCTRACE_NEXT_DRAIN));
		for (i = 0; (forked = lseek_rec(&self->r, &i, MARK_FORKED));) {
			pid_t c = (pid_t)forked->args[1];

			for (j = i; (acked = lseek_rec(&self->r, &j, MARK_ACKED)) &&
				    acked->args[1] != forked->args[1];)
				;
			if (!acked)
				continue;
			checked++;
			ASSERT_EQ(1, count_recs(&self->r, c, SCTRACE_REC_SYS_ENTER, SYS_lseek))
				TH_LOG("cycle %d: child %d of %d not followed", cycle, c,
				       self->busy.pid);
		}
		recs_free(&self->r);
	}
	TH_LOG("%zu children checked in %d starts", checked, START_CYCLES);
	ASSERT_LE(START_CYCLES, checked);
}

/*
 * In a new pid namespace, as pid 1 with its own /proc, runs fn and
 * returns its status (0: passed), or SKIP_NS if the namespace cannot be
 * made here.
 */
#define SKIP_NS		77

static int in_new_pidns(int (*fn)(void *), void *arg)
{
	pid_t c, g;
	int st;

	c = fork();
	if (c < 0)
		return -1;
	if (c == 0) {
		if (unshare(CLONE_NEWPID | CLONE_NEWNS))
			_exit(SKIP_NS);
		g = fork();
		if (g == 0) {
			if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
			    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
				_exit(SKIP_NS);
			_exit(fn(arg));
		}
		if (g < 0 || waitpid(g, &st, 0) != g)
			_exit(90);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 91);
	}
	if (waitpid(c, &st, 0) != c)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* In the namespace, without the harness: say what failed, return its line. */
#define NS_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "# %s:%d: in the pid namespace: failed: %s\n", \
			__FILE__, __LINE__, #cond); \
		return __LINE__ % 64 + 1; \
	} \
} while (0)

#define MARK_NS_CHILD	811
#define MARK_OUTSIDE	812

/* The workload in the namespace: forks a child, then its own lseeks. */
static void ns_workload(void *arg)
{
	int *told = arg;
	pid_t ids[2] = { getpid(), 0 };

	ids[1] = fork();
	if (ids[1] == 0) {
		syscall(SYS_lseek, MARK_NS_CHILD, getpid(), SEEK_SET);
		_exit(0);
	}
	waitpid(ids[1], NULL, 0);
	if (write(told[1], ids, sizeof(ids)) != sizeof(ids))
		_exit(97);
	wl_bad_lseeks((void *)N_CALLS);
}

/* Records in the namespace: ids as seen there, the reader never. */
static int ns_trace(void *arg)
{
	unsigned int flags = *(unsigned int *)arg;
	const struct sctrace_fork *fk;
	const struct sctrace_sys_enter *e;
	struct sctrace_filter f;
	struct sctrace *t;
	struct recs r = { 0 };
	size_t i, forks = 0, marks = 0, mine = 0;
	pid_t ids[2];
	char err[512];
	int told[2];
	struct wl w;

	NS_CHECK(getpid() == 1);
	t = test_open(err, sizeof(err));
	if (!t)
		fprintf(stderr, "# open in the pid namespace: %s\n", err);
	NS_CHECK(t != NULL);
	NS_CHECK(pipe(told) == 0);
	NS_CHECK(wl_spawn(&w, ns_workload, told) == 0);
	filter_for(&f, &w.pid, 1, flags);
	NS_CHECK(sctrace_set_filter(t, &f) == 0);
	NS_CHECK(sctrace_start(t, 0) == 0);
	NS_CHECK(wl_go(&w) == 0);
	NS_CHECK(collect(t, &w, 1, &r, DEADLINE_MS) == 0);
	NS_CHECK(read(told[0], ids, sizeof(ids)) == sizeof(ids));
	NS_CHECK(ids[0] == w.pid);
	for (i = 0; i < r.n; i++) {
		e = (const void *)r.v[i];
		fk = (const void *)r.v[i];
		/* the reader (pid 1) makes syscalls all along: never traced */
		NS_CHECK(e->hdr.tgid != 1 && e->hdr.tid != 1);
		/* only processes of the namespace: the workload, its child */
		NS_CHECK(e->hdr.tgid == (__u32)ids[0] || e->hdr.tgid == (__u32)ids[1]);
		NS_CHECK(e->hdr.tid == e->hdr.tgid);
		if (e->hdr.type == SCTRACE_REC_SYS_ENTER && e->nr == SYS_lseek) {
			NS_CHECK(e->args[0] != MARK_OUTSIDE);
			if (e->args[0] == MARK_NS_CHILD) {
				NS_CHECK(e->hdr.tgid == (__u32)ids[1]);
				NS_CHECK(e->args[1] == (__u64)ids[1]);
				marks++;
			}
			mine += e->args[0] == SCT_BAD_FD && e->hdr.tgid == (__u32)ids[0];
		}
		if (fk->hdr.type == SCTRACE_REC_FORK && fk->hdr.tgid == (__u32)ids[0]) {
			NS_CHECK(fk->child_tgid == (__u32)ids[1]);
			NS_CHECK(fk->child_tid == (__u32)ids[1]);
			forks++;
		}
	}
	NS_CHECK(mine == N_CALLS);
	NS_CHECK(forks == 1);
	NS_CHECK(marks == 1);
	recs_free(&r);
	sctrace_close(t);
	return 0;
}

/* A process outside the namespace, busy with its own marked lseeks. */
static void outside_lseeks(void *arg)
{
	(void)arg;
	for (;;) {
		syscall(SYS_lseek, MARK_OUTSIDE, 0, SEEK_SET);
		usleep(500);
	}
}

/*
 * sctrace in a pid namespace, as in a container: the filter takes the
 * namespace's pids, records (and fork records) carry them, the reader's
 * own syscalls and every process outside the namespace are left out, the
 * latter even when every task is traced.
 */
TEST(pidns_ids_are_the_readers)
{
	unsigned int flags[] = { SCTRACE_FILTER_FOLLOW,
				 SCTRACE_FILTER_FOLLOW | SCTRACE_FILTER_ALL_TASKS };
	struct wl outside;
	size_t i;
	int ret;

	ASSERT_EQ(0, wl_spawn(&outside, outside_lseeks, NULL));
	ASSERT_EQ(0, wl_go(&outside));
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		ret = in_new_pidns(ns_trace, &flags[i]);
		if (ret == SKIP_NS) {
			kill(outside.pid, SIGKILL);
			wl_wait(&outside);
			SKIP(return, "cannot make a pid namespace with its own /proc here");
		}
		EXPECT_EQ(0, ret) TH_LOG("filter flags 0x%x", flags[i]);
	}
	kill(outside.pid, SIGKILL);
	wl_wait(&outside);
}

/* ---- The capture plan, as the eBPF probe holds it ---- */

#define VERIFIER_BUDGET	100000	/* a tenth of BPF_COMPLEXITY_LIMIT_INSNS */

#define SKIP_UNLESS_BPF() do { \
	if (test_backend() != SCTRACE_BACKEND_BPF) \
		SKIP(return, "the eBPF backend's own"); \
} while (0)

/* The probe's .bss as the kernel holds it: a copy of its value, its BTF. */
struct bss {
	int fd;
	__u32 size;
	__u8 *v;
	struct btf *btf;
	__u32 sec;		/* its DATASEC's type id */
};

static int bss_read(struct bss *b)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(b->fd, &zero, b->v) ? -errno : 0;
}

/* Writes the copy back: only while stopped, as libsctrace writes it. */
static int bss_write(struct bss *b)
{
	__u32 zero = 0;

	return bpf_map_update_elem(b->fd, &zero, b->v, BPF_ANY) ? -errno : 0;
}

static void bss_close(struct bss *b)
{
	if (b->fd >= 0)
		close(b->fd);
	btf__free(b->btf);
	free(b->v);
	memset(b, 0, sizeof(*b));
	b->fd = -1;
}

/*
 * A map of the probe whose name matches: the whole name, or with a leading
 * '.' its suffix ("<object>.bss"). Its fd and info, or -ENOENT.
 */
static int probe_map(struct sctrace *t, const char *name, struct bpf_map_info *minfo)
{
	struct bpf_prog_info pinfo;
	__u32 id = 0, maps[PROBE_MAPS], i, len;
	const char *dot;
	bool match;
	int fd;

	fd = next_probe_prog(t, &id, &pinfo, maps);
	if (fd < 0)
		return fd;
	close(fd);
	for (i = 0; i < pinfo.nr_map_ids && i < PROBE_MAPS; i++) {
		fd = bpf_map_get_fd_by_id(maps[i]);
		if (fd < 0)
			continue;
		memset(minfo, 0, sizeof(*minfo));
		len = sizeof(*minfo);
		match = false;
		if (!bpf_obj_get_info_by_fd(fd, minfo, &len)) {
			dot = strrchr(minfo->name, '.');
			match = name[0] == '.' ? dot && !strcmp(dot, name) : !strcmp(minfo->name, name);
		}
		if (match)
			return fd;
		close(fd);
	}
	return -ENOENT;
}

/* The probe's map named "<object>.bss", read: 0 or -errno. */
static int bss_open(struct sctrace *t, struct bss *b)
{
	struct bpf_map_info minfo;

	memset(b, 0, sizeof(*b));
	b->fd = probe_map(t, ".bss", &minfo);
	if (b->fd < 0)
		return b->fd;
	b->size = minfo.value_size;
	b->sec = minfo.btf_value_type_id;
	b->btf = btf__load_from_kernel_by_id(minfo.btf_id);
	b->v = malloc(b->size);
	if (!b->btf || !b->v)
		return -ENOMEM;
	return bss_read(b);
}

/* A global of the probe in the copy, by name (its BTF): NULL if none. */
static void *bss_var(struct bss *b, const char *name, size_t *size)
{
	const struct btf_type *sec = btf__type_by_id(b->btf, b->sec), *var;
	const struct btf_var_secinfo *vi;
	int i;

	if (!sec || !btf_is_datasec(sec))
		return NULL;
	for (i = 0, vi = btf_var_secinfos(sec); i < btf_vlen(sec); i++, vi++) {
		var = btf__type_by_id(b->btf, vi->type);
		if (var && !strcmp(btf__name_by_offset(b->btf, var->name_off), name) &&
		    vi->offset + vi->size <= b->size) {
			*size = vi->size;
			return b->v + vi->offset;
		}
	}
	return NULL;
}

/* The probe's plan in b (read again), or NULL. */
static const struct sct_plan *bss_plan(struct bss *b)
{
	size_t size = 0;
	void *p;

	if (bss_read(b))
		return NULL;
	p = bss_var(b, "sct_plan", &size);
	return size == sizeof(struct sct_plan) ? p : NULL;
}

/* Does b hold the plan that items make? */
static bool bss_has_plan(struct bss *b, const struct sctrace_cap_item *items, size_t n)
{
	const struct sct_plan *got = bss_plan(b);
	struct sct_plan *want = malloc(sizeof(*want));
	char why[160];
	bool same;

	same = got && want && !sct_capplan__build(want, items, n, why, sizeof(why)) &&
	       !memcmp(want, got, sizeof(*want));
	free(want);
	return same;
}

#define ITEM(nr_, when_, arg_, kind_, ...) \
	((struct sctrace_cap_item){ .nr = (nr_), .when = SCTRACE_CAP_##when_, .arg = (arg_), \
				    .kind = SCTRACE_CAP_##kind_, __VA_ARGS__ })
#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* A plan with an item of each kind, of both phases and both ABIs. */
static const struct sctrace_cap_item some_items[] = {
	ITEM(SYS_openat, ENTER, 1, STR, .flags = SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY),
	ITEM(SYS_read, EXIT, 1, BUF, .len_src = SCTRACE_LEN_RET, .size = 1),
	ITEM(SYS_writev, ENTER, 1, IOVEC, .len_src = SCTRACE_LEN_ARG, .len_arg = 2),
	ITEM(SYS_recvmsg, EXIT, 1, MSGHDR, .flags = SCTRACE_CAP_F_ON_ERROR),
	ITEM(SYS_execve, ENTER, 1, STRARR, .size = 32),
	ITEM(SYS_execve, ENTER, 0, STR, .flags = SCTRACE_CAP_F_PATH),
	ITEM(5, ENTER, 0, STR, .abi = SCTRACE_ABI_I386),	/* i386 open */
};

/*
 * Each program's verification stays far below the verifier's limit (one
 * million instructions), as it must on every kernel: the capture engine's
 * loops (1024 argv pointers, 16 iovecs) are verified once each, in global
 * functions. Kernels before 5.16 do not tell.
 */
TEST_F(bpf, programs_verify_within_budget)
{
	struct bpf_prog_info pinfo;
	__u32 id = 0, maps[PROBE_MAPS];
	int fd, n = 0;

	SKIP_UNLESS_BPF();
	while ((fd = next_probe_prog(self->t, &id, &pinfo, maps)) >= 0) {
		close(fd);
		if (!pinfo.verified_insns)
			SKIP(return, "this kernel does not tell verified_insns (Linux 5.16)");
		TH_LOG("%s: %u instructions, %u verified", pinfo.name,
		       pinfo.xlated_prog_len / 8, pinfo.verified_insns);
		EXPECT_GE(VERIFIER_BUDGET, pinfo.verified_insns) TH_LOG("%s", pinfo.name);
		n++;
	}
	/* sys_enter, sys_exit, fork, exit (and in a pid namespace sct_pidns_find) */
	ASSERT_LE(4, n);
}

/*
 * A fresh open traces every syscall of both tables and copies nothing; a
 * filter sets both tables; the limits are API 1.2's.
 */
TEST_F(bpf, open_traces_both_tables_and_copies_nothing)
{
	const struct sctrace_info *info = sctrace_get_info(self->t);
	const __u8 *tables, *plan;
	struct sctrace_filter f;
	pid_t pid = getppid();
	size_t size = 0, i;
	struct bss b;

	SKIP_UNLESS_BPF();
	ASSERT_EQ(SCTRACE_API_VERSION_MINOR, info->api_minor);
	ASSERT_EQ(SCTRACE_SCHEMA_VERSION, info->schema_version);
	ASSERT_EQ(SCTRACE_CAP_MAX_ITEMS, info->max_cap_items);
	ASSERT_EQ(0, bss_open(self->t, &b));
	tables = bss_var(&b, "sct_syscalls", &size);
	ASSERT_NE(NULL, tables);
	ASSERT_EQ(sizeof(f.syscalls) + sizeof(f.syscalls32), size);
	for (i = 0; i < size; i++)
		ASSERT_EQ(0xff, tables[i]) TH_LOG("byte %zu of the syscall tables", i);
	plan = (const __u8 *)bss_plan(&b);
	ASSERT_NE(NULL, plan);
	for (i = 0; i < sizeof(struct sct_plan); i++)
		ASSERT_EQ(0, plan[i]) TH_LOG("byte %zu of the plan", i);

	filter_for(&f, &pid, 1, 0);
	memset(f.strargs, 0, sizeof(f.strargs));
	for (i = 0; i < SCTRACE_MAX_SYSCALLS / 64; i++) {
		f.syscalls[i] = 0x0123456789abcdefULL << i;
		f.syscalls32[i] = 0xfedcba9876543210ULL >> i;
	}
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_EQ(0, bss_read(&b));
	ASSERT_EQ(0, memcmp(f.syscalls, tables, sizeof(f.syscalls)));
	ASSERT_EQ(0, memcmp(f.syscalls32, tables + sizeof(f.syscalls), sizeof(f.syscalls32)));
	bss_close(&b);
}

/*
 * The table the probe reads (its .bss) is the one sct_capplan__build()
 * makes of the items set, whatever the previous plan; none is all zero.
 */
TEST_F(bpf, plan_in_bss_is_the_plan_set)
{
	const struct sctrace_cap_item one[] = {
		ITEM(SYS_fstat, EXIT, 1, BUF, .size = 144),
	};
	struct bss b;

	SKIP_UNLESS_BPF();
	ASSERT_EQ(0, bss_open(self->t, &b));
	ASSERT_EQ(0, sctrace_set_capture(self->t, some_items, NITEMS(some_items)));
	ASSERT_TRUE(bss_has_plan(&b, some_items, NITEMS(some_items)));
	ASSERT_EQ(0, sctrace_set_capture(self->t, one, NITEMS(one)));
	ASSERT_TRUE(bss_has_plan(&b, one, NITEMS(one)));
	ASSERT_EQ(0, sctrace_set_capture(self->t, NULL, 0));
	ASSERT_TRUE(bss_has_plan(&b, NULL, 0));
	bss_close(&b);
}

/* As the filter and the snaplen: EBUSY while running, the plan unchanged. */
TEST_F(bpf, capture_plan_only_while_stopped)
{
	struct bss b;

	SKIP_UNLESS_BPF();
	ASSERT_EQ(0, bss_open(self->t, &b));
	ASSERT_EQ(0, sctrace_set_capture(self->t, some_items, 2));
	ASSERT_EQ(0, sctrace_start(self->t, 0));
	ASSERT_EQ(-EBUSY, sctrace_set_capture(self->t, some_items, NITEMS(some_items)));
	ASSERT_NE(NULL, strstr(sctrace_errmsg(self->t), "stop it first"))
		TH_LOG("%s", sctrace_errmsg(self->t));
	ASSERT_EQ(-EBUSY, sctrace_set_capture(self->t, NULL, 0));
	ASSERT_TRUE(bss_has_plan(&b, some_items, 2));
	ASSERT_EQ(0, sctrace_stop(self->t));
	ASSERT_EQ(0, sctrace_set_capture(self->t, some_items, NITEMS(some_items)));
	ASSERT_TRUE(bss_has_plan(&b, some_items, NITEMS(some_items)));
	bss_close(&b);
}

/*
 * API 1.1: a filter whose strargs[] has bits replaces the plan with a
 * string at entry for each; one without leaves the plan; one that makes
 * no valid plan (five strings of one syscall) is refused, plan unchanged.
 */
TEST_F(bpf, strargs_filter_replaces_the_plan)
{
	const struct sctrace_cap_item strs[] = {
		ITEM(SYS_open, ENTER, 0, STR),
		ITEM(SYS_openat, ENTER, 1, STR),
		ITEM(SYS_renameat2, ENTER, 1, STR),
		ITEM(SYS_renameat2, ENTER, 3, STR),
	};
	struct sctrace_filter f;
	pid_t pid = getppid();
	struct bss b;

	SKIP_UNLESS_BPF();
	ASSERT_EQ(0, bss_open(self->t, &b));
	ASSERT_EQ(0, sctrace_set_capture(self->t, some_items, NITEMS(some_items)));
	filter_for(&f, &pid, 1, 0);
	memset(f.strargs, 0, sizeof(f.strargs));
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_TRUE(bss_has_plan(&b, some_items, NITEMS(some_items)));
	f.strargs[SYS_open] = 1U << 0;
	f.strargs[SYS_openat] = 1U << 1;
	f.strargs[SYS_renameat2] = 1U << 1 | 1U << 3;
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_TRUE(bss_has_plan(&b, strs, NITEMS(strs)));
	f.strargs[SYS_lseek] = 0x1f;
	ASSERT_EQ(-EINVAL, sctrace_set_filter(self->t, &f));
	TH_LOG("%s", sctrace_errmsg(self->t));
	ASSERT_TRUE(bss_has_plan(&b, strs, NITEMS(strs)));
	bss_close(&b);
}

/* Marks what the workload's two openats mean; see below. */
#define STACK_PATH	"/nonexistent/sctrace-bpf-test-stack"
#define MAPPED_PATH	"/nonexistent/sctrace-bpf-test-retried"

/* A path on the stack (read at entry), then one in a page not touched yet. */
static void two_openats(void *arg)
{
	char path[] = STACK_PATH;

	syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, arg, O_RDONLY);
}

/* The n-th openat of tid, and its exit record. */
static const struct sctrace_sys_enter *nth_openat(const struct recs *r, pid_t tid, int n,
						  const struct sctrace_sys_exit **x)
{
	const struct sctrace_sys_enter *e;
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		e = (const void *)r->v[i];
		if (e->hdr.type != SCTRACE_REC_SYS_ENTER || e->hdr.tid != (__u32)tid ||
		    e->nr != SYS_openat || n--)
			continue;
		for (j = i + 1; j < r->n; j++)
			if (r->v[j]->tid == (__u32)tid && r->v[j]->type == SCTRACE_REC_SYS_EXIT) {
				*x = (const void *)r->v[j];
				return e;
			}
		return NULL;
	}
	return NULL;
}

/*
 * The retry bitmap (sct_retry, by kernel pid) is cleared at start: a bit
 * left set (here by hand) does not make the exit of a syscall whose
 * string was read at entry read it again. A string in a page the process
 * has not touched faults at entry (no page faults in the probe), marks
 * the thread, and is read at exit, once the kernel paged it in.
 */
TEST_F(bpf, retry_bits_are_cleared_at_start)
{
	const struct sctrace_cap_item items[] = {
		ITEM(SYS_openat, ENTER, 1, STR, .flags = SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY),
	};
	struct sctrace_counters c = { .size = sizeof(c) };
	const struct sctrace_sys_enter *e;
	const struct sctrace_sys_exit *x;
	const struct sctrace_item *it;
	struct sctrace_filter f;
	size_t size = 0;
	struct bss b;
	__u64 *retry;
	char *mapped;
	struct wl w;
	int fd;

	SKIP_UNLESS_BPF();
	fd = memfd_create("path", MFD_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)sizeof(MAPPED_PATH), write(fd, MAPPED_PATH, sizeof(MAPPED_PATH)));
	mapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	ASSERT_NE(MAP_FAILED, mapped);
	close(fd);
	ASSERT_EQ(0, wl_spawn(&w, two_openats, mapped));
	munmap(mapped, 4096);
	filter_for(&f, &w.pid, 1, 0);
	filter_only_syscall(&f, SYS_openat);
	memset(f.strargs, 0, sizeof(f.strargs));
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_EQ(0, sctrace_set_capture(self->t, items, NITEMS(items)));
	ASSERT_EQ(0, bss_open(self->t, &b));
	retry = bss_var(&b, "sct_retry", &size);
	ASSERT_NE(NULL, retry);
	ASSERT_LT((size_t)w.pid / 8, size);
	retry[w.pid / 64] |= 1ULL << (w.pid % 64);
	ASSERT_EQ(0, bss_write(&b));
	bss_close(&b);
	ASSERT_EQ(0, sctrace_start(self->t, 0));
	ASSERT_EQ(0, wl_go(&w));
	ASSERT_EQ(0, collect(self->t, &w, 1, &self->r, DEADLINE_MS));
	ASSERT_EQ(0, w.status);

	e = nth_openat(&self->r, w.pid, 0, &x);
	ASSERT_NE(NULL, e);
	ASSERT_EQ(1, e->nitem);
	it = (const void *)(e + 1);
	ASSERT_EQ(0, it->flags);
	ASSERT_EQ(strlen(STACK_PATH), it->len);
	ASSERT_EQ(0, x->nitem);	/* not retried: the stale bit is gone */

	e = nth_openat(&self->r, w.pid, 1, &x);
	ASSERT_NE(NULL, e);
	ASSERT_EQ(1, e->nitem);
	it = (const void *)(e + 1);
	ASSERT_EQ(SCTRACE_ITEM_FAULT, it->flags);
	ASSERT_EQ(SCTRACE_REC_FAULT, e->flags);
	ASSERT_EQ(1, x->nitem);
	it = (const void *)(x + 1);
	ASSERT_EQ(SCTRACE_ITEM_RETRY, it->flags);
	ASSERT_EQ(SCTRACE_ITEM_ARGKIND(1, SCTRACE_CAP_STR), it->arg);
	ASSERT_EQ(strlen(MAPPED_PATH), it->len);
	ASSERT_EQ(0, memcmp(MAPPED_PATH, it + 1, it->len));
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	ASSERT_EQ(1, c.total.retried);
	ASSERT_EQ(1, c.total.faults);
}

/* Strings around the snaplen, each in touched memory (on the stack). */
static const char *const bound_strs[] = { "", "1234567", "12345678", "123456789" };
#define BOUND_SNAPLEN	8

static void bounded_openats(void *arg)
{
	char path[16];
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(bound_strs) / sizeof(bound_strs[0]); i++) {
		strcpy(path, bound_strs[i]);
		syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	}
}

/*
 * bpf_probe_read_user_str() is asked for the bound + 1 bytes the module
 * reads, so that a string of exactly the bound and a longer one are told
 * apart by the byte after (see sct_str()); and it returns 0 for an empty
 * string on 6.1 and 6.12, which is no fault.
 */
TEST_F(bpf, strings_at_the_bound_and_empty)
{
	const struct sctrace_cap_item items[] = { ITEM(SYS_openat, ENTER, 1, STR) };
	const struct sctrace_sys_enter *e;
	const struct sctrace_sys_exit *x;
	const struct sctrace_item *it;
	struct sctrace_filter f;
	size_t i, want;
	struct wl w;

	SKIP_UNLESS_BPF();
	ASSERT_EQ(0, wl_spawn(&w, bounded_openats, NULL));
	filter_for(&f, &w.pid, 1, 0);
	filter_only_syscall(&f, SYS_openat);
	memset(f.strargs, 0, sizeof(f.strargs));
	ASSERT_EQ(0, sctrace_set_filter(self->t, &f));
	ASSERT_EQ(0, sctrace_set_capture(self->t, items, NITEMS(items)));
	ASSERT_EQ(0, sctrace_set_snaplen(self->t, BOUND_SNAPLEN));
	ASSERT_EQ(0, sctrace_start(self->t, 0));
	ASSERT_EQ(0, wl_go(&w));
	ASSERT_EQ(0, collect(self->t, &w, 1, &self->r, DEADLINE_MS));
	for (i = 0; i < sizeof(bound_strs) / sizeof(bound_strs[0]); i++) {
		e = nth_openat(&self->r, w.pid, i, &x);
		ASSERT_NE(NULL, e);
		ASSERT_EQ(1, e->nitem);
		it = (const void *)(e + 1);
		want = strlen(bound_strs[i]);
		ASSERT_EQ(want > BOUND_SNAPLEN ? SCTRACE_ITEM_TRUNC : 0, it->flags)
			TH_LOG("\"%s\"", bound_strs[i]);
		ASSERT_EQ(want > BOUND_SNAPLEN ? BOUND_SNAPLEN : want, it->len);
		ASSERT_EQ(0, memcmp(bound_strs[i], it + 1, it->len));
	}
}

/*
 * The probe only adds to its counters (in sct_ctrl, each CPU's value past
 * SCTRACE_BPF_STATE_OFFSET): a counter below what the reader last read was
 * written by another holder of the map, and the reader says so instead of
 * reporting it (or a difference from a reset's base that wrapped around).
 */
TEST_F(bpf, counters_that_go_backwards_are_refused)
{
	struct sctrace_counters c;
	struct bpf_map_info minfo;
	__u32 cpu = 0;
	__u64 *written, at;
	__u8 *v = NULL;
	int fd;

	SKIP_UNLESS_BPF();
	fd = probe_map(self->t, "sct_ctrl", &minfo);
	ASSERT_LE(0, fd);
	ASSERT_LE(SCTRACE_BPF_STATE_OFFSET + sizeof(struct sctrace_cpu_counters),
		  minfo.value_size);
	v = malloc(minfo.value_size);
	ASSERT_NE(NULL, v);
	ASSERT_EQ(0, bpf_map_lookup_elem(fd, &cpu, v));
	written = (__u64 *)(v + SCTRACE_BPF_STATE_OFFSET +
			    offsetof(struct sctrace_cpu_counters, written));
	*written += 5;
	ASSERT_EQ(0, bpf_map_update_elem(fd, &cpu, v, BPF_ANY));
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	at = c.total.written;
	EXPECT_LE(5, at);

	/* no reset (as the CLI): below what was read */
	*written -= 1;
	ASSERT_EQ(0, bpf_map_update_elem(fd, &cpu, v, BPF_ANY));
	EXPECT_EQ(-EBADMSG, sctrace_get_counters(self->t, &c));
	EXPECT_NE(NULL, strstr(sctrace_errmsg(self->t), "CPU 0's written: "))
		TH_LOG("%s", sctrace_errmsg(self->t));

	/* back where it was, then a reset: the base */
	*written += 1;
	ASSERT_EQ(0, bpf_map_update_elem(fd, &cpu, v, BPF_ANY));
	ASSERT_EQ(0, sctrace_reset_counters(self->t));
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	EXPECT_EQ(0, c.total.written);
	*written -= 5;		/* below the base too */
	ASSERT_EQ(0, bpf_map_update_elem(fd, &cpu, v, BPF_ANY));
	EXPECT_EQ(-EBADMSG, sctrace_get_counters(self->t, &c));
	*written += 7;		/* above it again: 2 more */
	ASSERT_EQ(0, bpf_map_update_elem(fd, &cpu, v, BPF_ANY));
	ASSERT_EQ(0, sctrace_get_counters(self->t, &c));
	EXPECT_EQ(2, c.total.written);
	free(v);
	close(fd);
}

TEST_HARNESS_MAIN
