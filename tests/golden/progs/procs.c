/* Processes and threads: fork (clone), wait4, execve (a failed one and
 * one of this program again), exit_group, and a pthread (clone3) that is
 * joined without a futex wait, so that the lines are the same every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "golden.h"

static void *thread_main(void *arg)
{
	(void)arg;
	syscall(SYS_gettid);
	syscall(SYS_getpid);
	return NULL;
}

/* Waits for the thread's end by spinning on pthread_tryjoin_np, which
 * makes no syscall (pthread_join would futex-wait or not, by timing). */
static void join_quietly(pthread_t t)
{
	while (pthread_tryjoin_np(t, NULL) == EBUSY)
		__builtin_ia32_pause();
}

int main(int argc, char **argv)
{
	const char *dir = golden_dir(argc, argv);
	char *args[] = { argv[0], (char *)dir, "exec-child", NULL };
	char *env[] = { "GOLDEN=1", NULL };
	pthread_t t;
	pid_t pid;
	int st;

	if (argc > 2) {	/* the execve'd copy */
		syscall(SYS_getppid);
		exit(7);
	}
	golden_begin();

	pid = fork();
	MUST(pid >= 0);
	if (pid == 0) {
		syscall(SYS_getppid);
		_exit(3);
	}
	MUST(wait4(pid, &st, 0, NULL) == pid);
	MUST(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	MUST(wait4(-1, &st, WNOHANG, NULL) == -1);

	pid = fork();
	MUST(pid >= 0);
	if (pid == 0) {
		execve("/nonexistent/golden", args, env);
		execve(argv[0], args, env);
		_exit(98);
	}
	MUST(waitpid(pid, &st, 0) == pid);
	MUST(WIFEXITED(st) && WEXITSTATUS(st) == 7);

	MUST(pthread_create(&t, NULL, thread_main, NULL) == 0);
	join_quietly(t);
	return 0;
}
