/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * -yy: what a socket fd is connected to, as strace -yy prints it:
 *
 *   3<TCP:[127.0.0.1:41234->127.0.0.1:80]>   local->peer
 *   3<TCP:[127.0.0.1:8080]>                  bound (listening), no peer
 *   3<UDPv6:[[::1]:53]>
 *   3<UNIX-STREAM:[1061063->1061062,"/tmp/sock"]>   inode->peer's, bound path
 *   3<TCP:[1061056]>                          neither: the inode
 *
 * sctrace learns it from the calls (fdtrack.c: socket, socketpair, bind,
 * connect, accept, accept4, getsockname, getpeername) or, for what was open
 * before, from /proc (cli_fds.c). What the calls do not tell is printed
 * "?": the inodes (no record carries them), the local address and port a
 * connect or a bind to port 0 chose (until a getsockname shows them), an
 * accepted socket's local address when the listener was bound to the
 * wildcard address.
 */
#ifndef SCT_PR_SOCK_H
#define SCT_PR_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCT_SOCK_PATH_MAX	108	/* sun_path */

/* One end: an address and a port, each known or not. */
struct sct_sock_end {
	bool set;		/* anything known of this end */
	bool addr_known, port_known;
	uint8_t addr[16];	/* AF_INET: the first 4 bytes (network order) */
	uint16_t port;		/* host order */
};

struct sct_sock {
	uint16_t family;	/* AF_INET, AF_INET6, AF_UNIX */
	uint16_t type;		/* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	uint64_t inode;		/* 0: unknown (only /proc tells) */
	uint64_t peer_inode;	/* AF_UNIX: 0 unknown */
	bool connected;		/* it has a peer (peer may still be unknown) */
	struct sct_sock_end local, peer;	/* AF_INET, AF_INET6 */
	char path[SCT_SOCK_PATH_MAX + 1];	/* AF_UNIX: its bound name, "" none */
};

/*
 * A new socket of socket(family, type, protocol): true for those -yy
 * names (TCP, UDP over IPv4 and IPv6, AF_UNIX stream, datagram and
 * seqpacket), false for the others (they stay "socket:[?]").
 */
bool sct_sock__init(struct sct_sock *s, uint64_t family, uint64_t type, uint64_t protocol);
/*
 * An end of s (local or peer) from len bytes of a struct sockaddr_* of
 * s's family; port 0 is unknown (the kernel chooses one at bind).
 * AF_UNIX: the path, for the local end only (strace shows no other).
 * False when the bytes are not an address of s's family (s unchanged).
 */
bool sct_sock__set_end(struct sct_sock *s, bool local, const uint8_t *sa, size_t len);
/* The wildcard address (INADDR_ANY, in6addr_any) */
bool sct_sock__is_any(const struct sct_sock *s, const struct sct_sock_end *e);
/* "TCP" for s: the protocol word strace prints */
const char *sct_sock__proto(const struct sct_sock *s);

struct sct_pr;
/* "TCP:[127.0.0.1:41234->127.0.0.1:80]" (without the <>) */
void sct_pr__sock(const struct sct_pr *p, const struct sct_sock *s);

#endif /* SCT_PR_SOCK_H */
