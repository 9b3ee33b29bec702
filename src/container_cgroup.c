/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The container's cgroup found again from its state, and what `ps` reads
 * through it. */
#include "container_internal.h"

#include "cgroup/cgroup.h"

int jf_container_cgroup(const struct jf_container *c, bool required,
			struct jf_cgroup **ret, struct jf_error *err)
{
	*ret = NULL;
	if (c->state == NULL || c->state->cgroup_path == NULL)
		return required ? jf_error_set(err, 0,
					       "container \"%s\" has no cgroup",
					       c->id)
				: 0;
	return jf_cgroup_open(c->state->cgroup_path, c->state->systemd_cgroup,
			      ret, err);
}

int jf_container_pids(const char *root, const char *id, pid_t **ret,
		      size_t *ret_n, struct jf_error *err)
{
	struct jf_cgroup *cg = NULL;
	struct jf_container *c;
	int r;

	*ret = NULL;
	*ret_n = 0;
	if (jf_container_open(root, id, false, &c, err) < 0)
		return -1;
	r = jf_container_cgroup(c, false, &cg, err);
	if (r == 0 && cg != NULL)
		r = jf_cgroup_pids(cg, ret, ret_n, err);
	jf_cgroup_free(cg);
	jf_container_close(c);
	return r;
}
