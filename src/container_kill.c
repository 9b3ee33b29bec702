/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `kill`: a signal to the container's init, or to every process of its
 * cgroup (--all); and the wait for the init to be gone. */
#include "container_internal.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "pid_identity.h"
#include "shim/exit_record.h"

/* A frozen process dies of SIGKILL only once thawed (runc thaws too). */
static void thaw_after_kill(const struct jf_container *c)
{
	struct jf_cgroup *cg = NULL;
	struct jf_error ignored;

	if (jf_container_cgroup(c, false, &cg, &ignored) == 0 && cg != NULL)
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
		int r = jf_container_cgroup(c, false, &cg, err);
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

bool jf_container_wait_gone(const struct jf_container *c, int timeout_ms)
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

int jf_container_kill_by_id(const char *root, const char *id, int sig,
			    bool all, struct jf_error *err)
{
	struct jf_container *c;
	int rc;

	if (jf_container_open(root, id, true, &c, err) < 0)
		return -1;
	/* The shim gives the container's end this reason. */
	if (jf_exit_signal_ends(sig))
		jf_exit_reason_note(c->dirfd, "stopped");
	rc = jf_container_kill(c, sig, all, err);
	jf_container_close(c);
	return rc;
}
