// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * -e lists into the filter's syscall bitmaps, x86-64 and i386: names,
 * numbers, strace's trace classes (%file ..., from the syscall table),
 * /REGEX, all, none, and a leading '!'.
 */
#include <errno.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "syscalls.h"
#include "decode/sysdesc.h"

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

/* The SCT_CLASS_* bit strace names word (%file, %net, or file), or 0. */
static unsigned int sct_filter__class(const char *word)
{
	unsigned int i;
	const char *name;

	if (*word == '%')
		word++;
	if (!strcmp(word, "net"))	/* strace's short %network */
		word = "network";
	for (i = 0; (name = sct_sysdesc__class_name(i)); i++)
		if (!strcmp(word, name))
			return 1U << i;
	return 0;
}

/*
 * The syscalls of class bit: those the table (syscalls.tbl) gives it, in
 * both tables (the i386 ones through the table's i386= names too).
 */
static void sct_filter__add_class(struct sctrace_filter *f, unsigned int bit)
{
	const struct sct_sysdesc *d;
	size_t i, j;

	for (i = 0; i < sct_sysdesc__count(); i++) {
		d = sct_sysdesc__at(i);
		if (!(d->classes & bit))
			continue;
		sct_filter__set_name(f, d->name);
		for (j = 0; j < SCT_SYSDESC_I386_MAX && d->i386[j]; j++)
			sct_filter__set_name(f, d->i386[j]);
	}
}

/* /REGEX: every syscall of either table whose name it matches. */
static int sct_filter__add_regex(struct sctrace_filter *f, const char *re,
				 char *err, size_t errlen)
{
	char why[80];
	unsigned int abi, nr;
	const char *name;
	regex_t rx;
	int ret;

	ret = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
	if (ret) {
		regerror(ret, &rx, why, sizeof(why));
		snprintf(err, errlen, "regular expression '%s': %s", re, why);
		return -EINVAL;
	}
	for (abi = SCTRACE_ABI_X86_64; abi <= SCTRACE_ABI_I386; abi++) {
		for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++) {
			name = sct_syscall__name_abi(abi, nr);
			if (name && !regexec(&rx, name, 0, NULL, 0))
				sct_filter__bits(f, abi)[nr / 64] |= 1ULL << (nr % 64);
		}
	}
	regfree(&rx);
	return 0;
}

/* A syscall number: an x86-64 one, and the i386 syscall of its name. */
static int sct_filter__add_number(struct sctrace_filter *f, const char *word,
				  char *err, size_t errlen)
{
	const char *name;
	unsigned long nr;
	char *end;

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

/*
 * One word of the list: a syscall name or number, a class, /REGEX, all
 * or none; "?NAME" is no error when unknown (strace's ?).
 */
static int sct_filter__add_word(struct sctrace_filter *f, const char *word,
				char *err, size_t errlen)
{
	bool optional = *word == '?';
	unsigned int bit;

	word += optional;
	if (*word >= '0' && *word <= '9')
		return sct_filter__add_number(f, word, err, errlen);
	if (*word == '/')
		return sct_filter__add_regex(f, word + 1, err, errlen);
	if (!strcmp(word, "all")) {
		sct_filter__add_all_syscalls(f);
		return 0;
	}
	if (!strcmp(word, "none"))
		return 0;
	if (!sct_filter__set_name(f, word))
		return 0;
	bit = sct_filter__class(word);
	if (bit) {
		sct_filter__add_class(f, bit);
		return 0;
	}
	if (optional)
		return 0;
	if (*word == '%')
		snprintf(err, errlen,
			 "unknown class '%s' (sctrace has %%file %%desc %%network %%net %%process %%memory %%signal %%ipc %%creds %%clock; not strace's %%stat %%lstat %%fstat %%%%stat %%statfs %%fstatfs %%%%statfs %%pure)",
			 word);
	else
		snprintf(err, errlen,
			 "unknown syscall '%s' (in neither this build's x86_64 nor its i386 syscall table)",
			 word);
	return -EINVAL;
}

/* Inverts both tables: "!LIST" is every syscall but those of LIST. */
static void sct_filter__invert(struct sctrace_filter *f)
{
	size_t i;

	for (i = 0; i < sizeof(f->syscalls) / sizeof(f->syscalls[0]); i++)
		f->syscalls[i] = ~f->syscalls[i];
	for (i = 0; i < sizeof(f->syscalls32) / sizeof(f->syscalls32[0]); i++)
		f->syscalls32[i] = ~f->syscalls32[i];
}

/* The list without "trace=" or "t=" in front, as strace takes it. */
static const char *sct_filter__list(const char *list)
{
	if (!strncmp(list, "trace=", 6))
		return list + 6;
	if (!strncmp(list, "t=", 2))
		return list + 2;
	return list;
}

int sct_filter__add_syscalls(struct sctrace_filter *f, const char *list,
			     char *err, size_t errlen)
{
	char *copy, *word, *next;
	unsigned int words = 0;
	int ret = 0;

	list = sct_filter__list(list);
	copy = strdup(list);
	if (!copy) {
		snprintf(err, errlen, "cannot copy the -e list: %s", strerror(ENOMEM));
		return -ENOMEM;
	}
	/* empty words between commas are skipped, as strace does */
	for (word = copy; word && !ret; word = next) {
		next = strchr(word, ',');
		if (next)
			*next++ = '\0';
		if (*word) {
			ret = sct_filter__add_word(f, word, err, errlen);
			words++;
		}
	}
	free(copy);
	if (!ret && !words) {	/* "", ",": strace's "invalid system call" too */
		snprintf(err, errlen, "empty syscall name in the -e list");
		return -EINVAL;
	}
	return ret;
}

int sct_filter__set_trace(struct sctrace_filter *f, const char *expr,
			  char *err, size_t errlen)
{
	struct sctrace_filter set;
	bool invert;
	int ret;

	expr = sct_filter__list(expr);
	invert = *expr == '!';
	memset(&set, 0, sizeof(set));
	ret = sct_filter__add_syscalls(&set, expr + invert, err, errlen);
	if (ret)
		return ret;
	if (invert)
		sct_filter__invert(&set);
	memcpy(f->syscalls, set.syscalls, sizeof(f->syscalls));
	memcpy(f->syscalls32, set.syscalls32, sizeof(f->syscalls32));
	return 0;
}
