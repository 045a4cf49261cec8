// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * An argument register printed by its kind in the syscall table, with
 * the kernel's type: an int is the low 32 bits, signed ("close(3)",
 * "AT_FDCWD", "0644", "O_RDONLY|O_CLOEXEC", "SIGKILL").
 */
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>

#include "print/pr.h"

/* Bits of a C type as the tracepoint names it: pointers, longs, 64-bit. */
unsigned int sct_pr__width(const char *ctype)
{
	static const char *const wide[] = {
		"*", "long", "size_t", "off_t", "loff_t", "u64", "aio_context_t", "cap_user_",
	};
	size_t i;

	for (i = 0; ctype && i < sizeof(wide) / sizeof(wide[0]); i++)
		if (strstr(ctype, wide[i]))
			return 64;
	return 32;
}

static int64_t sct_pr__signed(uint64_t v, unsigned int width)
{
	return width == 64 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v;
}

void sct_pr__addr(FILE *out, uint64_t v)
{
	if (v)
		fprintf(out, "%#" PRIx64, v);
	else
		fputs("NULL", out);
}

void sct_pr__signal(FILE *out, uint64_t n)
{
	sct_consts__print_named(out, "signal", SCT_SET_ENUM, n, 64);
}

void sct_pr__value(const struct sct_pr *p, const struct sct_argdesc *a, uint64_t v)
{
	unsigned int w = sct_pr__width(a->type);
	int64_t s;

	if (a->kind == SCT_A_FD || a->kind == SCT_A_DIRFD || a->kind == SCT_A_PID)
		w = 32;		/* an int, whatever type the syscall gives it */
	s = sct_pr__signed(v, w);
	if (w == 32)
		v = (uint32_t)v;
	switch (a->kind) {
	case SCT_A_DIRFD:
		if (s == AT_FDCWD) {
			fputs("AT_FDCWD", p->out);
			break;
		}
		/* fall through */
	case SCT_A_INT:
	case SCT_A_FD:
	case SCT_A_PID:
	case SCT_A_OFF:
		fprintf(p->out, "%" PRId64, s);
		break;
	case SCT_A_UID:
		if (s == -1 || (uint32_t)v == UINT32_MAX)
			fputs("-1", p->out);
		else
			fprintf(p->out, "%" PRIu64, v);
		break;
	case SCT_A_UINT:
	case SCT_A_SIZE:
		fprintf(p->out, "%" PRIu64, v);
		break;
	case SCT_A_MODE:
		fprintf(p->out, "%#03" PRIo64, v);
		break;
	case SCT_A_FLAGS:
		sct_consts__print_named(p->out, a->set, SCT_SET_FLAGS, v, w);
		break;
	case SCT_A_ENUM:
		sct_consts__print_named(p->out, a->set, SCT_SET_ENUM, v, w);
		break;
	case SCT_A_HEX:
		fprintf(p->out, "%#" PRIx64, v);
		break;
	default:	/* a pointer: PTR, or memory that was not captured */
		sct_pr__addr(p->out, v);
		break;
	}
}
