/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/supervision.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "fs_util.h"
#include "pid_identity.h"

int jf_shim_pid_write(int dirfd, pid_t pid, struct jf_error *err)
{
	uint64_t start = 0;
	char buf[64];
	int n;

	if (jf_proc_stat(pid, &start, NULL) < 0)
		return jf_error_errno(err, "shim: its own start time");
	n = snprintf(buf, sizeof(buf), "%d %llu\n", (int)pid,
		     (unsigned long long)start);
	if (jf_write_file_atomic_at(dirfd, JF_SHIM_PID_FILE, buf, (size_t)n,
				    err) < 0)
		return jf_error_wrap(err, "shim: %s", JF_SHIM_PID_FILE);
	return 0;
}

int jf_shim_pid_read(int dirfd, pid_t *ret_pid, uint64_t *ret_start)
{
	char buf[64];
	unsigned long long start;
	int pid;
	cleanup_close int fd =
	    openat(dirfd, JF_SHIM_PID_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "%d %llu", &pid, &start) != 2 || pid <= 0)
		return -1;
	*ret_pid = pid;
	*ret_start = start;
	return 0;
}

int jf_shim_pidfd(const struct jf_container *c)
{
	pid_t pid;
	uint64_t start;

	if (jf_shim_pid_read(c->dirfd, &pid, &start) < 0)
		return -1;
	return jf_pidfd_open_checked(pid, start);
}

/* Fields 3 (state) and 4 (ppid) and 22 (start time) of /proc/<pid>/stat. */
static int proc_parent(pid_t pid, pid_t *ret_ppid, char *ret_state,
		       uint64_t *ret_start)
{
	char path[64], buf[1024];
	cleanup_close int fd = -1;
	char *p;
	ssize_t n;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%c %d", ret_state, &ppid) != 2)
		return -1;
	*ret_ppid = ppid;
	return jf_proc_stat(pid, ret_start, NULL);
}

/* Whether the init is (still) the shim's child: alive or a zombie. */
static bool init_child_of_shim(const struct jf_container *c, char *ret_state)
{
	pid_t shim, ppid;
	uint64_t shim_start, start;

	if (c->state == NULL || c->state->pid <= 0 ||
	    jf_shim_pid_read(c->dirfd, &shim, &shim_start) < 0 ||
	    proc_parent(c->state->pid, &ppid, ret_state, &start) < 0)
		return false;
	return start == c->state->pid_start_time && ppid == shim;
}

bool jf_shim_finishing(const struct jf_container *c)
{
	char state = 0;

	return c->state != NULL && !c->state->has_exit &&
	       init_child_of_shim(c, &state) && state == 'Z';
}

bool jf_shim_lost(const struct jf_container *c)
{
	char state = 0;
	pid_t pid;
	uint64_t start;

	if (c->state == NULL || c->state->has_exit ||
	    jf_shim_pid_read(c->dirfd, &pid, &start) < 0 ||
	    !jf_proc_is_same_alive(c->state->pid, c->state->pid_start_time))
		return false;
	return !init_child_of_shim(c, &state);
}
