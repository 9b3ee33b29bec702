/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helper: the receiving end of --console-socket.
 *   recvtty SOCKET_PATH
 * Listens on SOCKET_PATH, accepts one connection, receives the pty master
 * over SCM_RIGHTS, and copies everything the container writes to it to
 * stdout until the pty closes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int receive_fd(int conn)
{
	char data[256], control[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = data, .iov_len = sizeof(data)};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control, .msg_controllen = sizeof(control)};
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(conn, &msg, 0) <= 0)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm == NULL || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char buf[4096], final[sizeof(addr.sun_path)];
	int sock, conn, master;
	ssize_t n;

	if (argc != 2 || strlen(argv[1]) + 4 >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: recvtty SOCKET_PATH\n");
		return 2;
	}
	/* Bound and listening under a temporary name, then renamed: whoever
	 * sees SOCKET_PATH can connect. */
	snprintf(final, sizeof(final), "%s", argv[1]);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s.tmp", argv[1]);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(sock, 1) < 0 || rename(addr.sun_path, final) < 0) {
		perror("recvtty: socket");
		return 1;
	}
	conn = accept(sock, NULL, NULL);
	master = conn < 0 ? -1 : receive_fd(conn);
	if (master < 0) {
		fprintf(stderr, "recvtty: no terminal received\n");
		return 1;
	}
	printf("recvtty: got a terminal\n");
	fflush(stdout);
	while ((n = read(master, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && write(1, buf, (size_t)n) < 0)
			return 1;
	return 0;
}
