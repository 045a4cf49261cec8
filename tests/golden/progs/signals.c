/* Signals: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack,
 * kill, tgkill, handlers run (rt_sigreturn), a blocked signal released. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include "golden.h"

static volatile sig_atomic_t seen;

static void on_signal(int sig)
{
	seen += sig;
	syscall(SYS_getpid);
}

int main(int argc, char **argv)
{
	static char altstack[65536];
	struct sigaction sa = { .sa_handler = on_signal }, prev;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	sigset_t set, old;
	pid_t pid;

	(void)golden_dir(argc, argv);
	golden_begin();
	pid = getpid();

	MUST(sigaltstack(&ss, NULL) == 0);
	MUST(sigaltstack(NULL, &ss) == 0);
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	MUST(sigaction(SIGUSR1, &sa, NULL) == 0);
	sa.sa_flags = SA_ONSTACK | SA_RESTART;
	MUST(sigaction(SIGUSR2, &sa, &prev) == 0);
	MUST(sigaction(SIGKILL, &sa, NULL) == -1);
	signal(SIGPIPE, SIG_IGN);

	MUST(kill(pid, SIGUSR1) == 0);
	MUST(syscall(SYS_tgkill, pid, syscall(SYS_gettid), SIGUSR2) == 0);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	MUST(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	MUST(kill(pid, SIGUSR1) == 0);
	MUST(sigpending(&set) == 0);
	MUST(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	MUST(kill(pid, 0) == 0);
	MUST(kill(pid, 1234) == -1);
	MUST(seen == 2 * SIGUSR1 + SIGUSR2);
	return 0;
}
