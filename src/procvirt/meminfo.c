/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/meminfo: the host's lines in the host's order, the figures the
 * memory cgroup knows replaced by the container's, and no field above
 * MemTotal (swap aside: it is not memory).
 */
#include <stdlib.h>
#include <string.h>

#include "procvirt/procvirt.h"

/* "key value" of a flat-keyed text; 0 when absent. */
static uint64_t kv(const char *text, const char *key)
{
	size_t len = strlen(key);

	for (const char *p = text; p != NULL && *p != '\0';) {
		if (strncmp(p, key, len) == 0 && p[len] == ' ')
			return strtoull(p + len + 1, NULL, 10);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

/* A memory.stat figure in kB: the v2 key, or the v1 hierarchical one. */
static uint64_t stat_kb(const struct jf_cgroup_figures *f, const char *v2,
			const char *v1)
{
	return kv(f->memory_stat, f->v2 ? v2 : v1) / 1024;
}

/* A host meminfo figure in kB; 0 when absent. */
static uint64_t host_kb(const char *meminfo, const char *key)
{
	size_t len = strlen(key);

	for (const char *p = meminfo; p != NULL && *p != '\0';) {
		if (strncmp(p, key, len) == 0 && p[len] == ':')
			return strtoull(p + len + 1, NULL, 10);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

struct mem {
	uint64_t total, free, avail, swap_total, swap_free;
};

static void figure_totals(const struct jf_pv_input *in, struct mem *m)
{
	const struct jf_cgroup_figures *f = in->cg;
	uint64_t host_total = host_kb(in->host_meminfo, "MemTotal");
	uint64_t host_free = host_kb(in->host_meminfo, "MemFree");
	uint64_t host_avail = host_kb(in->host_meminfo, "MemAvailable");
	uint64_t used, reclaimable, host_swap;

	m->total = host_total;
	m->free = host_kb(in->host_meminfo, "MemFree");
	m->avail = host_kb(in->host_meminfo, "MemAvailable");
	host_swap = host_kb(in->host_meminfo, "SwapTotal");
	m->swap_total = host_swap;
	m->swap_free = host_kb(in->host_meminfo, "SwapFree");
	if (!f->has_memory)
		return;
	if (f->mem_limit != JF_CG_NO_LIMIT)
		m->total = min_u64(f->mem_limit / 1024, host_total);
	used = f->mem_usage / 1024;
	/* never more than the host has: a limit may be overcommitted, and
	 * without one the rest of the host uses memory too */
	m->free = min_u64(used < m->total ? m->total - used : 0, host_free);
	reclaimable = stat_kb(f, "active_file", "total_active_file") +
		      stat_kb(f, "inactive_file", "total_inactive_file") +
		      stat_kb(f, "slab_reclaimable", "total_slab_reclaimable");
	m->avail = min_u64(min_u64(m->free + reclaimable, m->total),
			   host_avail > m->free ? host_avail : m->free);
	if (f->has_swap) {
		uint64_t usage = f->swap_usage / 1024;
		m->swap_total = f->swap_limit == JF_CG_NO_LIMIT
				    ? host_swap
				    : min_u64(f->swap_limit / 1024, host_swap);
		m->swap_free =
		    usage < m->swap_total ? m->swap_total - usage : 0;
	}
}

/* The container's value of a meminfo key; false: keep the host's. */
static bool figure(const struct jf_pv_input *in, const struct mem *m,
		   const char *key, uint64_t *v)
{
	const struct jf_cgroup_figures *f = in->cg;
	static const struct {
		const char *key, *v2, *v1;
	} direct[] = {
	    {"Cached", "file", "total_cache"},
	    {"Active(anon)", "active_anon", "total_active_anon"},
	    {"Inactive(anon)", "inactive_anon", "total_inactive_anon"},
	    {"Active(file)", "active_file", "total_active_file"},
	    {"Inactive(file)", "inactive_file", "total_inactive_file"},
	    {"Unevictable", "unevictable", "total_unevictable"},
	    {"Dirty", "file_dirty", "total_dirty"},
	    {"Writeback", "file_writeback", "total_writeback"},
	    {"AnonPages", "anon", "total_rss"},
	    {"Mapped", "file_mapped", "total_mapped_file"},
	    {"Shmem", "shmem", "total_shmem"},
	    {"SReclaimable", "slab_reclaimable", "-"},
	    {"SUnreclaim", "slab_unreclaimable", "-"},
	    {"KernelStack", "kernel_stack", "-"},
	    {"PageTables", "pagetables", "-"},
	    {"AnonHugePages", "anon_thp", "total_rss_huge"},
	};

	if (strcmp(key, "MemTotal") == 0)
		*v = m->total;
	else if (strcmp(key, "MemFree") == 0)
		*v = m->free;
	else if (strcmp(key, "MemAvailable") == 0)
		*v = m->avail;
	else if (strcmp(key, "SwapTotal") == 0)
		*v = m->swap_total;
	else if (strcmp(key, "SwapFree") == 0)
		*v = m->swap_free;
	else if (!f->has_memory)
		return false;
	else if (strcmp(key, "Buffers") == 0 || strcmp(key, "SwapCached") == 0)
		*v = 0;
	else if (strcmp(key, "Active") == 0)
		*v = stat_kb(f, "active_anon", "total_active_anon") +
		     stat_kb(f, "active_file", "total_active_file");
	else if (strcmp(key, "Inactive") == 0)
		*v = stat_kb(f, "inactive_anon", "total_inactive_anon") +
		     stat_kb(f, "inactive_file", "total_inactive_file");
	else if (strcmp(key, "Slab") == 0)
		*v = stat_kb(f, "slab", "-");
	else {
		for (size_t i = 0; i < sizeof(direct) / sizeof(direct[0]); i++)
			if (strcmp(key, direct[i].key) == 0) {
				*v = stat_kb(f, direct[i].v2, direct[i].v1);
				return true;
			}
		return false;
	}
	return true;
}

int jf_pv_meminfo(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	struct mem m;

	if (in->host_meminfo == NULL)
		return 0;
	figure_totals(in, &m);
	for (const char *p = in->host_meminfo; *p != '\0';) {
		const char *nl = strchr(p, '\n'), *colon = strchr(p, ':');
		size_t line = nl ? (size_t)(nl - p) : strlen(p);
		char key[64];
		uint64_t v;

		if (colon == NULL || colon > p + line ||
		    (size_t)(colon - p) >= sizeof(key) ||
		    memmem(p, line, " kB", 3) == NULL) {
			/* counts (HugePages_Total), or not a field: as is */
			if (jf_pv_printf(out, "%.*s\n", (int)line, p) < 0)
				return -1;
		} else {
			memcpy(key, p, (size_t)(colon - p));
			key[colon - p] = '\0';
			if (!figure(in, &m, key, &v))
				v = strtoull(colon + 1, NULL, 10);
			if (strncmp(key, "Swap", 4) != 0 && v > m.total)
				v = m.total;
			if (jf_pv_printf(out, "%s:%*llu kB\n", key,
					 (int)(24 - strlen(key) - 1),
					 (unsigned long long)v) < 0)
				return -1;
		}
		p += line + (nl != NULL);
	}
	return 0;
}

int jf_pv_swaps(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	struct mem m;

	if (jf_pv_printf(out, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\t"
			      "Priority\n") < 0)
		return -1;
	if (in->host_meminfo == NULL)
		return 0;
	figure_totals(in, &m);
	if (m.swap_total == 0)
		return 0;
	return jf_pv_printf(out, "%-40s%-16s%-16llu%-16llu%d\n", "none",
			    "virtual", (unsigned long long)m.swap_total,
			    (unsigned long long)(m.swap_total - m.swap_free),
			    0);
}
