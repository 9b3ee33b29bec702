/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `update`: new cgroup limits for a live container, under its lock.  The
 * resources come from a linux.resources JSON file or, as in runc, from the
 * update flags when there is no file (update_flags.h); the cgroup layer
 * applies them and puts the old values back if one fails.
 */
#include "container_internal.h"

#include <fcntl.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "fs_util.h"
#include "log.h"
#include "update_flags.h"

static int from_file(const char *path, struct oci_resources **ret,
		     struct jf_error *err)
{
	const char *name = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
	cleanup_free char *text = NULL;
	size_t len;

	if (jf_read_file_at(AT_FDCWD, name, OCI_CONFIG_MAX_BYTES, &text, &len,
			    err) < 0)
		return jf_error_wrap(err, "update: --resources");
	if (oci_resources_parse(text, len, ret, err) < 0)
		return jf_error_wrap(err, "update: --resources %s", path);
	return 0;
}

static int apply(struct jf_container *c, const struct oci_resources *r,
		 struct jf_error *err)
{
	const char *status = jf_container_status(c);
	struct jf_cgroup *cg = NULL;
	int rc;

	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0)
		return jf_error_set(err, 0,
				    "container \"%s\" is %s: only a live "
				    "container can be updated",
				    c->id, status);
	if (jf_container_cgroup(c, true, &cg, err) < 0)
		return -1;
	rc = jf_cgroup_update(cg, r, err);
	jf_cgroup_free(cg);
	return rc < 0 ? jf_error_wrap(err, "update \"%s\"", c->id) : 0;
}

int jf_container_update(const char *root, const char *id,
			const char *resources_file,
			const struct jf_update_flags *flags,
			struct jf_error *err)
{
	struct oci_resources *r = NULL;
	struct jf_container *c;
	int rc;

	if (resources_file != NULL && jf_update_flags_any(flags))
		jf_log_warning("update: with --resources the other flags are "
			       "ignored (as in runc)");
	if ((resources_file ? from_file(resources_file, &r, err)
			    : jf_update_flags_resources(flags, &r, err)) < 0)
		return -1;
	if (jf_container_open(root, id, true, &c, err) < 0) {
		oci_resources_free(r);
		return -1;
	}
	if (c->state == NULL)
		rc = jf_error_set(err, 0,
				  "container \"%s\" has no state: only a "
				  "live container can be updated",
				  id);
	else
		rc = apply(c, r, err);
	jf_container_close(c);
	oci_resources_free(r);
	return rc;
}
