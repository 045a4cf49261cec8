// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Strings and buffers as strace quotes them: C escapes, octal for other
 * bytes (three digits when an octal digit follows); -x: a string with a
 * byte that is neither printable nor \t\n\v\f\r all in \xHH; -xx: every
 * string in \xHH. -s: at most strsize bytes, then "...".
 */
#include "print/pr.h"

static int sct_str__printable(uint8_t c)
{
	return c >= ' ' && c <= '~';
}

/* -x: hex when some byte is not printable and no usual escape */
static int sct_str__hex(const struct sct_pr *p, const uint8_t *s, size_t n)
{
	size_t i;

	if (p->xflag > 1)
		return 1;
	if (!p->xflag)
		return 0;
	for (i = 0; i < n; i++)
		if (!sct_str__printable(s[i]) && !memchr("\t\n\v\f\r", s[i], 5))
			return 1;
	return 0;
}

static const char *sct_str__escape(uint8_t c)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\t': return "\\t";
	case '\n': return "\\n";
	case '\v': return "\\v";
	case '\f': return "\\f";
	case '\r': return "\\r";
	}
	return NULL;
}

void sct_pr__str(const struct sct_pr *p, const uint8_t *s, size_t len, size_t limit, int cut)
{
	size_t n = len > limit ? limit : len, i;
	int hex = sct_str__hex(p, s, n);
	const char *esc;

	fputc('"', p->out);
	for (i = 0; i < n; i++) {
		esc = sct_str__escape(s[i]);
		if (hex)
			fprintf(p->out, "\\x%02x", s[i]);
		else if (esc)
			fputs(esc, p->out);
		else if (sct_str__printable(s[i]))
			fputc(s[i], p->out);
		else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7')
			fprintf(p->out, "\\%03o", s[i]);
		else
			fprintf(p->out, "\\%o", s[i]);
	}
	fputc('"', p->out);
	if (cut || n < len)
		fputs("...", p->out);
}
