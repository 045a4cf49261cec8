// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of tests/guest/equiv.sh: after the marker syscall
 * lseek(-1, 0xfeed, SEEK_SET), every syscall it makes has the same six
 * argument registers, strings and results on every run, thread and
 * process ids aside. For that it re-executes itself with address space
 * randomization off (personality(ADDR_NO_RANDOMIZE), as setarch -R),
 * makes its syscalls itself with all six arguments given (a register a
 * syscall does not use holds whatever the caller left in it), keeps its
 * strings on the stack (touched, so a copy never faults by chance), and
 * never races: the thread is waited for by spinning on its
 * CLONE_CHILD_CLEARTID word (no futex call that may or may not happen),
 * the child with one blocking wait4().
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define MARK_OFF	0xfeed
#define LONG_NAME	300

/* a syscall with all six argument registers set */
#define SC(nr, a, b, c, d, e, f) \
	syscall(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define SC3(nr, a, b, c)	SC(nr, a, b, c, 0, 0, 0)

static char thread_stack[64 << 10] __attribute__((aligned(16)));
static volatile pid_t thread_tid;
static int pipefd[2];

static void files(void)
{
	char path[LONG_NAME + 2], buf[64];
	struct stat st;
	long fd;

	strcpy(path, "/etc/hostname");
	fd = SC3(SYS_openat, AT_FDCWD, path, O_RDONLY);
	SC3(SYS_read, fd, buf, sizeof(buf));
	SC3(SYS_fstat, fd, &st, 0);
	SC3(SYS_close, fd, 0, 0);
	strcpy(path, "/nonexistent/equiv");
	SC3(SYS_openat, AT_FDCWD, path, O_RDONLY);
	/* one component longer than NAME_MAX: a path is not cut */
	path[0] = '/';
	memset(path + 1, 'q', LONG_NAME);
	path[LONG_NAME + 1] = '\0';
	SC3(SYS_openat, AT_FDCWD, path, O_RDONLY);
	/* a buffer is, at the snaplen */
	SC3(SYS_write, -1, path + 1, LONG_NAME);
	/* an unmapped string pointer: the copy faults */
	SC3(SYS_openat, AT_FDCWD, 8, O_RDONLY);
	SC3(SYS_write, -1, "x", 1);
}

/* Calls whose memory is captured: iovecs, arrays, msghdrs, string arrays. */
static void memory(void)
{
	char a[4], b[8], buf[16], x[] = "x", yy[] = "yy", e1[] = "E=1";
	char abc[] = "abc", defgh[] = "defgh", ping[] = "ping", nope[] = "/nonexistent/exec";
	struct iovec in[2] = { { abc, 3 }, { defgh, 5 } }, out[2] = { { a, 4 }, { b, 8 } };
	struct iovec pin = { ping, 4 }, pout = { buf, sizeof(buf) };
	struct msghdr sm = { .msg_iov = &pin, .msg_iovlen = 1 };
	struct msghdr rm = { .msg_iov = &pout, .msg_iovlen = 1 };
	char *argv[] = { x, yy, NULL }, *envp[] = { e1, NULL };
	struct pollfd pfd;
	int p[2], s[2];

	if (SC3(SYS_pipe2, p, 0, 0) || SC(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, s, 0, 0))
		SC3(SYS_exit_group, 95, 0, 0);
	SC3(SYS_writev, p[1], in, 2);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	SC3(SYS_poll, &pfd, 1, 0);
	SC3(SYS_readv, p[0], out, 2);
	SC3(SYS_sendmsg, s[0], &sm, 0);
	SC3(SYS_recvmsg, s[1], &rm, 0);
	SC3(SYS_execve, nope, argv, envp);
	SC3(SYS_close, p[0], 0, 0);
	SC3(SYS_close, p[1], 0, 0);
	SC3(SYS_close, s[0], 0, 0);
	SC3(SYS_close, s[1], 0, 0);
}

/* A clone() thread: raw syscalls, then a thread exit. */
static int thread_fn(void *arg)
{
	char c = 't';

	(void)arg;
	SC3(SYS_getuid, 0, 0, 0);
	SC3(SYS_lseek, -1, 1, SEEK_SET);
	SC3(SYS_write, pipefd[1], &c, 1);
	SC3(SYS_exit, 7, 0, 0);
	return 0;
}

static void thread(void)
{
	char c;

	if (SC3(SYS_pipe2, pipefd, 0, 0))
		SC3(SYS_exit_group, 90, 0, 0);
	thread_tid = 1;
	/* glibc's clone() leaves its last argument (tls, NULL) in r9 too */
	if (clone(thread_fn, thread_stack + sizeof(thread_stack),
		  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		  CLONE_SYSVSEM | CLONE_CHILD_CLEARTID, NULL, NULL, NULL,
		  (pid_t *)&thread_tid) < 0)
		SC3(SYS_exit_group, 91, 0, 0);
	SC3(SYS_read, pipefd[0], &c, 1);
	while (thread_tid)	/* cleared by the kernel when the thread is gone */
		;
}

static void child(void)
{
	char path[32];
	long pid;
	int st;

	/* fork(), as a raw clone: the child makes raw syscalls only */
	pid = SC3(SYS_clone, SIGCHLD, 0, 0);
	if (pid == 0) {
		strcpy(path, "/nonexistent/child");
		SC3(SYS_openat, AT_FDCWD, path, O_RDONLY);
		SC3(SYS_exit_group, 3, 0, 0);
	}
	if (pid < 0)
		SC3(SYS_exit_group, 92, 0, 0);
	SC(SYS_wait4, -1, &st, 0, 0, 0, 0);
}

int main(int argc, char **argv)
{
	int p = personality(0xffffffff);

	(void)argc;
	if (p < 0)
		return 93;
	if (!(p & ADDR_NO_RANDOMIZE)) {
		personality(p | ADDR_NO_RANDOMIZE);
		execv("/proc/self/exe", argv);
		return 94;
	}
	SC3(SYS_lseek, -1, MARK_OFF, SEEK_SET);
	files();
	memory();
	thread();
	child();
	SC3(SYS_exit_group, 0, 0, 0);
	return 0;
}
