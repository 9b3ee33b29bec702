/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device rules on cgroup v1: one line per rule to devices.allow or
 * devices.deny, in order (the plan keeps the order; resources/apply.c writes
 * them directly, consecutive lines of one file through one fd).
 */
#include <inttypes.h>
#include <stdio.h>

#include "cgroup/core/core.h"
#include "cgroup/devices/devices.h"

/* "c 1:3 rwm"; type a means everything to the kernel, whatever follows. */
static void rule_line(const struct cg_dev_rule *r, char *buf, size_t size)
{
	char major[24] = "*", minor[24] = "*", access[4];
	size_t n = 0;

	if (r->type == 'a') {
		snprintf(buf, size, "a");
		return;
	}
	if (r->major >= 0)
		snprintf(major, sizeof(major), "%" PRId64, r->major);
	if (r->minor >= 0)
		snprintf(minor, sizeof(minor), "%" PRId64, r->minor);
	if (r->access & CG_DEV_R)
		access[n++] = 'r';
	if (r->access & CG_DEV_W)
		access[n++] = 'w';
	if (r->access & CG_DEV_M)
		access[n++] = 'm';
	access[n] = '\0';
	snprintf(buf, size, "%c %s:%s %s", r->type, major, minor, access);
}

int cg_v1_devices(struct cg_build *b, const struct cg_dev_rule *rules, size_t n,
		  struct jf_error *err)
{
	char line[64], field[128];

	if (cg_build_need(b, "devices", "linux.resources.devices", err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct cg_dev_rule *r = &rules[i];

		rule_line(r, line, sizeof(line));
		if (r->spec_index >= 0)
			snprintf(field, sizeof(field),
				 "linux.resources.devices[%d]", r->spec_index);
		else
			snprintf(field, sizeof(field),
				 "default device rule \"%s\"", line);
		if (!cg_plan_add(b->plan, "devices",
				 r->allow ? "devices.allow" : "devices.deny",
				 field, err, "%s", line))
			return -1;
	}
	return 0;
}
