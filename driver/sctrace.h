/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctrace module internals.
 *
 * One device, one reader at a time. Life of a capture:
 *   open()                 rings allocated for every possible CPU
 *   ioctl(SET_FILTER,      only while stopped: the probes read this
 *         SET_SNAPLEN,     configuration without locks, so it may change
 *         SET_CAPTURE)     only while no probe is registered (a plan is
 *                          built in plan_next, then the two are swapped)
 *   mmap()                 control page (rw) and data (ro) of each CPU
 *   ioctl(START)           fork/exit probes registered, the traced set
 *                          seeded from the filter (sct_tgid_seed()), then
 *                          the syscall probes registered
 *   ioctl(SYNC)            an RCU grace period: every record stamped
 *                          before it is committed when it returns
 *   ioctl(STOP)            probes unregistered, tracepoint_synchronize_
 *                          unregister(): no probe runs after it returns
 *   release()              stop, irq_work_sync(), rings freed
 * Pids cross the ABI in the pid namespace of the opener (pid_ns, NULL for
 * the initial one, where no translation is needed); inside, the traced
 * set and reader_tgid hold initial-namespace (global) tgids.
 * The file holds a module reference (fops.owner), and every mapping holds
 * the file, so the module cannot go away under a reader.
 */
#ifndef SCTRACE_H
#define SCTRACE_H

#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <asm/local.h>

#include "sctrace_abi.h"
#include "sct_plan.h"
#include "sct_tgid.h"

/* sct_dev.sys[abi][nr] */
#define SCT_SYS_TRACED		0x01	/* in the filter's syscalls[32] */
#define SCT_SYS_ENTER_ITEMS	0x02	/* the plan has items at entry */
#define SCT_SYS_EXIT_ITEMS	0x04	/* at exit, or strings to retry */

/* Private state of one CPU's ring; only the owning CPU writes it. */
struct sct_cpu {
	struct sctrace_ctrl *ctrl;	/* page 0 of area: shared with user */
	u8 *data;			/* area + PAGE_SIZE: ring, mapped twice */
	u64 prod;			/* authoritative producer position */
	u64 cons;			/* ctrl->cons_pos as last read and
					 * checked: at most the reader's
					 * (it only moves forward), re-read
					 * only when the ring looks full
					 * or past the watermark
					 */
	u64 mask;			/* ring_size - 1 */
	local_t busy;			/* re-entry guard */
	u64 lost;			/* drops since the last record */
	u64 wait_stalled;		/* cons_pos + 1 when a wait on this
					 * ring ran out of time (sct_wait.c)
					 */
	u32 lost_len;			/* 0, or the sctrace_lost record in
					 * front of the record being written
					 */
	struct sctrace_cpu_counters cnt; /* private: summed by GET_COUNTERS */
	struct irq_work wakeup;		/* wakes readers outside the probe */
	struct sct_dev *dev;
	void *area;			/* vmap of ctrl + data + data */
	struct page **pages;		/* 1 + ring pages */
	unsigned int nr_pages;
};

struct sct_dev {
	struct mutex lock;		/* ioctls, start/stop, open/release */
	unsigned long busy;		/* bit 0: device is open */
	bool running;			/* probes registered */
	u32 reader_tgid;		/* never traced */
	u32 snaplen;
	u32 filter_flags;		/* SCTRACE_FILTER_* */
	struct pid_namespace *pid_ns;	/* opener's, if not init_pid_ns */
	bool seeding;			/* START is seeding the set: forks
					 * do not remove pids from it
					 */
	u32 nfilter_tgids;		/* the filter's tgids, global ids: */
	u32 filter_tgids[SCTRACE_MAX_TGIDS];	/* each START seeds from them */
	u64 watermark;			/* bytes; >= 1 */
	u64 ring_size;
	u64 syscalls[SCTRACE_MAX_SYSCALLS / 64];
	u64 syscalls32[SCTRACE_MAX_SYSCALLS / 64];	/* i386 table */
	/*
	 * What a probe looks up first: SCT_SYS_* of each syscall, from the
	 * two bitmaps above and the plan (sct_dev_sysmap()), so that one
	 * load says whether a syscall is traced and whether it has items.
	 */
	u8 sys[SCT_PLAN_ABIS][SCTRACE_MAX_SYSCALLS];
	struct sct_plan *plan;		/* the capture plan the probes read */
	struct sct_plan *plan_next;	/* scratch: the next plan is built here */
	struct sct_tgid_set retry;	/* by pid: an entry string to retry */
	struct sct_tgid_set tgids;
	struct sct_cpu **cpus;		/* [nr_cpu_ids], NULL if not possible */
	wait_queue_head_t wq;
	/* START_WAIT (sct_wait.c) */
	bool wait_on;			/* traced threads wait for the reader */
	wait_queue_head_t wait_wq;	/* they wait here */
	wait_queue_head_t wait_idle;	/* STOP waits here for none to */
	atomic_t waiting;		/* waiters that may read the rings */
	atomic64_t waits, wait_ns;	/* counters (sctrace_counters) */
};

/* sct_ring.c (the producer side: sct_ring.h) */
int sct_rings_alloc(struct sct_dev *sd, u64 ring_size);
void sct_rings_free(struct sct_dev *sd);
int sct_rings_mmap(struct sct_dev *sd, struct vm_area_struct *vma);
bool sct_rings_readable(struct sct_dev *sd);
void sct_rings_sum(struct sct_dev *sd, struct sctrace_cpu_counters *sum);
void sct_rings_reset_counters(struct sct_dev *sd);
void sct_rings_forget_lost(struct sct_dev *sd);
void sct_rings_check_cons(struct sct_dev *sd);

/* sct_tgid.c (needs the device: seeds from its filter) */
void sct_tgid_seed_listed(struct sct_dev *sd);
void sct_tgid_seed(struct sct_dev *sd);

/* sct_capture.c (the capture engine the probes call: sct_capture.h) */
int sct_cap_alloc(struct sct_dev *sd);
void sct_cap_free(struct sct_dev *sd);

/* sct_probe.c */
int sct_probes_init(void);
int sct_probes_start(struct sct_dev *sd);
void sct_probes_stop(struct sct_dev *sd);

/* sct_ioctl.c */
long sct_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
void sct_dev_defaults(struct sct_dev *sd);
void sct_dev_sysmap(struct sct_dev *sd);
void sct_dev_stop_locked(struct sct_dev *sd);

/* sct_main.c */
extern unsigned long sct_ring_size_param;

#endif /* SCTRACE_H */
