// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The public functions of libsctrace.h (userspace/sctrace.c) over a fake
 * module backend with in-memory rings (fake_kmod.c): backend choice,
 * options, records merged across CPUs, error messages.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fake_kmod.h"
#include "libsctrace.h"

static int setup(void **state)
{
	unsigned int cpu;

	(void)state;
	for (cpu = 0; cpu < FAKE_NCPUS; cpu++)
		if (ring_mem__init(&fake_kmod_rings[cpu], FAKE_RING_SIZE, 0))
			return -1;
	fake_kmod_calls = 0;
	fake_kmod_syncs = 0;
	fake_kmod_sync_hook = NULL;
	fake_kmod_missing = 0;
	fake_modprobe_ret = -ENOTSUP;
	fake_modprobe_why = "kernel has no module support";
	fake_bpf_err = 0;
	fake_bpf_msg = "";
	fake_bpf_no_btf = 0;
	return pipe(fake_kmod_pipe);
}

static int teardown(void **state)
{
	unsigned int cpu;

	(void)state;
	for (cpu = 0; cpu < FAKE_NCPUS; cpu++)
		ring_mem__fini(&fake_kmod_rings[cpu]);
	close(fake_kmod_pipe[0]);
	close(fake_kmod_pipe[1]);
	return 0;
}

static struct sctrace *open_ok(void)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = SCTRACE_BACKEND_AUTO,
				       .device = NULL, .ring_size = 0 };
	char err[512] = "";
	struct sctrace *t = sctrace_open(&o, err, sizeof(err));

	assert_non_null(t);
	assert_string_equal("", err);
	return t;
}

static void expect_open_fails(const struct sctrace_open_opts *o, int err_no, const char *msg)
{
	char err[512] = "";

	errno = 0;
	assert_null(sctrace_open(o, err, sizeof(err)));
	assert_int_equal(err_no, errno);
	assert_string_equal(msg, err);
}

static struct sctrace *open_backend(enum sctrace_backend b)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = b, .device = NULL,
				       .ring_size = 0 };
	char err[512] = "";
	struct sctrace *t = sctrace_open(&o, err, sizeof(err));

	assert_non_null(t);
	return t;
}

static void named_backend_is_used_without_reason(void **state)
{
	struct sctrace *t = open_backend(SCTRACE_BACKEND_BPF);

	(void)state;
	assert_string_equal("bpf", sctrace_backend_name(t));
	assert_string_equal("", sctrace_backend_reason(t));
	sctrace_close(t);
}

static void auto_uses_the_device_when_present(void **state)
{
	struct sctrace *t = open_backend(SCTRACE_BACKEND_AUTO);

	(void)state;
	assert_string_equal("kmod", sctrace_backend_name(t));
	assert_string_equal("/dev/sctrace is present", sctrace_backend_reason(t));
	sctrace_close(t);
}

static void auto_loads_the_module_with_modprobe(void **state)
{
	struct sctrace *t;

	(void)state;
	fake_kmod_missing = 1;
	fake_modprobe_ret = 0;
	t = open_backend(SCTRACE_BACKEND_AUTO);
	assert_string_equal("kmod", sctrace_backend_name(t));
	assert_string_equal("module loaded with modprobe sctrace", sctrace_backend_reason(t));
	sctrace_close(t);
}

static void auto_picking_the_module_says_why_ebpf_cannot_run(void **state)
{
	struct sctrace *t;

	(void)state;
	fake_bpf_no_btf = 1;
	t = open_backend(SCTRACE_BACKEND_AUTO);
	assert_string_equal("kmod", sctrace_backend_name(t));
	assert_string_equal("/dev/sctrace is present; the eBPF backend cannot run here: "
			    "kernel 5.4.0 has no BTF (/sys/kernel/btf/vmlinux: No such file or directory)",
			    sctrace_backend_reason(t));
	sctrace_close(t);
}

static void auto_falls_back_to_bpf_and_says_why(void **state)
{
	struct sctrace *t;

	(void)state;
	fake_kmod_missing = 1;
	t = open_backend(SCTRACE_BACKEND_AUTO);
	assert_string_equal("bpf", sctrace_backend_name(t));
	assert_string_equal("kernel has no module support", sctrace_backend_reason(t));
	sctrace_close(t);
}

static void auto_error_says_what_each_backend_lacks(void **state)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = SCTRACE_BACKEND_AUTO,
				       .device = NULL, .ring_size = 0 };

	(void)state;
	fake_kmod_missing = 1;
	fake_modprobe_ret = -ENOENT;
	fake_modprobe_why = "module not built for kernel 6.9: install sctrace-dkms, or make dkms";
	fake_bpf_err = ENOTSUP;
	fake_bpf_msg = "kernel 6.9 has no BTF";
	expect_open_fails(&o, ENOTSUP, "no backend works here. Module: module not built for kernel 6.9: install sctrace-dkms, or make dkms. eBPF: kernel 6.9 has no BTF");
}

static void auto_keeps_the_error_of_a_present_device(void **state)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = SCTRACE_BACKEND_AUTO,
				       .device = "/dev/busy", .ring_size = 0 };

	(void)state;
	expect_open_fails(&o, EBUSY, "cannot open /dev/busy: another reader has it");
}

static void unknown_backend_is_einval(void **state)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = (enum sctrace_backend)7,
				       .device = NULL };

	(void)state;
	expect_open_fails(&o, EINVAL, "unknown backend 7");
}

static void backend_error_message_reaches_the_caller(void **state)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = SCTRACE_BACKEND_KMOD,
				       .device = "/dev/missing" };

	(void)state;
	expect_open_fails(&o, ENOENT, "/dev/missing not found: the sctrace module is not loaded");
}

static void opts_from_newer_caller_need_zero_tail(void **state)
{
	struct {
		struct sctrace_open_opts o;
		uint64_t future;
	} big = { .o = { .sz = sizeof(big), .backend = SCTRACE_BACKEND_AUTO, .device = NULL },
		  .future = 1 };
	struct sctrace *t;

	(void)state;
	expect_open_fails(&big.o, EINVAL,
			  "sctrace_open: opts has non-zero fields unknown to this library");
	big.future = 0;
	t = sctrace_open(&big.o, NULL, 0);
	assert_non_null(t);
	sctrace_close(t);
}

static void null_opts_mean_defaults(void **state)
{
	struct sctrace *t = sctrace_open(NULL, NULL, 0);

	(void)state;
	assert_non_null(t);
	assert_string_equal("kmod", sctrace_backend_name(t));
	assert_int_equal(FAKE_NCPUS, sctrace_get_info(t)->nr_cpus);
	sctrace_close(t);
}

static void records_of_all_cpus_come_out_merged(void **state)
{
	struct sctrace_sys_exit a = rec_sys_exit(300, 0, 10, 0, 1);
	struct sctrace_sys_exit b = rec_sys_exit(100, 1, 11, 0, 2);
	struct sctrace_task_exit c = rec_task_exit(200, 1, 11, 0, SCTRACE_EXIT_GROUP_DEAD);
	const struct sctrace_hdr *rec;
	struct sctrace *t = open_ok();

	(void)state;
	ring_mem__put(&fake_kmod_rings[0], &a, sizeof(a));
	ring_mem__put(&fake_kmod_rings[1], &b, sizeof(b));
	ring_mem__put(&fake_kmod_rings[1], &c, sizeof(c));
	/* stamped long ago: the live horizon (CLOCK_MONOTONIC) lets them out */
	assert_int_equal(1, sctrace_next(t, &rec, 0));
	assert_int_equal(100, rec->ts_ns);
	assert_int_equal(1, sctrace_next(t, &rec, 0));
	assert_int_equal(200, rec->ts_ns);
	assert_int_equal(SCTRACE_REC_EXIT, rec->type);
	assert_int_equal(1, sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN));
	assert_int_equal(300, rec->ts_ns);
	assert_int_equal(0, sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN));
	/* everything read was released to the producers */
	assert_int_equal(sizeof(a), fake_kmod_rings[0].ctrl->cons_pos);
	assert_int_equal(sizeof(b) + sizeof(c), fake_kmod_rings[1].ctrl->cons_pos);
	sctrace_close(t);
}

static void future_record_waits_without_drain(void **state)
{
	struct sctrace_sys_exit a = rec_sys_exit(UINT64_MAX - 1, 0, 10, 0, 1);
	const struct sctrace_hdr *rec;
	struct sctrace *t = open_ok();

	(void)state;
	ring_mem__put(&fake_kmod_rings[0], &a, sizeof(a));
	assert_int_equal(0, sctrace_next(t, &rec, 0));
	assert_int_equal(1, sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN));
	assert_int_equal(UINT64_MAX - 1, rec->ts_ns);
	sctrace_close(t);
}

/* CPU 0's producer, held between its stamp and its commit */
static void commit_cpu0(void)
{
	ring_mem__publish(&fake_kmod_rings[0]);
}

/*
 * CPU 0 stamps at 1000 and is held (an irq, a preempted vCPU) while CPU 1
 * commits 1050 and 1100; the grace period of the backend's sync ends only
 * after CPU 0's commit. The merge must wait for it: 1000 comes out first.
 */
static void late_commit_on_another_cpu_keeps_order(void **state)
{
	struct sctrace_sys_exit late = rec_sys_exit(1000, 0, 10, 0, 1);
	struct sctrace_sys_exit b = rec_sys_exit(1050, 1, 11, 0, 2);
	struct sctrace_sys_exit c = rec_sys_exit(1100, 1, 11, 0, 3);
	const struct sctrace_hdr *rec;
	struct sctrace *t = open_ok();
	uint64_t want[] = { 1000, 1050, 1100 };
	unsigned int i;

	(void)state;
	ring_mem__write(&fake_kmod_rings[0], &late, sizeof(late));
	ring_mem__put(&fake_kmod_rings[1], &b, sizeof(b));
	ring_mem__put(&fake_kmod_rings[1], &c, sizeof(c));
	fake_kmod_sync_hook = commit_cpu0;
	for (i = 0; i < 3; i++) {
		assert_int_equal(1, sctrace_next(t, &rec, 0));
		assert_int_equal(want[i], rec->ts_ns);
	}
	assert_int_equal(0, sctrace_next(t, &rec, 0));
	assert_true(fake_kmod_syncs >= 1);
	sctrace_close(t);
}

/* Rounds with nothing to hand out, and the final drain, cost no sync. */
static void sync_only_when_records_are_there(void **state)
{
	struct sctrace_sys_exit a = rec_sys_exit(100, 0, 10, 0, 1);
	const struct sctrace_hdr *rec;
	struct sctrace *t = open_ok();

	(void)state;
	assert_int_equal(0, sctrace_next(t, &rec, 0));
	assert_int_equal(0, fake_kmod_syncs);
	ring_mem__put(&fake_kmod_rings[0], &a, sizeof(a));
	assert_int_equal(1, sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN));
	assert_int_equal(0, sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN));
	assert_int_equal(0, fake_kmod_syncs);
	ring_mem__put(&fake_kmod_rings[0], &a, sizeof(a));
	assert_int_equal(1, sctrace_next(t, &rec, 0));
	assert_int_equal(1, fake_kmod_syncs);
	sctrace_close(t);
}

static void malformed_ring_message_names_the_cpu(void **state)
{
	struct sctrace_sys_exit bad = rec_sys_exit(100, 1, 10, 0, 1);
	struct sctrace_sys_exit good = rec_sys_exit(200, 0, 10, 0, 1);
	const struct sctrace_hdr *rec;
	struct sctrace *t = open_ok();

	(void)state;
	bad.hdr.type = 9;
	ring_mem__put(&fake_kmod_rings[1], &bad, sizeof(bad));
	ring_mem__put(&fake_kmod_rings[0], &good, sizeof(good));
	assert_int_equal(-EBADMSG, sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN));
	assert_string_equal("CPU 1 ring, position 0: unknown record type 9: this ring is no longer read",
			    sctrace_errmsg(t));
	assert_int_equal(1, sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN));
	assert_int_equal(200, rec->ts_ns);
	assert_int_equal(0, sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN));
	sctrace_close(t);
}

static void argument_errors_are_explained(void **state)
{
	const struct sctrace_hdr *rec;
	struct sctrace *t = open_ok();

	(void)state;
	assert_int_equal(-EINVAL, sctrace_next(t, &rec, 0x2));
	assert_string_equal("sctrace_next: unknown flags 0x2", sctrace_errmsg(t));
	assert_int_equal(-EINVAL, sctrace_set_snaplen(t, SCTRACE_MAX_SNAPLEN + 1));
	assert_string_equal("snaplen 4097 is larger than the maximum 4096", sctrace_errmsg(t));
	assert_int_equal(-EINVAL, sctrace_set_filter(t, NULL));
	assert_int_equal(-EINVAL, sctrace_start(t, FAKE_RING_SIZE + 1));
	assert_string_equal("watermark too large", sctrace_errmsg(t));
	assert_int_equal(0, fake_kmod_calls);
	sctrace_close(t);
}

static void calls_reach_the_backend(void **state)
{
	struct sctrace_filter f = { .size = sizeof(f), .flags = SCTRACE_FILTER_FOLLOW,
				    .ntgids = 1, .tgids = { 1234 } };
	struct sctrace_counters c;
	struct sctrace *t = open_ok();

	(void)state;
	assert_int_equal(0, sctrace_set_filter(t, &f));
	assert_int_equal(1234, fake_kmod_filter.tgids[0]);
	assert_int_equal(SCTRACE_FILTER_FOLLOW, fake_kmod_filter.flags);
	assert_int_equal(0, sctrace_set_snaplen(t, 64));
	assert_int_equal(0, sctrace_start(t, 0));
	assert_int_equal(0, sctrace_stop(t));
	assert_int_equal(0, sctrace_reset_counters(t));
	assert_int_equal(5, fake_kmod_calls);
	assert_int_equal(0, sctrace_get_counters(t, &c));
	assert_int_equal(42, c.total.written);
	sctrace_close(t);
}

static void poll_follows_the_fd(void **state)
{
	struct sctrace *t = open_ok();

	(void)state;
	assert_int_equal(fake_kmod_pipe[0], sctrace_fd(t));
	assert_int_equal(0, sctrace_poll(t, 0));
	assert_int_equal(1, write(fake_kmod_pipe[1], "x", 1));
	assert_int_equal(1, sctrace_poll(t, 0));
	sctrace_close(t);
}

#define API_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		API_TEST(named_backend_is_used_without_reason),
		API_TEST(auto_uses_the_device_when_present),
		API_TEST(auto_loads_the_module_with_modprobe),
		API_TEST(auto_picking_the_module_says_why_ebpf_cannot_run),
		API_TEST(auto_falls_back_to_bpf_and_says_why),
		API_TEST(auto_error_says_what_each_backend_lacks),
		API_TEST(auto_keeps_the_error_of_a_present_device),
		API_TEST(unknown_backend_is_einval),
		API_TEST(backend_error_message_reaches_the_caller),
		API_TEST(opts_from_newer_caller_need_zero_tail),
		API_TEST(null_opts_mean_defaults),
		API_TEST(records_of_all_cpus_come_out_merged),
		API_TEST(future_record_waits_without_drain),
		API_TEST(late_commit_on_another_cpu_keeps_order),
		API_TEST(sync_only_when_records_are_there),
		API_TEST(malformed_ring_message_names_the_cpu),
		API_TEST(argument_errors_are_explained),
		API_TEST(calls_reach_the_backend),
		API_TEST(poll_follows_the_fd),
	};

	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
