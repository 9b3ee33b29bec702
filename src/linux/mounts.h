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
};

int jf_mounts_apply(const struct oci_config *c, const struct jf_mount_ctx *m,
		    struct jf_error *err);

/* Whether the config mounts a fresh /dev (then jfrun populates it). */
bool jf_mounts_fresh_dev(const struct oci_config *c);
/* Whether the config mounts anything (a fresh fs or a bind) on /dev. */
bool jf_mounts_covers_dev(const struct oci_config *c);
/* Whether the config mounts devpts at /dev/pts. */
bool jf_mounts_has_devpts(const struct oci_config *c);

#endif
