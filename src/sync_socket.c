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
	return jf_sync_send_fds(fd, type, payload, len, NULL, 0, err);
}

int jf_sync_send_fds(int fd, int type, const char *payload, size_t len,
		     const int *fds, size_t n, struct jf_error *err)
{
	struct header h = {.type = type};
	struct iovec iov[2] = {
		{.iov_base = &h, .iov_len = sizeof(h)},
		{.iov_base = (void *)payload, .iov_len = len},
	};
	union {
		char buf[CMSG_SPACE(sizeof(int) * JF_SYNC_FDS_MAX)];
		struct cmsghdr align;
	} control;
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = payload ? 2 : 1};
	struct cmsghdr *cm;

	if (len > JF_SYNC_PAYLOAD_MAX)
		return jf_error_set(err, E2BIG, "sync message too large");
	if (n > JF_SYNC_FDS_MAX)
		return jf_error_set(err, E2BIG, "sync message: too many fds");
	if (n > 0) {
		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	}
	while (sendmsg(fd, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return jf_error_errno(err, "sync with the container");
	return 0;
}

int jf_sync_send_error(int fd, const struct jf_error *e)
{
	struct header h = {.type = JF_SYNC_ERROR, .errnum = e->errnum};
	struct iovec iov[2] = {
		{.iov_base = &h, .iov_len = sizeof(h)},
		{.iov_base = (void *)e->msg, .iov_len = strlen(e->msg)},
	};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};

	while (sendmsg(fd, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

int jf_sync_recv(int fd, struct jf_sync_msg *m, struct jf_error *err)
{
	struct header h;
	struct iovec iov[2] = {
		{.iov_base = &h, .iov_len = sizeof(h)},
		{.iov_base = m->payload, .iov_len = sizeof(m->payload) - 1},
	};
	union {
		char buf[CMSG_SPACE(sizeof(int) * JF_SYNC_FDS_MAX)];
		struct cmsghdr align;
	} control;
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2,
			     .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf)};
	ssize_t n;

	m->n_fds = 0;
	do
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return jf_error_errno(err, "sync with the container");
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm != NULL;
	     cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		m->n_fds = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		memcpy(m->fds, CMSG_DATA(cm), m->n_fds * sizeof(int));
	}
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

int jf_sync_wait_hangup(int fd, struct jf_error *err)
{
	struct header h;
	char text[JF_ERROR_MSG_MAX];
	struct iovec iov[2] = {
		{.iov_base = &h, .iov_len = sizeof(h)},
		{.iov_base = text, .iov_len = sizeof(text) - 1},
	};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
	ssize_t n;

	do
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0;
	if (n < 0)
		return jf_error_errno(err, "sync with the container");
	if ((size_t)n < sizeof(h) || h.type != JF_SYNC_ERROR)
		return jf_error_set(err, EPROTO, "sync with the container: unexpected message");
	text[(size_t)n - sizeof(h)] = '\0';
	jf_error_set(err, 0, "%s", text);
	err->errnum = h.errnum;
	return -1;
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
