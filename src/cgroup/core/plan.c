/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A plan: the ordered file writes that apply linux.resources, each with the
 * spec field it comes from.  Building it touches nothing, so every value is
 * checked before a cgroup exists, and errors can name the field.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/core/core.h"

struct cg_write *cg_plan_add(struct cg_plan *p, const char *ctrl,
			     const char *file, const char *field,
			     struct jf_error *err, const char *fmt, ...)
{
	struct cg_write *w;
	va_list ap;
	int n;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct cg_write *bigger = realloc(p->w, cap * sizeof(*bigger));

		if (bigger == NULL) {
			jf_error_errno(err, "%s", field);
			return NULL;
		}
		p->w = bigger;
		p->cap = cap;
	}
	w = &p->w[p->n];
	memset(w, 0, sizeof(*w));
	snprintf(w->ctrl, sizeof(w->ctrl), "%s", ctrl);
	snprintf(w->file, sizeof(w->file), "%s", file);
	snprintf(w->field, sizeof(w->field), "%s", field);
	va_start(ap, fmt);
	n = vasprintf(&w->value, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->value = NULL;
		jf_error_errno(err, "%s", field);
		return NULL;
	}
	p->n++;
	return w;
}

int cg_plan_split(struct cg_plan *p, bool (*keep)(const struct cg_write *),
		  struct cg_plan *rest, struct jf_error *err)
{
	size_t kept = 0;

	rest->w = calloc(p->n ? p->n : 1, sizeof(*rest->w));
	if (rest->w == NULL)
		return jf_error_errno(err, "cgroup values");
	rest->n = 0;
	rest->cap = p->n ? p->n : 1;
	rest->need = p->need;
	for (size_t i = 0; i < p->n; i++) {
		if (keep(&p->w[i]))
			p->w[kept++] = p->w[i];
		else
			rest->w[rest->n++] = p->w[i];
	}
	p->n = kept;
	return 0;
}

void cg_plan_free(struct cg_plan *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->w[i].value);
		free(p->w[i].alt_value);
	}
	free(p->w);
	p->w = NULL;
	p->n = p->cap = 0;
}
