/* Sockets over loopback, in one thread: AF_INET (TCP and UDP, port 0 so
 * that runs never collide: run.sh normalises the port) and AF_UNIX (a
 * path under DIR and a socketpair).  socket, setsockopt, bind, listen,
 * connect, accept4, getsockname, getpeername, sendto, recvfrom,
 * sendmsg, recvmsg, shutdown. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "golden.h"

static void tcp(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int one = 1, l, c, s;
	char buf[32];

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	MUST(l >= 0);
	MUST(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
	MUST(bind(l, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	MUST(listen(l, 4) == 0);
	MUST(getsockname(l, (struct sockaddr *)&sin, &len) == 0);
	c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	MUST(c >= 0);
	MUST(connect(c, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	len = sizeof(sin);
	s = accept4(l, (struct sockaddr *)&sin, &len, SOCK_CLOEXEC);
	MUST(s >= 0);
	MUST(sendto(c, "ping", 4, MSG_NOSIGNAL, NULL, 0) == 4);
	MUST(recvfrom(s, buf, sizeof(buf), 0, NULL, NULL) == 4);
	MUST(shutdown(c, SHUT_WR) == 0);
	MUST(recvfrom(s, buf, sizeof(buf), 0, NULL, NULL) == 0);
	MUST(close(s) == 0 && close(c) == 0 && close(l) == 0);
}

static void udp(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET }, from;
	socklen_t len = sizeof(sin);
	char buf[32];
	int a, b;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a = socket(AF_INET, SOCK_DGRAM, 0);
	b = socket(AF_INET, SOCK_DGRAM, 0);
	MUST(a >= 0 && b >= 0);
	MUST(bind(a, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	MUST(getsockname(a, (struct sockaddr *)&sin, &len) == 0);
	MUST(sendto(b, "datagram", 8, 0, (struct sockaddr *)&sin,
		    sizeof(sin)) == 8);
	len = sizeof(from);
	MUST(recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		      &len) == 8);
	MUST(recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL) == -1);
	MUST(close(a) == 0 && close(b) == 0);
}

static void unix_sockets(const char *dir)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct iovec iov[2] = { { "one", 3 }, { "two!", 4 } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	char buf[16], buf2[16];
	struct iovec riov[2] = { { buf, 5 }, { buf2, sizeof(buf2) } };
	struct msghdr rh = { .msg_iov = riov, .msg_iovlen = 2 };
	socklen_t len = sizeof(sun);
	int l, c, s, sv[2];

	golden_path(sun.sun_path, sizeof(sun.sun_path), dir, "sock");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	MUST(l >= 0);
	MUST(bind(l, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	MUST(listen(l, 1) == 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	MUST(c >= 0);
	MUST(connect(c, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	s = accept4(l, (struct sockaddr *)&sun, &len, 0);
	MUST(s >= 0);
	MUST(getpeername(c, (struct sockaddr *)&sun, &len) == 0);
	MUST(sendmsg(c, &mh, 0) == 7);
	MUST(recvmsg(s, &rh, 0) == 7);
	MUST(close(s) == 0 && close(c) == 0 && close(l) == 0);
	MUST(unlink(sun.sun_path) == 0);

	MUST(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	MUST(send(sv[0], "pair", 4, 0) == 4);
	MUST(recv(sv[1], buf, sizeof(buf), 0) == 4);
	MUST(close(sv[0]) == 0 && close(sv[1]) == 0);
}

int main(int argc, char **argv)
{
	const char *dir = golden_dir(argc, argv);

	golden_begin();
	tcp();
	udp();
	unix_sockets(dir);
	MUST(socket(AF_INET, 1234, 0) == -1);
	return 0;
}
