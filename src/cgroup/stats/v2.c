/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stats from cgroup v2 files, mapped to runc's v1-shaped JSON as runc does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/stats/stats.h"
#include "cleanup.h"

/* cpu.stat is in every v2 cgroup; its throttling lines only with the cpu
 * controller. */
static void cpu(struct json_writer *w, const struct jf_cgroup *cg)
{
	cleanup_free char *stat = cg_stats_text(cg, cg->track, "cpu.stat");
	bool throttling = stat != NULL && strstr(stat, "nr_periods ") != NULL;

	jw_key(w, "cpu");
	jw_object_open(w);
	jw_key(w, "usage");
	jw_object_open(w);
	jw_member_uint(w, "total", cg_stats_kv(stat, "usage_usec") * 1000);
	jw_member_uint(w, "kernel", cg_stats_kv(stat, "system_usec") * 1000);
	jw_member_uint(w, "user", cg_stats_kv(stat, "user_usec") * 1000);
	jw_object_close(w);
	if (!throttling) {
		jw_object_close(w);
		return;
	}
	jw_key(w, "throttling");
	jw_object_open(w);
	jw_member_uint(w, "periods", cg_stats_kv(stat, "nr_periods"));
	jw_member_uint(w, "throttledPeriods",
		       cg_stats_kv(stat, "nr_throttled"));
	jw_member_uint(w, "throttledTime",
		       cg_stats_kv(stat, "throttled_usec") * 1000);
	jw_object_close(w);
	jw_object_close(w);
}

static uint64_t add_max(uint64_t a, uint64_t b)
{
	return a == UINT64_MAX || b == UINT64_MAX ? UINT64_MAX : a + b;
}

/* v1's memsw is memory+swap: runc reports swap that way on v2 too. */
static void memory(struct json_writer *w, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "memory");
	cleanup_free char *stat = cg_stats_text(cg, h, "memory.stat");
	cleanup_free char *events = cg_stats_text(cg, h, "memory.events");
	uint64_t cur = cg_stats_u64(cg, h, "memory.current");
	uint64_t max = h >= 0 ? cg_stats_u64(cg, h, "memory.max") : 0;

	if (!cg_stats_has(cg, h, "memory.current"))
		return;
	jw_key(w, "memory");
	jw_object_open(w);
	jw_member_uint(w, "cache", cg_stats_kv(stat, "file"));
	jw_key(w, "usage");
	jw_object_open(w);
	jw_member_uint(w, "limit", max);
	jw_member_uint(w, "usage", cur);
	jw_member_uint(w, "max", cg_stats_u64(cg, h, "memory.peak"));
	jw_member_uint(w, "failcnt", cg_stats_kv(events, "max"));
	jw_object_close(w);
	jw_key(w, "swap");
	jw_object_open(w);
	jw_member_uint(
	    w, "limit",
	    h >= 0 ? add_max(max, cg_stats_u64(cg, h, "memory.swap.max")) : 0);
	jw_member_uint(w, "usage",
		       cur + cg_stats_u64(cg, h, "memory.swap.current"));
	jw_member_uint(w, "failcnt", 0);
	jw_object_close(w);
	cg_json_kv_map(w, "raw", stat);
	jw_object_close(w);
}

static void pids(struct json_writer *w, const struct jf_cgroup *cg)
{
	int h = cg_stats_hier(cg, "pids");
	uint64_t limit = cg_stats_u64(cg, h, "pids.max");

	if (!cg_stats_has(cg, h, "pids.current"))
		return;
	jw_key(w, "pids");
	jw_object_open(w);
	jw_member_uint(w, "current", cg_stats_u64(cg, h, "pids.current"));
	jw_member_uint(w, "limit", limit == UINT64_MAX ? 0 : limit);
	jw_object_close(w);
}

/* io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" */
static void io_list(struct json_writer *w, const char *key, const char *text,
		    const char *rkey, const char *wkey)
{
	cleanup_free char *copy = text ? strdup(text) : NULL;
	char *save = NULL;

	jw_key(w, key);
	jw_array_open(w);
	for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l != NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		char majmin[32];
		const char *rd = strstr(l, rkey), *wr = strstr(l, wkey);

		if (sscanf(l, "%31s", majmin) != 1)
			continue;
		cg_json_blkio_entry(w, majmin, "Read",
				    rd ? strtoull(rd + strlen(rkey), NULL, 10)
				       : 0);
		cg_json_blkio_entry(w, majmin, "Write",
				    wr ? strtoull(wr + strlen(wkey), NULL, 10)
				       : 0);
	}
	jw_array_close(w);
}

static void blkio(struct json_writer *w, const struct jf_cgroup *cg)
{
	cleanup_free char *stat =
	    cg_stats_text(cg, cg_stats_hier(cg, "io"), "io.stat");

	if (stat == NULL)
		return;
	jw_key(w, "blkio");
	jw_object_open(w);
	io_list(w, "ioServiceBytesRecursive", stat, "rbytes=", "wbytes=");
	io_list(w, "ioServicedRecursive", stat, "rios=", "wios=");
	jw_object_close(w);
}

static void hugetlb_one(struct json_writer *w, const struct jf_cgroup *cg,
			int h, const char *size)
{
	char file[96];
	cleanup_free char *events = NULL;
	uint64_t max;

	snprintf(file, sizeof(file), "hugetlb.%s.events", size);
	events = cg_stats_text(cg, h, file);
	jw_object_open(w);
	snprintf(file, sizeof(file), "hugetlb.%s.current", size);
	jw_member_uint(w, "usage", cg_stats_u64(cg, h, file));
	snprintf(file, sizeof(file), "hugetlb.%s.max", size);
	max = cg_stats_u64(cg, h, file);
	jw_member_uint(w, "max", max == UINT64_MAX ? 0 : max);
	jw_member_uint(w, "failcnt", cg_stats_kv(events, "max"));
	jw_object_close(w);
}

void cg_stats_v2_hugetlb(struct json_writer *w, const struct jf_cgroup *cg,
			 int h)
{
	cg_json_hugetlb(w, cg, h, "max", hugetlb_one);
}

void cg_stats_v2(struct json_writer *w, const struct jf_cgroup *cg)
{
	cpu(w, cg);
	memory(w, cg);
	pids(w, cg);
	blkio(w, cg);
	cg_stats_v2_hugetlb(w, cg, cg_stats_hier(cg, "hugetlb"));
}
