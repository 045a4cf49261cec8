/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What fuzz_dev's files share: the device's fds and mappings, the ring
 * geometry GET_INFO last gave, a thread's scratch memory, the kinds of
 * operation and their outcomes, and each operation.
 *
 *   fuzz_dev.c        the driver: the operation table, the threads, main()
 *   fuzz_dev_fd.c     fds: open, dup, close, poll, read/write, noise
 *   fuzz_dev_ioctl.c  ioctls, well formed and mutated
 *   fuzz_dev_map.c    mappings: mmap & co., cons_pos, the rings, fork
 *   fuzz_dev_mod.c    the module: ring_size, rmmod and insmod
 */
#ifndef SCT_FUZZ_DEV_H
#define SCT_FUZZ_DEV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sctrace_abi.h"
#include "sct_plan.h"
#include "stress.h"

#define DEV		"/dev/sctrace"
#define RING_PARAM	"/sys/module/sctrace/parameters/ring_size"
#define PAGE		4096UL
#define MAX_FDS		6
#define MAX_MAPS	48

/* ---- shared state: fds and mappings, each behind a rwlock ----------------- */

/*
 * Users of an fd or a mapping hold the read lock, so that neither is
 * closed or unmapped (and its number or address reused by something the
 * fuzzer needs) under them; close, munmap and mremap take the write lock.
 * The kernel still sees every race it can: a file outlives its fd while
 * mapped, probes write the rings whatever userspace does.
 */
struct fd_table {
	pthread_rwlock_t lock;
	int fd[MAX_FDS];
	unsigned int gen[MAX_FDS];	/* which open() the fd comes from */
	unsigned int next_gen;
};
extern struct fd_table fds;		/* fuzz_dev_fd.c */

enum map_kind { MAP_CTRL, MAP_DATA, MAP_ODD };

struct mapping {
	uint8_t *addr;
	size_t len;
	enum map_kind kind;
	unsigned int gen, cpu;
	uint64_t ring_size;	/* of its open, as GET_INFO said */
	bool used;
};

struct map_table {
	pthread_rwlock_t lock;
	struct mapping m[MAX_MAPS];
};
extern struct map_table maps;		/* fuzz_dev_map.c */

/* the geometry GET_INFO last gave (a new open may have another ring size) */
struct geom {
	pthread_mutex_t lock;
	struct sctrace_info info;
};
extern struct geom geom;		/* fuzz_dev_ioctl.c */

/* fuzz_dev.c: set by main() */
extern const char *ko_path;
extern int nulldev;	/* an fd that is not the device */
extern pid_t workload_pid;
extern _Atomic uint64_t child_bad, child_forks, reloads, reload_fail;

/* ---- operations and their outcomes ----------------------------------------- */

enum op {
	OP_OPEN, OP_DUP, OP_CLOSE, OP_IOCTL, OP_IOCTL_MUTANT, OP_MMAP, OP_MUNMAP,
	OP_MREMAP, OP_MPROTECT, OP_MADVISE, OP_FORK, OP_POLL, OP_RW, OP_CONS,
	OP_READ_RING, OP_NOISE, OP_RING_PARAM, OP_RMMOD, NOPS
};

/* counts ret's outcome (errno when ret < 0) for op */
void note(enum op op, long ret);

/* ---- a thread's scratch memory ------------------------------------------- */

/*
 * rw: two writable pages, then a PROT_NONE guard; ro: a read-only page;
 * gone: an unmapped page; items: room for a whole capture plan and more.
 */
struct scratch {
	uint8_t *rw, *ro, *gone;
	struct sctrace_cap_item *items;
	struct sct_plan *plan;		/* the userspace check of items */
	uint64_t s;			/* the generator */
	int idx;
};

#define ITEMS_MAX	(SCTRACE_CAP_MAX_ITEMS + 64)

/* ---- the operations, each drawing from x->s --------------------------------- */

/* fuzz_dev_fd.c */
int fd_pick(struct scratch *x, unsigned int *gen);	/* read lock held */
void op_open(struct scratch *x);
void op_dup(struct scratch *x);
void op_close(struct scratch *x);
void op_poll(struct scratch *x);
void op_rw(struct scratch *x);
void op_noise(struct scratch *x);
void close_everything(void);

/* fuzz_dev_ioctl.c */
void op_ioctl(struct scratch *x, bool mutant);

/* fuzz_dev_map.c */
void op_mmap(struct scratch *x);
void op_munmap(struct scratch *x);
void op_mremap(struct scratch *x);
void op_mprotect(struct scratch *x);
void op_madvise(struct scratch *x);
void op_cons(struct scratch *x);
void op_read_ring(struct scratch *x);
void op_fork(struct scratch *x);

/* fuzz_dev_mod.c */
int write_str(const char *path, const char *v);
int mod_load(const char *params);
int unload_wait(void);
void op_ring_param(struct scratch *x);
void op_rmmod(struct scratch *x);

#endif /* SCT_FUZZ_DEV_H */
