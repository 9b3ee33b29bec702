/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading the cgroup files stats are made of, and the JSON shapes both
 * layouts share (v1.c, v2.c, oom*.c). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/stats/stats.h"
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

void cg_json_kv_map(struct json_writer *w, const char *key, const char *text)
{
	cleanup_free char *copy = text ? strdup(text) : NULL;
	char *save = NULL;

	jw_key(w, key);
	jw_object_open(w);
	for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL;
	     line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (sp == NULL)
			continue;
		*sp = '\0';
		jw_member_uint(w, line, strtoull(sp + 1, NULL, 10));
	}
	jw_object_close(w);
}

void cg_json_blkio_entry(struct json_writer *w, const char *majmin,
			 const char *op, uint64_t value)
{
	unsigned long major = 0, minor = 0;

	sscanf(majmin, "%lu:%lu", &major, &minor);
	jw_object_open(w);
	jw_member_uint(w, "major", major);
	jw_member_uint(w, "minor", minor);
	jw_member_string(w, "op", op);
	jw_member_uint(w, "value", value);
	jw_object_close(w);
}

void cg_json_hugetlb(struct json_writer *w, const struct jf_cgroup *cg, int h,
		     const char *suffix,
		     void (*one)(struct json_writer *, const struct jf_cgroup *,
				 int, const char *size))
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
			jw_key(w, "hugetlb");
			jw_object_open(w);
			open = true;
		}
		snprintf(size, sizeof(size), "%.*s", (int)(dot - name - 8),
			 name + 8);
		jw_key(w, size);
		one(w, cg, h, size);
	}
	if (d != NULL)
		closedir(d);
	if (open)
		jw_object_close(w);
}
