// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* -e lists into the filter's syscall bitmaps, x86-64 and i386. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "syscalls.h"

static __u64 *sct_filter__bits(struct sctrace_filter *f, unsigned int abi)
{
	return abi == SCTRACE_ABI_I386 ? f->syscalls32 : f->syscalls;
}

int sct_filter__has_syscall_abi(const struct sctrace_filter *f, unsigned int abi,
				unsigned int nr)
{
	const __u64 *bits = abi == SCTRACE_ABI_I386 ? f->syscalls32 : f->syscalls;

	return nr < SCTRACE_MAX_SYSCALLS && ((bits[nr / 64] >> (nr % 64)) & 1);
}

int sct_filter__has_syscall(const struct sctrace_filter *f, unsigned int nr)
{
	return sct_filter__has_syscall_abi(f, SCTRACE_ABI_X86_64, nr);
}

void sct_filter__add_all_syscalls(struct sctrace_filter *f)
{
	memset(f->syscalls, 0xff, sizeof(f->syscalls));
	memset(f->syscalls32, 0xff, sizeof(f->syscalls32));
}

/* Sets name in each table that has it; 0 if some table has it. */
static int sct_filter__set_name(struct sctrace_filter *f, const char *name)
{
	unsigned int abi;
	int nr, ret = -ENOENT;

	for (abi = SCTRACE_ABI_X86_64; abi <= SCTRACE_ABI_I386; abi++) {
		nr = sct_syscall__lookup_abi(abi, name);
		if (nr < 0)
			continue;
		sct_filter__bits(f, abi)[nr / 64] |= 1ULL << (nr % 64);
		ret = 0;
	}
	return ret;
}

/* One word of the list: a syscall name or number. */
static int sct_filter__add_word(struct sctrace_filter *f, const char *word,
				char *err, size_t errlen)
{
	const char *name;
	unsigned long nr;
	char *end;

	if (!*word) {
		snprintf(err, errlen, "empty syscall name in the -e list");
		return -EINVAL;
	}
	if (*word >= '0' && *word <= '9') {
		errno = 0;
		nr = strtoul(word, &end, 10);
		if (*end || errno || nr >= SCTRACE_MAX_SYSCALLS) {
			snprintf(err, errlen, "syscall number '%s' is not in 0..%d",
				 word, SCTRACE_MAX_SYSCALLS - 1);
			return -EINVAL;
		}
		f->syscalls[nr / 64] |= 1ULL << (nr % 64);
		name = sct_syscall__name(nr);
		if (name)
			sct_filter__set_name(f, name);
		return 0;
	}
	if (sct_filter__set_name(f, word) < 0) {
		snprintf(err, errlen,
			 "unknown syscall '%s' (in neither this build's x86_64 nor its i386 syscall table)",
			 word);
		return -EINVAL;
	}
	return 0;
}

int sct_filter__add_syscalls(struct sctrace_filter *f, const char *list,
			     char *err, size_t errlen)
{
	char *copy, *word, *next;
	int ret = 0;

	if (!strncmp(list, "trace=", 6))
		list += 6;
	copy = strdup(list);
	if (!copy) {
		snprintf(err, errlen, "cannot copy the -e list: %s", strerror(ENOMEM));
		return -ENOMEM;
	}
	for (word = copy; word && !ret; word = next) {
		next = strchr(word, ',');
		if (next)
			*next++ = '\0';
		ret = sct_filter__add_word(f, word, err, errlen);
	}
	free(copy);
	return ret;
}
