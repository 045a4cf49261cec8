/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Stand-ins for the backends in test_api: the module backend
 * (sct_backend_kmod, with in-memory rings (ring_mem.h) for two CPUs and a
 * pipe as the pollable fd, so the public functions of libsctrace.h run
 * end to end without the module), its modprobe (sct_kmod__modprobe) and
 * the eBPF backend (sct_backend_bpf, fake_bpf.c: no rings), for the
 * choice AUTO makes.
 */
#ifndef SCT_TEST_FAKE_KMOD_H
#define SCT_TEST_FAKE_KMOD_H

#include "ring_mem.h"

#define FAKE_NCPUS	2
#define FAKE_RING_SIZE	4096u

/* Set up by the test before sctrace_open(). */
extern struct ring_mem fake_kmod_rings[FAKE_NCPUS];
/* [0]: what sctrace_fd() returns; write to [1] to make it readable */
extern int fake_kmod_pipe[2];
/* What the last set_filter/set_snaplen/start/stop/... call passed. */
extern struct sctrace_filter fake_kmod_filter;
extern unsigned int fake_kmod_calls;
/* Calls of the backend's sync, and what each call runs (NULL: nothing):
 * a test stands for a producer that commits when the grace period ends. */
extern unsigned int fake_kmod_syncs;
extern void (*fake_kmod_sync_hook)(void);

/* The device is missing (open: -ENOENT) until a modprobe that works. */
extern int fake_kmod_missing;
/* What sct_kmod__modprobe() returns (0: "loads" the module) and says. */
extern int fake_modprobe_ret;
extern const char *fake_modprobe_why;
/* The eBPF backend's open fails with this errno and message (0: works). */
extern int fake_bpf_err;
extern const char *fake_bpf_msg;
/* sct_bpf__btf_missing() says the kernel has no BTF (0: it has). */
extern int fake_bpf_no_btf;

#endif /* SCT_TEST_FAKE_KMOD_H */
