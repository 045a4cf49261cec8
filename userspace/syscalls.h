/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Syscall names by ABI: x86-64 (unistd_64.h) and i386 (unistd_32.h), from
 * the tables gen-names.sh generates out of the kernel headers at build
 * time. abi is SCTRACE_ABI_X86_64 or SCTRACE_ABI_I386 (sctrace_abi.h).
 */
#ifndef SCT_SYSCALLS_H
#define SCT_SYSCALLS_H

/* The name of syscall nr of abi, or NULL if that table has none. */
const char *sct_syscall__name_abi(unsigned int abi, unsigned int nr);
/* The number of the syscall called name in abi's table, or -ENOENT. */
int sct_syscall__lookup_abi(unsigned int abi, const char *name);

/* The same for x86-64. */
const char *sct_syscall__name(unsigned int nr);
int sct_syscall__lookup(const char *name);

#endif /* SCT_SYSCALLS_H */
