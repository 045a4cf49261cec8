// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * strace's -e status=SET: its words, and which of them a call's end is;
 * -e signal=SET: which signals' "--- SIG... ---" lines are printed.
 */
#define _GNU_SOURCE	/* strchrnul */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "print/pr.h"
#include "print/print.h"

#define SCT_MAX_ERRNO	4095	/* the kernel's MAX_ERRNO */

static const struct {
	const char *word;
	unsigned int bit;
} sct_status_words[] = {
	{ "successful", SCT_STATUS_SUCCESSFUL },
	{ "failed", SCT_STATUS_FAILED },
	{ "unfinished", SCT_STATUS_UNFINISHED },
	{ "unavailable", SCT_STATUS_UNAVAILABLE },
	{ "detached", SCT_STATUS_DETACHED },
	{ "all", SCT_STATUS_ALL },
	{ "none", 0 },
};

/* The bits of word, or -1 if it names none. */
static int sct_status__word(const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(sct_status_words) / sizeof(sct_status_words[0]); i++)
		if (strlen(sct_status_words[i].word) == len &&
		    !strncmp(word, sct_status_words[i].word, len))
			return (int)sct_status_words[i].bit;
	return -1;
}

/*
 * An -e set, "[!]word,word...": the bits of each word (from bits(), false
 * for a word it does not know) ORed into *mask; *invert for a leading '!'.
 * -1 for an unknown word or an empty set. Empty words are skipped, as in
 * -e trace=.
 */
static int sct_set__words(const char *set, bool *invert, uint64_t *mask,
			  bool (*bits)(const char *word, size_t len, uint64_t *b))
{
	const char *w, *end;
	uint64_t b;

	*invert = *set == '!';
	set += *invert;
	if (!*set)
		return -1;
	*mask = 0;
	for (w = set; *w; w = *end ? end + 1 : end) {
		end = strchrnul(w, ',');
		if (end == w)
			continue;
		if (!bits(w, (size_t)(end - w), &b))
			return -1;
		*mask |= b;
	}
	return 0;
}

static bool sct_status__bits(const char *word, size_t len, uint64_t *b)
{
	int bits = sct_status__word(word, len);

	*b = bits < 0 ? 0 : (uint64_t)bits;
	return bits >= 0;
}

int sct_print__status_set(const char *set, unsigned int *status)
{
	unsigned int mask;
	uint64_t bits;
	bool invert;

	if (sct_set__words(set, &invert, &bits, sct_status__bits))
		return -1;
	mask = (unsigned int)bits;
	if (invert)
		mask ^= SCT_STATUS_ALL;
	*status = mask == SCT_STATUS_ALL ? 0 : mask | SCT_STATUS_FILTER;
	return 0;
}

unsigned int sct_print__status_of(int64_t ret)
{
	return ret < 0 && ret >= -SCT_MAX_ERRNO ? SCT_STATUS_FAILED : SCT_STATUS_SUCCESSFUL;
}

/* Signal n (1..64) named word[0..len): "SIGCHLD", "CHLD", "chld", "17"; else 0. */
static unsigned int sct_signal__word(const char *word, size_t len)
{
	const struct sct_constset *set = sct_consts__find("signal", SCT_SET_ENUM);
	const char *name;
	unsigned int n;
	char *end;

	if (len && word[0] >= '0' && word[0] <= '9') {
		n = (unsigned int)strtoul(word, &end, 10);
		return (size_t)(end - word) == len && n >= 1 && n <= 64 ? n : 0;
	}
	if (len > 3 && !strncasecmp(word, "SIG", 3)) {
		word += 3;
		len -= 3;
	}
	for (n = 1; n <= 64; n++) {
		name = sct_consts__name(set, n, 32);
		if (name && strlen(name + 3) == len && !strncasecmp(name + 3, word, len))
			return n;
	}
	return 0;
}

/* The bit of signal word; all: every one, none: none. */
static bool sct_signal__bits(const char *word, size_t len, uint64_t *b)
{
	unsigned int n;

	*b = 0;
	if (len == 3 && !strncmp(word, "all", 3)) {
		*b = ~0ULL;
		return true;
	}
	if (len == 4 && !strncmp(word, "none", 4))
		return true;
	n = sct_signal__word(word, len);
	if (n)
		*b = 1ULL << (n - 1);
	return n;
}

int sct_print__signal_set(const char *set, uint64_t *hidden)
{
	uint64_t shown;
	bool invert;

	if (sct_set__words(set, &invert, &shown, sct_signal__bits))
		return -1;
	*hidden = invert ? shown : ~shown;
	return 0;
}
