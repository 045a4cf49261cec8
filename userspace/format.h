/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * One text line per record, strace-like:
 *
 *   12.345678901 1234 > openat(0xffffffffffffff9c, "/etc/passwd", 0x80000, 0x0, 0x0, 0x0)
 *   12.345679901 1234 < openat = -2 (ENOENT)
 *   12.345680000 1234 fork child 1235 (process)
 *   12.345690000 1235 exit code 0 (process ended)
 *
 * Pure functions of the record: no state, no clock, no lookup of the live
 * system, so the tests can hold them to golden strings.
 */
#ifndef SCT_FORMAT_H
#define SCT_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "sctrace_abi.h"

/*
 * Writes the line of rec, newline included. Returns 0, or -EBADMSG when
 * the record is malformed (a line saying so is still written).
 */
int sct_format__record(FILE *out, const struct sctrace_hdr *rec);

/* s[0..len) as a C string literal, escaped like strace does. */
void sct_format__quoted(FILE *out, const char *s, size_t len);

/* A syscall return value: decimal, errno name for -4095..-1, else hex. */
void sct_format__retval(FILE *out, int64_t ret);

#endif /* SCT_FORMAT_H */
