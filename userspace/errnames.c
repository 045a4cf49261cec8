// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Errno number -> name. */
#include <stddef.h>

#include "errnames.h"

#include "errno_names.h"	/* generated: sctrace_errno_names[] */

#define SCT_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define SCT_ERRNO_KERNEL_BASE	512	/* ERESTARTSYS */

/*
 * From the kernel's include/linux/errno.h: never returned to user space,
 * but sys_exit runs before signal handling turns them into EINTR or a
 * restart, so a tracer sees them (strace names them the same way).
 */
static const char *const sct_errno_kernel[] = {
	[512 - SCT_ERRNO_KERNEL_BASE] = "ERESTARTSYS",
	[513 - SCT_ERRNO_KERNEL_BASE] = "ERESTARTNOINTR",
	[514 - SCT_ERRNO_KERNEL_BASE] = "ERESTARTNOHAND",
	[515 - SCT_ERRNO_KERNEL_BASE] = "ENOIOCTLCMD",
	[516 - SCT_ERRNO_KERNEL_BASE] = "ERESTART_RESTARTBLOCK",
	[517 - SCT_ERRNO_KERNEL_BASE] = "EPROBE_DEFER",
	[518 - SCT_ERRNO_KERNEL_BASE] = "EOPENSTALE",
	[519 - SCT_ERRNO_KERNEL_BASE] = "ENOPARAM",
	[521 - SCT_ERRNO_KERNEL_BASE] = "EBADHANDLE",
	[522 - SCT_ERRNO_KERNEL_BASE] = "ENOTSYNC",
	[523 - SCT_ERRNO_KERNEL_BASE] = "EBADCOOKIE",
	[524 - SCT_ERRNO_KERNEL_BASE] = "ENOTSUPP",
	[525 - SCT_ERRNO_KERNEL_BASE] = "ETOOSMALL",
	[526 - SCT_ERRNO_KERNEL_BASE] = "ESERVERFAULT",
	[527 - SCT_ERRNO_KERNEL_BASE] = "EBADTYPE",
	[528 - SCT_ERRNO_KERNEL_BASE] = "EJUKEBOX",
	[529 - SCT_ERRNO_KERNEL_BASE] = "EIOCBQUEUED",
	[530 - SCT_ERRNO_KERNEL_BASE] = "ERECALLCONFLICT",
};

const char *sct_errno__name(unsigned int err)
{
	if (err < SCT_ARRAY_SIZE(sctrace_errno_names))
		return sctrace_errno_names[err];
	if (err >= SCT_ERRNO_KERNEL_BASE &&
	    err - SCT_ERRNO_KERNEL_BASE < SCT_ARRAY_SIZE(sct_errno_kernel))
		return sct_errno_kernel[err - SCT_ERRNO_KERNEL_BASE];
	return NULL;
}
