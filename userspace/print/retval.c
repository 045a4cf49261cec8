// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Return values as strace prints them: "3", "-1 ENOENT (No such file or
 * directory)", "? ERESTARTSYS (To be restarted if SA_RESTART is set)",
 * by the table's ret=KIND: addresses in hex, umask's mode in octal.
 */
#include <inttypes.h>
#include <string.h>

#include "errnames.h"
#include "print/pr.h"

#define SCT_MAX_ERRNO	4095	/* the kernel's MAX_ERRNO */

/*
 * The errors a syscall interrupted by a signal returns, which the
 * process never sees (include/linux/errno.h: the kernel's own, not
 * uapi), with the texts strace gives them.
 */
static const struct {
	unsigned int err;
	const char *name, *text;
} sct_restart[] = {
	{ 512, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ 513, "ERESTARTNOINTR", "To be restarted" },
	{ 514, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ 515, "ENOIOCTLCMD", "No ioctl command" },
	{ 516, "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
};

static void sct_retval__error(FILE *out, unsigned int err)
{
	const char *name = sct_errno__name(err);
	size_t i;

	for (i = 0; i < sizeof(sct_restart) / sizeof(sct_restart[0]); i++) {
		if (sct_restart[i].err == err) {
			fprintf(out, "? %s (%s)", sct_restart[i].name, sct_restart[i].text);
			return;
		}
	}
	if (name)
		fprintf(out, "-1 %s (%s)", name, strerror((int)err));
	else
		fprintf(out, "-1 (errno %u)", err);
}

void sct_pr__retval(FILE *out, unsigned int kind, int64_t ret)
{
	if (ret < 0 && ret >= -SCT_MAX_ERRNO)
		sct_retval__error(out, (unsigned int)-ret);
	else if (kind == SCT_R_MODE)
		fprintf(out, "%#03" PRIo64, (uint64_t)ret);
	else if (kind == SCT_R_HEX)
		fprintf(out, "%#" PRIx64, (uint64_t)ret);
	else
		fprintf(out, "%" PRId64, ret);
}
