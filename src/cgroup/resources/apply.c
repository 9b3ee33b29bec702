/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Apply a plan through libcgroup, in order.
 *
 * libcgroup writes the values of one struct cgroup controller by controller,
 * each value once, and a value with several lines as one write() per line.
 * So consecutive writes to one file (device rules, throttles) become one
 * multi-line value, and a batch ends where a file comes back, which keeps
 * the plan's order.  libcgroup does not say which value failed: a failed
 * batch is replayed one value at a time (the writes are idempotent) to name
 * the field.  Writes with a fallback file or an optional file go alone.
 *
 * v1 device rules are the exception, written directly, one rule per
 * write() as the kernel takes them: they must all be in place before the
 * container's init joins (it makes its device nodes under them, see
 * jf_cgroup_create_late), and a config that only has them (the default one)
 * then needs no libcgroup at all, whose cgroup_init() costs 0.5-1 ms.
 */
#include <errno.h>
#include <fcntl.h>
#include <libcgroup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cgroup/resources/resources.h"
#include "cleanup.h"

/* libcgroup's CG_CONTROL_VALUE_MAX is 4096 (it prints and fails above). */
#define LIB_VALUE_MAX 4000

static bool same_file(const struct cg_write *a, const struct cg_write *b)
{
	return strcmp(a->ctrl, b->ctrl) == 0 && strcmp(a->file, b->file) == 0;
}

static bool is_device_rule(const struct cg_write *w)
{
	return strcmp(w->ctrl, "devices") == 0;
}

static bool alone(const struct cg_write *w)
{
	return is_device_rule(w) || w->alt_file[0] != '\0' || w->optional ||
	       strlen(w->value) >= LIB_VALUE_MAX / 2;
}

static int apply_one(const struct jf_cgroup *cg, const struct cg_write *w,
		     struct jf_error *err)
{
	int r;

	if (strlen(w->value) >= LIB_VALUE_MAX)
		return jf_error_set(err, 0, "%s: value too long", w->field);
	r = cg_lib_set(cg, w->ctrl, w->file, w->value);
	if (r == ECGROUPVALUENOTEXIST && w->alt_file[0] != '\0')
		r = cg_lib_set(cg, w->ctrl, w->alt_file,
			       w->alt_value ? w->alt_value : w->value);
	if (r == 0)
		return 0;
	if (r == ECGROUPVALUENOTEXIST && w->optional) {
		cg_warn("%s: ignored, this host has no %s", w->field, w->file);
		return 0;
	}
	if (r == ECGROUPVALUENOTEXIST)
		return jf_error_set(
		    err, 0, "%s: not supported by this host (no %s%s%s)",
		    w->field, w->file, w->alt_file[0] ? " or " : "",
		    w->alt_file);
	if (r == ECGOTHER)
		return jf_error_set(err, cgroup_get_last_errno(),
				    "%s: writing \"%s\" to %s", w->field,
				    w->value, w->file);
	return jf_error_set(err, 0, "%s: writing %s: %s", w->field, w->file,
			    cgroup_strerror(r));
}

static bool seen_before(const struct cg_plan *p, size_t start, size_t j)
{
	for (size_t k = start; k < j; k++)
		if (same_file(&p->w[k], &p->w[j]))
			return true;
	return false;
}

/* The end of the batch starting at `start`. */
static size_t batch_end(const struct cg_plan *p, size_t start)
{
	size_t run = strlen(p->w[start].value);
	size_t j;

	for (j = start + 1; j < p->n; j++) {
		const struct cg_write *w = &p->w[j];

		if (alone(w))
			break;
		if (same_file(w, &p->w[j - 1])) {
			run += strlen(w->value) + 1;
			if (run >= LIB_VALUE_MAX)
				break;
			continue;
		}
		if (seen_before(p, start, j))
			break;
		run = strlen(w->value);
	}
	return j;
}

/* Writes [i, end) of one file joined by newlines. */
static char *join_run(const struct cg_plan *p, size_t i, size_t *end)
{
	size_t len = 0, j;
	char *s;

	for (j = i; j < *end && same_file(&p->w[j], &p->w[i]); j++)
		len += strlen(p->w[j].value) + 1;
	s = malloc(len + 1);
	if (s == NULL)
		return NULL;
	s[0] = '\0';
	for (size_t k = i; k < j; k++) {
		strcat(s, p->w[k].value);
		if (k + 1 < j)
			strcat(s, "\n");
	}
	*end = j;
	return s;
}

static int fill_batch(struct cgroup *lc, const struct cg_plan *p, size_t start,
		      size_t end)
{
	for (size_t i = start; i < end;) {
		const struct cg_write *w = &p->w[i];
		struct cgroup_controller *c =
		    cgroup_get_controller(lc, w->ctrl);
		size_t run_end = end;
		cleanup_free char *value = join_run(p, i, &run_end);

		if (c == NULL)
			c = cgroup_add_controller(lc, w->ctrl);
		if (value == NULL || c == NULL)
			return ECGFAIL;
		if (cgroup_add_value_string(c, w->file, value) != 0)
			return ECGFAIL;
		i = run_end;
	}
	return 0;
}

static int apply_batch(const struct jf_cgroup *cg, const struct cg_plan *p,
		       size_t start, size_t end, struct jf_error *err)
{
	struct cgroup *lc = cgroup_new_cgroup(cg->path);
	int r;

	if (lc == NULL)
		return jf_error_errno(err, "%s", p->w[start].field);
	r = fill_batch(lc, p, start, end);
	if (r == 0)
		r = cgroup_modify_cgroup(lc);
	cgroup_free(&lc);
	if (r == 0)
		return 0;
	for (size_t i = start; i < end; i++)
		if (apply_one(cg, &p->w[i], err) < 0)
			return -1;
	return 0;
}

/* The device rules from p->w[i] on, to the same file, through one fd. */
static int apply_device_rules(const struct jf_cgroup *cg,
			      const struct cg_plan *p, size_t i, size_t *next,
			      struct jf_error *err)
{
	const struct cg_write *first = &p->w[i];
	int h = cg_layout_find(cg->layout, "devices");
	cleanup_close int fd = -1;
	char path[4200];

	if (h < 0 || cg_file(cg, h, first->file, path, sizeof(path)) < 0)
		return jf_error_set(err, 0, "%s: no devices cgroup",
				    first->field);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return jf_error_errno(err, "%s: %s", first->field, path);
	for (;
	     i < p->n && is_device_rule(&p->w[i]) && same_file(&p->w[i], first);
	     i++) {
		size_t len = strlen(p->w[i].value);
		if (write(fd, p->w[i].value, len) != (ssize_t)len)
			return jf_error_errno(err, "%s: writing \"%s\" to %s",
					      p->w[i].field, p->w[i].value,
					      path);
	}
	*next = i;
	return 0;
}

int cg_plan_apply(const struct jf_cgroup *cg, const struct cg_plan *p,
		  struct jf_error *err)
{
	size_t i = 0;
	bool lib = false;

	for (size_t k = 0; k < p->n; k++)
		lib |= !is_device_rule(&p->w[k]);
	if (lib && cg_lib_init(err) < 0)
		return -1;
	while (i < p->n) {
		size_t end;

		if (is_device_rule(&p->w[i])) {
			if (apply_device_rules(cg, p, i, &i, err) < 0)
				return -1;
			continue;
		}
		if (alone(&p->w[i])) {
			if (apply_one(cg, &p->w[i], err) < 0)
				return -1;
			i++;
			continue;
		}
		end = batch_end(p, i);
		if (apply_batch(cg, p, i, end, err) < 0)
			return -1;
		i = end;
	}
	return 0;
}
