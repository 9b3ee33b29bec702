/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pid_identity.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int jf_proc_stat(pid_t pid, uint64_t *ret_start_time, char *ret_state)
{
	char path[64], buf[1024];
	char *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* comm may contain spaces and ')': the fields start after the last ')'. */
	p = strrchr(buf, ')');
	if (p == NULL || p[1] == '\0')
		return -1;
	p += 2; /* now at field 3 */
	if (ret_state != NULL)
		*ret_state = *p;
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (p == NULL)
			return -1;
		p++;
	}
	if (ret_start_time != NULL)
		*ret_start_time = strtoull(p, NULL, 10);
	return 0;
}

bool jf_proc_is_same_alive(pid_t pid, uint64_t start_time)
{
	uint64_t st;
	char state;

	if (pid <= 0 || jf_proc_stat(pid, &st, &state) < 0)
		return false;
	return st == start_time && state != 'Z' && state != 'X';
}

int jf_pidfd_open_checked(pid_t pid, uint64_t start_time)
{
	int fd;

	if (pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return -1;
	/* Checked after opening: the pidfd pins the process, so a match now
	 * means the fd refers to our container's init. */
	if (!jf_proc_is_same_alive(pid, start_time)) {
		close(fd);
		errno = ESRCH;
		return -1;
	}
	return fd;
}
