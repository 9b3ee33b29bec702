/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Paths inside the container's rootfs, resolved by the kernel as if the
 * rootfs were "/" (openat2 RESOLVE_IN_ROOT): a symlink in the rootfs can
 * never send a mount, a device node or a mkdir out of it.
 */
#ifndef JF_LINUX_SAFE_PATH_H
#define JF_LINUX_SAFE_PATH_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* Open path (absolute or relative to the rootfs) with O_PATH; ENOENT when
 * it does not exist. */
int jf_open_in_root(int rootfd, const char *path, int flags);

/* Create path inside the rootfs if needed: parents as directories, the last
 * component as a directory or (file=true) an empty regular file; a dangling
 * symlink on the way is followed inside the root and its target created.
 * Returns an
 * O_PATH fd of the result, to mount on through /proc/self/fd/N. */
int jf_mkpath_in_root(int rootfd, const char *path, bool file, mode_t mode,
		      struct jf_error *err);

/* A detached copy of the mount at fd (open_tree OPEN_TREE_CLONE, with
 * everything below it when recursive), close-on-exec; -1 with errno. */
int jf_clone_tree(int fd, bool recursive);

/* Attach the detached tree `tree` on the object at target_fd (move_mount,
 * no path walked); -1 with errno. */
int jf_attach_tree(int tree, int target_fd);

/* Bind the mount at src_fd onto target_fd by fds alone (open_tree +
 * move_mount): works where no /proc is mounted.  -1 with errno. */
int jf_bind_fd(int src_fd, int target_fd);

/* An empty read-only tmpfs on the directory at target_fd (fsopen, fsmount,
 * move_mount: no path, no /proc).  -1 with errno. */
int jf_mount_empty_tmpfs(int target_fd);

/* "/proc/self/fd/N" into buf. */
const char *jf_fd_path(int fd, char *buf, size_t size);

#endif
