/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * The C types the syscall table's memory types (.type lines of
 * syscalls.tbl) are measured with: glibc's where glibc has the kernel's
 * layout, the uapi headers' where they do not clash with glibc, and below,
 * for what neither has (or what the installed uapi headers are too old
 * for), the x86-64 kernel's layout written out. The generated table
 * asserts every size the table states.
 */
#ifndef SCT_KABI_H
#define SCT_KABI_H

#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <utime.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <linux/aio_abi.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/kexec.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux/types.h>

/* rt_sigaction's struct sigaction (arch/x86/include/uapi/asm/signal.h). */
struct sct_ksigaction {
	__u64 handler;
	__u64 flags;
	__u64 restorer;
	__u64 mask;		/* kernel sigset_t: 64 signals */
};

/* ustat(2)'s struct ustat (include/linux/types.h; glibc dropped it). */
struct sct_ustat {
	__kernel_daddr_t f_tfree;
	unsigned long f_tinode;
	char f_fname[6];
	char f_fpack[6];
};

/* cachestat(2) (Linux 6.5, include/uapi/linux/mman.h). */
struct sct_cachestat_range {
	__u64 off;
	__u64 len;
};

struct sct_cachestat {
	__u64 nr_cache;
	__u64 nr_dirty;
	__u64 nr_writeback;
	__u64 nr_evicted;
	__u64 nr_recently_evicted;
};

/*
 * TCGETS' and TCSETS*' struct termios, the kernel's
 * (arch/x86/include/uapi/asm/termbits.h via asm-generic: no speeds
 * after c_cc, unlike glibc's).
 */
struct sct_termios {
	__u32 c_iflag;
	__u32 c_oflag;
	__u32 c_cflag;
	__u32 c_lflag;
	__u8 c_line;
	__u8 c_cc[19];
};

#endif /* SCT_KABI_H */
