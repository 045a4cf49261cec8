// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Arguments and return values that mean what a command says (the table's
 * "bycmd" kind: the command is the nearest enum:SET argument before it):
 * a table of commands, each with how its argument is printed (or that it
 * has none) and how its return value is ("fcntl(3, F_GETFD) = 0x1 (flags
 * FD_CLOEXEC)", "fcntl(3, F_SETFL, O_RDONLY|O_APPEND)", socket's protocol
 * by its family: "IPPROTO_TCP"; "ioctl(0, TIOCGWINSZ, {ws_row=24, ...})"). A
 * command the table does not know takes its set's SCT_CMD_ANY line, else
 * prints in hex.
 *
 * A command whose argument points to memory (SCT_A_MEM) names its type:
 * the argument's copy (bycmd:TYPE in the syscall table: the largest such
 * type, copied at exit whatever the command) is printed as that type when
 * it holds that much, else the address. What the call reads (SCT_CMD_IN)
 * shows whatever it returned, as strace decodes it at entry; what it
 * writes (SCT_CMD_OUT) only when it succeeded.
 */
#define _GNU_SOURCE	/* F_DUPFD_CLOEXEC, F_SETPIPE_SZ ... */
#include <fcntl.h>
#include <inttypes.h>

#include <sys/ioctl.h>
#include <sys/socket.h>

#include "items.h"
#include "print/pr.h"

#define SCT_CMD_ANY	UINT64_MAX	/* any other command of the set */

/* How a command's return value is printed */
enum sct_cmdret {
	SCT_CMDRET_INT,		/* as the table says (decimal) */
	SCT_CMDRET_FLAGS,	/* "0x1 (flags FD_CLOEXEC)"; 0 as "0" */
	SCT_CMDRET_FLAGS0,	/* the same, 0 too: "0 (flags O_RDONLY)" */
};

/* SCT_A_MEM: which way the memory goes */
enum sct_cmddir {
	SCT_CMD_IN = 1,		/* the call reads it: shown whatever it returned */
	SCT_CMD_OUT,		/* the call writes it: shown when it succeeded */
};

static const struct sct_cmd {
	const char *set;	/* the command's enum set (syscalls.tbl) */
	uint64_t cmd;
	uint8_t arg;		/* enum sct_argkind, or SCT_CMD_NOARG */
	const char *argset;	/* SCT_A_FLAGS, SCT_A_ENUM: its set */
	uint8_t ret;		/* enum sct_cmdret */
	const char *retset;	/* SCT_CMDRET_FLAGS*: the set */
	uint8_t ctype;		/* SCT_A_MEM: what it points to (enum sct_ctype) */
	uint8_t dir;		/* SCT_A_MEM: enum sct_cmddir */
} sct_cmds[] = {
	{ "fcntl", F_DUPFD, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_DUPFD_CLOEXEC, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_GETFD, SCT_CMD_NOARG, NULL, SCT_CMDRET_FLAGS, "fdflags", SCT_T_NONE, 0 },
	{ "fcntl", F_SETFD, SCT_A_FLAGS, "fdflags", SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_GETFL, SCT_CMD_NOARG, NULL, SCT_CMDRET_FLAGS0, "open", SCT_T_NONE, 0 },
	{ "fcntl", F_SETFL, SCT_A_FLAGS, "open", SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_GETLK, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_SETLK, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_SETLKW, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_OFD_GETLK, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_OFD_SETLK, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_OFD_SETLKW, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_GETOWN, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_SETOWN, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_GETSIG, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_SETSIG, SCT_A_ENUM, "signal", SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_GETLEASE, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_GETPIPE_SZ, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_SETPIPE_SZ, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "fcntl", F_GET_SEALS, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	/* socket, socketpair: the protocol by the family */
	{ "af", AF_INET, SCT_A_ENUM, "ipproto", SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "af", AF_INET6, SCT_A_ENUM, "ipproto", SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "af", SCT_CMD_ANY, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	/* ioctl: terminals and files, as strace decodes them */
	{ "ioctl", TCGETS, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_TERMIOS, SCT_CMD_OUT },
	{ "ioctl", TCSETS, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_TERMIOS, SCT_CMD_IN },
	{ "ioctl", TCSETSW, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_TERMIOS, SCT_CMD_IN },
	{ "ioctl", TCSETSF, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_TERMIOS, SCT_CMD_IN },
	{ "ioctl", TIOCGWINSZ, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_WINSIZE, SCT_CMD_OUT },
	{ "ioctl", TIOCSWINSZ, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_WINSIZE, SCT_CMD_IN },
	{ "ioctl", FIONREAD, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_INT, SCT_CMD_OUT },
	{ "ioctl", TIOCOUTQ, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_INT, SCT_CMD_OUT },
	{ "ioctl", TIOCGPGRP, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_INT, SCT_CMD_OUT },
	{ "ioctl", TIOCSPGRP, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_INT, SCT_CMD_IN },
	{ "ioctl", TIOCGPTN, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_UINT, SCT_CMD_OUT },
	{ "ioctl", TIOCSPTLCK, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_INT, SCT_CMD_IN },
	{ "ioctl", FIONBIO, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_INT, SCT_CMD_IN },
	{ "ioctl", FIOASYNC, SCT_A_MEM, NULL, SCT_CMDRET_INT, NULL, SCT_T_INT, SCT_CMD_IN },
	{ "ioctl", FIOCLEX, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
	{ "ioctl", FIONCLEX, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL, SCT_T_NONE, 0 },
};

/* the entry of argument i's command: the nearest enum argument before i */
static const struct sct_cmd *sct_cmds__find(const struct sct_sysdesc *d, const __u64 *args,
					    unsigned int i)
{
	const struct sct_argdesc *c = NULL;
	unsigned int j;
	size_t k;

	if (!d || i >= d->nargs || d->args[i].kind != SCT_A_BYCMD)
		return NULL;
	for (j = i; !c && j > 0; j--)
		if (d->args[j - 1].kind == SCT_A_ENUM && d->args[j - 1].set)
			c = &d->args[j - 1];
	for (k = 0; c && k < sizeof(sct_cmds) / sizeof(sct_cmds[0]); k++)
		if (!strcmp(c->set, sct_cmds[k].set) &&
		    ((uint32_t)args[j] == sct_cmds[k].cmd || sct_cmds[k].cmd == SCT_CMD_ANY))
			return &sct_cmds[k];
	return NULL;
}

int sct_cmds__noarg(const struct sct_sysdesc *d, const __u64 *args, unsigned int i)
{
	const struct sct_cmd *m = sct_cmds__find(d, args, i);

	return m && m->arg == SCT_CMD_NOARG;
}

/* What a command's argument points to, from its copy it; 0 if it cannot be shown. */
static int sct_cmds__mem(const struct sct_pr *p, const struct sct_cmd *m, uint64_t v,
			 const struct sctrace_item *it)
{
	const struct sct_ctypedesc *ct = sct_sysdesc__ctype(m->ctype);
	sct_struct_fn *fn = sct_structs__fn(m->ctype);
	struct sct_view view;

	if (!it || !ct || !fn || sct_item__kind(it) != SCTRACE_CAP_BUF ||
	    (it->flags & (SCTRACE_ITEM_FAULT | SCTRACE_ITEM_NULL)) || it->len < ct->size ||
	    (m->dir == SCT_CMD_OUT && (!p->exited || p->ret < 0)))
		return 0;
	view = (struct sct_view){ sct_item__data(it), ct->size, v };
	fn(p, &view);
	return 1;
}

void sct_cmds__arg(const struct sct_pr *p, const struct sct_sysdesc *d, const __u64 *args,
		   unsigned int i, const struct sctrace_item *it)
{
	const struct sct_cmd *m = sct_cmds__find(d, args, i);
	struct sct_argdesc a = d->args[i];

	if (m && m->arg == SCT_A_MEM) {
		if (!sct_cmds__mem(p, m, args[i], it))
			sct_pr__addr(p->out, args[i]);
		return;
	}
	a.kind = m ? m->arg : SCT_A_HEX;
	a.set = m ? m->argset : NULL;
	if (m && m->arg != SCT_A_PTR)
		a.type = "int";		/* what the command takes: an int */
	sct_pr__value(p, &a, args[i]);
}

int sct_cmds__retval(FILE *out, const struct sct_sysdesc *d, const __u64 *args, int64_t ret)
{
	const struct sct_cmd *m = NULL;
	unsigned int i;

	for (i = 0; d && !m && i < d->nargs; i++)
		m = sct_cmds__find(d, args, i);
	if (!m || m->ret == SCT_CMDRET_INT || ret < 0 || (!ret && m->ret != SCT_CMDRET_FLAGS0))
		return 0;
	fprintf(out, "%#" PRIx64 " (flags ", (uint64_t)ret);
	sct_consts__print_named(out, m->retset, SCT_SET_FLAGS, (uint64_t)ret, 32);
	fputc(')', out);
	return 1;
}
