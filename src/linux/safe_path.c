/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/safe_path.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#define JF_OPEN_TREE_CLONE	   1
#define JF_AT_RECURSIVE		   0x8000
#define JF_MOVE_MOUNT_F_EMPTY_PATH 0x4
#define JF_MOVE_MOUNT_T_EMPTY_PATH 0x40

int jf_clone_tree(int fd, bool recursive)
{
	return (int)syscall(SYS_open_tree, fd, "",
			    JF_OPEN_TREE_CLONE | AT_EMPTY_PATH | O_CLOEXEC |
				(recursive ? JF_AT_RECURSIVE : 0));
}

int jf_attach_tree(int tree, int target_fd)
{
	return (int)syscall(SYS_move_mount, tree, "", target_fd, "",
			    JF_MOVE_MOUNT_F_EMPTY_PATH |
				JF_MOVE_MOUNT_T_EMPTY_PATH);
}

int jf_bind_fd(int src_fd, int target_fd)
{
	int tree = jf_clone_tree(src_fd, false);
	int r;

	if (tree < 0)
		return -1;
	r = jf_attach_tree(tree, target_fd);
	close(tree);
	return r;
}

#define JF_FSCONFIG_SET_STRING 1
#define JF_FSCONFIG_CMD_CREATE 6
#define JF_FSOPEN_CLOEXEC 1
#define JF_FSMOUNT_CLOEXEC 1
#define JF_MOUNT_ATTR_RDONLY_ 0x1

int jf_mount_empty_tmpfs(int target_fd)
{
	cleanup_close int fs = -1, mnt = -1;

	fs = (int)syscall(SYS_fsopen, "tmpfs", JF_FSOPEN_CLOEXEC);
	if (fs < 0)
		return -1;
	if (syscall(SYS_fsconfig, fs, JF_FSCONFIG_SET_STRING, "size", "0", 0) < 0 ||
	    syscall(SYS_fsconfig, fs, JF_FSCONFIG_SET_STRING, "nr_inodes", "1", 0) < 0 ||
	    syscall(SYS_fsconfig, fs, JF_FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -1;
	mnt = (int)syscall(SYS_fsmount, fs, JF_FSMOUNT_CLOEXEC, JF_MOUNT_ATTR_RDONLY_);
	if (mnt < 0)
		return -1;
	return jf_attach_tree(mnt, target_fd);
}

int jf_open_in_root(int rootfd, const char *path, int flags)
{
	struct open_how how = {
	    .flags = (unsigned long long)(flags | O_CLOEXEC),
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	while (*path == '/')
		path++;
	if (*path == '\0')
		path = ".";
	return (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
}

const char *jf_fd_path(int fd, char *buf, size_t size)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
	return buf;
}

/* Create `name` in the directory `dirfd`, which is already inside the root. */
static int make_component(int dirfd, const char *name, bool file, mode_t mode)
{
	if (file) {
		int fd = openat(
		    dirfd, name,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd < 0)
			return errno == EEXIST ? 0 : -1;
		close(fd);
		return 0;
	}
	if (mkdirat(dirfd, name, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* As many symlinks as the kernel follows in one path walk. */
#define JF_MAX_LINKS 40

/* buf's component `name` (ending at end) is a symlink whose target does
 * not exist: write the target in its place (an absolute one replaces
 * everything up to it), so that the walk creates the target.  Resolved
 * from the root again, the new path cannot leave the root either. */
static int splice_link(int dirfd, char *buf, size_t size, char *name, char *end)
{
	char target[PATH_MAX], rest[PATH_MAX];
	char saved = *end;
	ssize_t n;
	size_t keep, len;

	*end = '\0';
	n = readlinkat(dirfd, name, target, sizeof(target) - 1);
	*end = saved;
	if (n <= 0)
		return -1;
	target[n] = '\0';
	snprintf(rest, sizeof(rest), "%s", end);
	keep = target[0] == '/' ? 0 : (size_t)(name - buf);
	if (keep + (size_t)n + strlen(rest) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf + keep, target, (size_t)n);
	strcpy(buf + keep + (size_t)n, rest);
	len = strlen(buf);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
	return 0;
}

/* The walk: each prefix of buf is resolved from the root (so symlinks in
 * the rootfs resolve as they would inside the container); a missing
 * component is created in its parent, which is already known to be
 * inside; a dangling symlink is followed, inside the root, and its target
 * created (as crun does). */
static int walk_and_make(int rootfd, char *buf, size_t size, bool file,
			 mode_t mode)
{
	cleanup_close int dirfd = -1;
	int links = 0;

restart:
	if (dirfd >= 0)
		close(dirfd);
	dirfd = fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
	if (dirfd < 0)
		return -1;
	for (char *p = buf; *p != '\0';) {
		char *end, saved;
		bool last;
		int next;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		end = p;
		while (*end != '\0' && *end != '/')
			end++;
		last = *end == '\0';
		saved = *end;
		*end = '\0';
		next = jf_open_in_root(rootfd, buf, O_PATH);
		if (next < 0 && errno == ENOENT) {
			if (make_component(dirfd, p, file && last,
					   last ? mode : 0755) < 0)
				return -1;
			next = jf_open_in_root(rootfd, buf, O_PATH);
		}
		*end = saved;
		if (next < 0 && errno == ENOENT) {
			if (++links > JF_MAX_LINKS) {
				errno = ELOOP;
				return -1;
			}
			if (splice_link(dirfd, buf, size, p, end) == 0)
				goto restart;
			errno = ENOENT;
		}
		if (next < 0)
			return -1;
		close(dirfd);
		dirfd = next;
		p = end;
	}
	return steal_fd(dirfd);
}

int jf_mkpath_in_root(int rootfd, const char *path, bool file, mode_t mode,
		      struct jf_error *err)
{
	char buf[PATH_MAX];
	size_t len;
	int fd;

	fd = jf_open_in_root(rootfd, path, O_PATH);
	if (fd >= 0 || errno != ENOENT)
		return fd >= 0 ? fd : jf_error_errno(err, "%s", path);
	len = strlen(path);
	if (len >= sizeof(buf))
		return jf_error_set(err, ENAMETOOLONG, "%s", path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	memcpy(buf, path, len);
	buf[len] = '\0';
	/* Usually only the last component is missing (/dev/pts on a fresh
	 * /dev): its parent, then it, with no walk from the root. */
	{
		char *slash = strrchr(buf, '/');
		int parent = -1;

		if (slash != NULL && slash[1] != '\0') {
			*slash = '\0';
			parent =
			    jf_open_in_root(rootfd, *buf ? buf : "/", O_PATH);
			*slash = '/';
		}
		if (parent >= 0) {
			int r = make_component(parent, slash + 1, file, mode);
			close(parent);
			if (r < 0)
				return jf_error_errno(err, "creating %s", path);
			fd = jf_open_in_root(rootfd, path, O_PATH);
			if (fd >= 0 || errno != ENOENT)
				return fd >= 0
					   ? fd
					   : jf_error_errno(err, "%s", path);
			/* A dangling symlink: the walk follows it. */
		}
	}
	fd = walk_and_make(rootfd, buf, sizeof(buf), file, mode);
	if (fd < 0)
		return jf_error_errno(err, "creating %s", path);
	return fd;
}
