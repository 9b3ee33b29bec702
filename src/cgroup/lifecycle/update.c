/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `jfrun update`: the same plan as create, against the live cgroup (so the
 * order of v1 memory/memsw writes can depend on the current limit).  A
 * controller the container was created without is joined first.  All or
 * nothing (resources/rollback.c): every file is checked and its value read
 * before the first write, and a failed write puts the old values back.  A
 * controller joined on the way stays joined (with the kernel's defaults,
 * which limit nothing).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/core/core.h"
#include "cgroup/devices/devices.h"
#include "cgroup/procs/procs.h"
#include "cgroup/resources/resources.h"
#include "cleanup.h"

/* v2 directories exist already; their controllers may not be enabled. */
static int enable_v2(const struct jf_cgroup *cg, const struct cg_plan *p, int h,
		     struct jf_error *err)
{
	char **made = NULL;
	size_t n_made = 0;
	int r = cg_create_dirs(cg, p, 1u << h, &made, &n_made, err);

	cg_remove_made(made, n_made, false);
	return r;
}

static int join_needed(struct jf_cgroup *cg, const struct cg_plan *p,
		       struct jf_error *err)
{
	for (size_t h = 0; h < cg->layout->n; h++) {
		if (!(p->need & (1u << h)))
			continue;
		if (!cg_dir_exists(cg, (int)h)) {
			if (cg_join_hier(cg, (int)h, p, err) < 0)
				return -1;
		} else if (cg->layout->hier[h].v2 &&
			   enable_v2(cg, p, (int)h, err) < 0) {
			return -1;
		}
	}
	return 0;
}

static int update_devices(const struct jf_cgroup *cg, struct cg_build *b,
			  const struct oci_resources *r,
			  struct cg_dev_rule **rules, size_t *n,
			  struct jf_error *err)
{
	if (r->n_devices == 0)
		return 0;
	if (cg_dev_rules(r->devices, r->n_devices, rules, n, err) < 0)
		return -1;
	if (cg->layout->mode == CG_MODE_V2)
		return 0; /* attached after the values */
	return cg_v1_devices(b, *rules, *n, err);
}

/* The v1 hierarchies the plan writes to where the cgroup exists: checked
 * before anything is joined.  A v2 directory's files appear only once
 * join_needed has enabled their controllers (which changes no limit). */
static uint32_t existing_v1(const struct jf_cgroup *cg, const struct cg_plan *p)
{
	uint32_t mask = 0;

	for (size_t h = 0; h < cg->layout->n; h++)
		if ((p->need & (1u << h)) && !cg->layout->hier[h].v2 &&
		    cg_dir_exists(cg, (int)h))
			mask |= 1u << h;
	return mask;
}

static int apply_or_restore(struct jf_cgroup *cg, const struct cg_plan *plan,
			    const struct cg_dev_rule *rules, size_t n_rules,
			    struct jf_error *err)
{
	char **old = calloc(plan->n ? plan->n : 1, sizeof(*old));
	uint32_t before = existing_v1(cg, plan);
	int ret = -1;

	if (old == NULL)
		return jf_error_errno(err, "update");
	/* Check and read what exists before joining anything new. */
	if (cg_plan_save(cg, plan, before, old, err) < 0 ||
	    join_needed(cg, plan, err) < 0 ||
	    cg_plan_save(cg, plan, ~before, old, err) < 0)
		goto out;
	if (cg_plan_apply(cg, plan, err) < 0 ||
	    (rules != NULL && cg->layout->mode == CG_MODE_V2 &&
	     cg_v2_devices_attach(cg->v2_dirfd, rules, n_rules, err) < 0)) {
		size_t len = strlen(err->msg);

		cg_plan_restore(cg, plan, old);
		snprintf(err->msg + len, sizeof(err->msg) - len,
			 " (the old values are back)");
		goto out;
	}
	ret = 0;
out:
	cg_saved_free(old, plan->n);
	return ret;
}

int jf_cgroup_update(struct jf_cgroup *cg, const struct oci_resources *r,
		     struct jf_error *err)
{
	struct cg_plan plan = {0};
	struct cg_build b = {cg->layout, &plan, cg};
	cleanup_free struct cg_dev_rule *rules = NULL;
	size_t n_rules = 0;
	int ret = -1;

	if (r == NULL)
		return 0;
	if (cg->track < 0)
		return jf_error_set(err, 0, "cgroup %s does not exist",
				    cg->path);
	if (cg_build_resources(&b, r, err) == 0 &&
	    update_devices(cg, &b, r, &rules, &n_rules, err) == 0)
		ret = apply_or_restore(cg, &plan, rules, n_rules, err);
	cg_plan_free(&plan);
	return ret;
}
