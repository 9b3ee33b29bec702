/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `update` is all or nothing: before a plan touches a live cgroup, every
 * file it writes is checked to exist (the file or its fallback) and its
 * current value is read; when a write then fails, the old values are
 * written back in reverse order.  Reverse order visits the same
 * intermediate states as the writes did, so ordered pairs (v1 memory.limit
 * before or after memsw) stay valid on the way back.
 *
 * Keyed files (one line per device or interface) are restored by their
 * key: the old line, or the kernel's "no setting" value when there was
 * none.  Device rules are not read back: the plan has them last, so they
 * are only written once every value is in.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cgroup/resources/resources.h"

static int hier_of(const struct jf_cgroup *cg, const struct cg_write *w)
{
	if (strcmp(w->ctrl, "cgroup") == 0)
		return cg->layout->unified;
	return cg_layout_find(cg->layout, w->ctrl);
}

static bool is_device_rule(const struct cg_write *w)
{
	return strcmp(w->ctrl, "devices") == 0;
}

/* The file w lands in: its own, else the fallback; NULL when neither. */
static const char *target(const struct jf_cgroup *cg, int h,
			  const struct cg_write *w, char *path, size_t size)
{
	if (cg_file(cg, h, w->file, path, size) == 0 && access(path, F_OK) == 0)
		return w->file;
	if (w->alt_file[0] != '\0' &&
	    cg_file(cg, h, w->alt_file, path, size) == 0 &&
	    access(path, F_OK) == 0)
		return w->alt_file;
	return NULL;
}

int cg_plan_save(const struct jf_cgroup *cg, const struct cg_plan *p,
		 uint32_t mask, char **old, struct jf_error *err)
{
	char path[4200];

	for (size_t i = 0; i < p->n; i++) {
		const struct cg_write *w = &p->w[i];
		int h = hier_of(cg, w);

		if (is_device_rule(w) || h < 0 || !(mask & (1u << h)) ||
		    old[i] != NULL)
			continue;
		if (target(cg, h, w, path, sizeof(path)) == NULL) {
			if (w->optional)
				continue; /* apply warns */
			return jf_error_set(
			    err, 0,
			    "%s: not supported by this host (no %s%s%s)",
			    w->field, w->file, w->alt_file[0] ? " or " : "",
			    w->alt_file);
		}
		if (cg_read_alloc(path, &old[i], err) < 0)
			return jf_error_wrap(err, "%s: reading the old value",
					     w->field);
	}
	return 0;
}

static const char *const keyed_files[][2] = {
    /* file, the value that means "no setting" for a key */
    {"blkio.weight_device", "0"},
    {"blkio.leaf_weight_device", "0"},
    {"blkio.bfq.weight_device", "0"},
    {"blkio.throttle.read_bps_device", "0"},
    {"blkio.throttle.write_bps_device", "0"},
    {"blkio.throttle.read_iops_device", "0"},
    {"blkio.throttle.write_iops_device", "0"},
    {"io.max", "rbps=max wbps=max riops=max wiops=max"},
    {"io.weight", "default"},
    {"io.bfq.weight", "default"},
    {"rdma.max", "hca_handle=max hca_object=max"},
    {"net_prio.ifpriomap", "0"},
};

/* The reset value of a keyed write ("8:0 ..."), or NULL for a plain one. */
static const char *keyed_reset(const char *file, const char *value)
{
	if (strchr(value, ' ') == NULL)
		return NULL; /* io.weight "500": the default weight */
	for (size_t i = 0; i < sizeof(keyed_files) / sizeof(*keyed_files); i++)
		if (strcmp(file, keyed_files[i][0]) == 0)
			return keyed_files[i][1];
	return NULL;
}

/* The line of `text` that starts with `key ` (copied to buf), or NULL. */
static const char *line_of(const char *text, const char *key, size_t key_len,
			   char *buf, size_t size)
{
	for (const char *s = text; s != NULL && *s != '\0';) {
		size_t len = strcspn(s, "\n");

		if (len > key_len && strncmp(s, key, key_len) == 0 &&
		    s[key_len] == ' ') {
			snprintf(buf, size, "%.*s", (int)len, s);
			return buf;
		}
		s += len;
		s += *s == '\n';
	}
	return NULL;
}

const char *cg_restore_value(const char *file, const struct cg_write *w,
			     const char *old, char *buf, size_t size)
{
	const char *reset = keyed_reset(file, w->value);
	const char *s;

	if (reset != NULL) {
		size_t key_len = strcspn(w->value, " ");

		if (line_of(old, w->value, key_len, buf, size) != NULL)
			return buf;
		snprintf(buf, size, "%.*s %s", (int)key_len, w->value, reset);
		return buf;
	}
	if (strcmp(file, "memory.oom_control") == 0) {
		s = strstr(old, "oom_kill_disable ");
		snprintf(buf, size, "%c",
			 s ? s[strlen("oom_kill_disable ")] : '0');
		return buf;
	}
	/* "default 100" (io.weight, io.bfq.weight): the default weight. */
	if (strncmp(old, "default ", 8) == 0)
		old += 8;
	snprintf(buf, size, "%.*s", (int)strcspn(old, "\n"), old);
	return buf;
}

void cg_plan_restore(const struct jf_cgroup *cg, const struct cg_plan *p,
		     char **old)
{
	char path[4200], value[4096];
	struct jf_error err;

	for (size_t i = p->n; i-- > 0;) {
		const struct cg_write *w = &p->w[i];
		const char *file;
		int h = hier_of(cg, w);

		if (old[i] == NULL || h < 0)
			continue;
		file = target(cg, h, w, path, sizeof(path));
		if (file == NULL)
			continue;
		cg_restore_value(file, w, old[i], value, sizeof(value));
		if (cg_write(path, value, &err) < 0)
			cg_warn("%s: could not put back the old value of %s: "
				"%s",
				w->field, file, err.msg);
	}
}

void cg_saved_free(char **old, size_t n)
{
	for (size_t i = 0; old != NULL && i < n; i++)
		free(old[i]);
	free(old);
}
