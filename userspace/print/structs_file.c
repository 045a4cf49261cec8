// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Struct printers: files and the system ("{st_mode=S_IFREG|0644,
 * st_size=1234, ...}", abbreviated as strace does without -v), x86-64
 * layouts (userspace/decode/kabi.h asserts their sizes).
 */
#include <inttypes.h>
#include <sys/stat.h>

#include "print/pr.h"

void sct_pr__mode(FILE *out, uint32_t mode)
{
	const struct sct_constset *types = sct_consts__find("mode_type", SCT_SET_ENUM);
	const struct sct_constset *special = sct_consts__find("mode_special", SCT_SET_FLAGS);
	const char *type = sct_consts__name(types, mode & S_IFMT, 32);

	if (type)
		fprintf(out, "%s|", type);
	else if (mode & S_IFMT)
		fprintf(out, "%#o|", mode & S_IFMT);
	if (mode & (S_ISUID | S_ISGID | S_ISVTX)) {
		sct_consts__print(out, special, mode & (S_ISUID | S_ISGID | S_ISVTX), 32);
		fputc('|', out);
	}
	fprintf(out, "%#03o", mode & 0777);
}

/* A device number as the kernel encodes it (new_encode_dev, 64 bits). */
static void sct_st__dev(FILE *out, uint64_t dev)
{
	fprintf(out, "makedev(%#" PRIx64 ", %#" PRIx64 ")",
		((dev >> 8) & 0xfff) | ((dev >> 32) & ~UINT64_C(0xfff)),
		(dev & 0xff) | ((dev >> 12) & ~UINT64_C(0xff)));
}

/* the size, or for a device its number */
static void sct_st__size_or_dev(FILE *out, uint32_t mode, uint64_t size, uint64_t rdev,
				const char *pfx)
{
	if (S_ISCHR(mode) || S_ISBLK(mode)) {
		fprintf(out, "%s_rdev=", pfx);
		sct_st__dev(out, rdev);
	} else {
		fprintf(out, "%s_size=%" PRIu64, pfx, size);
	}
}

/* struct stat: st_mode at 24, st_rdev at 40, st_size at 48 */
static void sct_st__stat(const struct sct_pr *p, const struct sct_view *v)
{
	uint32_t mode = sct_v__u32(v, 24);

	fputs("{st_mode=", p->out);
	sct_pr__mode(p->out, mode);
	fputs(", ", p->out);
	sct_st__size_or_dev(p->out, mode, sct_v__u64(v, 48), sct_v__u64(v, 40), "st");
	fputs(", ...}", p->out);
}

/* struct statx: stx_mask at 0, attributes 8, mode 28, size 40, rdev major 128, minor 132 */
static void sct_st__statx(const struct sct_pr *p, const struct sct_view *v)
{
	uint32_t mode = sct_v__u16(v, 28);

	fputs("{stx_mask=", p->out);
	sct_consts__print_named(p->out, "statx", SCT_SET_FLAGS, sct_v__u32(v, 0), 32);
	fprintf(p->out, ", stx_attributes=%#" PRIx64 ", stx_mode=", sct_v__u64(v, 8));
	sct_pr__mode(p->out, mode);
	fputs(", ", p->out);
	if (S_ISCHR(mode) || S_ISBLK(mode))
		fprintf(p->out, "stx_rdev_major=%" PRIu32 ", stx_rdev_minor=%" PRIu32,
			sct_v__u32(v, 128), sct_v__u32(v, 132));
	else
		fprintf(p->out, "stx_size=%" PRIu64, sct_v__u64(v, 40));
	fputs(", ...}", p->out);
}

/* struct new_utsname: six char[65]; strace shows two without -v */
static void sct_st__utsname(const struct sct_pr *p, const struct sct_view *v)
{
	static const char *const names[] = { "sysname", "nodename" };
	size_t i, n;

	fputc('{', p->out);
	for (i = 0; i < 2; i++) {
		n = strnlen((const char *)v->d + i * 65, 65);
		fprintf(p->out, "%s=", names[i]);
		sct_pr__str(p, v->d + i * 65, n, SCT_PR_NOLIMIT, 0);
		fputs(", ", p->out);
	}
	fputs("...}", p->out);
}

/* rlimit values: strace's "8192*1024", "RLIM64_INFINITY" */
static void sct_st__rlim(FILE *out, uint64_t x)
{
	if (x == UINT64_MAX)
		fputs("RLIM64_INFINITY", out);
	else if (x > 1024 && x % 1024 == 0)
		fprintf(out, "%" PRIu64 "*1024", x / 1024);
	else
		fprintf(out, "%" PRIu64, x);
}

static void sct_st__rlimit(const struct sct_pr *p, const struct sct_view *v)
{
	fputs("{rlim_cur=", p->out);
	sct_st__rlim(p->out, sct_v__u64(v, 0));
	fputs(", rlim_max=", p->out);
	sct_st__rlim(p->out, sct_v__u64(v, 8));
	fputc('}', p->out);
}

/* struct mq_attr: four longs, the flags O_NONBLOCK or not */
static void sct_st__mq_attr(const struct sct_pr *p, const struct sct_view *v)
{
	fputs("{mq_flags=", p->out);
	sct_consts__print_named(p->out, "fd_flags", SCT_SET_FLAGS, sct_v__u64(v, 0), 64);
	fprintf(p->out, ", mq_maxmsg=%" PRId64 ", mq_msgsize=%" PRId64 ", mq_curmsgs=%" PRId64 "}",
		(int64_t)sct_v__u64(v, 8), (int64_t)sct_v__u64(v, 16), (int64_t)sct_v__u64(v, 24));
}

sct_struct_fn *sct_structs_file__fn(unsigned int t)
{
	switch (t) {
	case SCT_T_MQ_ATTR:	return sct_st__mq_attr;
	case SCT_T_STAT:	return sct_st__stat;
	case SCT_T_STATX:	return sct_st__statx;
	case SCT_T_UTSNAME:	return sct_st__utsname;
	case SCT_T_RLIMIT:	return sct_st__rlimit;
	}
	return NULL;
}
