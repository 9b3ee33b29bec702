/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The mounts of the /proc views (procvirt/) inside a container, replaced
 * whole: a reader sees the whole old file or the whole new one, never a
 * torn or empty one.
 *
 * Each version of a view is written into a NEW file of a private tmpfs
 * (fsopen/fsmount: detached, in no directory anyone can reach; its fd is
 * the refresher's), cloned as a read-only bind (open_tree) and moved onto
 * the container's /proc/X.  Files are never rewritten in place.  The first
 * version covers the host's file; each next one goes beneath the current
 * top (move_mount MOVE_MOUNT_BENEATH, Linux 6.5), then the top is
 * unmounted: readers see the old file until the umount, the new one after,
 * and the mount table stays the same size.  Kernels without
 * MOVE_MOUNT_BENEATH keep the first version (README: /proc views).
 *
 * The moves happen in the container's mount namespace: enter, replace the
 * views that changed, leave (setns both ways; the caller is one thread).
 */
#ifndef JF_LINUX_VIEW_MOUNTS_H
#define JF_LINUX_VIEW_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

struct jf_view_mounts {
	int self_ns;  /* the refresher's own mount namespace */
	int ct_ns;    /* the container's */
	int tmpfs;    /* the private tmpfs */
	unsigned gen; /* names of the files made */
	bool beneath; /* the kernel has MOVE_MOUNT_BENEATH (until it says
			 otherwise) */
};

/* The namespaces of the init (pid, checked by its start time by the
 * caller) and a new tmpfs. */
int jf_view_mounts_open(struct jf_view_mounts *m, pid_t init,
			struct jf_error *err);
void jf_view_mounts_close(struct jf_view_mounts *m);

int jf_view_mounts_enter(struct jf_view_mounts *m, struct jf_error *err);
int jf_view_mounts_leave(struct jf_view_mounts *m, struct jf_error *err);

/* Inside: data becomes what the container reads at path.  *mounted: the
 * view is there already (in), it is there now (out).  1 when the kernel
 * cannot replace a mounted view (no MOVE_MOUNT_BENEATH): left as it is. */
int jf_view_mount_put(struct jf_view_mounts *m, const char *path,
		      const char *data, size_t len, bool *mounted,
		      struct jf_error *err);

#endif
