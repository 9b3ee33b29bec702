/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stats from cgroup v1 files (and hybrid hugetlb from the cgroup2 mount). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/stats/stats.h"
#include "cleanup.h"

static void cpu_usage(struct json_writer *w, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "cpuacct");
	cleanup_free char *percpu =
	    cg_stats_text(cg, h, "cpuacct.usage_percpu");
	cleanup_free char *stat = cg_stats_text(cg, h, "cpuacct.stat");
	uint64_t ns_per_tick = 1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK);
	char *end;

	jw_key(w, "usage");
	jw_object_open(w);
	jw_member_uint(w, "total", cg_stats_u64(cg, h, "cpuacct.usage"));
	jw_key(w, "percpu");
	jw_array_open(w);
	for (char *p = percpu; p != NULL && *p != '\0'; p = end) {
		unsigned long long v = strtoull(p, &end, 10);

		if (end == p)
			break;
		jw_uint(w, v);
	}
	jw_array_close(w);
	jw_member_uint(w, "kernel", cg_stats_kv(stat, "system") * ns_per_tick);
	jw_member_uint(w, "user", cg_stats_kv(stat, "user") * ns_per_tick);
	jw_object_close(w);
}

static void cpu(struct json_writer *w, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "cpu");
	cleanup_free char *stat = cg_stats_text(cg, h, "cpu.stat");

	if (h < 0 && cg_stats_hier(cg, "cpuacct") < 0)
		return;
	jw_key(w, "cpu");
	jw_object_open(w);
	if (cg_stats_hier(cg, "cpuacct") >= 0)
		cpu_usage(w, cg);
	if (h < 0) {
		jw_object_close(w);
		return;
	}
	jw_key(w, "throttling");
	jw_object_open(w);
	jw_member_uint(w, "periods", cg_stats_kv(stat, "nr_periods"));
	jw_member_uint(w, "throttledPeriods",
		       cg_stats_kv(stat, "nr_throttled"));
	jw_member_uint(w, "throttledTime", cg_stats_kv(stat, "throttled_time"));
	jw_object_close(w);
	jw_object_close(w);
}

/* memory.<prefix>{limit_in_bytes,usage_in_bytes,max_usage_in_bytes,failcnt} */
static void memory_entry(struct json_writer *w, const struct jf_cgroup *cg,
			 int h, const char *key, const char *prefix)
{
	char file[64];

	jw_key(w, key);
	jw_object_open(w);
	snprintf(file, sizeof(file), "memory.%slimit_in_bytes", prefix);
	jw_member_uint(w, "limit", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "memory.%susage_in_bytes", prefix);
	jw_member_uint(w, "usage", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "memory.%smax_usage_in_bytes", prefix);
	jw_member_uint(w, "max", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "memory.%sfailcnt", prefix);
	jw_member_uint(w, "failcnt", cg_stats_u64(cg, h, file));
	jw_object_close(w);
}

static void memory(struct json_writer *w, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "memory");
	cleanup_free char *stat = cg_stats_text(cg, h, "memory.stat");

	if (h < 0)
		return;
	jw_key(w, "memory");
	jw_object_open(w);
	jw_member_uint(w, "cache", cg_stats_kv(stat, "cache"));
	memory_entry(w, cg, h, "usage", "");
	memory_entry(w, cg, h, "swap", "memsw.");
	memory_entry(w, cg, h, "kernel", "kmem.");
	memory_entry(w, cg, h, "kernelTCP", "kmem.tcp.");
	cg_json_kv_map(w, "raw", stat);
	jw_object_close(w);
}

static void pids(struct json_writer *w, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "pids");
	uint64_t limit = cg_stats_u64(cg, h, "pids.max");

	if (h < 0)
		return;
	jw_key(w, "pids");
	jw_object_open(w);
	jw_member_uint(w, "current", cg_stats_u64(cg, h, "pids.current"));
	jw_member_uint(w, "limit", limit == UINT64_MAX ? 0 : limit);
	jw_object_close(w);
}

/* "8:0 Read 4096" lines ("Total N" skipped) as blkio entries. */
static void blkio_list(struct json_writer *w, const char *key, const char *text)
{
	cleanup_free char *copy = text ? strdup(text) : NULL;
	char *save = NULL;

	jw_key(w, key);
	jw_array_open(w);
	for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l != NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		char majmin[32], op[16];
		unsigned long long v;

		if (sscanf(l, "%31s %15s %llu", majmin, op, &v) == 3)
			cg_json_blkio_entry(w, majmin, op, v);
	}
	jw_array_close(w);
}

/* The CFQ files when the kernel has them, else the throttle ones (runc). */
static void blkio(struct json_writer *w, const struct jf_cgroup *cg)
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
	jw_key(w, "blkio");
	jw_object_open(w);
	blkio_list(w, "ioServiceBytesRecursive", bytes);
	blkio_list(w, "ioServicedRecursive", ios);
	jw_object_close(w);
}

static void hugetlb_one(struct json_writer *w, const struct jf_cgroup *cg,
			int h, const char *size)
{
	char file[96];

	jw_object_open(w);
	snprintf(file, sizeof(file), "hugetlb.%s.usage_in_bytes", size);
	jw_member_uint(w, "usage", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "hugetlb.%s.max_usage_in_bytes", size);
	jw_member_uint(w, "max", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "hugetlb.%s.failcnt", size);
	jw_member_uint(w, "failcnt", cg_stats_u64(cg, h, file));
	jw_object_close(w);
}

void cg_stats_v1(struct json_writer *w, const struct jf_cgroup *cg)
{
	int h = cg_layout_find(cg->layout, "hugetlb");

	cpu(w, cg);
	memory(w, cg);
	pids(w, cg);
	blkio(w, cg);
	if (h >= 0 && cg->layout->hier[h].v2)
		cg_stats_v2_hugetlb(w, cg, cg_stats_hier(cg, "hugetlb"));
	else
		cg_json_hugetlb(w, cg, cg_stats_hier(cg, "hugetlb"),
				"limit_in_bytes", hugetlb_one);
}
