/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stats from cgroup v1 files (and hybrid hugetlb from the cgroup2 mount). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/stats.h"
#include "cleanup.h"

static void cpu_usage(yajl_gen g, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "cpuacct");
	cleanup_free char *percpu =
	    cg_stats_text(cg, h, "cpuacct.usage_percpu");
	cleanup_free char *stat = cg_stats_text(cg, h, "cpuacct.stat");
	uint64_t ns_per_tick = 1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK);
	char *end;

	cg_json_key(g, "usage");
	yajl_gen_map_open(g);
	cg_json_u64(g, "total", cg_stats_u64(cg, h, "cpuacct.usage"));
	cg_json_key(g, "percpu");
	yajl_gen_array_open(g);
	for (char *p = percpu; p != NULL && *p != '\0'; p = end) {
		unsigned long long v = strtoull(p, &end, 10);
		char buf[24];

		if (end == p)
			break;
		yajl_gen_number(g, buf,
				(size_t)snprintf(buf, sizeof(buf), "%llu", v));
	}
	yajl_gen_array_close(g);
	cg_json_u64(g, "kernel", cg_stats_kv(stat, "system") * ns_per_tick);
	cg_json_u64(g, "user", cg_stats_kv(stat, "user") * ns_per_tick);
	yajl_gen_map_close(g);
}

static void cpu(yajl_gen g, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "cpu");
	cleanup_free char *stat = cg_stats_text(cg, h, "cpu.stat");

	if (h < 0 && cg_stats_hier(cg, "cpuacct") < 0)
		return;
	cg_json_key(g, "cpu");
	yajl_gen_map_open(g);
	if (cg_stats_hier(cg, "cpuacct") >= 0)
		cpu_usage(g, cg);
	if (h < 0) {
		yajl_gen_map_close(g);
		return;
	}
	cg_json_key(g, "throttling");
	yajl_gen_map_open(g);
	cg_json_u64(g, "periods", cg_stats_kv(stat, "nr_periods"));
	cg_json_u64(g, "throttledPeriods", cg_stats_kv(stat, "nr_throttled"));
	cg_json_u64(g, "throttledTime", cg_stats_kv(stat, "throttled_time"));
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

/* memory.<prefix>{limit_in_bytes,usage_in_bytes,max_usage_in_bytes,failcnt} */
static void memory_entry(yajl_gen g, const struct jf_cgroup *cg, int h,
			 const char *key, const char *prefix)
{
	char file[64];

	cg_json_key(g, key);
	yajl_gen_map_open(g);
	snprintf(file, sizeof(file), "memory.%slimit_in_bytes", prefix);
	cg_json_u64(g, "limit", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "memory.%susage_in_bytes", prefix);
	cg_json_u64(g, "usage", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "memory.%smax_usage_in_bytes", prefix);
	cg_json_u64(g, "max", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "memory.%sfailcnt", prefix);
	cg_json_u64(g, "failcnt", cg_stats_u64(cg, h, file));
	yajl_gen_map_close(g);
}

static void memory(yajl_gen g, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "memory");
	cleanup_free char *stat = cg_stats_text(cg, h, "memory.stat");

	if (h < 0)
		return;
	cg_json_key(g, "memory");
	yajl_gen_map_open(g);
	cg_json_u64(g, "cache", cg_stats_kv(stat, "cache"));
	memory_entry(g, cg, h, "usage", "");
	memory_entry(g, cg, h, "swap", "memsw.");
	memory_entry(g, cg, h, "kernel", "kmem.");
	memory_entry(g, cg, h, "kernelTCP", "kmem.tcp.");
	cg_json_kv_map(g, "raw", stat);
	yajl_gen_map_close(g);
}

static void pids(yajl_gen g, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "pids");
	uint64_t limit = cg_stats_u64(cg, h, "pids.max");

	if (h < 0)
		return;
	cg_json_key(g, "pids");
	yajl_gen_map_open(g);
	cg_json_u64(g, "current", cg_stats_u64(cg, h, "pids.current"));
	cg_json_u64(g, "limit", limit == UINT64_MAX ? 0 : limit);
	yajl_gen_map_close(g);
}

/* "8:0 Read 4096" lines ("Total N" skipped) as blkio entries. */
static void blkio_list(yajl_gen g, const char *key, const char *text)
{
	cleanup_free char *copy = text ? strdup(text) : NULL;
	char *save = NULL;

	cg_json_key(g, key);
	yajl_gen_array_open(g);
	for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l != NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		char majmin[32], op[16];
		unsigned long long v;

		if (sscanf(l, "%31s %15s %llu", majmin, op, &v) == 3)
			cg_json_blkio_entry(g, majmin, op, v);
	}
	yajl_gen_array_close(g);
}

/* The CFQ files when the kernel has them, else the throttle ones (runc). */
static void blkio(yajl_gen g, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "blkio");
	cleanup_free char *bytes =
	    cg_stats_text(cg, h, "blkio.io_service_bytes_recursive");
	cleanup_free char *ios =
	    cg_stats_text(cg, h, "blkio.io_serviced_recursive");

	if (bytes == NULL) {
		bytes = cg_stats_text(
		    cg, h, "blkio.throttle.io_service_bytes_recursive");
		free(ios);
		ios = cg_stats_text(cg, h,
				    "blkio.throttle.io_serviced_recursive");
	}
	if (h < 0)
		return;
	cg_json_key(g, "blkio");
	yajl_gen_map_open(g);
	blkio_list(g, "ioServiceBytesRecursive", bytes);
	blkio_list(g, "ioServicedRecursive", ios);
	yajl_gen_map_close(g);
}

static void hugetlb_one(yajl_gen g, const struct jf_cgroup *cg, int h,
			const char *size)
{
	char file[96];

	yajl_gen_map_open(g);
	snprintf(file, sizeof(file), "hugetlb.%s.usage_in_bytes", size);
	cg_json_u64(g, "usage", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "hugetlb.%s.max_usage_in_bytes", size);
	cg_json_u64(g, "max", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "hugetlb.%s.failcnt", size);
	cg_json_u64(g, "failcnt", cg_stats_u64(cg, h, file));
	yajl_gen_map_close(g);
}

void cg_stats_v1(yajl_gen g, const struct jf_cgroup *cg)
{
	int h = cg_layout_find(cg->layout, "hugetlb");

	cpu(g, cg);
	memory(g, cg);
	pids(g, cg);
	blkio(g, cg);
	if (h >= 0 && cg->layout->hier[h].v2)
		cg_stats_v2_hugetlb(g, cg, cg_stats_hier(cg, "hugetlb"));
	else
		cg_json_hugetlb(g, cg, cg_stats_hier(cg, "hugetlb"),
				"limit_in_bytes", hugetlb_one);
}
