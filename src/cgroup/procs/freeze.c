/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pause and resume: v1 freezer.state, v2 cgroup.freeze, set through
 * libcgroup; then wait until the kernel reports the new state.  On v1 the
 * freezer cgroup is made when first needed: most configs do not need it,
 * and a hierarchy fewer at create is a mkdir and a `tasks` write less.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "cgroup/core/core.h"
#include "cgroup/procs/procs.h"

#define WAIT_MS 5000

int cg_freezer_hier(const struct jf_cgroup *cg)
{
	if (cg->track >= 0 && cg->layout->hier[cg->track].v2)
		return cg->track;
	return cg_layout_find(cg->layout, "freezer");
}

static bool is_v2(const struct jf_cgroup *cg, int h)
{
	return cg->layout->hier[h].v2;
}

/* v1: "FROZEN\n"; v2: the "frozen 0|1" line of cgroup.events. */
static int read_frozen(const struct jf_cgroup *cg, int h, bool *ret,
		       struct jf_error *err)
{
	char path[4200], buf[512];

	if (cg_file(cg, h, is_v2(cg, h) ? "cgroup.events" : "freezer.state",
		    path, sizeof(path)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	if (cg_read(path, buf, sizeof(buf), err) < 0)
		return -1;
	if (is_v2(cg, h))
		*ret = strstr(buf, "frozen 1") != NULL;
	else
		*ret = strncmp(buf, "FROZEN", 6) == 0;
	return 0;
}

static bool thawed(const struct jf_cgroup *cg, int h)
{
	char path[4200], buf[64];

	if (is_v2(cg, h)) {
		bool frozen = true;

		return read_frozen(cg, h, &frozen, NULL) == 0 && !frozen;
	}
	return cg_file(cg, h, "freezer.state", path, sizeof(path)) == 0 &&
	       cg_read(path, buf, sizeof(buf), NULL) > 0 &&
	       strncmp(buf, "THAWED", 6) == 0;
}

static int set_state(const struct jf_cgroup *cg, int h, bool frozen,
		     struct jf_error *err)
{
	int r;

	if (cg_lib_init(err) < 0)
		return -1;
	if (is_v2(cg, h))
		r = cg_lib_set(cg, "cgroup", "cgroup.freeze",
			       frozen ? "1" : "0");
	else
		r = cg_lib_set(cg, "freezer", "freezer.state",
			       frozen ? "FROZEN" : "THAWED");
	if (r != 0)
		return cg_lib_error(err, r,
				    frozen ? "freezing the container"
					   : "thawing the container");
	return 0;
}

static int wait_state(const struct jf_cgroup *cg, int h, bool frozen,
		      struct jf_error *err)
{
	struct timespec pause = {0, 200 * 1000};

	for (int waited_us = 0; waited_us < WAIT_MS * 1000; waited_us += 200) {
		bool now = false;

		if (frozen && read_frozen(cg, h, &now, err) < 0)
			return -1;
		if (frozen ? now : thawed(cg, h))
			return 0;
		nanosleep(&pause, NULL);
	}
	return jf_error_set(err, 0,
			    "%s the container: not done after "
			    "%d ms",
			    frozen ? "freezing" : "thawing", WAIT_MS);
}

int jf_cgroup_freeze(struct jf_cgroup *cg, bool frozen, struct jf_error *err)
{
	struct jf_error ignored;
	int h = cg_freezer_hier(cg);

	if (h < 0)
		return jf_error_set(err, 0,
				    "pausing needs the freezer cgroup, which "
				    "this host does not have");
	if (!cg_dir_exists(cg, h)) {
		if (!frozen)
			return 0; /* never frozen */
		if (cg_join_hier(cg, h, NULL, err) < 0)
			return -1;
	}
	if (set_state(cg, h, frozen, err) < 0)
		return -1;
	if (wait_state(cg, h, frozen, err) == 0)
		return 0;
	/* A process stuck in the kernel: do not leave the rest half frozen. */
	if (frozen)
		set_state(cg, h, false, &ignored);
	return -1;
}

int jf_cgroup_is_frozen(const struct jf_cgroup *cg, bool *ret,
			struct jf_error *err)
{
	int h = cg_freezer_hier(cg);

	*ret = false;
	if (h < 0 || !cg_dir_exists(cg, h))
		return 0;
	return read_frozen(cg, h, ret, err);
}
