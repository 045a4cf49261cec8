/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Errno names as the kernel returns them: the uapi ones (generated from
 * asm-generic/errno*.h) and the kernel-internal ones a raw sys_exit can
 * show (ERESTARTSYS...), which no libc names.
 */
#ifndef SCT_ERRNAMES_H
#define SCT_ERRNAMES_H

/* "ENOENT" for 2; NULL when unknown. */
const char *sct_errno__name(unsigned int err);

#endif /* SCT_ERRNAMES_H */
