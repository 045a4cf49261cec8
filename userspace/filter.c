// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* -e lists into the filter's syscall bitmap. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "syscalls.h"

static void sct_filter__set(struct sctrace_filter *f, unsigned int nr)
{
	f->syscalls[nr / 64] |= 1ULL << (nr % 64);
}

int sct_filter__has_syscall(const struct sctrace_filter *f, unsigned int nr)
{
	return nr < SCTRACE_MAX_SYSCALLS && ((f->syscalls[nr / 64] >> (nr % 64)) & 1);
}

void sct_filter__add_all_syscalls(struct sctrace_filter *f)
{
	memset(f->syscalls, 0xff, sizeof(f->syscalls));
}

/* One word of the list: a syscall name or number. */
static int sct_filter__add_word(struct sctrace_filter *f, const char *word,
				char *err, size_t errlen)
{
	unsigned long nr;
	char *end;
	int ret;

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
		sct_filter__set(f, nr);
		return 0;
	}
	ret = sct_syscall__lookup(word);
	if (ret < 0) {
		snprintf(err, errlen, "unknown syscall '%s' (not in this build's x86_64 syscall table)",
			 word);
		return -EINVAL;
	}
	sct_filter__set(f, ret);
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
