// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* The syscall descriptions (sysdesc.h): the generated table, looked up. */
#include <stdlib.h>
#include <string.h>

#include "kabi.h"		/* the types the table measures */
#include "sysdesc.h"
#include "syscalls.h"

#include "sysdesc_table.h"	/* generated: sct_ctypes[], sct_sysdescs[], sct_leftouts[] */

#define SCT_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int sct_sysdesc__cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sct_sysdesc *)elem)->name);
}

const struct sct_sysdesc *sct_sysdesc__find(const char *name)
{
	return bsearch(name, sct_sysdescs, SCT_ARRAY_SIZE(sct_sysdescs),
		       sizeof(sct_sysdescs[0]), sct_sysdesc__cmp);
}

const struct sct_sysdesc *sct_sysdesc__by_nr(unsigned int nr)
{
	const char *name = sct_syscall__name(nr);

	return name ? sct_sysdesc__find(name) : NULL;
}

size_t sct_sysdesc__count(void)
{
	return SCT_ARRAY_SIZE(sct_sysdescs);
}

const struct sct_sysdesc *sct_sysdesc__at(size_t i)
{
	return i < SCT_ARRAY_SIZE(sct_sysdescs) ? &sct_sysdescs[i] : NULL;
}

const struct sct_ctypedesc *sct_sysdesc__ctype(unsigned int t)
{
	return t && t < SCT_T_COUNT ? &sct_ctypes[t] : NULL;
}

const char *sct_sysdesc__leftout(const char *name)
{
	size_t i;

	for (i = 0; i < SCT_ARRAY_SIZE(sct_leftouts); i++)
		if (sct_leftouts[i].name && !strcmp(sct_leftouts[i].name, name))
			return sct_leftouts[i].why;
	return NULL;
}

const char *sct_sysdesc__class_name(unsigned int i)
{
	static const char *const names[SCT_CLASS_COUNT] = {
		"file", "desc", "network", "process", "memory",
		"signal", "ipc", "creds", "clock",
	};

	return i < SCT_CLASS_COUNT ? names[i] : NULL;
}
