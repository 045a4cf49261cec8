// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * -y and -P: the fd tables (print/fdtab.c) and what calls do to them
 * (print/fdtrack.c), through the printer fed hand-made records: paths
 * joined and cleaned, dup/close/exec/fork, the working directory,
 * strace's "3</etc/hostname>", and -P's choice of lines.
 */
#define _GNU_SOURCE	/* open_memstream */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "print/fdtab.h"
#include "print/print.h"
#include "recs.h"

#define CWD	((uint64_t)(int64_t)AT_FDCWD)

static void clean_is(const char *expected, const char *path)
{
	char buf[256];

	strcpy(buf, path);
	sct_fdtab__clean(buf);
	assert_string_equal(expected, buf);
}

static void clean_dots_and_slashes(void **state)
{
	(void)state;
	clean_is("/usr/lib/os-release", "/usr/share/../lib/./os-release");
	clean_is("/", "/..");
	clean_is("/", "///");
	clean_is("/a", "/a/b/..//");
	clean_is("/a/...", "/a/...");
}

static void resolve_against_dirfd_and_cwd(void **state)
{
	struct sct_fdtab *t = sct_fdtab__new();
	char *p;

	(void)state;
	assert_null(sct_fdtab__resolve(t, 10, AT_FDCWD, "x"));	/* cwd unknown */
	p = sct_fdtab__resolve(t, 10, AT_FDCWD, "/etc//hostname");
	assert_string_equal("/etc/hostname", p);
	free(p);
	assert_int_equal(0, sct_fdtab__chdir(t, 10, "/etc"));
	assert_int_equal(0, sct_fdtab__set(t, 10, 5, "/usr", false));
	assert_int_equal(0, sct_fdtab__set(t, 10, 6, "pipe:[?]", false));
	p = sct_fdtab__resolve(t, 10, AT_FDCWD, "hostname");
	assert_string_equal("/etc/hostname", p);
	free(p);
	p = sct_fdtab__resolve(t, 10, 5, "share/../lib");
	assert_string_equal("/usr/lib", p);
	free(p);
	assert_null(sct_fdtab__resolve(t, 10, 6, "x"));	/* not a directory's path */
	assert_null(sct_fdtab__resolve(t, 11, AT_FDCWD, "x"));	/* another process */
	sct_fdtab__free(t);
}

static void dup_close_exec_fork(void **state)
{
	struct sct_fdtab *t = sct_fdtab__new();

	(void)state;
	sct_fdtab__set(t, 1, 3, "/a", false);
	sct_fdtab__set(t, 1, 4, "/b", true);
	sct_fdtab__dup(t, 1, 3, 1000, true);
	sct_fdtab__dup(t, 1, 7, 8, false);		/* unknown stays unknown */
	assert_string_equal("/a", sct_fdtab__get(t, 1, 1000));
	assert_null(sct_fdtab__get(t, 1, 8));
	assert_int_equal(0, sct_fdtab__fork(t, 1, 2));
	sct_fdtab__exec(t, 1);
	assert_string_equal("/a", sct_fdtab__get(t, 1, 3));
	assert_null(sct_fdtab__get(t, 1, 4));
	assert_null(sct_fdtab__get(t, 1, 1000));
	assert_string_equal("/b", sct_fdtab__get(t, 2, 4));	/* the child's copy */
	sct_fdtab__close_range(t, 2, 4, UINT32_MAX, false);
	assert_null(sct_fdtab__get(t, 2, 4));
	assert_string_equal("/a", sct_fdtab__get(t, 2, 3));
	sct_fdtab__exit(t, 2);
	assert_null(sct_fdtab__get(t, 2, 3));
	assert_null(sct_fdtab__get(t, 1, -1));
	sct_fdtab__free(t);
}

/* A printer with -y (and -P paths) over a fresh table, writing to a memory buffer. */
struct out {
	FILE *f;
	char *buf;
	size_t len;
	struct sct_fdtab *t;
	struct sct_printer *pr;
};

static void start(struct out *o, char *const *paths, size_t npaths, unsigned int y)
{
	struct sct_print_opts po = { .strsize = 32 };

	memset(o, 0, sizeof(*o));
	o->f = open_memstream(&o->buf, &o->len);
	o->t = sct_fdtab__new();
	assert_non_null(o->f);
	assert_non_null(o->t);
	assert_int_equal(0, sct_fdtab__chdir(o->t, 100, "/tmp"));
	po.fds = o->t;
	po.yflag = y;
	po.paths = paths;
	po.npaths = npaths;
	o->pr = sct_printer__new(o->f, &po);
	assert_non_null(o->pr);
}

static void call(struct out *o, uint32_t tid, const char *name, uint64_t a0, uint64_t a1,
		 uint64_t a2, const char *path, uint8_t path_arg, int64_t ret)
{
	struct rec r;

	rec_enter(&r, tid, name, 1, a0, a1, a2);
	if (path)
		rec_str(&r, path_arg, path, strlen(path));
	assert_int_equal(0, sct_printer__record(o->pr, rec_hdr(&r)));
	rec_exit(&r, tid, name, 2, ret);
	assert_int_equal(0, sct_printer__record(o->pr, rec_hdr(&r)));
}

static void expect(struct out *o, const char *lines)
{
	sct_printer__finish(o->pr);
	fflush(o->f);
	assert_string_equal(lines, o->buf);
	sct_printer__free(o->pr);
	sct_fdtab__free(o->t);
	fclose(o->f);
	free(o->buf);
}

static void y_prints_paths(void **state)
{
	struct out o;

	(void)state;
	start(&o, NULL, 0, true);
	call(&o, 100, "openat", CWD, 0, O_RDONLY, "../etc/hostname", 1, 3);
	call(&o, 100, "read", 3, 0x1000, 4, NULL, 0, 0);
	call(&o, 100, "dup2", 3, 10, 0, NULL, 0, 10);
	call(&o, 100, "close", 3, 0, 0, NULL, 0, 0);
	call(&o, 100, "close", 3, 0, 0, NULL, 0, -9);
	call(&o, 100, "chdir", 0, 0, 0, "/etc", 0, 0);
	call(&o, 100, "eventfd2", 0, 0, 0, NULL, 0, 4);
	expect(&o,
	       "openat(AT_FDCWD</tmp>, \"../etc/hostname\", O_RDONLY) = 3</etc/hostname>\n"
	       "read(3</etc/hostname>, 0x1000, 4)       = 0\n"
	       "dup2(3</etc/hostname>, 10)              = 10</etc/hostname>\n"
	       "close(3</etc/hostname>)                 = 0\n"
	       "close(3)                                = -1 EBADF (Bad file descriptor)\n"
	       "chdir(\"/etc\")                           = 0\n"
	       "eventfd2(0, 0)                          = 4<anon_inode:[eventfd]>\n");
}

static void fork_copies_exec_closes_cloexec(void **state)
{
	struct out o;
	struct rec r;

	(void)state;
	start(&o, NULL, 0, true);
	call(&o, 100, "openat", CWD, 0, O_RDONLY | O_CLOEXEC, "/a", 1, 3);
	call(&o, 100, "openat", CWD, 0, O_RDONLY, "/b", 1, 4);
	call(&o, 100, "ioctl", 4, FIOCLEX, 0, NULL, 0, 0);	/* as F_SETFD, FD_CLOEXEC */
	call(&o, 100, "ioctl", 3, FIONCLEX, 0, NULL, 0, 0);
	rec_fork(&r, 100, 101, 3);
	assert_int_equal(0, sct_printer__record(o.pr, rec_hdr(&r)));
	call(&o, 101, "execve", 0, 0, 0, "/bin/true", 0, 0);
	call(&o, 101, "close", 4, 0, 0, NULL, 0, -9);
	call(&o, 101, "close", 3, 0, 0, NULL, 0, 0);
	call(&o, 100, "close", 4, 0, 0, NULL, 0, 0);
	expect(&o,
	       "openat(AT_FDCWD</tmp>, \"/a\", O_RDONLY|O_CLOEXEC) = 3</a>\n"
	       "openat(AT_FDCWD</tmp>, \"/b\", O_RDONLY)  = 4</b>\n"
	       "ioctl(4</b>, FIOCLEX)                   = 0\n"
	       "ioctl(3</a>, FIONCLEX)                  = 0\n"
	       "[pid   101] execve(\"/bin/true\", NULL, NULL) = 0\n"
	       "[pid   101] close(4)                    = -1 EBADF (Bad file descriptor)\n"
	       "[pid   101] close(3</a>)                = 0\n"
	       "[pid   100] close(4</b>)                = 0\n");
}

static void P_selects_calls_on_the_path(void **state)
{
	char *paths[] = { "/etc/hostname" };
	struct out o;

	(void)state;
	start(&o, paths, 1, false);
	call(&o, 100, "openat", CWD, 0, O_RDONLY, "/etc/passwd", 1, 3);
	call(&o, 100, "openat", CWD, 0, O_RDONLY, "../etc/hostname", 1, 4);
	call(&o, 100, "read", 3, 0x1000, 4, NULL, 0, 0);
	call(&o, 100, "read", 4, 0x1000, 4, NULL, 0, 0);
	call(&o, 100, "dup", 4, 0, 0, NULL, 0, 5);
	call(&o, 100, "close", 4, 0, 0, NULL, 0, 0);
	call(&o, 100, "close", 5, 0, 0, NULL, 0, 0);
	call(&o, 100, "close", 5, 0, 0, NULL, 0, -9);
	expect(&o,
	       "openat(AT_FDCWD, \"../etc/hostname\", O_RDONLY) = 4\n"
	       "read(4, 0x1000, 4)                      = 0\n"
	       "dup(4)                                  = 5\n"
	       "close(4)                                = 0\n"
	       "close(5)                                = 0\n");
}

/* A call on sockets: sockaddr sa (len n) of argument 1 in the entry record (in) or the exit's */
static void sock_call(struct out *o, const char *name, uint64_t a0, uint64_t a1, uint64_t a2,
		      const void *sa, size_t n, bool in, int64_t ret)
{
	uint32_t len = (uint32_t)n;
	struct rec r;

	rec_enter(&r, 100, name, 1, a0, a1, a2);
	if (sa && in)
		rec_item(&r, 1, SCTRACE_CAP_BUF, 0, sa, n);
	assert_int_equal(0, sct_printer__record(o->pr, rec_hdr(&r)));
	rec_exit(&r, 100, name, 2, ret);
	if (sa && !in) {
		rec_item(&r, 1, SCTRACE_CAP_BUF, 0, sa, n);
		rec_item(&r, 2, SCTRACE_CAP_BUF, 0, &len, sizeof(len));
	}
	assert_int_equal(0, sct_printer__record(o->pr, rec_hdr(&r)));
}

static struct sockaddr_in sin4(const char *addr, uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, addr, &a.sin_addr);
	return a;
}

/*
 * -yy, TCP over loopback as tests/golden's sockets program makes it: what
 * bind, getsockname, connect and accept4 tell, "?" for what none does
 * (inodes, the port bind(0) and connect chose until getsockname shows it);
 * dup copies the endpoints; -y alone keeps socket:[?].
 */
static void yy_tcp_endpoints(void **state)
{
	struct sockaddr_in lo0 = sin4("127.0.0.1", 0), srv = sin4("127.0.0.1", 38063),
			   cli = sin4("127.0.0.1", 50892);
	struct out o;

	(void)state;
	start(&o, NULL, 0, 2);
	sock_call(&o, "socket", AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, NULL, 0, true, 3);
	sock_call(&o, "bind", 3, 0x1000, sizeof(lo0), &lo0, sizeof(lo0), true, 0);
	sock_call(&o, "listen", 3, 4, 0, NULL, 0, true, 0);
	sock_call(&o, "getsockname", 3, 0x1000, 0x2000, &srv, sizeof(srv), false, 0);
	sock_call(&o, "socket", AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, true, 4);
	sock_call(&o, "connect", 4, 0x1000, sizeof(srv), &srv, sizeof(srv), true, 0);
	sock_call(&o, "accept4", 3, 0x1000, 0x2000, &cli, sizeof(cli), false, 5);
	sock_call(&o, "dup", 5, 0, 0, NULL, 0, true, 6);
	sock_call(&o, "close", 4, 0, 0, NULL, 0, true, 0);
	expect(&o,
	       "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<TCP:[?]>\n"
	       "bind(3<TCP:[?]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n"
	       "listen(3<TCP:[127.0.0.1:?]>, 4)         = 0\n"
	       "getsockname(3<TCP:[127.0.0.1:?]>, {sa_family=AF_INET, sin_port=htons(38063), sin_addr=inet_addr(\"127.0.0.1\")}, 0x2000) = 0\n"
	       "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4<TCP:[?]>\n"
	       "connect(4<TCP:[?]>, {sa_family=AF_INET, sin_port=htons(38063), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n"
	       "accept4(3<TCP:[127.0.0.1:38063]>, {sa_family=AF_INET, sin_port=htons(50892), sin_addr=inet_addr(\"127.0.0.1\")}, 0x2000, 0) = 5<TCP:[127.0.0.1:38063->127.0.0.1:50892]>\n"
	       "dup(5<TCP:[127.0.0.1:38063->127.0.0.1:50892]>) = 6<TCP:[127.0.0.1:38063->127.0.0.1:50892]>\n"
	       "close(4<TCP:[?->127.0.0.1:38063]>)      = 0\n");
	start(&o, NULL, 0, 1);
	sock_call(&o, "socket", AF_INET, SOCK_STREAM, 0, NULL, 0, true, 3);
	sock_call(&o, "connect", 3, 0x1000, sizeof(srv), &srv, sizeof(srv), true, 0);
	sock_call(&o, "close", 3, 0, 0, NULL, 0, true, 0);
	expect(&o,
	       "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3<socket:[?]>\n"
	       "connect(3<socket:[?]>, {sa_family=AF_INET, sin_port=htons(38063), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n"
	       "close(3<socket:[?]>)                    = 0\n");
}

/*
 * -yy: a listener on the wildcard address gives its accepted sockets an
 * unknown local address (the one the peer reached); UDPv6 bound; a
 * nonblocking connect (EINPROGRESS) has its peer; a failed bind changes
 * nothing; a raw socket stays socket:[?].
 */
static void yy_wildcard_v6_inprogress(void **state)
{
	struct sockaddr_in any = sin4("0.0.0.0", 8080), peer = sin4("10.0.0.2", 4000);
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_port = htons(53),
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct out o;

	(void)state;
	start(&o, NULL, 0, 2);
	sock_call(&o, "socket", AF_INET, SOCK_STREAM, 0, NULL, 0, true, 3);
	sock_call(&o, "bind", 3, 0x1000, sizeof(any), &any, sizeof(any), true, 0);
	sock_call(&o, "accept", 3, 0x1000, 0x2000, &peer, sizeof(peer), false, 4);
	sock_call(&o, "close", 4, 0, 0, NULL, 0, true, 0);
	sock_call(&o, "close", 3, 0, 0, NULL, 0, true, 0);
	sock_call(&o, "socket", AF_INET6, SOCK_DGRAM, 0, NULL, 0, true, 3);
	sock_call(&o, "bind", 3, 0x1000, sizeof(any), &any, sizeof(any), true, -22);
	sock_call(&o, "bind", 3, 0x1000, sizeof(v6), &v6, sizeof(v6), true, 0);
	sock_call(&o, "close", 3, 0, 0, NULL, 0, true, 0);
	sock_call(&o, "socket", AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0, NULL, 0, true, 3);
	sock_call(&o, "connect", 3, 0x1000, sizeof(peer), &peer, sizeof(peer), true, -115);
	sock_call(&o, "close", 3, 0, 0, NULL, 0, true, 0);
	sock_call(&o, "socket", AF_INET, SOCK_RAW, IPPROTO_ICMP, NULL, 0, true, 3);
	expect(&o,
	       "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3<TCP:[?]>\n"
	       "bind(3<TCP:[?]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0\n"
	       "accept(3<TCP:[0.0.0.0:8080]>, {sa_family=AF_INET, sin_port=htons(4000), sin_addr=inet_addr(\"10.0.0.2\")}, 0x2000) = 4<TCP:[?:8080->10.0.0.2:4000]>\n"
	       "close(4<TCP:[?:8080->10.0.0.2:4000]>)   = 0\n"
	       "close(3<TCP:[0.0.0.0:8080]>)            = 0\n"
	       "socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = 3<UDPv6:[?]>\n"
	       "bind(3<UDPv6:[?]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = -1 EINVAL (Invalid argument)\n"
	       "bind(3<UDPv6:[?]>, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0\n"
	       "close(3<UDPv6:[[::1]:53]>)              = 0\n"
	       "socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_IP) = 3<TCP:[?]>\n"
	       "connect(3<TCP:[?]>, {sa_family=AF_INET, sin_port=htons(4000), sin_addr=inet_addr(\"10.0.0.2\")}, 16) = -1 EINPROGRESS (Operation now in progress)\n"
	       "close(3<TCP:[?->10.0.0.2:4000]>)        = 0\n"
	       "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) = 3<socket:[?]>\n");
}

/*
 * -yy, AF_UNIX: the bound path (quoted as strace), an accepted socket
 * gets its listener's, a connected one has a peer ("?->?": no inode is
 * recorded); socketpair's two are connected datagram sockets "UNIX".
 */
static void yy_unix(void **state)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX, .sun_path = "/tmp/s\"ock" };
	sa_family_t unnamed = AF_UNIX;
	size_t n = offsetof(struct sockaddr_un, sun_path) + strlen(sun.sun_path) + 1;
	struct out o;
	struct rec r;
	int fds[2] = { 5, 6 };

	(void)state;
	start(&o, NULL, 0, 2);
	rec_enter(&r, 100, "socketpair", 1, AF_UNIX, SOCK_DGRAM, 0);
	r.w[offsetof(struct sctrace_sys_enter, args) / 8 + 3] = 0x3000;
	assert_int_equal(0, sct_printer__record(o.pr, rec_hdr(&r)));
	rec_exit(&r, 100, "socketpair", 2, 0);
	rec_item(&r, 3, SCTRACE_CAP_BUF, 0, fds, sizeof(fds));
	assert_int_equal(0, sct_printer__record(o.pr, rec_hdr(&r)));
	sock_call(&o, "close", 6, 0, 0, NULL, 0, true, 0);
	sock_call(&o, "socket", AF_UNIX, SOCK_STREAM, 0, NULL, 0, true, 3);
	sock_call(&o, "bind", 3, 0x1000, n, &sun, n, true, 0);
	sock_call(&o, "socket", AF_UNIX, SOCK_STREAM, 0, NULL, 0, true, 4);
	sock_call(&o, "connect", 4, 0x1000, n, &sun, n, true, 0);
	sock_call(&o, "accept4", 3, 0x1000, 0x2000, &unnamed, sizeof(unnamed), false, 7);
	sock_call(&o, "close", 7, 0, 0, NULL, 0, true, 0);
	expect(&o,
	       "socketpair(AF_UNIX, SOCK_DGRAM, 0, [5<UNIX:[?->?]>, 6<UNIX:[?->?]>]) = 0\n"
	       "close(6<UNIX:[?->?]>)                   = 0\n"
	       "socket(AF_UNIX, SOCK_STREAM, 0)         = 3<UNIX-STREAM:[?]>\n"
	       "bind(3<UNIX-STREAM:[?]>, {sa_family=AF_UNIX, sun_path=\"/tmp/s\\\"ock\"}, 13) = 0\n"
	       "socket(AF_UNIX, SOCK_STREAM, 0)         = 4<UNIX-STREAM:[?]>\n"
	       "connect(4<UNIX-STREAM:[?]>, {sa_family=AF_UNIX, sun_path=\"/tmp/s\\\"ock\"}, 13) = 0\n"
	       "accept4(3<UNIX-STREAM:[?,\"/tmp/s\\\"ock\"]>, {sa_family=AF_UNIX}, [2], 0) = 7<UNIX-STREAM:[?->?,\"/tmp/s\\\"ock\"]>\n"
	       "close(7<UNIX-STREAM:[?->?,\"/tmp/s\\\"ock\"]>) = 0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_dots_and_slashes),
		cmocka_unit_test(resolve_against_dirfd_and_cwd),
		cmocka_unit_test(dup_close_exec_fork),
		cmocka_unit_test(y_prints_paths),
		cmocka_unit_test(fork_copies_exec_closes_cloexec),
		cmocka_unit_test(P_selects_calls_on_the_path),
		cmocka_unit_test(yy_tcp_endpoints),
		cmocka_unit_test(yy_wildcard_v6_inprogress),
		cmocka_unit_test(yy_unix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
