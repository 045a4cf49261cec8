// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Syscall number <-> name, over the generated tables. */
#include <errno.h>
#include <string.h>

#include "sctrace_abi.h"
#include "syscall_names.h"	/* generated: sctrace_syscall_names[] */
#include "syscall_names_32.h"	/* generated: sctrace_syscall_names_i386[] */
#include "syscalls.h"

static const char *const *sct_syscall__table(unsigned int abi)
{
	switch (abi) {
	case SCTRACE_ABI_X86_64:
		return sctrace_syscall_names;
	case SCTRACE_ABI_I386:
		return sctrace_syscall_names_i386;
	}
	return NULL;
}

const char *sct_syscall__name_abi(unsigned int abi, unsigned int nr)
{
	const char *const *names = sct_syscall__table(abi);

	return names && nr < SCTRACE_MAX_SYSCALLS ? names[nr] : NULL;
}

int sct_syscall__lookup_abi(unsigned int abi, const char *name)
{
	const char *const *names = sct_syscall__table(abi);
	unsigned int nr;

	for (nr = 0; names && nr < SCTRACE_MAX_SYSCALLS; nr++)
		if (names[nr] && !strcmp(names[nr], name))
			return (int)nr;
	return -ENOENT;
}

const char *sct_syscall__name(unsigned int nr)
{
	return sct_syscall__name_abi(SCTRACE_ABI_X86_64, nr);
}

int sct_syscall__lookup(const char *name)
{
	return sct_syscall__lookup_abi(SCTRACE_ABI_X86_64, name);
}
