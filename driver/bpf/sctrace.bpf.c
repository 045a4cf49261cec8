// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace probes as a CO-RE BPF program: the same records, filters and
 * counters as the kernel module (driver/sct_probe.c, mirrored function by
 * function), for kernels that cannot load modules.
 *
 *   tp_btf/sys_enter, sys_exit            raw_syscalls tracepoints
 *   tp_btf/sched_process_fork, _exit      follow processes
 *
 * Records go to the module's rings, not to BPF ring buffers: one ring per
 * CPU in mmapable array maps (sct_ctrl, sct_data; layout and memory
 * ordering in sctrace_abi.h), written in place as the module writes its
 * own. The kernel's BPF ring buffer takes a spinlock and a locked exchange
 * for every record, which cost more than the rest of the program (see
 * BENCHMARKS.md). A small BPF ring buffer, sct_bell, is left to wake the
 * reader only.
 *
 * Why plain (non-atomic) per-CPU state is enough: these tracepoints fire
 * in task context, but for signal_generate, the programs run with
 * preemption disabled, and the kernel never re-enters a program on a CPU
 * where it runs. signal_generate also fires in interrupts (timers,
 * SIGURG), within another program of the same CPU: the writing programs
 * mark the CPU busy (sct_busy_end()), and that one then drops, counted
 * in dropped_busy. So one CPU writes one record at a time, and each ring
 * is written in time order by its CPU only.
 *
 * Preemption, checked on 6.18 (include/linux/tracepoint.h,
 * include/trace/bpf_probe.h, and the running kernel's own code, read back
 * with bpf_probe_read_kernel() and disassembled): sched_process_fork/exit
 * call their probes with preemption disabled before the probe array is
 * loaded (kernel_clone(): incl %gs:__preempt_count); the syscall tracepoints
 * are faultable since 6.13 (TRACE_EVENT_SYSCALL): syscall_trace_enter()
 * takes only rcu_read_lock_trace() (current->trc_reader_nesting++), loads
 * the probe array, and __traceiter_sys_enter() calls each probe
 * preemptibly; the BPF one, __bpf_trace_sys_enter(), is
 * __BPF_DECLARE_TRACE_SYSCALL: preempt_disable_notrace() (incl
 * %gs:__preempt_count) around bpf_trace_run2(). So every program runs
 * with preemption disabled from its first instruction to its last: an
 * RCU read-side critical section, which synchronize_rcu() (membarrier
 * MEMBARRIER_CMD_GLOBAL, sct_bpf__quiesce() in userspace) waits for. That
 * is what SCTRACE_IOC_SYNC's promise rests on here: a record is stamped
 * and committed by one program run.
 *
 * What is NOT inside that section: on a faultable tracepoint, the time
 * between loading the probe array and the probe's preempt_disable. A
 * task preempted there (preempt=full or lazy; on preempt=none an
 * interrupt there reports a quiescent state all the same) still holds
 * the old array after a detach, which is freed only after an RCU Tasks
 * Trace grace period (bpf_link_free() on tracepoint_is_faultable()), not
 * after synchronize_rcu(): the program can run after "detach, then
 * synchronize_rcu()" returned. Hence the gate, sct_running, that every
 * program reads first (see there).
 *
 * The program reads struct pt_regs fields by their x86-64 names: it is
 * built for x86-64 only, whose total store order the ring relies on (see
 * sct_commit()). 32-bit syscalls (ia32: TS_COMPAT) are traced with their
 * own table (sct_syscalls[SCTRACE_ABI_I386]) and arguments (ebx..ebp).
 *
 * Memory behind pointer arguments is copied as the capture plan says
 * (sct_plan, the module's table: driver/sct_plan.h), by the capture
 * engine of sct_capture.bpf.c, into the record being built in the ring,
 * item by item (driver/CAPTURE.md has the algorithm both backends
 * follow). A syscall without items costs one load of its item count.
 *
 * Filters (globals below) are written by userspace through the
 * skeleton's mmapped .bss, only while the programs are detached, except
 * the gate and the traced-tgid bitmap (see there).
 *
 * Process ids: in the initial pid namespace the kernel's pid and tgid;
 * when the reader is in another one, the ids as seen there (sctrace_abi.h,
 * "Process ids"): see sct_pidns_ino and the programs at the end.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "sctrace_abi.h"
#include "sct_capture.h"

char LICENSE[] SEC("license") = "GPL";

/* thread_info.status bit of a 32-bit syscall (arch/x86 thread_info.h) */
#define SCT_TS_COMPAT		0x0002
/* PID_MAX_LIMIT on 64-bit: the pid bitmaps have a bit for each */
#define SCT_PID_MAX_LIMIT	(4 * 1024 * 1024)
/*
 * Where the last item of the largest record starts (sctrace_abi.h,
 * SCTRACE_MAX_RECORD), and the room an item is checked for (the record's
 * pad included). The verifier's bound: a record starting at a segment's
 * last byte has the window of its last item (sct_capture.h) in the slack.
 */
#define SCT_ITEMS_END		(sizeof(struct sctrace_sys_enter) + \
				 (SCTRACE_CAP_MAX_PER - 1) * SCT_ITEM_WORST)
#define SCT_ITEM_ROOM		(SCT_ITEM_WORST + 8)
_Static_assert(SCT_ITEMS_END + SCT_WIN <= SCTRACE_BPF_SEG_SLACK,
	       "a segment's slack holds the largest record being built");
_Static_assert(SCT_ITEMS_END + SCT_ITEM_WORST == SCTRACE_MAX_RECORD, "the largest record");
/* the wakeup ring: a few thousand doorbells */
#define SCT_BELL_SIZE		(64 << 10)

/* x86-64: stores are not reordered with other stores, nor loads with loads */
#define sct_compiler_barrier()	asm volatile("" ::: "memory")

/* Ring geometry, set by userspace before loading (see sctrace_abi.h). */
const volatile __u64 sct_ring_size = 1;	/* bytes of one CPU's ring */
const volatile __u64 sct_seg_mask;	/* seg_size - 1 */
const volatile __u32 sct_seg_shift;	/* log2(seg_size) */
const volatile __u32 sct_nseg = 1;	/* segments per ring, power of two */

/*
 * The reader's pid namespace when it is not the initial one: the inode
 * number of /proc/self/ns/pid (ns.inum), set before loading; 0: the
 * initial namespace, kernel ids. Its level is found at open by running
 * sct_pidns_find once (userspace checks that it found this inode).
 */
const volatile __u32 sct_pidns_ino;
__u32 sct_pidns_level;
__u32 sct_pidns_found;			/* the inode sct_pidns_find saw */

/*
 * The gate: 1 while capture runs, 0 while stopped and at load. Every
 * program reads it first and records nothing when it is 0. Stop closes it,
 * detaches, then waits for an RCU grace period: a run that read it open
 * was inside a preempt-disabled section, which the grace period waits
 * for; a run that starts after the grace period began sees it closed
 * (synchronize_rcu()'s memory-ordering guarantee), even one whose task
 * was preempted before the section began, holding the tracepoint's old
 * probe array (see the top of this file). So once stop returns no record
 * can be committed, and the reader's final drain sees every record that
 * was counted. Start opens it last, once the programs are attached and
 * the traced set is seeded.
 */
__u32 sct_running;
/* moved on at every start and counter reset: drops not told are forgotten */
__u32 sct_gen;

/* Capture settings, as struct sct_dev in the module. */
__u32 sct_reader_tgid;			/* never traced (in the reader's ids) */
__u32 sct_filter_flags;			/* SCTRACE_FILTER_* */
__u32 sct_snaplen;
__u64 sct_watermark;			/* bytes; <= 1: wake on every record */
/* traced syscalls, by ABI: the filter's syscalls[] and syscalls32[] */
__u64 sct_syscalls[SCT_PLAN_ABIS][SCTRACE_MAX_SYSCALLS / 64];
/* the capture plan (72 KiB), built by userspace (capplan.h) */
struct sct_plan sct_plan;
/*
 * traced tgids, one bit each (512 KiB), as the module's sct_tgid.h;
 * seeded at every start by userspace with atomic ORs while the fork
 * program, already attached, adds children (backend_bpf.c)
 */
__u64 sct_tgids[SCT_PID_MAX_LIMIT / 64];
/*
 * threads (kernel pid, in every pid namespace) whose entry string with
 * SCTRACE_CAP_F_RETRY faulted: read again at exit (CAPTURE.md, "Retry");
 * cleared by userspace at start, a thread's bit by its exit
 */
__u64 sct_retry[SCT_PID_MAX_LIMIT / 64];

/*
 * Per-CPU state (struct sct_cpu_state, sct_capture.h), as struct sct_cpu
 * in the module, in the page after the CPU's control page: userspace
 * reads it with map lookups, never maps it.
 */

struct sct_ctrl_value {
	struct sctrace_ctrl ctrl;
	__u8 pad[SCTRACE_BPF_STATE_OFFSET - sizeof(struct sctrace_ctrl)];
	struct sct_cpu_state st;
};

/* Sizes and entries set by userspace: a CPU's control value, its segments. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, SCTRACE_BPF_CTRL_VALUE);
} sct_ctrl SEC(".maps");

_Static_assert(sizeof(struct sct_ctrl_value) <= SCTRACE_BPF_CTRL_VALUE, "control value");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 4096 + SCTRACE_BPF_SEG_SLACK);
} sct_data SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, SCT_BELL_SIZE);
} sct_bell SEC(".maps");

static __always_inline bool sct_gate_open(void)
{
	return *(volatile __u32 *)&sct_running;
}

/*
 * The number of pid in the reader's pid namespace (ns mode), 0 when it
 * has none there: struct upid numbers[level] of the namespace's level,
 * if that entry is the namespace (pid_nr_ns()). A task's struct pid is a
 * BTF pointer (plain loads); numbers[] at a variable index and the
 * namespace behind it are read with bpf_probe_read_kernel(). struct upid
 * is { int nr; struct pid_namespace *ns; }, 16 bytes, on every kernel we
 * load on (since 4.15).
 */
static __always_inline __u32 sct_pid_nr(struct pid *pid)
{
	/*
	 * levels are 0..32 (MAX_PID_NS_LEVEL): the mask, and a constant
	 * size (a shift, where 6.1's verifier loses the bounds of a
	 * multiplication), bound the offset added to the BTF pointer
	 */
	__u32 level = sct_pidns_level & 63;
	struct upid up;

	if (!pid || pid->level < level)
		return 0;
	if (bpf_probe_read_kernel(&up, sizeof(up), (__u8 *)pid +
				  bpf_core_field_offset(struct pid, numbers) +
				  level * sizeof(up)))
		return 0;
	if (BPF_CORE_READ(up.ns, ns.inum) != sct_pidns_ino)
		return 0;
	return up.nr;
}

/*
 * A task's tgid as the reader sees it (0: none, the task is not traced).
 * ns, here and below: the program copy for a reader outside the initial
 * pid namespace (a constant: see the programs at the end).
 */
static __always_inline __u32 sct_tgid(struct task_struct *task, const bool ns)
{
	if (!ns)
		return task->tgid;
	return sct_pid_nr(task->group_leader->thread_pid);
}

/* Its pid (thread id) as the reader sees it; tgid as sct_tgid() said. */
static __always_inline __u32 sct_tid(struct task_struct *task, __u32 tgid,
				     const bool ns)
{
	if (!ns)
		return task->pid;
	if (task->pid == task->tgid)
		return tgid;
	return sct_pid_nr(task->thread_pid);
}

/* The word of id in a pid bitmap (sct_tgids, sct_retry), NULL above the limit. */
static __always_inline __u64 *sct_pid_word(__u64 *set, __u32 id)
{
	if (id >= SCT_PID_MAX_LIMIT)
		return NULL;
	/*
	 * The mask is a no-op that bounds the index even when the compiler
	 * spills the checked value and an older verifier forgets the check;
	 * barrier_var() keeps the compiler from dropping it as redundant.
	 */
	barrier_var(id);
	return &set[(id / 64) & (SCT_PID_MAX_LIMIT / 64 - 1)];
}

static __always_inline bool sct_pid_has(__u64 *set, __u32 id)
{
	__u64 *w = sct_pid_word(set, id);

	return w && ((*w >> (id % 64)) & 1);
}

/* Other bits of the word belong to tasks on other CPUs: atomic OR and AND. */
static __always_inline void sct_pid_add(__u64 *set, __u32 id)
{
	__u64 *w = sct_pid_word(set, id);

	if (w)
		__sync_fetch_and_or(w, 1ULL << (id % 64));
}

static __always_inline void sct_pid_del(__u64 *set, __u32 id)
{
	__u64 *w = sct_pid_word(set, id);

	if (w)
		__sync_fetch_and_and(w, ~(1ULL << (id % 64)));
}

/* Test and clear: a bit is set and cleared by its own thread only. */
static __always_inline bool sct_pid_take(__u64 *set, __u32 id)
{
	if (!sct_pid_has(set, id))
		return false;
	sct_pid_del(set, id);
	return true;
}

/*
 * Is a task of this tgid (sct_tgid()) selected by the task part of the
 * filter? Not when it has no id in the reader's namespace (tgid 0).
 */
static __always_inline bool sct_task_traced(__u32 tgid, const bool ns)
{
	if (ns && !tgid)
		return false;
	if (tgid == sct_reader_tgid)
		return false;
	if (sct_filter_flags & SCTRACE_FILTER_ALL_TASKS)
		return true;
	return sct_pid_has(sct_tgids, tgid);
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

/* The syscall's ABI (SCTRACE_ABI_*, the plan's index) if traced, else -1. */
static __always_inline int sct_syscall_abi(struct task_struct *task, long id)
{
	int abi;

	if ((unsigned long)id >= SCTRACE_MAX_SYSCALLS)
		return -1;	/* includes -1: no syscall (e.g. ptrace skip) */
	abi = sct_compat_syscall(task) ? SCTRACE_ABI_I386 : SCTRACE_ABI_X86_64;
	if (!((sct_syscalls[abi][id / 64] >> (id % 64)) & 1))
		return -1;
	return abi;
}

/* Its record flags. */
static __always_inline __u16 sct_abi_flags(int abi)
{
	return abi == SCTRACE_ABI_I386 ? SCTRACE_REC_COMPAT : 0;
}

/* syscall_get_arguments() on x86-64: of a 32-bit syscall, or a 64-bit one. */
static __always_inline void sct_args(__u64 *args, struct pt_regs *regs, int abi)
{
	if (abi == SCTRACE_ABI_I386) {
		args[0] = (__u32)regs->bx;
		args[1] = (__u32)regs->cx;
		args[2] = (__u32)regs->dx;
		args[3] = (__u32)regs->si;
		args[4] = (__u32)regs->di;
		args[5] = (__u32)regs->bp;
	} else {
		args[0] = regs->di;
		args[1] = regs->si;
		args[2] = regs->dx;
		args[3] = regs->r10;
		args[4] = regs->r8;
		args[5] = regs->r9;
	}
}

/* task: the current task, that the record is about; tgid: sct_tgid() */
static __always_inline void sct_hdr(struct sctrace_hdr *h, __u16 type,
				    __u32 len, struct task_struct *task,
				    __u32 tgid, __u32 cpu, const bool ns)
{
	h->len = len;
	h->type = type;
	h->cpu = cpu;
	h->tid = sct_tid(task, tgid, ns);
	h->tgid = tgid;
	h->ts_ns = bpf_ktime_get_ns();
}

/* Where this CPU's records go: looked up once per record. */
struct sct_out {
	struct sct_cpu_state *st;
	struct sctrace_ctrl *ctrl;
	__u64 room;		/* free ring bytes at the reserved place */
	__u32 cpu;
};

/* Before 5.16 the CPU was in task_struct, not in thread_info. */
struct task_struct___cpu_in_task {
	unsigned int cpu;
} __attribute__((preserve_access_index));

/*
 * task is current, whose CPU cannot change under a program that runs with
 * preemption disabled: a plain load instead of a helper call. The control
 * value's lookup is inlined by the verifier (an array map).
 */
static __always_inline bool sct_out_open(struct sct_out *o, struct task_struct *task,
					 struct sct_cpu_state **busy)
{
	struct sct_ctrl_value *v;

	if (bpf_core_field_exists(task->thread_info.cpu))
		o->cpu = task->thread_info.cpu;
	else
		o->cpu = ((struct task_struct___cpu_in_task *)task)->cpu;
	v = bpf_map_lookup_elem(&sct_ctrl, &o->cpu);
	if (!v)
		return false;
	o->ctrl = &v->ctrl;
	o->st = &v->st;
	if (busy) {	/* a writing program's, to its end (sct_busy_end()) */
		o->st->busy = 1;
		*busy = o->st;
	}
	return true;
}

/* Publishes the ring up to prod: pairs with the reader's acquire load. */
static __always_inline void sct_publish(struct sct_out *o, __u64 prod)
{
	o->st->prod = prod;
	/*
	 * On x86-64 stores are not reordered with older stores, so the
	 * record's bytes are visible before prod_pos; this keeps the compiler
	 * from reordering them either.
	 */
	sct_compiler_barrier();
	*(volatile __u64 *)&o->ctrl->prod_pos = prod;
}

/* Where the record at ring position prod starts. */
static __always_inline void *sct_at(struct sct_out *o, __u64 prod)
{
	__u32 idx = o->cpu * sct_nseg + ((prod >> sct_seg_shift) & (sct_nseg - 1));
	__u8 *seg = bpf_map_lookup_elem(&sct_data, &idx);

	if (!seg)
		return NULL;	/* cannot happen: userspace sized the map */
	return seg + (prod & sct_seg_mask);
}

/*
 * Drops not told yet, of this capture: a START or a counter reset moves
 * sct_gen on (userspace, while detached), and older ones are forgotten.
 */
static __always_inline __u64 sct_lost_now(struct sct_out *o)
{
	__u64 lost = o->st->lost;

	if (lost && o->st->lost_gen != sct_gen)
		o->st->lost = lost = 0;
	return lost;
}

static __always_inline void sct_lost_inc(struct sct_out *o)
{
	o->st->lost = sct_lost_now(o) + 1;
	o->st->lost_gen = sct_gen;
}

/* Every drop is counted, and told in the stream (struct sctrace_lost). */
static __always_inline void sct_drop_full(struct sct_out *o)
{
	o->st->cnt.dropped_full++;
	sct_lost_inc(o);
}

/*
 * After drops, the record that says how many, committed on its own in
 * front of the record being reserved (stamped before it: eBPF stamps
 * records when they are complete). Not counted as written.
 */
static __always_inline __u64 sct_lost(struct sct_out *o, __u64 prod)
{
	struct sctrace_lost *l = sct_at(o, prod);

	if (!l)
		return prod;
	l->hdr.len = sizeof(*l);
	l->hdr.type = SCTRACE_REC_LOST;
	l->hdr.cpu = o->cpu;
	l->hdr.tid = 0;
	l->hdr.tgid = 0;
	l->hdr.ts_ns = bpf_ktime_get_ns();
	l->lost = o->st->lost;
	o->st->lost = 0;
	prod += sizeof(*l);
	sct_publish(o, prod);
	return prod;
}

/*
 * sct_ring_reserve() of the module: where a record of up to max_len bytes
 * may be written, or NULL after counting the drop; o->room is then the
 * free space there. As there, cons_pos (a line the reader writes) is
 * loaded only when the cached copy says less than half the ring is free,
 * and at the first record of a capture (sct_gen moved on).
 */
static __always_inline void *sct_reserve(struct sct_out *o, __u32 max_len)
{
	__u64 prod = o->st->prod, size = sct_ring_size, cons = o->st->cons, free;
	__u64 need = max_len;

	free = size - (prod - cons);
	if (o->st->cons_gen != sct_gen || free < size / 2) {
		/*
		 * The reader's release store of cons_pos, after it finished
		 * reading below it, pairs with this load: a plain load is an
		 * acquire on x86-64, and the compiler cannot move our stores
		 * above it (they depend on it through the free-space check).
		 */
		cons = *(volatile __u64 *)&o->ctrl->cons_pos;
		if (prod - cons > size) {
			/* cons ahead of prod or more than a ring behind: garbage */
			o->st->cnt.cons_invalid++;
			sct_lost_inc(o);
			return NULL;
		}
		o->st->cons = cons;
		o->st->cons_gen = sct_gen;
		free = size - (prod - cons);
	}
	if (sct_lost_now(o))
		need += sizeof(struct sctrace_lost);
	if (free < need) {
		sct_drop_full(o);
		return NULL;
	}
	o->room = free;
	if (o->st->lost) {
		prod = sct_lost(o, prod);
		o->room -= sizeof(struct sctrace_lost);
	}
	return sct_at(o, prod);
}

/*
 * Wakeups go through sct_bell, whose reader drains it before it looks at
 * the rings (so a doorbell rung after a record was published makes the
 * reader see that record). A watermark of 0 or 1 rings it for every
 * record and leaves it to the BPF ring buffer to wake the reader only when
 * it had emptied the bell; a larger one rings it each time watermark more
 * bytes went into this CPU's ring. (Checking the unread bytes, as the
 * module does, would need a full barrier with the reader.) A full bell
 * means wakeups are pending already: nothing is lost.
 */
static __always_inline void sct_wakeup(struct sct_out *o, __u32 len)
{
	__u64 wm = sct_watermark, flags = 0, cpu = o->cpu;

	if (wm > 1) {
		o->st->unwoken += len;
		if (o->st->unwoken < wm)
			return;
		o->st->unwoken = 0;
		flags = BPF_RB_FORCE_WAKEUP;
	}
	bpf_ringbuf_output(&sct_bell, &cpu, sizeof(cpu), flags);
}

/* sct_ring_commit() of the module: len bytes at the reserved place. */
static __always_inline void sct_commit(struct sct_out *o, __u32 len)
{
	sct_publish(o, o->st->prod + len);
	o->st->cnt.written++;
	sct_wakeup(o, len);
}

/*
 * Adds the item of cap c to the record at rec, whose length so far is in
 * o->st->len (the module's sct_cap_item()): first the room for its worst
 * case, else the record is dropped. Returns its result (sct_capture.h), 0
 * when the record is dropped; it counts the item in *nitem and adds its
 * TRUNC and FAULT bits to *flags, both in the record. The length and
 * those go through memory between items for the same reason as in
 * sct_iov_bytes(): each item written or skipped would otherwise make its
 * own values of them for the verifier to follow (and 6.1 makes every
 * scalar precise once it backtracks through a call).
 */
static __always_inline __u32 sct_add_item(struct sct_out *o, void *rec,
					  const struct sct_ictx *x, const struct sct_cap *c,
					  __u16 *nitem, __u16 *flags)
{
	__u64 l = *(volatile __u64 *)&o->st->len;
	__u32 res;

	/* the first: no larger record (SCTRACE_MAX_RECORD), and a bound */
	if (l > SCT_ITEMS_END || l + SCT_ITEM_ROOM > o->room) {
		sct_drop_full(o);
		return 0;
	}
	res = sct_item((struct sct_win *)((__u8 *)rec + l), x, c, o->st);
	o->st->len = l + SCT_RES_SIZE(res);
	*nitem += 1;
	*flags |= (SCT_RES_FLAGS(res) | SCT_RES_NESTED(res)) &
		  (SCTRACE_REC_TRUNC | SCTRACE_REC_FAULT);
	return res;
}

/*
 * The end of a record with items: zero pad to 8 bytes, then the stamp,
 * last: the record is committed right after it.
 */
static __always_inline void sct_end_items(struct sct_out *o, void *rec, __u16 type,
					  struct task_struct *task, __u32 tgid, const bool ns)
{
	__u64 len = *(volatile __u64 *)&o->st->len;

	if (len > SCT_ITEMS_END + SCT_ITEM_WORST)
		return;		/* bound */
	if (len & 4) {
		*(__u32 *)((__u8 *)rec + len) = 0;
		len += 4;
	}
	sct_hdr(rec, type, len, task, tgid, o->cpu, ns);
	sct_commit(o, len);
}

/* What the items of a call are copied from. */
static __always_inline void sct_ictx_init(struct sct_ictx *x, struct pt_regs *regs,
					  int abi, long ret, __u8 exit)
{
	__u32 snaplen = sct_snaplen;

	__builtin_memset(x, 0, sizeof(*x));
	sct_args(x->args, regs, abi);
	x->ret = ret;
	x->snaplen = snaplen < SCTRACE_MAX_SNAPLEN ? snaplen : SCTRACE_MAX_SNAPLEN;
	x->exit = exit;
}

/*
 * An enter record with the entry items of plan entry ent, written in
 * place: the ring space for one largest item is reserved, the record's
 * own length committed. An item with SCTRACE_CAP_F_RETRY that faulted
 * marks the thread for its exit (sct_retry).
 */
static __always_inline int sct_enter_items(struct sct_out *o, struct task_struct *task,
					   __u32 tgid, struct pt_regs *regs, long id, int abi,
					   const struct sct_plan_entry *ent, const bool ns)
{
	__u32 n = ent->n[SCTRACE_CAP_ENTER], i, res;
	const struct sct_cap *c;
	struct sctrace_sys_enter *e;
	struct sct_ictx x;

	/* a bit left over never outlives the next entry (CAPTURE.md, Retry) */
	if (ent->retry)
		sct_pid_take(sct_retry, task->pid);
	sct_ictx_init(&x, regs, abi, 0, 0);
	e = sct_reserve(o, sizeof(*e) + SCT_ITEM_ROOM);
	if (!e)
		return 0;
	for (i = 0; i < SCTRACE_MAX_ARGS; i++)
		e->args[i] = x.args[i];
	e->nr = id;
	e->nitem = 0;
	e->flags = sct_abi_flags(abi);
	o->st->len = sizeof(*e);
	for (i = 0; i < SCTRACE_CAP_MAX_PER && i < n; i++) {
		c = &ent->cap[SCTRACE_CAP_ENTER][i];
		res = sct_add_item(o, e, &x, c, &e->nitem, &e->flags);
		if (!res)
			return 0;
		if ((c->flags & SCTRACE_CAP_F_RETRY) && (SCT_RES_FLAGS(res) & SCTRACE_ITEM_FAULT))
			sct_pid_add(sct_retry, task->pid);
	}
	sct_end_items(o, e, SCTRACE_REC_SYS_ENTER, task, tgid, ns);
	return 0;
}

/*
 * A successful exec returns with the new image's registers: no string to
 * read again (the module's sct_cap_exec_done(), which says why execveat's
 * exit is seen as execve's).
 */
static __always_inline bool sct_exec_done(long id, int abi, long ret)
{
	if (ret)
		return false;
	if (abi == SCTRACE_ABI_I386)
		return id == 11 || id == 358;	/* ia32 execve, execveat */
	return id == 59 || id == 322;		/* execve, execveat */
}

/*
 * An exit record with items: the exit items of ent (those of a failed
 * call only with SCTRACE_CAP_F_ON_ERROR), then, if an entry string of
 * this thread faulted, every retried entry string again.
 */
static __always_inline int sct_exit_items(struct sct_out *o, struct task_struct *task,
					  __u32 tgid, struct pt_regs *regs, long id, long ret,
					  int abi, const struct sct_plan_entry *ent, const bool ns)
{
	__u32 n = ent->n[SCTRACE_CAP_EXIT], i;
	const struct sct_cap *c;
	struct sctrace_sys_exit *xr;
	struct sct_ictx x;
	bool retry;

	/* taken even when the record is then dropped: a bit is for one syscall */
	retry = ent->retry && sct_pid_take(sct_retry, task->pid) &&
		!sct_exec_done(id, abi, ret);
	sct_ictx_init(&x, regs, abi, ret, 1);
	xr = sct_reserve(o, sizeof(*xr) + (n || retry ? SCT_ITEM_ROOM : 0));
	if (!xr)
		return 0;
	xr->nr = id;
	xr->nitem = 0;
	xr->flags = sct_abi_flags(abi);
	xr->ret = ret;
	o->st->len = sizeof(*xr);
	for (i = 0; i < SCTRACE_CAP_MAX_PER && i < n; i++) {
		c = &ent->cap[SCTRACE_CAP_EXIT][i];
		if (ret < 0 && !(c->flags & SCTRACE_CAP_F_ON_ERROR))
			continue;
		if (!sct_add_item(o, xr, &x, c, &xr->nitem, &xr->flags))
			return 0;
	}
	n = retry ? ent->n[SCTRACE_CAP_ENTER] : 0;
	x.retry = 1;
	for (i = 0; i < SCTRACE_CAP_MAX_PER && i < n; i++) {
		c = &ent->cap[SCTRACE_CAP_ENTER][i];
		if (!(c->flags & SCTRACE_CAP_F_RETRY))
			continue;
		if (!sct_add_item(o, xr, &x, c, &xr->nitem, &xr->flags))
			return 0;
	}
	sct_end_items(o, xr, SCTRACE_REC_SYS_EXIT, task, tgid, ns);
	return 0;
}

/* The plan's entry of a traced syscall. */
static __always_inline struct sct_plan_entry *sct_plan_of(int abi, long id)
{
	return &sct_plan.e[abi & 1][id & (SCTRACE_MAX_SYSCALLS - 1)];
}

/*
 * Does the exit record of ent have items, exit items or retried strings?
 * One load: n[EXIT] and retry are bytes 1 and 2 of the entry's first word.
 */
static __always_inline bool sct_plan_exit_any(const struct sct_plan_entry *ent)
{
	_Static_assert(__builtin_offsetof(struct sct_plan_entry, n[SCTRACE_CAP_EXIT]) == 1 &&
		       __builtin_offsetof(struct sct_plan_entry, retry) == 2, "the first word");
	return *(const __u32 *)ent & 0x00ffff00;	/* x86-64: little-endian */
}

/*
 * Helper calls are most of a program's cost on kernels that do not inline
 * them: the task pointer gives pid, tgid and the compat bit with plain
 * loads, and records are written straight into the ring.
 */
static __always_inline int sct_sys_enter_ids(struct pt_regs *regs, long id, const bool ns,
					     struct sct_cpu_state **busy)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct sct_plan_entry *ent;
	struct sctrace_sys_enter *e;
	struct sct_out o;
	__u32 tgid;
	int abi;

	if (!sct_gate_open())
		return 0;
	abi = sct_syscall_abi(task, id);
	if (abi < 0)
		return 0;
	tgid = sct_tgid(task, ns);
	if (!sct_task_traced(tgid, ns) || !sct_out_open(&o, task, busy))
		return 0;
	ent = sct_plan_of(abi, id);
	if (ent->n[SCTRACE_CAP_ENTER])
		return sct_enter_items(&o, task, tgid, regs, id, abi, ent, ns);
	e = sct_reserve(&o, sizeof(*e));
	if (!e)
		return 0;
	sct_args(e->args, regs, abi);
	e->nr = id;
	e->nitem = 0;
	e->flags = sct_abi_flags(abi);
	sct_hdr(&e->hdr, SCTRACE_REC_SYS_ENTER, sizeof(*e), task, tgid, o.cpu, ns);
	sct_commit(&o, sizeof(*e));
	return 0;
}

/*
 * rt_sigreturn and sigreturn (arch/x86/entry/syscalls/syscall_64.tbl and
 * syscall_32.tbl) restore orig_ax -1: their exit is recorded with nr
 * SCTRACE_NR_UNKNOWN when one of the ABI's sigreturns is traced, as in
 * the module. Returns the ABI, or -1.
 */
#define SCT_NR_X86_64_RT_SIGRETURN	15
#define SCT_NR_I386_SIGRETURN		119
#define SCT_NR_I386_RT_SIGRETURN	173

static __always_inline bool sct_traced_nr(int abi, __u32 nr)
{
	return (sct_syscalls[abi][nr / 64] >> (nr % 64)) & 1;
}

static __always_inline int sct_sigreturn_abi(struct task_struct *task)
{
	if (sct_compat_syscall(task))
		return sct_traced_nr(SCTRACE_ABI_I386, SCT_NR_I386_SIGRETURN) ||
		       sct_traced_nr(SCTRACE_ABI_I386, SCT_NR_I386_RT_SIGRETURN) ?
		       SCTRACE_ABI_I386 : -1;
	return sct_traced_nr(SCTRACE_ABI_X86_64, SCT_NR_X86_64_RT_SIGRETURN) ?
	       SCTRACE_ABI_X86_64 : -1;
}

static __always_inline int sct_sys_exit_ids(struct pt_regs *regs, long ret, const bool ns,
					    struct sct_cpu_state **busy)
{
	struct task_struct *task = bpf_get_current_task_btf();
	long id = regs->orig_ax;	/* syscall_get_nr() */
	struct sct_plan_entry *ent;
	struct sctrace_sys_exit *x;
	struct sct_out o;
	__u32 tgid;
	int abi;

	if (!sct_gate_open())
		return 0;
	abi = id == -1 ? sct_sigreturn_abi(task) : sct_syscall_abi(task, id);
	if (abi < 0)
		return 0;
	tgid = sct_tgid(task, ns);
	if (!sct_task_traced(tgid, ns) || !sct_out_open(&o, task, busy))
		return 0;
	if (id != -1) {
		ent = sct_plan_of(abi, id);
		if (sct_plan_exit_any(ent))
			return sct_exit_items(&o, task, tgid, regs, id, ret, abi, ent, ns);
	}
	x = sct_reserve(&o, sizeof(*x));
	if (!x)
		return 0;
	x->nr = id;
	x->nitem = 0;
	x->flags = sct_abi_flags(abi);
	x->ret = ret;
	sct_hdr(&x->hdr, SCTRACE_REC_SYS_EXIT, sizeof(*x), task, tgid, o.cpu, ns);
	sct_commit(&o, sizeof(*x));
	return 0;
}

/*
 * Runs in the parent (current) for every fork on the system, before the
 * child can run. A new process is added to the set when its parent is
 * followed, and otherwise removed from it: that is how a traced process's
 * pid leaves the set, exactly when it is reused. This part runs whether
 * the gate is open or not: from start's attach on, so that the seeding
 * (backend_bpf.c) misses no fork. Until the gate opens the set is being
 * seeded, and a pid is only ever added: the parent of a fork the seeding
 * missed may not be in the set yet either, and removing the child then
 * could undo the seeding's own add (a pid it would remove is not in the
 * freshly cleared set anyway). The gate is read before the set: once it
 * reads open, the seeding is complete (x86-64 loads are not reordered;
 * the barrier keeps the compiler from doing it).
 */
static __always_inline int sct_fork_ids(struct task_struct *parent,
					struct task_struct *child, const bool ns,
					struct sct_cpu_state **busy)
{
	bool running = sct_gate_open(), thread, traced;
	struct sctrace_fork *f;
	__u32 ptgid, ctgid;
	struct sct_out o;

	sct_compiler_barrier();
	thread = child->tgid == parent->tgid;
	ptgid = sct_tgid(parent, ns);
	ctgid = thread ? ptgid : sct_tgid(child, ns);
	traced = sct_task_traced(ptgid, ns);
	/* a child with no id in the reader's namespace is never traced */
	if (!thread && !(sct_filter_flags & SCTRACE_FILTER_ALL_TASKS) && !(ns && !ctgid)) {
		if (traced && (sct_filter_flags & SCTRACE_FILTER_FOLLOW))
			sct_pid_add(sct_tgids, ctgid);
		else if (running)
			sct_pid_del(sct_tgids, ctgid);
	}
	if (!running || !traced || !sct_out_open(&o, parent, busy))
		return 0;
	f = sct_reserve(&o, sizeof(*f));
	if (!f)
		return 0;
	f->child_tid = sct_tid(child, ctgid, ns);
	f->child_tgid = ctgid;
	f->flags = thread ? SCTRACE_FORK_THREAD : 0;
	f->reserved = 0;
	sct_hdr(&f->hdr, SCTRACE_REC_FORK, sizeof(*f), parent, ptgid, o.cpu, ns);
	sct_commit(&o, sizeof(*f));
	return 0;
}

/*
 * p is current: the exit tracepoint fires in do_exit(). A retry its last
 * syscall left (exit, exit_group) goes with it.
 */
static __always_inline int sct_exit_ids(struct task_struct *p, bool group_dead,
					const bool ns, struct sct_cpu_state **busy)
{
	struct sctrace_task_exit *x;
	struct sct_out o;
	__u32 tgid;

	sct_pid_take(sct_retry, p->pid);
	if (!sct_gate_open())
		return 0;
	tgid = sct_tgid(p, ns);
	if (!sct_task_traced(tgid, ns) || !sct_out_open(&o, p, busy))
		return 0;
	x = sct_reserve(&o, sizeof(*x));
	if (!x)
		return 0;
	x->code = p->exit_code;
	x->flags = group_dead ? SCTRACE_EXIT_GROUP_DEAD : 0;
	sct_hdr(&x->hdr, SCTRACE_REC_EXIT, sizeof(*x), p, tgid, o.cpu, ns);
	sct_commit(&o, sizeof(*x));
	return 0;
}

/*
 * The module's sct_signal_rec(): a signal for task (current, or the one
 * a signal was sent to), in current's CPU's ring. info may be
 * SEND_SIG_NOINFO or SEND_SIG_PRIV, 0 and 1: no siginfo then.
 */
static __always_inline int sct_signal_ids(struct task_struct *task, int sig,
					  struct kernel_siginfo *info, __u32 flags,
					  const bool ns, struct sct_cpu_state **busy)
{
	struct sctrace_signal *s;
	struct sct_out o;
	__u32 tgid;

	if (!sct_gate_open())
		return 0;
	tgid = sct_tgid(task, ns);
	if (!sct_task_traced(tgid, ns) ||
	    !sct_out_open(&o, bpf_get_current_task_btf(),
			  (flags & SCTRACE_SIGNAL_IGNORED) ? NULL : busy))
		return 0;
	if ((flags & SCTRACE_SIGNAL_IGNORED) && o.st->busy) {
		/* in an interrupt, in another program's record: see sct_busy_end() */
		o.st->cnt.dropped_busy++;
		sct_lost_inc(&o);
		return 0;
	}
	s = sct_reserve(&o, sizeof(*s));
	if (!s)
		return 0;
	s->signo = sig;
	if ((unsigned long)info <= 1 ||
	    bpf_probe_read_kernel(s->info, sizeof(s->info), info)) {
		__builtin_memset(s->info, 0, sizeof(s->info));
		flags |= (unsigned long)info == 1 ? SCTRACE_SIGNAL_KERNEL : SCTRACE_SIGNAL_NOINFO;
	}
	s->flags = flags;
	sct_hdr(&s->hdr, SCTRACE_REC_SIGNAL, sizeof(*s), task, tgid, o.cpu, ns);
	sct_commit(&o, sizeof(*s));
	return 0;
}

/*
 * Every program that writes records marks its CPU busy from the moment it
 * knows it will (sct_out_open()) to its end (sct_busy_end()):
 * signal_generate also fires in interrupt context (timers, the network's
 * SIGURG) and may interrupt one of them on the same CPU, and the kernel's
 * recursion guard is per program. The nested program then writes nothing
 * (dropped_busy, as the module's re-entry guard counts), never the ring
 * the interrupted one is filling. Only signal_generate can nest: it reads
 * the mark and never sets it (nested in itself, the kernel skips it).
 */
static __always_inline int sct_busy_end(struct sct_cpu_state *busy, int ret)
{
	if (busy)
		busy->busy = 0;
	return ret;
}

/*
 * The programs, each built twice: for kernel ids, and (_ns) for the ids of
 * the reader's pid namespace. Userspace loads one of the two (bpf_load.c),
 * so in the initial namespace a program is the code it was before
 * namespaces. (One program choosing by sct_pidns_ino costs more: the
 * verifier removes the branch not taken, not the load of sct_pidns_ino,
 * and clang's register allocation for both copies adds a spill.)
 */
SEC("tp_btf/sys_enter")
int BPF_PROG(sct_sys_enter, struct pt_regs *regs, long id)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_sys_enter_ids(regs, id, false, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sct_sys_enter_ns, struct pt_regs *regs, long id)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_sys_enter_ids(regs, id, true, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sct_sys_exit, struct pt_regs *regs, long ret)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_sys_exit_ids(regs, ret, false, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sct_sys_exit_ns, struct pt_regs *regs, long ret)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_sys_exit_ids(regs, ret, true, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(sct_fork, struct task_struct *parent, struct task_struct *child)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_fork_ids(parent, child, false, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(sct_fork_ns, struct task_struct *parent, struct task_struct *child)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_fork_ids(parent, child, true, &busy);

	return sct_busy_end(busy, r);
}

/*
 * sched_process_exit gained a group_dead argument in later kernels;
 * userspace loads the ones of these that match the kernel's BTF. Before,
 * signal->live already reached zero (do_exit() decrements it before the
 * tracepoint fires) when the last thread of the group exits.
 */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(sct_exit_live, struct task_struct *p)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_exit_ids(p, p->signal->live.counter == 0, false, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sct_exit_live_ns, struct task_struct *p)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_exit_ids(p, p->signal->live.counter == 0, true, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sct_exit_group_dead, struct task_struct *p, bool group_dead)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_exit_ids(p, group_dead, false, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sct_exit_group_dead_ns, struct task_struct *p, bool group_dead)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_exit_ids(p, group_dead, true, &busy);

	return sct_busy_end(busy, r);
}

/* current dequeued sig to act on it (get_signal()) */
SEC("tp_btf/signal_deliver")
int BPF_PROG(sct_sig_deliver, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_signal_ids(bpf_get_current_task_btf(), sig, info,
			       SCTRACE_SIGNAL_DELIVERED, false, &busy);

	return sct_busy_end(busy, r);
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(sct_sig_deliver_ns, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	struct sct_cpu_state *busy = NULL;
	int r = sct_signal_ids(bpf_get_current_task_btf(), sig, info,
			       SCTRACE_SIGNAL_DELIVERED, true, &busy);

	return sct_busy_end(busy, r);
}

/* Is current the reader (its own signals: the SIGCONT that starts its command)? */
static __always_inline bool sct_sent_by_reader(const bool ns)
{
	return sct_tgid(bpf_get_current_task_btf(), ns) == sct_reader_tgid;
}

/* sig sent to task: only when task ignores it (never delivered), not by the reader */
SEC("tp_btf/signal_generate")
int BPF_PROG(sct_sig_generate, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	if (result != TRACE_SIGNAL_IGNORED || sct_sent_by_reader(false))
		return 0;
	return sct_signal_ids(task, sig, info, SCTRACE_SIGNAL_IGNORED, false, NULL);
}

SEC("tp_btf/signal_generate")
int BPF_PROG(sct_sig_generate_ns, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	if (result != TRACE_SIGNAL_IGNORED || sct_sent_by_reader(true))
		return 0;
	return sct_signal_ids(task, sig, info, SCTRACE_SIGNAL_IGNORED, true, NULL);
}

/*
 * Never attached: userspace runs it once after loading in ns mode
 * (BPF_PROG_TEST_RUN, in its own task) to learn the level of its pid
 * namespace, which no file under /proc tells from inside a container.
 */
SEC("raw_tp")
int sct_pidns_find(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct pid *pid = BPF_CORE_READ(task, thread_pid);
	__u32 level = BPF_CORE_READ(pid, level);
	struct upid up;

	if (bpf_probe_read_kernel(&up, sizeof(up), (__u8 *)pid +
				  bpf_core_field_offset(struct pid, numbers) +
				  level * sizeof(up)))
		return 0;
	sct_pidns_level = level;
	sct_pidns_found = BPF_CORE_READ(up.ns, ns.inum);
	return 0;
}
