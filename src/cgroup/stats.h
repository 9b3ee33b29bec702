/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by stats.c, stats_v1.c and stats_v2.c. */
#ifndef JF_CGROUP_STATS_H
#define JF_CGROUP_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <yajl/yajl_gen.h>

#include "cgroup/internal.h"

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

void cg_json_key(yajl_gen g, const char *key);
void cg_json_u64(yajl_gen g, const char *key, uint64_t v);
void cg_json_str(yajl_gen g, const char *key, const char *v);
/* "key value" lines as one JSON object of numbers. */
void cg_json_kv_map(yajl_gen g, const char *key, const char *text);
void cg_json_blkio_entry(yajl_gen g, const char *majmin, const char *op,
			 uint64_t value);
/* "hugetlb": {"2MB": {...}} for the page sizes found as
 * hugetlb.<size>.<suffix>; nothing when there are none. */
void cg_json_hugetlb(yajl_gen g, const struct jf_cgroup *cg, int h,
		     const char *suffix,
		     void (*one)(yajl_gen, const struct jf_cgroup *, int,
				 const char *size));

void cg_stats_v1(yajl_gen g, const struct jf_cgroup *cg);
void cg_stats_v2(yajl_gen g, const struct jf_cgroup *cg);
/* Only on the hybrid layout: hugetlb on the cgroup2 mount. */
void cg_stats_v2_hugetlb(yajl_gen g, const struct jf_cgroup *cg, int h);

#endif
