/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Making the cgroup's directories.  The ancestors are made here so that a
 * failed create can remove exactly the ones it made (libcgroup's mkdir -p
 * does not say), and so that v1 cpuset ancestors get cpus/mems before a
 * child can be made under them.  A v1 leaf is one more mkdir; a cgroup2
 * leaf is created by libcgroup, which enables its controllers in every
 * cgroup.subtree_control on the way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cleanup.h"

#define MAX_CTRLS 32

static bool is_v1_cpuset(const struct cg_hier *h)
{
	return !h->v2 && cg_list_has(h->controllers, "cpuset");
}

static int copy_if_empty(const char *dir, const char *file,
			 struct jf_error *err)
{
	char path[4200], parent[4200], value[4096];
	const char *slash = strrchr(dir, '/');

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (cg_read(path, value, sizeof(value), err) < 0)
		return -1;
	if (value[strspn(value, " \n")] != '\0' || slash == NULL)
		return 0;
	snprintf(parent, sizeof(parent), "%.*s/%s", (int)(slash - dir), dir,
		 file);
	if (cg_read(parent, value, sizeof(value), err) < 0)
		return -1;
	value[strcspn(value, "\n")] = '\0';
	return cg_write(path, value, err);
}

/* Written directly: libcgroup's cgroup_create_cgroup_from_parent() copies
 * every file of the parent, and only for the leaf. */
static int cpuset_inherit(const char *dir, struct jf_error *err)
{
	if (copy_if_empty(dir, "cpuset.cpus", err) < 0 ||
	    copy_if_empty(dir, "cpuset.mems", err) < 0)
		return jf_error_wrap(err, "cpuset of %s", dir);
	return 0;
}

static int push_made(char ***made, size_t *n, const char *dir,
		     struct jf_error *err)
{
	char **bigger = realloc(*made, (*n + 1) * sizeof(**made));

	if (bigger == NULL)
		return jf_error_errno(err, "creating %s", dir);
	*made = bigger;
	bigger[*n] = strdup(dir);
	if (bigger[*n] == NULL)
		return jf_error_errno(err, "creating %s", dir);
	(*n)++;
	return 0;
}

static int make_ancestors(const struct jf_cgroup *cg, int h, char ***made,
			  size_t *n_made, struct jf_error *err)
{
	const struct cg_hier *hier = &cg->layout->hier[h];
	char dir[4096];

	for (const char *p = strchr(cg->path + 1, '/'); p != NULL;
	     p = strchr(p + 1, '/')) {
		snprintf(dir, sizeof(dir), "%s%.*s", hier->mount,
			 (int)(p - cg->path), cg->path);
		if (mkdir(dir, 0755) == 0) {
			if (push_made(made, n_made, dir, err) < 0)
				return -1;
		} else if (errno != EEXIST) {
			return jf_error_errno(err, "creating cgroup %s", dir);
		}
		if (is_v1_cpuset(hier) && cpuset_inherit(dir, err) < 0)
			return -1;
	}
	return 0;
}

void cg_remove_made(char **made, size_t n, bool remove)
{
	for (size_t i = n; i-- > 0;) {
		if (remove)
			rmdir(made[i]); /* in use by now: then it stays */
		free(made[i]);
	}
	free(made);
}

/* Controllers the plan uses on the cgroup2 hierarchy ("cgroup.*" files
 * need none). */
static size_t v2_controllers(const struct cg_layout *l, const struct cg_plan *p,
			     const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++) {
		const char *c = p->w[i].ctrl;
		bool dup = false;

		if (strcmp(c, "cgroup") == 0 ||
		    cg_layout_find(l, c) != l->unified)
			continue;
		for (size_t k = 0; k < n; k++)
			dup |= strcmp(out[k], c) == 0;
		if (!dup && n < max)
			out[n++] = c;
	}
	return n;
}

/* libcgroup enables a controller in cgroup.subtree_control from one level
 * below the mount down; the root's is written here. */
static int enable_root(const struct cg_layout *l, const char **ctrls, size_t n,
		       struct jf_error *err)
{
	char path[300], enabled[1024], plus[64];

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control",
		 l->hier[l->unified].mount);
	if (n == 0)
		return 0;
	if (cg_read(path, enabled, sizeof(enabled), err) < 0)
		return -1;
	for (char *p = enabled; *p; p++)
		if (*p == ' ' || *p == '\n')
			*p = ',';
	for (size_t i = 0; i < n; i++) {
		if (cg_list_has(enabled, ctrls[i]))
			continue;
		snprintf(plus, sizeof(plus), "+%s", ctrls[i]);
		if (cg_write(path, plus, err) < 0)
			return -1;
	}
	return 0;
}

/* A v1 leaf is one mkdir: libcgroup's cgroup_create_cgroup() would first
 * cost its cgroup_init() (0.5-1 ms), which the values it sets later pay
 * while the container's init sets up (jf_cgroup_create_late). */
static int mkdir_v1_leaf(const struct jf_cgroup *cg, int h,
			 struct jf_error *err)
{
	char dir[4096];

	if (cg_dir(cg, h, dir, sizeof(dir)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return jf_error_errno(err, "creating cgroup %s", dir);
	return 0;
}

/* libcgroup 2.0 cannot create a v2 cgroup without naming a controller. */
static int mkdir_v2_leaf(const struct jf_cgroup *cg, struct jf_error *err)
{
	char dir[4096];

	if (cg_dir(cg, cg->layout->unified, dir, sizeof(dir)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return jf_error_errno(err, "creating cgroup %s", dir);
	return 0;
}

int cg_create_dirs(const struct jf_cgroup *cg, const struct cg_plan *p,
		   uint32_t mask, char ***made, size_t *n_made,
		   struct jf_error *err)
{
	const struct cg_layout *l = cg->layout;
	const char *ctrls[MAX_CTRLS];
	size_t n_v2 = 0;
	char dir[4096];

	for (size_t h = 0; h < l->n; h++) {
		if (!(mask & (1u << h)))
			continue;
		if (make_ancestors(cg, (int)h, made, n_made, err) < 0)
			return -1;
		if (!l->hier[h].v2 && mkdir_v1_leaf(cg, (int)h, err) < 0)
			return -1;
	}
	if (l->unified >= 0 && (mask & (1u << l->unified))) {
		n_v2 = v2_controllers(l, p, ctrls, MAX_CTRLS);
		if (enable_root(l, ctrls, n_v2, err) < 0 ||
		    (n_v2 == 0 && mkdir_v2_leaf(cg, err) < 0))
			return -1;
	}
	if (cg_lib_create_ctrls(cg, ctrls, n_v2, err) < 0)
		return -1;
	for (size_t h = 0; h < l->n; h++) {
		if (!(mask & (1u << h)) || !is_v1_cpuset(&l->hier[h]))
			continue;
		if (cg_dir(cg, (int)h, dir, sizeof(dir)) < 0)
			return jf_error_set(err, 0, "cgroup path too long");
		if (cpuset_inherit(dir, err) < 0)
			return -1;
	}
	return 0;
}
