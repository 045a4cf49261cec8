// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The signals that stop a trace: sctrace catches them (the read loop ends,
 * and passes them on to the command it started), and the command's child
 * puts them back to their default action before it execs.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "cli.h"

volatile sig_atomic_t sct_stop_signal;

/* The signals that end the trace (strace's: it passes them on too). */
static const int sct_stop_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM };

static void sct_on_stop_signal(int sig)
{
	sct_stop_signal = sig;
}

static int sct_cli__set_signals(void (*handler)(int))
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: poll() returns EINTR and the loop sees the flag */
	for (i = 0; i < sizeof(sct_stop_signals) / sizeof(sct_stop_signals[0]); i++)
		if (sigaction(sct_stop_signals[i], &sa, NULL) < 0)
			return -errno;
	return 0;
}

int sct_cli__handle_signals(void)
{
	return sct_cli__set_signals(sct_on_stop_signal);
}

void sct_cli__default_signals(void)
{
	sct_cli__set_signals(SIG_DFL);
}
