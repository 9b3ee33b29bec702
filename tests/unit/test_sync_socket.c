/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The runtime <-> init messages: payloads, errors and attached fds. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sync_socket.h"
#include "unit.h"

static struct jf_sync_msg msg;

static void test_fds_arrive_in_order_and_work(const char *name)
{
	struct jf_error err = {0};
	int sv[2], a[2], b[2], fds[2];
	char c = 0;

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);
	CHECK(pipe(a) == 0 && pipe(b) == 0);
	fds[0] = a[1];
	fds[1] = b[1];
	CHECK(jf_sync_send_fds(sv[0], JF_SYNC_ID_MAPPED, "p", 1, fds, 2, &err) == 0);
	CHECK(jf_sync_expect(sv[1], JF_SYNC_ID_MAPPED, &msg, &err) == 0);
	CHECK(msg.n_fds == 2);
	CHECK_STR(msg.payload, "p");
	CHECK(fcntl(msg.fds[0], F_GETFD) == FD_CLOEXEC);
	/* The first received is the first sent. */
	CHECK(write(msg.fds[0], "a", 1) == 1 && read(a[0], &c, 1) == 1 && c == 'a');
	CHECK(write(msg.fds[1], "b", 1) == 1 && read(b[0], &c, 1) == 1 && c == 'b');
	for (int i = 0; i < 2; i++) {
		close(a[i]);
		close(b[i]);
		close(sv[i]);
		close(msg.fds[i]);
	}
}

static void test_plain_message_has_no_fds(const char *name)
{
	struct jf_error err = {0};
	int sv[2];

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);
	CHECK(jf_sync_send(sv[0], JF_SYNC_HOOKS_DONE, "{}", 2, &err) == 0);
	CHECK(jf_sync_expect(sv[1], JF_SYNC_HOOKS_DONE, &msg, &err) == 0);
	CHECK(msg.n_fds == 0);
	CHECK_STR(msg.payload, "{}");
	close(sv[0]);
	close(sv[1]);
}

static void test_error_message_becomes_the_error(const char *name)
{
	struct jf_error err = {0}, sent = {0};
	int sv[2];

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);
	jf_error_set(&sent, ENOENT, "mounts[2].source: /nope");
	jf_sync_send_error(sv[0], &sent);
	CHECK(jf_sync_expect(sv[1], JF_SYNC_READY, &msg, &err) < 0);
	CHECK(strstr(err.msg, "mounts[2].source: /nope") == err.msg);
	CHECK(err.errnum == ENOENT);
	close(sv[0]);
	/* The peer gone: EPIPE, said as the init's exit. */
	CHECK(jf_sync_recv(sv[1], &msg, &err) < 0 && err.errnum == EPIPE);
	close(sv[1]);
}

static void test_too_many_fds_are_refused(const char *name)
{
	struct jf_error err = {0};
	int fds[JF_SYNC_FDS_MAX + 1];

	for (int i = 0; i <= JF_SYNC_FDS_MAX; i++)
		fds[i] = 0;
	CHECK(jf_sync_send_fds(-1, JF_SYNC_ID_MAPPED, NULL, 0, fds,
			       JF_SYNC_FDS_MAX + 1, &err) < 0);
	CHECK(err.errnum == E2BIG);
}

int main(void)
{
	RUN(test_fds_arrive_in_order_and_work);
	RUN(test_plain_message_has_no_fds);
	RUN(test_error_message_becomes_the_error);
	RUN(test_too_many_fds_are_refused);
	UNIT_EXIT();
}
