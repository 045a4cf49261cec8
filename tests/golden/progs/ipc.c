/* Inter-process communication within one process: pipe, eventfd2, poll,
 * epoll_create1/ctl/wait, a POSIX message queue. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include "golden.h"

int main(int argc, char **argv)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	struct epoll_event ev = { .events = EPOLLIN }, out[4];
	struct pollfd pfd[2];
	char name[64], buf[64];
	unsigned prio;
	uint64_t v = 5;
	int p[2], efd, ep;
	mqd_t q;

	(void)golden_dir(argc, argv);
	golden_begin();

	MUST(syscall(SYS_pipe, p) == 0);
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	MUST(efd >= 0);
	pfd[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = efd, .events = POLLIN | POLLOUT };
	MUST(poll(pfd, 2, 0) == 1);
	MUST(write(p[1], "x", 1) == 1);
	MUST(write(efd, &v, sizeof(v)) == sizeof(v));
	MUST(poll(pfd, 2, 100) == 2);

	ep = epoll_create1(EPOLL_CLOEXEC);
	MUST(ep >= 0);
	ev.data.fd = p[0];
	MUST(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 0x1122334455ULL;
	MUST(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	MUST(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == -1);
	MUST(epoll_wait(ep, out, 4, 0) == 2);
	MUST(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0);
	MUST(read(efd, &v, sizeof(v)) == sizeof(v));
	MUST(read(p[0], buf, 1) == 1);
	MUST(epoll_wait(ep, out, 4, 1) == 0);
	MUST(close(ep) == 0 && close(efd) == 0);
	MUST(close(p[0]) == 0 && close(p[1]) == 0);

	snprintf(name, sizeof(name), "/golden-mq-%d", (int)getpid());
	q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	MUST(q != (mqd_t)-1);
	MUST(mq_send(q, "message", 7, 3) == 0);
	MUST(mq_getattr(q, &attr) == 0);
	MUST(mq_receive(q, buf, sizeof(buf), &prio) == 7 && prio == 3);
	MUST(mq_close(q) == 0);
	MUST(mq_unlink(name) == 0);
	return 0;
}
