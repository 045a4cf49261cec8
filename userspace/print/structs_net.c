// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Struct printers: sockets and polling ("{sa_family=AF_INET,
 * sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}",
 * "{fd=3, events=POLLIN}"), x86-64 layouts.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "print/pr.h"

static uint16_t sct_st__be16(const struct sct_view *v, size_t off)
{
	return ntohs(sct_v__u16(v, off));
}

/* the bytes after sa_family, as strace shows an unknown family */
static void sct_st__sa_data(const struct sct_pr *p, const struct sct_view *v)
{
	fputs(", sa_data=", p->out);
	sct_pr__str(p, v->d + 2, v->len - 2, SCT_PR_NOLIMIT, 0);
}

static void sct_st__sun(const struct sct_pr *p, const struct sct_view *v)
{
	size_t n = v->len - 2;

	fputs(", sun_path=", p->out);
	if (n && !v->d[2]) {	/* abstract: strace's @ */
		fputc('@', p->out);
		sct_pr__str(p, v->d + 3, n - 1, SCT_PR_NOLIMIT, 0);
	} else {
		sct_pr__str(p, v->d + 2, strnlen((const char *)v->d + 2, n), SCT_PR_NOLIMIT, 0);
	}
}

static void sct_st__sin(const struct sct_pr *p, const struct sct_view *v)
{
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, v->d + 4, a, sizeof(a));
	fprintf(p->out, ", sin_port=htons(%" PRIu16 "), sin_addr=inet_addr(\"%s\")",
		sct_st__be16(v, 2), a);
}

static void sct_st__sin6(const struct sct_pr *p, const struct sct_view *v)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, v->d + 8, a, sizeof(a));
	fprintf(p->out, ", sin6_port=htons(%" PRIu16 "), sin6_flowinfo=htonl(%" PRIu32
		"), inet_pton(AF_INET6, \"%s\", &sin6_addr), sin6_scope_id=%" PRIu32,
		sct_st__be16(v, 2), ntohl(sct_v__u32(v, 4)), a, sct_v__u32(v, 24));
}

/* LEN bytes of a struct sockaddr_*, as many as the call gave or got */
void sct_pr__sockaddr(const struct sct_pr *p, const struct sct_view *v)
{
	uint16_t family = sct_v__u16(v, 0);

	fputs("{sa_family=", p->out);
	sct_consts__print_named(p->out, "af", SCT_SET_ENUM, family, 16);
	if (family == AF_INET && v->len >= 16)
		sct_st__sin(p, v);
	else if (family == AF_INET6 && v->len >= 28)
		sct_st__sin6(p, v);
	else if (family == AF_UNIX && v->len > 2)
		sct_st__sun(p, v);
	else if (v->len > 2)
		sct_st__sa_data(p, v);
	fputc('}', p->out);
}

/* struct pollfd: int fd, short events, short revents */
static void sct_st__pollfd(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "{fd=%" PRId32 ", events=", (int32_t)sct_v__u32(v, 0));
	sct_consts__print_named(p->out, "poll", SCT_SET_FLAGS, sct_v__u16(v, 4), 16);
	fputc('}', p->out);
}

/* struct pollfd[] after poll: those with revents, "[{fd=5, revents=POLLOUT}]" */
static void sct_st__pollfd_revents(const struct sct_pr *p, const struct sct_view *v)
{
	const char *sep = "";
	uint16_t revents;
	size_t off;

	fputc('[', p->out);
	for (off = 0; off + 8 <= v->len; off += 8) {
		revents = sct_v__u16(v, off + 6);
		if (!revents)
			continue;
		fprintf(p->out, "%s{fd=%" PRId32 ", revents=", sep, (int32_t)sct_v__u32(v, off));
		sct_consts__print_named(p->out, "poll", SCT_SET_FLAGS, revents, 16);
		fputc('}', p->out);
		sep = ", ";
	}
	fputc(']', p->out);
}

sct_struct_fn *sct_structs_net__after_fn(unsigned int t)
{
	return t == SCT_T_POLLFD ? sct_st__pollfd_revents : NULL;
}

/* struct epoll_event, packed: u32 events, u64 data */
static void sct_st__epoll_event(const struct sct_pr *p, const struct sct_view *v)
{
	uint64_t data = sct_v__u64(v, 4);

	fputs("{events=", p->out);
	sct_consts__print_named(p->out, "epoll_events", SCT_SET_FLAGS, sct_v__u32(v, 0), 32);
	fprintf(p->out, ", data={u32=%" PRIu32 ", u64=%" PRIu64 "}}", (uint32_t)data, data);
}

/* a socket option's value: an int ("[1]") when it is an int's size, else its bytes */
static void sct_st__sockopt(const struct sct_pr *p, const struct sct_view *v)
{
	if (v->len == sizeof(int32_t))
		fprintf(p->out, "[%" PRId32 "]", (int32_t)sct_v__u32(v, 0));
	else
		sct_pr__str(p, v->d, v->len, p->strsize, 0);
}

sct_struct_fn *sct_structs_net__fn(unsigned int t)
{
	switch (t) {
	case SCT_T_SOCKADDR:	return sct_pr__sockaddr;
	case SCT_T_SOCKOPT:	return sct_st__sockopt;
	case SCT_T_POLLFD:	return sct_st__pollfd;
	case SCT_T_EPOLL_EVENT:	return sct_st__epoll_event;
	}
	return NULL;
}
