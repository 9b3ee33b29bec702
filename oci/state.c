/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The OCI state (runtime.md "State") and jfrun's state.json: the same object
 * plus a "jfrun" member with what only jfrun needs.
 */
#include "state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "json_write.h"

#define STATE_DOC "state.json"

/* The spec: pid is REQUIRED when the status is created or running. */
static bool pid_shown(const struct oci_state *s)
{
	return s->pid != 0 ||
	       (s->status != NULL && (strcmp(s->status, "created") == 0 ||
				      strcmp(s->status, "running") == 0));
}

static void write_annotations(struct json_writer *w, const struct oci_state *s)
{
	jw_key(w, "annotations");
	jw_object_open(w);
	for (size_t i = 0; i < s->n_annotations; i++)
		jw_member_string(w, s->annotations[i].key,
				 s->annotations[i].value);
	jw_object_close(w);
}

static void write_exit(struct json_writer *w, const struct oci_state *s)
{
	jw_key(w, "exit");
	jw_object_open(w);
	jw_key(w, "code");
	jw_int(w, s->exit_code);
	jw_key(w, "signal");
	jw_int(w, s->exit_signal);
	jw_member_string(w, "reason", s->exit_reason);
	jw_object_close(w);
}

static void write_internal(struct json_writer *w, const struct oci_state *s)
{
	jw_key(w, "jfrun");
	jw_object_open(w);
	jw_key(w, "pidStartTime");
	jw_uint(w, s->pid_start_time);
	jw_member_string(w, "rootfs", s->rootfs);
	jw_member_string(w, "cgroupPath", s->cgroup_path);
	jw_member_bool(w, "systemdCgroup", s->systemd_cgroup);
	if (s->later_hooks_known) {
		jw_key(w, "laterHooks");
		jw_uint(w, s->later_hooks);
	}
	jw_object_close(w);
}

void oci_state_write(struct json_writer *w, const struct oci_state *s,
		     bool internal)
{
	jw_object_open(w);
	jw_member_string(w, "ociVersion",
			 s->oci_version != NULL ? s->oci_version : OCI_VERSION);
	jw_member_string(w, "id", s->id);
	jw_member_string(w, "status", s->status);
	if (pid_shown(s)) {
		jw_key(w, "pid");
		jw_int(w, s->pid);
	}
	jw_member_string(w, "bundle", s->bundle);
	write_annotations(w, s);
	jw_member_string(w, "created", s->created);
	if (s->has_exit)
		write_exit(w, s);
	if (s->unsupervised && !internal)
		jw_member_bool(w, "unsupervised", true);
	if (s->proc_views_stale && !internal)
		jw_member_string(w, "procViews", "stale");
	if (internal)
		write_internal(w, s);
	jw_object_close(w);
}

int oci_state_to_json(const struct oci_state *s, bool internal, char **ret_buf,
		      size_t *ret_len, struct jf_error *err)
{
	struct json_writer w;

	jw_init(&w, "  ");
	oci_state_write(&w, s, internal);
	if (jw_finish(&w, ret_buf, ret_len, err) < 0)
		return jf_error_wrap(err, "state of %s", s->id ? s->id : "?");
	return 0;
}

static int read_exit(const struct json_reader *r, const struct json_value *v,
		     void *out)
{
	struct oci_state *s = out;
	int32_t code = 0, signal = 0;

	if (jr_i32(r, v, "code", &code, NULL) ||
	    jr_i32(r, v, "signal", &signal, NULL) ||
	    jr_string(r, v, "reason", &s->exit_reason))
		return -1;
	s->exit_code = code;
	s->exit_signal = signal;
	return 0;
}

static int read_internal(const struct json_reader *r,
			 const struct json_value *v, void *out)
{
	struct oci_state *s = out;

	if (jr_u64(r, v, "pidStartTime", &s->pid_start_time, NULL) ||
	    jr_string(r, v, "rootfs", &s->rootfs) ||
	    jr_string(r, v, "cgroupPath", &s->cgroup_path) ||
	    jr_bool(r, v, "systemdCgroup", &s->systemd_cgroup, NULL) ||
	    jr_u32(r, v, "laterHooks", &s->later_hooks, &s->later_hooks_known))
		return -1;
	return 0;
}

static int read_pid(const struct json_reader *r, const struct json_value *v,
		    struct oci_state *s)
{
	const struct json_value *pid = jr_get(v, "pid");
	int64_t n;

	if (pid == NULL)
		return 0;
	if (jr_to_i64(r, pid, 0, INT32_MAX, &n))
		return -1;
	s->pid = (int)n;
	return 0;
}

static int read_state(const struct json_reader *r, const struct json_value *v,
		      void *out)
{
	static const char *const required[] = {"ociVersion", "id", "status",
					       NULL};
	struct oci_state *s = out;

	if (jr_require(r, v, required) ||
	    jr_string(r, v, "ociVersion", &s->oci_version) ||
	    jr_string(r, v, "id", &s->id) ||
	    jr_string(r, v, "status", &s->status) || read_pid(r, v, s) ||
	    jr_string(r, v, "bundle", &s->bundle) ||
	    jr_string_map(r, v, "annotations", &s->annotations,
			  &s->n_annotations) ||
	    jr_string(r, v, "created", &s->created) ||
	    jr_inline(r, v, "exit", read_exit, s, &s->has_exit) ||
	    jr_inline(r, v, "jfrun", read_internal, s, NULL))
		return -1;
	return 0;
}

int oci_state_parse(const char *text, size_t len, struct oci_state **ret,
		    struct jf_error *err)
{
	/* Paths are bytes: a bundle path need not be UTF-8. */
	static const struct json_parse_opts opts = {
	    .doc = STATE_DOC,
	    .validate_utf8 = false,
	};
	struct oci_state *s = NULL;

	if (jr_parse_document(text, len, &opts, sizeof(*s), read_state, &s,
			      err) < 0) {
		oci_state_free(s);
		return -1;
	}
	*ret = s;
	return 0;
}

void oci_state_free(struct oci_state *s)
{
	if (s == NULL)
		return;
	free(s->oci_version);
	free(s->id);
	free(s->status);
	free(s->bundle);
	oci_kv_free(s->annotations, s->n_annotations);
	free(s->created);
	free(s->exit_reason);
	free(s->rootfs);
	free(s->cgroup_path);
	free(s);
}
