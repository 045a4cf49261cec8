/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * JSON text from arbitrary bytes: every string written is valid UTF-8
 * and valid JSON (RFC 8259, and I-JSON's stricter rules: no lone
 * surrogates), whatever the bytes a traced program passed. Valid UTF-8
 * goes through as it is; '"', '\\' and the control characters (NUL
 * included) are escaped; each byte that does not belong to a valid UTF-8
 * sequence (a stray continuation byte, an overlong or cut-short sequence,
 * an encoded surrogate, anything above U+10FFFF) becomes U+FFFD. The
 * exact bytes are in the capture (-w, -r).
 */
#ifndef SCT_JSON_H
#define SCT_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Bytes of the valid UTF-8 sequence s[0..n) starts with, or 0. */
size_t sct_json__utf8_len(const uint8_t *s, size_t n);
/* s[0..n) as a JSON string, quotes included. */
void sct_json__str(FILE *out, const void *s, size_t n);
/* A C string, the same way. */
void sct_json__cstr(FILE *out, const char *s);

#endif /* SCT_JSON_H */
