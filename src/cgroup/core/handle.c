/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The jf_cgroup object: paths, re-opening from state.json, freeing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cleanup.h"

struct jf_cgroup *cg_new(char *path, bool systemd, const struct cg_layout *l)
{
	struct jf_cgroup *cg = calloc(1, sizeof(*cg));

	if (cg == NULL)
		return NULL;
	cg->path = path;
	cg->systemd = systemd;
	cg->layout = l;
	cg->track = -1;
	cg->v2_dirfd = -1;
	cg->cloned_into = true;
	return cg;
}

int cg_dir(const struct jf_cgroup *cg, int h, char *buf, size_t size)
{
	int n;

	if (h < 0 || (size_t)h >= cg->layout->n)
		return -1;
	n = snprintf(buf, size, "%s%s", cg->layout->hier[h].mount, cg->path);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int cg_file(const struct jf_cgroup *cg, int h, const char *file, char *buf,
	    size_t size)
{
	int n;

	if (h < 0 || (size_t)h >= cg->layout->n)
		return -1;
	n = snprintf(buf, size, "%s%s/%s", cg->layout->hier[h].mount, cg->path,
		     file);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

bool cg_dir_exists(const struct jf_cgroup *cg, int h)
{
	char dir[4096];
	struct stat st;

	return cg_dir(cg, h, dir, sizeof(dir)) == 0 && stat(dir, &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

const char *jf_cgroup_path(const struct jf_cgroup *cg)
{
	return cg->path;
}

int jf_cgroup_v2_fd(const struct jf_cgroup *cg)
{
	return cg->v2_dirfd;
}

void jf_cgroup_set_cloned_into(struct jf_cgroup *cg, bool cloned)
{
	cg->cloned_into = cloned;
}

/* v1: the devices hierarchy (every container has device rules), else any
 * hierarchy the cgroup is in; v2: the one directory. */
int cg_pick_track(const struct jf_cgroup *cg)
{
	const struct cg_layout *l = cg->layout;
	int h;

	if (l->mode == CG_MODE_V2)
		return cg_has(cg, l->unified) ? l->unified : -1;
	h = cg_layout_find(l, "devices");
	if (cg_has(cg, h))
		return h;
	h = cg_layout_find(l, "name=systemd");
	if (cg_has(cg, h))
		return h;
	for (size_t i = 0; i < l->n; i++)
		if (cg_has(cg, (int)i) && !l->hier[i].v2)
			return (int)i;
	return -1;
}

int cg_open_v2_dir(struct jf_cgroup *cg, struct jf_error *err)
{
	char dir[4096];

	if (!cg_has(cg, cg->layout->unified))
		return 0;
	if (cg_dir(cg, cg->layout->unified, dir, sizeof(dir)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	cg->v2_dirfd = open(dir, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (cg->v2_dirfd < 0)
		return jf_error_errno(err, "opening %s", dir);
	return 0;
}

int jf_cgroup_open(const char *path, bool systemd, struct jf_cgroup **ret,
		   struct jf_error *err)
{
	const struct cg_layout *l = cg_layout(err);
	struct jf_cgroup *cg;
	char *copy;

	if (l == NULL || cg_path_check(path, "cgroup path", err) < 0)
		return -1;
	copy = strdup(path);
	cg = copy ? cg_new(copy, systemd, l) : NULL;
	if (cg == NULL) {
		free(copy);
		return jf_error_errno(err, "cgroup %s", path);
	}
	for (size_t i = 0; i < l->n; i++)
		if (cg_dir_exists(cg, (int)i))
			cg->hiers |= 1u << i;
	cg->track = cg_pick_track(cg);
	if (cg_open_v2_dir(cg, err) < 0) {
		jf_cgroup_free(cg);
		return -1;
	}
	*ret = cg;
	return 0;
}

void jf_cgroup_free(struct jf_cgroup *cg)
{
	if (cg == NULL)
		return;
	for (size_t i = 0; i < cg->n_enter_fd; i++)
		close(cg->enter_fd[i]);
	if (cg->v2_dirfd >= 0)
		close(cg->v2_dirfd);
	cg_plan_free(cg->pending);
	free(cg->pending);
	free(cg->path);
	free(cg);
}
