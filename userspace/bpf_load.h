/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The embedded eBPF probe (driver/bpf/sctrace.bpf.c, through the bpftool
 * skeleton sctrace_bpf.skel.h): open, size, load, attach, with errors that
 * say what the kernel lacks (BTF, privileges, ring buffers, lockdown) and
 * what to do. libbpf's own messages are kept for those errors, not
 * printed; SCTRACE_BPF_VERBOSE=1 in the environment prints them.
 *
 * The load picks the probe's process ids: kernel ids when sctrace runs in
 * the initial pid namespace, else the ids of its own namespace (found from
 * /proc/self/ns/pid, its level by running sct_pidns_find once).
 */
#ifndef SCT_BPF_LOAD_H
#define SCT_BPF_LOAD_H

#include <stdint.h>
#include "backend.h"
#include "bpf_rings.h"

struct sctrace_bpf;

/* Loads the probe with rings of geometry g: 0, or -errno (sct_fail). */
int sct_bpf__load(struct sctrace *t, struct sctrace_bpf **skel,
		  const struct sct_bpf_geom *g);
/*
 * Start attaches in two steps, the traced set being seeded in between
 * (backend_bpf.c): first the fork and exit programs, so that no fork is
 * missed once the seeding begins, then the syscall programs. Each returns
 * 0 or -errno (sct_fail); whatever it attached stays attached until
 * sctrace_bpf__detach().
 */
int sct_bpf__attach_follow(struct sctrace *t, struct sctrace_bpf *skel);
int sct_bpf__attach_syscalls(struct sctrace *t, struct sctrace_bpf *skel);

#endif /* SCT_BPF_LOAD_H */
