// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * JSON strings from hostile bytes (export/json.h): NUL and control
 * characters, quotes and backslashes, valid UTF-8 of every length kept,
 * and each kind of invalid UTF-8 (stray continuation, overlong, encoded
 * surrogate, above U+10FFFF, cut short, F5..FF) replaced by U+FFFD.
 */
#define _GNU_SOURCE	/* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export/json.h"

#define FFFD "\xef\xbf\xbd"

static void expect_json(const char *golden, const void *s, size_t n)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	sct_json__str(f, s, n);
	fclose(f);
	assert_string_equal(golden, text);
	free(text);
}

static void plain_ascii(void **state)
{
	(void)state;
	expect_json("\"/etc/hostname\"", "/etc/hostname", 13);
	expect_json("\"\"", "", 0);
}

static void quotes_backslash_controls(void **state)
{
	(void)state;
	expect_json("\"a\\\"b\\\\c\"", "a\"b\\c", 5);
	expect_json("\"\\n\\t\\r\\u0001\\u001f\\u0008\\u000c\x7f\"", "\n\t\r\x01\x1f\b\f\x7f", 8);
}

static void nul_inside(void **state)
{
	(void)state;
	expect_json("\"a\\u0000b\\u0000\"", "a\0b\0", 4);
}

static void valid_utf8_kept(void **state)
{
	(void)state;
	/* é (2 bytes), € (3), U+FFFF (3), 😀 (4), U+10FFFF (4) */
	expect_json("\"\xc3\xa9\xe2\x82\xac\xef\xbf\xbf\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"",
		    "\xc3\xa9\xe2\x82\xac\xef\xbf\xbf\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 16);
}

static void invalid_utf8_replaced(void **state)
{
	(void)state;
	expect_json("\"" FFFD "\"", "\xff", 1);
	expect_json("\"" FFFD "a\"", "\x80" "a", 2);			/* stray continuation */
	expect_json("\"" FFFD FFFD "\"", "\xc0\xaf", 2);			/* overlong '/' */
	expect_json("\"" FFFD FFFD FFFD "\"", "\xe0\x80\xaf", 3);		/* overlong, 3 bytes */
	expect_json("\"" FFFD FFFD FFFD "\"", "\xed\xa0\x80", 3);		/* U+D800 */
	expect_json("\"" FFFD FFFD FFFD FFFD "\"", "\xf4\x90\x80\x80", 4);	/* U+110000 */
	expect_json("\"" FFFD "\"", "\xe2\x82", 2 - 1);			/* cut short */
	expect_json("\"" FFFD FFFD "x\"", "\xe2\x82x", 3);			/* cut by 'x' */
	expect_json("\"" FFFD "\\u0000\"", "\xf5\0", 2);
}

static void utf8_len(void **state)
{
	(void)state;
	assert_int_equal(1, sct_json__utf8_len((const uint8_t *)"a", 1));
	assert_int_equal(2, sct_json__utf8_len((const uint8_t *)"\xc2\x80", 2));
	assert_int_equal(0, sct_json__utf8_len((const uint8_t *)"\xc2\x80", 1));
	assert_int_equal(3, sct_json__utf8_len((const uint8_t *)"\xed\x9f\xbf", 3));	/* U+D7FF */
	assert_int_equal(0, sct_json__utf8_len((const uint8_t *)"\xf0\x8f\xbf\xbf", 4));
	assert_int_equal(0, sct_json__utf8_len((const uint8_t *)"", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_ascii),
		cmocka_unit_test(quotes_backslash_controls),
		cmocka_unit_test(nul_inside),
		cmocka_unit_test(valid_utf8_kept),
		cmocka_unit_test(invalid_utf8_replaced),
		cmocka_unit_test(utf8_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
