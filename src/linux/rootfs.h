/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's root: propagation, making it a mount point, switching to
 * it (pivot_root, or MS_MOVE+chroot with --no-pivot), and the last touches
 * made from inside (masked and read-only paths, read-only root).
 */
#ifndef JF_LINUX_ROOTFS_H
#define JF_LINUX_ROOTFS_H

#include <stdbool.h>

#include "config.h"
#include "error.h"

/* Make "/" private-ish per linux.rootfsPropagation (default rslave) and
 * bind-mount the rootfs on itself.  Returns an O_PATH fd of it. */
int jf_rootfs_prepare(const char *rootfs, const struct oci_config *c,
		      struct jf_error *err);

/* Switch the root of the calling process to rootfs. */
int jf_rootfs_enter(const char *rootfs, bool no_pivot, struct jf_error *err);

/* Before jf_rootfs_enter: a detached bind mount of the host's /dev/null,
 * checked to be the null device, for jf_rootfs_mask_paths (-2 when the
 * config masks nothing). */
int jf_rootfs_null_tree(const struct oci_config *c, struct jf_error *err);

/* Inside the new root. */
int jf_rootfs_set_propagation(const struct oci_config *c, struct jf_error *err);
/* null_tree: jf_rootfs_null_tree()'s; it is attached by the first file. */
int jf_rootfs_mask_paths(const struct oci_config *c, int null_tree,
			 struct jf_error *err);
int jf_rootfs_readonly_paths(const struct oci_config *c, struct jf_error *err);
int jf_rootfs_make_readonly(struct jf_error *err);

#endif
