/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container state: the OCI state JSON printed by `jfrun state` and the
 * state.json kept in <root>/<id>/ (the same object plus internal fields).
 */
#ifndef JF_OCI_STATE_H
#define JF_OCI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

#define OCI_VERSION "1.3.0"

struct oci_state {
	char *oci_version;
	char *id;
	char *status; /* "creating" "created" "running" "paused" "stopped" */
	int pid;      /* 0 when there is none */
	char *bundle; /* absolute */
	struct oci_kv *annotations;
	size_t n_annotations;
	char *created; /* RFC 3339 with nanoseconds, UTC */

	/* Set once a supervised container has stopped. */
	bool has_exit;
	int exit_code;
	int exit_signal;
	char *exit_reason; /* "exited" "signaled" "stopped" "rss-hard-limit" "oom" */
	/* Shown, never saved: it runs, but the shim that ran it is gone. */
	bool unsupervised;
	bool proc_views_stale; /* out only: "procViews": "stale" */

	/* Internal: only in state.json, never in `jfrun state` output. */
	uint64_t pid_start_time; /* /proc/<pid>/stat field 22: detects pid reuse */
	char *rootfs;            /* absolute path of the rootfs */
	char *cgroup_path;       /* the container's cgroup, relative to each hierarchy */
	bool systemd_cgroup;
	/* Which of the runtime's later hooks the config has, so that start
	 * and delete read config.json only when they have some to run.
	 * Unknown (a state written without it): read it. */
	bool later_hooks_known;
	uint32_t later_hooks; /* OCI_STATE_HOOK_* */
};

#define OCI_STATE_HOOK_POSTSTART 1u
#define OCI_STATE_HOOK_POSTSTOP  2u

/*
 * Serialize.  internal=false gives the `jfrun state` object (ociVersion, id,
 * status, pid, bundle, annotations, created, exit); internal=true adds the
 * internal fields.  *ret_buf is malloc'd and NUL-terminated.
 */
int oci_state_to_json(const struct oci_state *s, bool internal,
		      char **ret_buf, size_t *ret_len, struct jf_error *err);
/* The same object as one value of w (oci/json_write.h): `list`. */
struct json_writer;
void oci_state_write(struct json_writer *w, const struct oci_state *s,
		     bool internal);

/* Parse what oci_state_to_json(internal=true) wrote. */
int oci_state_parse(const char *text, size_t len, struct oci_state **ret,
		    struct jf_error *err);

void oci_state_free(struct oci_state *s);

#endif
