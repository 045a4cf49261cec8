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
#define SCTRACE_API_VERSION_MINOR	1	/* 1: SCTRACE_IOC_SYNC */
#define SCTRACE_SCHEMA_VERSION		2	/* 2: SCTRACE_REC_LOST */
#define SCTRACE_SCHEMA_OLDEST		1

#define SCTRACE_DEVICE_NAME		"sctrace"

/* Syscall numbers at or above this are neither filtered nor traced. */
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
	SCTRACE_REC_TYPE_MAX	= 5,
};

struct sctrace_hdr {
	__u32 len;	/* bytes, including this header */
	__u16 type;	/* enum sctrace_rec_type */
	__u16 cpu;	/* CPU that produced the record */
	__u32 tid;	/* kernel pid of the thread */
	__u32 tgid;	/* kernel tgid (process id) */
	__u64 ts_ns;	/* CLOCK_MONOTONIC ns (ktime_get_mono_fast_ns) */
};

/* hdr.flags-like summary bits in sctrace_sys_enter.flags */
#define SCTRACE_ENTER_STR_TRUNC		0x0001	/* some string truncated */
#define SCTRACE_ENTER_STR_FAULT		0x0002	/* some string copy faulted */

struct sctrace_sys_enter {
	struct sctrace_hdr hdr;
	__u32 nr;		/* syscall number (x86_64 table) */
	__u16 nstr;		/* struct sctrace_str items that follow */
	__u16 flags;		/* SCTRACE_ENTER_* */
	__u64 args[SCTRACE_MAX_ARGS];
	/* then nstr x (struct sctrace_str + data), then zero padding */
};

/*
 * A string argument copied from user memory with a non-faulting read.
 * Followed by len bytes (no NUL); the next item starts at the next
 * 4-byte boundary (SCTRACE_STR_NEXT).
 */
#define SCTRACE_STR_TRUNC		0x01	/* longer than snaplen: cut */
#define SCTRACE_STR_FAULT		0x02	/* copy faulted: len == 0 */

struct sctrace_str {
	__u16 len;	/* bytes of data that follow */
	__u8 arg;	/* argument index, 0..5 */
	__u8 flags;	/* SCTRACE_STR_* */
};

#define SCTRACE_STR_SIZE(len)	(((len) + sizeof(struct sctrace_str) + 3) / 4 * 4)

/* The largest record: an enter record with six strings of the largest snaplen. */
#define SCTRACE_MAX_RECORD	(sizeof(struct sctrace_sys_enter) + \
				 SCTRACE_MAX_ARGS * SCTRACE_STR_SIZE(SCTRACE_MAX_SNAPLEN))

struct sctrace_sys_exit {
	struct sctrace_hdr hdr;
	__u32 nr;		/* syscall number */
	__u32 reserved;		/* zero */
	__s64 ret;		/* return value (negative errno on failure) */
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
 *  counters  written by the producer with plain stores after each record
 *            (snapshot only; SCTRACE_IOC_GET_COUNTERS is authoritative).
 * Whatever userspace writes to this page, the kernel reads back only
 * cons_pos.
 */
struct sctrace_cpu_counters {
	__u64 written;		/* records committed to the ring */
	__u64 dropped_full;	/* records dropped: ring full */
	__u64 dropped_busy;	/* records dropped: ring busy (re-entry) */
	__u64 faults;		/* string copies that faulted */
	__u64 truncated;	/* strings cut at snaplen */
	__u64 cons_invalid;	/* records dropped: bogus cons_pos */
	__u64 reserved[2];
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
	__u32 reserved;
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
	 * user string to copy into the enter record (bits 6, 7 zero)
	 */
	__u8 strargs[SCTRACE_MAX_SYSCALLS];
};

struct sctrace_snaplen {
	__u32 size;
	__u32 snaplen;			/* 0..SCTRACE_MAX_SNAPLEN bytes */
};

struct sctrace_start {
	__u32 size;
	__u32 flags;			/* zero */
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
	__u64 reserved[3];
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

#if !defined(__VMLINUX_H__)
#define SCTRACE_IOC_GET_INFO	_IOWR(SCTRACE_IOC_MAGIC, 0x01, struct sctrace_info)
#define SCTRACE_IOC_SET_FILTER	_IOW(SCTRACE_IOC_MAGIC, 0x02, struct sctrace_filter)
#define SCTRACE_IOC_SET_SNAPLEN	_IOW(SCTRACE_IOC_MAGIC, 0x03, struct sctrace_snaplen)
#define SCTRACE_IOC_START	_IOW(SCTRACE_IOC_MAGIC, 0x04, struct sctrace_start)
#define SCTRACE_IOC_STOP	_IOW(SCTRACE_IOC_MAGIC, 0x05, struct sctrace_stop)
#define SCTRACE_IOC_GET_COUNTERS _IOWR(SCTRACE_IOC_MAGIC, 0x06, struct sctrace_counters)
#define SCTRACE_IOC_RESET_COUNTERS _IOW(SCTRACE_IOC_MAGIC, 0x07, struct sctrace_reset)
#define SCTRACE_IOC_SYNC	_IOW(SCTRACE_IOC_MAGIC, 0x08, struct sctrace_sync)
#endif

/* Sizes are ABI: a change here is a new schema or API version. */
#ifdef __cplusplus
#define SCTRACE_ASSERT_SIZE(type, n) static_assert(sizeof(type) == (n), #type)
#else
#define SCTRACE_ASSERT_SIZE(type, n) _Static_assert(sizeof(type) == (n), #type)
#endif
SCTRACE_ASSERT_SIZE(struct sctrace_hdr, 24);
SCTRACE_ASSERT_SIZE(struct sctrace_sys_enter, 80);
SCTRACE_ASSERT_SIZE(struct sctrace_str, 4);
SCTRACE_ASSERT_SIZE(struct sctrace_sys_exit, 40);
SCTRACE_ASSERT_SIZE(struct sctrace_fork, 40);
SCTRACE_ASSERT_SIZE(struct sctrace_task_exit, 32);
SCTRACE_ASSERT_SIZE(struct sctrace_lost, 32);
SCTRACE_ASSERT_SIZE(struct sctrace_cpu_counters, 64);
SCTRACE_ASSERT_SIZE(struct sctrace_ctrl, 200);
SCTRACE_ASSERT_SIZE(struct sctrace_info, 64);
SCTRACE_ASSERT_SIZE(struct sctrace_filter, 848);
SCTRACE_ASSERT_SIZE(struct sctrace_snaplen, 8);
SCTRACE_ASSERT_SIZE(struct sctrace_start, 16);
SCTRACE_ASSERT_SIZE(struct sctrace_stop, 8);
SCTRACE_ASSERT_SIZE(struct sctrace_counters, 104);
SCTRACE_ASSERT_SIZE(struct sctrace_reset, 8);
SCTRACE_ASSERT_SIZE(struct sctrace_sync, 8);

#endif /* SCTRACE_ABI_H */
