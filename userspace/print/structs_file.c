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

/*
 * struct statfs: ten longs (f_type, f_bsize, f_blocks, f_bfree, f_bavail,
 * f_files, f_ffree), f_fsid's two ints at 56, f_namelen 64, f_frsize 72,
 * f_flags 80
 */
static void sct_st__statfs(const struct sct_pr *p, const struct sct_view *v)
{
	static const char *const counts[] = { "f_bsize", "f_blocks", "f_bfree", "f_bavail",
					       "f_files", "f_ffree" };
	size_t i;

	fputs("{f_type=", p->out);
	sct_consts__print_named(p->out, "fsmagic", SCT_SET_ENUM, sct_v__u64(v, 0), 64);
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		fprintf(p->out, ", %s=%" PRIu64, counts[i], sct_v__u64(v, 8 + 8 * i));
	fprintf(p->out, ", f_fsid={val=[%#" PRIx32 ", %#" PRIx32 "]}, f_namelen=%" PRIu64
		", f_frsize=%" PRIu64 ", f_flags=", sct_v__u32(v, 56), sct_v__u32(v, 60),
		sct_v__u64(v, 64), sct_v__u64(v, 72));
	sct_consts__print_named(p->out, "statfs_flags", SCT_SET_FLAGS, sct_v__u64(v, 80), 64);
	fputc('}', p->out);
}

/*
 * Directory entries, struct linux_dirent64 (d_ino, d_off, d_reclen, then
 * d_type and d_name at 19) or the old struct linux_dirent (d_name at 18,
 * d_type the record's last byte). Only whole records are entries: one
 * whose d_reclen is too short for its header or runs past the bytes ends
 * them (what the kernel wrote was cut, or lies).
 */
struct sct_dirent {
	size_t name;		/* d_name's offset in a record */
	bool dt_last;		/* d_type is a record's last byte (linux_dirent) */
};

static const struct sct_dirent sct_dirent64 = { 19, false }, sct_dirent_old = { 18, true };

/* The length of the record at off, or 0 where the entries end. */
static size_t sct_st__dirent_len(const struct sct_dirent *k, const struct sct_view *v, size_t off)
{
	size_t reclen;

	if (off + k->name + 1 > v->len)
		return 0;
	reclen = sct_v__u16(v, off + 16);
	if (reclen < k->name + 1 || reclen > v->len - off)
		return 0;
	return reclen;
}

static void sct_st__dirent_one(const struct sct_pr *p, const struct sct_dirent *k,
			       const struct sct_view *v, size_t off, size_t reclen)
{
	const uint8_t *name = v->d + off + k->name;
	uint8_t type = k->dt_last ? v->d[off + reclen - 1] : v->d[off + 18];
	size_t max = reclen - k->name - k->dt_last;

	fprintf(p->out, "{d_ino=%" PRIu64 ", d_off=%" PRIu64 ", d_reclen=%zu, ",
		sct_v__u64(v, off), sct_v__u64(v, off + 8), reclen);
	if (!k->dt_last) {
		fputs("d_type=", p->out);
		sct_consts__print_named(p->out, "dirent_type", SCT_SET_ENUM, type, 8);
		fputs(", ", p->out);
	}
	fputs("d_name=", p->out);
	sct_pr__str(p, name, strnlen((const char *)name, max), SCT_PR_NOLIMIT, 0);
	if (k->dt_last) {
		fputs(", d_type=", p->out);
		sct_consts__print_named(p->out, "dirent_type", SCT_SET_ENUM, type, 8);
	}
	fputc('}', p->out);
}

/*
 * strace's: "0x5612... /- 3 entries -/", with -v the entries; "or more",
 * "..." when the call wrote more than was copied.
 */
static void sct_st__dirents(const struct sct_pr *p, const struct sct_dirent *k,
			    const struct sct_view *v)
{
	bool more = p->exited && p->ret > 0 && (uint64_t)p->ret > v->len;
	size_t off, reclen, n = 0;

	if (!p->verbose) {
		for (off = 0; (reclen = sct_st__dirent_len(k, v, off)); off += reclen)
			n++;
		sct_pr__addr(p->out, v->addr);
		fprintf(p->out, " /* %zu entries%s */", n, more || off < v->len ? " or more" : "");
		return;
	}
	fputc('[', p->out);
	for (off = 0; (reclen = sct_st__dirent_len(k, v, off)); off += reclen) {
		if (off)
			fputs(", ", p->out);
		sct_st__dirent_one(p, k, v, off, reclen);
	}
	if (more || off < v->len)
		fputs(off ? ", ..." : "...", p->out);
	fputc(']', p->out);
}

static void sct_st__dirent64(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__dirents(p, &sct_dirent64, v);
}

static void sct_st__dirent(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__dirents(p, &sct_dirent_old, v);
}

sct_struct_fn *sct_structs_file__fn(unsigned int t)
{
	switch (t) {
	case SCT_T_STATFS:	return sct_st__statfs;
	case SCT_T_DIRENT64:	return sct_st__dirent64;
	case SCT_T_DIRENT:	return sct_st__dirent;
	case SCT_T_MQ_ATTR:	return sct_st__mq_attr;
	case SCT_T_STAT:	return sct_st__stat;
	case SCT_T_STATX:	return sct_st__statx;
	case SCT_T_UTSNAME:	return sct_st__utsname;
	case SCT_T_RLIMIT:	return sct_st__rlimit;
	}
	return NULL;
}
