/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The embedded eBPF probe (driver/bpf/sctrace.bpf.c, through the bpftool
 * skeleton sctrace_bpf.skel.h): open, size, load, attach, with errors that
 * say what the kernel lacks (BTF, privileges, ring buffers, lockdown) and
 * what to do. libbpf's own messages are kept for those errors, not
 * printed; SCTRACE_BPF_VERBOSE=1 in the environment prints them.
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
/* Attaches every program; on failure none stays attached. */
int sct_bpf__attach(struct sctrace *t, struct sctrace_bpf *skel);

#endif /* SCT_BPF_LOAD_H */
