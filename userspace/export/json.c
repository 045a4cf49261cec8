// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* JSON strings from arbitrary bytes (json.h). */
#include <string.h>

#include "export/json.h"

size_t sct_json__utf8_len(const uint8_t *s, size_t n)
{
	uint8_t lo = 0x80, hi = 0xbf;	/* the second byte's range */
	size_t len, i;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;	/* a continuation byte, C0/C1 (overlong), F5..FF */
	if (s[0] == 0xe0)
		lo = 0xa0;	/* overlong below U+0800 */
	else if (s[0] == 0xed)
		hi = 0x9f;	/* U+D800..U+DFFF: surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90;	/* overlong below U+10000 */
	else if (s[0] == 0xf4)
		hi = 0x8f;	/* above U+10FFFF */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

void sct_json__str(FILE *out, const void *p, size_t n)
{
	static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */
	const uint8_t *s = p;
	size_t i = 0, len;

	fputc('"', out);
	while (i < n) {
		len = sct_json__utf8_len(s + i, n - i);
		if (!len) {
			fputs(replacement, out);
			i++;
			continue;
		}
		if (len > 1) {
			fwrite(s + i, 1, len, out);
		} else if (s[i] == '"' || s[i] == '\\') {
			fputc('\\', out);
			fputc(s[i], out);
		} else if (s[i] == '\n') {
			fputs("\\n", out);
		} else if (s[i] == '\t') {
			fputs("\\t", out);
		} else if (s[i] == '\r') {
			fputs("\\r", out);
		} else if (s[i] < 0x20) {
			fprintf(out, "\\u%04x", s[i]);
		} else {
			fputc(s[i], out);
		}
		i += len;
	}
	fputc('"', out);
}

void sct_json__cstr(FILE *out, const char *s)
{
	sct_json__str(out, s, strlen(s));
}
