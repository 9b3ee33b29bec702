/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"

static const int forwarded[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1,
				SIGUSR2, SIGWINCH, SIGCONT};

int jf_tty_proxy_open(struct jf_tty_proxy *t, struct jf_error *err)
{
	memset(t, 0, sizeof(*t));
	t->master = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, t->sock) < 0)
		return jf_error_errno(err, "terminal: socketpair");
	return 0;
}

int jf_tty_proxy_receive(struct jf_tty_proxy *t, struct jf_error *err)
{
	char data[64], control[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = data, .iov_len = sizeof(data)};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control, .msg_controllen = sizeof(control)};
	struct cmsghdr *cm;
	struct termios raw;

	if (recvmsg(t->sock[0], &msg, MSG_CMSG_CLOEXEC) <= 0)
		return jf_error_errno(err, "terminal: receiving the pty");
	cm = CMSG_FIRSTHDR(&msg);
	if (cm == NULL || cm->cmsg_type != SCM_RIGHTS)
		return jf_error_set(err, EPROTO, "terminal: no pty received");
	memcpy(&t->master, CMSG_DATA(cm), sizeof(int));
	if (isatty(0) && tcgetattr(0, &t->saved) == 0) {
		struct winsize ws;
		raw = t->saved;
		cfmakeraw(&raw);
		t->restore = tcsetattr(0, TCSANOW, &raw) == 0;
		if (ioctl(0, TIOCGWINSZ, &ws) == 0)
			ioctl(t->master, TIOCSWINSZ, &ws);
	}
	return 0;
}

void jf_tty_proxy_close(struct jf_tty_proxy *t)
{
	if (t->restore)
		tcsetattr(0, TCSANOW, &t->saved);
	t->restore = false;
	for (int i = 0; i < 2; i++)
		if (t->sock[i] > 0)
			close(t->sock[i]);
	if (t->master >= 0)
		close(t->master);
	t->sock[0] = t->sock[1] = t->master = -1;
}

/* Copy what is there; false at EOF or error. */
static bool copy_once(int from, int to)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n <= 0)
		return n < 0 && (errno == EINTR || errno == EAGAIN);
	for (ssize_t off = 0; off < n;) {
		ssize_t w = write(to, buf + off, (size_t)(n - off));
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		off += w;
	}
	return true;
}

static void on_signal(pid_t pid, int sig, const struct jf_tty_proxy *t)
{
	struct winsize ws;

	if (sig == SIGCHLD)
		return;
	if (sig == SIGWINCH && t != NULL && t->master >= 0) {
		if (ioctl(0, TIOCGWINSZ, &ws) == 0)
			ioctl(t->master, TIOCSWINSZ, &ws);
		return;
	}
	kill(pid, sig);
}

int jf_supervise(pid_t pid, struct jf_tty_proxy *t, struct jf_error *err)
{
	cleanup_close int sfd = -1;
	struct pollfd pfd[3];
	bool in_open = t != NULL, out_open = t != NULL;
	sigset_t set;
	int status;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return jf_error_errno(err, "signalfd");
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return jf_error_errno(err, "waiting for the container");
		pfd[0] = (struct pollfd){.fd = sfd, .events = POLLIN};
		pfd[1] = (struct pollfd){.fd = in_open ? 0 : -1, .events = POLLIN};
		pfd[2] = (struct pollfd){.fd = out_open ? t->master : -1, .events = POLLIN};
		if (poll(pfd, 3, -1) < 0 && errno != EINTR)
			return jf_error_errno(err, "poll");
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof(si)) == sizeof(si))
				on_signal(pid, (int)si.ssi_signo, t);
		}
		if (pfd[1].revents & (POLLIN | POLLHUP))
			in_open = copy_once(0, t->master);
		if (pfd[2].revents & (POLLIN | POLLHUP))
			out_open = copy_once(t->master, 1);
	}
	/* Whatever the container wrote last is still in the pty. */
	if (t != NULL && t->master >= 0) {
		int flags = fcntl(t->master, F_GETFL);
		fcntl(t->master, F_SETFL, flags | O_NONBLOCK);
		while (copy_once(t->master, 1))
			;
	}
	return status;
}

int jf_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}
