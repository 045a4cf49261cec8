// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * An argument register printed by its kind in the syscall table, with
 * the kernel's type: an int is the low 32 bits, signed ("close(3)",
 * "AT_FDCWD", "0644", "O_RDONLY|O_CLOEXEC", "SIGKILL").
 */
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>

#include "print/fdtab.h"
#include "print/pr.h"
#include "print/sock.h"

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

/* -y's "<path>": a deleted file's mark outside, as strace: "</memfd:xx>(deleted)" */
static void sct_pr__fdpath(FILE *out, const char *path)
{
	static const char deleted[] = " (deleted)";
	size_t len = strlen(path), dl = sizeof(deleted) - 1;

	if (len > dl && !strcmp(path + len - dl, deleted))
		fprintf(out, "<%.*s>(deleted)", (int)(len - dl), path);
	else
		fprintf(out, "<%s>", path);
}

void sct_pr__fd(const struct sct_pr *p, int64_t fd)
{
	const char *path = fd == AT_FDCWD ? sct_fdtab__cwd(p->fds, p->tgid) :
			   fd >= 0 && fd <= INT32_MAX ? sct_fdtab__get(p->fds, p->tgid, (int)fd) : NULL;

	const struct sct_sock *sock = p->yy && path && fd != AT_FDCWD ?
				      sct_fdtab__sock(p->fds, p->tgid, (int)fd) : NULL;

	if (fd == AT_FDCWD)
		fputs("AT_FDCWD", p->out);
	else
		fprintf(p->out, "%" PRId64, fd);
	if (sock) {
		fputc('<', p->out);
		sct_pr__sock(p, sock);
		fputc('>', p->out);
	} else if (path) {
		sct_pr__fdpath(p->out, path);
	}
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
	case SCT_A_FD:
		if (s == AT_FDCWD && a->kind == SCT_A_FD)
			fprintf(p->out, "%" PRId64, s);
		else
			sct_pr__fd(p, s);
		break;
	case SCT_A_INT:
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
