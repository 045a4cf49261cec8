/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * libsctrace: read sctrace records from a backend (the kernel module, or
 * the eBPF probe for kernels that cannot load modules) through one
 * backend-neutral interface: the same records, filters and counters.
 *
 *   struct sctrace *t = sctrace_open(&opts, err, sizeof(err));
 *   sctrace_set_filter(t, &filter);       // while stopped
 *   sctrace_start(t, 0);
 *   for (;;) {
 *           sctrace_poll(t, 100);
 *           while (sctrace_next(t, &rec, 0) > 0)
 *                   handle(rec);          // valid until the next call
 *   }
 *   sctrace_stop(t);
 *   while (sctrace_next(t, &rec, SCTRACE_NEXT_DRAIN) > 0) ...
 *   sctrace_close(t);
 *
 * Every int-returning function returns 0 (or a count) on success and a
 * negative errno on failure; sctrace_errmsg() then says what failed and
 * what to do, in words a user can act on.
 */
#ifndef LIBSCTRACE_H
#define LIBSCTRACE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "sctrace_abi.h"

struct sctrace;

/*
 * AUTO: the module when its device exists; else, on a kernel with module
 * support, the module after `modprobe sctrace`; else eBPF.
 * sctrace_backend_reason() says why.
 */
enum sctrace_backend {
	SCTRACE_BACKEND_AUTO = 0,
	SCTRACE_BACKEND_KMOD,
	SCTRACE_BACKEND_BPF,
};

struct sctrace_open_opts {
	size_t sz;			/* sizeof(struct sctrace_open_opts) */
	enum sctrace_backend backend;
	const char *device;		/* kmod: default "/dev/sctrace" */
	/*
	 * Bytes per CPU ring, a power of two from 64 KiB to 1 GiB; 0: the
	 * default (8 MiB). eBPF only: the module's rings have the size of
	 * its ring_size parameter, and kmod refuses any other value here.
	 */
	uint64_t ring_size;
};

/* NULL on failure: errno is set and err (if given) holds a message. */
struct sctrace *sctrace_open(const struct sctrace_open_opts *opts,
			     char *err, size_t errlen);
void sctrace_close(struct sctrace *t);

/* "kmod" or "bpf" */
const char *sctrace_backend_name(const struct sctrace *t);
/* Why AUTO chose this backend, e.g. "kernel has no module support";
 * "" when the caller named the backend. */
const char *sctrace_backend_reason(const struct sctrace *t);
const char *sctrace_errmsg(const struct sctrace *t);
/* Ring geometry and limits (eBPF: ctrl_size, data_offset, mmap_stride 0). */
const struct sctrace_info *sctrace_get_info(const struct sctrace *t);

/* Filter and snaplen: only while stopped (-EBUSY otherwise). */
int sctrace_set_filter(struct sctrace *t, const struct sctrace_filter *f);
int sctrace_set_snaplen(struct sctrace *t, uint32_t snaplen);
/*
 * Every process the filter names is the caller's own child, stopped
 * before its exec, that has forked nothing: with SCTRACE_FILTER_FOLLOW,
 * sctrace_start() then has no descendants to look for (the eBPF backend
 * lists /proc for them otherwise, ~10 ms). The caller vouches for it: a
 * child forked before the start would not be followed. Read by the
 * next sctrace_start(); sctrace_set_filter() clears it.
 */
int sctrace_set_childless(struct sctrace *t, bool childless);
/*
 * Lossless (SCTRACE_START_WAIT): traced threads wait for the reader when
 * their ring is nearly full, instead of their records being dropped. Read
 * by the next sctrace_start(). -EOPNOTSUPP where the backend cannot: the
 * eBPF backend (a probe cannot sleep, nor queue work for the thread) or a
 * module older than API 1.3; on a kernel that does not export
 * task_work_add() the start goes on without it. Capture then drops and
 * counts, as without it.
 */
int sctrace_set_wait(struct sctrace *t, bool wait);
/* Whether traced threads wait (the last start, once it returned: false where the kernel cannot). */
bool sctrace_get_wait(const struct sctrace *t);
/*
 * The capture plan: which memory behind which pointer arguments goes into
 * the records (struct sctrace_cap_item, SCTRACE_IOC_SET_CAPTURE in
 * sctrace_abi.h). Replaces the previous plan; n == 0 clears it. Only
 * while stopped (-EBUSY); -EINVAL for an item either backend refuses,
 * -EOPNOTSUPP for a module older than API 1.2.
 */
int sctrace_set_capture(struct sctrace *t, const struct sctrace_cap_item *items, size_t n);
/*
 * watermark: bytes unread in a ring that wake a sleeping reader (0 means
 * 1, at most ring_size / 2). eBPF, above 1: a wakeup each time watermark
 * bytes went into a ring (checking what is unread would cost every record
 * a full barrier).
 */
int sctrace_start(struct sctrace *t, uint64_t watermark);
int sctrace_stop(struct sctrace *t);
int sctrace_get_counters(struct sctrace *t, struct sctrace_counters *c);
int sctrace_reset_counters(struct sctrace *t);

/*
 * fd for poll/epoll: readable when a ring passed the watermark (eBPF: the
 * doorbell's fd, readable until the next sctrace_next() after a wakeup)
 */
int sctrace_fd(const struct sctrace *t);
/* 1: data may be ready, 0: timeout, <0: -errno (EINTR included) */
int sctrace_poll(struct sctrace *t, int timeout_ms);

#define SCTRACE_NEXT_DRAIN	0x1	/* capture stopped: return everything */

/*
 * Next record across all CPUs, in timestamp order (ties: lower CPU first).
 * Without DRAIN only records that nothing older can still follow are
 * returned: those stamped before the horizon of the reader's last
 * completed sync (an RCU grace period, in a thread of the library, see
 * userspace/merge.h); newer ones wait in the library, and a call with
 * nothing else to return waits for a sync (tens of ms at most). It may
 * return 0 while records still wait: poll with a finite timeout. The
 * record stays valid until the next sctrace_next() or sctrace_close().
 * Returns 1 (record), 0 (nothing now), -EBADMSG (a ring holds a malformed
 * record: the ring is no longer read, after the records before it),
 * -ENOMEM.
 *
 * A process that forks must not use the handle in the child (the rings
 * are not mapped there, the sync thread does not exist); the child should
 * close the fd it inherited (O_CLOEXEC closes it at exec), or it keeps
 * capture alive after the parent's sctrace_close().
 */
int sctrace_next(struct sctrace *t, const struct sctrace_hdr **rec,
		 unsigned int flags);

#endif /* LIBSCTRACE_H */
