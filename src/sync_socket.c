/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sync_socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

struct header {
	int type;
	int errnum;
};

int jf_sync_send(int fd, int type, const char *payload, size_t len,
		 struct jf_error *err)
{
	struct header h = {.type = type};
	struct iovec iov[2] = {
		{.iov_base = &h, .iov_len = sizeof(h)},
		{.iov_base = (void *)payload, .iov_len = len},
	};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = payload ? 2 : 1};

	if (len > JF_SYNC_PAYLOAD_MAX)
		return jf_error_set(err, E2BIG, "sync message too large");
	while (sendmsg(fd, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return jf_error_errno(err, "sync with the container");
	return 0;
}

void jf_sync_send_error(int fd, const struct jf_error *e)
{
	struct header h = {.type = JF_SYNC_ERROR, .errnum = e->errnum};
	struct iovec iov[2] = {
		{.iov_base = &h, .iov_len = sizeof(h)},
		{.iov_base = (void *)e->msg, .iov_len = strlen(e->msg)},
	};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};

	while (sendmsg(fd, &msg, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

int jf_sync_recv(int fd, struct jf_sync_msg *m, struct jf_error *err)
{
	struct header h;
	struct iovec iov[2] = {
		{.iov_base = &h, .iov_len = sizeof(h)},
		{.iov_base = m->payload, .iov_len = sizeof(m->payload) - 1},
	};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
	ssize_t n;

	do
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return jf_error_errno(err, "sync with the container");
	if (n == 0)
		return jf_error_set(err, EPIPE, "the container's init exited during setup");
	if ((size_t)n < sizeof(h))
		return jf_error_set(err, EPROTO, "sync with the container: short message");
	m->type = h.type;
	m->errnum = h.errnum;
	m->len = (size_t)n - sizeof(h);
	m->payload[m->len] = '\0';
	return 0;
}

int jf_sync_expect(int fd, int type, struct jf_sync_msg *m, struct jf_error *err)
{
	if (jf_sync_recv(fd, m, err) < 0)
		return -1;
	if (m->type == JF_SYNC_ERROR) {
		jf_error_set(err, 0, "%s", m->payload);
		err->errnum = m->errnum;
		return -1;
	}
	if (m->type != type)
		return jf_error_set(err, EPROTO, "sync with the container: got message %d, expected %d",
				    m->type, type);
	return 0;
}
