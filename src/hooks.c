/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "fs_util.h"
#include "log.h"

/* A hook without "env" gets the runtime's own environment, as in runc (Go's
 * exec.Cmd with a nil Env) and crun; "env": [] gives an empty one.  The
 * spec only says env has environ's semantics. */
static char *const *hook_env(const struct oci_hook *h)
{
	return h->env != NULL ? h->env : environ;
}

static pid_t spawn_hook(const struct oci_hook *h, int stdin_fd)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	/* Child: stdin is the state, stdout/stderr stay the runtime's. */
	if (dup2(stdin_fd, 0) < 0)
		_exit(127);
	if (h->args != NULL && h->n_args > 0)
		execve(h->path, h->args, hook_env(h));
	else {
		char *argv[] = {h->path, NULL};
		execve(h->path, argv, hook_env(h));
	}
	fprintf(stderr, "jfrun: hook %s: %s\n", h->path, strerror(errno));
	_exit(127);
}

/* Wait for the hook, killing it at its timeout (ms < 0: no timeout). */
static int wait_hook(pid_t pid, int timeout_ms, int *status)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int r;

	if (pidfd >= 0) {
		struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
		do
			r = poll(&pfd, 1, timeout_ms);
		while (r < 0 && errno == EINTR);
		close(pidfd);
		if (r == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return -ETIMEDOUT;
		}
	}
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

static int run_one(const struct oci_hook *h, const char *field,
		   const char *state_json, size_t state_len, struct jf_error *err)
{
	cleanup_close int in = -1;
	int status = 0, r;
	pid_t pid;

	/* The state goes through a memfd: no pipe-buffer deadlock whatever
	 * the hook does with its stdin. */
	in = memfd_create("jfrun-hook-state", MFD_CLOEXEC);
	if (in < 0)
		return jf_error_errno(err, "%s: memfd", field);
	if (jf_write_all(in, state_json, state_len, err) < 0 ||
	    lseek(in, 0, SEEK_SET) < 0)
		return jf_error_wrap(err, "%s", field);
	pid = spawn_hook(h, in);
	if (pid < 0)
		return jf_error_errno(err, "%s: fork", field);
	r = wait_hook(pid, h->has_timeout ? h->timeout * 1000 : -1, &status);
	if (r == -ETIMEDOUT)
		return jf_error_set(err, ETIMEDOUT, "%s: %s timed out after %d s",
				    field, h->path, h->timeout);
	if (r < 0)
		return jf_error_set(err, -r, "%s: waiting for %s", field, h->path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		return jf_error_set(err, 0, "%s: %s killed by signal %d", field,
				    h->path, WTERMSIG(status));
	return jf_error_set(err, 0, "%s: %s exited with status %d", field,
			    h->path, WEXITSTATUS(status));
}

int jf_hooks_run(const struct oci_hook_list *list, const char *name,
		 const char *state_json, size_t state_len, struct jf_error *err)
{
	char field[64];

	for (size_t i = 0; i < list->n_hooks; i++) {
		snprintf(field, sizeof(field), "hooks.%s[%zu]", name, i);
		if (run_one(&list->hooks[i], field, state_json, state_len, err) < 0)
			return -1;
	}
	return 0;
}

int jf_hooks_run_warn(const struct oci_hook_list *list, const char *name,
		      const char *state_json, size_t state_len)
{
	struct jf_error err = {0};
	char field[64];
	int failed = 0;

	for (size_t i = 0; i < list->n_hooks; i++) {
		snprintf(field, sizeof(field), "hooks.%s[%zu]", name, i);
		if (run_one(&list->hooks[i], field, state_json, state_len, &err) < 0) {
			jf_log_warning("%s", err.msg);
			failed++;
		}
	}
	return failed;
}
