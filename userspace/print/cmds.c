// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Arguments and return values that mean what a command says (the table's
 * "bycmd" kind: the command is the nearest enum:SET argument before it):
 * a table of commands, each with how its argument is printed (or that it
 * has none) and how its return value is ("fcntl(3, F_GETFD) = 0x1 (flags
 * FD_CLOEXEC)", "fcntl(3, F_SETFL, O_RDONLY|O_APPEND)", socket's protocol
 * by its family: "IPPROTO_TCP"). A command the table does not know takes
 * its set's SCT_CMD_ANY line, else prints in hex.
 */
#define _GNU_SOURCE	/* F_DUPFD_CLOEXEC, F_SETPIPE_SZ ... */
#include <fcntl.h>
#include <inttypes.h>

#include <sys/socket.h>

#include "print/pr.h"

#define SCT_CMD_ANY	UINT64_MAX	/* any other command of the set */

/* How a command's return value is printed */
enum sct_cmdret {
	SCT_CMDRET_INT,		/* as the table says (decimal) */
	SCT_CMDRET_FLAGS,	/* "0x1 (flags FD_CLOEXEC)"; 0 as "0" */
	SCT_CMDRET_FLAGS0,	/* the same, 0 too: "0 (flags O_RDONLY)" */
};

static const struct sct_cmd {
	const char *set;	/* the command's enum set (syscalls.tbl) */
	uint64_t cmd;
	uint8_t arg;		/* enum sct_argkind, or SCT_CMD_NOARG */
	const char *argset;	/* SCT_A_FLAGS, SCT_A_ENUM: its set */
	uint8_t ret;		/* enum sct_cmdret */
	const char *retset;	/* SCT_CMDRET_FLAGS*: the set */
} sct_cmds[] = {
	{ "fcntl", F_DUPFD, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_DUPFD_CLOEXEC, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_GETFD, SCT_CMD_NOARG, NULL, SCT_CMDRET_FLAGS, "fdflags" },
	{ "fcntl", F_SETFD, SCT_A_FLAGS, "fdflags", SCT_CMDRET_INT, NULL },
	{ "fcntl", F_GETFL, SCT_CMD_NOARG, NULL, SCT_CMDRET_FLAGS0, "open" },
	{ "fcntl", F_SETFL, SCT_A_FLAGS, "open", SCT_CMDRET_INT, NULL },
	{ "fcntl", F_GETLK, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_SETLK, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_SETLKW, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_OFD_GETLK, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_OFD_SETLK, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_OFD_SETLKW, SCT_A_PTR, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_GETOWN, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_SETOWN, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_GETSIG, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_SETSIG, SCT_A_ENUM, "signal", SCT_CMDRET_INT, NULL },
	{ "fcntl", F_GETLEASE, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_GETPIPE_SZ, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_SETPIPE_SZ, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL },
	{ "fcntl", F_GET_SEALS, SCT_CMD_NOARG, NULL, SCT_CMDRET_INT, NULL },
	/* socket, socketpair: the protocol by the family */
	{ "af", AF_INET, SCT_A_ENUM, "ipproto", SCT_CMDRET_INT, NULL },
	{ "af", AF_INET6, SCT_A_ENUM, "ipproto", SCT_CMDRET_INT, NULL },
	{ "af", SCT_CMD_ANY, SCT_A_INT, NULL, SCT_CMDRET_INT, NULL },
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

void sct_cmds__arg(const struct sct_pr *p, const struct sct_sysdesc *d, const __u64 *args,
		   unsigned int i)
{
	const struct sct_cmd *m = sct_cmds__find(d, args, i);
	struct sct_argdesc a = d->args[i];

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
