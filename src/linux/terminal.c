/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "cleanup.h"

int jf_console_socket_connect(const char *path, struct jf_error *err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
		return jf_error_set(err, ENAMETOOLONG, "--console-socket %s",
				    path);
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return jf_error_errno(err, "--console-socket: socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		jf_error_errno(err, "--console-socket: connecting to %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

int jf_send_fd(int sock, int fd, const char *name, struct jf_error *err)
{
	char control[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = (void *)name, .iov_len = strlen(name)};
	struct msghdr msg = {
	    .msg_iov = &iov,
	    .msg_iovlen = 1,
	    .msg_control = control,
	    .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
		return jf_error_errno(
		    err, "sending the terminal to the console socket");
	return 0;
}

/* The terminal on /dev/console, mounted on by fd: whatever is there is
 * never opened (a device node would be) nor followed (a symlink). */
static int bind_dev_console(int slave, struct jf_error *err)
{
	char src[64], dstp[64];
	cleanup_close int dst = -1;

	if (mknod("/dev/console", S_IFREG | 0600, 0) < 0 && errno != EEXIST)
		return jf_error_errno(err, "/dev/console");
	dst = open("/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (dst < 0)
		return jf_error_errno(err, "/dev/console");
	snprintf(src, sizeof(src), "/proc/self/fd/%d", slave);
	snprintf(dstp, sizeof(dstp), "/proc/self/fd/%d", dst);
	if (mount(src, dstp, NULL, MS_BIND, NULL) < 0)
		return jf_error_errno(
		    err, "bind mount of the terminal on /dev/console");
	return 0;
}

/* The container's /dev/ptmx, resolved inside its root, and only if it is
 * the ptmx of a devpts (the one mounted on /dev/pts): not an image's own
 * node of the host's devpts, nor whatever a symlink of the image names. */
static int open_ptmx(struct jf_error *err)
{
	struct open_how how = {
	    .flags = O_RDWR | O_NOCTTY | O_CLOEXEC,
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	cleanup_close int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	cleanup_close int fd = -1;
	struct statfs sfs;
	struct stat st;

	if (root >= 0)
		fd = (int)syscall(SYS_openat2, root, "dev/ptmx", &how,
				  sizeof(how));
	if (fd < 0)
		return jf_error_errno(err,
				      "process.terminal: opening /dev/ptmx");
	if (fstat(fd, &st) < 0 || fstatfs(fd, &sfs) < 0)
		return jf_error_errno(err, "process.terminal: /dev/ptmx");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(5, 2) ||
	    sfs.f_type != DEVPTS_SUPER_MAGIC)
		return jf_error_set(
		    err, 0,
		    "process.terminal: /dev/ptmx is not the ptmx of a devpts "
		    "(mount devpts on /dev/pts)");
	return steal_fd(fd);
}

int jf_terminal_setup(int sock, const struct oci_process *p, bool bind_console,
		      struct jf_error *err)
{
	cleanup_close int master = -1, slave = -1;
	int unlock = 0;

	master = open_ptmx(err);
	if (master < 0)
		return -1;
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
		return jf_error_errno(err,
				      "process.terminal: unlocking the pty");
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return jf_error_errno(err, "process.terminal: opening the pty");
	if (p->has_console_size) {
		struct winsize ws = {
		    .ws_row = (unsigned short)p->console_size.height,
		    .ws_col = (unsigned short)p->console_size.width};
		if (ioctl(slave, TIOCSWINSZ, &ws) < 0)
			return jf_error_errno(err, "process.consoleSize");
	}
	if (bind_console && bind_dev_console(slave, err) < 0)
		return -1;
	if (jf_send_fd(sock, master, "/dev/ptmx", err) < 0)
		return -1;
	if (setsid() < 0 && errno != EPERM)
		return jf_error_errno(err, "process.terminal: setsid");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return jf_error_errno(
		    err,
		    "process.terminal: making it the controlling terminal");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return jf_error_errno(err, "process.terminal: dup2");
	return 0;
}
