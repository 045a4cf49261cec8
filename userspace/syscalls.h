/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * x86_64 syscall names, from the table gen-names.sh generates out of the
 * kernel's unistd_64.h at build time.
 */
#ifndef SCT_SYSCALLS_H
#define SCT_SYSCALLS_H

/* The name of syscall nr, or NULL if the table has none. */
const char *sct_syscall__name(unsigned int nr);
/* The number of the syscall called name, or -ENOENT. */
int sct_syscall__lookup(const char *name);

#endif /* SCT_SYSCALLS_H */
