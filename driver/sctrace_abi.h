/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sctrace ABI: the one header shared by the kernel module (driver/), the
 * BPF program (driver/bpf/) and userspace (userspace/).
 *
 * Rules (see docs in README.md, "ABI"):
 *  - fixed-width types only, natural alignment, no implicit padding, every
 *    struct size asserted below;
 *  - every ioctl struct starts with __u32 size (the caller's sizeof, at
 *    most a page); a command is identified by type, number and direction,
 *    not by the size bits, so a struct can grow: the kernel accepts a larger
 *    struct whose unknown tail is all zero, and a smaller one only down to
 *    the first published size (copy_struct_from_user semantics); structs the
 *    kernel fills come back with size = the bytes it filled; unknown flag
 *    bits and nonzero reserved fields are -EINVAL, unknown commands -ENOTTY;
 *  - ioctl numbers are never reused once retired.
 *
 * Versions: SCTRACE_API_VERSION changes when an ioctl or the mmap layout
 * changes incompatibly (reader must refuse a different major), and
 * SCTRACE_SCHEMA_VERSION when the record layout changes. Schemas so far
 * only add record types: a reader of schema N reads records of schemas
 * SCTRACE_SCHEMA_OLDEST..N (a module, a capture file).
 */
#ifndef SCTRACE_ABI_H
#define SCTRACE_ABI_H

#if defined(__VMLINUX_H__)
/* BPF side: vmlinux.h already provides __u8.. __u64 and __s64. */
#else
#include <linux/types.h>
#include <linux/ioctl.h>
#endif

#define SCTRACE_API_VERSION_MAJOR	1
#define SCTRACE_API_VERSION_MINOR	3	/* 1: SCTRACE_IOC_SYNC
						 * 2: SCTRACE_IOC_SET_CAPTURE,
						 *    sctrace_filter.syscalls32
						 * 3: SCTRACE_START_WAIT,
						 *    sctrace_counters.waits
						 */
#define SCTRACE_SCHEMA_VERSION		4	/* 2: SCTRACE_REC_LOST
						 * 3: captured memory items in
						 *    enter and exit records,
						 *    32-bit syscalls
						 * 4: SCTRACE_REC_SIGNAL, and
						 *    sigreturn's exit (nr
						 *    SCTRACE_NR_UNKNOWN)
						 */
#define SCTRACE_SCHEMA_OLDEST		1

#define SCTRACE_DEVICE_NAME		"sctrace"

/*
 * Syscall numbers at or above this are neither filtered nor traced, in
 * either table (x86-64: 0..467 and i386: 0..467 as of 6.18; x32 numbers
 * carry bit 30 and are never traced).
 */
#define SCTRACE_MAX_SYSCALLS		512
#define SCTRACE_MAX_TGIDS		64	/* tgids in one SET_FILTER */
#define SCTRACE_MAX_ARGS		6
#define SCTRACE_DEFAULT_SNAPLEN		256
#define SCTRACE_MAX_SNAPLEN		4096

/* ---------------------------------------------------------------------
 * Records. Every record starts with struct sctrace_hdr; hdr.len is the
 * whole record in bytes, a multiple of 8 (SCTRACE_REC_ALIGN), and never
 * more than the ring size. Records never straddle the end of the ring as
 * seen by the reader: the data pages are mapped twice back to back.
 */
#define SCTRACE_REC_ALIGN		8

enum sctrace_rec_type {
	SCTRACE_REC_SYS_ENTER	= 1,	/* struct sctrace_sys_enter + strings */
	SCTRACE_REC_SYS_EXIT	= 2,	/* struct sctrace_sys_exit */
	SCTRACE_REC_FORK	= 3,	/* struct sctrace_fork */
	SCTRACE_REC_EXIT	= 4,	/* struct sctrace_task_exit */
	SCTRACE_REC_LOST	= 5,	/* struct sctrace_lost (schema 2) */
	SCTRACE_REC_SIGNAL	= 6,	/* struct sctrace_signal (schema 4) */
	SCTRACE_REC_TYPE_MAX	= 6,
};

struct sctrace_hdr {
	__u32 len;	/* bytes, including this header */
	__u16 type;	/* enum sctrace_rec_type */
	__u16 cpu;	/* CPU that produced the record */
	__u32 tid;	/* kernel pid of the thread */
	__u32 tgid;	/* kernel tgid (process id) */
	__u64 ts_ns;	/* CLOCK_MONOTONIC ns (ktime_get_mono_fast_ns) */
};

/*
 * Summary bits, in sctrace_sys_enter.flags and sctrace_sys_exit.flags.
 * COMPAT: a 32-bit syscall (ia32 int $0x80, sysenter, or syscall from
 * 32-bit code): nr is in the i386 table (asm/unistd_32.h) and args[] hold
 * ebx, ecx, edx, esi, edi, ebp zero-extended.
 */
#define SCTRACE_REC_TRUNC		0x0001	/* some item truncated */
#define SCTRACE_REC_FAULT		0x0002	/* some item copy faulted */
#define SCTRACE_REC_COMPAT		0x0004	/* 32-bit syscall (schema 3) */

struct sctrace_sys_enter {
	struct sctrace_hdr hdr;
	__u32 nr;		/* syscall number (x86-64 table, or i386 if COMPAT) */
	__u16 nitem;		/* struct sctrace_item items that follow */
	__u16 flags;		/* SCTRACE_REC_* */
	__u64 args[SCTRACE_MAX_ARGS];
	/* then nitem x (struct sctrace_item + data), then zero padding */
};

/*
 * Memory behind a pointer argument, copied from user memory with
 * non-faulting reads as the capture plan says (SCTRACE_IOC_SET_CAPTURE).
 * Followed by len bytes; the next item starts at the next 4-byte boundary
 * (SCTRACE_ITEM_SIZE). At most one item per argument in a record, except
 * that nested items (inside STRARR data) are not counted in nitem.
 *
 * arg, bits 0-3: the argument index, 0..5; bits 4-7: the kind of the data
 * (enum sctrace_cap_kind), so a record is read without the plan that made
 * it. Schemas 1 and 2 had string items only, whose kind bits are 0, STR.
 *
 * Data by kind (all fields native-endian, ptr/len as the user wrote them):
 *  STR     the string's bytes, no NUL. TRUNC: no NUL within the bound
 *          (snaplen, or SCTRACE_PATH_MAX - 1 for SCTRACE_CAP_F_PATH)
 *  BUF     the bytes (fixed size, or count x element size); TRUNC: cut at
 *          the bound (snaplen for a counted buffer)
 *  IOVEC   struct sctrace_iov_data, niov x struct { __u64 base, len; } as
 *          the user passed them, then the buffers' first bytes back to
 *          back: buffer i holds min(len_i, what is left) of the total,
 *          which is bounded by snaplen and, at exit, by the return value
 *  MSGHDR  struct sctrace_msg_data: the user's struct msghdr (56 bytes),
 *          then msg_name's first namelen bytes padded to 8, then the
 *          iovecs and bytes as IOVEC (at exit bounded by the return value)
 *  STRARR  struct sctrace_strarr_data, then nstr nested items (arg: the
 *          string's index & 15, kind STR), each string bounded by snaplen
 * A fault part way (IOVEC, MSGHDR, STRARR) sets FAULT and keeps what was
 * copied before it, with the counts saying how much that is.
 */
#define SCTRACE_ITEM_TRUNC		0x01	/* cut at its bound */
#define SCTRACE_ITEM_FAULT		0x02	/* a copy faulted: see above */
#define SCTRACE_ITEM_NULL		0x04	/* the pointer was NULL: len 0 */
#define SCTRACE_ITEM_RETRY		0x08	/* exit record: the string an
						 * entry item of this argument
						 * faulted on, read again at
						 * exit (SCTRACE_CAP_F_RETRY)
						 */

struct sctrace_item {
	__u16 len;	/* bytes of data that follow */
	__u8 arg;	/* bits 0-3: argument index; bits 4-7: kind */
	__u8 flags;	/* SCTRACE_ITEM_* */
};

#define SCTRACE_ITEM_ARG(a)		((a) & 0x0f)
#define SCTRACE_ITEM_KIND(a)		((a) >> 4)
#define SCTRACE_ITEM_ARGKIND(arg, kind)	((arg) | (kind) << 4)
#define SCTRACE_ITEM_SIZE(len)	(((len) + sizeof(struct sctrace_item) + 3) / 4 * 4)

struct sctrace_iov_data {
	__u32 count;	/* iovecs the call was given (low 32 bits) */
	__u32 niov;	/* iovecs copied: at most SCTRACE_CAP_MAX_IOV */
};

struct sctrace_msg_data {
	__u8 msghdr[56];	/* struct msghdr of x86-64, as the user's */
	__u32 namelen;		/* bytes of msg_name copied (<= 128) */
	__u32 count;		/* msg_iovlen (low 32 bits) */
	__u32 niov;		/* iovecs copied */
	__u32 reserved;		/* zero */
};

struct sctrace_strarr_data {
	__u32 count;	/* pointers before the NULL, counted up to
			 * SCTRACE_STRARR_MAX_COUNT (TRUNC if not found)
			 */
	__u32 nstr;	/* nested string items that follow */
};

#define SCTRACE_PATH_MAX		4096	/* bytes with NUL, as PATH_MAX */
#define SCTRACE_ITEM_MAX_DATA		4096	/* data bytes of any item */
#define SCTRACE_CAP_MAX_PER		4	/* items per syscall and phase */
#define SCTRACE_CAP_MAX_ITEMS		4096	/* items in one plan */
#define SCTRACE_CAP_MAX_FIXED		4096	/* bytes of a fixed-size item */
#define SCTRACE_CAP_MAX_IOV		16	/* iovecs copied per item */
#define SCTRACE_CAP_MAX_NAME		128	/* msg_name bytes copied */
#define SCTRACE_STRARR_MAX_COUNT	1024	/* pointers counted */

/*
 * The largest record: an enter or exit record with SCTRACE_CAP_MAX_PER
 * items of the largest size (and the one byte a string copy may write
 * past it).
 */
#define SCTRACE_MAX_RECORD	(sizeof(struct sctrace_sys_enter) + \
				 SCTRACE_CAP_MAX_PER * \
				 SCTRACE_ITEM_SIZE(SCTRACE_ITEM_MAX_DATA + 1))

/*
 * nr of an exit record whose syscall the kernel no longer knows at its
 * exit: rt_sigreturn and sigreturn restore the interrupted context,
 * orig_ax -1 included. Recorded (schema 4) when the thread is traced and
 * one of its ABI's sigreturns is: the reader pairs it with the thread's
 * pending entry.
 */
#define SCTRACE_NR_UNKNOWN		0xffffffffU

struct sctrace_sys_exit {
	struct sctrace_hdr hdr;
	__u32 nr;		/* syscall number (as in sctrace_sys_enter),
				 * or SCTRACE_NR_UNKNOWN
				 */
	__u16 nitem;		/* items that follow (schema 3; 0 before) */
	__u16 flags;		/* SCTRACE_REC_* (schema 3; 0 before) */
	__s64 ret;		/* return value (negative errno on failure) */
	/* then nitem x (struct sctrace_item + data), then zero padding */
};

#define SCTRACE_FORK_THREAD		0x0001	/* child shares the tgid */

struct sctrace_fork {
	struct sctrace_hdr hdr;	/* the parent */
	__u32 child_tid;
	__u32 child_tgid;
	__u32 flags;		/* SCTRACE_FORK_* */
	__u32 reserved;
};

#define SCTRACE_EXIT_GROUP_DEAD		0x0001	/* process ending: set on its last
						 * thread, and possibly on others
						 * exiting at the same time
						 */

struct sctrace_task_exit {
	struct sctrace_hdr hdr;	/* the exiting thread */
	__s32 code;		/* task exit_code (wait status form) */
	__u32 flags;		/* SCTRACE_EXIT_* */
};

/*
 * A signal for a traced thread (schema 4), in hdr.tid's stream:
 *  DELIVERED  it dequeued the signal to act on it (a handler is run, or
 *             the default action taken: signal:signal_deliver), on its
 *             way back to user space; recorded by that thread
 *  IGNORED    it was sent the signal and the kernel dropped it at once,
 *             never to be delivered: its disposition ignores it (SIGCHLD's
 *             default), or its process is already exiting
 *             (signal:signal_generate); recorded by the sender (another
 *             CPU's ring, the sender's time)
 * info is the kernel's struct kernel_siginfo as it was (si_signo,
 * si_errno, si_code, then the union: the first 48 bytes of the x86-64
 * siginfo_t), or zero with NOINFO (the sender gave none: si_code
 * SI_USER, e.g. the SIGKILL of a group exit) or KERNEL (si_code
 * SI_KERNEL).
 */
#define SCTRACE_SIGNAL_DELIVERED	0x0001
#define SCTRACE_SIGNAL_IGNORED		0x0002
#define SCTRACE_SIGNAL_NOINFO		0x0004
#define SCTRACE_SIGNAL_KERNEL		0x0008
#define SCTRACE_SIGINFO_SIZE		48

struct sctrace_signal {
	struct sctrace_hdr hdr;	/* the thread the signal is for */
	__s32 signo;
	__u32 flags;		/* SCTRACE_SIGNAL_* */
	__u8 info[SCTRACE_SIGINFO_SIZE];
};

/*
 * Records this CPU dropped (ring full, re-entry, bogus cons_pos) since its
 * previous record, written in front of the next record that fits and
 * stamped like it (hdr.tid and hdr.tgid 0): the reader sees where in the
 * stream records are missing, e.g. which enter/exit pair broke, as perf's
 * PERF_RECORD_LOST tells. The counters say the same in total.
 */
struct sctrace_lost {
	struct sctrace_hdr hdr;
	__u64 lost;		/* records dropped on hdr.cpu */
};

/* ---------------------------------------------------------------------
 * Shared memory, one region per possible CPU, reached with mmap() on the
 * device at offset  cpu * info.mmap_stride:
 *   + 0                     control page, struct sctrace_ctrl, map
 *                           PROT_READ|PROT_WRITE, exactly ctrl_size bytes
 *   + info.data_offset      data, 2 * ring_size bytes, PROT_READ only:
 *                           the ring_size bytes of the ring, twice
 *
 * Memory ordering contract (positions are free-running byte counters; the
 * record at position p starts at data[p & (ring_size - 1)]):
 *
 *  prod_pos  written by the producer only, with a release store after the
 *            record bytes are written; the reader reads it with an acquire
 *            load (smp_load_acquire / __atomic_load_n(ACQUIRE)) before it
 *            reads any record below it.
 *  cons_pos  written by the reader only, with a release store after it has
 *            finished reading every record below it; the producer reads it
 *            with an acquire load before it overwrites that space.  The
 *            kernel never trusts it: a value that is not within
 *            [prod_pos - ring_size, prod_pos] makes the ring count as full
 *            (records are dropped and counted, cons_invalid is counted) and
 *            can never make the producer write outside the ring.
 *  counters  zero: the module keeps its counters private to each CPU
 *            until SCTRACE_IOC_GET_COUNTERS sums them (a snapshot here
 *            cost every record a store; no reader used it).
 *  The module caches cons_pos and loads it again only when the cached
 *  value says a record may not fit, or that the unread bytes reached the
 *  watermark: a cons_pos that moves backwards is not seen at once, and a
 *  garbage one is found (and counted) only then.
 * Whatever userspace writes to this page, the kernel reads back only
 * cons_pos.
 */
struct sctrace_cpu_counters {
	__u64 written;		/* records committed to the ring */
	__u64 dropped_full;	/* records dropped: ring full */
	__u64 dropped_busy;	/* records dropped: ring busy (re-entry) */
	__u64 faults;		/* item copies that faulted, at entry or
				 * exit (a retried string counts twice
				 * when it faults twice)
				 */
	__u64 truncated;	/* items cut at their bound */
	__u64 cons_invalid;	/* records dropped: bogus cons_pos */
	__u64 nulls;		/* NULL pointers (not faults; schema 3) */
	__u64 retried;		/* entry strings that faulted and were
				 * read at exit (schema 3)
				 */
};

struct sctrace_ctrl {
	__u64 prod_pos;		/* producer -> reader, see contract */
	__u64 pad0[7];		/* own cache line */
	__u64 cons_pos;		/* reader -> producer, see contract */
	__u64 pad1[7];		/* own cache line */
	struct sctrace_cpu_counters counters;
	__u32 cpu;		/* which CPU this region belongs to */
	__u32 reserved;
};

/* ---------------------------------------------------------------------
 * The eBPF backend's rings: the same rings and the same contract, in two
 * BPF_F_MMAPABLE array maps that libsctrace creates and maps itself:
 *
 *   sct_ctrl   one 8 KiB value per CPU: its struct sctrace_ctrl in the
 *              first page, mapped PROT_READ|PROT_WRITE; at
 *              SCTRACE_BPF_STATE_OFFSET the probe's own state, starting
 *              with the CPU's struct sctrace_cpu_counters, read with map
 *              lookups and never mapped
 *   sct_data   per CPU, ring_size / seg_size segments of seg_size bytes
 *              (a power of two, at most SCTRACE_BPF_SEG_MAX), each in one
 *              value of seg_size + SCTRACE_BPF_SEG_SLACK bytes: CPU c's
 *              segment i is value c * nseg + i; mapped PROT_READ
 *
 * A BPF map value is at most 4 MiB (KMALLOC_MAX_SIZE) and cannot be mapped
 * twice, hence segments: the record at position p starts in segment
 * (p / seg_size) % nseg at offset p % seg_size, and runs on into that
 * segment's slack when it crosses seg_size, so it is contiguous there too.
 * (The slack never aliases ring bytes; the ring positions it stands for
 * are left unused in the next segment.) The counters of struct
 * sctrace_ctrl stay zero: the eBPF counters are in the unmapped page.
 */
#define SCTRACE_BPF_CTRL_SIZE		4096
#define SCTRACE_BPF_STATE_OFFSET	4096
#define SCTRACE_BPF_CTRL_VALUE		8192
#define SCTRACE_BPF_SEG_MAX		(2U << 20)
#define SCTRACE_BPF_SEG_SLACK		(28U << 10)	/* >= SCTRACE_MAX_RECORD
							 * + string copy room
							 */

/* ---------------------------------------------------------------------
 * ioctls on /dev/sctrace (open needs CAP_SYS_ADMIN; one opener at a time).
 *
 * Process ids: every pid and tgid the reader passes (sctrace_filter.tgids)
 * or reads (hdr.tid, hdr.tgid, sctrace_fork.child_*) is as seen in the pid
 * namespace of the task that opened the device (eBPF: of the reader). A
 * task that has no pid there (outside a container the reader runs in) is
 * never traced, not even with SCTRACE_FILTER_ALL_TASKS.
 *
 * The set of traced processes is seeded at every START from the filter:
 * the listed tgids and, with SCTRACE_FILTER_FOLLOW, every living
 * descendant of them at that moment; while running, a fork adds the child
 * of a traced process (FOLLOW) and removes the pid of any other new
 * process. So across STOP -> START a pid reused while stopped by a process
 * that does not descend from the listed ones is not traced, and children
 * forked while stopped are followed from the START on (what they did while
 * capture was stopped is not recorded).
 */
#define SCTRACE_IOC_MAGIC		0xB5

struct sctrace_info {			/* out, except size */
	__u32 size;			/* in: sizeof(struct sctrace_info) */
	__u16 api_major;
	__u16 api_minor;
	__u32 schema_version;
	__u32 nr_cpus;			/* CPU ids 0..nr_cpus-1 (mmap: ENXIO
					 * for an id that is not possible)
					 */
	__u64 ring_size;		/* bytes of one ring, power of two */
	__u64 ctrl_size;		/* bytes of the control mapping */
	__u64 data_offset;		/* data mapping offset inside a region */
	__u64 mmap_stride;		/* offset between CPU regions */
	__u32 max_snaplen;
	__u32 max_syscalls;
	__u32 max_tgids;
	__u32 max_cap_items;		/* SCTRACE_CAP_MAX_ITEMS (API 1.2; 0
					 * before: no SET_CAPTURE)
					 */
};

/* sctrace_filter.flags */
#define SCTRACE_FILTER_ALL_TASKS	0x0001	/* ignore tgids: every task */
#define SCTRACE_FILTER_FOLLOW		0x0002	/* trace descendants too */
#define SCTRACE_FILTER_FLAGS		0x0003

struct sctrace_filter {
	__u32 size;
	__u32 flags;			/* SCTRACE_FILTER_* */
	__u32 ntgids;			/* used entries of tgids[] */
	__u32 reserved;			/* zero */
	__u32 tgids[SCTRACE_MAX_TGIDS];
	/* bit n of syscalls[n / 64] set: syscall n is traced */
	__u64 syscalls[SCTRACE_MAX_SYSCALLS / 64];
	/*
	 * bit a of strargs[n] set: arg a of syscall n is a NUL-terminated
	 * user string to copy into the enter record (bits 6, 7 zero). API
	 * 1.1: if any bit is set, SET_FILTER replaces the capture plan with
	 * these strings (STR items at entry, bounded by the snaplen); a
	 * reader that sets a plan leaves strargs zero.
	 */
	__u8 strargs[SCTRACE_MAX_SYSCALLS];
	/*
	 * API 1.2: bit n of syscalls32[n / 64]: 32-bit syscall n (i386
	 * table) is traced. A caller passing the 1.1 struct traces none.
	 */
	__u64 syscalls32[SCTRACE_MAX_SYSCALLS / 64];
};

struct sctrace_snaplen {
	__u32 size;
	__u32 snaplen;			/* 0..SCTRACE_MAX_SNAPLEN bytes */
};

/*
 * START_WAIT (API 1.3): traced threads wait for the reader instead of
 * having their records dropped. A thread whose record leaves its CPU's
 * ring more than 3/4 full waits, on its way back to user space (never in
 * the probe), until the reader has read that ring down to half, at most
 * SCTRACE_WAIT_MAX_MS (then it goes on; it waits again at a later record
 * if the ring is still that full); a signal ends its wait, STOP and close
 * end every wait. A ring that still fills drops and counts as before.
 * EOPNOTSUPP where the kernel does not export task_work_add() (5.4, 5.10
 * and 5.15 do not, Debian's 6.1 and 6.12 do; see sct_compat.h).
 */
#define SCTRACE_START_WAIT		0x0001
#define SCTRACE_WAIT_MAX_MS		5000	/* a reader that cannot run for
						 * a second (a loaded TCG guest)
						 * is not a dead one
						 */

struct sctrace_start {
	__u32 size;
	__u32 flags;			/* SCTRACE_START_* */
	__u64 watermark;		/* poll() readable at this many bytes,
					 * 0 means 1, at most ring_size / 2
					 */
};

struct sctrace_stop {
	__u32 size;
	__u32 flags;			/* zero */
};

struct sctrace_counters {		/* out, except size */
	__u32 size;
	__u32 flags;			/* zero */
	struct sctrace_cpu_counters total;	/* sum over CPUs */
	__u64 filter_full;		/* children not followed: set full
					 * (0: both tgid sets are bitmaps)
					 */
	__u64 waits;			/* waits for the reader (START_WAIT;
					 * API 1.3, zero before)
					 */
	__u64 wait_ns;			/* their total time, ns */
	__u64 reserved[1];
};

struct sctrace_reset {
	__u32 size;
	__u32 flags;			/* zero */
};

/*
 * SCTRACE_IOC_SYNC returns once every record whose stamp (hdr.ts_ns) was
 * taken before the call is committed, i.e. below prod_pos: a probe stamps
 * and commits a record with preemption disabled, and the call waits for an
 * RCU grace period, which ends only after every such section that was
 * running when it began. The reader's merge calls it between reading its
 * horizon and reading the producer positions (userspace/merge.h), so
 * that no record stamped before the horizon can show up after it.
 */
struct sctrace_sync {
	__u32 size;
	__u32 flags;			/* zero */
};

/*
 * The capture plan (API 1.2): which memory behind which pointer arguments
 * the probes copy into the records, as items (struct sctrace_item). The
 * plan belongs to userspace (the reader's syscall table); the kernel only
 * checks it and follows it: every item is bounded before it is copied.
 * SET_CAPTURE replaces the whole plan (nitems 0: nothing is copied), only
 * while stopped (-EBUSY). -EINVAL for an item out of range: abi, nr, when,
 * arg, kind, len_src or len_arg unknown or out of range, a size the kind
 * does not allow, a flag the kind does not allow, nonzero reserved bits,
 * more than SCTRACE_CAP_MAX_PER items for one syscall and phase, or in
 * its exit record (exit items and retried entry strings together), two
 * items of one phase on one argument, an exit item on an argument whose
 * entry string is retried, or item_size smaller than the first published
 * sctrace_cap_item (larger: the unknown tail must be zero). -EFAULT if
 * items cannot be read.
 *
 * When: SCTRACE_CAP_ENTER items are copied at sys_enter (inputs), into
 * the enter record; SCTRACE_CAP_EXIT items at sys_exit (outputs the kernel
 * wrote) from the argument registers saved at entry, into the exit record,
 * and only when the call returned >= 0 (SCTRACE_CAP_F_ON_ERROR: also on
 * error, e.g. nanosleep's remaining time on -EINTR).
 *
 * How many bytes (len_src): NONE, size bytes (a struct, a fixed array);
 * ARG, args[len_arg] elements of size bytes; RET, the return value in
 * elements of size bytes (exit only); ARGPTR, the 32-bit value args[len_arg]
 * points to (at the time of the copy), in elements of size bytes; with
 * SCTRACE_CAP_F_BITS the count is in bits (size must be 1: fd_set). A
 * counted BUF is bounded by the snaplen, a fixed one by its size
 * (<= SCTRACE_CAP_MAX_FIXED), a PATH string by SCTRACE_PATH_MAX - 1, any
 * other string by the snaplen: a count that lies (larger than the buffer,
 * negative, huge) only cuts or faults the copy.
 */
enum sctrace_cap_kind {
	SCTRACE_CAP_STR		= 0,	/* NUL-terminated string */
	SCTRACE_CAP_BUF		= 1,	/* bytes: fixed or counted (len_src) */
	SCTRACE_CAP_IOVEC	= 2,	/* struct iovec[args[len_arg]], buffers */
	SCTRACE_CAP_MSGHDR	= 3,	/* struct msghdr, name, iovecs, buffers */
	SCTRACE_CAP_STRARR	= 4,	/* NULL-terminated array of strings:
					 * count, and the first size strings
					 * (0: count only)
					 */
	SCTRACE_CAP_KIND_MAX	= 4,
};

enum sctrace_cap_len {
	SCTRACE_LEN_NONE	= 0,
	SCTRACE_LEN_ARG		= 1,
	SCTRACE_LEN_RET		= 2,
	SCTRACE_LEN_ARGPTR	= 3,
	SCTRACE_LEN_MAX		= 3,
};

#define SCTRACE_ABI_X86_64		0
#define SCTRACE_ABI_I386		1
#define SCTRACE_CAP_ENTER		0
#define SCTRACE_CAP_EXIT		1

#define SCTRACE_CAP_F_PATH		0x0001	/* STR: a path, bound PATH_MAX */
#define SCTRACE_CAP_F_RETRY		0x0002	/* STR at entry: if it faults,
						 * read it again at exit (the
						 * kernel will have paged it
						 * in): an exit item with
						 * SCTRACE_ITEM_RETRY
						 */
#define SCTRACE_CAP_F_ON_ERROR		0x0004	/* exit: copy on error too */
#define SCTRACE_CAP_F_BITS		0x0008	/* BUF: the count is in bits */
#define SCTRACE_CAP_F_ALL		0x000f

struct sctrace_cap_item {
	__u16 nr;		/* syscall number in the abi's table */
	__u8 abi;		/* SCTRACE_ABI_* */
	__u8 when;		/* SCTRACE_CAP_ENTER or SCTRACE_CAP_EXIT */
	__u8 arg;		/* the pointer argument, 0..5 */
	__u8 kind;		/* enum sctrace_cap_kind */
	__u8 len_src;		/* enum sctrace_cap_len */
	__u8 len_arg;		/* ARG, ARGPTR: the count's argument, 0..5 */
	__u16 size;		/* BUF: bytes (NONE) or element bytes;
				 * STRARR: strings to copy; others 0
				 */
	__u16 flags;		/* SCTRACE_CAP_F_* */
	__u32 reserved;		/* zero */
};

struct sctrace_capture {
	__u32 size;
	__u32 flags;			/* zero */
	__u32 nitems;			/* <= SCTRACE_CAP_MAX_ITEMS */
	__u32 item_size;		/* the caller's sizeof(struct
					 * sctrace_cap_item)
					 */
	__u64 items;			/* user address of the items */
};

#if !defined(__VMLINUX_H__)
#define SCTRACE_IOC_GET_INFO	_IOWR(SCTRACE_IOC_MAGIC, 0x01, struct sctrace_info)
#define SCTRACE_IOC_SET_FILTER	_IOW(SCTRACE_IOC_MAGIC, 0x02, struct sctrace_filter)
#define SCTRACE_IOC_SET_SNAPLEN	_IOW(SCTRACE_IOC_MAGIC, 0x03, struct sctrace_snaplen)
#define SCTRACE_IOC_START	_IOW(SCTRACE_IOC_MAGIC, 0x04, struct sctrace_start)
#define SCTRACE_IOC_STOP	_IOW(SCTRACE_IOC_MAGIC, 0x05, struct sctrace_stop)
#define SCTRACE_IOC_GET_COUNTERS _IOWR(SCTRACE_IOC_MAGIC, 0x06, struct sctrace_counters)
#define SCTRACE_IOC_RESET_COUNTERS _IOW(SCTRACE_IOC_MAGIC, 0x07, struct sctrace_reset)
#define SCTRACE_IOC_SYNC	_IOW(SCTRACE_IOC_MAGIC, 0x08, struct sctrace_sync)
#define SCTRACE_IOC_SET_CAPTURE	_IOW(SCTRACE_IOC_MAGIC, 0x09, struct sctrace_capture)
#endif

/* Sizes are ABI: a change here is a new schema or API version. */
#ifdef __cplusplus
#define SCTRACE_ASSERT_SIZE(type, n) static_assert(sizeof(type) == (n), #type)
#else
#define SCTRACE_ASSERT_SIZE(type, n) _Static_assert(sizeof(type) == (n), #type)
#endif
SCTRACE_ASSERT_SIZE(struct sctrace_hdr, 24);
SCTRACE_ASSERT_SIZE(struct sctrace_sys_enter, 80);
SCTRACE_ASSERT_SIZE(struct sctrace_item, 4);
SCTRACE_ASSERT_SIZE(struct sctrace_iov_data, 8);
SCTRACE_ASSERT_SIZE(struct sctrace_msg_data, 72);
SCTRACE_ASSERT_SIZE(struct sctrace_strarr_data, 8);
SCTRACE_ASSERT_SIZE(struct sctrace_cap_item, 16);
SCTRACE_ASSERT_SIZE(struct sctrace_capture, 24);
SCTRACE_ASSERT_SIZE(struct sctrace_sys_exit, 40);
SCTRACE_ASSERT_SIZE(struct sctrace_fork, 40);
SCTRACE_ASSERT_SIZE(struct sctrace_task_exit, 32);
SCTRACE_ASSERT_SIZE(struct sctrace_lost, 32);
SCTRACE_ASSERT_SIZE(struct sctrace_cpu_counters, 64);
SCTRACE_ASSERT_SIZE(struct sctrace_ctrl, 200);
SCTRACE_ASSERT_SIZE(struct sctrace_info, 64);
SCTRACE_ASSERT_SIZE(struct sctrace_filter, 912);
SCTRACE_ASSERT_SIZE(struct sctrace_snaplen, 8);
SCTRACE_ASSERT_SIZE(struct sctrace_start, 16);
SCTRACE_ASSERT_SIZE(struct sctrace_stop, 8);
SCTRACE_ASSERT_SIZE(struct sctrace_counters, 104);
SCTRACE_ASSERT_SIZE(struct sctrace_reset, 8);
SCTRACE_ASSERT_SIZE(struct sctrace_sync, 8);

#endif /* SCTRACE_ABI_H */
