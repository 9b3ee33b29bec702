/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/cgroup_mount.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "linux/mount_options.h"
#include "linux/safe_path.h"

#define HOST_CGROUP_ROOT "/sys/fs/cgroup"

/* The strings point into the host's cgroup layout (cgroup/core/layout.c). */
struct hierarchy {
	const char *mountpoint; /* on the host */
	const char *options;	/* v1 controllers, "name=systemd", ... */
	const char *name; /* in mountpoint, after /sys/fs/cgroup/ ("" for it) */
	bool v2;
};

/* /proc/self/cgroup, read once: "id:controllers:path" per line. */
struct own_cgroups {
	char text[4096];
};

static void read_own_cgroups(struct own_cgroups *o)
{
	int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, o->text, sizeof(o->text) - 1) : -1;

	o->text[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

/* Whether the controller list `ctrl` (len bytes, not terminated) of a
 * /proc/self/cgroup line is the hierarchy `h`'s: "" for v2, else a part of
 * its controllers. */
static bool names_hierarchy(const char *ctrl, size_t len,
			    const struct hierarchy *h)
{
	if (h->v2 || len == 0)
		return h->v2 && len == 0;
	return memmem(h->options, strlen(h->options), ctrl, len) != NULL;
}

/* Our own path in the hierarchy whose /proc/self/cgroup entry has this
 * controller list (v1) or is "0::" (v2): its length, -1 when none. */
static int own_path(const struct own_cgroups *o, const struct hierarchy *h,
		    const char **ret)
{
	for (const char *line = o->text; *line != '\0';) {
		const char *end = strchrnul(line, '\n');
		const char *ctrl = memchr(line, ':', (size_t)(end - line));
		const char *path =
		    ctrl ? memchr(ctrl + 1, ':', (size_t)(end - ctrl - 1)) : NULL;

		if (path != NULL &&
		    names_hierarchy(ctrl + 1, (size_t)(path - ctrl - 1), h)) {
			*ret = path + 1;
			return (int)(end - path - 1);
		}
		line = *end != '\0' ? end + 1 : end;
	}
	return -1;
}

/* The host's cgroup hierarchies mounted right under /sys/fs/cgroup. */
static int read_hierarchies(struct hierarchy *hs, size_t max, size_t *ret_n,
			    struct jf_error *err)
{
	struct jf_cgroup_mount_info info[16];
	size_t n_info = 0, n = 0;

	if (jf_cgroup_host_mounts(info, 16, &n_info, err) < 0)
		return -1;
	for (size_t i = 0; i < n_info && n < max; i++) {
		if (strncmp(info[i].mountpoint, HOST_CGROUP_ROOT,
			    strlen(HOST_CGROUP_ROOT)) != 0)
			continue;
		hs[n].mountpoint = info[i].mountpoint;
		hs[n].name = hs[n].mountpoint + strlen(HOST_CGROUP_ROOT);
		while (*hs[n].name == '/')
			hs[n].name++;
		hs[n].options = info[i].controllers;
		hs[n].v2 = info[i].v2;
		n++;
	}
	*ret_n = n;
	return 0;
}

/* 1 when it made a bind mount and `flags` remain to be applied by
 * remount_bind() through a path that reaches the new mount. */
static int mount_hierarchy(const struct own_cgroups *o,
			   const struct hierarchy *h, const char *target,
			   unsigned long flags, bool new_cgroupns,
			   const char *field, struct jf_error *err)
{
	char src[PATH_MAX];
	const char *own = "/";
	int own_len;

	if (new_cgroupns) {
		if (mount("cgroup", target, h->v2 ? "cgroup2" : "cgroup", flags,
			  h->v2 ? NULL : h->options) == 0)
			return 0;
		if (errno != EPERM)
			return jf_error_errno(err, "%s: mounting cgroup %s", field,
					      h->options);
	}
	own_len = own_path(o, h, &own);
	if (own_len < 0)
		own_len = 1; /* "/" */
	if (snprintf(src, sizeof(src), "%s%.*s", h->mountpoint, own_len,
		     own) >= (int)sizeof(src))
		return jf_error_set(err, ENAMETOOLONG, "%s: %s%.*s", field,
				    h->mountpoint, own_len, own);
	if (mount(src, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		return jf_error_errno(err, "%s: bind mount %s", field, src);
	return flags != 0;
}

static int remount_bind(const char *target, unsigned long flags,
			const char *dest, const char *field,
			struct jf_error *err)
{
	if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0)
		return jf_error_errno(err, "%s: remount %s", field, dest);
	return 0;
}

/* v1 or hybrid: a tmpfs with one directory per hierarchy; a bind mount of
 * ours (or a new cgroup mount in a cgroup namespace) in each. */
static int mount_hierarchies(const char *dest, int dst,
			     const struct hierarchy *hs, size_t n,
			     unsigned long flags, bool new_cgroupns,
			     const char *field, struct jf_error *err)
{
	struct own_cgroups own;
	char fdp[64], target[PATH_MAX];
	size_t remount = 0; /* bitmap: bind mounts whose flags are still due */

	read_own_cgroups(&own);
	jf_fd_path(dst, fdp, sizeof(fdp));
	for (size_t i = 0; i < n; i++) {
		const char *name = hs[i].name;
		int r;

		if (*name == '\0' || strchr(name, '/') != NULL)
			continue;
		if (mkdirat(dst, name, 0755) < 0 && errno != EEXIST)
			return jf_error_errno(err, "%s: mkdir %s/%s", field, dest, name);
		snprintf(target, sizeof(target), "%s/%s", fdp, name);
		r = mount_hierarchy(&own, &hs[i], target, flags, new_cgroupns,
				    field, err);
		if (r < 0)
			return -1;
		if (r > 0)
			remount |= (size_t)1 << i;
	}
	/* The flags of the tmpfs and of every bind below it at once. */
	if (jf_mount_setattr_flags(dst, "", flags, true) == 0)
		return 0;
	if (errno != ENOSYS)
		return jf_error_errno(err, "%s: mount flags of %s", field, dest);
	for (size_t i = 0; i < n; i++) {
		if (!(remount & ((size_t)1 << i)))
			continue;
		snprintf(target, sizeof(target), "%s/%s", fdp, hs[i].name);
		if (remount_bind(target, flags, dest, field, err) < 0)
			return -1;
	}
	if ((flags & MS_RDONLY) &&
	    mount(NULL, fdp, NULL,
		  MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=755") < 0)
		return jf_error_errno(err, "%s: read-only %s", field, dest);
	return 0;
}

int jf_cgroup_mount(int rootfd, const char *dest, unsigned long flags,
		    bool new_cgroupns, const char *field, struct jf_error *err)
{
	struct hierarchy hs[16];
	cleanup_close int dst = -1;
	char fdp[64];
	size_t n = 0;

	if (read_hierarchies(hs, 16, &n, err) < 0)
		return jf_error_wrap(err, "%s", field);
	dst = jf_mkpath_in_root(rootfd, dest, false, 0755, err);
	if (dst < 0)
		return jf_error_wrap(err, "%s.destination", field);
	jf_fd_path(dst, fdp, sizeof(fdp));
	/* Pure v2: one hierarchy right at the mount point. */
	if (n == 1 && hs[0].v2 &&
	    strcmp(hs[0].mountpoint, HOST_CGROUP_ROOT) == 0) {
		struct own_cgroups own;
		int r;

		read_own_cgroups(&own);
		r = mount_hierarchy(&own, &hs[0], fdp, flags, new_cgroupns,
				    field, err);
		if (r <= 0)
			return r;
		/* dst is the directory under the bind mount: reopen. */
		close(dst);
		dst = jf_open_in_root(rootfd, dest, O_PATH | O_DIRECTORY);
		if (dst < 0)
			return jf_error_errno(err, "%s: %s", field, dest);
		return remount_bind(jf_fd_path(dst, fdp, sizeof(fdp)), flags,
				    dest, field, err);
	}
	if (mount("tmpfs", fdp, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=755") < 0)
		return jf_error_errno(err, "%s: tmpfs on %s", field, dest);
	close(dst);
	dst = jf_open_in_root(rootfd, dest, O_PATH | O_DIRECTORY);
	if (dst < 0)
		return jf_error_errno(err, "%s: %s", field, dest);
	return mount_hierarchies(dest, dst, hs, n, flags, new_cgroupns,
				 field, err);
}
