/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Which syscall arguments are NUL-terminated user strings (mostly paths)
 * that the tracer should copy: a table by syscall name, resolved against
 * the generated syscall table when the filter is built.
 */
#ifndef SCT_STRARGS_H
#define SCT_STRARGS_H

#include <stdint.h>
#include "sctrace_abi.h"

/*
 * Bit a of the result: argument a of syscall name is a string. 0 for a
 * syscall with none (or a name not in the table).
 */
uint8_t sct_strargs__mask(const char *name);

/*
 * Sets f->strargs[nr] for every table entry whose name this build's
 * syscall table knows; entries it does not know (a syscall newer than the
 * headers) are skipped. Returns how many syscalls were set.
 */
unsigned int sct_strargs__fill(struct sctrace_filter *f);

#endif /* SCT_STRARGS_H */
