/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `run -d`: the container under a shim (shim/shim.h).  The CLI forks the
 * shim first, so that the shim, not the CLI, is the init's parent: the
 * shim leaves the caller's session, stdio and fds behind, becomes a
 * subreaper, runs create and start itself with the container's stdout and
 * stderr on its pipes, and reports over a pipe: the CLI returns 0 once the
 * process runs, or fails with create's message.  A shim that dies before
 * it reports leaves what it made to the CLI, which removes it.
 */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "annotations.h"
#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "fault.h"
#include "fs_util.h"
#include "log.h"
#include "pid_identity.h"
#include "shim/proc_views.h"
#include "shim/shim.h"
#include "shim/sidecar.h"
#include "shim/supervision.h"
#include "shim/trim.h"
#include "supervise.h"

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE 2
#endif

struct report {
	char ok; /* '0' ok, '1' failed */
	int errnum;
	char msg[JF_ERROR_MSG_MAX];
};

static void send_report(int fd, const struct jf_error *err)
{
	struct report r = {.ok = err == NULL ? '0' : '1'};
	size_t len = err == NULL ? 1 : sizeof(r);

	if (err != NULL) {
		r.errnum = err->errnum;
		memcpy(r.msg, err->msg, sizeof(r.msg));
	}
	/* The CLI may be gone (killed): nothing to do then. */
	if (write(fd, &r, len) < 0)
		return;
}

static int compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Nothing of the caller's from base on: the fds kept move up there, every
 * other one closes (below base: the container's --preserve-fds). */
static int keep_only(int **fds, size_t n, int base)
{
	int sorted[8];

	for (size_t i = 0; i < n; i++) {
		int moved = fcntl(*fds[i], F_DUPFD_CLOEXEC, base);
		if (moved < 0)
			return -1;
		close(*fds[i]);
		*fds[i] = sorted[i] = moved;
	}
	qsort(sorted, n, sizeof(int), compare_ints);
	for (size_t i = 0; i <= n; i++) {
		unsigned from =
		    i == 0 ? (unsigned)base : (unsigned)sorted[i - 1] + 1;
		unsigned to = i == n ? ~0U : (unsigned)sorted[i] - 1;
		if (from <= to)
			syscall(SYS_close_range, from, to, 0);
	}
	return 0;
}

struct shim_fds {
	int report, devnull, out[2], err[2];
	struct jf_tty_proxy tty;
};

/* Leave the caller: a session of its own, stdin /dev/null, stdout and
 * stderr the pipes the container inherits. */
static int detach(const struct jf_create_opts *o, struct shim_fds *f, bool tty,
		  struct jf_error *err)
{
	int *keep[8];
	size_t n = 0;

	setsid();
	prctl(PR_SET_NAME, "jfrun-shim", 0, 0, 0);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return jf_error_errno(err, "shim: PR_SET_CHILD_SUBREAPER");
	jf_log_close();
	f->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (f->devnull < 0 || pipe2(f->out, O_CLOEXEC) < 0 ||
	    pipe2(f->err, O_CLOEXEC) < 0)
		return jf_error_errno(err, "shim: pipes");
	if (tty && jf_tty_proxy_open(&f->tty, err) < 0)
		return -1;
	if (dup2(f->devnull, 0) < 0 || dup2(f->out[1], 1) < 0 ||
	    dup2(f->err[1], 2) < 0)
		return jf_error_errno(err, "shim: stdio");
	close(f->out[1]);
	close(f->err[1]);
	f->out[1] = f->err[1] = -1;
	keep[n++] = &f->report;
	keep[n++] = &f->devnull;
	keep[n++] = &f->out[0];
	keep[n++] = &f->err[0];
	if (tty) {
		keep[n++] = &f->tty.sock[0];
		keep[n++] = &f->tty.sock[1];
	}
	if (keep_only(keep, n, 3 + o->preserve_fds) < 0)
		return jf_error_errno(err, "shim: fds");
	if (fcntl(f->out[0], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(f->err[0], F_SETFL, O_NONBLOCK) < 0)
		return jf_error_errno(err, "shim: pipes");
	return 0;
}

/* Everything the supervision needs, taken before start. */
static int shim_setup(struct jf_created *cr, struct shim_fds *f,
		      struct jf_shim *s, struct jf_error *err)
{
	const struct oci_state *st = cr->container->state;
	struct jf_annotations ann;
	struct jf_error ignored;

	s->init = cr->pid;
	s->init_start = st->pid_start_time;
	if (jf_annotations_parse(cr->config, &ann, err) < 0)
		return -1;
	s->log_max_size = ann.log_max_size;
	s->log_max_files = ann.log_max_files;
	/* A new open file description: not the locked one. */
	s->dirfd = openat(cr->container->dirfd, ".",
			  O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0)
		return jf_error_errno(err, "shim: state dir");
	if (st->cgroup_path != NULL &&
	    jf_cgroup_open(st->cgroup_path, st->systemd_cgroup, &s->cgroup,
			   &ignored) < 0)
		s->cgroup = NULL;
	if (f->tty.master >= 0) {
		/* The terminal is the container's stdout and stderr. */
		s->out_fd = steal_fd(f->tty.master);
		fcntl(s->out_fd, F_SETFL, O_NONBLOCK);
		close(f->out[0]);
		close(f->err[0]);
		s->err_fd = -1;
	} else {
		s->out_fd = f->out[0];
		s->err_fd = f->err[0];
	}
	f->out[0] = f->err[0] = -1;
	if (jf_shim_pid_write(s->dirfd, getpid(), err) < 0)
		return -1;
	if (ann.proc_virtualize &&
	    jf_proc_views_mount(cr->pid, st->pid_start_time, st->cgroup_path,
				st->systemd_cgroup, ann.proc_refresh_ms,
				err) < 0)
		return -1;
	return jf_shim_prepare(s, err);
}

/* The shim: create and start as the init's parent, report, supervise. */
static int shim_main(const struct jf_create_opts *opts, int report)
{
	struct jf_create_opts o = *opts;
	struct shim_fds f = {.report = report,
			     .devnull = -1,
			     .out = {-1, -1},
			     .err = {-1, -1},
			     .tty = {.sock = {-1, -1}, .master = -1}};
	struct jf_shim s = {.root = opts->root,
			    .id = opts->id,
			    .dirfd = -1,
			    .out_fd = -1,
			    .err_fd = -1};
	struct jf_error err = {0}, ignored;
	struct jf_created cr;
	bool tty_proxy = o.console_socket == NULL;

	o.foreground = true;
	if (detach(&o, &f, tty_proxy, &err) < 0) {
		send_report(f.report, &err);
		return 1;
	}
	if (tty_proxy)
		o.console_sock_fd = f.tty.sock[1];
	if (jf_container_create(&o, &cr, &err) < 0) {
		send_report(f.report, &err);
		return 1;
	}
	jf_fault_point("shim-created");
	if ((cr.config->process->terminal && tty_proxy &&
	     jf_tty_proxy_receive(&f.tty, &err) < 0) ||
	    shim_setup(&cr, &f, &s, &err) < 0 ||
	    jf_container_start_foreground(&cr, -1, &err) < 0) {
		jf_container_delete(cr.container, true, &ignored);
		send_report(f.report, &err);
		return 1;
	}
	close(cr.sync_fd);
	if (cr.exe_tree_fd >= 0)
		close(cr.exe_tree_fd);
	/* The container has its own copies of the pipes' write ends. */
	dup2(f.devnull, 1);
	dup2(f.devnull, 2);
	jf_tty_proxy_close(&f.tty);
	jf_container_close(cr.container);
	oci_config_free(cr.config);
	/* (Not before: the init inherited our signal dispositions.) */
	signal(SIGPIPE, SIG_IGN);
	jf_fault_point("shim-running");
	send_report(f.report, NULL);
	close(f.report);
	jf_fault_point("shim-reported");
	jf_shim_trim();
	return jf_shim_supervise(&s);
}

/* Ours if made by this run: the same bundle, created since it began. */
static void remove_if_ours(const struct jf_create_opts *o, const char *since)
{
	struct jf_container *c = NULL;
	struct jf_error err;

	if (jf_container_open_any(o->root, o->id, true, &c, &err) < 0)
		return;
	if (c->state == NULL ||
	    (c->state->bundle != NULL && o->bundle != NULL &&
	     strcmp(c->state->bundle, o->bundle) == 0 &&
	     c->state->created != NULL &&
	     strcmp(c->state->created, since) >= 0)) {
		if (jf_container_delete(c, true, &err) < 0)
			jf_log_warning("%s", err.msg);
	}
	jf_container_close(c);
}

static int await_report(const struct jf_create_opts *o, pid_t shim, int fd,
			const char *since, struct jf_error *err)
{
	struct report r = {0};
	size_t got = 0;
	int status = 0;

	while (got < sizeof(r)) {
		ssize_t n = read(fd, (char *)&r + got, sizeof(r) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got >= 1 && r.ok == '0')
		return 0; /* the shim lives on: not waited for */
	while (waitpid(shim, &status, 0) < 0 && errno == EINTR)
		;
	if (got == sizeof(r) && r.ok == '1') {
		r.msg[sizeof(r.msg) - 1] = '\0';
		jf_error_set(err, 0, "%s", r.msg);
		err->errnum = r.errnum;
		return -1;
	}
	remove_if_ours(o, since);
	if (WIFSIGNALED(status))
		return jf_error_set(
		    err, 0,
		    "container \"%s\": its shim was killed by signal %d "
		    "before the container ran",
		    o->id, WTERMSIG(status));
	return jf_error_set(err, 0,
			    "container \"%s\": its shim exited with status %d "
			    "before the container ran",
			    o->id, WEXITSTATUS(status));
}

int jf_container_sidecar(const struct jf_created *cr, struct jf_error *err)
{
	const struct oci_state *st = cr->container->state;
	struct jf_annotations ann;

	int rc;

	if (jf_annotations_parse(cr->config, &ann, err) < 0 ||
	    !jf_sidecar_wanted(&ann))
		return 0; /* (create checked them already) */
	/* The first versions before the process runs; the sidecar refreshes. */
	if (ann.proc_virtualize &&
	    jf_proc_views_mount(cr->pid, st->pid_start_time, st->cgroup_path,
				st->systemd_cgroup, ann.proc_refresh_ms,
				err) < 0)
		return -1;
	rc = jf_sidecar_start(cr->container->dirfd, cr->pid, st->pid_start_time,
			      err);
	jf_proc_views_close();
	return rc;
}

int jf_container_run_detached(const struct jf_create_opts *o,
			      struct jf_error *err)
{
	char since[64];
	int rep[2];
	pid_t pid;

	jf_rfc3339_now(since, sizeof(since));
	if (pipe2(rep, O_CLOEXEC) < 0)
		return jf_error_errno(err, "run -d: pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(rep[0]);
		close(rep[1]);
		return jf_error_errno(err, "run -d: fork");
	}
	if (pid == 0) {
		close(rep[0]);
		_exit(shim_main(o, rep[1]));
	}
	close(rep[1]);
	jf_fault_point("run-d-forked");
	return await_report(o, pid, rep[0], since, err);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int jf_container_wait_stopped(const char *root, const char *id, int timeout_ms)
{
	long long deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : -1;

	for (;;) {
		struct jf_container *c = NULL;
		struct jf_error ignored;
		struct pollfd pfd[2];
		int n = 0, wait_ms = 100;

		if (jf_container_open_any(root, id, false, &c, &ignored) < 0)
			return -1;
		if (strcmp(jf_container_status(c), "stopped") == 0) {
			jf_container_close(c);
			return 0;
		}
		/* The shim exits once it has recorded the end; without one,
		 * the init's own exit is the end. */
		pfd[n].fd = jf_shim_pidfd(c);
		if (pfd[n].fd < 0 && c->state != NULL)
			pfd[n].fd = jf_pidfd_open_checked(
			    c->state->pid, c->state->pid_start_time);
		pfd[n].events = POLLIN;
		n += pfd[n].fd >= 0;
		jf_container_close(c);
		if (deadline >= 0) {
			long long left = deadline - now_ms();
			if (left <= 0)
				return 1;
			if (left < wait_ms)
				wait_ms = (int)left;
		}
		/* A zombie init: its shim finishes in a moment. */
		if (poll(pfd, (nfds_t)n, wait_ms) > 0 &&
		    (pfd[0].revents & POLLIN))
			wait_ms = 5;
		for (int i = 0; i < n; i++)
			close(pfd[i].fd);
		if (wait_ms == 5)
			usleep(5000);
	}
}
