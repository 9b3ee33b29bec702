/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src/cgroup/procs/: the container's processes in its cgroup: listing and
 * moving them (pids.c), entering (enter.c), joining a hierarchy after the
 * fact (join.c), freezing (freeze.c), signalling them all (kill.c).
 */
#ifndef JF_CGROUP_PROCS_H
#define JF_CGROUP_PROCS_H

#include "cgroup/core/core.h"

/* ---- pids.c ---- */

/* Pids listed in one cgroup.procs file. */
int cg_read_pids(const char *procs_file, pid_t **ret, size_t *ret_n,
		 struct jf_error *err);
int cg_write_pid(const char *procs_file, pid_t pid, struct jf_error *err);

/* ---- join.c ---- */

/* Create the cgroup in hierarchy h after the fact and move every process of
 * the container in (lazy freezer, `update` of a new controller); p (may be
 * NULL) names the v2 controllers to enable.  Adds h to cg->hiers. */
int cg_join_hier(struct jf_cgroup *cg, int h, const struct cg_plan *p,
		 struct jf_error *err);

/* ---- freeze.c ---- */

/* Where pause works: v1 freezer hierarchy, v2 the cgroup itself; or -1. */
int cg_freezer_hier(const struct jf_cgroup *cg);

#endif
