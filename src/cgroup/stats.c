/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `events --stats`: the "data" object of runc's stats event (types/events.go
 * in runc): cpu, memory, pids, blkio, hugetlb.  Only what is measured: the
 * section of a controller the container is not in is left out (runc
 * reports zeros there, which read as a container that uses nothing).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/stats.h"
#include "cleanup.h"

int cg_stats_hier(const struct jf_cgroup *cg, const char *controller)
{
	int h = cg_layout_find(cg->layout, controller);

	return cg_has(cg, h) ? h : -1;
}

char *cg_stats_text(const struct jf_cgroup *cg, int h, const char *file)
{
	char path[4200];
	char *text = NULL;

	if (h < 0 || cg_file(cg, h, file, path, sizeof(path)) < 0 ||
	    cg_read_alloc(path, &text, NULL) < 0)
		return NULL;
	return text;
}

bool cg_stats_has(const struct jf_cgroup *cg, int h, const char *file)
{
	char path[4200];

	return h >= 0 && cg_file(cg, h, file, path, sizeof(path)) == 0 &&
	       access(path, F_OK) == 0;
}

uint64_t cg_stats_u64(const struct jf_cgroup *cg, int h, const char *file)
{
	char path[4200];
	uint64_t v = 0;

	if (h < 0 || cg_file(cg, h, file, path, sizeof(path)) < 0 ||
	    cg_read_u64(path, &v, NULL) < 0)
		return 0;
	return v;
}

uint64_t cg_stats_kv(const char *text, const char *key)
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

void cg_json_key(yajl_gen g, const char *key)
{
	yajl_gen_string(g, (const unsigned char *)key, strlen(key));
}

void cg_json_u64(yajl_gen g, const char *key, uint64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%" PRIu64, v);

	cg_json_key(g, key);
	yajl_gen_number(g, buf, (size_t)n);
}

void cg_json_str(yajl_gen g, const char *key, const char *v)
{
	cg_json_key(g, key);
	yajl_gen_string(g, (const unsigned char *)v, strlen(v));
}

void cg_json_kv_map(yajl_gen g, const char *key, const char *text)
{
	cleanup_free char *copy = text ? strdup(text) : NULL;
	char *save = NULL;

	cg_json_key(g, key);
	yajl_gen_map_open(g);
	for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL;
	     line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (sp == NULL)
			continue;
		*sp = '\0';
		cg_json_u64(g, line, strtoull(sp + 1, NULL, 10));
	}
	yajl_gen_map_close(g);
}

void cg_json_blkio_entry(yajl_gen g, const char *majmin, const char *op,
			 uint64_t value)
{
	unsigned long major = 0, minor = 0;

	sscanf(majmin, "%lu:%lu", &major, &minor);
	yajl_gen_map_open(g);
	cg_json_u64(g, "major", major);
	cg_json_u64(g, "minor", minor);
	cg_json_str(g, "op", op);
	cg_json_u64(g, "value", value);
	yajl_gen_map_close(g);
}

void cg_json_hugetlb(yajl_gen g, const struct jf_cgroup *cg, int h,
		     const char *suffix,
		     void (*one)(yajl_gen, const struct jf_cgroup *, int,
				 const char *size))
{
	char dir[4096], size[32];
	struct dirent *e;
	bool open = false;
	DIR *d;

	d = h >= 0 && cg_dir(cg, h, dir, sizeof(dir)) == 0 ? opendir(dir)
							   : NULL;
	while (d != NULL && (e = readdir(d)) != NULL) {
		const char *name = e->d_name, *dot;

		if (strncmp(name, "hugetlb.", 8) != 0)
			continue;
		dot = strchr(name + 8, '.');
		if (dot == NULL || strcmp(dot + 1, suffix) != 0 ||
		    (size_t)(dot - name - 8) >= sizeof(size))
			continue;
		if (!open) {
			cg_json_key(g, "hugetlb");
			yajl_gen_map_open(g);
			open = true;
		}
		snprintf(size, sizeof(size), "%.*s", (int)(dot - name - 8),
			 name + 8);
		cg_json_key(g, size);
		one(g, cg, h, size);
	}
	if (d != NULL)
		closedir(d);
	if (open)
		yajl_gen_map_close(g);
}

int jf_cgroup_stats_json(const struct jf_cgroup *cg, char **ret_json,
			 struct jf_error *err)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	const unsigned char *buf;
	size_t len;

	if (g == NULL)
		return jf_error_set(err, ENOMEM, "cgroup stats");
	yajl_gen_map_open(g);
	if (cg->layout->mode == CG_MODE_V2)
		cg_stats_v2(g, cg);
	else
		cg_stats_v1(g, cg);
	yajl_gen_map_close(g);
	if (yajl_gen_get_buf(g, &buf, &len) != yajl_gen_status_ok ||
	    (*ret_json = strndup((const char *)buf, len)) == NULL) {
		yajl_gen_free(g);
		return jf_error_set(err, ENOMEM, "cgroup stats");
	}
	yajl_gen_free(g);
	return 0;
}
