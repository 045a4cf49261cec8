/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * What a backend (kernel module, eBPF) provides behind the public
 * functions of libsctrace.h. sctrace.c checks arguments and dispatches;
 * a backend fills t->info and t->sources in open and reports failures
 * with sct_fail(), which also returns the negative errno to pass on.
 */
#ifndef SCT_BACKEND_H
#define SCT_BACKEND_H

#include "libsctrace.h"
#include "merge.h"
#include "source.h"

struct sct_backend_ops {
	const char *name;
	int (*open)(struct sctrace *t, const struct sctrace_open_opts *opts);
	int (*set_filter)(struct sctrace *t, const struct sctrace_filter *f);
	int (*set_snaplen)(struct sctrace *t, uint32_t snaplen);
	/* items already checked by sct_capplan__check() (capplan.h) */
	int (*set_capture)(struct sctrace *t, const struct sctrace_cap_item *items, size_t n);
	int (*start)(struct sctrace *t, uint64_t watermark);
	int (*stop)(struct sctrace *t);
	int (*counters)(struct sctrace *t, struct sctrace_counters *c);
	int (*reset)(struct sctrace *t);
	int (*fd)(const struct sctrace *t);
	/*
	 * Returns once every record stamped before the call is committed
	 * (SCTRACE_IOC_SYNC in sctrace_abi.h); the merge calls it between
	 * its horizon and its snapshot of the producer positions. Cannot
	 * fail: a backend that cannot wait says so once and does its best.
	 */
	void (*sync)(struct sctrace *t);
	void (*close)(struct sctrace *t);	/* frees what open made */
};

struct sctrace {
	const struct sct_backend_ops *ops;
	void *priv;			/* the backend's own state */
	struct sctrace_info info;
	struct sct_source *sources;	/* set by open, freed by close */
	size_t nsources;
	struct sct_merge *merge;
	int64_t timens;			/* time namespace offset, ns */
	bool childless;			/* sctrace_set_childless() */
	bool wait;			/* sctrace_set_wait() */
	char reason[320];		/* sctrace_backend_reason() */
	char errmsg[512];
};

extern const struct sct_backend_ops sct_backend_kmod;
extern const struct sct_backend_ops sct_backend_bpf;

/*
 * For AUTO when the module's device is missing: `modprobe sctrace`.
 * 0 when it loaded, else -errno and why says why (-ENOTSUP: the kernel
 * has no module support), in words that fit "using eBPF (<why>)".
 */
int sct_kmod__modprobe(char *why, size_t whylen);
/* The kernel can load modules (it has /proc/modules). */
bool sct_kmod__supported(void);
/*
 * The running kernel has no BTF, without which the eBPF backend cannot
 * load (bpf_load.c): 1 and why says so ("kernel R has no BTF (...)"), or 0.
 * For AUTO, which says so when it picks the module.
 */
int sct_bpf__btf_missing(char *why, size_t whylen);

/* Picks the backend (backend_auto.c) and opens it: 0 or -errno. */
int sct_backend__open(struct sctrace *t, const struct sctrace_open_opts *o);

/* Formats t->errmsg; returns -err (err is a positive errno). */
__attribute__((format(printf, 3, 4)))
int sct_fail(struct sctrace *t, int err, const char *fmt, ...);

#endif /* SCT_BACKEND_H */
