/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Signalling every process of the container, none escaping by forking. */
#include <errno.h>
#include <signal.h>

#include "cgroup/core/core.h"
#include "cgroup/procs/procs.h"
#include "cleanup.h"

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

int jf_cgroup_kill_all(struct jf_cgroup *cg, int sig, struct jf_error *err)
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
