/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Becoming the container's process: the one place where a process that
 * jfrun put into the container (the init, an `exec`'d process, whatever
 * comes later) takes the process's attributes, LSM label, seccomp filter,
 * capabilities, user and no_new_privs, in one order, and execs.
 *
 * Two halves, so that the init can wait for `start` between them:
 *
 *   jf_process_become  everything that can fail before the process may
 *                      run (reported to `create` or `exec`): rlimits,
 *                      personality, memory policy, CPU affinity (before a
 *                      SCHED_DEADLINE), scheduler, I/O priority, a new session
 *                      keyring, cwd; the user resolved and HOME; the LSM
 *                      label for the execve; a seccomp filter without
 *                      no_new_privs (loading it needs CAP_SYS_ADMIN: first,
 *                      while we have it); the bounding set, the user, the
 *                      capabilities, no_new_privs; the executable, looked
 *                      up as the user.
 *   jf_process_exec    fds from 3+preserve_fds on closed at the execve, a
 *                      seccomp filter under no_new_privs (last: it may
 *                      forbid what came before), execve.
 *
 * What differs between callers is in struct jf_process_spec; the caller
 * enters the container (namespaces, root, terminal) before.
 */
#ifndef JF_LINUX_PROCESS_H
#define JF_LINUX_PROCESS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "error.h"
#include "linux/caps.h"
#include "linux/lsm.h"
#include "linux/process_attrs.h"
#include "linux/seccomp.h"
#include "linux/user.h"

#define JF_PROCESS_MAX_OWN_FDS 4

struct jf_process_spec {
	const struct oci_process *p; /* args, env, cwd, user, noNewPrivileges */
	const struct oci_config *config; /* linux.memoryPolicy */
	/* process.execCPUAffinity's final list applies (exec; the spec
	 * leaves the init out): else every CPU (linux/cpu_affinity.h). */
	bool exec_affinity;
	/* `exec --user`, resolved in the container's files; NULL: p->user. */
	const struct jf_user_spec *user;
	/* Where /etc/passwd and /etc/group are read; -1: "/" (the init,
	 * after pivot_root). */
	int rootfd;
	const struct jf_caps *caps;
	const struct jf_process_attrs *attrs;
	const struct jf_seccomp *seccomp; /* NULL: none */
	struct jf_lsm *lsm;
	bool new_keyring; /* join a new session keyring (the init) */
	int preserve_fds; /* fds 3 .. 3+preserve_fds-1 pass through */
	/* jfrun's own fds, closed at the execve even where one has a number
	 * among the preserved ones (the init's sync socket, exec fifo). */
	int own_fds[JF_PROCESS_MAX_OWN_FDS];
	size_t n_own_fds;
};

/* What jf_process_become found, for jf_process_exec. */
struct jf_process {
	struct oci_user user;
	char **env; /* p->env with HOME, or NULL: p->env as it is */
	char exe[PATH_MAX];
};

/* The first half (above).  Errors name the field: "process.cwd: /x: ...".
 * With no process.args (a config without process: `start` will be
 * refused) the executable is not looked up. */
int jf_process_become(const struct jf_process_spec *s, struct jf_process *x,
		      struct jf_error *err);

/* The second half: returns only when it fails ("process.args[0]: exec
 * /bin/x: ..."). */
int jf_process_exec(const struct jf_process_spec *s, struct jf_process *x,
		    struct jf_error *err);

#endif
