/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A hierarchy the container was not created in (v1 freezer on pause, a
 * controller first set by `update`): make the cgroup there and move every
 * process of the container in, until a pass finds none left behind (a
 * process forking meanwhile has its child in the old cgroup).
 */
#include <errno.h>
#include <stdlib.h>

#include "cgroup/core/core.h"
#include "cgroup/procs/procs.h"
#include "cleanup.h"

#define MAX_PASSES 100

static bool listed(const pid_t *pids, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* One pass: 1 when some process had to be moved. */
static int move_pass(const struct jf_cgroup *cg, const char *target,
		     struct jf_error *err)
{
	cleanup_free pid_t *all = NULL;
	cleanup_free pid_t *in = NULL;
	size_t n_all, n_in;
	int moved = 0;

	if (jf_cgroup_pids(cg, &all, &n_all, err) < 0 ||
	    cg_read_pids(target, &in, &n_in, err) < 0)
		return -1;
	for (size_t i = 0; i < n_all; i++) {
		if (listed(in, n_in, all[i]))
			continue;
		if (cg_write_pid(target, all[i], err) < 0)
			return -1;
		moved = 1;
	}
	return moved;
}

static int move_all(const struct jf_cgroup *cg, int h, struct jf_error *err)
{
	char target[4200];

	if (cg_file(cg, h, "cgroup.procs", target, sizeof(target)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	for (int pass = 0; pass < MAX_PASSES; pass++) {
		int r = move_pass(cg, target, err);

		if (r <= 0)
			return r;
	}
	return jf_error_set(err, 0,
			    "moving the container's processes to %s: they "
			    "keep forking",
			    cg->layout->hier[h].mount);
}

int cg_join_hier(struct jf_cgroup *cg, int h, const struct cg_plan *p,
		 struct jf_error *err)
{
	struct cg_plan none = {0};
	struct jf_error ignored;
	char **made = NULL;
	size_t n_made = 0;

	if (cg->track < 0)
		return jf_error_set(err, 0, "cgroup %s does not exist",
				    cg->path);
	if (cg_dir_exists(cg, h)) {
		cg->hiers |= 1u << h;
		return 0;
	}
	if (cg_create_dirs(cg, p ? p : &none, 1u << h, &made, &n_made, err) <
		0 ||
	    move_all(cg, h, err) < 0) {
		cg_lib_delete(cg, h, &ignored);
		cg_remove_made(made, n_made, true);
		return -1;
	}
	cg_remove_made(made, n_made, false);
	cg->hiers |= 1u << h;
	return 0;
}
