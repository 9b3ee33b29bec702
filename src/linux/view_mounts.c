/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The mounts of the /proc views (linux/view_mounts.h). */
#include "linux/view_mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MOVE_MOUNT_BENEATH
#define MOVE_MOUNT_BENEATH 0x00000200
#endif

static int enter(int ns, const char *what, struct jf_error *err)
{
	if (setns(ns, CLONE_NEWNS) < 0)
		return jf_error_errno(err, "proc views: setns into %s", what);
	return 0;
}

/* Back in our own namespace, in our own working directory. */
static int leave(struct jf_view_mounts *m, struct jf_error *err)
{
	if (enter(m->self_ns, "our own namespace", err) < 0)
		return -1;
	if (m->cwd >= 0 && fchdir(m->cwd) < 0)
		return jf_error_errno(err, "proc views: back to our directory");
	return 0;
}

/* The stage: a mount namespace of our own, a slave of ours (the host's
 * unmounts reach it, nothing of it reaches the host), with a tmpfs on
 * its /tmp (a directory fd of it is all we use).  We are back in our own
 * namespace on return. */
static int make_stage(struct jf_view_mounts *m, struct jf_error *err)
{
	/* any directory: in the stage it covers nothing anyone uses */
	const char *at = access("/tmp", F_OK) == 0 ? "/tmp" : "/";
	int rc = -1;

	if (unshare(CLONE_NEWNS) < 0)
		return jf_error_errno(err, "proc views: unshare the stage");
	m->stage_ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (m->stage_ns < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0 ||
	    mount("tmpfs", at, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=0700,size=16m") < 0)
		jf_error_errno(err, "proc views: the stage's tmpfs");
	else if ((m->tmpfs = open(at, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		jf_error_errno(err, "proc views: the stage's tmpfs");
	else
		rc = 0;
	if (leave(m, err) < 0)
		rc = -1;
	return rc;
}

int jf_view_mounts_open(struct jf_view_mounts *m, pid_t init,
			struct jf_error *err)
{
	const char *force = getenv("JFRUN_PROC_VIEWS_PROPAGATION");
	char path[64];

	*m = (struct jf_view_mounts){
	    .self_ns = -1,
	    .ct_ns = -1,
	    .stage_ns = -1,
	    .tmpfs = -1,
	    .cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC),
	    .beneath = force == NULL || strcmp(force, "1") != 0};
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)init);
	m->self_ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	m->ct_ns = open(path, O_RDONLY | O_CLOEXEC);
	if (m->self_ns < 0 || m->ct_ns < 0) {
		jf_error_errno(err, "proc views: mount namespaces");
		jf_view_mounts_close(m);
		return -1;
	}
	/* A kernel without MOVE_MOUNT_BENEATH refuses the flag before it
	 * looks at the fds. */
	if (syscall(SYS_move_mount, -1, "", -1, "", MOVE_MOUNT_BENEATH) < 0 &&
	    errno == EINVAL)
		m->beneath = false;
	if (make_stage(m, err) < 0) {
		jf_view_mounts_close(m);
		return -1;
	}
	return 0;
}

void jf_view_mounts_close(struct jf_view_mounts *m)
{
	int *fds[5] = {&m->self_ns, &m->ct_ns, &m->stage_ns, &m->tmpfs,
		       &m->cwd};

	for (int i = 0; i < 5; i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}

/* A new file of the tmpfs with data: its name in name. */
static int new_file(struct jf_view_mounts *m, size_t i, const char *data,
		    size_t len, char name[32], struct jf_error *err)
{
	size_t done = 0;
	int fd;

	snprintf(name, 32, "r%lu.%zu", m->round, i);
	fd = openat(m->tmpfs, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0444);
	if (fd < 0)
		return jf_error_errno(err, "proc views: a new file");
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	if (done != len) {
		unlinkat(m->tmpfs, name, 0);
		return jf_error_errno(err, "proc views: writing a new file");
	}
	return 0;
}

/* In the stage: a detached read-only bind of the tmpfs's file name. */
static int file_bind(struct jf_view_mounts *m, const char *name,
		     struct jf_error *err)
{
	struct mount_attr attr = {.attr_set =
				      MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC};
	int tree = (int)syscall(SYS_open_tree, m->tmpfs, name,
				OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

	if (tree >= 0 && syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH,
				 &attr, sizeof(attr)) < 0) {
		close(tree);
		tree = -1;
	}
	if (tree < 0)
		jf_error_errno(err, "proc views: a bind of a new file");
	return tree;
}

/* Whether the container's mount at path has a view mounted on it: the
 * umount that ends a replacement, by name (the old top). */
static int umount_top(const char *path, struct jf_error *err)
{
	if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
		return jf_error_errno(err, "proc views: unmount the old %s",
				      path);
	return 0;
}

struct staged {
	char name[32];
	int tree; /* beneath: the file's bind; propagation: the clone */
};

/* Beneath: binds made in the stage, moved in the container. */
static void put_beneath(struct jf_view_mounts *m, struct jf_view_put *p,
			struct staged *s, size_t n, struct jf_error *err)
{
	for (size_t i = 0; i < n; i++) {
		unsigned flags = MOVE_MOUNT_F_EMPTY_PATH;
		if (p[i].result < 0)
			continue;
		if (p[i].mounted)
			flags |= MOVE_MOUNT_BENEATH;
		if (syscall(SYS_move_mount, s[i].tree, "", AT_FDCWD, p[i].path,
			    flags) < 0)
			p[i].result = jf_error_errno(
			    err, "proc views: mount over %s", p[i].path);
		else if (p[i].mounted && umount_top(p[i].path, err) < 0)
			p[i].result = -1;
		else
			p[i].mounted = true;
	}
}

/* Propagation, in the container: its /proc and /sys shared (once), a
 * clone (a peer) of the directory of each view. */
static void clone_dirs(struct jf_view_mounts *m, struct jf_view_put *p,
		       struct staged *s, size_t n, struct jf_error *err)
{
	if (!m->shared) {
		/* (no /sys in some containers: its views fail alone) */
		mount(NULL, "/proc", NULL, MS_SHARED, NULL);
		mount(NULL, "/sys", NULL, MS_SHARED, NULL);
		m->shared = true;
	}
	for (size_t i = 0; i < n; i++) {
		char dir[256];
		if (p[i].result < 0)
			continue;
		snprintf(dir, sizeof(dir), "%s", p[i].path);
		s[i].tree = (int)syscall(SYS_open_tree, AT_FDCWD, dirname(dir),
					 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		if (s[i].tree < 0)
			p[i].result = jf_error_errno(
			    err, "proc views: a clone of %s's directory",
			    p[i].path);
	}
}

/* Propagation, in the stage: each clone attached at d<i> of the tmpfs,
 * the file bound onto the clone's view (the kernel propagates it). */
static void bind_on_clones(struct jf_view_mounts *m, struct jf_view_put *p,
			   struct staged *s, size_t n, struct jf_error *err)
{
	for (size_t i = 0; i < n; i++) {
		char dir[16], at[300], base[256];
		int file;
		if (p[i].result < 0)
			continue;
		snprintf(dir, sizeof(dir), "d%zu", i);
		snprintf(base, sizeof(base), "%s", p[i].path);
		snprintf(at, sizeof(at), "%s/%s", dir, basename(base));
		mkdirat(m->tmpfs, dir, 0700);
		if (syscall(SYS_move_mount, s[i].tree, "", m->tmpfs, dir,
			    MOVE_MOUNT_F_EMPTY_PATH) < 0) {
			p[i].result = jf_error_errno(
			    err, "proc views: attach a clone for %s",
			    p[i].path);
			continue;
		}
		file = file_bind(m, s[i].name, err);
		if (file < 0 || syscall(SYS_move_mount, file, "", m->tmpfs, at,
					MOVE_MOUNT_F_EMPTY_PATH) < 0)
			p[i].result = jf_error_errno(
			    err, "proc views: bind onto the clone of %s",
			    p[i].path);
		if (file >= 0)
			close(file);
	}
}

/* Propagation, in the stage at the end: the clones, private first (their
 * umount must not reach the container), go. */
static void drop_clones(struct jf_view_mounts *m, struct jf_view_put *p,
			struct staged *s, size_t n)
{
	struct mount_attr priv = {.propagation = MS_PRIVATE};

	for (size_t i = 0; i < n; i++) {
		char dir[16];
		if (s[i].tree < 0)
			continue;
		snprintf(dir, sizeof(dir), "d%zu", i);
		if (syscall(SYS_mount_setattr, m->tmpfs, dir, 0, &priv,
			    sizeof(priv)) == 0 &&
		    fchdir(m->tmpfs) == 0)
			umount2(dir, MNT_DETACH);
	}
}

int jf_view_mounts_put(struct jf_view_mounts *m, struct jf_view_put *p,
		       size_t n, struct jf_error *err)
{
	struct staged s[JF_VIEW_MOUNTS_MAX];
	bool beneath = m->beneath;
	int rc = 0;

	if (n > JF_VIEW_MOUNTS_MAX)
		n = JF_VIEW_MOUNTS_MAX;
	m->round++;
	for (size_t i = 0; i < n; i++) {
		s[i].tree = -1;
		p[i].result =
		    new_file(m, i, p[i].data, p[i].len, s[i].name, err);
	}
	if (enter(m->stage_ns, "the stage", err) < 0) {
		for (size_t i = 0; i < n; i++)
			p[i].result = -1;
		goto names;
	}
	if (beneath)
		for (size_t i = 0; i < n; i++)
			if (p[i].result == 0 &&
			    (s[i].tree = file_bind(m, s[i].name, err)) < 0)
				p[i].result = -1;
	if (enter(m->ct_ns, "the container", err) < 0) {
		rc = -1;
		goto back;
	}
	if (beneath) {
		put_beneath(m, p, s, n, err);
	} else {
		clone_dirs(m, p, s, n, err);
		if (enter(m->stage_ns, "the stage", err) < 0) {
			rc = -1;
			goto back;
		}
		bind_on_clones(m, p, s, n, err);
		if (enter(m->ct_ns, "the container", err) < 0) {
			rc = -1;
			goto back;
		}
		for (size_t i = 0; i < n; i++) {
			if (p[i].result < 0)
				continue;
			if (p[i].mounted && umount_top(p[i].path, err) < 0)
				p[i].result = -1;
			else
				p[i].mounted = true;
		}
		if (enter(m->stage_ns, "the stage", err) < 0) {
			rc = -1;
			goto back;
		}
		drop_clones(m, p, s, n);
	}
back:
	if (leave(m, err) < 0)
		return -1;
names:
	/* The names go: the mounts hold the files (after the umounts: until
	 * then each new file had the old version mounted on it). */
	for (size_t i = 0; i < n; i++) {
		if (s[i].tree >= 0)
			close(s[i].tree);
		unlinkat(m->tmpfs, s[i].name, 0);
	}
	return rc;
}
