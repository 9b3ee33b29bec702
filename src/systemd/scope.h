/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --systemd-cgroup where systemd runs: the container's init goes into a
 * transient scope unit that systemd knows about (as runc and crun do),
 * "<prefix>-<name>.scope" in the slice of "slice:prefix:name".
 */
#ifndef JF_SYSTEMD_SCOPE_H
#define JF_SYSTEMD_SCOPE_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

#define JF_SYSTEMD_SOCKET "/run/systemd/private"

/* Whether systemd runs here and its manager can be reached. */
bool jf_systemd_available(void);

/* The unit and slice of a cgroup path that is a scope: "/a.slice/a-b.slice/
 * p-n.scope" gives "p-n.scope" and "a-b.slice" (the slice is "" right under
 * the root).  False for any other path (buffers too small included). */
bool jf_systemd_scope_of(const char *cgroup_path, char *unit, size_t unit_size,
			 char *slice, size_t slice_size);

/* Start unit (a ".scope") in slice ("" for the default) holding pid, with
 * delegation, and wait until systemd has started it. */
int jf_systemd_start_scope(const char *slice, const char *unit, pid_t pid,
			   const char *description, struct jf_error *err);

/* Stop it; a unit that is gone already is not an error. */
int jf_systemd_stop_unit(const char *unit, struct jf_error *err);

#endif
