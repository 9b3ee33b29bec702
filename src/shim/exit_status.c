/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/exit_status.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* <linux/pidfd.h> of Linux 6.15, absent from older headers. */
struct pidfd_exit_info {
	uint64_t mask;
	uint64_t cgroupid;
	uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid,
	    fsgid;
	int32_t exit_code;
	uint32_t coredump_mask, spare;
};
#define JF_PIDFD_GET_INFO  _IOWR(0xFF, 11, struct pidfd_exit_info)
#define JF_PIDFD_INFO_EXIT (1ULL << 3)

static int from_pidfd(int pidfd, int *status)
{
	struct pidfd_exit_info info = {.mask = JF_PIDFD_INFO_EXIT};

	if (ioctl(pidfd, JF_PIDFD_GET_INFO, &info) < 0 ||
	    !(info.mask & JF_PIDFD_INFO_EXIT))
		return -1;
	*status = info.exit_code;
	return 0;
}

/* A zombie's stat: state Z (or X), field 52 its exit_code. */
static int from_proc(int procfd, int *status)
{
	char buf[1024], *p;
	ssize_t n;
	int fd, field;

	if (procfd < 0)
		return -1;
	fd = openat(procfd, "stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (p == NULL || p[1] == '\0' || (p[2] != 'Z' && p[2] != 'X'))
		return -1;
	p += 2; /* field 3 */
	for (field = 3; field < 52 && p != NULL; field++) {
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (p == NULL)
		return -1;
	*status = (int)strtol(p, NULL, 10);
	return 0;
}

int jf_exit_status_of(int pidfd, int procfd, int timeout_ms, int *status)
{
	const struct timespec tick = {.tv_nsec = 10 * 1000 * 1000};

	for (int waited = 0;; waited += 10) {
		/* The pidfd after the proc file: a reap in between leaves
		 * the exit in the pidfd. */
		if (from_proc(procfd, status) == 0 ||
		    from_pidfd(pidfd, status) == 0)
			return 0;
		if (waited >= timeout_ms)
			return -1;
		nanosleep(&tick, NULL);
	}
}
