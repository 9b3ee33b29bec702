/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The config's mounts[], made inside the rootfs before pivot_root. */
#ifndef JF_LINUX_MOUNTS_H
#define JF_LINUX_MOUNTS_H

#include <stdbool.h>

#include "config.h"
#include "error.h"

struct jf_mount_ctx {
	int rootfd;	    /* O_PATH fd of the (bind-mounted) rootfs */
	const char *bundle; /* relative sources are relative to it */
	bool new_userns;    /* device nodes and some fs types need binds then */
	bool new_cgroupns;
	/* Called before the first cgroup mount (may be NULL). */
	int (*before_cgroup)(void *arg, struct jf_error *err);
	void *arg;
	/* jf_mounts_open_sources()'s (user namespace), or NULL. */
	const int *source_trees;
};

/* Runtime side, before the clone, when the container has a user namespace
 * of its own: a detached copy of each bind mount's source (open_tree), made
 * with the runtime's privileges, or -1 where none could be made (the init
 * then says why).  The init uses one where its own lookup of the source is
 * refused (EACCES: a directory only the host's root may enter).
 * *ret has c->n_mounts entries; jf_mounts_close_sources frees it. */
int jf_mounts_open_sources(const struct oci_config *c, const char *bundle,
			   int **ret, struct jf_error *err);
void jf_mounts_close_sources(int *trees, size_t n);

int jf_mounts_apply(const struct oci_config *c, const struct jf_mount_ctx *m,
		    struct jf_error *err);

/* Whether the config mounts a fresh /dev (then jfrun populates it). */
bool jf_mounts_fresh_dev(const struct oci_config *c);
/* Whether the config mounts anything (a fresh fs or a bind) on /dev. */
bool jf_mounts_covers_dev(const struct oci_config *c);
/* Whether the config mounts devpts at /dev/pts. */
bool jf_mounts_has_devpts(const struct oci_config *c);

#endif
