// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * -u USER: the command runs with USER's uid, gid and supplementary
 * groups (as strace's -u); sctrace itself stays as it is (root).
 */
#define _GNU_SOURCE	/* initgroups */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int sct_user__lookup(const char *name, struct sct_user *u, char *err, size_t errlen)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(name);
	if (!pw) {
		if (errno)
			snprintf(err, errlen, "cannot find user '%s': %s", name, strerror(errno));
		else
			snprintf(err, errlen, "Cannot find user '%s'", name);	/* strace's words */
		return -1;
	}
	u->name = name;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return 0;
}

int sct_user__become(const struct sct_user *u, char *err, size_t errlen)
{
	/* groups first, then the gid: both need the root we give up last */
	if (initgroups(u->name, u->gid) < 0) {
		snprintf(err, errlen, "-u %s: cannot set its groups: %s", u->name, strerror(errno));
		return -1;
	}
	if (setgid(u->gid) < 0 || setuid(u->uid) < 0) {
		snprintf(err, errlen, "-u %s: cannot become uid %u gid %u: %s", u->name,
			 (unsigned int)u->uid, (unsigned int)u->gid, strerror(errno));
		return -1;
	}
	return 0;
}
