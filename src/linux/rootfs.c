/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "linux/mount_options.h"
#include "linux/safe_path.h"

static unsigned long configured_propagation(const struct oci_config *c)
{
	const char *p = c->linux_ ? c->linux_->rootfs_propagation : NULL;

	return p != NULL ? jf_propagation_flags(p) : 0;
}

/* pivot_root refuses a new root whose parent mount is shared. */
static int make_parent_mount_private(const char *rootfs, struct jf_error *err)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s", rootfs);
	for (;;) {
		char *slash;
		if (mount(NULL, path, NULL, MS_PRIVATE, NULL) == 0)
			return 0;
		if (errno != EINVAL)
			return jf_error_errno(
			    err, "making the mount of %s private", path);
		/* EINVAL: not a mount point; try the parent directory. */
		slash = strrchr(path, '/');
		if (slash == NULL || slash == path) {
			if (mount(NULL, "/", NULL, MS_PRIVATE, NULL) < 0)
				return jf_error_errno(err, "making / private");
			return 0;
		}
		*slash = '\0';
	}
}

int jf_rootfs_prepare(const char *rootfs, const struct oci_config *c,
		      struct jf_error *err)
{
	unsigned long prop = configured_propagation(c);
	int fd;

	if (c->linux_ != NULL && c->linux_->rootfs_propagation != NULL &&
	    prop == 0)
		return jf_error_set(
		    err, 0, "linux.rootfsPropagation: unknown value \"%s\"",
		    c->linux_->rootfs_propagation);
	/* Nothing we mount may leak back to the host. */
	if (prop == 0)
		prop = MS_SLAVE | MS_REC;
	if (mount(NULL, "/", NULL, prop, NULL) < 0)
		return jf_error_errno(err, "setting the propagation of /");
	/* After a recursive slave or private no mount is shared any more
	 * (the default): only otherwise is the rootfs' parent made private. */
	if (!((prop & MS_REC) && (prop & (MS_SLAVE | MS_PRIVATE))) &&
	    make_parent_mount_private(rootfs, err) < 0)
		return -1;
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return jf_error_errno(err, "root.path: bind mount %s", rootfs);
	fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return jf_error_errno(err, "root.path: %s", rootfs);
	return fd;
}

static int enter_by_move(const char *rootfs, struct jf_error *err)
{
	if (chdir(rootfs) < 0)
		return jf_error_errno(err, "chdir %s", rootfs);
	if (mount(rootfs, "/", NULL, MS_MOVE, NULL) < 0)
		return jf_error_errno(err, "--no-pivot: moving %s to /",
				      rootfs);
	if (chroot(".") < 0)
		return jf_error_errno(err, "--no-pivot: chroot");
	if (chdir("/") < 0)
		return jf_error_errno(err, "chdir /");
	return 0;
}

int jf_rootfs_enter(const char *rootfs, bool no_pivot, struct jf_error *err)
{
	cleanup_close int oldroot = -1, newroot = -1;

	if (no_pivot)
		return enter_by_move(rootfs, err);
	oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	newroot = open(rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (oldroot < 0 || newroot < 0)
		return jf_error_errno(err, "opening the old and new roots");
	/* pivot_root(".", ".") stacks the old root on top of the new one;
	 * detaching it then leaves only the new root. */
	if (fchdir(newroot) < 0)
		return jf_error_errno(err, "chdir %s", rootfs);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return jf_error_errno(err, "pivot_root %s", rootfs);
	if (fchdir(oldroot) < 0)
		return jf_error_errno(err, "chdir to the old root");
	if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		return jf_error_errno(err, "making the old root a slave");
	if (umount2(".", MNT_DETACH) < 0)
		return jf_error_errno(err, "detaching the old root");
	if (chdir("/") < 0)
		return jf_error_errno(err, "chdir /");
	return 0;
}

int jf_rootfs_set_propagation(const struct oci_config *c, struct jf_error *err)
{
	unsigned long prop = configured_propagation(c);

	if (prop == 0)
		return 0;
	if (mount(NULL, "/", NULL, prop, NULL) < 0)
		return jf_error_errno(err, "linux.rootfsPropagation: %s",
				      c->linux_->rootfs_propagation);
	return 0;
}

int jf_rootfs_null_tree(const struct oci_config *c, struct jf_error *err)
{
	cleanup_close int fd = -1;
	struct stat st;
	int tree;

	if (c->linux_ == NULL || c->linux_->n_masked_paths == 0)
		return -2;
	/* The host's, before pivot_root: never the image's, which may be a
	 * symlink to anything (CVE-2025-31133). */
	fd = open("/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		return jf_error_errno(
		    err, "linux.maskedPaths: the host's /dev/null");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
		return jf_error_set(
		    err, 0,
		    "linux.maskedPaths: the host's /dev/null is not the "
		    "null device (1:3)");
	tree = jf_clone_tree(fd, false);
	if (tree < 0)
		return jf_error_errno(
		    err, "linux.maskedPaths: bind mount of /dev/null");
	return tree;
}

/* Is fd the null device (1:3)? */
static bool is_null_device(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	       st.st_rdev == makedev(1, 3);
}

/* Directories are masked with one empty read-only tmpfs, bound onto the
 * others (a superblock made and torn down once, not per directory); files
 * with the host's /dev/null from null_tree, attached once and bound onto
 * the others.  Each path is resolved inside the root, and mounted on by fd:
 * a symlink of the image cannot redirect a mask. */
int jf_rootfs_mask_paths(const struct oci_config *c, int null_tree,
			 struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;
	cleanup_close int root = -1, first_dir = -1;
	bool null_attached = false;

	if (l == NULL || l->n_masked_paths == 0)
		return 0;
	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return jf_error_errno(err, "linux.maskedPaths: opening /");
	for (size_t i = 0; i < l->n_masked_paths; i++) {
		const char *p = l->masked_paths[i];
		cleanup_close int fd = jf_open_in_root(root, p, O_PATH);
		struct stat st;
		int r;

		if (fd < 0 && errno == ENOENT)
			continue;
		if (fd < 0 || fstat(fd, &st) < 0)
			return jf_error_errno(err, "linux.maskedPaths[%zu]: %s",
					      i, p);
		/* By fds alone: the container may have no /proc. */
		if (S_ISDIR(st.st_mode) && first_dir >= 0)
			r = jf_bind_fd(first_dir, fd);
		else if (S_ISDIR(st.st_mode))
			r = jf_mount_empty_tmpfs(fd);
		else if (null_tree < 0)
			return jf_error_set(
			    err, 0, "linux.maskedPaths[%zu]: no /dev/null", i);
		else if (null_attached)
			r = jf_bind_fd(null_tree, fd);
		else
			r = jf_attach_tree(null_tree, fd);
		if (r < 0)
			return jf_error_errno(
			    err, "linux.maskedPaths[%zu]: masking %s", i, p);
		if (S_ISDIR(st.st_mode) && first_dir < 0) {
			first_dir =
			    jf_open_in_root(root, p, O_PATH | O_DIRECTORY);
			if (first_dir < 0)
				return jf_error_errno(
				    err, "linux.maskedPaths[%zu]: %s", i, p);
		} else if (!S_ISDIR(st.st_mode) && !null_attached) {
			/* The tree's fd now names the attached mount. */
			null_attached = true;
			if (!is_null_device(null_tree))
				return jf_error_set(
				    err, 0,
				    "linux.maskedPaths[%zu]: %s: the mask is "
				    "not the null device",
				    i, p);
		}
	}
	return 0;
}

static unsigned long current_flags(const char *path)
{
	struct statvfs sv;
	unsigned long f = 0;

	if (statvfs(path, &sv) < 0)
		return 0;
	f |= (sv.f_flag & ST_NOSUID) ? MS_NOSUID : 0;
	f |= (sv.f_flag & ST_NODEV) ? MS_NODEV : 0;
	f |= (sv.f_flag & ST_NOEXEC) ? MS_NOEXEC : 0;
	f |= (sv.f_flag & ST_NOATIME) ? MS_NOATIME : 0;
	f |= (sv.f_flag & ST_NODIRATIME) ? MS_NODIRATIME : 0;
	f |= (sv.f_flag & ST_RELATIME) ? MS_RELATIME : 0;
	return f;
}

/* Only the read-only bit changes: one mount_setattr, or (before Linux
 * 5.12) a remount that repeats the flags the mount has. */
static int remount_readonly(const char *path)
{
	if (jf_mount_setattr_flags(AT_FDCWD, path, MS_RDONLY, false) == 0)
		return 0;
	if (errno != ENOSYS)
		return -1;
	return mount(NULL, path, NULL,
		     MS_REMOUNT | MS_BIND | MS_RDONLY | current_flags(path),
		     NULL);
}

int jf_rootfs_readonly_paths(const struct oci_config *c, struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;
	cleanup_close int root = -1;

	if (l == NULL || l->n_readonly_paths == 0)
		return 0;
	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return jf_error_errno(err, "linux.readonlyPaths: opening /");
	for (size_t i = 0; i < l->n_readonly_paths; i++) {
		const char *p = l->readonly_paths[i];
		cleanup_close int fd = jf_open_in_root(root, p, O_PATH);
		cleanup_close int tree = -1;

		if (fd < 0 && errno == ENOENT)
			continue;
		if (fd < 0)
			return jf_error_errno(
			    err, "linux.readonlyPaths[%zu]: %s", i, p);
		/* A read-only copy of what is there, attached over it by fds
		 * alone (the container may have no /proc). */
		tree = jf_clone_tree(fd, true);
		if (tree < 0 ||
		    jf_mount_setattr_flags(tree, "", MS_RDONLY, true) < 0 ||
		    jf_attach_tree(tree, fd) < 0)
			return jf_error_errno(
			    err, "linux.readonlyPaths[%zu]: %s", i, p);
		close(tree);
		tree = -1;
	}
	return 0;
}

int jf_rootfs_make_readonly(struct jf_error *err)
{
	if (remount_readonly("/") < 0)
		return jf_error_errno(err,
				      "root.readonly: remounting / read-only");
	return 0;
}
