/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The process tree as a /proc mount shows it: each process (thread-group
 * leader) and its parent, from the ppid field of /proc/PID/stat, in the
 * pid namespace of that mount. The eBPF backend seeds its traced set
 * from it at start (backend_bpf.c).
 */
#ifndef SCT_PROC_TREE_H
#define SCT_PROC_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

struct sct_proc_ent {
	uint32_t pid;
	uint32_t ppid;		/* 0: none (the namespace's init, kthreadd) */
};

/*
 * Every process under proc ("/proc"): 0 with *ents (free() it) and *n,
 * or -errno. A process that ends while it is read is left out.
 */
int sct_proc__list(const char *proc, struct sct_proc_ent **ents, size_t *n);

/*
 * Adds to a set of pids, a bitmap of nbits bits (bit p of map[p / 64]),
 * every process of ents whose parent is in it, and whose parent is not
 * skip (the reader, whose children are not followed), until none is left;
 * true if it added any. The bitmap may be written at the same time by
 * others (the probe's fork program): its words are read and set with
 * atomic operations.
 */
bool sct_proc__add_children(__u64 *map, uint32_t nbits, const struct sct_proc_ent *ents,
			    size_t n, uint32_t skip);

/* Is proc the /proc of the caller's pid namespace? 1, 0, or -errno. */
int sct_proc__is_own(const char *proc);

#endif /* SCT_PROC_TREE_H */
