/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container layer, what the commands call: one file per operation.
 *   container_create.c  create (the runtime's half; the init's half is
 *                       container_init.c)
 *   container_start.c   start: the exec fifo, poststart hooks
 *   container_run.c     run in the foreground (jfrun the init's parent)
 *   container_kill.c, container_delete.c, container_pause.c,
 *   container_update.c, container_events.c, container_exec.c
 *   container_shim.c    run -d and the sidecar: the container under a shim
 *   container_state.c   the OCI status, the state JSON, the saved config
 *   container_cgroup.c  the container's cgroup found from its state, its pids
 */
#ifndef JF_CONTAINER_H
#define JF_CONTAINER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"
#include "state_dir.h"

struct jf_create_opts {
	const char *root;
	const char *id;
	const char *bundle;
	const char *pid_file;
	const char *console_socket;
	/* Instead of console_socket: a connected socket of the caller's
	 * (foreground `run` with a terminal proxies the pty itself); -1 if
	 * none.  Ownership stays with the caller. */
	int console_sock_fd;
	bool no_pivot;
	bool no_new_keyring;
	bool systemd_cgroup;
	int preserve_fds;
	/* `run` in the foreground: no exec fifo, the init waits for a START
	 * message and stays our child; ret_* below are filled. */
	bool foreground;
};

struct jf_created {
	struct jf_container *container; /* locked */
	struct oci_config *config;
	pid_t pid;
	int sync_fd;
	bool exec_after_ready; /* the init does not wait for a start message */
	/* A foreground run's copy of the runtime binary's sealing mount
	 * (jf_init_ctx.exe_tree_fd), for the caller to close once the
	 * process runs; -1 otherwise. */
	int exe_tree_fd;
};

int jf_container_create(const struct jf_create_opts *o, struct jf_created *ret,
			struct jf_error *err);

/* container_start.c.  Foreground run: let the init exec (state ->
 * running), wait until it has, then poststart hooks.  tty_master: the pty
 * of a terminal the caller proxies, or -1; what it says meanwhile is
 * copied to stdout. */
int jf_container_start_foreground(struct jf_created *cr, int tty_master,
				  struct jf_error *err);

/* `start`: open the fifo so the init execs, wait until it has (or report
 * why it could not), then poststart hooks. */
int jf_container_start(struct jf_container *c, struct jf_error *err);

/* container_run.c: `run` in the foreground: create, start, be the init's
 * parent (supervise.h) until it exits, delete.  Returns its exit code
 * (128+n for signal n). */
int jf_container_run(const struct jf_create_opts *o, struct jf_error *err);

/* `run -d`: the container under a shim of its own (container_shim.c);
 * returns once its process runs. */
int jf_container_run_detached(const struct jf_create_opts *o,
			      struct jf_error *err);

/* After create in managed mode: the sidecar (shim/sidecar.h) when the
 * container asks for a jfrun feature by annotation; else nothing. */
int jf_container_sidecar(const struct jf_created *cr, struct jf_error *err);

/* Until the container is stopped (and its shim, if any, has recorded its
 * end), or timeout_ms passes (-1: no limit).  0 when stopped, 1 on
 * timeout, -1 when the container is gone (deleted). */
int jf_container_wait_stopped(const char *root, const char *id, int timeout_ms);

/* container_state.c.  The OCI status: "creating" "created" "running"
 * "paused" "stopped". */
const char *jf_container_status(const struct jf_container *c);

/* container_kill.c: signal the init (or, all=true, every process of the
 * container). */
int jf_container_kill(struct jf_container *c, int sig, bool all,
		      struct jf_error *err);
/* `kill ID`: the same under the container's lock; a signal that ends the
 * process first records "stopped" as the reason for its shim. */
int jf_container_kill_by_id(const char *root, const char *id, int sig, bool all,
			    struct jf_error *err);

/* container_delete.c: remove everything: processes (force), cgroup,
 * poststop hooks, state dir. */
int jf_container_delete(struct jf_container *c, bool force, struct jf_error *err);
/* `delete ID`: the same under the lock.  force: also the leftovers of
 * creates killed before publishing, no error when there is no such
 * container, and "stopped" recorded as the reason for its shim. */
int jf_container_delete_by_id(const char *root, const char *id, bool force,
			      struct jf_error *err);

/* container_pause.c: freeze (thaw) every process of the container and
 * record "paused" (what it was before) in its state, under its lock. */
int jf_container_pause(const char *root, const char *id, struct jf_error *err);
int jf_container_resume(const char *root, const char *id, struct jf_error *err);

/* container_update.c: new cgroup limits for a live container, from a
 * linux.resources JSON file (resources_file; "-" is stdin) or, without
 * one, from runc's update flags (update_flags.h). */
struct jf_update_flags;
int jf_container_update(const char *root, const char *id,
			const char *resources_file,
			const struct jf_update_flags *flags,
			struct jf_error *err);

/* container_events.c: runc's event stream on `out`, one JSON object a
 * line: stats every interval_ns, an "oom" event for each OOM of the
 * container's memory cgroup, until the init exits; stats_once: one stats
 * event, then return. */
struct jf_events_opts {
	uint64_t interval_ns;
	bool stats_once;
	FILE *out;
};
int jf_container_events(const char *root, const char *id,
			const struct jf_events_opts *o, struct jf_error *err);

/* container_cgroup.c: the pids of every process in the container's cgroup
 * (none when it has no cgroup); *ret malloc'd. */
int jf_container_pids(const char *root, const char *id, pid_t **ret,
		      size_t *ret_n, struct jf_error *err);

/* The state JSON handed to hooks and printed by state/list (status
 * overridable); without a state.json (an interrupted delete), the id and
 * status alone.  _write: as one value of w (oci/json_write.h). */
int jf_container_state_json(const struct jf_container *c, const char *status,
			    char **ret, size_t *ret_len, struct jf_error *err);
struct json_writer;
void jf_container_state_write(const struct jf_container *c, const char *status,
			      struct json_writer *w);

/* Read the config copy saved at create. */
int jf_container_load_config(const struct jf_container *c,
			     struct oci_config **ret, struct jf_error *err);

#endif
