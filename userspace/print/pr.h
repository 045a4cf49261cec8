/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Inside the strace-style printer (print.h is its API): the output and
 * options every piece prints with, and the pieces. Each takes bytes
 * from records, so each checks lengths before reading and prints
 * something sensible for anything short or unknown.
 */
#ifndef SCT_PR_H
#define SCT_PR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode/sysdesc.h"
#include "sctrace_abi.h"

#define SCT_PR_STRSIZE	32	/* strace's -s default */

struct sct_fdtab;

struct sct_pr {
	FILE *out;
	unsigned int strsize;	/* -s: bytes of a string or buffer shown */
	unsigned int xflag;	/* 0; 1: -x (non-ASCII strings in hex); 2: -xx */
	const struct sct_fdtab *fds;	/* -y: fds printed with their paths; else NULL */
	bool yy;		/* -yy: sockets with their endpoints (print/sock.h) */
	uint32_t tgid;		/* whose fds: the process of the line */
	bool verbose;		/* -v: structs unabbreviated (getdents64's entries) */
	/* the call's return value, when its exit came (call.c sets them per call) */
	bool exited;
	int64_t ret;
	/* with what the call wrote, what it was given there, if copied: "msg_namelen=128 => 16" */
	const struct sctrace_item *given;
};

/* consts.c: the named sets of consts.in (generated print_consts.h) */
enum sct_set_kind { SCT_SET_FLAGS, SCT_SET_ENUM };
struct sct_const {
	const char *name;
	uint64_t value;
};
struct sct_constset {
	const char *name;
	uint8_t kind;		/* enum sct_set_kind */
	const char *unknown;	/* "O_???" */
	const struct sct_const *c;	/* ends with a NULL name */
	uint64_t field;		/* bits that are one value of field_set */
	const char *field_set;
	uint8_t field_last;	/* printed after the flags, if not 0 */
	uint8_t commented;	/* unknown bits after known ones commented too */
};
const struct sct_constset *sct_consts__find(const char *name, unsigned int kind);
/* The name of value v in set s (compared on width bits), or NULL. */
const char *sct_consts__name(const struct sct_constset *s, uint64_t v, unsigned int width);
/* v (width bits) as strace prints a value of s, or hex when s is NULL. */
void sct_consts__print(FILE *out, const struct sct_constset *s, uint64_t v, unsigned int width);
/* By set name and kind: sct_consts__print(sct_consts__find(...)) */
void sct_consts__print_named(FILE *out, const char *set, unsigned int kind, uint64_t v,
			     unsigned int width);

/* str.c: strings and buffers */
/* sct_pr__str's limit for paths and names: all their bytes (-s 0 shows none) */
#define SCT_PR_NOLIMIT	SIZE_MAX
/*
 * s[0..len) quoted as strace does with -s and -x/-xx: at most limit
 * bytes (strsize, or SCT_PR_NOLIMIT), then "..." if cut (more bytes than
 * shown, or the copy itself was cut).
 */
void sct_pr__str(const struct sct_pr *p, const uint8_t *s, size_t len, size_t limit, int cut);

/* value.c: an argument register by its kind */
unsigned int sct_pr__width(const char *ctype);
void sct_pr__value(const struct sct_pr *p, const struct sct_argdesc *a, uint64_t v);
void sct_pr__addr(FILE *out, uint64_t v);
/* An fd: "3", with -y "3</etc/hostname>" when its path is known */
void sct_pr__fd(const struct sct_pr *p, int64_t fd);
/* signal n: "SIGINT", or the number */
void sct_pr__signal(FILE *out, uint64_t n);

/*
 * mem.c: an argument's captured memory, at most bound bytes of it
 * (sct_pr__written(), or SCT_PR_NOLIMIT)
 */
void sct_pr__mem(const struct sct_pr *p, const struct sct_argdesc *a, uint64_t v,
		 const struct sctrace_item *it, size_t bound);
struct sct_items;
/*
 * How many bytes of argument i's exit copy the kernel wrote, as far as
 * the call tells (SCT_PR_NOLIMIT: its copy's length): iovecs and msghdr
 * buffers, the return value in all; a buffer whose length is an in-out
 * int (*N), what that int was at entry (in: the entry items), since the
 * kernel returns there the full length even when it wrote less.
 */
size_t sct_pr__written(const struct sct_sysdesc *d, const struct sct_items *in, unsigned int i,
		       int64_t ret);

/* structs_*.c: one element of memory type t (enum sct_ctype) */
struct sct_view {
	const uint8_t *d;
	size_t len;
	uint64_t addr;		/* where it is in the process: "0x7ffd... /- 3 entries -/" */
};
/* Field readers: 0 where the view is too short (callers check length first). */
uint64_t sct_v__u64(const struct sct_view *v, size_t off);
uint32_t sct_v__u32(const struct sct_view *v, size_t off);
uint16_t sct_v__u16(const struct sct_view *v, size_t off);
typedef void sct_struct_fn(const struct sct_pr *p, const struct sct_view *v);
/* structs_sig.c: siginfo_t, "{si_signo=SIGCHLD, si_code=CLD_EXITED, ...}" */
void sct_pr__siginfo(const struct sct_pr *p, const struct sct_view *v);
/* the siginfo of a signal record (struct sctrace_signal) */
void sct_pr__sigrec(const struct sct_pr *p, const struct sctrace_signal *s);
/* The printer of one element of type t, or NULL (the address is printed). */
sct_struct_fn *sct_structs__fn(unsigned int t);
/*
 * The bytes a struct of a byte-counted type t (.type NAME 1) needs to
 * be printed (fewer: its address), 0 for any length.
 */
size_t sct_structs__minlen(unsigned int t);
/* ... by file: time, files, network, signals (NULL: not theirs) */
sct_struct_fn *sct_structs_time__fn(unsigned int t);
sct_struct_fn *sct_structs_file__fn(unsigned int t);
sct_struct_fn *sct_structs_net__fn(unsigned int t);
sct_struct_fn *sct_structs_sig__fn(unsigned int t);
sct_struct_fn *sct_structs_proc__fn(unsigned int t);
sct_struct_fn *sct_structs_tty__fn(unsigned int t);
/* The printer of all the elements of type t after the return value (:after), or NULL. */
sct_struct_fn *sct_structs_net__after_fn(unsigned int t);
void sct_pr__sigset(const struct sct_pr *p, const struct sct_view *v);
void sct_pr__sockaddr(const struct sct_pr *p, const struct sct_view *v);
/* mode bits: "S_IFREG|0644" */
void sct_pr__mode(FILE *out, uint32_t mode);

/*
 * cmds.c: an argument of kind bycmd (i; the command is argument i - 1)
 * and the return value, by the command. noarg: the command takes none
 * (the argument is not printed). retval: printed, if the command says how
 * (1), else 0.
 */
#define SCT_CMD_NOARG	0xff
int sct_cmds__noarg(const struct sct_sysdesc *d, const __u64 *args, unsigned int i);
/* it: the argument's copy (bycmd:TYPE), or NULL */
void sct_cmds__arg(const struct sct_pr *p, const struct sct_sysdesc *d, const __u64 *args,
		   unsigned int i, const struct sctrace_item *it);
int sct_cmds__retval(FILE *out, const struct sct_sysdesc *d, const __u64 *args, int64_t ret);

/* retval.c: kind: enum sct_retkind (the table's ret=KIND) */
void sct_pr__retval(FILE *out, unsigned int kind, int64_t ret);

#endif /* SCT_PR_H */
