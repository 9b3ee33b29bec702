/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stats from cgroup v2 files, mapped to runc's v1-shaped JSON as runc does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/stats.h"
#include "cleanup.h"

/* cpu.stat is in every v2 cgroup; its throttling lines only with the cpu
 * controller. */
static void cpu(yajl_gen g, const struct jf_cgroup *cg)
{
	cleanup_free char *stat = cg_stats_text(cg, cg->track, "cpu.stat");
	bool throttling = stat != NULL && strstr(stat, "nr_periods ") != NULL;

	cg_json_key(g, "cpu");
	yajl_gen_map_open(g);
	cg_json_key(g, "usage");
	yajl_gen_map_open(g);
	cg_json_u64(g, "total", cg_stats_kv(stat, "usage_usec") * 1000);
	cg_json_u64(g, "kernel", cg_stats_kv(stat, "system_usec") * 1000);
	cg_json_u64(g, "user", cg_stats_kv(stat, "user_usec") * 1000);
	yajl_gen_map_close(g);
	if (!throttling) {
		yajl_gen_map_close(g);
		return;
	}
	cg_json_key(g, "throttling");
	yajl_gen_map_open(g);
	cg_json_u64(g, "periods", cg_stats_kv(stat, "nr_periods"));
	cg_json_u64(g, "throttledPeriods", cg_stats_kv(stat, "nr_throttled"));
	cg_json_u64(g, "throttledTime",
		    cg_stats_kv(stat, "throttled_usec") * 1000);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

static uint64_t add_max(uint64_t a, uint64_t b)
{
	return a == UINT64_MAX || b == UINT64_MAX ? UINT64_MAX : a + b;
}

/* v1's memsw is memory+swap: runc reports swap that way on v2 too. */
static void memory(yajl_gen g, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "memory");
	cleanup_free char *stat = cg_stats_text(cg, h, "memory.stat");
	cleanup_free char *events = cg_stats_text(cg, h, "memory.events");
	uint64_t cur = cg_stats_u64(cg, h, "memory.current");
	uint64_t max = h >= 0 ? cg_stats_u64(cg, h, "memory.max") : 0;

	if (!cg_stats_has(cg, h, "memory.current"))
		return;
	cg_json_key(g, "memory");
	yajl_gen_map_open(g);
	cg_json_u64(g, "cache", cg_stats_kv(stat, "file"));
	cg_json_key(g, "usage");
	yajl_gen_map_open(g);
	cg_json_u64(g, "limit", max);
	cg_json_u64(g, "usage", cur);
	cg_json_u64(g, "max", cg_stats_u64(cg, h, "memory.peak"));
	cg_json_u64(g, "failcnt", cg_stats_kv(events, "max"));
	yajl_gen_map_close(g);
	cg_json_key(g, "swap");
	yajl_gen_map_open(g);
	cg_json_u64(
	    g, "limit",
	    h >= 0 ? add_max(max, cg_stats_u64(cg, h, "memory.swap.max")) : 0);
	cg_json_u64(g, "usage",
		    cur + cg_stats_u64(cg, h, "memory.swap.current"));
	cg_json_u64(g, "failcnt", 0);
	yajl_gen_map_close(g);
	cg_json_kv_map(g, "raw", stat);
	yajl_gen_map_close(g);
}

static void pids(yajl_gen g, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "pids");
	uint64_t limit = cg_stats_u64(cg, h, "pids.max");

	if (!cg_stats_has(cg, h, "pids.current"))
		return;
	cg_json_key(g, "pids");
	yajl_gen_map_open(g);
	cg_json_u64(g, "current", cg_stats_u64(cg, h, "pids.current"));
	cg_json_u64(g, "limit", limit == UINT64_MAX ? 0 : limit);
	yajl_gen_map_close(g);
}

/* io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" */
static void io_list(yajl_gen g, const char *key, const char *text,
		    const char *rkey, const char *wkey)
{
	cleanup_free char *copy = text ? strdup(text) : NULL;
	char *save = NULL;

	cg_json_key(g, key);
	yajl_gen_array_open(g);
	for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l != NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		char majmin[32];
		const char *r = strstr(l, rkey), *w = strstr(l, wkey);

		if (sscanf(l, "%31s", majmin) != 1)
			continue;
		cg_json_blkio_entry(g, majmin, "Read",
				    r ? strtoull(r + strlen(rkey), NULL, 10)
				      : 0);
		cg_json_blkio_entry(g, majmin, "Write",
				    w ? strtoull(w + strlen(wkey), NULL, 10)
				      : 0);
	}
	yajl_gen_array_close(g);
}

static void blkio(yajl_gen g, const struct jf_cgroup *cg)
{
	cleanup_free char *stat =
	    cg_stats_text(cg, cg_stats_hier(cg, "io"), "io.stat");

	if (stat == NULL)
		return;
	cg_json_key(g, "blkio");
	yajl_gen_map_open(g);
	io_list(g, "ioServiceBytesRecursive", stat, "rbytes=", "wbytes=");
	io_list(g, "ioServicedRecursive", stat, "rios=", "wios=");
	yajl_gen_map_close(g);
}

static void hugetlb_one(yajl_gen g, const struct jf_cgroup *cg, int h,
			const char *size)
{
	char file[96];
	cleanup_free char *events = NULL;
	uint64_t max;

	snprintf(file, sizeof(file), "hugetlb.%s.events", size);
	events = cg_stats_text(cg, h, file);
	yajl_gen_map_open(g);
	snprintf(file, sizeof(file), "hugetlb.%s.current", size);
	cg_json_u64(g, "usage", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "hugetlb.%s.max", size);
	max = cg_stats_u64(cg, h, file);
	cg_json_u64(g, "max", max == UINT64_MAX ? 0 : max);
	cg_json_u64(g, "failcnt", cg_stats_kv(events, "max"));
	yajl_gen_map_close(g);
}

void cg_stats_v2_hugetlb(yajl_gen g, const struct jf_cgroup *cg, int h)
{
	cg_json_hugetlb(g, cg, h, "max", hugetlb_one);
}

void cg_stats_v2(yajl_gen g, const struct jf_cgroup *cg)
{
	cpu(g, cg);
	memory(g, cg);
	pids(g, cg);
	blkio(g, cg);
	cg_stats_v2_hugetlb(g, cg, cg_stats_hier(cg, "hugetlb"));
}
