/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The mounts of the /proc views (linux/view_mounts.h). */
#include "linux/view_mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

#ifndef MOVE_MOUNT_BENEATH
#define MOVE_MOUNT_BENEATH 0x00000200
#endif

int jf_view_mounts_open(struct jf_view_mounts *m, pid_t init,
			struct jf_error *err)
{
	char path[64];
	int fs = -1;

	m->self_ns = m->ct_ns = m->tmpfs = -1;
	m->gen = 0;
	m->beneath = true;
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)init);
	m->self_ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	m->ct_ns = open(path, O_RDONLY | O_CLOEXEC);
	if (m->self_ns < 0 || m->ct_ns < 0)
		goto fail;
	fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0700", 0) <
		0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "16m", 0) <
		0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		goto fail;
	m->tmpfs = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
				MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
				    MOUNT_ATTR_NOEXEC);
	if (m->tmpfs < 0)
		goto fail;
	close(fs);
	return 0;
fail:
	jf_error_errno(err, "proc views: namespaces or tmpfs");
	if (fs >= 0)
		close(fs);
	jf_view_mounts_close(m);
	return -1;
}

void jf_view_mounts_close(struct jf_view_mounts *m)
{
	int *fds[3] = {&m->self_ns, &m->ct_ns, &m->tmpfs};

	for (int i = 0; i < 3; i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}

int jf_view_mounts_enter(struct jf_view_mounts *m, struct jf_error *err)
{
	if (setns(m->ct_ns, CLONE_NEWNS) < 0)
		return jf_error_errno(err,
				      "proc views: setns into the container");
	return 0;
}

int jf_view_mounts_leave(struct jf_view_mounts *m, struct jf_error *err)
{
	if (setns(m->self_ns, CLONE_NEWNS) < 0)
		return jf_error_errno(err, "proc views: setns back");
	return 0;
}

/* A new file of the tmpfs with data, as a detached read-only bind. */
static int new_version(struct jf_view_mounts *m, const char *data, size_t len,
		       char name[32], struct jf_error *err)
{
	struct mount_attr attr = {.attr_set =
				      MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC};
	int fd, tree = -1;
	size_t done = 0;

	snprintf(name, 32, "v%u", m->gen++);
	fd = openat(m->tmpfs, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0444);
	if (fd < 0)
		return jf_error_errno(err, "proc views: new file");
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	if (done == len)
		tree = (int)syscall(SYS_open_tree, m->tmpfs, name,
				    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree >= 0 && syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH,
				 &attr, sizeof(attr)) < 0) {
		close(tree);
		tree = -1;
	}
	if (tree < 0) {
		jf_error_errno(err, "proc views: the file of a version");
		unlinkat(m->tmpfs, name, 0);
	}
	return tree;
}

/* The container's file, by name, no symlink followed (its image may hold
 * any): an O_PATH fd. */
static int open_target(const char *path, struct jf_error *err)
{
	struct open_how how = {.flags = O_PATH | O_CLOEXEC,
			       .resolve =
				   RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
	int fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));

	if (fd < 0)
		jf_error_errno(err, "proc views: %s", path);
	return fd;
}

int jf_view_mount_put(struct jf_view_mounts *m, const char *path,
		      const char *data, size_t len, bool *mounted,
		      struct jf_error *err)
{
	unsigned flags = MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH;
	char name[32];
	int tree, target, rc;

	if (*mounted && !m->beneath)
		return 1;
	tree = new_version(m, data, len, name, err);
	if (tree < 0)
		return -1;
	target = open_target(path, err);
	if (target < 0) {
		unlinkat(m->tmpfs, name, 0);
		close(tree);
		return -1;
	}
	if (*mounted)
		flags |= MOVE_MOUNT_BENEATH;
	rc = (int)syscall(SYS_move_mount, tree, "", target, "", flags);
	if (rc < 0 && *mounted && errno == EINVAL) {
		/* a kernel before 6.5: the view stays as it is */
		m->beneath = false;
		rc = 1;
	} else if (rc < 0) {
		rc = jf_error_errno(err, "proc views: mount over %s", path);
	} else if (*mounted &&
		   umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0) {
		/* The old version, on top of the new one until now. */
		rc =
		    jf_error_errno(err, "proc views: unmount the old %s", path);
	}
	if (rc >= 0)
		*mounted = *mounted || rc == 0;
	close(tree);
	close(target);
	/* The mount holds the file: its name goes (the tmpfs never grows).
	 * Not before the umount: until then the old version is mounted on
	 * it, and a mount point cannot be unlinked. */
	unlinkat(m->tmpfs, name, 0);
	return rc;
}
