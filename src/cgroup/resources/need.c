/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The hierarchy a section of linux.resources needs, for build.c, v1.c, v2.c
 * and the device rules alike. */
#include "cgroup/core/core.h"
#include "cgroup/resources/resources.h"

int cg_build_need(struct cg_build *b, const char *controller, const char *field,
		  struct jf_error *err)
{
	int h = cg_layout_find(b->layout, controller);

	if (h < 0)
		return jf_error_set(err, 0,
				    "%s: the %s cgroup controller is not "
				    "available on this host",
				    field, controller);
	b->plan->need |= 1u << h;
	return h;
}
