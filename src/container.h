/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The container lifecycle seen from the runtime: create, start, kill,
 * delete, and the status derived from the state dir and /proc. */
#ifndef JF_CONTAINER_H
#define JF_CONTAINER_H

#include <stdbool.h>
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

/* Foreground run: let the init exec (state -> running), wait until it has,
 * then poststart hooks.  tty_master: the pty of a terminal the caller
 * proxies, or -1; what it says meanwhile is copied to stdout. */
int jf_container_start_foreground(struct jf_created *cr, int tty_master,
				  struct jf_error *err);

/* `start`: open the fifo so the init execs, wait until it has (or report
 * why it could not), then poststart hooks. */
int jf_container_start(struct jf_container *c, struct jf_error *err);

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

/* The OCI status: "creating" "created" "running" "paused" "stopped". */
const char *jf_container_status(const struct jf_container *c);

/* Signal the init (or, all=true, every process of the container). */
int jf_container_kill(struct jf_container *c, int sig, bool all,
		      struct jf_error *err);

/* Remove everything: processes (force), cgroup, poststop hooks, state dir. */
int jf_container_delete(struct jf_container *c, bool force, struct jf_error *err);

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
