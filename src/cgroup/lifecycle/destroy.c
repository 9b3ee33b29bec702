/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Removing the container's cgroup: kill what is left, wait until the
 * cgroup is empty, remove sub-cgroups the container made, then the cgroup
 * itself in every hierarchy, retrying while the kernel still says busy
 * (exiting processes leave it a little later): a cgroup2 directory through
 * libcgroup, which made it, a v1 one with the rmdir that undoes its mkdir
 * (core/dirs.c).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cleanup.h"
#include "systemd/scope.h"

#define WAIT_EMPTY_MS  2000
#define RMDIR_TRIES    100
#define RMDIR_PAUSE_MS 10

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

static int count_pids(const struct jf_cgroup *cg, size_t *n)
{
	cleanup_free pid_t *pids = NULL;
	struct jf_error ignored;

	*n = 0;
	return jf_cgroup_pids(cg, &pids, n, &ignored);
}

static int kill_remaining(struct jf_cgroup *cg, struct jf_error *err)
{
	size_t n = 0;

	if (cg->track < 0 || count_pids(cg, &n) < 0 || n == 0)
		return 0;
	if (jf_cgroup_kill_all(cg, SIGKILL, err) < 0)
		return -1;
	for (int ms = 0; ms < WAIT_EMPTY_MS; ms++) {
		if (count_pids(cg, &n) < 0 || n == 0)
			return 0;
		sleep_ms(1);
	}
	return 0; /* rmdir below reports what is still there */
}

/* Sub-cgroups made inside the container (nested runtimes, systemd):
 * libcgroup's recursive delete would move their processes to the parent,
 * we only want the empty directories gone. */
static void remove_children(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char sub[4200];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		remove_children(sub);
		rmdir(sub);
	}
	closedir(d);
}

static int remove_in(const struct jf_cgroup *cg, int h, bool by_lib,
		     struct jf_error *err)
{
	char dir[4096];

	if (cg_dir(cg, h, dir, sizeof(dir)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	remove_children(dir);
	for (int i = 0; i < RMDIR_TRIES; i++) {
		int r;

		if (by_lib) {
			r = cg_lib_delete(cg, h, err);
		} else {
			/* A v1 leaf (core/dirs.c), or a cgroup2 mount without
			 * controllers, where libcgroup cannot start. */
			r = rmdir(dir) == 0 || errno == ENOENT ? 0 : 1;
			if (r && errno != EBUSY)
				return jf_error_errno(err, "removing %s", dir);
		}
		if (r <= 0)
			return r;
		sleep_ms(RMDIR_PAUSE_MS);
	}
	return jf_error_set(err, 0, "removing cgroup %s: still busy", dir);
}

/* A scope started through systemd (--systemd-cgroup where it runs) is
 * stopped through it: systemd then forgets the unit and removes its
 * cgroup; what is left is removed below as usual. */
static void stop_scope(const struct jf_cgroup *cg)
{
	char unit[256], slice[256];
	struct jf_error err = {0};

	if (!cg->systemd ||
	    !jf_systemd_scope_of(cg->path, unit, sizeof(unit), slice,
				 sizeof(slice)) ||
	    !jf_systemd_available())
		return;
	if (jf_systemd_stop_unit(unit, &err) < 0)
		cg_warn("%s", err.msg);
}

/* Usually the container's processes are gone by now (delete waited for
 * the init): a v1 tracking directory that goes at the first rmdir had
 * neither processes nor sub-cgroups, and nothing needs killing. */
static bool track_removed_at_once(const struct jf_cgroup *cg)
{
	char dir[4096];

	return cg->track >= 0 && !cg->layout->hier[cg->track].v2 &&
	       cg_dir(cg, cg->track, dir, sizeof(dir)) == 0 && rmdir(dir) == 0;
}

/* cg->hiers are the hierarchies it is in: as made by this process, or as
 * found by jf_cgroup_open under the container's lock (pause and update,
 * which may add some, take that lock too). */
int jf_cgroup_destroy(struct jf_cgroup *cg, struct jf_error *err)
{
	struct jf_error tmp;
	unsigned hiers;
	bool by_lib, track_gone;
	int ret = 0;

	if (cg == NULL)
		return 0;
	/* Not a systemd scope: its processes die before systemd stops it. */
	track_gone = !cg->systemd && track_removed_at_once(cg);
	if (!track_gone && kill_remaining(cg, err) < 0)
		ret = -1;
	stop_scope(cg);
	/* After the kill, which may have joined the freezer. */
	hiers = cg->hiers & ~(track_gone ? 1u << cg->track : 0u);
	for (size_t h = 0; h < cg->layout->n; h++) {
		/* systemd may have made a scope's cgroup in more. */
		if (!(hiers & (1u << h)) &&
		    !(cg->systemd && cg_dir_exists(cg, (int)h)))
			continue;
		by_lib = cg->layout->hier[h].v2 && cg_lib_init(&tmp) == 0;
		if (remove_in(cg, (int)h, by_lib, ret < 0 ? &tmp : err) < 0)
			ret = -1;
	}
	return ret;
}
