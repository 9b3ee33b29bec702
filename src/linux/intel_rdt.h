/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.intelRdt through resctrl (runtime-spec 1.3: closID, l3CacheSchema,
 * memBwSchema, schemata, enableMonitoring).  A config asking for it where
 * no resctrl is mounted at /sys/fs/resctrl is refused at create, naming the
 * field (runc does the same).
 *
 * Where it is mounted: the CTRL_MON group is closID ("/" is the root, the
 * default CLOS) or, without closID, a directory named after the container
 * that jfrun makes and removes at delete.  Schemata lines are written in
 * the spec's order (l3CacheSchema, memBwSchema, then each of schemata); an
 * existing closID group must already hold them.  enableMonitoring makes
 * mon_groups/<id> in that group, removed at delete.  The init's pid goes
 * into the tasks file of the innermost group.
 * (This path is untested on the development host: it has no resctrl.)
 */
#ifndef JF_LINUX_INTEL_RDT_H
#define JF_LINUX_INTEL_RDT_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"

/* Before anything exists: resctrl is there, the values are well formed. */
int jf_intel_rdt_check(const struct oci_config *c, struct jf_error *err);

/* After the clone, before the init goes on.  No-op without intelRdt. */
int jf_intel_rdt_apply(const struct oci_config *c, const char *id, pid_t pid,
		       struct jf_error *err);

/* delete, and a failed create: what apply made.  Best effort. */
void jf_intel_rdt_remove(const struct oci_config *c, const char *id);

/* Whether resctrl is mounted at /sys/fs/resctrl. */
bool jf_intel_rdt_mounted(void);

#endif
