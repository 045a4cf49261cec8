/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * What each x86-64 syscall takes: one description per syscall, generated
 * from userspace/decode/syscalls.tbl (gen-sysdesc.sh), from which the
 * capture plan (plan.h) and the printer both come. The kinds and the
 * table's syntax are explained at the top of syscalls.tbl.
 */
#ifndef SCT_SYSDESC_H
#define SCT_SYSDESC_H

#include <stddef.h>
#include <stdint.h>

#include "sctrace_abi.h"
#include "sysdesc_types.h"	/* generated: enum sct_ctype */

/* strace's trace classes (-e trace=%file ...): bits of sct_sysdesc.classes */
#define SCT_CLASS_FILE		0x0001
#define SCT_CLASS_DESC		0x0002
#define SCT_CLASS_NETWORK	0x0004
#define SCT_CLASS_PROCESS	0x0008
#define SCT_CLASS_MEMORY	0x0010
#define SCT_CLASS_SIGNAL	0x0020
#define SCT_CLASS_IPC		0x0040
#define SCT_CLASS_CREDS		0x0080
#define SCT_CLASS_CLOCK		0x0100
#define SCT_CLASS_COUNT		9

/* How an argument is printed (the table's kinds; see syscalls.tbl). */
enum sct_argkind {
	/* values: the register */
	SCT_A_INT,		/* signed decimal, of the type's width */
	SCT_A_UINT,		/* unsigned decimal */
	SCT_A_HEX,		/* unsigned hexadecimal */
	SCT_A_SIZE,		/* a byte count */
	SCT_A_OFF,		/* a file offset */
	SCT_A_FD,		/* a file descriptor */
	SCT_A_DIRFD,		/* a file descriptor or AT_FDCWD */
	SCT_A_MODE,		/* permission bits, octal */
	SCT_A_PID,		/* a process id */
	SCT_A_UID,		/* a user or group id (-1: unchanged) */
	SCT_A_PTR,		/* an address; its memory is not copied */
	SCT_A_FLAGS,		/* bits of the named set */
	SCT_A_ENUM,		/* one value of the named set */
	SCT_A_BYCMD,		/* by the command before it (print/cmds.c) */
	/* memory: the copies (cap) the capture plan asks for */
	SCT_A_PATH,		/* a path string, at entry */
	SCT_A_STR,		/* another string: at entry, or at exit */
	SCT_A_MEM,		/* ctype: one, or a counted array */
	SCT_A_IOV,		/* struct iovec[] and the bytes they hold */
	SCT_A_MSG,		/* struct msghdr, its name, iovecs and bytes */
	SCT_A_ARGV,		/* a NULL-terminated string array */
	SCT_A_ENVP,		/* the same, the environment */
};

/*
 * One phase's copy of an argument: a struct sctrace_cap_item less the
 * syscall, ABI, phase and argument (on 0: none).
 */
struct sct_capspec {
	uint8_t on;
	uint8_t kind;		/* enum sctrace_cap_kind */
	uint8_t len_src;	/* enum sctrace_cap_len */
	uint8_t len_arg;
	uint16_t size;		/* BUF: bytes of one element; STRARR: strings */
	uint16_t flags;		/* SCTRACE_CAP_F_* */
};

/*
 * When what the call wrote (the exit copy) is shown, by the return value
 * (the table's :erronly, :pos); else the address is printed.
 */
enum sct_shown {
	SCT_SHOWN_COPIED,	/* whenever copied (ret >= 0; :err: always) */
	SCT_SHOWN_ERR,		/* only when the call failed (:erronly) */
	SCT_SHOWN_POS,		/* only when ret > 0 (:pos) */
	SCT_SHOWN_AFTER,	/* after the return value, when > 0 (:after) */
};

struct sct_argdesc {
	const char *type;	/* C type, as the tracepoint format has it */
	const char *name;	/* the same */
	uint8_t kind;		/* enum sct_argkind */
	uint8_t ctype;		/* SCT_A_MEM: enum sct_ctype */
	uint8_t shown;		/* enum sct_shown */
	const char *set;	/* SCT_A_FLAGS, SCT_A_ENUM: the set's name */
	struct sct_capspec cap[2];	/* [SCTRACE_CAP_ENTER], [SCTRACE_CAP_EXIT] */
};

#define SCT_SYSDESC_I386_MAX	3

/* How the return value is printed (the table's ret=KIND). */
enum sct_retkind {
	SCT_R_INT,		/* signed decimal (or an error) */
	SCT_R_HEX,		/* an address (ret=hex) */
	SCT_R_MODE,		/* permission bits, octal (ret=mode) */
};

struct sct_sysdesc {
	const char *name;	/* as unistd_64.h names it */
	const char *event;	/* the tracepoint: syscalls/sys_enter_<event> */
	/* i386 syscalls that take the same strings in the same places */
	const char *i386[SCT_SYSDESC_I386_MAX];
	uint16_t classes;	/* SCT_CLASS_* */
	uint8_t nargs;
	uint8_t ret;		/* enum sct_retkind */
	uint8_t noexit;		/* no exit record follows its entry (noexit) */
	uint8_t sigreturn;	/* its exit's nr is SCTRACE_NR_UNKNOWN (sigreturn) */
	uint8_t exec;		/* on success the thread takes the leader's tid (exec) */
	const char *layout;	/* its arguments printed by this layout (print/layout.c), or NULL */
	struct sct_argdesc args[SCTRACE_MAX_ARGS];
};

/* A memory type: its table name, C type, bytes of an element, bit array. */
struct sct_ctypedesc {
	const char *name;
	const char *ctype;
	uint16_t size;
	uint8_t bits;
};

/* An x86-64 syscall the table leaves out, and why. */
struct sct_leftout {
	const char *name;
	const char *why;
};

/* The description of the syscall called name, or NULL. */
const struct sct_sysdesc *sct_sysdesc__find(const char *name);
/* The description of x86-64 syscall nr (through the names table), or NULL. */
const struct sct_sysdesc *sct_sysdesc__by_nr(unsigned int nr);
/* All descriptions, by name: i in 0..sct_sysdesc__count() - 1. */
size_t sct_sysdesc__count(void);
const struct sct_sysdesc *sct_sysdesc__at(size_t i);
/* Memory type t (enum sct_ctype), or NULL. */
const struct sct_ctypedesc *sct_sysdesc__ctype(unsigned int t);
/* Why the table leaves out the syscall called name, or NULL if it does not. */
const char *sct_sysdesc__leftout(const char *name);
/* "file" for SCT_CLASS_FILE ...: the class of bit i (0..SCT_CLASS_COUNT - 1). */
const char *sct_sysdesc__class_name(unsigned int i);

#endif /* SCT_SYSDESC_H */
