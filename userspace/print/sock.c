// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* -yy's socket endpoints (sock.h): what the calls tell, and strace's text of it. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "print/pr.h"
#include "print/sock.h"

bool sct_sock__init(struct sct_sock *s, uint64_t family, uint64_t type, uint64_t protocol)
{
	unsigned int t = (unsigned int)type & 0xf;	/* without SOCK_NONBLOCK, SOCK_CLOEXEC */

	memset(s, 0, sizeof(*s));
	s->family = (uint16_t)family;
	s->type = (uint16_t)t;
	switch ((uint32_t)family) {
	case AF_INET:
	case AF_INET6:
		return (t == SOCK_STREAM && ((uint32_t)protocol == 0 || (uint32_t)protocol == IPPROTO_TCP)) ||
		       (t == SOCK_DGRAM && ((uint32_t)protocol == 0 || (uint32_t)protocol == IPPROTO_UDP));
	case AF_UNIX:
		return t == SOCK_STREAM || t == SOCK_DGRAM || t == SOCK_SEQPACKET;
	}
	return false;
}

const char *sct_sock__proto(const struct sct_sock *s)
{
	bool v6 = s->family == AF_INET6;

	if (s->family == AF_UNIX)
		return s->type == SOCK_STREAM ? "UNIX-STREAM" :
		       s->type == SOCK_SEQPACKET ? "UNIX-SEQPACKET" : "UNIX";
	if (s->type == SOCK_STREAM)
		return v6 ? "TCPv6" : "TCP";
	return v6 ? "UDPv6" : "UDP";
}

bool sct_sock__is_any(const struct sct_sock *s, const struct sct_sock_end *e)
{
	static const uint8_t zero[16];

	return e->addr_known && !memcmp(e->addr, zero, s->family == AF_INET ? 4 : 16);
}

bool sct_sock__set_end(struct sct_sock *s, bool local, const uint8_t *sa, size_t len)
{
	struct sct_sock_end *e = local ? &s->local : &s->peer;
	uint16_t family, port;
	size_t n;

	if (!sa || len < sizeof(family))
		return false;
	memcpy(&family, sa, sizeof(family));
	if (family != s->family)
		return false;
	if (family == AF_UNIX) {
		n = len - offsetof(struct sockaddr_un, sun_path);
		if (n > SCT_SOCK_PATH_MAX)
			n = SCT_SOCK_PATH_MAX;
		if (local) {	/* an abstract name starts with NUL: "@name" as strace */
			memcpy(s->path, sa + offsetof(struct sockaddr_un, sun_path), n);
			s->path[n] = '\0';
			if (n && !s->path[0])
				s->path[0] = '@';
		}
		return true;
	}
	if (len < (family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)))
		return false;
	memcpy(&port, sa + offsetof(struct sockaddr_in, sin_port), sizeof(port));
	memset(e, 0, sizeof(*e));
	e->set = true;
	e->addr_known = true;
	if (family == AF_INET)
		memcpy(e->addr, sa + offsetof(struct sockaddr_in, sin_addr), 4);
	else
		memcpy(e->addr, sa + offsetof(struct sockaddr_in6, sin6_addr), 16);
	e->port = ntohs(port);
	e->port_known = e->port != 0;
	return true;
}

/* "127.0.0.1:80", "[::1]:80"; "?" for what is unknown */
static void sct_pr__sock_end(FILE *out, const struct sct_sock *s, const struct sct_sock_end *e)
{
	char a[INET6_ADDRSTRLEN];

	if (!e->addr_known && !e->port_known) {
		fputc('?', out);
		return;
	}
	if (!e->addr_known)
		fputs("?", out);
	else if (s->family == AF_INET6)
		fprintf(out, "[%s]", inet_ntop(AF_INET6, e->addr, a, sizeof(a)) ? a : "?");
	else
		fputs(inet_ntop(AF_INET, e->addr, a, sizeof(a)) ? a : "?", out);
	if (e->port_known)
		fprintf(out, ":%u", (unsigned int)e->port);
	else
		fputs(":?", out);
}

static void sct_pr__inode(FILE *out, uint64_t inode)
{
	if (inode)
		fprintf(out, "%" PRIu64, inode);
	else
		fputc('?', out);
}

void sct_pr__sock(const struct sct_pr *p, const struct sct_sock *s)
{
	fprintf(p->out, "%s:[", sct_sock__proto(s));
	if (s->family == AF_UNIX) {
		sct_pr__inode(p->out, s->inode);
		if (s->connected) {
			fputs("->", p->out);
			sct_pr__inode(p->out, s->peer_inode);
		}
		if (s->path[0]) {
			fputc(',', p->out);
			sct_pr__str(p, (const uint8_t *)s->path, strlen(s->path), SCT_PR_NOLIMIT, 0);
		}
	} else if (!s->local.set && !s->connected) {
		sct_pr__inode(p->out, s->inode);
	} else {
		sct_pr__sock_end(p->out, s, &s->local);
		if (s->connected) {
			fputs("->", p->out);
			sct_pr__sock_end(p->out, s, &s->peer);
		}
	}
	fputc(']', p->out);
}
