/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.json "mounts" and "hooks" (config.md: Mounts, POSIX-platform Hooks).
 */
#include "config_internal.h"

int oci_read_mount(const struct json_reader *r, const struct json_value *v,
		   void *out)
{
	static const char *const required[] = {"destination", NULL};
	struct oci_mount *m = out;

	/* A relative destination is deprecated but allowed (relative to /). */
	if (jr_require(r, v, required) ||
	    jr_string(r, v, "destination", &m->destination) ||
	    jr_string(r, v, "type", &m->type) ||
	    jr_string(r, v, "source", &m->source) ||
	    jr_strings(r, v, "options", &m->options, &m->n_options) ||
	    jr_array(r, v, "uidMappings", oci_read_id_mapping, &m->uid_mappings,
		     &m->n_uid_mappings) ||
	    jr_array(r, v, "gidMappings", oci_read_id_mapping, &m->gid_mappings,
		     &m->n_gid_mappings))
		return -1;
	return 0;
}

static int read_hook(const struct json_reader *r, const struct json_value *v,
		     void *out)
{
	static const char *const required[] = {"path", NULL};
	struct oci_hook *h = out;
	const struct json_value *timeout;

	if (jr_require(r, v, required) || jr_abs_path(r, v, "path", &h->path) ||
	    jr_strings(r, v, "args", &h->args, &h->n_args) ||
	    jr_strings(r, v, "env", &h->env, &h->n_env) ||
	    jr_i32(r, v, "timeout", &h->timeout, &h->has_timeout))
		return -1;
	timeout = jr_get(v, "timeout");
	if (h->has_timeout && h->timeout <= 0)
		return jr_fail(r, timeout, "must be greater than zero");
	return 0;
}

static int read_hook_list(const struct json_reader *r,
			  const struct json_value *v, const char *key,
			  struct oci_hook_list *l)
{
	return jr_array(r, v, key, read_hook, &l->hooks, &l->n_hooks);
}

int oci_read_hooks(const struct json_reader *r, const struct json_value *v,
		   void *out)
{
	struct oci_hooks *h = out;

	if (read_hook_list(r, v, "prestart", &h->prestart) ||
	    read_hook_list(r, v, "createRuntime", &h->create_runtime) ||
	    read_hook_list(r, v, "createContainer", &h->create_container) ||
	    read_hook_list(r, v, "startContainer", &h->start_container) ||
	    read_hook_list(r, v, "poststart", &h->poststart) ||
	    read_hook_list(r, v, "poststop", &h->poststop))
		return -1;
	return 0;
}
