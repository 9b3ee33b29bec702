/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How many processes the OOM killer took in the container's memory cgroup
 * so far: v2 memory.events oom_kill, v1 memory.oom_control oom_kill (4.13+).
 * The shim compares it at the start and at the end of the container's life
 * to tell an OOM kill from any other SIGKILL.
 */
#include <stdlib.h>

#include "cgroup/stats/stats.h"

uint64_t jf_cgroup_oom_kills(const struct jf_cgroup *cg)
{
	int h = cg != NULL ? cg_stats_hier(cg, "memory") : -1;
	char *text;
	uint64_t n;

	if (h < 0)
		return 0;
	text = cg_stats_text(cg, h,
			     cg->layout->hier[h].v2 ? "memory.events"
						    : "memory.oom_control");
	n = cg_stats_kv(text, "oom_kill");
	free(text);
	return n;
}
