/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/devices.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "linux/mounts.h"
#include "linux/safe_path.h"

struct node {
	const char *path;
	mode_t type;
	unsigned major, minor;
	mode_t mode;
	uid_t uid;
	gid_t gid;
};

static const struct node default_nodes[] = {
    {"/dev/null", S_IFCHR, 1, 3, 0666, 0, 0},
    {"/dev/zero", S_IFCHR, 1, 5, 0666, 0, 0},
    {"/dev/full", S_IFCHR, 1, 7, 0666, 0, 0},
    {"/dev/random", S_IFCHR, 1, 8, 0666, 0, 0},
    {"/dev/urandom", S_IFCHR, 1, 9, 0666, 0, 0},
    {"/dev/tty", S_IFCHR, 5, 0, 0666, 0, 0},
};

static const struct {
	const char *target, *link;
} default_links[] = {
    {"/proc/self/fd", "dev/fd"},       {"/proc/self/fd/0", "dev/stdin"},
    {"/proc/self/fd/1", "dev/stdout"}, {"/proc/self/fd/2", "dev/stderr"},
    {"/proc/kcore", "dev/core"},       {"pts/ptmx", "dev/ptmx"},
};

/* The directory the last node went into, kept open for the next one (they
 * are nearly all in /dev): one mknodat per node in the common case. */
struct node_dir {
	char path[4096];
	int fd;
	bool fresh; /* our own new /dev: no umask surprise, owned by us */
};

static int open_node_dir(int rootfd, struct node_dir *d, const char *parent,
			 const char *field, struct jf_error *err)
{
	cleanup_close int opath = -1;
	char fdp[64];

	if (d->fd >= 0 && strcmp(d->path, parent) == 0)
		return 0;
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	opath = jf_mkpath_in_root(rootfd, parent[0] ? parent : "/", false, 0755,
				  err);
	if (opath < 0)
		return jf_error_wrap(err, "%s", field);
	/* An O_PATH fd cannot be used by mknodat/fchownat: reopen as a dir. */
	d->fd = open(jf_fd_path(opath, fdp, sizeof(fdp)),
		     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->fd < 0)
		return jf_error_errno(err, "%s: %s", field, parent);
	snprintf(d->path, sizeof(d->path), "%s", parent);
	return 0;
}

/* Is the entry `name` of dirfd already the node n, down to its mode and
 * owner?  (*ret_st: what it is, when it exists.) */
static bool same_node(int dirfd, const char *name, const struct node *n,
		      struct stat *ret_st, bool *ret_exists)
{
	*ret_exists = fstatat(dirfd, name, ret_st, AT_SYMLINK_NOFOLLOW) == 0;
	return *ret_exists && (ret_st->st_mode & S_IFMT) == n->type &&
	       (n->type == S_IFIFO ||
		ret_st->st_rdev == makedev(n->major, n->minor));
}

/* The host's node for n, opened O_PATH: at n's own path on the host, else
 * /dev/{char,block}/MAJ:MIN, else any entry of the host's /dev; checked to
 * be the very device, whatever the path named. */
static int matches(int fd, const struct node *n)
{
	struct stat st;

	return fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == n->type &&
	       st.st_rdev == makedev(n->major, n->minor);
}

static int open_host_node(const struct node *n)
{
	char path[64];
	int fd = open(n->path, O_PATH | O_CLOEXEC);
	struct dirent *e;
	DIR *dir;

	if (fd >= 0 && matches(fd, n))
		return fd;
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "/dev/%s/%u:%u",
		 n->type == S_IFBLK ? "block" : "char", n->major, n->minor);
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd >= 0 && matches(fd, n))
		return fd;
	if (fd >= 0)
		close(fd);
	dir = opendir("/dev");
	if (dir == NULL)
		return -1;
	fd = -1;
	while (fd < 0 && (e = readdir(dir)) != NULL) {
		if (e->d_type != DT_CHR && e->d_type != DT_BLK)
			continue;
		fd = openat(dirfd(dir), e->d_name,
			    O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && !matches(fd, n)) {
			close(fd);
			fd = -1;
		}
	}
	closedir(dir);
	if (fd < 0)
		errno = ENOENT;
	return fd;
}

/* In a user namespace: bind the host's node onto an empty file.  What the
 * image has there is kept only if it is a file or a device (never opened:
 * mounted on through an O_PATH fd), anything else is replaced. */
static int bind_node(struct node_dir *d, const char *name, const struct node *n,
		     const char *field, struct jf_error *err)
{
	cleanup_close int src = -1, dst = -1;
	char srcp[64], dstp[64];
	struct stat st;
	bool exists;

	same_node(d->fd, name, n, &st, &exists);
	if (exists && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) &&
	    !S_ISBLK(st.st_mode) && unlinkat(d->fd, name, 0) < 0)
		return jf_error_errno(err, "%s: removing the image's %s", field,
				      n->path);
	if (mknodat(d->fd, name, S_IFREG | 0000, 0) < 0 && errno != EEXIST)
		return jf_error_errno(err, "%s: creating %s", field, n->path);
	dst = openat(d->fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (dst < 0)
		return jf_error_errno(err, "%s: %s", field, n->path);
	src = open_host_node(n);
	if (src < 0)
		return jf_error_errno(err,
				      "%s: no device %u:%u on the host to bind",
				      field, n->major, n->minor);
	if (mount(jf_fd_path(src, srcp, sizeof(srcp)),
		  jf_fd_path(dst, dstp, sizeof(dstp)), NULL, MS_BIND, NULL) < 0)
		return jf_error_errno(err, "%s: bind mount %s", field, n->path);
	return 0;
}

static int make_node(int rootfd, struct node_dir *d, const struct node *n,
		     bool bind, const char *field, struct jf_error *err)
{
	char parent[4096];
	const char *name;
	char *slash;
	dev_t dev = makedev(n->major, n->minor);
	mode_t perm = n->mode & 07777;
	struct stat st;
	bool exists, kept = false;

	snprintf(parent, sizeof(parent), "%s", n->path);
	slash = strrchr(parent, '/');
	name = n->path + (slash - parent) + 1;
	*slash = '\0';
	if (open_node_dir(rootfd, d, parent, field, err) < 0)
		return -1;
	/* (A fifo needs no privilege: made as it is.) */
	if (bind && n->type != S_IFIFO)
		return bind_node(d, name, n, field, err);
	/* The init runs with umask 0 here (jf_devices_create). */
	if (mknodat(d->fd, name, n->type | (n->mode & 0777), dev) < 0) {
		if (errno != EEXIST)
			return jf_error_errno(err, "%s: mknod %s", field,
					      n->path);
		/* Already there (the image's /dev): kept when it is this very
		 * node, replaced otherwise (a symlink, a file, another device).
		 */
		if (same_node(d->fd, name, n, &st, &exists)) {
			if ((st.st_mode & 07777) == perm &&
			    st.st_uid == n->uid && st.st_gid == n->gid)
				return 0;
			kept = true;
		} else if (unlinkat(d->fd, name, 0) < 0 ||
			   mknodat(d->fd, name, n->type | (n->mode & 0777),
				   dev) < 0) {
			return jf_error_errno(err, "%s: mknod %s", field,
					      n->path);
		}
	}
	/* Only what mknod could not already have made right.  (The image's
	 * own right node on a read-only filesystem is used as it is.) */
	if (((n->mode & 07000) != 0 || kept) &&
	    fchmodat(d->fd, name, perm, 0) < 0 && !(kept && errno == EROFS))
		return jf_error_errno(err, "%s: %s", field, n->path);
	if ((kept || !d->fresh || n->uid != geteuid() || n->gid != getegid()) &&
	    fchownat(d->fd, name, n->uid, n->gid, AT_SYMLINK_NOFOLLOW) < 0 &&
	    !(kept && errno == EROFS))
		return jf_error_errno(err, "%s: %s", field, n->path);
	return 0;
}

/* Absolute, and its last component a name (not "", "." or ".."). */
static bool valid_node_path(const char *path)
{
	const char *name = strrchr(path, '/');

	return path[0] == '/' && name != NULL && name[1] != '\0' &&
	       strcmp(name, "/.") != 0 && strcmp(name, "/..") != 0 &&
	       strlen(path) < 4096;
}

static int config_node(const struct oci_device *d, size_t i, struct node *n,
		       struct jf_error *err)
{
	memset(n, 0, sizeof(*n));
	n->path = d->path;
	switch (d->type[0]) {
	case 'c':
	case 'u':
		n->type = S_IFCHR;
		break;
	case 'b':
		n->type = S_IFBLK;
		break;
	case 'p':
		n->type = S_IFIFO;
		break;
	default:
		return jf_error_set(
		    err, 0, "linux.devices[%zu].type: unknown type \"%s\"", i,
		    d->type);
	}
	if (d->type[1] != '\0')
		return jf_error_set(
		    err, 0, "linux.devices[%zu].type: unknown type \"%s\"", i,
		    d->type);
	if (n->type != S_IFIFO && (!d->has_major || !d->has_minor))
		return jf_error_set(
		    err, 0, "linux.devices[%zu]: major and minor are required",
		    i);
	/* Anywhere in the container (the spec allows it): created inside
	 * the root in any case (safe_path.h). */
	if (!valid_node_path(d->path))
		return jf_error_set(
		    err, 0,
		    "linux.devices[%zu].path: \"%s\" is not an absolute path "
		    "naming a file",
		    i, d->path);
	n->major = (unsigned)d->major;
	n->minor = (unsigned)d->minor;
	n->mode = d->has_file_mode ? d->file_mode : 0666;
	n->uid = d->has_uid ? d->uid : 0;
	n->gid = d->has_gid ? d->gid : 0;
	return 0;
}

static bool links_to(int dirfd, const char *name, const char *target)
{
	char buf[64];
	ssize_t n = readlinkat(dirfd, name, buf, sizeof(buf) - 1);

	if (n < 0)
		return false;
	buf[n] = '\0';
	return strcmp(buf, target) == 0;
}

static int make_links(int rootfd, struct jf_error *err)
{
	char fdp[64];
	cleanup_close int dev =
	    jf_open_in_root(rootfd, "/dev", O_PATH | O_DIRECTORY);
	int real;

	if (dev < 0)
		return jf_error_errno(err, "/dev");
	real = open(jf_fd_path(dev, fdp, sizeof(fdp)),
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (real < 0)
		return jf_error_errno(err, "/dev");
	close(dev);
	dev = real;
	for (size_t i = 0; i < sizeof(default_links) / sizeof(default_links[0]);
	     i++) {
		const char *name = default_links[i].link + 4;
		if (symlinkat(default_links[i].target, dev, name) == 0)
			continue;
		if (errno != EEXIST)
			return jf_error_errno(err, "/dev/%s", name);
		/* An image's own /dev/ptmx is replaced: the terminal must come
		 * from the container's devpts (terminal.c checks it does). */
		if (strcmp(name, "ptmx") == 0 &&
		    !links_to(dev, name, "pts/ptmx") &&
		    (unlinkat(dev, name, 0) < 0 ||
		     symlinkat(default_links[i].target, dev, name) < 0))
			return jf_error_errno(err, "/dev/%s", name);
	}
	return 0;
}

/* defaults: the default nodes and links go in; fresh: into an empty /dev
 * of our own (else the image's /dev). */
static int create_nodes(int rootfd, const struct oci_config *c, bool defaults,
			bool fresh, bool bind, struct node_dir *d,
			struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;
	char field[64];

	if (defaults) {
		for (size_t i = 0;
		     i < sizeof(default_nodes) / sizeof(default_nodes[0]);
		     i++) {
			snprintf(field, sizeof(field), "default device %s",
				 default_nodes[i].path);
			if (make_node(rootfd, d, &default_nodes[i], bind, field,
				      err) < 0)
				return -1;
		}
		if (make_links(rootfd, err) < 0)
			return jf_error_wrap(err, "default /dev symlinks");
	}
	for (size_t i = 0; l != NULL && i < l->n_devices; i++) {
		struct node n;
		if (config_node(&l->devices[i], i, &n, err) < 0)
			return -1;
		snprintf(field, sizeof(field), "linux.devices[%zu]", i);
		/* The fresh /dev's owner test only holds for its own entries.
		 */
		d->fresh = fresh && strncmp(n.path, "/dev/", 5) == 0 &&
			   strchr(n.path + 5, '/') == NULL;
		if (make_node(rootfd, d, &n, bind, field, err) < 0)
			return -1;
	}
	return 0;
}

int jf_devices_create(int rootfd, const struct oci_config *c,
		      bool populate_defaults, bool bind, struct jf_error *err)
{
	struct node_dir d = {.fd = -1, .fresh = populate_defaults};
	/* As runc and crun do: the default nodes also go into the image's
	 * own /dev, unless the config mounts something there itself. */
	bool defaults = populate_defaults || !jf_mounts_covers_dev(c);
	/* Modes exactly as asked, without a chmod per node. */
	mode_t old_umask = umask(0);
	int rc =
	    create_nodes(rootfd, c, defaults, populate_defaults, bind, &d, err);

	umask(old_umask);
	if (d.fd >= 0)
		close(d.fd);
	return rc;
}
