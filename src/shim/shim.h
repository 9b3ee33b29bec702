/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The standalone shim's supervision, once the container runs: one process,
 * one thread, one event loop (shim/loop.h) over
 *   - the container's stdout and stderr pipes (or its pty master), copied
 *     into container.log (shim/log_file.h), one read at a time: the pipes
 *     give back-pressure, the shim never buffers more than a record;
 *   - the init's pidfd: on its exit the pipes are drained of what is
 *     readable (orphans may hold them open), the reason decided, exit.json
 *     written, the state saved, and only then the init reaped (until then
 *     `state` says it runs: shim/supervision.h);
 *   - a signalfd: SIGCHLD reaps the orphans the shim, a subreaper,
 *     inherits; other signals to the shim are ignored.
 * Later sources (the monitor's fd, the /proc views' refresh timer) are
 * added to the same loop.
 */
#ifndef JF_SHIM_SHIM_H
#define JF_SHIM_SHIM_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct jf_cgroup;

struct jf_shim {
	const char *root, *id;
	pid_t init;
	uint64_t init_start;
	int dirfd;  /* the state dir, unlocked (owned) */
	int out_fd; /* stdout's read end, or the pty master (owned) */
	int err_fd; /* stderr's read end, -1 with a pty (owned) */
	struct jf_cgroup *cgroup; /* for the OOM count; may be NULL (owned) */
	uint64_t log_max_size;
	unsigned log_max_files;
};

/* Before the container starts: the log file, the OOM count.  On failure
 * nothing of s is closed (the caller undoes the create). */
int jf_shim_prepare(struct jf_shim *s, struct jf_error *err);

/* Once it runs, until it ends: returns the shim's exit code. */
int jf_shim_supervise(struct jf_shim *s);

#endif
