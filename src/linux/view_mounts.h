/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The mounts of the /proc views (procvirt/) inside a container, replaced
 * whole: a reader sees the whole old file or the whole new one, never a
 * torn, empty or host's one, and the mount table keeps its size.
 *
 * Each version of a view is written into a NEW file of a tmpfs that lives
 * in a mount namespace of the refresher's own (the stage: unshared once,
 * a slave of the host's, so nothing made there reaches the host and no
 * directory on the host leads to it).  Files are never rewritten in place;
 * a file's name goes once it is mounted (the tmpfs never grows).
 *
 * Two ways to put a new version under the container's /proc/X:
 *   beneath (Linux 6.5+): a bind of the file is moved beneath the current
 *     top (move_mount MOVE_MOUNT_BENEATH), then the top is unmounted.
 *   propagation (older kernels, Debian 12's 6.1): the mount holding the
 *     view's directory (the container's /proc, /sys) is made shared; a
 *     clone of it (a peer) is attached in the stage, the file is bound
 *     onto the clone's X, and the kernel propagates that mount to the
 *     container's peer, where it goes beneath the mount already at X
 *     ("tucked", since Linux 4.11); then the old top is unmounted in the
 *     container, and the clone, made private first, in the stage.
 * In both, readers see the old version until the top's umount and the new
 * one after it: one atomic step.
 *
 * The moves happen in the container's mount namespace: the refresher
 * enters it and the stage with setns and comes back (one thread).
 */
#ifndef JF_LINUX_VIEW_MOUNTS_H
#define JF_LINUX_VIEW_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

#define JF_VIEW_MOUNTS_MAX 16

struct jf_view_mounts {
	int self_ns;	     /* the refresher's own mount namespace */
	int ct_ns;	     /* the container's */
	int stage_ns;	     /* the stage */
	int tmpfs;	     /* the stage's tmpfs (a directory fd) */
	int cwd;	     /* ours: setns moves us to the namespace's root */
	unsigned long round; /* jf_view_mounts_put calls: the files are named
				"r<round>.<i>" (the tests count refreshes by
				it) */
	bool beneath;	     /* use MOVE_MOUNT_BENEATH */
	bool shared; /* the container's /proc and /sys were made shared */
};

/* One view to put, and whether it is mounted already (in and out). */
struct jf_view_put {
	const char *path; /* "/proc/meminfo" */
	const char *data;
	size_t len;
	bool mounted;
	int result; /* 0 put, -1 failed */
};

/* The namespaces of the init (its pid checked by the caller), the stage.
 * JFRUN_PROC_VIEWS_PROPAGATION=1 in the environment forces the
 * propagation way on a kernel that has MOVE_MOUNT_BENEATH (tests). */
int jf_view_mounts_open(struct jf_view_mounts *m, pid_t init,
			struct jf_error *err);
void jf_view_mounts_close(struct jf_view_mounts *m);

/* Put every view of puts[0..n) in the container; returns in the
 * refresher's own namespace.  -1 only when it cannot come back there (the
 * caller must not go on) or nothing could be staged; each view's own
 * failure is in its result, and err names the first. */
int jf_view_mounts_put(struct jf_view_mounts *m, struct jf_view_put *puts,
		       size_t n, struct jf_error *err);

#endif
