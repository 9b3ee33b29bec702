/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The figures of the /proc views (cgroup/figures.h). */
#include "cgroup/figures.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/stats/stats.h"

/* "<mount of h><the first `len` bytes of the cgroup path>/<file>" */
static uint64_t read_at(const struct jf_cgroup *cg, int h, size_t len,
			const char *file, bool *found)
{
	char path[4200];
	uint64_t v = 0;

	snprintf(path, sizeof(path), "%s%.*s/%s", cg->layout->hier[h].mount,
		 (int)len, cg->path, file);
	*found = cg_read_u64(path, &v, NULL) == 0;
	return v;
}

/* The text of a file of an ancestor (len bytes of the path), malloc'd. */
static char *text_at(const struct jf_cgroup *cg, int h, size_t len,
		     const char *file)
{
	char path[4200];
	char *text = NULL;

	snprintf(path, sizeof(path), "%s%.*s/%s", cg->layout->hier[h].mount,
		 (int)len, cg->path, file);
	if (cg_read_alloc(path, &text, NULL) < 0)
		return NULL;
	return text;
}

/* The least of a one-number file over the cgroup and its ancestors below
 * the root ("max" reads as JF_CG_NO_LIMIT). */
static uint64_t least_up_tree(const struct jf_cgroup *cg, int h,
			      const char *file)
{
	uint64_t least = JF_CG_NO_LIMIT;

	for (size_t len = strlen(cg->path); len > 1;) {
		bool found;
		uint64_t v = read_at(cg, h, len, file, &found);
		if (found && v < least)
			least = v;
		while (len > 0 && cg->path[len - 1] != '/')
			len--;
		if (len > 0)
			len--; /* the '/' */
	}
	return least;
}

static unsigned quota_cpus_of(uint64_t quota, uint64_t period)
{
	if (period == 0)
		return 0;
	return (unsigned)((quota + period - 1) / period);
}

/* The least ceil(quota/period) up the tree; 0 when no ancestor has one. */
static unsigned least_quota(const struct jf_cgroup *cg, int h, bool v2)
{
	unsigned least = 0;

	for (size_t len = strlen(cg->path); len > 1;) {
		unsigned n = 0;
		if (v2) {
			char *t = text_at(cg, h, len, "cpu.max");
			unsigned long long q, p;
			if (t != NULL && sscanf(t, "%llu %llu", &q, &p) == 2)
				n = quota_cpus_of(q, p);
			free(t);
		} else {
			bool fq, fp;
			uint64_t q =
			    read_at(cg, h, len, "cpu.cfs_quota_us", &fq);
			uint64_t p =
			    read_at(cg, h, len, "cpu.cfs_period_us", &fp);
			/* -1 (no quota) reads as a huge number */
			if (fq && fp && q < (1ull << 62))
				n = quota_cpus_of(q, p);
		}
		if (n > 0 && (least == 0 || n < least))
			least = n;
		while (len > 0 && cg->path[len - 1] != '/')
			len--;
		if (len > 0)
			len--;
	}
	return least;
}

static void read_memory(const struct jf_cgroup *cg, struct jf_cgroup_figures *f)
{
	int h = cg_stats_hier(cg, "memory");

	if (h < 0)
		return;
	f->has_memory = true;
	f->memory_stat = cg_stats_text(cg, h, "memory.stat");
	if (cg->layout->hier[h].v2) {
		f->mem_limit = least_up_tree(cg, h, "memory.max");
		f->mem_usage = cg_stats_u64(cg, h, "memory.current");
		f->has_swap = cg_stats_has(cg, h, "memory.swap.max");
		if (f->has_swap) {
			f->swap_limit = least_up_tree(cg, h, "memory.swap.max");
			f->swap_usage =
			    cg_stats_u64(cg, h, "memory.swap.current");
		}
		return;
	}
	/* v1: the hierarchical limits are already the least up the tree */
	f->mem_limit = cg_stats_kv(f->memory_stat, "hierarchical_memory_limit");
	if (f->mem_limit == 0)
		f->mem_limit = cg_stats_u64(cg, h, "memory.limit_in_bytes");
	f->mem_usage = cg_stats_u64(cg, h, "memory.usage_in_bytes");
	f->has_swap = cg_stats_has(cg, h, "memory.memsw.limit_in_bytes");
	if (f->has_swap) {
		uint64_t memsw =
		    cg_stats_kv(f->memory_stat, "hierarchical_memsw_limit");
		f->swap_limit = memsw >= (1ull << 62) || memsw < f->mem_limit
				    ? JF_CG_NO_LIMIT
				    : memsw - f->mem_limit;
		f->swap_usage = cg_stats_kv(f->memory_stat, "total_swap");
	}
}

static void read_cpus(const struct jf_cgroup *cg, struct jf_cgroup_figures *f)
{
	int h = cg_stats_hier(cg, "cpuset");
	char *t = NULL;

	if (h >= 0)
		t = cg_stats_text(cg, h,
				  cg->layout->hier[h].v2
				      ? "cpuset.cpus.effective"
				      : "cpuset.effective_cpus");
	if (t != NULL) {
		snprintf(f->cpus, sizeof(f->cpus), "%s", t);
		f->cpus[strcspn(f->cpus, "\n")] = '\0';
		free(t);
	}
	h = cg_stats_hier(cg, "cpu");
	if (h >= 0)
		f->quota_cpus = least_quota(cg, h, cg->layout->hier[h].v2);
	h = cg_stats_hier(cg, "cpuacct");
	if (h >= 0 && !cg->layout->hier[h].v2) {
		f->has_cpu_usage = true;
		f->cpu_user_ns = cg_stats_u64(cg, h, "cpuacct.usage_user");
		f->cpu_system_ns = cg_stats_u64(cg, h, "cpuacct.usage_sys");
		f->percpu_user =
		    cg_stats_text(cg, h, "cpuacct.usage_percpu_user");
		f->percpu_sys =
		    cg_stats_text(cg, h, "cpuacct.usage_percpu_sys");
		return;
	}
	/* v2: cpu.stat is there without the cpu controller too */
	h = cg_layout_find(cg->layout, "cpu");
	if (h < 0 || !cg_has(cg, h) || !cg->layout->hier[h].v2)
		h = cg->layout->unified;
	if (cg_has(cg, h) && cg->layout->hier[h].v2) {
		char *stat = cg_stats_text(cg, h, "cpu.stat");
		if (stat != NULL) {
			f->has_cpu_usage = true;
			f->cpu_user_ns = cg_stats_kv(stat, "user_usec") * 1000;
			f->cpu_system_ns =
			    cg_stats_kv(stat, "system_usec") * 1000;
		}
		free(stat);
	}
}

static void read_io_pressure(const struct jf_cgroup *cg,
			     struct jf_cgroup_figures *f)
{
	static const char *const psi[3] = {"cpu.pressure", "memory.pressure",
					   "io.pressure"};
	int h = cg_stats_hier(cg, "blkio");
	int u = cg->layout->unified;

	if (h < 0)
		h = cg_stats_hier(cg, "io");
	if (h >= 0 && cg->layout->hier[h].v2)
		f->io_stat = cg_stats_text(cg, h, "io.stat");
	else if (h >= 0) {
		f->blkio_bytes = cg_stats_text(
		    cg, h, "blkio.throttle.io_service_bytes_recursive");
		f->blkio_ios = cg_stats_text(
		    cg, h, "blkio.throttle.io_serviced_recursive");
	}
	if (cg_has(cg, u))
		for (int i = 0; i < 3; i++)
			f->pressure[i] = cg_stats_text(cg, u, psi[i]);
}

int jf_cgroup_figures_read(const struct jf_cgroup *cg,
			   struct jf_cgroup_figures *f, struct jf_error *err)
{
	int h;

	memset(f, 0, sizeof(*f));
	f->mem_limit = f->swap_limit = JF_CG_NO_LIMIT;
	if (cg == NULL)
		return 0;
	h = cg_stats_hier(cg, "memory");
	f->v2 = cg->layout->mode == CG_MODE_V2 ||
		(h >= 0 && cg->layout->hier[h].v2);
	read_memory(cg, f);
	read_cpus(cg, f);
	read_io_pressure(cg, f);
	if (jf_cgroup_pids(cg, &f->pids, &f->n_pids, err) < 0) {
		f->pids = NULL;
		f->n_pids = 0;
	}
	return 0;
}

void jf_cgroup_figures_free(struct jf_cgroup_figures *f)
{
	free(f->memory_stat);
	free(f->percpu_user);
	free(f->percpu_sys);
	free(f->io_stat);
	free(f->blkio_bytes);
	free(f->blkio_ios);
	for (int i = 0; i < 3; i++)
		free(f->pressure[i]);
	free(f->pids);
	memset(f, 0, sizeof(*f));
}
