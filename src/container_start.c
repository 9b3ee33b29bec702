/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `start`: the runtime's end of the exec fifo (the init, container_init.c,
 * blocks opening it until `start` opens it for reading), and the start of a
 * foreground `run` over the sync socket instead; then the poststart hooks.
 */
#include "container_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "fs_util.h"
#include "hooks.h"
#include "log.h"
#include "pid_identity.h"
#include "sync_socket.h"

/* runtime-spec 1.3: a failing poststart hook is an error (before 1.3: a
 * warning); the container is stopped, and `delete` goes on as usual
 * (poststop hooks).  The hooks after the failing one do not run. */
static int run_poststart(struct jf_container *c, struct jf_error *err)
{
	cleanup_free char *json = NULL;
	struct oci_config *config = NULL;
	size_t len;
	int rc = 0;

	if (!jf_container_may_have_hooks(c, OCI_STATE_HOOK_POSTSTART))
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
	if (!jf_container_wait_gone(c, 10000))
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
	    c->state->pid > 0 && jf_container_awaits_start(c))
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
	if (jf_container_set_status(c, "running", err) < 0)
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

	if (jf_container_set_status(cr->container, "running", err) < 0)
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
