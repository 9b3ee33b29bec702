/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/sidecar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "fs_util.h"
#include "log.h"
#include "pid_identity.h"
#include "shim/exit_record.h"
#include "shim/exit_status.h"
#include "shim/log_file.h"
#include "shim/loop.h"
#include "shim/proc_views.h"

/* The sidecar's own copy (after fork): what it records at the end. */
static struct {
	const struct jf_sidecar *sc;
	uint64_t oom_before;
	char started[40];
} side;

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE 2
#endif

bool jf_sidecar_wanted(const struct jf_annotations *a)
{
	return a->proc_virtualize || a->rss_soft > 0 || a->rss_hard > 0;
}

/* The caller reaps the init: its status once it has (5 s at most). */
static void record_exit(void)
{
	struct jf_exit e = {0};
	int status;

	if (jf_exit_status_of(3, 5, 5000, &status) < 0)
		return;
	jf_exit_from_status(&e, status);
	e.reason = jf_exit_reason_decide(
	    4, side.oom_before, jf_cgroup_oom_kills(side.sc->cgroup), status);
	memcpy(e.started, side.started, sizeof(e.started));
	jf_log_timestamp(e.finished, sizeof(e.finished));
	jf_exit_record(side.sc->root, side.sc->id, side.sc->init,
		       side.sc->init_start, &e);
}

static int on_init_exit(struct jf_loop *loop, int fd, uint32_t events,
			void *data, struct jf_error *err)
{
	record_exit();
	loop->stop = true;
	return 0;
}

/* fds 3 (the init's pidfd), 4 (the state dir) and 5 (the init's /proc
 * directory, or nothing), nothing else. */
static int sidecar_main(void)
{
	struct jf_loop loop;
	struct jf_error err = {0};
	char buf[64];
	uint64_t start = 0;
	int n;

	jf_proc_stat(getpid(), &start, NULL);
	n = snprintf(buf, sizeof(buf), "%d %llu\n", (int)getpid(),
		     (unsigned long long)start);
	jf_write_file_atomic_at(4, JF_SIDECAR_PID_FILE, buf, (size_t)n, &err);
	/* The sources the /proc views and the RSS monitor need go here. */
	if (jf_loop_init(&loop, &err) < 0 ||
	    jf_loop_add(&loop, 3, EPOLLIN, on_init_exit, NULL, &err) < 0 ||
	    jf_proc_views_attach(&loop, 4, &err) < 0 ||
	    jf_loop_run(&loop, &err) < 0)
		return 1;
	jf_loop_close(&loop);
	return 0;
}

/* /proc/<pid> of the init (checked after the open: the
 * pid was not reused meanwhile), or -1. */
static int open_proc_dir(pid_t pid, uint64_t start)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && !jf_proc_is_same_alive(pid, start)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int jf_sidecar_start(int dirfd, const struct jf_sidecar *sc,
		     struct jf_error *err)
{
	int pidfd = jf_pidfd_open_checked(sc->init, sc->init_start);
	int dir = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	int procfd = pidfd < 0 ? -1 : open_proc_dir(sc->init, sc->init_start);
	int status, rc = -1;
	pid_t pid = -1;

	side.sc = sc;
	side.oom_before = jf_cgroup_oom_kills(sc->cgroup);
	jf_log_timestamp(side.started, sizeof(side.started));
	if (pidfd < 0 || dir < 0 || devnull < 0)
		jf_error_errno(err, "sidecar");
	else if ((pid = fork()) < 0)
		jf_error_errno(err, "sidecar: fork");
	if (pid == 0) {
		/* Its own session, and not our child: `create` returns at
		 * once and the sidecar goes to the caller's subreaper
		 * (conmon, containerd's shim) or to init. */
		setsid();
		if (fork() != 0)
			_exit(0);
		prctl(PR_SET_NAME, "jfrun-sidecar", 0, 0, 0);
		jf_log_close();
		if (dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 ||
		    dup2(devnull, 2) < 0 || dup2(pidfd, 3) < 0 ||
		    dup2(dir, 4) < 0 ||
		    dup2(procfd < 0 ? devnull : procfd, 5) < 0)
			_exit(1);
		syscall(SYS_close_range, 6, ~0U, 0);
		_exit(sidecar_main());
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		rc = 0;
	}
	if (pidfd >= 0)
		close(pidfd);
	if (dir >= 0)
		close(dir);
	if (procfd >= 0)
		close(procfd);
	if (devnull >= 0)
		close(devnull);
	return rc;
}

int jf_sidecar_pidfd(int dirfd)
{
	char buf[64];
	unsigned long long start;
	int pid, fd = openat(dirfd, JF_SIDECAR_PID_FILE,
			     O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "%d %llu", &pid, &start) != 2 || pid <= 0)
		return -1;
	return jf_pidfd_open_checked(pid, start);
}
