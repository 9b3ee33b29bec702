/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/procfs.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "path_clean.h"

#define PROC_ROOT_INO 1

static int check_procfs(int fd, const char *what, struct jf_error *err)
{
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0)
		return jf_error_errno(err, "%s", what);
	if (sfs.f_type != PROC_SUPER_MAGIC)
		return jf_error_set(err, EXDEV, "%s: not on a procfs", what);
	return 0;
}

int jf_procfs_open(const char *path, struct jf_error *err)
{
	cleanup_close int fd = -1;
	struct stat st;

	fd = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return jf_error_errno(err, "%s", path);
	if (check_procfs(fd, path, err) < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		return jf_error_errno(err, "%s", path);
	if (st.st_ino != PROC_ROOT_INO)
		return jf_error_set(err, EXDEV, "%s: not the root of a procfs",
				    path);
	return steal_fd(fd);
}

/* "self/..." resolves the one symlink we allow, then everything else is
 * opened beneath the pid directory without symlinks. */
static int open_beneath(int procfd, const char *rel, int flags)
{
	struct open_how how = {
	    .flags = (unsigned long long)(flags | O_CLOEXEC | O_NOFOLLOW),
	    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
		       RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};
	cleanup_close int piddir = -1;
	char pid[16];

	if (strncmp(rel, "self/", 5) != 0)
		return (int)syscall(SYS_openat2, procfd, rel, &how,
				    sizeof(how));
	/* Our pid as this procfs sees it: readlink, not a path walk. */
	ssize_t n = readlinkat(procfd, "self", pid, sizeof(pid) - 1);
	if (n <= 0)
		return -1;
	pid[n] = '\0';
	if (strspn(pid, "0123456789") != (size_t)n) {
		errno = EXDEV;
		return -1;
	}
	struct open_how dir = how;
	dir.flags = O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW;
	piddir = (int)syscall(SYS_openat2, procfd, pid, &dir, sizeof(dir));
	if (piddir < 0)
		return -1;
	return (int)syscall(SYS_openat2, piddir, rel + 5, &how, sizeof(how));
}

int jf_procfs_write(int procfd, const char *rel, const char *data, size_t len,
		    struct jf_error *err)
{
	cleanup_close int fd = open_beneath(procfd, rel, O_WRONLY);
	char what[300];

	snprintf(what, sizeof(what), "/proc/%s", rel);
	if (fd < 0)
		return jf_error_errno(err, "%s", what);
	if (check_procfs(fd, what, err) < 0)
		return -1;
	/* One write: a sysctl takes its value whole or not at all. */
	ssize_t n = write(fd, data, len);
	if (n < 0)
		return jf_error_errno(err, "%s", what);
	if ((size_t)n != len)
		return jf_error_set(err, EIO, "%s: short write", what);
	return 0;
}

static const char *const proc_mount_allowed[] = {
    "/proc/cpuinfo", "/proc/diskstats",
    "/proc/meminfo", "/proc/stat",
    "/proc/swaps",   "/proc/uptime",
    "/proc/loadavg", "/proc/slabinfo",
    "/proc/net/dev", "/proc/sys/kernel/ns_last_pid",
};

static bool proc_mount_ok(const char *dest, const struct oci_mount *m)
{
	if (strcmp(dest, "/proc") == 0)
		return m->type != NULL && strcmp(m->type, "proc") == 0;
	for (size_t i = 0;
	     i < sizeof(proc_mount_allowed) / sizeof(proc_mount_allowed[0]);
	     i++)
		if (strcmp(dest, proc_mount_allowed[i]) == 0)
			return true;
	return strncmp(dest, "/proc/pressure/", 15) == 0 &&
	       strchr(dest + 15, '/') == NULL;
}

int jf_procfs_check_mounts(const struct oci_config *c, struct jf_error *err)
{
	char dest[PATH_MAX];

	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct oci_mount *m = &c->mounts[i];

		if (jf_path_clean(m->destination, dest, sizeof(dest), NULL) < 0)
			return jf_error_set(
			    err, 0,
			    "mounts[%zu].destination: too long: %.64s...", i,
			    m->destination);
		if (strncmp(dest, "/proc", 5) != 0 ||
		    (dest[5] != '\0' && dest[5] != '/'))
			continue;
		if (!proc_mount_ok(dest, m))
			return jf_error_set(
			    err, 0,
			    "mounts[%zu].destination: %s is inside "
			    "/proc, where only a procfs at /proc "
			    "and binds over the files /proc views "
			    "replace are allowed",
			    i, m->destination);
	}
	return 0;
}
