// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The printer's structs and argument layouts that strace decodes by
 * hand, held to the lines strace 6.1 prints (taken from its output):
 * clone's named arguments, clone3's struct clone_args, statfs,
 * getdents64's entries (abbreviated, and with -v), ioctl's argument by
 * command (termios, winsize, ints), the times a file is given, dated;
 * with hostile bytes: structs cut short, lengths that lie, unknown bits,
 * copies that faulted.
 */
#define _GNU_SOURCE	/* open_memstream, CLONE_* */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sys/ioctl.h>
#include <time.h>

#include "print/print.h"
#include "recs.h"
#include "xorshift.h"

#define TID	100

struct out {
	FILE *f;
	char *buf;
	size_t len;
	struct sct_printer *pr;
};

static void start(struct out *o, bool verbose)
{
	struct sct_print_opts po = { .strsize = 32, .verbose = verbose };

	memset(o, 0, sizeof(*o));
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
	o->pr = sct_printer__new(o->f, &po);
	assert_non_null(o->pr);
}

static void feed(struct out *o, const struct rec *r)
{
	assert_int_equal(0, sct_printer__record(o->pr, rec_hdr(r)));
}

/* The lines printed since start(), then the printer is gone. */
static void expect(struct out *o, const char *lines)
{
	sct_printer__finish(o->pr);
	sct_printer__free(o->pr);
	assert_int_equal(0, fclose(o->f));
	assert_string_equal(lines, o->buf);
	free(o->buf);
}

static void set_arg(struct rec *r, unsigned int i, uint64_t v)
{
	memcpy((uint8_t *)r->w + offsetof(struct sctrace_sys_enter, args) + 8 * i, &v, sizeof(v));
}

/* An entry with args (and one BUF item at entry, if in), an exit with ret (and out). */
static void call(struct out *o, const char *name, const uint64_t *args, int argi,
		 const void *in, size_t inlen, int64_t ret, const void *out, size_t outlen)
{
	struct rec r;
	unsigned int i;

	rec_enter(&r, TID, name, 1, args[0], args[1], args[2]);
	for (i = 3; i < SCTRACE_MAX_ARGS; i++)
		set_arg(&r, i, args[i]);
	if (in)
		rec_item(&r, (uint8_t)argi, SCTRACE_CAP_BUF, 0, in, inlen);
	feed(o, &r);
	rec_exit(&r, TID, name, 2, ret);
	if (out)
		rec_item(&r, (uint8_t)argi, SCTRACE_CAP_BUF, 0, out, outlen);
	feed(o, &r);
}

/* strace's column: "call" padded, " = ret" */
static char *line(char *b, size_t n, const char *callstr, const char *ret)
{
	size_t used = strlen(b);

	snprintf(b + used, n - used, "%-39s = %s\n", callstr, ret);
	return b;
}

#define CHILD_FLAGS	(CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | 17)	/* SIGCHLD */

static void clone_names_its_arguments(void **state)
{
	uint64_t fork_args[6] = { CHILD_FLAGS, 0, 0, 0x7f0010, 0, 0 };
	uint64_t thread_args[6] = { CLONE_VM | CLONE_SETTLS | CLONE_PARENT_SETTID, 0x7e0000, 0x7d0000,
				    0, 0x7c0000, 0 };
	uint64_t plain_args[6] = { 0, 0x5000, 0, 0, 0, 0 };
	uint64_t unshare_args[6] = { CLONE_NEWUTS | 0x11, 0, 0, 0, 0, 0 };
	uint64_t pidfd_args[6] = { CLONE_PIDFD | 0x100000000000ULL | 17, 0, 0x7d0000, 0, 0, 0 };
	uint64_t odd_args[6] = { CLONE_VM | 0x8000000000000000ULL | 9, 0, 0, 0, 0, 0 };
	char want[2048] = "";
	struct out o;

	(void)state;
	start(&o, false);
	call(&o, "clone", fork_args, 0, NULL, 0, 101, NULL, 0);
	call(&o, "clone", thread_args, 0, NULL, 0, 102, NULL, 0);
	call(&o, "clone", thread_args, 0, NULL, 0, -EAGAIN, NULL, 0);	/* nothing written */
	call(&o, "clone", plain_args, 0, NULL, 0, 103, NULL, 0);
	call(&o, "clone", odd_args, 0, NULL, 0, 104, NULL, 0);
	call(&o, "clone", pidfd_args, 0, NULL, 0, 108, NULL, 0);
	call(&o, "unshare", unshare_args, 0, NULL, 0, -EINVAL, NULL, 0);	/* no exit signal in these */
	line(want, sizeof(want), "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
	     "child_tidptr=0x7f0010)", "101");
	line(want, sizeof(want), "clone(child_stack=0x7e0000, flags=CLONE_VM|CLONE_SETTLS|CLONE_PARENT_SETTID, "
	     "parent_tid=[102], tls=0x7c0000)", "102");
	line(want, sizeof(want), "clone(child_stack=0x7e0000, flags=CLONE_VM|CLONE_SETTLS|CLONE_PARENT_SETTID, "
	     "parent_tid=0x7d0000, tls=0x7c0000)",
	     "-1 EAGAIN (Resource temporarily unavailable)");
	line(want, sizeof(want), "clone(child_stack=0x5000, flags=0)", "103");
	line(want, sizeof(want), "clone(child_stack=NULL, flags=CLONE_VM|0x8000000000000000|SIGKILL)", "104");
	/* strace: "flags=0x100000000000 /- CLONE_??? -/|SIGCHLD", its pidfd named parent_tid */
	line(want, sizeof(want), "clone(child_stack=NULL, flags=CLONE_PIDFD|0x100000000000|SIGCHLD, "
	     "parent_tid=0x7d0000)", "108");
	line(want, sizeof(want), "unshare(CLONE_NEWUTS|0x11)", "-1 EINVAL (Invalid argument)");
	expect(&o, want);
}

/* Another thread's line between: what comes at exit comes after "resumed>" */
static void clone_unfinished_and_resumed(void **state)
{
	struct out o;
	struct rec r;

	(void)state;
	start(&o, false);
	rec_enter(&r, TID, "clone", 1, CHILD_FLAGS, 0, 0);
	set_arg(&r, 3, 0x7f0010);
	feed(&o, &r);
	rec_enter(&r, TID + 1, "getpid", 2, 0, 0, 0);
	feed(&o, &r);
	rec_exit(&r, TID + 1, "getpid", 3, TID + 1);
	feed(&o, &r);
	rec_exit(&r, TID, "clone", 4, 105);
	feed(&o, &r);
	expect(&o, "[pid   100] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD "
		   "<unfinished ...>\n"
		   "[pid   101] getpid()                    = 101\n"
		   "[pid   100] <... clone resumed>, child_tidptr=0x7f0010) = 105\n");
}

/* struct clone_args: flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, ... */
static void clone3_struct(void **state)
{
	uint64_t ca[11] = { CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
			    0, 0x7f9010, 0x7f9010, 0, 0x7f8000, 0x7fff00, 0x7f9640, 0, 0, 0 };
	uint64_t fork3[11] = { 0x600000000ULL, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0 };	/* CLONE_INTO_CGROUP */
	uint64_t args[6] = { 0x1000, 88, 0, 0, 0, 0 };
	char want[2048] = "";
	struct out o;

	(void)state;
	start(&o, false);
	call(&o, "clone3", args, 0, ca, sizeof(ca), 106, NULL, 0);
	call(&o, "clone3", args, 0, ca, 40, 107, NULL, 0);	/* shorter than CLONE_ARGS_SIZE_VER0 */
	call(&o, "clone3", args, 0, fork3, sizeof(fork3), -EINVAL, NULL, 0);	/* unknown bit, cgroup */
	line(want, sizeof(want), "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|"
	     "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f9010, "
	     "parent_tid=0x7f9010, exit_signal=0, stack=0x7f8000, stack_size=0x7fff00, tls=0x7f9640} "
	     "=> {parent_tid=[106]}, 88)", "106");
	line(want, sizeof(want), "clone3(0x1000, 88)", "107");
	line(want, sizeof(want), "clone3({flags=CLONE_INTO_CGROUP|0x400000000, exit_signal=SIGCHLD, stack=NULL, "
	     "stack_size=0, cgroup=0}, 88)", "-1 EINVAL (Invalid argument)");
	expect(&o, want);
}

/* struct statfs, as strace printed statfs("/") on ext4 */
static void statfs_struct(void **state)
{
	uint64_t sb[15] = { 0xef53, 4096, 66053021, 60806920, 19838196, 16777216, 16208151,
			    0x062ef7ae7e53efc6ULL, 255, 4096, 0x1020, 0, 0, 0, 0 };
	uint64_t odd[15] = { 0x12345678, 1, 2, 3, 4, 5, 6, 0, 255, 4096, 0x80000020, 0, 0, 0, 0 };
	uint64_t args[6] = { 0x1000, 0x2000, 0, 0, 0, 0 };
	char want[2048] = "";
	struct out o;
	struct rec r;

	(void)state;
	start(&o, false);
	rec_enter(&r, TID, "statfs", 1, 0x1000, 0x2000, 0);
	rec_str(&r, 0, "/", 1);
	feed(&o, &r);
	rec_exit(&r, TID, "statfs", 2, 0);
	rec_item(&r, 1, SCTRACE_CAP_BUF, 0, sb, sizeof(sb));
	feed(&o, &r);
	call(&o, "fstatfs", args, 1, NULL, 0, 0, odd, sizeof(odd));
	call(&o, "fstatfs", args, 1, NULL, 0, 0, sb, 80);	/* cut before f_flags */
	line(want, sizeof(want), "statfs(\"/\", {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, "
	     "f_bfree=60806920, f_bavail=19838196, f_files=16777216, f_ffree=16208151, "
	     "f_fsid={val=[0x7e53efc6, 0x62ef7ae]}, f_namelen=255, f_frsize=4096, "
	     "f_flags=ST_VALID|ST_RELATIME})", "0");
	line(want, sizeof(want), "fstatfs(4096, {f_type=0x12345678, f_bsize=1, f_blocks=2, f_bfree=3, "
	     "f_bavail=4, f_files=5, f_ffree=6, f_fsid={val=[0, 0]}, f_namelen=255, f_frsize=4096, "
	     "f_flags=ST_VALID|0x80000000})", "0");
	line(want, sizeof(want), "fstatfs(4096, 0x2000)", "0");
	expect(&o, want);
}

/* linux_dirent64 records: d_ino, d_off, d_reclen, d_type, d_name */
static size_t dirent64(uint8_t *b, uint64_t ino, uint64_t off, uint8_t type, const char *name)
{
	uint16_t reclen = (uint16_t)((19 + strlen(name) + 1 + 7) & ~7U);

	memset(b, 0, reclen);
	memcpy(b, &ino, 8);
	memcpy(b + 8, &off, 8);
	memcpy(b + 16, &reclen, 2);
	b[18] = type;
	memcpy(b + 19, name, strlen(name));
	return reclen;
}

static size_t three_entries(uint8_t *b)
{
	size_t n = dirent64(b, 2, 10, 4, ".");	/* DT_DIR */

	n += dirent64(b + n, 1, 20, 4, "..");
	n += dirent64(b + n, 12, 30, 8, "a");	/* DT_REG */
	return n;
}

static void getdents64_entries(void **state)
{
	uint64_t args[6] = { 3, 0x5000, 256, 0, 0, 0 };
	uint8_t b[256];
	size_t n = three_entries(b);
	char want[2048] = "";
	struct out o;

	(void)state;
	start(&o, false);
	call(&o, "getdents64", args, 1, NULL, 0, (int64_t)n, b, n);
	call(&o, "getdents64", args, 1, NULL, 0, 0, b, 0);
	call(&o, "getdents64", args, 1, NULL, 0, 4096, b, n);	/* the copy was cut */
	line(want, sizeof(want), "getdents64(3, 0x5000 /* 3 entries */, 256)", "72");
	line(want, sizeof(want), "getdents64(3, 0x5000 /* 0 entries */, 256)", "0");
	line(want, sizeof(want), "getdents64(3, 0x5000 /* 3 entries or more */, 256)", "4096");
	expect(&o, want);

	start(&o, true);
	want[0] = '\0';
	call(&o, "getdents64", args, 1, NULL, 0, (int64_t)n, b, n);
	call(&o, "getdents64", args, 1, NULL, 0, 0, b, 0);
	line(want, sizeof(want), "getdents64(3, [{d_ino=2, d_off=10, d_reclen=24, d_type=DT_DIR, d_name=\".\"}, "
	     "{d_ino=1, d_off=20, d_reclen=24, d_type=DT_DIR, d_name=\"..\"}, "
	     "{d_ino=12, d_off=30, d_reclen=24, d_type=DT_REG, d_name=\"a\"}], 256)", "72");
	line(want, sizeof(want), "getdents64(3, [], 256)", "0");
	expect(&o, want);
}

/* d_reclen that lies: 0, shorter than the header, past the bytes; no NUL; unknown d_type */
static void getdents64_lying_lengths(void **state)
{
	uint64_t args[6] = { 3, 0x5000, 256, 0, 0, 0 };
	uint8_t b[256];
	size_t n = three_entries(b);
	char want[2048] = "";
	uint16_t bad;
	struct out o;

	(void)state;
	start(&o, true);
	bad = 0;
	memcpy(b + 24 + 16, &bad, 2);	/* the second: 0 */
	call(&o, "getdents64", args, 1, NULL, 0, (int64_t)n, b, n);
	bad = 200;
	memcpy(b + 24 + 16, &bad, 2);	/* past the end */
	call(&o, "getdents64", args, 1, NULL, 0, (int64_t)n, b, n);
	bad = 24;
	memcpy(b + 24 + 16, &bad, 2);
	memset(b + 24 + 19, 'x', 5);	/* d_name fills its record: no NUL */
	b[24 + 18] = 99;
	call(&o, "getdents64", args, 1, NULL, 0, 20, b, 20);	/* less than one record */
	call(&o, "getdents64", args, 1, NULL, 0, 48, b, 48);
	line(want, sizeof(want), "getdents64(3, [{d_ino=2, d_off=10, d_reclen=24, d_type=DT_DIR, d_name=\".\"}, "
	     "...], 256)", "72");
	line(want, sizeof(want), "getdents64(3, [{d_ino=2, d_off=10, d_reclen=24, d_type=DT_DIR, d_name=\".\"}, "
	     "...], 256)", "72");
	line(want, sizeof(want), "getdents64(3, [...], 256)", "20");
	line(want, sizeof(want), "getdents64(3, [{d_ino=2, d_off=10, d_reclen=24, d_type=DT_DIR, d_name=\".\"}, "
	     "{d_ino=1, d_off=20, d_reclen=24, d_type=0x63 /* DT_??? */, d_name=\"xxxxx\"}], 256)", "48");
	expect(&o, want);
}

/* The kernel's struct termios: iflag, oflag, cflag, lflag, c_line, c_cc[19] */
static void termios(uint8_t *t, uint32_t i, uint32_t o, uint32_t c, uint32_t l)
{
	memset(t, 0, 36);
	memcpy(t, &i, 4);
	memcpy(t + 4, &o, 4);
	memcpy(t + 8, &c, 4);
	memcpy(t + 12, &l, 4);
}

/* As strace printed a pty's and all bits set (its unknown ones in hex) */
static void ioctl_termios(void **state)
{
	uint64_t get[6] = { 4, TCGETS, 0x7000, 0, 0, 0 }, set[6] = { 4, TCSETSW, 0x7000, 0, 0, 0 };
	char want[4096] = "";
	uint8_t t[36];
	struct out o;

	(void)state;
	start(&o, false);
	termios(t, 0x500, 0x5, 0xbf, 0x8a3b);
	call(&o, "ioctl", get, 2, NULL, 0, 0, t, sizeof(t));
	call(&o, "ioctl", get, 2, NULL, 0, -ENOTTY, t, sizeof(t));	/* wrote nothing */
	call(&o, "ioctl", set, 2, NULL, 0, -EBADF, t, sizeof(t));	/* read it all the same */
	termios(t, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
	call(&o, "ioctl", get, 2, NULL, 0, 0, t, sizeof(t));
	termios(t, 0x80000000, 0x1 | 0x100 | 0x400 | 0x800 | 0x2000 | 0x4000 | 0x8000,
		0xd | 0x20 | 0x80 | (0xb << 16), 0);
	call(&o, "ioctl", get, 2, NULL, 0, 0, t, sizeof(t));
	line(want, sizeof(want), "ioctl(4, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|"
	     "ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...})",
	     "0");
	line(want, sizeof(want), "ioctl(4, TCGETS, 0x7000)", "-1 ENOTTY (Inappropriate ioctl for device)");
	line(want, sizeof(want), "ioctl(4, SNDCTL_TMR_STOP or TCSETSW, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|"
	     "ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...})",
	     "-1 EBADF (Bad file descriptor)");
	line(want, sizeof(want), "ioctl(4, TCGETS, {c_iflag=IGNBRK|BRKINT|IGNPAR|PARMRK|INPCK|ISTRIP|INLCR|IGNCR|"
	     "ICRNL|IUCLC|IXON|IXANY|IXOFF|IMAXBEL|IUTF8|0xffff8000, c_oflag=NL1|CR3|XTABS|BS1|VT1|FF1|OPOST|"
	     "OLCUC|ONLCR|OCRNL|ONOCR|ONLRET|OFILL|OFDEL|0xffff0000, c_cflag=B4000000|B4000000<<IBSHIFT|CS8|"
	     "CSTOPB|CREAD|PARENB|PARODD|HUPCL|CLOCAL|CMSPAR|CRTSCTS|0x2ff0e000, c_lflag=ISIG|ICANON|XCASE|"
	     "ECHO|ECHOE|ECHOK|ECHONL|NOFLSH|IEXTEN|ECHOCTL|ECHOPRT|ECHOKE|FLUSHO|PENDIN|TOSTOP|EXTPROC|"
	     "0xfffe2000, ...})", "0");
	line(want, sizeof(want), "ioctl(4, TCGETS, {c_iflag=0x80000000, c_oflag=NL1|CR2|TAB1|BS1|VT1|FF1|OPOST, "
	     "c_cflag=B9600|B2400<<IBSHIFT|CS7|CREAD, c_lflag=, ...})", "0");
	expect(&o, want);

	/* -v: the line discipline and the control characters, as strace -v printed a pty's */
	start(&o, true);
	want[0] = '\0';
	termios(t, 0x500, 0x5, 0xbf, 0x8a3b);
	memcpy(t + 17, "\x03\x1c\x7f\x15\x04\0\x01\0\x11\x13\x1a\0\x12\x0f\x17\x16\0\0\0", 19);
	call(&o, "ioctl", get, 2, NULL, 0, 0, t, sizeof(t));
	t[16] = 200;	/* no such discipline */
	call(&o, "ioctl", get, 2, NULL, 0, 0, t, sizeof(t));
	line(want, sizeof(want), "ioctl(4, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|"
	     "ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, "
	     "c_line=N_TTY, c_cc=[[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, [VEOF]=0x4, "
	     "[VTIME]=0, [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0, "
	     "[VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, [VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]})",
	     "0");
	line(want, sizeof(want), "ioctl(4, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|"
	     "ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, "
	     "c_line=0xc8 /* N_??? */, c_cc=[[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, [VEOF]=0x4, "
	     "[VTIME]=0, [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0, "
	     "[VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, [VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]})",
	     "0");
	expect(&o, want);
}

/* winsize, ints, no argument; a copy cut short, faulted, of an unknown command */
static void ioctl_by_command(void **state)
{
	uint64_t gwin[6] = { 4, TIOCGWINSZ, 0x7000, 0, 0, 0 }, nread[6] = { 5, FIONREAD, 0x7000, 0, 0, 0 };
	uint64_t nbio[6] = { 4, FIONBIO, 0x7000, 0, 0, 0 }, clex[6] = { 4, FIOCLEX, 0, 0, 0, 0 };
	uint64_t other[6] = { 4, 0x1234, 0x7000, 0, 0, 0 }, flush[6] = { 4, TCGETS, 1, 0, 0, 0 };
	uint16_t ws[18] = { 24, 80, 0, 0 };
	int32_t n[9] = { 3 };
	char want[2048] = "";
	struct out o;
	struct rec r;

	(void)state;
	start(&o, false);
	call(&o, "ioctl", gwin, 2, NULL, 0, 0, ws, 36);
	call(&o, "ioctl", nread, 2, NULL, 0, 0, n, 36);
	n[0] = 1;
	call(&o, "ioctl", nbio, 2, NULL, 0, 0, n, 36);
	call(&o, "ioctl", clex, 2, NULL, 0, 0, n, 36);
	call(&o, "ioctl", other, 2, NULL, 0, 0, n, 36);
	other[1] = 0xc0107e02;
	other[2] = 0;
	call(&o, "ioctl", other, 2, NULL, 0, 0, n, 36);
	call(&o, "ioctl", gwin, 2, NULL, 0, 0, ws, 4);	/* shorter than a winsize */
	rec_enter(&r, TID, "ioctl", 1, 4, TCGETS, 1);	/* not an address */
	feed(&o, &r);
	rec_exit(&r, TID, "ioctl", 2, -EFAULT);
	rec_item(&r, 2, SCTRACE_CAP_BUF, SCTRACE_ITEM_FAULT, n, 0);
	feed(&o, &r);
	call(&o, "ioctl", flush, 2, NULL, 0, 0, NULL, 0);	/* not copied */
	line(want, sizeof(want), "ioctl(4, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0})", "0");
	line(want, sizeof(want), "ioctl(5, FIONREAD, [3])", "0");
	line(want, sizeof(want), "ioctl(4, FIONBIO, [1])", "0");
	line(want, sizeof(want), "ioctl(4, FIOCLEX)", "0");
	line(want, sizeof(want), "ioctl(4, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0x7000)", "0");
	line(want, sizeof(want), "ioctl(4, _IOC(_IOC_READ|_IOC_WRITE, 0x7e, 0x2, 0x10), 0)", "0");
	line(want, sizeof(want), "ioctl(4, TIOCGWINSZ, 0x7000)", "0");
	line(want, sizeof(want), "ioctl(4, TCGETS, 0x1)", "-1 EFAULT (Bad address)");
	line(want, sizeof(want), "ioctl(4, TCGETS, 0x1)", "0");
	expect(&o, want);
}

/* Times a file is given, dated in the local zone as strace does (UTC here) */
static void file_times_dated(void **state)
{
	int64_t ts[4] = { 1000000000, 0, 1000000001, (1 << 30) - 1 };	/* UTIME_NOW */
	int64_t odd[4] = { -1, 5, 7, 1000000000 };	/* no date for an nsec out of range */
	int64_t tv[4] = { 1000000000, 7, 1000000001, 0 }, ub[2] = { 1000000000, 1000000001 };
	uint64_t args[6] = { (uint64_t)-100, 0x1000, 0x2000, 0, 0, 0 };
	char want[2048] = "";
	struct out o;

	(void)state;
	assert_int_equal(0, setenv("TZ", "UTC", 1));
	tzset();
	start(&o, false);
	call(&o, "utimensat", args, 2, ts, sizeof(ts), 0, NULL, 0);
	call(&o, "utimensat", args, 2, odd, sizeof(odd), 0, NULL, 0);
	call(&o, "utimes", args, 1, tv, sizeof(tv), 0, NULL, 0);
	call(&o, "utime", args, 1, ub, sizeof(ub), 0, NULL, 0);
	line(want, sizeof(want), "utimensat(AT_FDCWD, 0x1000, [{tv_sec=1000000000, tv_nsec=0} "
	     "/* 2001-09-09T01:46:40+0000 */, UTIME_NOW], 0)", "0");
	line(want, sizeof(want), "utimensat(AT_FDCWD, 0x1000, [{tv_sec=-1, tv_nsec=5} "
	     "/* 1969-12-31T23:59:59.000000005+0000 */, {tv_sec=7, tv_nsec=1000000000}], 0)", "0");
	line(want, sizeof(want), "utimes(0xffffffffffffff9c, [{tv_sec=1000000000, tv_usec=7} "
	     "/* 2001-09-09T01:46:40.000007+0000 */, {tv_sec=1000000001, tv_usec=0} "
	     "/* 2001-09-09T01:46:41+0000 */])", "0");
	line(want, sizeof(want), "utime(0xffffffffffffff9c, {actime=1000000000 /* 2001-09-09T01:46:40+0000 */, "
	     "modtime=1000000001 /* 2001-09-09T01:46:41+0000 */})", "0");
	expect(&o, want);
}

/* a fixed seed: the same hostile bytes each run */
static uint64_t rnd_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	return xorshift64(&rnd_state);
}

/*
 * Random bytes of random lengths, flags and return values for the
 * decoders above, each way they are reached (entry or exit copy, -v or
 * not): each line prints (valgrind, make check-unit UNIT_WRAP=..., says
 * whether anything was read outside its item).
 */
static void hostile_bytes_print(void **state)
{
	static const struct {
		const char *name;
		uint64_t a1;	/* the command, for ioctl */
		int arg;	/* the argument whose copy it is */
		bool at_exit;
	} calls[] = {
		{ "ioctl", TCGETS, 2, true }, { "ioctl", TCSETSF, 2, true },
		{ "ioctl", TIOCGWINSZ, 2, true }, { "ioctl", FIONREAD, 2, true },
		{ "clone3", 88, 0, false }, { "getdents64", 0x5000, 1, true },
		{ "getdents", 0x5000, 1, true }, { "statfs", 0x5000, 1, true },
		{ "recvmsg", 0x5000, 1, true }, { "recvmsg", 0x5000, 1, false },
		{ "utimensat", 0x5000, 2, false }, { "utime", 0x5000, 1, false },
		{ "clone", 0, 0, false },
	};
	uint8_t d[200];
	size_t c, i, k, n;
	struct out o;
	struct rec r;

	(void)state;
	for (k = 0; k < 2; k++) {
		start(&o, k);
		for (c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
			for (i = 0; i < 200; i++) {
				n = rnd() % sizeof(d);
				for (size_t j = 0; j < n; j++)
					d[j] = (uint8_t)(rnd() % 4 ? rnd() : 0);
				rec_enter(&r, TID, calls[c].name, 1, rnd(), calls[c].a1, rnd() % 300);
				if (!calls[c].at_exit)
					rec_item(&r, (uint8_t)calls[c].arg, SCTRACE_CAP_BUF,
						 (uint8_t)(rnd() % 8), d, n);
				feed(&o, &r);
				rec_exit(&r, TID, calls[c].name, 2,
					 rnd() % 4 ? (int64_t)(rnd() % 400) : -(int64_t)(rnd() % 200));
				if (calls[c].at_exit)
					rec_item(&r, (uint8_t)calls[c].arg,
						 rnd() % 3 ? SCTRACE_CAP_BUF : (uint8_t)(rnd() % 5),
						 (uint8_t)(rnd() % 8), d, n);
				feed(&o, &r);
			}
		}
		sct_printer__finish(o.pr);
		sct_printer__free(o.pr);
		assert_int_equal(0, fclose(o.f));
		assert_true(o.len > 0);
		free(o.buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clone_names_its_arguments),
		cmocka_unit_test(clone_unfinished_and_resumed),
		cmocka_unit_test(clone3_struct),
		cmocka_unit_test(statfs_struct),
		cmocka_unit_test(getdents64_entries),
		cmocka_unit_test(getdents64_lying_lengths),
		cmocka_unit_test(ioctl_termios),
		cmocka_unit_test(ioctl_by_command),
		cmocka_unit_test(file_times_dated),
		cmocka_unit_test(hostile_bytes_print),
	};

	return cmocka_run_group_tests_name("print_structs", tests, NULL, NULL);
}
