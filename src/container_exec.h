/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `exec`: a new process inside a running container. */
#ifndef JF_CONTAINER_EXEC_H
#define JF_CONTAINER_EXEC_H

#include <stdbool.h>

#include "config.h"
#include "error.h"
#include "state_dir.h"

struct jf_user_spec;

struct jf_exec_opts {
	const struct jf_user_spec *user; /* --user, or NULL: process.user */
	const char *pid_file;
	const char *console_socket;
	int preserve_fds;
	bool detach;
};

/* Runs `p` in the namespaces and cgroup of container `c` (which must be
 * created or running), with the container's seccomp filter.  In the
 * foreground returns the process's exit code (128+n for signal n). */
int jf_container_exec(struct jf_container *c, const struct oci_config *config,
		      const struct oci_process *p, const struct jf_exec_opts *o,
		      struct jf_error *err);

#endif
