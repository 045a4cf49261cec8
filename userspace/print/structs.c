// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Struct printers by memory type (the table's .type lines): which
 * function prints one element of each type, and the plain ones (ints,
 * int pairs, fd_set bits). A type with no printer prints as its address,
 * as does any element shorter than its type (mem.c checks that).
 */
#include <inttypes.h>
#include <sys/wait.h>

#include "print/pr.h"

uint64_t sct_v__u64(const struct sct_view *v, size_t off)
{
	uint64_t x = 0;

	if (off + sizeof(x) <= v->len)
		memcpy(&x, v->d + off, sizeof(x));
	return x;
}

uint32_t sct_v__u32(const struct sct_view *v, size_t off)
{
	uint32_t x = 0;

	if (off + sizeof(x) <= v->len)
		memcpy(&x, v->d + off, sizeof(x));
	return x;
}

uint16_t sct_v__u16(const struct sct_view *v, size_t off)
{
	uint16_t x = 0;

	if (off + sizeof(x) <= v->len)
		memcpy(&x, v->d + off, sizeof(x));
	return x;
}

/* int *: "[3]" */
static void sct_st__int(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "[%" PRId32 "]", (int32_t)sct_v__u32(v, 0));
}

static void sct_st__uint(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "[%" PRIu32 "]", sct_v__u32(v, 0));
}

static void sct_st__u64(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "[%" PRIu64 "]", sct_v__u64(v, 0));
}

static void sct_st__s64(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "[%" PRId64 "]", (int64_t)sct_v__u64(v, 0));
}

/* pipe's, socketpair's: "[3, 4]" */
static void sct_st__int2(const struct sct_pr *p, const struct sct_view *v)
{
	fputc('[', p->out);
	sct_pr__fd(p, (int32_t)sct_v__u32(v, 0));
	fputs(", ", p->out);
	sct_pr__fd(p, (int32_t)sct_v__u32(v, 4));
	fputc(']', p->out);
}

/* fd_set, node masks: the numbers of the bits set, "[0 3]" */
static void sct_st__bits(const struct sct_pr *p, const struct sct_view *v)
{
	const char *sep = "";
	size_t i;

	fputc('[', p->out);
	for (i = 0; i < v->len * 8; i++) {
		if (v->d[i / 8] & (1u << (i % 8))) {
			fprintf(p->out, "%s%zu", sep, i);
			sep = " ";
		}
	}
	fputc(']', p->out);
}

/* a wait status as strace decodes it: "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]" */
static void sct_st__wstatus(const struct sct_pr *p, const struct sct_view *v)
{
	int s = (int)sct_v__u32(v, 0);

	fputs("[{", p->out);
	if (WIFEXITED(s)) {
		fprintf(p->out, "WIFEXITED(s) && WEXITSTATUS(s) == %d", WEXITSTATUS(s));
	} else if (WIFSIGNALED(s)) {
		fputs("WIFSIGNALED(s) && WTERMSIG(s) == ", p->out);
		sct_pr__signal(p->out, (uint64_t)WTERMSIG(s));
		if (WCOREDUMP(s))
			fputs(" && WCOREDUMP(s)", p->out);
	} else if (WIFSTOPPED(s)) {
		fputs("WIFSTOPPED(s) && WSTOPSIG(s) == ", p->out);
		sct_pr__signal(p->out, (uint64_t)WSTOPSIG(s));
	} else {
		fprintf(p->out, "%#x", (unsigned int)s);
	}
	fputs("}]", p->out);
}

sct_struct_fn *sct_structs__fn(unsigned int t)
{
	switch (t) {
	case SCT_T_INT:		return sct_st__int;
	case SCT_T_UINT:
	case SCT_T_U32:
	case SCT_T_UID:
	case SCT_T_GID:		return sct_st__uint;
	case SCT_T_U64:		return sct_st__u64;
	case SCT_T_LOFF:
	case SCT_T_OLD_TIME:	return sct_st__s64;
	case SCT_T_INT2:	return sct_st__int2;
	case SCT_T_WSTATUS:	return sct_st__wstatus;
	case SCT_T_FDSET:
	case SCT_T_NODEMASK:	return sct_st__bits;
	}
	sct_struct_fn *fn = sct_structs_time__fn(t);

	if (!fn)
		fn = sct_structs_file__fn(t);
	if (!fn)
		fn = sct_structs_net__fn(t);
	if (!fn)
		fn = sct_structs_sig__fn(t);
	if (!fn)
		fn = sct_structs_proc__fn(t);
	if (!fn)
		fn = sct_structs_tty__fn(t);
	return fn;
}

size_t sct_structs__minlen(unsigned int t)
{
	switch (t) {
	case SCT_T_CLONE_ARGS:	return 64;	/* CLONE_ARGS_SIZE_VER0: up to tls */
	case SCT_T_STATFS:	return 88;	/* up to f_flags */
	}
	return 0;
}
