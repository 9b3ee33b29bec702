/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src/cgroup/stats/: `events --stats` (stats.c, the v1.c and v2.c files
 * under it) and the OOM watch and count of `events` and the shim (oom.c,
 * oom_kills.c), all reading through read.c.
 */
#ifndef JF_CGROUP_STATS_H
#define JF_CGROUP_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "cgroup/core/core.h"
#include "json_write.h"

/* The directory of a controller's cgroup, or -1 when the container has
 * none there (its section is then left out). */
int cg_stats_hier(const struct jf_cgroup *cg, const char *controller);
/* Whether the cgroup has this file in hierarchy h (v2: whether the
 * controller is enabled there). */
bool cg_stats_has(const struct jf_cgroup *cg, int h, const char *file);
/* A file of the cgroup in hierarchy h, malloc'd; NULL when absent. */
char *cg_stats_text(const struct jf_cgroup *cg, int h, const char *file);
/* A one-number file; 0 when absent, UINT64_MAX for "max". */
uint64_t cg_stats_u64(const struct jf_cgroup *cg, int h, const char *file);
/* The value of "key value" in a flat-keyed file's text; 0 when absent. */
uint64_t cg_stats_kv(const char *text, const char *key);

/* "key value" lines as one JSON object of numbers. */
void cg_json_kv_map(struct json_writer *w, const char *key, const char *text);
void cg_json_blkio_entry(struct json_writer *w, const char *majmin,
			 const char *op, uint64_t value);
/* "hugetlb": {"2MB": {...}} for the page sizes found as
 * hugetlb.<size>.<suffix>; nothing when there are none. */
void cg_json_hugetlb(struct json_writer *w, const struct jf_cgroup *cg, int h,
		     const char *suffix,
		     void (*one)(struct json_writer *, const struct jf_cgroup *,
				 int, const char *size));

void cg_stats_v1(struct json_writer *w, const struct jf_cgroup *cg);
void cg_stats_v2(struct json_writer *w, const struct jf_cgroup *cg);
/* Only on the hybrid layout: hugetlb on the cgroup2 mount. */
void cg_stats_v2_hugetlb(struct json_writer *w, const struct jf_cgroup *cg,
			 int h);

#endif
