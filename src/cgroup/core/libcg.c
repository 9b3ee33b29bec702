/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libcgroup, initialized on first use: cgroup_init() parses /proc/cgroups
 * and /proc/mounts and clears a ~800 KB table (0.5-1 ms, mostly page
 * faults), so only the paths that create, set or delete pay for it.
 */
#include <errno.h>
#include <libcgroup.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/core/core.h"

static bool lib_ready;

/* libcgroup prints its own errors on stderr; ours carry the field names. */
static void quiet(void *userdata, int level, const char *fmt, va_list ap)
{
}

int cg_lib_init(struct jf_error *err)
{
	int r;

	if (lib_ready)
		return 0;
	cgroup_set_logger(quiet, CGROUP_LOG_ERROR, NULL);
	r = cgroup_init();
	if (r != 0)
		return cg_lib_error(err, r, "libcgroup: cgroup_init");
	lib_ready = true;
	return 0;
}

int cg_lib_error(struct jf_error *err, int code, const char *what)
{
	if (code == ECGOTHER)
		return jf_error_set(err, cgroup_get_last_errno(), "%s", what);
	return jf_error_set(err, 0, "%s: %s", what, cgroup_strerror(code));
}

int cg_lib_create_ctrls(const struct jf_cgroup *cg, const char *const *ctrls,
			size_t n, struct jf_error *err)
{
	struct cgroup *lc;
	int r = 0;

	if (n == 0)
		return 0;
	if (cg_lib_init(err) < 0)
		return -1;
	lc = cgroup_new_cgroup(cg->path);
	if (lc == NULL)
		return jf_error_errno(err, "creating cgroup %s", cg->path);
	for (size_t i = 0; i < n && r == 0; i++)
		if (cgroup_add_controller(lc, ctrls[i]) == NULL)
			r = ECGINVAL;
	if (r == 0)
		r = cgroup_create_cgroup(lc, 1);
	cgroup_free(&lc);
	if (r != 0) {
		char what[4200];

		snprintf(what, sizeof(what), "creating cgroup %s", cg->path);
		return cg_lib_error(err, r, what);
	}
	return 0;
}

int cg_lib_delete(const struct jf_cgroup *cg, int h, struct jf_error *err)
{
	char name[64], what[4200];
	struct cgroup *lc;
	int r;

	if (cg_lib_init(err) < 0)
		return -1;
	lc = cgroup_new_cgroup(cg->path);
	if (lc == NULL)
		return jf_error_errno(err, "removing cgroup %s", cg->path);
	if (cgroup_add_controller(lc, cg_hier_lib_name(&cg->layout->hier[h],
						       name, sizeof(name))) ==
	    NULL)
		r = ECGINVAL;
	else
		r = cgroup_delete_cgroup_ext(lc, CGFLAG_DELETE_EMPTY_ONLY);
	cgroup_free(&lc);
	if (r == ECGNONEMPTY)
		return 1;
	if (r != 0) {
		snprintf(what, sizeof(what), "removing cgroup %s in %s",
			 cg->path, cg->layout->hier[h].mount);
		return cg_lib_error(err, r, what);
	}
	return 0;
}

int cg_lib_set(const struct jf_cgroup *cg, const char *ctrl, const char *file,
	       const char *value)
{
	struct cgroup_controller *c;
	struct cgroup *lc = cgroup_new_cgroup(cg->path);
	int r;

	if (lc == NULL)
		return ECGFAIL;
	c = cgroup_add_controller(lc, ctrl);
	r = c ? cgroup_add_value_string(c, file, value) : ECGINVAL;
	if (r == 0)
		r = cgroup_modify_cgroup(lc);
	cgroup_free(&lc);
	return r;
}
