// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Syscall number <-> name, over the generated table. */
#include <errno.h>
#include <string.h>

#include "sctrace_abi.h"
#include "syscall_names.h"	/* generated: sctrace_syscall_names[] */
#include "syscalls.h"

const char *sct_syscall__name(unsigned int nr)
{
	return nr < SCTRACE_MAX_SYSCALLS ? sctrace_syscall_names[nr] : NULL;
}

int sct_syscall__lookup(const char *name)
{
	unsigned int nr;

	for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
		if (sctrace_syscall_names[nr] && !strcmp(sctrace_syscall_names[nr], name))
			return (int)nr;
	return -ENOENT;
}
