/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jf_cgroup_create: plan first (every value is checked before anything
 * exists), then directories, values, the v2 device filter, and the files
 * the child will write "0" to.  Any failure removes what was made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cgroup/devices/devices.h"
#include "cgroup/resources/resources.h"
#include "cleanup.h"

struct creation {
	struct jf_cgroup *cg;
	struct cg_plan plan;
	struct cg_dev_rule *rules;
	size_t n_rules;
	char **made;
	size_t n_made;
};

static void creation_undo(struct creation *c)
{
	struct jf_error ignored;

	/* hiers is set once the cgroup is known to be ours. */
	if (c->cg != NULL && c->cg->hiers != 0)
		jf_cgroup_destroy(c->cg, &ignored);
	cg_remove_made(c->made, c->n_made, true);
	jf_cgroup_free(c->cg);
	cg_plan_free(&c->plan);
	free(c->rules);
}

/* v1: the hierarchy that lists the processes is the devices one. */
static int track_hierarchy(const struct cg_layout *l)
{
	int h;

	if (l->mode == CG_MODE_V2)
		return l->unified;
	h = cg_layout_find(l, "devices");
	if (h < 0)
		h = cg_layout_find(l, "name=systemd");
	for (size_t i = 0; h < 0 && i < l->n; i++)
		if (!l->hier[i].v2)
			h = (int)i;
	return h;
}

static void add_managed_hierarchies(struct creation *c,
				    const struct oci_config *config);

static int build_plan(struct creation *c, const struct oci_config *config,
		      struct jf_error *err)
{
	const struct oci_resources *r =
	    config->linux_ ? config->linux_->resources : NULL;
	const struct cg_layout *l = c->cg->layout;
	struct cg_build b = {l, &c->plan, NULL};
	int track = track_hierarchy(l);

	if (cg_dev_rules(r ? r->devices : NULL, r ? r->n_devices : 0, &c->rules,
			 &c->n_rules, err) < 0 ||
	    cg_build_resources(&b, r, err) < 0)
		return -1;
	if (l->mode != CG_MODE_V2 && cg_layout_find(l, "devices") < 0)
		cg_warn("linux.resources.devices: no devices cgroup on this "
			"host; device rules are not enforced");
	else if (l->mode != CG_MODE_V2 &&
		 cg_v1_devices(&b, c->rules, c->n_rules, err) < 0)
		return -1;
	if (track < 0)
		return jf_error_set(err, 0, "no usable cgroup hierarchy");
	c->plan.need |= 1u << track;
	add_managed_hierarchies(c, config);
	return 0;
}

/* A config that names its cgroupsPath comes from a manager (podman,
 * containerd) that reads the container's cgroups itself (stats, OOM
 * watch): on v1 make them in the usual hierarchies even without limits.
 * A config without it (jfrun run, the benchmarks) gets only what it uses. */
static void add_managed_hierarchies(struct creation *c,
				    const struct oci_config *config)
{
	static const char *const usual[] = {"memory", "cpu", "cpuacct", "pids",
					    "blkio"};
	const struct cg_layout *l = c->cg->layout;

	const char *views = oci_annotation(config, "org.jfrun.proc.virtualize");

	/* The /proc views read the container's own figures there too. */
	if (l->mode == CG_MODE_V2 || config->linux_ == NULL ||
	    (config->linux_->cgroups_path == NULL &&
	     (views == NULL || strcmp(views, "true") != 0)))
		return;
	for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++) {
		int h = cg_layout_find(l, usual[i]);
		if (h >= 0 && !l->hier[h].v2)
			c->plan.need |= 1u << h;
	}
}

/* A cgroup that already holds processes belongs to someone else. */
static int check_unused(const struct jf_cgroup *cg, int track,
			struct jf_error *err)
{
	char procs[4200], buf[64];

	if (cg_file(cg, track, "cgroup.procs", procs, sizeof(procs)) < 0)
		return jf_error_set(err, 0, "linux.cgroupsPath: too long");
	if (cg_read(procs, buf, sizeof(buf), NULL) > 0)
		return jf_error_set(err, 0,
				    "linux.cgroupsPath: cgroup %s already has "
				    "processes",
				    cg->path);
	return 0;
}

/* The files the child writes "0" to, opened now so that it can do so
 * after pivot_root and without building paths. */
static int open_enter_fds(struct jf_cgroup *cg, struct jf_error *err)
{
	char tasks[4200];

	for (size_t h = 0; h < cg->layout->n; h++) {
		int fd;

		if (!cg_has(cg, (int)h) || cg->layout->hier[h].v2)
			continue;
		if (cg_file(cg, (int)h, "tasks", tasks, sizeof(tasks)) < 0)
			return jf_error_set(err, 0, "cgroup path too long");
		fd = open(tasks, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			return jf_error_errno(err, "%s", tasks);
		cg->enter_fd[cg->n_enter_fd++] = fd;
	}
	return 0;
}

/* With a late creation, what must be there before the init joins: a
 * memory limit below what the cgroup already uses fails (EBUSY), v1 kmem
 * limits want an empty cgroup, and the init makes its device nodes under
 * the device rules (written directly, see resources/apply.c).  The rest is
 * written while it sets up. */
static bool before_processes(const struct cg_write *w)
{
	return strcmp(w->ctrl, "memory") == 0 ||
	       strcmp(w->ctrl, "devices") == 0;
}

static int make_cgroup(struct creation *c, bool late, struct jf_error *err)
{
	struct jf_cgroup *cg = c->cg;

	if (check_unused(cg, track_hierarchy(cg->layout), err) < 0)
		return -1;
	/* From here on a failure removes the directories of every needed
	 * hierarchy (those not made yet are skipped). */
	cg->hiers = c->plan.need;
	cg->track = cg_pick_track(cg);
	if (cg_create_dirs(cg, &c->plan, c->plan.need, &c->made, &c->n_made,
			   err) < 0)
		return -1;
	if (late) {
		cg->pending = calloc(1, sizeof(*cg->pending));
		if (cg->pending == NULL)
			return jf_error_errno(err, "cgroup %s", cg->path);
		if (cg_plan_split(&c->plan, before_processes, cg->pending,
				  err) < 0)
			return -1;
	}
	if (cg_plan_apply(cg, &c->plan, err) < 0 || cg_open_v2_dir(cg, err) < 0)
		return -1;
	if (cg->layout->mode == CG_MODE_V2 &&
	    cg_v2_devices_attach(cg->v2_dirfd, c->rules, c->n_rules, err) < 0)
		return -1;
	return open_enter_fds(cg, err);
}

static int create(const struct oci_config *config, const char *id, bool systemd,
		  bool late, struct jf_cgroup **ret, struct jf_error *err)
{
	const struct oci_linux *lx = config->linux_;
	const struct cg_layout *l = cg_layout(err);
	struct creation c = {0};
	char *path = NULL;

	if (l == NULL || cg_path_resolve(lx ? lx->cgroups_path : NULL, id,
					 systemd, &path, err) < 0)
		return -1;
	/* (cg_host_has_usual_v1 said v1 before the clone.) */
	if (late && l->mode == CG_MODE_V2)
		return jf_error_set(err, 0,
				    "cgroup layout: no v1 hierarchy after all");
	c.cg = cg_new(path, systemd, l);
	if (c.cg == NULL) {
		jf_error_errno(err, "cgroup %s", path);
		free(path);
		return -1;
	}
	if (build_plan(&c, config, err) < 0 || make_cgroup(&c, late, err) < 0) {
		creation_undo(&c);
		return -1;
	}
	*ret = c.cg;
	c.cg = NULL;
	cg_remove_made(c.made, c.n_made, false);
	cg_plan_free(&c.plan);
	free(c.rules);
	return 0;
}

int jf_cgroup_create(const struct oci_config *config, const char *id,
		     bool systemd, struct jf_cgroup **ret, struct jf_error *err)
{
	return create(config, id, systemd, false, ret, err);
}

int jf_cgroup_create_late(const struct oci_config *config, const char *id,
			  bool systemd, struct jf_cgroup **ret,
			  struct jf_error *err)
{
	return create(config, id, systemd, true, ret, err);
}

bool jf_cgroup_has_pending(const struct jf_cgroup *cg)
{
	return cg->pending != NULL && cg->pending->n > 0;
}

int jf_cgroup_apply_pending(struct jf_cgroup *cg, struct jf_error *err)
{
	int r = 0;

	if (cg->pending != NULL)
		r = cg_plan_apply(cg, cg->pending, err);
	cg_plan_free(cg->pending);
	free(cg->pending);
	cg->pending = NULL;
	return r;
}
