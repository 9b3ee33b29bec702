/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A mount of type "cgroup" in the config: the container's view of
 * /sys/fs/cgroup, for whatever layout the host has (v1, hybrid, v2).
 */
#ifndef JF_LINUX_CGROUP_MOUNT_H
#define JF_LINUX_CGROUP_MOUNT_H

#include <stdbool.h>

#include "error.h"

/* Runs in the init, after it joined its cgroup, before pivot_root.
 * With a cgroup namespace each hierarchy is mounted fresh (its root is the
 * container's cgroup); without one, the container's own cgroup directories
 * are bind-mounted. */
int jf_cgroup_mount(int rootfd, const char *dest, unsigned long flags,
		    bool new_cgroupns, const char *field, struct jf_error *err);

#endif
