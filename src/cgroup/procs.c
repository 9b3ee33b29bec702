/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The container's processes: listing and signalling them. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/internal.h"
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

static int signal_all(const struct jf_cgroup *cg, int sig, struct jf_error *err)
{
	cleanup_free pid_t *pids = NULL;
	size_t n;

	if (jf_cgroup_pids(cg, &pids, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (kill(pids[i], sig) < 0 && errno != ESRCH)
			return jf_error_errno(err, "signalling process %d",
					      (int)pids[i]);
	return 0;
}

/* Written directly: it is a one-shot action, not a value to set. */
static int write_cgroup_kill(const struct jf_cgroup *cg, struct jf_error *err)
{
	char path[4200];

	if (cg_file(cg, cg->track, "cgroup.kill", path, sizeof(path)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	return cg_write(path, "1", err);
}

int jf_cgroup_kill_all(struct jf_cgroup *cg, int sig,
		       struct jf_error *err)
{
	struct jf_error ignored;
	int r;

	if (cg->track < 0)
		return 0;
	if (sig != SIGKILL)
		return signal_all(cg, sig, err);
	if (cg->layout->hier[cg->track].v2 &&
	    write_cgroup_kill(cg, &ignored) == 0)
		return 0; /* the kernel kills them all, forks included */
	if (cg_freezer_hier(cg) < 0)
		return signal_all(cg, sig, err);
	/* Frozen, no process can fork a new one we would miss; without a
	 * freezer, signal what is there. */
	if (jf_cgroup_freeze(cg, true, &ignored) < 0)
		return signal_all(cg, sig, err);
	r = signal_all(cg, sig, err);
	if (jf_cgroup_freeze(cg, false, r < 0 ? &ignored : err) < 0)
		return -1;
	return r;
}
