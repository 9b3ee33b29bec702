/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/shim.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "shim/exit_record.h"
#include "shim/log_file.h"
#include "shim/loop.h"
#include "shim/proc_views.h"
#include "state_dir.h"

/* One shim per process: static, so the buffers are never on the heap. */
static struct {
	struct jf_shim *s;
	struct jf_loop loop;
	struct jf_log_file log;
	uint64_t oom_before;
	char started[40];
	char buf[JF_LOG_CHUNK_MAX];
	int pidfd, sigfd;
} shim;

int jf_shim_prepare(struct jf_shim *s, struct jf_error *err)
{
	shim.s = s;
	shim.pidfd = shim.sigfd = -1;
	if (jf_log_file_open(&shim.log, s->dirfd, s->log_max_size,
			     s->log_max_files, err) < 0)
		return -1;
	shim.oom_before = jf_cgroup_oom_kills(s->cgroup);
	jf_log_timestamp(shim.started, sizeof(shim.started));
	return 0;
}

static enum jf_log_stream stream_of(int fd)
{
	return fd == shim.s->err_fd ? JF_LOG_STDERR : JF_LOG_STDOUT;
}

static void pipe_closed(struct jf_loop *loop, int fd)
{
	jf_loop_remove(loop, fd);
	close(fd);
	if (fd == shim.s->out_fd)
		shim.s->out_fd = -1;
	else
		shim.s->err_fd = -1;
}

/* One read into the log: the bytes copied, 0 when nothing is there
 * (EAGAIN), < 0 when the pipe is done (EOF; EIO: a pty whose last holder
 * closed it). */
static ssize_t copy_once(struct jf_loop *loop, int fd)
{
	ssize_t n = read(fd, shim.buf, shim.log.chunk);

	if (n > 0) {
		jf_log_file_write(&shim.log, stream_of(fd), shim.buf,
				  (size_t)n);
		return n;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	pipe_closed(loop, fd);
	return -1;
}

static int on_output(struct jf_loop *loop, int fd, uint32_t events, void *data,
		     struct jf_error *err)
{
	copy_once(loop, fd);
	return 0;
}

/* What was written before the init exited is in the pipe now: read that
 * much (FIONREAD), no more.  Orphans may keep the pipe open and go on
 * writing; they are not waited for. */
static void drain(struct jf_loop *loop)
{
	int fds[2] = {shim.s->out_fd, shim.s->err_fd};

	for (int i = 0; i < 2; i++) {
		int left = 0;
		ssize_t n;

		if (fds[i] < 0 || ioctl(fds[i], FIONREAD, &left) < 0)
			continue;
		while (left > 0 && (n = copy_once(loop, fds[i])) > 0)
			left -= (int)n;
	}
}

/* Reap every child but the init (not before its end is recorded). */
static void reap_orphans(void)
{
	for (;;) {
		siginfo_t info = {0};
		if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0 ||
		    info.si_pid == 0 || info.si_pid == shim.s->init)
			return;
		waitpid(info.si_pid, NULL, WNOHANG);
	}
}

static int on_signal(struct jf_loop *loop, int fd, uint32_t events, void *data,
		     struct jf_error *err)
{
	struct signalfd_siginfo si;

	while (read(fd, &si, sizeof(si)) == sizeof(si))
		if (si.ssi_signo == SIGCHLD)
			reap_orphans();
	return 0;
}

/* exit.json, then the state says stopped, with the exit: under the
 * container's lock, and only if it is still the one this shim runs (not
 * deleted, its directory not kept as a spare, its id not taken again). */
static void record_exit(const struct jf_exit *e)
{
	struct jf_container *c = NULL;
	struct jf_error err;

	if (jf_container_open(shim.s->root, shim.s->id, true, &c, &err) < 0)
		return;
	if (c->state != NULL && c->state->pid == shim.s->init &&
	    c->state->pid_start_time == shim.s->init_start &&
	    jf_exit_write(c->dirfd, e, &err) == 0) {
		char *reason = strdup(e->reason), *status = strdup("stopped");
		if (reason != NULL && status != NULL) {
			free(c->state->exit_reason);
			free(c->state->status);
			c->state->exit_reason = reason;
			c->state->status = status;
			c->state->has_exit = true;
			c->state->exit_code = e->code;
			c->state->exit_signal = e->signal;
			jf_container_save(c, &err);
		} else {
			free(reason);
			free(status);
		}
	}
	jf_container_close(c);
}

static int on_init_exit(struct jf_loop *loop, int fd, uint32_t events,
			void *data, struct jf_error *err)
{
	siginfo_t info = {0};
	struct jf_exit e = {0};
	int status;

	/* Its status, leaving it a zombie for now. */
	if (waitid(P_PID, (id_t)shim.s->init, &info,
		   WEXITED | WNOHANG | WNOWAIT) < 0 ||
	    info.si_pid == 0)
		return 0;
	status = info.si_code == CLD_EXITED ? (info.si_status & 0xff) << 8
					    : (info.si_status & 0x7f);
	drain(loop);
	jf_exit_from_status(&e, status);
	e.reason =
	    jf_exit_reason_decide(shim.s->dirfd, shim.oom_before,
				  jf_cgroup_oom_kills(shim.s->cgroup), status);
	memcpy(e.started, shim.started, sizeof(e.started));
	jf_log_timestamp(e.finished, sizeof(e.finished));
	record_exit(&e);
	while (waitpid(shim.s->init, NULL, 0) < 0 && errno == EINTR)
		;
	reap_orphans();
	loop->stop = true;
	return 0;
}

static int add_sources(struct jf_error *err)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	shim.sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	shim.pidfd = (int)syscall(SYS_pidfd_open, shim.s->init, 0);
	if (shim.sigfd < 0 || shim.pidfd < 0)
		return jf_error_errno(err, "shim: signalfd or pidfd");
	if (jf_loop_add(&shim.loop, shim.sigfd, EPOLLIN, on_signal, NULL, err) <
		0 ||
	    jf_loop_add(&shim.loop, shim.pidfd, EPOLLIN, on_init_exit, NULL,
			err) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		int fd = i == 0 ? shim.s->out_fd : shim.s->err_fd;
		if (fd < 0)
			continue;
		if (jf_loop_add(&shim.loop, fd, EPOLLIN, on_output, NULL, err) <
		    0)
			return -1;
	}
	return jf_proc_views_attach(&shim.loop, shim.s->dirfd, err);
}

int jf_shim_supervise(struct jf_shim *s)
{
	struct jf_error err = {0};
	int rc = 0;

	shim.s = s;
	if (jf_loop_init(&shim.loop, &err) < 0 || add_sources(&err) < 0 ||
	    jf_loop_run(&shim.loop, &err) < 0)
		rc = 1;
	jf_loop_close(&shim.loop);
	jf_proc_views_close();
	jf_log_file_close(&shim.log);
	if (s->out_fd >= 0)
		close(s->out_fd);
	if (s->err_fd >= 0)
		close(s->err_fd);
	if (shim.pidfd >= 0)
		close(shim.pidfd);
	if (shim.sigfd >= 0)
		close(shim.sigfd);
	jf_cgroup_free(s->cgroup);
	close(s->dirfd);
	return rc;
}
