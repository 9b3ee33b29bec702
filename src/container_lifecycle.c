/* SPDX-License-Identifier: GPL-2.0-or-later */
/* start, status, kill and delete of an existing container. */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "fault.h"
#include "fs_util.h"
#include "hooks.h"
#include "json_write.h"
#include "linux/intel_rdt.h"
#include "log.h"
#include "pid_identity.h"
#include "shim/proc_views.h"
#include "shim/supervision.h"
#include "sync_socket.h"

static struct oci_state state_shown(const struct jf_container *c,
				    const char *status)
{
	struct oci_state s = {.id = c->id, .bundle = ""};

	if (c->state != NULL) {
		s = *c->state;
		s.unsupervised = jf_shim_lost(c);
		s.proc_views_stale = jf_proc_views_stale(c);
	}
	s.status = (char *)status;
	return s;
}

int jf_container_state_json(const struct jf_container *c, const char *status,
			    char **ret, size_t *ret_len, struct jf_error *err)
{
	struct oci_state s = state_shown(c, status);

	return oci_state_to_json(&s, false, ret, ret_len, err);
}

void jf_container_state_write(const struct jf_container *c, const char *status,
			      struct json_writer *w)
{
	struct oci_state s = state_shown(c, status);

	oci_state_write(w, &s, false);
}

int jf_container_load_config(const struct jf_container *c,
			     struct oci_config **ret, struct jf_error *err)
{
	cleanup_free char *text = NULL;
	size_t len;

	if (jf_read_file_at(c->dirfd, JF_CONFIG_COPY, OCI_CONFIG_MAX_BYTES, &text,
			    &len, err) < 0)
		return jf_error_wrap(err, "container \"%s\"", c->id);
	return oci_config_parse(text, len, ret, err);
}

static bool init_alive(const struct jf_container *c)
{
	return c->state != NULL &&
	       jf_proc_is_same_alive(c->state->pid, c->state->pid_start_time);
}

/* Whether another jfrun holds the container's lock right now (a create
 * still running, or any changing command). */
static bool someone_busy(const struct jf_container *c)
{
	if (c->locked)
		return false; /* we hold it */
	if (flock(c->dirfd, LOCK_SH | LOCK_NB) == 0) {
		flock(c->dirfd, LOCK_UN);
		return false;
	}
	return errno == EWOULDBLOCK;
}

/* The exec fifo is there until a start takes it. */
static bool awaits_start(const struct jf_container *c)
{
	struct stat st;

	return fstatat(c->dirfd, JF_EXEC_FIFO, &st, 0) == 0;
}

const char *jf_container_status(const struct jf_container *c)
{
	/* No state.json: a delete was interrupted (or is under way). */
	if (c->state == NULL)
		return c->state_error != NULL ? "unknown" : "stopped";
	/* No init yet: being created, or its create died before cloning it
	 * (then nothing can ever run: it is stopped). */
	if (c->state->pid <= 0)
		return strcmp(c->state->status, "creating") == 0 && someone_busy(c)
			   ? "creating"
			   : "stopped";
	/* (Until its shim has recorded how it ended: shim/supervision.h.) */
	if (!init_alive(c))
		return jf_shim_finishing(c) ? "running" : "stopped";
	if (strcmp(c->state->status, "creating") == 0)
		return "creating";
	if (strcmp(c->state->status, "paused") == 0)
		return "paused";
	if (awaits_start(c))
		return "created";
	return "running";
}

static int set_status(struct jf_container *c, const char *status,
		      struct jf_error *err)
{
	char *copy = strdup(status);

	if (copy == NULL)
		return jf_error_errno(err, "state");
	free(c->state->status);
	c->state->status = copy;
	return jf_container_save(c, err);
}

/* Whether the config (maybe) has hooks of this kind: config.json is read
 * only then. */
static bool may_have_hooks(const struct jf_container *c, uint32_t kind)
{
	return c->state == NULL || !c->state->later_hooks_known ||
	       (c->state->later_hooks & kind) != 0;
}

static bool wait_gone(const struct jf_container *c, int timeout_ms);

/* runtime-spec 1.3: a failing poststart hook is an error (before 1.3: a
 * warning); the container is stopped, and `delete` goes on as usual
 * (poststop hooks).  The hooks after the failing one do not run. */
static int run_poststart(struct jf_container *c, struct jf_error *err)
{
	cleanup_free char *json = NULL;
	struct oci_config *config = NULL;
	size_t len;
	int rc = 0;

	if (!may_have_hooks(c, OCI_STATE_HOOK_POSTSTART))
		return 0;
	if (jf_container_load_config(c, &config, err) < 0)
		return -1;
	if (config->hooks != NULL && config->hooks->poststart.n_hooks > 0 &&
	    (jf_container_state_json(c, "running", &json, &len, err) < 0 ||
	     jf_hooks_run(&config->hooks->poststart, "poststart", json, len,
			  err) < 0))
		rc = -1;
	oci_config_free(config);
	return rc;
}

/* After a failed poststart hook. */
static int stop_after_poststart(struct jf_container *c, struct jf_error *err)
{
	struct jf_error ignored;

	jf_container_kill(c, SIGKILL, true, &ignored);
	if (!wait_gone(c, 10000))
		jf_log_warning("container \"%s\": still running after SIGKILL",
			       c->id);
	return jf_error_wrap(err, "container \"%s\" stopped", c->id);
}

/* Read what the init writes to the exec fifo until its write end closes:
 * at execve (close-on-exec), or when it exits.  The pidfd ends the wait
 * when it exits without ever opening the fifo. */
static int read_exec_fifo(int fifo, int pidfd, char *buf, size_t size,
			  size_t *ret_len, struct jf_error *err)
{
	struct pollfd pfd[2] = {{.fd = fifo, .events = POLLIN},
				{.fd = pidfd, .events = POLLIN}};
	bool gone = false; /* then what it wrote is read, not waited for */
	size_t len = 0;

	while (len < size - 1) {
		ssize_t n;

		if (!gone && poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return jf_error_errno(
			    err, "start: waiting for the exec fifo");
		}
		if (!gone && pfd[0].revents == 0) {
			if (!(pfd[1].revents & POLLIN))
				continue;
			gone = true;
		}
		n = read(fifo, buf + len, size - 1 - len);
		if (n > 0)
			len += (size_t)n;
		else if (n == 0 || (errno == EAGAIN && gone))
			break; /* EOF: no writer left */
		else if (errno != EAGAIN && errno != EINTR)
			return jf_error_errno(err,
					      "start: reading the exec fifo");
	}
	buf[len] = '\0';
	*ret_len = len;
	return 0;
}

/* The init's word through the exec fifo (container_init.c): "0" when it
 * goes on to execve, "1<message>" when something failed, before or after
 * the "0", and EOF once execve went through or it exited. */
static int await_exec(struct jf_container *c, int fifo, int pidfd,
		      struct jf_error *err)
{
	char buf[JF_ERROR_MSG_MAX + 3];
	const char *said;
	size_t len = 0;

	if (read_exec_fifo(fifo, pidfd, buf, sizeof(buf), &len, err) < 0)
		return jf_error_wrap(err, "container \"%s\"", c->id);
	if (len == 0)
		return jf_error_set(
		    err, ESRCH,
		    "container \"%s\": its init exited before start", c->id);
	said = buf[0] == '0' ? buf + 1 : buf;
	if (*said == '\0')
		return 0;
	unlinkat(c->dirfd, JF_EXEC_FIFO, 0);
	if (*said == '1')
		return jf_error_set(err, 0, "container \"%s\": %s", c->id,
				    said + 1);
	return jf_error_set(err, EPROTO,
			    "container \"%s\": the exec fifo said \"%.40s\"",
			    c->id, buf);
}

/* Open the fifo for reading: the init, blocked opening it for writing,
 * runs the startContainer hooks and execs; `start` returns once it has
 * (poststart hooks see the process itself).  O_NONBLOCK and the pidfd so
 * that a dead init cannot hang us. */
int jf_container_start(struct jf_container *c, struct jf_error *err)
{
	const char *status = jf_container_status(c);
	cleanup_close int fifo = -1, pidfd = -1;

	if (strcmp(status, "stopped") == 0 && c->state != NULL &&
	    c->state->pid > 0 && awaits_start(c))
		return jf_error_set(err, ESRCH,
				    "container \"%s\" is stopped: its init exited before start "
				    "(what it said went to the container's stderr)",
				    c->id);
	if (strcmp(status, "created") != 0)
		return jf_error_set(err, 0,
				    "container \"%s\" is %s: only a created container can be started",
				    c->id, status);
	pidfd = jf_pidfd_open_checked(c->state->pid, c->state->pid_start_time);
	fifo = openat(c->dirfd, JF_EXEC_FIFO, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fifo < 0 || pidfd < 0)
		return jf_error_errno(err, "container \"%s\": exec fifo", c->id);
	if (await_exec(c, fifo, pidfd, err) < 0)
		return -1;
	unlinkat(c->dirfd, JF_EXEC_FIFO, 0);
	if (set_status(c, "running", err) < 0)
		return -1;
	if (run_poststart(c, err) < 0)
		return stop_after_poststart(c, err);
	return 0;
}

/* Until the init's end of the sync socket closes at execve, or it says why
 * execve failed.  What the pty of a terminal jfrun proxies says meanwhile
 * (startContainer hooks) goes to stdout: nobody blocks on a full pty. */
static int await_execve(const struct jf_created *cr, int tty_master,
			struct jf_error *err)
{
	struct pollfd pfd[2] = {{.fd = cr->sync_fd, .events = POLLIN},
				{.fd = tty_master, .events = POLLIN}};
	struct jf_error ignored;

	while (pfd[1].fd >= 0) {
		char buf[8192];
		ssize_t n;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return jf_error_errno(err, "waiting for its execve");
		}
		if (pfd[0].revents != 0)
			break;
		if (pfd[1].revents == 0)
			continue;
		n = read(pfd[1].fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0 ||
		    jf_write_all(STDOUT_FILENO, buf, (size_t)n, &ignored) < 0)
			pfd[1].fd = -1; /* nothing more to copy */
	}
	return jf_sync_wait_hangup(cr->sync_fd, err);
}

int jf_container_start_foreground(struct jf_created *cr, int tty_master,
				  struct jf_error *err)
{
	cleanup_free char *json = NULL;
	size_t len;

	if (set_status(cr->container, "running", err) < 0)
		return -1;
	if (jf_container_state_json(cr->container, "running", &json, &len, err) < 0)
		return -1;
	/* Without startContainer hooks the init goes on to execve at once. */
	if (!cr->exec_after_ready &&
	    jf_sync_send(cr->sync_fd, JF_SYNC_START, json, len, err) < 0)
		return -1;
	if (await_execve(cr, tty_master, err) < 0)
		return jf_error_wrap(err, "container \"%s\"",
				     cr->container->id);
	/* Failing: the caller deletes the container (run, the shim). */
	if (cr->config->hooks != NULL &&
	    jf_hooks_run(&cr->config->hooks->poststart, "poststart", json, len,
			 err) < 0)
		return jf_error_wrap(err, "container \"%s\" stopped",
				     cr->container->id);
	return 0;
}

static int open_cgroup(const struct jf_container *c, struct jf_cgroup **ret,
		       struct jf_error *err)
{
	*ret = NULL;
	if (c->state == NULL || c->state->cgroup_path == NULL)
		return 0;
	return jf_cgroup_open(c->state->cgroup_path, c->state->systemd_cgroup, ret, err);
}

/* A frozen process dies of SIGKILL only once thawed (runc thaws too). */
static void thaw_after_kill(const struct jf_container *c)
{
	struct jf_cgroup *cg = NULL;
	struct jf_error ignored;

	if (open_cgroup(c, &cg, &ignored) == 0 && cg != NULL)
		jf_cgroup_freeze(cg, false, &ignored);
	jf_cgroup_free(cg);
}

int jf_container_kill(struct jf_container *c, int sig, bool all,
		      struct jf_error *err)
{
	const char *status = jf_container_status(c);
	cleanup_close int pidfd = -1;

	if (c->state_error != NULL)
		return jf_error_set(err, 0, "%s", c->state_error);
	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0)
		return jf_error_set(err, ESRCH, "container \"%s\" is %s: nothing to kill",
				    c->id, status);
	if (all) {
		struct jf_cgroup *cg = NULL;
		int r = open_cgroup(c, &cg, err);
		if (r == 0 && cg != NULL)
			r = jf_cgroup_kill_all(cg, sig, err);
		jf_cgroup_free(cg);
		if (r < 0 || cg != NULL)
			return r;
	}
	pidfd = jf_pidfd_open_checked(c->state->pid, c->state->pid_start_time);
	if (pidfd < 0 || syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		return jf_error_errno(err, "container \"%s\": signal %d", c->id, sig);
	if (sig == SIGKILL && strcmp(status, "paused") == 0)
		thaw_after_kill(c);
	return 0;
}

/* Wait up to timeout_ms for the init to be gone. */
static bool wait_gone(const struct jf_container *c, int timeout_ms)
{
	int pidfd = jf_pidfd_open_checked(c->state->pid, c->state->pid_start_time);
	struct pollfd pfd;
	int r;

	if (pidfd < 0)
		return true;
	pfd = (struct pollfd){.fd = pidfd, .events = POLLIN};
	r = poll(&pfd, 1, timeout_ms);
	close(pidfd);
	if (r > 0) {
		/* Reap it if it is our child (foreground run). */
		waitpid(c->state->pid, NULL, WNOHANG);
		return true;
	}
	return false;
}

static void run_poststop(struct jf_container *c, const struct oci_config *config)
{
	cleanup_free char *json = NULL;
	struct jf_error err = {0};
	size_t len;

	if (config == NULL || config->hooks == NULL ||
	    config->hooks->poststop.n_hooks == 0 || c->state == NULL)
		return;
	if (jf_container_state_json(c, "stopped", &json, &len, &err) < 0)
		jf_log_warning("%s", err.msg);
	else
		jf_hooks_run_warn(&config->hooks->poststop, "poststop", json, len);
}

/* The cgroup of a container whose init was never recorded: whatever is
 * in it is not known to be ours (create may have died before checking the
 * cgroup was unused), so nothing is killed.  Our own init, if it was
 * cloned, is dying of PDEATHSIG: wait for it, then remove the cgroup. */
static int destroy_unowned_cgroup(const char *id, const char *path,
				  struct jf_cgroup *cg, struct jf_error *err)
{
	for (int i = 0; i < 200; i++) {
		cleanup_free pid_t *pids = NULL;
		size_t n = 0;

		if (jf_cgroup_pids(cg, &pids, &n, err) < 0 || n == 0)
			return jf_cgroup_destroy(cg, err);
		usleep(10000);
	}
	return jf_error_set(err, EBUSY,
			    "container \"%s\": cgroup %s holds processes that are "
			    "not known to be the container's: left in place",
			    id, path);
}

/* state.json unreadable: the cgroup is found again from the config copy
 * (a cgroupfs path; --systemd-cgroup is not known any more) and treated as
 * not known to be ours. */
static void remove_cgroup_of_broken(const struct jf_container *c)
{
	struct oci_config *config = NULL;
	cleanup_free char *path = NULL;
	struct jf_cgroup *cg = NULL;
	struct jf_error err = {0};

	if (jf_container_load_config(c, &config, &err) < 0 ||
	    jf_cgroup_resolve_path(config, c->id, false, &path, &err) < 0 ||
	    jf_cgroup_open(path, false, &cg, &err) < 0 ||
	    destroy_unowned_cgroup(c->id, path, cg, &err) < 0)
		jf_log_warning("%s", err.msg);
	jf_cgroup_free(cg);
	oci_config_free(config);
}

static int signal_init(const struct jf_container *c, int sig)
{
	cleanup_close int pidfd =
	    jf_pidfd_open_checked(c->state->pid, c->state->pid_start_time);

	if (pidfd < 0)
		return -1;
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

int jf_container_delete(struct jf_container *c, bool force, struct jf_error *err)
{
	const char *status = jf_container_status(c);
	struct oci_config *config = NULL;
	struct jf_cgroup *cg = NULL;
	struct jf_error ignored;
	int rc = 0;

	if (c->state_error != NULL) {
		if (!force)
			return jf_error_set(err, 0, "%s (jfrun delete --force removes it)",
					    c->state_error);
		/* Without a state its init cannot be told apart from any
		 * other process: nothing is killed. */
		jf_log_warning("%s: removing the container; its processes, if "
			       "any, are not killed", c->state_error);
		remove_cgroup_of_broken(c);
		return jf_container_remove(c, err);
	}
	if (strcmp(status, "stopped") != 0 && strcmp(status, "creating") != 0 &&
	    strcmp(status, "created") != 0 && !force)
		return jf_error_set(err, EBUSY,
				    "container \"%s\" is %s: stop it first or use --force",
				    c->id, status);
	if (open_cgroup(c, &cg, err) < 0) {
		if (!force)
			return -1;
		jf_log_warning("%s", err->msg);
	}
	if (c->state != NULL && c->state->pid > 0 && init_alive(c)) {
		if (cg != NULL)
			jf_cgroup_kill_all(cg, SIGKILL, &ignored);
		signal_init(c, SIGKILL);
		if (!wait_gone(c, 10000)) {
			jf_cgroup_free(cg);
			return jf_error_set(err, EBUSY, "container \"%s\": init did not die", c->id);
		}
	}
	jf_fault_point("delete-killed");
	if (cg != NULL) {
		int r = c->state->pid > 0 ? jf_cgroup_destroy(cg, err)
					  : destroy_unowned_cgroup(c->id, c->state->cgroup_path,
								   cg, err);
		if (r < 0)
			jf_log_warning("%s", err->msg);
	}
	jf_fault_point("delete-cgroup-removed");
	if ((may_have_hooks(c, OCI_STATE_HOOK_POSTSTOP) ||
	     jf_intel_rdt_mounted()) &&
	    jf_container_load_config(c, &config, &ignored) == 0) {
		jf_intel_rdt_remove(config, c->id);
		run_poststop(c, config);
	}
	oci_config_free(config);
	jf_cgroup_free(cg);
	if (jf_container_remove(c, err) < 0)
		rc = -1;
	return rc;
}
