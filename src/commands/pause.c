/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `pause ID` and `resume ID`: freeze or thaw every process of the container
 * through its cgroup, and record the status in state.json, under the
 * container's lock.  As runc, a created container can be paused too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "commands/commands.h"
#include "container.h"

static int parse(int argc, char **argv, const char *cmd, const char **ret_id,
		 struct jf_error *err)
{
	if (getopt(argc, argv, "+") != -1)
		return jf_error_set(err, 0, "%s: bad option", cmd);
	if (jf_take_id(argc, argv, cmd, ret_id, err) < 0)
		return -1;
	if (optind < argc)
		return jf_error_set(err, 0, "%s: unexpected argument \"%s\"",
				    cmd, argv[optind]);
	return 0;
}

static int open_cgroup(const struct jf_container *c, struct jf_cgroup **ret,
		       struct jf_error *err)
{
	if (c->state->cgroup_path == NULL)
		return jf_error_set(err, 0, "container \"%s\" has no cgroup",
				    c->id);
	return jf_cgroup_open(c->state->cgroup_path, c->state->systemd_cgroup,
			      ret, err);
}

static int save_status(struct jf_container *c, const char *status,
		       struct jf_error *err)
{
	char *copy = strdup(status);

	if (copy == NULL)
		return jf_error_errno(err, "container \"%s\"", c->id);
	free(c->state->status);
	c->state->status = copy;
	return jf_container_save(c, err);
}

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
	if (open_cgroup(c, &cg, err) < 0)
		return -1;
	r = jf_cgroup_freeze(cg, true, err);
	/* Never leave it frozen with a state that says otherwise. */
	if (r == 0 && (r = save_status(c, "paused", err)) < 0)
		jf_cgroup_freeze(cg, false, &ignored);
	jf_cgroup_free(cg);
	return r;
}

/* Back to what it was before the pause: created until `start` ran. */
static const char *unpaused_status(const struct jf_container *c)
{
	struct stat st;

	return fstatat(c->dirfd, JF_EXEC_FIFO, &st, 0) == 0 ? "created"
							    : "running";
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
	if (open_cgroup(c, &cg, err) < 0)
		return -1;
	/* A pause interrupted between freezing and saving the state leaves
	 * a frozen container that says "running": resume thaws that too. */
	r = jf_cgroup_is_frozen(cg, &frozen, err);
	if (r == 0 && strcmp(status, "paused") != 0 && !frozen)
		r = jf_error_set(err, 0, "container \"%s\" is %s: not paused",
				 c->id, status);
	if (r == 0)
		r = jf_cgroup_freeze(cg, false, err);
	if (r == 0)
		r = save_status(c, unpaused_status(c), err);
	jf_cgroup_free(cg);
	return r;
}

static int run(int argc, char **argv, const struct jf_globals *g, bool pause,
	       struct jf_error *err)
{
	const char *cmd = pause ? "pause" : "resume";
	struct jf_container *c;
	const char *id;
	int r;

	if (parse(argc, argv, cmd, &id, err) < 0 ||
	    jf_container_open(g->root, id, true, &c, err) < 0)
		return -1;
	if (c->state == NULL)
		r = jf_error_set(
		    err, 0, "container \"%s\" has no state: not running", id);
	else
		r = pause ? pause_locked(c, err) : resume_locked(c, err);
	jf_container_close(c);
	return r;
}

int jf_cmd_pause(int argc, char **argv, const struct jf_globals *g,
		 struct jf_error *err)
{
	return run(argc, argv, g, true, err);
}

int jf_cmd_resume(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	return run(argc, argv, g, false, err);
}
