/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/process.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/cpu_affinity.h"
#include "linux/exec_path.h"
#include "linux/mempolicy.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#define KEYCTL_JOIN_SESSION_KEYRING 1

static int apply_attrs(const struct jf_process_spec *s, struct jf_error *err)
{
	/* Affinity before the scheduler: a SCHED_DEADLINE task may not
	 * change it. */
	if (jf_rlimits_apply(s->attrs, err) < 0 ||
	    jf_personality_apply(s->attrs, err) < 0 ||
	    jf_mempolicy_apply(s->config, err) < 0 ||
	    jf_affinity_final(s->exec_affinity ? s->p : NULL, err) < 0 ||
	    jf_scheduler_apply(s->attrs, err) < 0 ||
	    jf_io_priority_apply(s->attrs, err) < 0)
		return -1;
	if (s->new_keyring &&
	    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 &&
	    errno != ENOSYS && errno != EPERM)
		return jf_error_errno(err, "joining a new session keyring");
	if (chdir(s->p->cwd) < 0)
		return jf_error_errno(err, "process.cwd: %s", s->p->cwd);
	return 0;
}

/* The user's ids, and HOME from the container's passwd, read as root. */
static int resolve_user(const struct jf_process_spec *s, struct jf_process *x,
			struct jf_error *err)
{
	const struct oci_process *p = s->p;

	if (jf_user_resolve(s->rootfd, s->user, &p->user, &x->user, err) < 0)
		return -1;
	if (p->n_args == 0)
		return 0;
	return jf_user_home_env(s->rootfd, x->user.uid, p->env, p->n_env,
				&x->env, err);
}

/* The order matters: without no_new_privs, loading a filter needs
 * CAP_SYS_ADMIN, so it comes first, while we have it; the bounding set
 * is dropped while we may (CAP_SETPCAP), before the user switch; then the
 * process's own capabilities, then no_new_privs. */
static int take_identity(const struct jf_process_spec *s,
			 const struct jf_process *x, struct jf_error *err)
{
	bool nnp = s->p->no_new_privileges;

	/* The LSM profile and label for the execve (linux/lsm.h). */
	if (jf_lsm_apply(s->lsm, err) < 0)
		return -1;
	if (s->seccomp != NULL && !nnp && jf_seccomp_load(s->seccomp, err) < 0)
		return -1;
	if (jf_caps_drop_bounding(s->caps, err) < 0 ||
	    jf_user_switch(&x->user, err) < 0 ||
	    jf_caps_apply(s->caps, err) < 0)
		return -1;
	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return jf_error_errno(err, "process.noNewPrivileges");
	return 0;
}

int jf_process_become(const struct jf_process_spec *s, struct jf_process *x,
		      struct jf_error *err)
{
	if (apply_attrs(s, err) < 0 || resolve_user(s, x, err) < 0 ||
	    take_identity(s, x, err) < 0)
		return -1;
	if (s->p->n_args == 0)
		return 0;
	/* As the user: execvp's lookup skips what it may not run. */
	return jf_find_executable(s->p, x->exe, sizeof(x->exe), err);
}

/* No fd of jfrun reaches the process: everything from 3+preserve_fds on
 * is closed by execve, and so are jfrun's own fds even where a gap among
 * the preserved fds gave them one of those numbers (their closing tells
 * the runtime that execve went through).  The preserved fds pass as the
 * caller gave them: inherited, so never close-on-exec. */
static void seal_fds(const struct jf_process_spec *s)
{
	unsigned first = 3u + (unsigned)s->preserve_fds;

	syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC);
	for (size_t i = 0; i < s->n_own_fds; i++)
		if (s->own_fds[i] >= 0)
			fcntl(s->own_fds[i], F_SETFD, FD_CLOEXEC);
}

static int exec_failed(const char *exe, struct jf_error *err)
{
	int errnum = errno;

	/* The file was found before: its interpreter (#! or ELF) was not. */
	if (errnum == ENOENT)
		jf_error_set(
		    err, 0,
		    "process.args[0]: exec %s: its interpreter (#! line "
		    "or ELF loader) is missing: %s",
		    exe, strerror(errnum));
	else
		jf_error_set(err, errnum, "process.args[0]: exec %s", exe);
	err->errnum = errnum;
	return -1;
}

int jf_process_exec(const struct jf_process_spec *s, struct jf_process *x,
		    struct jf_error *err)
{
	static char *const no_env[] = {NULL};
	const struct oci_process *p = s->p;

	seal_fds(s);
	/* A filter under no_new_privs may forbid what came before (open,
	 * write, the init's wait for start, the hooks' fork): just before
	 * execve, as in runc. */
	if (s->seccomp != NULL && p->no_new_privileges &&
	    jf_seccomp_load(s->seccomp, err) < 0)
		return -1;
	execve(x->exe, p->args, x->env ? x->env : p->env ? p->env : no_env);
	return exec_failed(x->exe, err);
}
