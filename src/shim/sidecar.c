/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/sidecar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs_util.h"
#include "log.h"
#include "pid_identity.h"
#include "shim/loop.h"
#include "shim/proc_views.h"

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE 2
#endif

bool jf_sidecar_wanted(const struct jf_annotations *a)
{
	return a->proc_virtualize || a->rss_soft > 0 || a->rss_hard > 0;
}

static int on_init_exit(struct jf_loop *loop, int fd, uint32_t events,
			void *data, struct jf_error *err)
{
	loop->stop = true;
	return 0;
}

/* fds 3 (the init's pidfd) and 4 (the state dir), nothing else. */
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

int jf_sidecar_start(int dirfd, pid_t init, uint64_t init_start,
		     struct jf_error *err)
{
	int pidfd = jf_pidfd_open_checked(init, init_start);
	int dir = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	int status, rc = -1;
	pid_t pid = -1;

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
		    dup2(dir, 4) < 0)
			_exit(1);
		syscall(SYS_close_range, 5, ~0U, 0);
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
	if (devnull >= 0)
		close(devnull);
	return rc;
}
