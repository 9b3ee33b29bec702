/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /proc views of one container (annotation org.jfrun.proc.virtualize):
 * rendered by procvirt/, mounted by linux/view_mounts.h, refreshed every
 * period (org.jfrun.proc.refresh-ms, default 1000) by a timer of the
 * refresher's event loop: the standalone shim, or the sidecar in managed
 * mode.  One refresher per process (static state).
 *
 * The first versions are mounted before the container's process runs
 * (jf_proc_views_mount, in the shim, or in `create` before the sidecar
 * forks: the sidecar inherits what is mounted).  A refresher that dies
 * leaves the last versions mounted: reads go on, the values go stale, and
 * `state` says so ("procViews": "stale", from <root>/<id>/procviews.pid).
 */
#ifndef JF_SHIM_PROC_VIEWS_H
#define JF_SHIM_PROC_VIEWS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct jf_loop;
struct jf_container;

#define JF_PROC_VIEWS_PID_FILE "procviews.pid"

/* Mount the first versions in the container of init (its cgroup at
 * cgroup_path, NULL when none). */
int jf_proc_views_mount(pid_t init, uint64_t init_start,
			const char *cgroup_path, bool systemd,
			unsigned period_ms, struct jf_error *err);
/* Whether jf_proc_views_mount ran in this process (or before its fork). */
bool jf_proc_views_active(void);
/* In the refresher: its fds again (after a fork that closed them), its
 * pid in dirfd's procviews.pid, and the refresh timer on loop. */
int jf_proc_views_attach(struct jf_loop *loop, int dirfd, struct jf_error *err);
/* One refresh now (tests, bench); what the last one cost. */
int jf_proc_views_refresh(struct jf_error *err);
void jf_proc_views_close(void);

/* For `state`: the container has views whose refresher is gone. */
bool jf_proc_views_stale(const struct jf_container *c);

#endif
