/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the sctrace selftests: child workloads started on a
 * signal from the test, record collection through libsctrace, and a few
 * raw-device helpers for the ABI tests.
 */
#ifndef SCT_HELPERS_H
#define SCT_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "libsctrace.h"

/* A child process that waits for wl_go() before running its work. */
struct wl {
	pid_t pid;
	int go_fd;		/* write end: one byte starts the work */
	int status;		/* wait status once reaped */
	bool reaped;
};

typedef void (*wl_fn)(void *arg);

/* A workload: (long)arg calls lseek(SCT_BAD_FD, 1000 + i, SEEK_SET). */
#define SCT_BAD_FD	999
void wl_bad_lseeks(void *arg);

int wl_spawn(struct wl *w, wl_fn fn, void *arg);
int wl_go(struct wl *w);
int wl_wait(struct wl *w);		/* blocking reap, returns status */
bool wl_done(struct wl *w);		/* non-blocking reap */

/* Copies of records, in the order libsctrace returned them. */
struct recs {
	struct sctrace_hdr **v;
	size_t n, cap;
};

void recs_free(struct recs *r);
/* Appends what sctrace_next(t, ..., flags) hands out now: 0 or -errno. */
int recs_take(struct sctrace *t, struct recs *out, unsigned int flags);
/*
 * Reads until every workload in w[0..nw-1] has exited (or deadline_ms
 * passes), then stops the capture and drains. 0 or -errno.
 */
int collect(struct sctrace *t, struct wl *w, int nw, struct recs *out,
	    int deadline_ms);

/* Filter for the given tgids, all syscalls, path strings of openat. */
void filter_for(struct sctrace_filter *f, const pid_t *tgids, int n,
		unsigned int flags);
void filter_only_syscall(struct sctrace_filter *f, unsigned int nr);

/* Backend under test: $SCTRACE_TEST_BACKEND ("kmod", "bpf"), default kmod. */
enum sctrace_backend test_backend(void);
struct sctrace *test_open(char *err, size_t errlen);

size_t count_recs(const struct recs *r, pid_t tid, unsigned int type,
		  long nr);
/* The k-th (from 0) record of tid (0: any) of type and syscall nr (-1: any). */
const struct sctrace_hdr *nth_rec(const struct recs *r, pid_t tid, unsigned int type,
				  long nr, size_t k);
/* The item of arg in an enter or exit record (retry: the retried string). */
const struct sctrace_item *rec_item(const struct sctrace_hdr *h, unsigned int arg, bool retry);

/*
 * Opens the backend under test with rings of ring_size bytes: through the
 * open options (bpf), or the module parameter ring_size (kmod), whose old
 * value is then left in *saved for test_ring_restore() (0: nothing to do).
 */
struct sctrace *test_open_ring(unsigned long ring_size, long *saved,
			       char *err, size_t errlen);
void test_ring_restore(long saved);

/* module parameter ring_size (kmod): read and write, bytes. */
long ring_size_get(void);
int ring_size_set(long bytes);

int ncpus_online(void);
long long now_ms(void);

#endif /* SCT_HELPERS_H */
