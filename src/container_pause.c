/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pause and resume: freeze or thaw every process of the container through
 * its cgroup, and record the status in state.json, under the container's
 * lock.  As runc, a created container can be paused too.
 */
#include "container_internal.h"

#include <string.h>

#include "cgroup/cgroup.h"

static int pause_locked(struct jf_container *c, struct jf_error *err)
{
	const char *status = jf_container_status(c);
	struct jf_cgroup *cg = NULL;
	struct jf_error ignored;
	int r;

	if (strcmp(status, "running") != 0 && strcmp(status, "created") != 0)
		return jf_error_set(err, 0,
				    "container \"%s\" is %s: only a running "
				    "container can be paused",
				    c->id, status);
	if (jf_container_cgroup(c, true, &cg, err) < 0)
		return -1;
	r = jf_cgroup_freeze(cg, true, err);
	/* Never leave it frozen with a state that says otherwise. */
	if (r == 0 && (r = jf_container_set_status(c, "paused", err)) < 0)
		jf_cgroup_freeze(cg, false, &ignored);
	jf_cgroup_free(cg);
	return r;
}

static int resume_locked(struct jf_container *c, struct jf_error *err)
{
	const char *status = jf_container_status(c);
	struct jf_cgroup *cg = NULL;
	bool frozen = false;
	int r;

	if (strcmp(status, "paused") != 0 && strcmp(status, "running") != 0 &&
	    strcmp(status, "created") != 0)
		return jf_error_set(err, 0,
				    "container \"%s\" is %s: not paused", c->id,
				    status);
	if (jf_container_cgroup(c, true, &cg, err) < 0)
		return -1;
	/* A pause interrupted between freezing and saving the state leaves
	 * a frozen container that says "running": resume thaws that too. */
	r = jf_cgroup_is_frozen(cg, &frozen, err);
	if (r == 0 && strcmp(status, "paused") != 0 && !frozen)
		r = jf_error_set(err, 0, "container \"%s\" is %s: not paused",
				 c->id, status);
	if (r == 0)
		r = jf_cgroup_freeze(cg, false, err);
	/* Back to what it was before the pause: created until `start` ran. */
	if (r == 0)
		r = jf_container_set_status(
		    c, jf_container_awaits_start(c) ? "created" : "running",
		    err);
	jf_cgroup_free(cg);
	return r;
}

static int with_lock(const char *root, const char *id,
		     int (*fn)(struct jf_container *, struct jf_error *),
		     struct jf_error *err)
{
	struct jf_container *c;
	int r;

	if (jf_container_open(root, id, true, &c, err) < 0)
		return -1;
	if (c->state == NULL)
		r = jf_error_set(
		    err, 0, "container \"%s\" has no state: not running", id);
	else
		r = fn(c, err);
	jf_container_close(c);
	return r;
}

int jf_container_pause(const char *root, const char *id, struct jf_error *err)
{
	return with_lock(root, id, pause_locked, err);
}

int jf_container_resume(const char *root, const char *id, struct jf_error *err)
{
	return with_lock(root, id, resume_locked, err);
}
