/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cleanup.h"
#include "linux/cgroup_mount.h"
#include "linux/copyup.h"
#include "linux/lsm.h"
#include "linux/mount_options.h"
#include "linux/safe_path.h"

bool jf_mounts_fresh_dev(const struct oci_config *c)
{
	for (size_t i = 0; i < c->n_mounts; i++)
		if (strcmp(c->mounts[i].destination, "/dev") == 0)
			return c->mounts[i].type != NULL &&
			       strcmp(c->mounts[i].type, "bind") != 0 &&
			       strcmp(c->mounts[i].type, "none") != 0;
	return false;
}

bool jf_mounts_covers_dev(const struct oci_config *c)
{
	for (size_t i = 0; i < c->n_mounts; i++)
		if (strcmp(c->mounts[i].destination, "/dev") == 0)
			return true;
	return false;
}

bool jf_mounts_has_devpts(const struct oci_config *c)
{
	for (size_t i = 0; i < c->n_mounts; i++)
		if (c->mounts[i].type != NULL &&
		    strcmp(c->mounts[i].type, "devpts") == 0 &&
		    strcmp(c->mounts[i].destination, "/dev/pts") == 0)
			return true;
	return false;
}

/* The flags a bind remount must keep: in a user namespace the kernel
 * refuses to drop nosuid/nodev/noexec/atime flags that lock the source. */
static unsigned long locked_flags(const char *path)
{
	struct statvfs sv;
	unsigned long f = 0;

	if (statvfs(path, &sv) < 0)
		return 0;
	if (sv.f_flag & ST_NOSUID)
		f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		f |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		f |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		f |= MS_RELATIME;
	return f;
}

static void source_path(const char *bundle, const char *src, char *buf,
			size_t size)
{
	if (src == NULL)
		snprintf(buf, size, "none");
	else if (src[0] == '/' || bundle == NULL)
		snprintf(buf, size, "%s", src);
	else
		snprintf(buf, size, "%s/%s", bundle, src);
}

/* Attach the runtime's copy of the source (jf_mounts_open_sources) on dst,
 * a slave of the host's mount like every other one of the container's. */
static int attach_source_tree(int tree, int dst, bool recursive)
{
	char fdp[64];

	if (jf_attach_tree(tree, dst) < 0)
		return -1;
	return mount(NULL, jf_fd_path(tree, fdp, sizeof(fdp)), NULL,
		     MS_SLAVE | (recursive ? MS_REC : 0), NULL);
}

static int mount_bind(const struct jf_mount_ctx *m, const struct oci_mount *mt,
		      size_t i, const struct jf_mount_options *o,
		      const char *field, struct jf_error *err)
{
	char src[PATH_MAX], fdp[64];
	cleanup_close int dst = -1;
	struct stat st;
	unsigned long remount;
	int tree = m->source_trees != NULL ? m->source_trees[i] : -1;
	bool use_tree = false;
	int r;

	source_path(m->bundle, mt->source, src, sizeof(src));
	if (stat(src, &st) < 0) {
		/* In a user namespace the source may be out of the
		 * container's root's reach, not of the runtime's. */
		use_tree =
		    errno == EACCES && tree >= 0 && fstat(tree, &st) == 0;
		if (!use_tree)
			return jf_error_errno(err, "%s.source: %s", field, src);
	}
	dst = jf_mkpath_in_root(m->rootfd, mt->destination,
				!S_ISDIR(st.st_mode), 0644, err);
	if (dst < 0)
		return jf_error_wrap(err, "%s.destination", field);
	if (use_tree)
		r = attach_source_tree(tree, dst, o->recursive_bind);
	else
		r = mount(src, jf_fd_path(dst, fdp, sizeof(fdp)), NULL,
			  MS_BIND | (o->recursive_bind ? MS_REC : 0), NULL);
	if (r < 0)
		return jf_error_errno(err, "%s: bind mount %s on %s", field,
				      src, mt->destination);
	remount = o->flags & ~(MS_REMOUNT | MS_BIND | MS_REC);
	if (remount == 0)
		return 0;
	/* Reopen: the fd still names the dentry under the new mount. */
	close(dst);
	dst = jf_open_in_root(m->rootfd, mt->destination, O_PATH);
	if (dst < 0)
		return jf_error_errno(err, "%s: %s", field, mt->destination);
	jf_fd_path(dst, fdp, sizeof(fdp));
	/* The bind has the source's flags. */
	remount |= locked_flags(fdp) & ~o->clear;
	if (mount(NULL, fdp, NULL, MS_REMOUNT | MS_BIND | remount, NULL) < 0)
		return jf_error_errno(err, "%s: remounting %s with its options",
				      field, mt->destination);
	return 0;
}

/* below: the directory the tmpfs now hides, opened before the mount. */
static int copy_up(const struct jf_mount_ctx *m, const struct oci_mount *mt,
		   int below, const char *field, struct jf_error *err)
{
	cleanup_close int top =
	    jf_open_in_root(m->rootfd, mt->destination, O_RDONLY | O_DIRECTORY);

	if (top < 0)
		return jf_error_errno(err, "%s: %s", field, mt->destination);
	if (jf_copyup(below, top, err) < 0)
		return jf_error_wrap(err, "%s: tmpcopyup of %s", field,
				     mt->destination);
	return 0;
}

static int mount_fs(const struct jf_mount_ctx *m, const struct oci_mount *mt,
		    const struct jf_mount_options *o, const char *field,
		    struct jf_error *err)
{
	char src[PATH_MAX], fdp[64];
	cleanup_close int dst = -1, below = -1;
	const char *data = o->data[0] != '\0' ? o->data : NULL;

	source_path(NULL, mt->source, src, sizeof(src));
	dst = jf_mkpath_in_root(m->rootfd, mt->destination, false, 0755, err);
	if (dst < 0)
		return jf_error_wrap(err, "%s.destination", field);
	if (o->copyup) {
		below = jf_open_in_root(m->rootfd, mt->destination,
					O_RDONLY | O_DIRECTORY);
		if (below < 0)
			return jf_error_errno(err, "%s: tmpcopyup: %s", field,
					      mt->destination);
	}
	jf_fd_path(dst, fdp, sizeof(fdp));
	if (mount(src, fdp, mt->type, o->flags & ~MS_REMOUNT, data) == 0)
		return o->copyup ? copy_up(m, mt, below, field, err) : 0;
	/* sysfs needs a network namespace of our own, mqueue an ipc one
	 * owned by our user namespace: where the kernel refuses, bind the
	 * host's instead, as runc does. */
	if ((errno == EPERM || errno == EBUSY) &&
	    (strcmp(mt->type, "sysfs") == 0 ||
	     strcmp(mt->type, "mqueue") == 0)) {
		const char *host = mt->type[0] == 's' ? "/sys" : "/dev/mqueue";
		if (mount(host, fdp, NULL, MS_BIND | MS_REC, NULL) < 0)
			return jf_error_errno(err, "%s: bind mount %s on %s",
					      field, host, mt->destination);
		return 0;
	}
	return jf_error_errno(err, "%s: mount %s (%s) on %s", field, src,
			      mt->type, mt->destination);
}

static int set_propagation(const struct jf_mount_ctx *m,
			   const struct oci_mount *mt, unsigned long prop,
			   const char *field, struct jf_error *err)
{
	cleanup_close int dst =
	    jf_open_in_root(m->rootfd, mt->destination, O_PATH);
	char fdp[64];

	if (dst < 0)
		return jf_error_errno(err, "%s: %s", field, mt->destination);
	if (mount(NULL, jf_fd_path(dst, fdp, sizeof(fdp)), NULL, prop, NULL) <
	    0)
		return jf_error_errno(err, "%s: setting propagation of %s",
				      field, mt->destination);
	return 0;
}

static bool is_bind(const struct oci_mount *mt,
		    const struct jf_mount_options *o)
{
	return o->bind || (mt->type != NULL && strcmp(mt->type, "bind") == 0);
}

static int apply_one(const struct jf_mount_ctx *m, const struct oci_mount *mt,
		     size_t i, const char *label, struct jf_error *err)
{
	struct jf_mount_options o;
	char field[64];
	int r;

	snprintf(field, sizeof(field), "mounts[%zu]", i);
	if (mt->destination[0] != '/')
		return jf_error_set(err, 0,
				    "%s.destination: \"%s\" is not absolute",
				    field, mt->destination);
	snprintf(field, sizeof(field), "mounts[%zu].options", i);
	if (jf_mount_options_parse(mt->options, mt->n_options, field, &o, err) <
		0 ||
	    (!o.bind && jf_lsm_mount_data(label, mt->type, o.data,
					  sizeof(o.data), field, err) < 0))
		return -1;
	snprintf(field, sizeof(field), "mounts[%zu]", i);
	if (o.copyup && (mt->type == NULL || strcmp(mt->type, "tmpfs") != 0))
		return jf_error_set(
		    err, 0, "%s.options: \"tmpcopyup\" needs type \"tmpfs\"",
		    field);
	if (is_bind(mt, &o))
		r = mount_bind(m, mt, i, &o, field, err);
	else if (mt->type == NULL)
		return jf_error_set(
		    err, 0,
		    "%s.type: required unless the mount is a bind mount",
		    field);
	else if ((strcmp(mt->type, "cgroup") == 0 ||
		  strcmp(mt->type, "cgroup2") == 0) &&
		 m->before_cgroup != NULL && m->before_cgroup(m->arg, err) < 0)
		r = -1;
	else if (strcmp(mt->type, "cgroup") == 0 ||
		 strcmp(mt->type, "cgroup2") == 0)
		r = jf_cgroup_mount(m->rootfd, mt->destination, o.flags,
				    m->new_cgroupns, field, err);
	else
		r = mount_fs(m, mt, &o, field, err);
	if (r < 0)
		return -1;
	if (o.rec_attr_set != 0 || o.rec_attr_clr != 0) {
		cleanup_close int fd =
		    jf_open_in_root(m->rootfd, mt->destination, O_PATH);
		if (fd < 0)
			return jf_error_errno(err, "%s: %s", field,
					      mt->destination);
		if (jf_mount_apply_recursive_attrs(fd, &o, field, err) < 0)
			return -1;
	}
	if (o.propagation != 0)
		return set_propagation(m, mt, o.propagation, field, err);
	return 0;
}

int jf_mounts_open_sources(const struct oci_config *c, const char *bundle,
			   int **ret, struct jf_error *err)
{
	int *trees = malloc((c->n_mounts ? c->n_mounts : 1) * sizeof(*trees));

	if (trees == NULL)
		return jf_error_errno(err, "mounts");
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct oci_mount *mt = &c->mounts[i];
		struct jf_mount_options o;
		struct jf_error ignored;
		char src[PATH_MAX];
		cleanup_close int fd = -1;

		trees[i] = -1;
		/* A bad mount is the init's to report, in order. */
		if (jf_mount_options_parse(mt->options, mt->n_options, "mounts",
					   &o, &ignored) < 0 ||
		    !is_bind(mt, &o))
			continue;
		source_path(bundle, mt->source, src, sizeof(src));
		fd = open(src, O_PATH | O_CLOEXEC);
		if (fd >= 0)
			trees[i] = jf_clone_tree(fd, o.recursive_bind);
	}
	*ret = trees;
	return 0;
}

void jf_mounts_close_sources(int *trees, size_t n)
{
	for (size_t i = 0; trees != NULL && i < n; i++)
		if (trees[i] >= 0)
			close(trees[i]);
	free(trees);
}

int jf_mounts_apply(const struct oci_config *c, const struct jf_mount_ctx *m,
		    struct jf_error *err)
{
	const char *label = c->linux_ != NULL ? c->linux_->mount_label : NULL;

	for (size_t i = 0; i < c->n_mounts; i++)
		if (apply_one(m, &c->mounts[i], i, label, err) < 0)
			return -1;
	return 0;
}
