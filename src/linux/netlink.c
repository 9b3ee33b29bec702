/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/netlink.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cleanup.h"

int jf_nl_open(struct jf_nl *nl, int netns_fd, struct jf_error *err)
{
	cleanup_close int self = -1;
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	int saved;

	nl->seq = 1;
	if (netns_fd >= 0) {
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self < 0 || setns(netns_fd, CLONE_NEWNET) < 0)
			return jf_error_errno(
			    err, "entering the container's network namespace");
	}
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	saved = errno;
	if (self >= 0 && setns(self, CLONE_NEWNET) < 0) {
		/* Never go on in the container's namespace. */
		if (nl->fd >= 0)
			close(nl->fd);
		nl->fd = -1;
		return jf_error_errno(
		    err, "back to the runtime's network namespace");
	}
	errno = saved;
	if (nl->fd < 0)
		return jf_error_errno(err, "rtnetlink socket");
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		jf_error_errno(err, "rtnetlink socket");
		jf_nl_close(nl);
		return -1;
	}
	return 0;
}

void jf_nl_close(struct jf_nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

void *jf_nl_msg_init(struct jf_nl_msg *m, uint16_t type, uint16_t flags,
		     size_t hdr_len)
{
	memset(m->buf, 0, sizeof(m->buf));
	m->h = (struct nlmsghdr *)m->buf;
	m->h->nlmsg_len = (uint32_t)NLMSG_LENGTH(hdr_len);
	m->h->nlmsg_type = type;
	m->h->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	return NLMSG_DATA(m->h);
}

/* Requests are built from the config's short names: they fit (the caller
 * checks the lengths); one that did not would be cut, and refused. */
void jf_nl_put(struct jf_nl_msg *m, uint16_t type, const void *data, size_t len)
{
	size_t at = NLMSG_ALIGN(m->h->nlmsg_len);
	struct rtattr *a = (struct rtattr *)(m->buf + at);

	if (at + RTA_SPACE(len) > sizeof(m->buf))
		return;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	m->h->nlmsg_len = (uint32_t)(at + RTA_SPACE(len));
}

void jf_nl_put_u32(struct jf_nl_msg *m, uint16_t type, uint32_t v)
{
	jf_nl_put(m, type, &v, sizeof(v));
}

void jf_nl_put_str(struct jf_nl_msg *m, uint16_t type, const char *s)
{
	jf_nl_put(m, type, s, strlen(s) + 1);
}

static int send_msg(struct jf_nl *nl, struct jf_nl_msg *m)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};

	m->h->nlmsg_seq = ++nl->seq;
	if (sendto(nl->fd, m->h, m->h->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		return -errno;
	return 0;
}

/* Read the answers to the last request; fn sees the data messages. */
static int receive(struct jf_nl *nl, jf_nl_each fn, void *arg)
{
	static char buf[JF_NL_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));

	for (;;) {
		/* MSG_TRUNC: the real length, to refuse a cut message. */
		ssize_t n = recv(nl->fd, buf, sizeof(buf), MSG_TRUNC);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		size_t left;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPROTO;
		if ((size_t)n > sizeof(buf))
			return -EMSGSIZE;
		for (left = (size_t)n; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_seq != nl->seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				return e->error;
			}
			if (fn != NULL)
				fn(h, arg);
			if (!(h->nlmsg_flags & NLM_F_MULTI))
				return 0;
		}
	}
}

int jf_nl_call(struct jf_nl *nl, struct jf_nl_msg *m)
{
	int r;

	m->h->nlmsg_flags |= NLM_F_ACK;
	r = send_msg(nl, m);
	return r < 0 ? r : receive(nl, NULL, NULL);
}

int jf_nl_query(struct jf_nl *nl, struct jf_nl_msg *m, jf_nl_each fn, void *arg)
{
	int r = send_msg(nl, m);

	return r < 0 ? r : receive(nl, fn, arg);
}

const struct rtattr *jf_nl_attr(const struct nlmsghdr *h, size_t hdr_len,
				uint16_t type)
{
	const struct rtattr *a =
	    (const struct rtattr *)((const char *)NLMSG_DATA(h) +
				    NLMSG_ALIGN(hdr_len));
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(hdr_len);

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == type)
			return a;
	return NULL;
}
