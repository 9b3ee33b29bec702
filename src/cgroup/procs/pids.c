/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The processes in a cgroup.procs file: listing them, moving one in. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/core/core.h"
#include "cgroup/procs/procs.h"
#include "cleanup.h"

int cg_read_pids(const char *procs_file, pid_t **ret, size_t *ret_n,
		 struct jf_error *err)
{
	cleanup_free char *text = NULL;
	pid_t *pids = NULL;
	size_t n = 0, cap = 0;
	char *save = NULL;

	if (cg_read_alloc(procs_file, &text, err) < 0)
		return -1;
	for (char *w = strtok_r(text, "\n", &save); w != NULL;
	     w = strtok_r(NULL, "\n", &save)) {
		if (n == cap) {
			pid_t *bigger;

			cap = cap ? cap * 2 : 16;
			bigger = realloc(pids, cap * sizeof(*pids));
			if (bigger == NULL) {
				free(pids);
				return jf_error_errno(err, "%s", procs_file);
			}
			pids = bigger;
		}
		pids[n++] = (pid_t)strtol(w, NULL, 10);
	}
	*ret = pids;
	*ret_n = n;
	return 0;
}

int cg_write_pid(const char *procs_file, pid_t pid, struct jf_error *err)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%d", (int)pid);
	if (cg_write(procs_file, buf, err) < 0) {
		if (err != NULL && err->errnum == ESRCH)
			return 0; /* gone meanwhile */
		return -1;
	}
	return 0;
}

int jf_cgroup_pids(const struct jf_cgroup *cg, pid_t **ret, size_t *ret_n,
		   struct jf_error *err)
{
	char procs[4200];

	*ret = NULL;
	*ret_n = 0;
	if (cg->track < 0)
		return 0;
	if (cg_file(cg, cg->track, "cgroup.procs", procs, sizeof(procs)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	return cg_read_pids(procs, ret, ret_n, err);
}
