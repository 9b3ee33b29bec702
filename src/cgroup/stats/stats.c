/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `events --stats`: the "data" object of runc's stats event (types/events.go
 * in runc): cpu, memory, pids, blkio, hugetlb.  Only what is measured: the
 * section of a controller the container is not in is left out (runc
 * reports zeros there, which read as a container that uses nothing).
 */
#include "cgroup/stats/stats.h"

void jf_cgroup_stats_write(const struct jf_cgroup *cg, struct json_writer *w)
{
	jw_object_open(w);
	if (cg->layout->mode == CG_MODE_V2)
		cg_stats_v2(w, cg);
	else
		cg_stats_v1(w, cg);
	jw_object_close(w);
}

int jf_cgroup_stats_json(const struct jf_cgroup *cg, char **ret_json,
			 struct jf_error *err)
{
	struct json_writer w;
	size_t len;

	jw_init(&w, NULL);
	jf_cgroup_stats_write(cg, &w);
	if (jw_finish(&w, ret_json, &len, err) < 0)
		return jf_error_wrap(err, "cgroup stats");
	(*ret_json)[len - 1] = '\0'; /* the object alone */
	return 0;
}
