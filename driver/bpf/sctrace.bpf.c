// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace probes as a CO-RE BPF program: the same records, filters and
 * counters as the kernel module (driver/sct_probe.c, mirrored function by
 * function), for kernels that cannot load modules.
 *
 *   tp_btf/sys_enter, sys_exit            raw_syscalls tracepoints
 *   tp_btf/sched_process_fork, _exit      follow processes
 *
 * Records go to one BPF ring buffer per CPU (sct_rings, an array of
 * ringbuf maps that userspace creates with the ring size, indexed by CPU
 * id): a single shared ring would make every CPU contend for its lock.
 * A syscall-entry record has a variable size: it is built in a per-CPU
 * scratch buffer and copied with bpf_ringbuf_output().
 *
 * Why plain (non-atomic) per-CPU state is enough: these tracepoints fire
 * in task context only, the programs run with preemption disabled (as
 * tracepoint probes; where the syscall tracepoints became faultable,
 * include/trace/bpf_probe.h disables preemption around BPF programs),
 * and the kernel never re-enters a program on a CPU where it runs. So one CPU builds one record at a time,
 * each ring is written in time order, and nothing is ever dropped as
 * "busy": dropped_busy stays 0. cons_invalid stays 0 too: the kernel's
 * ring buffer treats a bogus consumer position as a full ring, so such
 * drops are counted as dropped_full.
 *
 * Filters (globals below) are written by userspace through the
 * skeleton's mmapped .bss, only while the programs are detached.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "sctrace_abi.h"

char LICENSE[] SEC("license") = "GPL";

/* thread_info.status bit of a 32-bit syscall (arch/x86 thread_info.h) */
#define SCT_TS_COMPAT		0x0002
/* PID_MAX_LIMIT on 64-bit: the traced-tgid bitmap has a bit for each */
#define SCT_PID_MAX_LIMIT	(4 * 1024 * 1024)
/* the largest enter record, and the room a string copy may use */
#define SCT_STR_ROOM		(sizeof(struct sctrace_str) + SCTRACE_MAX_SNAPLEN + 2)
#define SCT_SCRATCH_SIZE	(sizeof(struct sctrace_sys_enter) + \
				 SCTRACE_MAX_ARGS * SCTRACE_STR_SIZE(SCTRACE_MAX_SNAPLEN + 1))
#define SCT_RINGBUF_HDR_SZ	8	/* BPF_RINGBUF_HDR_SZ */

/* Capture settings, as struct sct_dev in the module. */
__u32 sct_reader_tgid;			/* never traced */
__u32 sct_filter_flags;			/* SCTRACE_FILTER_* */
__u32 sct_snaplen;
__u64 sct_watermark;			/* bytes; <= 1: wake on every record */
__u64 sct_syscalls[SCTRACE_MAX_SYSCALLS / 64];
__u8 sct_strargs[SCTRACE_MAX_SYSCALLS];
/* traced tgids, one bit each (512 KiB), as the module's sct_tgid.h */
__u64 sct_tgids[SCT_PID_MAX_LIMIT / 64];

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);		/* userspace: number of possible CPUs */
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_RINGBUF);
		__uint(max_entries, 4096);	/* template only */
	});
} sct_rings SEC(".maps");

/* Per-CPU state; userspace reads the counters at its start. */
struct sct_cpu_state {
	struct sctrace_cpu_counters cnt;
	__u64 unwoken;		/* bytes written since the last wakeup */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sct_cpu_state);
} sct_counters SEC(".maps");

struct sct_scratch {
	__u8 buf[SCT_SCRATCH_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sct_scratch);
} sct_scratch SEC(".maps");

static __always_inline struct sct_cpu_state *sct_state(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&sct_counters, &zero);
}

/* The bitmap word of tgid, NULL above the pid limit. */
static __always_inline __u64 *sct_tgid_word(__u32 tgid)
{
	if (tgid >= SCT_PID_MAX_LIMIT)
		return NULL;
	/*
	 * The mask is a no-op that bounds the index even when the compiler
	 * spills the checked value and an older verifier forgets the check;
	 * barrier_var() keeps the compiler from dropping it as redundant.
	 */
	barrier_var(tgid);
	return &sct_tgids[(tgid / 64) & (SCT_PID_MAX_LIMIT / 64 - 1)];
}

static __always_inline bool sct_tgid_has(__u32 tgid)
{
	__u64 *w = sct_tgid_word(tgid);

	return w && ((*w >> (tgid % 64)) & 1);
}

static __always_inline void sct_tgid_add(__u32 tgid)
{
	__u64 *w = sct_tgid_word(tgid);

	if (w)
		__sync_fetch_and_or(w, 1ULL << (tgid % 64));
}

static __always_inline void sct_tgid_del(__u32 tgid)
{
	__u64 *w = sct_tgid_word(tgid);

	if (w)
		__sync_fetch_and_and(w, ~(1ULL << (tgid % 64)));
}

/* Is a task of this tgid selected by the task part of the filter? */
static __always_inline bool sct_task_traced(__u32 tgid)
{
	if (tgid == sct_reader_tgid)
		return false;
	if (sct_filter_flags & SCTRACE_FILTER_ALL_TASKS)
		return true;
	return sct_tgid_has(tgid);
}

/*
 * in_compat_syscall(): x32 numbers carry bit 30, so only ia32 is left.
 * A BTF task pointer is read with a plain load, not a probe-read helper.
 */
static __always_inline bool sct_compat_syscall(struct task_struct *task)
{
	if (!bpf_core_field_exists(task->thread_info.status))
		return false;	/* no such field: no ia32 emulation either */
	return task->thread_info.status & SCT_TS_COMPAT;
}

static __always_inline bool sct_syscall_traced(struct task_struct *task, long id)
{
	if ((unsigned long)id >= SCTRACE_MAX_SYSCALLS)
		return false;	/* includes -1: no syscall (e.g. ptrace skip) */
	if (!((sct_syscalls[id / 64] >> (id % 64)) & 1))
		return false;
	/* 32-bit syscalls use another numbering: not traced (documented) */
	return !sct_compat_syscall(task);
}

/* task: the current task, that the record is about */
static __always_inline void sct_hdr(struct sctrace_hdr *h, __u16 type,
				    __u32 len, struct task_struct *task)
{
	h->len = len;
	h->type = type;
	h->cpu = bpf_get_smp_processor_id();
	h->tid = task->pid;
	h->tgid = task->tgid;
	h->ts_ns = bpf_ktime_get_ns();
}

/*
 * Wakeups: a watermark of 0 or 1 leaves it to the ring buffer (it wakes
 * the reader when a record lands in a ring the reader had emptied); a
 * larger one wakes the reader each time watermark more bytes (8-byte
 * record headers included) went into this CPU's ring. (Asking the ring
 * how much is unread, as the module does, costs a helper call a record.)
 */
static __always_inline __u64 sct_wakeup(struct sct_cpu_state *st, __u32 len)
{
	__u64 wm = sct_watermark;

	if (wm <= 1)
		return 0;
	st->unwoken += len + SCT_RINGBUF_HDR_SZ;
	if (st->unwoken < wm)
		return BPF_RB_NO_WAKEUP;
	st->unwoken = 0;
	return BPF_RB_FORCE_WAKEUP;
}

/* Into this CPU's ring, or counted as dropped: never lost silently. */
static __always_inline void sct_emit(struct sct_cpu_state *st,
				     struct sctrace_hdr *rec, __u32 len)
{
	__u32 cpu = rec->cpu;
	void *rb = bpf_map_lookup_elem(&sct_rings, &cpu);

	if (!rb || bpf_ringbuf_output(rb, rec, len, sct_wakeup(st, len))) {
		st->cnt.dropped_full++;
		return;
	}
	st->cnt.written++;
}

/*
 * Copies the user string at uaddr after the item header at buf + off;
 * returns the item's size. bpf_probe_read_user_str() never faults pages
 * in and returns the length with its NUL; asking for snaplen + 2 bytes
 * tells "exactly snaplen" from "longer" (the module's rule).
 */
static __always_inline __u32 sct_copy_str(struct sctrace_cpu_counters *c,
					  __u8 *buf, __u32 off, __u8 arg,
					  __u64 uaddr, __u32 snaplen,
					  __u16 *rflags)
{
	struct sctrace_str *item;
	__u8 *data;
	long n, i;

	if (off > SCT_SCRATCH_SIZE - SCT_STR_ROOM)
		return 0;	/* cannot happen: the scratch fits six */
	item = (struct sctrace_str *)(buf + off);
	data = (__u8 *)(item + 1);
	n = bpf_probe_read_user_str(data, snaplen + 2, (const void *)uaddr);
	item->arg = arg;
	item->flags = 0;
	if (n <= 0) {
		n = 0;
		item->flags = SCTRACE_STR_FAULT;
		*rflags |= SCTRACE_ENTER_STR_FAULT;
		c->faults++;
	} else if (--n > snaplen) {
		n = snaplen;
		item->flags = SCTRACE_STR_TRUNC;
		*rflags |= SCTRACE_ENTER_STR_TRUNC;
		c->truncated++;
	}
	item->len = n;
	/* the copy leaves a NUL and maybe stale bytes in the pad: zero it */
	for (i = 0; i < 3; i++)
		if ((__u64)(n + i) < SCTRACE_STR_SIZE(n) - sizeof(*item))
			data[n + i] = 0;
	return SCTRACE_STR_SIZE(n);
}

static __always_inline void sct_enter_args(struct sctrace_sys_enter *e,
					   struct pt_regs *regs, long id)
{
	/* syscall_get_arguments() on x86_64 */
	e->args[0] = regs->di;
	e->args[1] = regs->si;
	e->args[2] = regs->dx;
	e->args[3] = regs->r10;
	e->args[4] = regs->r8;
	e->args[5] = regs->r9;
	e->nr = id;
}

/*
 * An enter record with string items, built in the per-CPU scratch buffer
 * (it may be larger than the stack) and copied into the ring.
 */
static __always_inline int sct_enter_strings(struct sct_cpu_state *st,
					     struct task_struct *task,
					     struct pt_regs *regs, long id,
					     __u8 strmask)
{
	__u32 snaplen = sct_snaplen, len = sizeof(struct sctrace_sys_enter), a;
	__u16 flags = 0, nstr = 0;
	struct sctrace_sys_enter *e;
	__u32 zero = 0;

	e = bpf_map_lookup_elem(&sct_scratch, &zero);
	if (!e)
		return 0;
	sct_enter_args(e, regs, id);
	if (snaplen > SCTRACE_MAX_SNAPLEN)
		snaplen = SCTRACE_MAX_SNAPLEN;
	for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
		if (!(strmask & (1U << a)))
			continue;
		len += sct_copy_str(&st->cnt, (__u8 *)e, len, a, e->args[a],
				    snaplen, &flags);
		nstr++;
	}
	e->nstr = nstr;
	e->flags = flags;
	/* items end 4-byte aligned: zero the padding to the record's end */
	if (len > SCT_SCRATCH_SIZE - 4)
		return 0;
	if (len & 4) {
		*(__u32 *)((__u8 *)e + len) = 0;
		len += 4;
	}
	/* stamped last: the record is committed right after its stamp */
	sct_hdr(&e->hdr, SCTRACE_REC_SYS_ENTER, len, task);
	sct_emit(st, &e->hdr, len);
	return 0;
}

/*
 * Helper calls are most of a program's cost on kernels that do not inline
 * them: the task pointer gives pid, tgid and the compat bit with plain
 * loads, and a record without strings is built on the stack, without the
 * scratch buffer's lookup.
 */
SEC("tp_btf/sys_enter")
int BPF_PROG(sct_sys_enter, struct pt_regs *regs, long id)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct sctrace_sys_enter e;
	struct sct_cpu_state *st;
	__u8 strmask;

	if (!sct_syscall_traced(task, id) || !sct_task_traced(task->tgid))
		return 0;
	st = sct_state();
	if (!st)
		return 0;
	strmask = sct_strargs[id & (SCTRACE_MAX_SYSCALLS - 1)];
	if (strmask)
		return sct_enter_strings(st, task, regs, id, strmask);
	sct_enter_args(&e, regs, id);
	e.nstr = 0;
	e.flags = 0;
	sct_hdr(&e.hdr, SCTRACE_REC_SYS_ENTER, sizeof(e), task);
	sct_emit(st, &e.hdr, sizeof(e));
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sct_sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	long id = regs->orig_ax;	/* syscall_get_nr() */
	struct sct_cpu_state *st;
	struct sctrace_sys_exit x;

	if (!sct_syscall_traced(task, id) || !sct_task_traced(task->tgid))
		return 0;
	st = sct_state();
	if (!st)
		return 0;
	x.nr = id;
	x.reserved = 0;
	x.ret = ret;
	sct_hdr(&x.hdr, SCTRACE_REC_SYS_EXIT, sizeof(x), task);
	sct_emit(st, &x.hdr, sizeof(x));
	return 0;
}

/*
 * Runs in the parent (current) for every fork on the system, before the
 * child can run. A new process is added to the set when its parent is
 * followed, and otherwise removed from it: that is how a traced process's
 * pid leaves the set, exactly when it is reused.
 */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(sct_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctgid = child->tgid;
	bool thread = ctgid == ptgid, traced = sct_task_traced(ptgid);
	struct sct_cpu_state *st;
	struct sctrace_fork f;

	if (!thread && !(sct_filter_flags & SCTRACE_FILTER_ALL_TASKS)) {
		if (traced && (sct_filter_flags & SCTRACE_FILTER_FOLLOW))
			sct_tgid_add(ctgid);
		else
			sct_tgid_del(ctgid);
	}
	if (!traced)
		return 0;
	st = sct_state();
	if (!st)
		return 0;
	f.child_tid = child->pid;
	f.child_tgid = ctgid;
	f.flags = thread ? SCTRACE_FORK_THREAD : 0;
	f.reserved = 0;
	sct_hdr(&f.hdr, SCTRACE_REC_FORK, sizeof(f), parent);
	sct_emit(st, &f.hdr, sizeof(f));
	return 0;
}

/* p is current: the exit tracepoint fires in do_exit() */
static __always_inline int sct_exit(struct task_struct *p, bool group_dead)
{
	struct sct_cpu_state *st;
	struct sctrace_task_exit x;

	if (!sct_task_traced(p->tgid))
		return 0;
	st = sct_state();
	if (!st)
		return 0;
	x.code = p->exit_code;
	x.flags = group_dead ? SCTRACE_EXIT_GROUP_DEAD : 0;
	sct_hdr(&x.hdr, SCTRACE_REC_EXIT, sizeof(x), p);
	sct_emit(st, &x.hdr, sizeof(x));
	return 0;
}

/*
 * sched_process_exit gained a group_dead argument in later kernels;
 * userspace loads the one of these two that matches the kernel's BTF.
 * Before, signal->live already reached zero (do_exit() decrements it
 * before the tracepoint fires) when the last thread of the group exits.
 */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(sct_exit_live, struct task_struct *p)
{
	return sct_exit(p, p->signal->live.counter == 0);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sct_exit_group_dead, struct task_struct *p, bool group_dead)
{
	return sct_exit(p, group_dead);
}
